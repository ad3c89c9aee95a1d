"""Edit instructions (English or Chinese) -> a list of intents, in the order they were said.

    parse('combine my clips, add music at 35% and a title "Urban Dreams" for 3 s, vertical')
    -> [Combine(), AddMusic(volume=35), AddText("Urban Dreams", duration_ms=3000),
        SetAspect("9:16")]

How: quoted text and file names are lifted out first (placeholders stand in their place, so
"title 'Remove clip 2'" stays a title); the rest is normalised (lower case, numbers as digits);
the sentence is cut into clauses at commas, "and", "then", "，", "然后"...; a piece that means
nothing alone is glued back to the one before it ("swap clip 1 | and 2"), or borrows its verb
("remove clip 2 | and clip 3"); each clause goes to ``clauses.parse_clause``.

``parse`` is pure and never raises; text it does not understand gives ``[]``.
The intent classes live in ``intent_types`` and are re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from .clauses import parse_clause
from .intent_types import (
    HISTORY,
    LAST,
    AddMusic,
    AddText,
    ClipSound,
    Combine,
    Crossfade,
    ImageDuration,
    Intent,
    Move,
    MusicFade,
    MusicVolume,
    Redo,
    Remove,
    RemoveMusic,
    RemoveText,
    Reset,
    Reverse,
    SetAspect,
    SetFit,
    Speed,
    Swap,
    Trim,
    Undo,
    is_history,
)
from .timeparse import (
    MAX_PLACEHOLDERS,
    extract_quotes,
    file_char,
    normalize,
    quote_char,
)

__all__ = [
    "HISTORY", "LAST", "AddMusic", "AddText", "ClipSound", "Combine", "Crossfade",
    "ImageDuration", "Intent", "Move", "MusicFade", "MusicVolume", "Redo", "Remove",
    "RemoveMusic", "RemoveText", "Reset", "Reverse", "SetAspect", "SetFit", "Speed", "Swap",
    "Trim", "Undo", "is_history", "parse",
]  # fmt: skip

MAX_CHARS = 2000  # longer messages are read up to here

_MEDIA_EXT = (
    r"mp3|wav|m4a|aac|ogg|flac|opus|wma|aiff?|mp4|mov|avi|webm|mkv|m4v|jpe?g|png|gif|webp|heic"
)
_FILE = re.compile(
    rf"(?<![A-Za-z0-9_.\-/\\])([\w\-~+/\\]+(?:\.[\w\-~+]+)*\.(?:{_MEDIA_EXT}))(?![A-Za-z0-9_])",
    re.I,
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

# Unquoted title text: 'title: Rock and Roll', 'a caption saying Hello there', '标题是城市之梦',
# and 'add a title Urban Dreams' (capitalised words after the role word).
_ROLE = r"(?:title|heading|headline|caption|subtitle|text)"
_EXPLICIT = re.compile(
    rf"\b{_ROLE}s?(?:\s*:\s*|\s+(?:saying|that\s+says|which\s+says|reading|that\s+reads|"
    rf"called|named|with\s+the\s+(?:text|words))\s+)"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$))",
    re.I,
)
_IMPLICIT = re.compile(
    rf"(?:^|\b(?:add|put|insert|write|show|display|place|include|use|with)\s+"
    rf"(?:(?:a|an|the|my|this|big|small|large)\s+)*){_ROLE}\s+"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$|\s+(?:and|then)\s+))",
    re.I,
)
_ZH_EXPLICIT = re.compile(
    r"(?:标题|字幕|文字|文本|文案)\s*(?:是|为|写着|写|叫做|叫|内容是|内容为|[:：])\s*"
    r"(?P<txt>[^,，;；。!！?？\n\ue000-\uf8ff]+)"
)
_NUMWORD = r"(?:\d[\d.:]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_TAIL = re.compile(
    rf"\s+(?:for\s+(?:the\s+)?(?:first\s+|last\s+|whole\b|entire\b)?{_NUMWORD}?"
    rf"|from\s+{_NUMWORD}|between\s+{_NUMWORD}|at\s+{_NUMWORD}|starting\b|until\b"
    r"|(?:at|on|in|to)\s+the\s+(?:very\s+)?(?:top|bottom|middle|center|centre|end|start|beginning)\b"
    r"|throughout\b|all\s+the\s+way\b|(?:at\s+)?(?:the\s+)?(?:top|bottom)$|in\s+(?:big|large|small)\b"
    r").*$",
    re.I,
)
_ZH_TAIL = re.compile(
    r"(?:(?:显示|持续|放在|在|从|前|最后|第)?\s*[\d零一二两三四五六七八九十]+\s*(?:秒|分).*"
    r"|(?:放在|在|位于)?(?:顶部|底部|中间|上方|下方|开头|结尾|片头|片尾)(?:显示)?.*)$"
)
_NOT_TEXT = re.compile(
    r"^(?:(?:to|for|from|at|on|in|of|that|this|it|and|with|the|a|an)\b"
    r"|\d[\d.:]*\s*(?:s|secs?|seconds?|mins?|minutes?|ms)\b)",
    re.I,
)

_SPLIT = re.compile(
    r"(\s*(?:[,;!?。，；！？、\n]|\.(?=\s|$)|…)+\s*(?:(?:and|then|also|plus|but)\s+)*"
    r"|\s+(?:and\s+then|and|then|also|plus|but|with|&)\s+"
    r"|\s*(?:然后|并且|接着|同时|还有|另外|以及|再把|(?<!合)并(?!且)|和|跟|及|再)\s*)"
)
_CLIP_START = re.compile(
    r"^(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))"
    r"\s+(?:clip|video|segment|part|shot|scene|one)|第\s*\d|最后\s*1?\s*[个段条])"
)
_BARE = re.compile(r"^\d+$")


def _take_files(text: str, files: list[str]) -> str:
    """Replace media file names ("lofi.wav", "My_Song.MP3") with placeholders, keeping case."""

    def repl(m: re.Match[str]) -> str:
        name, prefix = m.group(1), ""
        lead = _CJK_RUN.match(name)
        if lead and re.search(r"[A-Za-z0-9]", name[lead.end() :].split(".")[0]):
            prefix, name = lead.group(0), name[lead.end() :]  # "用lofi.wav": the verb stays
        if len(files) >= MAX_PLACEHOLDERS:
            return m.group(0)
        files.append(name)
        return prefix + file_char(len(files) - 1)

    return _FILE.sub(repl, text)


def _quote_span(text: str, start: int, end: int, quotes: list[str]) -> str:
    if len(quotes) >= MAX_PLACEHOLDERS:
        return text
    quotes.append(text[start:end].strip())
    return text[:start] + " " + quote_char(len(quotes) - 1) + " " + text[end:]


def _strip_tail(txt: str, tail: re.Pattern[str]) -> str:
    return tail.sub("", txt).strip(" \t:：-")


def _take_unquoted(text: str, quotes: list[str]) -> str:
    """Turn unquoted title text into a quote placeholder, keeping its case."""
    for rule, tail, need_caps in ((_EXPLICIT, _TAIL, False), (_ZH_EXPLICIT, _ZH_TAIL, False),
                                  (_IMPLICIT, _TAIL, True)):  # fmt: skip
        pos = 0
        while True:
            m = rule.search(text, pos)
            if not m:
                break
            txt = _strip_tail(m.group("txt"), tail)
            pos = m.end()
            if not txt or _NOT_TEXT.match(txt):
                continue
            if need_caps and not re.search(r"[A-Z0-9\u3400-\u9fff]", txt):
                continue
            start = m.start("txt") + m.group("txt").find(txt)
            text = _quote_span(text, start, start + len(txt), quotes)
            pos = start + 3
    return text


def _carry(prev: str, piece: str) -> str | None:
    """'remove clip 2' + 'clip 3' -> 'remove clip 3': the piece borrows the verb before it."""
    ref = re.search(
        r"(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
        r"(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:clip|video|one)|"
        r"第\s*\d|最后\s*1?\s*[个段条])",
        prev,
    )
    if not ref or not prev[: ref.start()].strip():
        return None
    verb = prev[: ref.start()]
    piece = piece.strip()
    if _CLIP_START.match(piece):
        return verb + piece
    if _BARE.match(piece):
        return verb + (f"第{piece}段" if _CJK.search(verb) else f"clip {piece}")
    return None


def _clauses(s: str, quotes: list[str], files: list[str]) -> list[str]:
    parts = _SPLIT.split(s)
    pieces, seps = parts[0::2], parts[1::2] + [""]
    out: list[str] = []
    cache: dict[str, bool] = {}

    def means(text: str) -> bool:
        if text not in cache:
            cache[text] = bool(parse_clause(text, quotes, files))
        return cache[text]

    pending_sep = ""
    for piece, sep in zip(pieces, seps, strict=True):
        if not piece.strip():
            pending_sep += sep
            continue
        if not out or means(piece) and means(out[-1]):
            out.append(piece)
        else:
            carried = _carry(out[-1], piece)
            merged = out[-1] + pending_sep + piece
            if carried and means(out[-1]) and means(carried):
                out.append(carried)
            elif means(out[-1]) and not means(merged):
                out.append(piece)  # means nothing alone, and only spoils the clause before it
            else:
                out[-1] = merged
        pending_sep = sep
    return out


def _tidy(intents: list[Intent]) -> list[Intent]:
    out: list[Intent] = []
    for intent in intents:
        prev = out[-1] if out else None
        if prev == intent:
            continue
        # "replace the music | with beats.mp3": the second names the file.
        if isinstance(prev, AddMusic) and isinstance(intent, AddMusic) and prev == AddMusic():
            out[-1] = intent
            continue
        # "add background music, at 35%": one music intent, not two.
        if (
            isinstance(prev, AddMusic)
            and isinstance(intent, MusicVolume)
            and prev.volume is None
            and intent.volume is not None
        ):
            out[-1] = AddMusic(prev.file, intent.volume, prev.start_ms, prev.end_ms)
            continue
        out.append(intent)
    # "remove clips 1 and 2" means the clips as numbered now: remove from the back first.
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and isinstance(out[j], Remove):
            j += 1
        if j - i > 1:
            run = [x for x in dict.fromkeys(out[i:j]) if isinstance(x, Remove)]
            ordered = sorted((r for r in run if r.clip < 0), key=lambda r: r.clip)
            ordered += sorted((r for r in run if r.clip > 0), key=lambda r: -r.clip)
            out[i:j] = ordered
            j = i + len(ordered)
        i = max(j, i + 1)
    return out


def parse(text: str) -> list[Intent]:
    """The edits ``text`` asks for, in order; [] when it asks for none we know."""
    if not isinstance(text, str) or not text.strip():
        return []
    body, quotes = extract_quotes(text[:MAX_CHARS])
    body = unicodedata.normalize("NFKC", body)
    files: list[str] = []
    body = _take_files(body, files)
    body = _take_unquoted(body, quotes)
    s = normalize(body)
    s = re.sub(r"\bin\s+and\s+(?:fade\s+)?out\b", "in&out", s)
    intents: list[Intent] = []
    for clause in _clauses(s, quotes, files):
        intents.extend(parse_clause(clause, quotes, files))
    return _tidy(intents)
