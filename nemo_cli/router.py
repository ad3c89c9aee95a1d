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
from .media_files import FILE_TYPES, is_url

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
]


@dataclass(frozen=True)
class Route:
    kind: Kind
    text: str = ""
    sources: tuple[str, ...] = ()
    output: str | None = None
    quality: str | None = None
    then: Route | None = None  # a second step, run after this one succeeds


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
}

_WORDS: dict[str, Kind] = {
    "help": "help",
    "?": "help",
    "帮助": "help",
    "exit": "quit",
    "quit": "quit",
    ":q": "quit",
    "退出": "quit",
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
_OUTPUT_RE = re.compile(r"\.(?:mp4|mov|m4v|mkv|webm)$", re.IGNORECASE)
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
_CONNECTOR_EN = re.compile(
    r"\s*[,;.]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+then\s+|\s+and\s+|\s+then\s+", re.IGNORECASE
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
_RATE_FILLER = frozenset(("fps", "frames", "frame", "per", "a", "second", "film", "look",
                          "cinematic", "smooth"))


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


# ---------------------------------------------------------------- the router


def route(line: str, *, cwd: Path) -> Route:
    """Decide what ``line`` asks for. ``cwd`` resolves relative paths."""
    stripped = line.strip()
    if not stripped:
        return Route("empty")
    norm = _norm(stripped)
    if "\n" not in stripped:
        head, _, rest = stripped.partition(" ")
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
    compound = _compound(stripped)
    if compound is not None:
        return compound
    return Route("agent", text=stripped)


def _upload(rest: str, cwd: Path) -> Route:
    """``upload <paths>``: every word that looks like a path or URL; none -> ask for one."""
    tokens = _split(rest.strip()) or []
    picked = [t for t in tokens if is_url(t) or _path_like(t, cwd)]
    return Route("upload", sources=_sources(picked, cwd))
