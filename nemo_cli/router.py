"""What a typed line asks for: a command of the REPL, or a message for the agent.

``route(line, cwd=...)`` is pure (it only looks at the file system to tell a dragged-in path
from a sentence) and returns a ``Route``. Commands are recognised only when the whole line is
the command ("export", "导出", "show tracks", "send me the video"); the same words inside a
longer request ("make it look like a status update", "add a title 'Export Day'") go to the
agent. A request that ends by asking for an export ("combine my clips, add music and export
as a shareable video") becomes the edit for the agent followed by an export (``then``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from .backends.local.interchange.formats import EXTENSIONS as TIMELINE_EXTENSIONS
from .media_files import FILE_TYPES, SUBTITLE_EXT, is_url

Kind = Literal[
    "empty",  # nothing typed
    "agent",  # text: the message for the agent
    "export",  # output / quality when the line named them
    "credits",
    "status",
    "upload",  # sources: paths (absolute) and URLs; empty when none were named
    "help",
    "new",
    "session",
    "quit",
    "unknown",  # an unknown /command: text is the command
    "frame",  # time_ms: show the frame of the edited timeline at that moment
    "clear",  # clear the screen
    "cli",  # args: a line typed as `nemo <command> ...`, run as that command
    "chat",  # `nemo` / `nemo chat` typed in the chat: args are its options
]


@dataclass(frozen=True)
class Route:
    kind: Kind
    text: str = ""
    sources: tuple[str, ...] = ()
    output: str | None = None
    quality: str | None = None
    then: Route | None = None  # a second step, run after this one succeeds
    time_ms: int | None = None
    args: tuple[str, ...] = ()


# ---------------------------------------------------------------- fixed commands

_SLASH: dict[str, Kind] = {
    "/help": "help",
    "/?": "help",
    "/h": "help",
    "/new": "new",
    "/session": "session",
    "/quit": "quit",
    "/exit": "quit",
    "/q": "quit",
    "/status": "status",
    "/export": "export",
    "/credits": "credits",
    "/upload": "upload",
    "/clear": "clear",
}

_WORDS: dict[str, Kind] = {
    "help": "help",
    "?": "help",
    "帮助": "help",
    "exit": "quit",
    "quit": "quit",
    ":q": "quit",
    "退出": "quit",
    "clear": "clear",
    "cls": "clear",
    "清屏": "clear",
}

_CREDITS_EN = re.compile(
    r"^(?:(?:show|check|see|get|what(?:'s| is| are)|how many|how much)\s+)?(?:me\s+)?"
    r"(?:(?:my|the)\s+)?(?:remaining\s+)?(?:credits?|balance)"
    r"(?:\s+(?:left|remaining|balance|do i have(?:\s+left)?|have i got))?$"
)
_CREDITS_ZH = re.compile(
    r"^(?:查看|查询|看看|显示|我的|我还有多少|还有多少|还剩多少|剩余|剩下)*(?:积分|余额)"
    r"(?:还有多少|还剩多少|多少|剩余|余额)?$"
)
_STATUS_EN = re.compile(
    r"^(?:(?:show|see|view|display|print|check)\s+)?(?:me\s+)?(?:(?:the|my)\s+)?"
    r"(?:status|timeline|tracks|draft|project)$"
    r"|^what(?:'s| is)\s+(?:on|in)\s+(?:the|my)\s+timeline$"
)
_STATUS_ZH = re.compile(r"^(?:查看|显示|看看|看一下)?(?:当前|现在的)?(?:状态|时间线|时间轴|轨道)$")

# ---------------------------------------------------------------- export phrases

_EXPORT_VERBS = ("export", "download", "render")
# Words that may follow "export" without changing what is asked.
_EXPORT_FILLER = frozenset(
    (  # noqa: SIM905 (a word list reads better as one string)
        "it this that the my a an video videos movie film mp4 file result final now please as "
        "in at to into for me shareable sharable share sharing version finished whole thing "
        "project hd full resolution quality out"
    ).split()
)
_QUALITY_WORDS = {
    **dict.fromkeys(("1080p", "1080", "fhd", "high", "best", "4k", "2160p"), "high"),
    **dict.fromkeys(("720p", "720", "medium", "standard"), "medium"),
    **dict.fromkeys(("480p", "480", "360p", "low", "draft", "small"), "low"),
}
# An output name: a video, or a file `nemo export -o` writes instead (captions, timeline).
_OUTPUT_EXTS = [
    "mp4",
    "mov",
    "m4v",
    "mkv",
    "webm",
    *SUBTITLE_EXT,
    *(ext.lstrip(".") for ext in TIMELINE_EXTENSIONS),
]
_OUTPUT_RE = re.compile(rf"\.(?:{'|'.join(_OUTPUT_EXTS)})$", re.IGNORECASE)
_POLITE_RE = re.compile(
    r"^(?:(?:ok(?:ay)?|great|perfect|nice|cool|good|thanks|thank you|looks (?:good|great)|"
    r"alright|all right|now|please|can you|could you|would you|just)\b[\s,!.]*)+"
)
_SEND_RE = re.compile(
    r"^(?:send|give)\s+(?:me\s+)?(?:(?:the|my)\s+)?(?:final\s+)?(?:video|mp4|file|result)"
    r"(?:\s+please)?$|^send\s+it\s+(?:to\s+me|over)(?:\s+please)?$"
)
_EXPORT_ZH = re.compile(
    r"^(?:请|帮我|麻烦|给我|现在|好的|好|可以了|那就)*[，,\s]*(?:导出|下载|渲染|输出)"
    r"(?P<rest>.*)$"
)
_ZH_FILLER = re.compile(r"视频|成片|一下|吧|了|文件|一个|出来|为|成|格式|的|版本|画质|[\s，,。!！]")
_ZH_QUALITY = {
    "1080p": "high",
    "1080": "high",
    "4k": "high",
    "高清": "high",
    "超清": "high",
    "720p": "medium",
    "720": "medium",
    "标清": "medium",
    "480p": "low",
    "低清": "low",
    "低": "low",
    "mp4": "",
}

# ---------------------------------------------------------------- connectors (compound)

# A request that ends with an export: "<edit>, and export ...", "<edit> then download",
# "<edit>，然后导出". Matched on the line with quoted text masked out.
# A line break counts too: a paste whose last line is "export to cut.mp4".
_CONNECTOR_EN = re.compile(
    r"\s*[,;.]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+then\s+|\s+and\s+|\s+then\s+|\s*\n\s*",
    re.IGNORECASE,
)
_CONNECTOR_ZH = re.compile(r"[，,。；;\s]*(?:然后|再|并且|并|最后|之后|后|就)?\s*$")
_EXPORT_ZH_VERB = re.compile(r"导出|下载|渲染|输出")
# "don't export", "先不要导出": the export is what is NOT wanted.
_NEGATION = re.compile(
    r"(?:\b(?:don't|do not|not|never|without|before|until)|不要|别|不|先别)\s*$", re.IGNORECASE
)

_QUOTES = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|「[^」]*」|《[^》]*》|(?<![\w])'[^']*'(?![\w])")

# ---------------------------------------------------------------- paths

# Names the router takes for files: media (media_files) and timeline files (interchange).
_FILE_EXTS = [*FILE_TYPES, *(ext.lstrip(".") for ext in TIMELINE_EXTENSIONS)]
_MEDIA_EXT = re.compile(rf"\.(?:{'|'.join(_FILE_EXTS)})$", re.IGNORECASE)


def _split(line: str) -> list[str] | None:
    """Shell-like words: quotes and ``\\ `` escapes as a terminal writes a dropped file."""
    try:
        return shlex.split(line)
    except ValueError:
        return None


def _as_path(token: str, cwd: Path) -> Path:
    if token.startswith("file://"):
        token = unquote(urlsplit(token).path)
    path = Path(token).expanduser()
    return path if path.is_absolute() else cwd / path


def _path_like(token: str, cwd: Path) -> bool:
    if token.startswith("file://"):
        return True
    if _MEDIA_EXT.search(token):
        return True
    if token.startswith(("~", "./", "../")) or "/" in token.strip("/"):
        return True
    # "/something" with no other slash: a path only if it exists (else an unknown /command).
    return token.startswith("/") and _as_path(token, cwd).exists()


def _sources(tokens: list[str], cwd: Path) -> tuple[str, ...]:
    return tuple(t if is_url(t) else str(_as_path(t, cwd)) for t in tokens)


def _only_sources(line: str, cwd: Path) -> tuple[str, ...] | None:
    """The line's paths/URLs when the whole line is nothing else (typed or dragged in)."""
    tokens = _split(line)
    if not tokens:
        return None
    if all(is_url(t) or _path_like(t, cwd) for t in tokens):
        return _sources(tokens, cwd)
    return None


# ---------------------------------------------------------------- export parsing


def _norm(text: str) -> str:
    text = " ".join(text.lower().split())
    return text.strip(" .!?。！？~")


def _drop_polite(words: list[str]) -> list[str]:
    """Drop a leading "ok, ", "looks good, ", "please ", "can you " (whole words only)."""
    joined = " ".join(words).lower()
    prefix = _POLITE_RE.match(joined)
    if not prefix or (prefix.end() < len(joined) and joined[prefix.end() - 1] not in " ,!."):
        return words
    return words[len(joined[: prefix.end()].split()) :]


_RATE_EN = re.compile(r"^(?P<n>\d{2,3}(?:\.\d{1,3})?)(?:fps|p)?$")
# Words that may go with a frame rate ("export at 24 fps, film look").
_RATE_FILLER = frozenset(
    ("fps", "frames", "frame", "per", "a", "second", "film", "look", "cinematic", "smooth")
)


def _with_rate(export: Route, rate: str | None) -> Route:
    """An export that names a frame rate: set the rate (an edit), then export."""
    return Route("agent", text=f"{rate} fps", then=export) if rate else export


def _export_en(text: str) -> Route | None:
    words = _drop_polite(_split(text) or [])
    if not words or words[0].lower().rstrip(",!.") not in _EXPORT_VERBS:
        return None
    output: str | None = None
    quality: str | None = None
    rate: str | None = None
    rest = words[1:]
    i = 0
    while i < len(rest):
        orig = rest[i]
        low = orig.lower().strip(",!.?")
        named = _RATE_EN.match(low)
        following = rest[i + 1].lower().strip(",!.?") if i + 1 < len(rest) else ""
        if named and (low.endswith("fps") or following in ("fps", "frames")):
            rate = named.group("n")
            i += 1
            continue
        if rate and low in _RATE_FILLER:
            i += 1
            continue
        if low in ("-o", "--output") and i + 1 < len(rest):
            output = rest[i + 1]
            i += 2
            continue
        if _OUTPUT_RE.search(low):
            output = orig.rstrip(",!?")
        elif low in _QUALITY_WORDS:
            quality = _QUALITY_WORDS[low]
        elif low not in _EXPORT_FILLER:
            return None
        i += 1
    return _with_rate(Route("export", output=output, quality=quality), rate)


def _export_zh(text: str) -> Route | None:
    match = _EXPORT_ZH.match(text.strip().lower())
    if not match:
        return None
    rest = match.group("rest")
    rate = re.search(r"(\d{2,3}(?:\.\d{1,3})?)\s*(?:帧|fps)(?:每秒|/秒)?", rest)
    if rate:
        rest = rest.replace(rate.group(0), "")
    quality: str | None = None
    for word, value in _ZH_QUALITY.items():
        if word in rest:
            quality = value or quality
            rest = rest.replace(word, "")
    rest = _ZH_FILLER.sub("", rest).strip(" .!?。！？~")
    if rest:
        return None
    return _with_rate(Route("export", quality=quality), rate.group(1) if rate else None)


def parse_export(text: str) -> Route | None:
    """An export route when ``text`` asks for nothing but an export; else None."""
    norm = _norm(text)
    if not norm:
        return None
    if _SEND_RE.match(_POLITE_RE.sub("", norm)):
        return Route("export")
    return _export_en(text.strip().rstrip(".!?。！？")) or _export_zh(norm)


def _mask_quotes(line: str) -> str:
    """Replace quoted text with spaces-free filler of the same length (indexes stay valid)."""
    return _QUOTES.sub(lambda m: m.group(0)[0] + "x" * (len(m.group(0)) - 2) + m.group(0)[-1], line)


def _compound(line: str) -> Route | None:
    """``<edit> and export ...`` -> agent(edit) then export; None when it is not that."""
    masked = _mask_quotes(line)
    cuts = [(m.start(), m.end()) for m in _CONNECTOR_EN.finditer(masked)]
    # Chinese needs no space before the verb: "加字幕然后导出", "加字幕后导出".
    for m in _EXPORT_ZH_VERB.finditer(masked):
        before = _CONNECTOR_ZH.search(masked[: m.start()])
        cuts.append((before.start() if before else m.start(), m.start()))
    for start, end in sorted(cuts):
        edit = line[:start].strip(" ,;，；。")
        if not edit or _NEGATION.search(edit):
            continue
        export = parse_export(line[end:])
        if export is not None:
            return Route("agent", text=edit, then=export)
    return None


# ---------------------------------------------------------------- times and frames

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$")
_UNITS = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?|小时)\s*)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?|分钟?)\s*)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?|秒钟?)?)?$"
)


def _cn_number(word: str) -> str:
    """十二 -> 12, 二十五 -> 25, 三 -> 3, 一百零五 -> 105 (the numbers a time is said with)."""
    total, digit = 0, 0
    for ch in word:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
    return str(total + digit)


def parse_time(text: str) -> int | None:
    """A moment of the timeline in ms: ``12``, ``12.5s``, ``12 seconds``, ``0:12``, ``1:02.5``,
    ``1:00:05``, ``1m5s``, ``1 min 5 s``, ``12秒``, ``1分5秒``, ``十二秒``; None if not a time."""
    word = " ".join(text.strip().lower().split()).strip(" .!?。！？")
    word = _CN_NUMBER.sub(lambda m: _cn_number(m.group(0)), word)
    if not word:
        return None
    clock = _CLOCK.match(word)
    if clock:
        hours, minutes, secs = clock.groups()
        if float(secs) >= 60 or (hours is not None and int(minutes) >= 60):
            return None
        return round(((int(hours or 0) * 60 + int(minutes)) * 60 + float(secs)) * 1000)
    units = _UNITS.match(word)
    if not units or not any(units.groupdict().values()):
        return None
    h, m, sec = (float(units.group(k) or 0) for k in ("h", "m", "s"))
    return round(((h * 60 + m) * 60 + sec) * 1000)


_TIME = r"(?P<t>\d+(?::\d{1,2}){0,2}(?:\.\d+)?(?:\s*(?:s|secs?|seconds?))?)"
_FRAME_EN = (
    re.compile(
        r"^(?:show|see|view|display|preview|give)\s+(?:me\s+)?(?:(?:the|a)\s+)?"
        r"(?:(?:frame|picture|image|still|shot|screenshot|moment)\s+)?(?:(?:at|from|of|@)\s+)?"
        r"(?:(?:time|second)\s+)?" + _TIME + "$"
    ),
    re.compile(r"^(?:the\s+)?(?:frame|picture|still|screenshot)\s+(?:at\s+)?" + _TIME + "$"),
    re.compile(
        r"^what\s+(?:is|'s|does\s+(?:it|the\s+video)\s+look\s+like)\s+(?:at|on\s+screen\s+at)\s+"
        + _TIME
        + "$"
    ),
)
_ZH_TIME = (
    r"(?P<t>(?:\d+|[零〇一二两三四五六七八九十百]+)(?:\.\d+)?\s*(?:秒钟?|分钟?(?:\s*(?:\d+|[零〇一二两"
    r"三四五六七八九十百]+)(?:\.\d+)?\s*秒钟?)?)|\d+:\d{1,2}(?:\.\d+)?)"
)
_FRAME_ZH = (
    re.compile(
        r"^(?:请)?(?:给我)?(?:看看|看一下|看下|看|显示|查看|预览)(?:一下)?(?:第)?"
        + _ZH_TIME
        + r"(?:处|时|那里|的时候)?的?(?:画面|帧|截图|图像|样子|镜头)?$"
    ),
    re.compile(
        r"^(?:第)?" + _ZH_TIME + r"(?:处|时)?的?(?:画面|帧|截图|镜头)(?:是什么样子?|长什么样)?$"
    ),
)


def parse_frame(text: str) -> Route | None:
    """ "show me 0:12", "show the frame at 12 s", "看看第12秒" -> a frame route; else None."""
    norm = _POLITE_RE.sub("", _norm(text))
    for pattern in (*_FRAME_EN, *_FRAME_ZH):
        match = pattern.match(norm)
        if match:
            time_ms = parse_time(match.group("t"))
            if time_ms is not None:
                return Route("frame", time_ms=time_ms)
    return None


# ---------------------------------------------------------------- `nemo <command>` lines

_CLI_OPTIONS_WITH_VALUE = frozenset({"--backend", "--session"})
# nemo's commands (tests/test_router.py checks this against cli.py): "nemo <one of these> ..."
# typed in the chat runs the command; "nemo, make it vertical" is a message to the agent.
CLI_COMMANDS = frozenset(
    (  # noqa: SIM905
        "chat say upload export preview status credits batch demo-media session login logout "
        "auth config frame analyze transcript speech verify import cache"
    ).split()
)


def parse_nemo(line: str, cwd: Path) -> Route | None:
    """A line typed as the shell command (``nemo upload a.mp4``, as a hint may have said):
    the chat's own step for it where there is one, else the command itself (``cli``)."""
    words = _split(line.strip())
    if not words or words[0].lower() != "nemo":
        return None
    args = tuple(words[1:])
    if not args or args[0] == "chat" or (args[0].startswith("-") and not _has_command(args)):
        return Route("chat", args=args)
    if args[0].startswith("-"):
        return Route("cli", args=args)
    if args[0] not in CLI_COMMANDS:  # "nemo make it vertical": said to nemo, not a command
        return None
    command, rest = args[0], args[1:]
    if any(a.startswith("-") for a in rest if a not in ("-o", "--output", "--quality")):
        return Route("cli", args=args)
    if command == "upload":
        return Route("upload", sources=_sources(list(rest), cwd))
    if command == "say" and rest:
        return Route("agent", text=" ".join(rest))
    if command in ("status", "credits") and not rest:
        return Route(command)  # type: ignore[arg-type]
    if command == "export":
        output = quality = None
        it = iter(rest)
        for word in it:
            if word in ("-o", "--output"):
                output = next(it, None)
            elif word == "--quality":
                quality = next(it, None)
            else:
                return Route("cli", args=args)
        return Route("export", output=output, quality=quality)
    if command == "frame" and len(rest) == 1:
        time_ms = parse_time(rest[0])
        if time_ms is not None:
            return Route("frame", time_ms=time_ms)
    if command == "session" and rest in (("new",), ("show",)):
        return Route("new" if rest == ("new",) else "session")
    return Route("cli", args=args)


def _has_command(args: tuple[str, ...]) -> bool:
    """Whether global options (``--backend cloud``) are followed by a command."""
    i = 0
    while i < len(args):
        if args[i] in _CLI_OPTIONS_WITH_VALUE:
            i += 2
        elif args[i].startswith("-"):
            i += 1
        else:
            return True
    return False


# ---------------------------------------------------------------- the router


def route(line: str, *, cwd: Path) -> Route:
    """Decide what ``line`` asks for. ``cwd`` resolves relative paths."""
    stripped = line.strip()
    if not stripped:
        return Route("empty")
    norm = _norm(stripped)
    if "\n" not in stripped:
        nemo = parse_nemo(stripped, cwd)
        if nemo is not None:
            return nemo
        if stripped.split(None, 1)[0].lower() in ("nemo", "nemo,") and " " in stripped:
            return route(stripped.split(None, 1)[1], cwd=cwd)
        head, _, rest = stripped.partition(" ")
        if head.lower() in ("/undo", "/redo") and not rest.strip():  # as other chat apps say it
            return Route("agent", text=head[1:].lower())
        if head.lower() in _SLASH:
            kind = _SLASH[head.lower()]
            if kind == "upload":
                return _upload(rest, cwd)
            if kind == "export" and rest.strip():
                return parse_export("export " + rest) or Route("unknown", text=stripped)
            return Route(kind)
        if stripped.lower() in _WORDS or norm in _WORDS:
            return Route(_WORDS.get(stripped.lower()) or _WORDS[norm])
        upload = re.match(r"^(?:upload|import|上传)(?:\s+|$)|^上传", stripped, re.IGNORECASE)
        if upload:
            return _upload(stripped[upload.end() :], cwd)
        sources = _only_sources(stripped, cwd)
        if sources:
            return Route("upload", sources=sources)
        if stripped.startswith("/") and not _path_like(head, cwd):
            return Route("unknown", text=head)
        polite = _POLITE_RE.sub("", norm)
        if _CREDITS_EN.match(polite) or _CREDITS_ZH.match(norm):
            return Route("credits")
        if _STATUS_EN.match(polite) or _STATUS_ZH.match(norm):
            return Route("status")
        export = parse_export(stripped)
        if export is not None:
            return export
        frame = parse_frame(stripped)
        if frame is not None:
            return frame
    compound = _compound(stripped)
    if compound is not None:
        return compound
    return Route("agent", text=stripped)


def _upload(rest: str, cwd: Path) -> Route:
    """``upload <paths>``: every word that looks like a path or URL; none -> ask for one."""
    tokens = _split(rest.strip()) or []
    picked = [t for t in tokens if is_url(t) or _path_like(t, cwd)]
    return Route("upload", sources=_sources(picked, cwd))
