"""A clause of an instruction, ready for the detectors: the normalised text with each clip
reference ("clip 2", "the second clip", "第二段") found and replaced by a marker, plus the
helpers detectors share (times in context, volumes, roles).

A clause is a piece of a sentence between separators ("combine my clips", "add background
music at 35%"), already normalised by ``timeparse.normalize``.
"""

from __future__ import annotations

import re

from ....media_files import AUDIO_EXT
from ..intents import LAST, Intent
from . import phrases as P
from .known import NOTHING, Known
from .lexer import ORDINALS, find_percent, find_times, number, placeholder_index
from .rx import rx

AUDIO_EXTS = tuple(f".{e}" for e in AUDIO_EXT)
Found = list[tuple[int, Intent]]


class Clause:
    """One clause as the detectors read it: its text, and the clip references found in it."""

    __slots__ = ("files", "known", "quotes", "ref_pos", "refs", "s", "t")

    def __init__(self, s: str, quotes: list[str], files: list[str], known: Known = NOTHING) -> None:
        self.s = s  # the normalised clause
        self.quotes = quotes
        self.files = files
        self.known = known  # the session's media and clips, when the caller knows them
        # ``t``: ``s`` with each clip reference replaced by CLIP_MARK; the clips referred to
        # and where each reference was.
        self.t, self.refs, self.ref_pos = clip_refs(s)

    def quote(self, ch: str) -> str:
        i = placeholder_index(ch)
        return self.quotes[i] if 0 <= i < len(self.quotes) else ""

    def file(self, ch: str) -> str:
        i = placeholder_index(ch)
        return self.files[i] if 0 <= i < len(self.files) else ""


# ---------------------------------------------------------------- clip references


def ordinal(word: str) -> int:
    """ "third" -> 3, "last" -> LAST, "2nd" -> 2; 0 when it is not an ordinal."""
    word = word.strip()
    if word in ORDINALS:
        return ORDINALS[word]
    if word in ("last", "final"):
        return LAST
    if word == "penultimate" or word.startswith("second"):
        return -2
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else 0


def _ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text) if len(n) < 7]


_FIRST_N = rx(
    r"\b(?:the\s+)?(first|last)\s+(\d+)\s+(?:clips|videos|segments|parts|ones)\b"
    r"|(前|后|最后)\s*(\d+)\s*(?:个|段|条)(?:片段|视频)?(?!\s*(?:秒|分))"
)


def clip_refs(s: str) -> tuple[str, list[int], list[int]]:
    """Find "clip 2", "the second clip", "clips 1 and 3", "第二段", "最后一段", ...

    Returns the text with each reference replaced by CLIP_MARK, the clip numbers in order
    (negative: from the end) and where each was found.
    """
    found: list[tuple[int, int, list[int]]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y, _ in found)

    for m in _FIRST_N.finditer(s):  # "the first 2 clips", "前两段": clips 1 and 2
        count = int(m.group(2) or m.group(4)) if len(m.group(2) or m.group(4)) < 3 else 0
        first = (m.group(1) or m.group(3)) in ("first", "前")
        numbers = list(range(1, count + 1)) if first else list(range(-count, 0))
        found.append((m.start(), m.end(), numbers))
    for m in P.ZH_FROM_END.finditer(s):
        found.append((m.start(), m.end(), [-int(m.group(1))] if len(m.group(1)) < 7 else []))
    for m in P.ZH_LAST.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), [LAST]))
    for m in P.ZH_CLIP.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1)) + _ints(m.group(2) or "")))
    for m in P.ZH_NOUN_NUM.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1))))
    for m in P.CLIP_LIST.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1)) + _ints(m.group(2) or "")))
    for m in P.ORDINAL_LIST.finditer(s):
        if m.group(1).startswith("second") and re.search(r"\d\s*$", s[: m.start(1)]):
            continue  # "a 2 second clip": a length, not the second clip
        if free(m.start(), m.end()):
            words = [m.group(1)] + [w.group(0) for w in P.ORDINAL_ITEM.finditer(m.group(2))]
            found.append((m.start(), m.end(), [ordinal(w) for w in words]))
    found.sort()
    out, refs, where, last = [], [], [], 0
    for a, b, nums in found:
        nums = [n for n in nums if n != 0]
        if not nums:
            continue
        out.append(s[last:a] + f" {P.CLIP_MARK} ")
        refs.extend(nums)
        where.extend([a] * len(nums))
        last = b
    out.append(s[last:])
    return "".join(out), refs, where


# ---------------------------------------------------------------- helpers


def first_time(c: Clause) -> int | None:
    times = find_times(c.t)
    return times[0].ms if times else None


def pos(m: re.Match[str] | None, default: int = 0) -> int:
    return m.start() if m else default


# Levels said in words: "at half volume", "full volume", "一半音量".
_WORDED_LEVEL = rx(
    r"\b(?P<half>half)\s+(?:volume|as\s+loud)|\bat\s+half\b|\b(?P<full>full)\s+volume\b|"
    r"\b(?P<quarter>a\s+quarter|quarter)\s+(?:volume|as\s+loud)|(?P<half_zh>一半)(?!\s*(?:长|时间|秒))"
)


def volume_value(t: str) -> int | None:
    pct = find_percent(t)
    if pct is not None:
        return pct
    worded = _WORDED_LEVEL.search(t)
    if worded:
        return 100 if worded.group("full") else 25 if worded.group("quarter") else 50
    m = P.VOLUME_NUMBER.search(t)
    if not m:
        return None
    value = number(m.group(1))
    if value is None:
        return None
    if value <= 1 and "." in m.group(1):
        value *= 100  # "volume 0.35" is a fraction
    return int(round(min(value, 1000)))


BEFORE_FIRST = rx(r"(?:\b(?:the\s+)?(?:first|opening|initial)|前|开头)\s*$")
BEFORE_LAST = rx(r"(?:\b(?:the\s+)?(?:last|final|closing)|最后|结尾|后)\s*$")
BEFORE_FROM = rx(
    r"(?:\b(?:from|starting(?:\s+at|\s+from)?|starts?\s+(?:at|from)|begin(?:ning|s)?\s+at|after|at)"
    r"|(?:从|在)\s*第?|第)\s*$"
)
BEFORE_FROM_TRIM = rx(
    r"(?:\b(?:from|starting(?:\s+at|\s+from)?|starts?\s+(?:at|from)|begin(?:ning|s)?\s+at)|从\s*第?)\s*$"
)
OFF_START = rx(r"^\s*(?:off|from)\s+(?:the\s+)?(?:start|beginning|front|head)\b")
OFF_END = rx(r"^\s*(?:off|from)\s+(?:the\s+)?(?:end|back|tail)\b")
AFTER_FROM = rx(r"^\s*(?:开始|起|的时候|时)")


def role_of(word: str) -> str:
    word = re.sub(r"\s+", " ", word.strip())
    word = word[:-1] if word.endswith("s") and word[:-1] in P.ROLE_OF else word
    return P.ROLE_OF.get(word, "text")
