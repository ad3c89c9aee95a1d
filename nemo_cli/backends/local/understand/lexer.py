"""Quoted text, numbers, times and percentages in English and Chinese instructions.

The parser works on a *normalised* copy of the instruction:

1. ``extract_quotes`` lifts quoted text ('...', "...", “...”, ‘...’, 「...」, 『...』, 《...》)
   out of the sentence and leaves one private-use placeholder character per quote, so text
   inside quotes is never read as a command.
2. ``normalize`` applies NFKC (full-width digits and punctuation become ASCII), lower-cases,
   and rewrites numbers as digits: English words ("twenty five", "one and a half", "half a
   second") and Chinese numerals in a numeric context ("第二个", "三十五", "百分之三十五").
3. ``find_times`` / ``find_range`` / ``find_percent`` read ``0:05``, ``5s``, ``3 seconds``,
   ``1.5 sec``, ``2 minutes``, ``1h30m``, ``an hour and a half``, ``3秒``, ``1分30秒``,
   ``一个半小时``, ``35%`` from the normalised text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import NamedTuple

from .rx import rx

# ---------------------------------------------------------------- placeholders

QUOTE_BASE = 0xE000  # one character per quote: U+E000 + index
FILE_BASE = 0xE400  # one character per file name: U+E400 + index
MAX_PLACEHOLDERS = 0x400
QUOTE_CLASS = "[\ue000-\ue3ff]"
FILE_CLASS = "[\ue400-\ue7ff]"
_PRIVATE = rx("[\ue000-\uf8ff]")

# opening quote -> the closing characters accepted for it
_PAIRS: dict[str, str] = {
    '"': '"”“',
    "“": '”"“',
    "”": '”“"',
    "＂": '＂"',
    "「": "」",
    "『": "』",
    "《": "》",
    "«": "»",
    "'": "'’",
    "‘": "’'",
}
_APOSTROPHES = "'‘"  # these open a quote only at a word start and close at a word end


def quote_char(index: int) -> str:
    return chr(QUOTE_BASE + index)


def file_char(index: int) -> str:
    return chr(FILE_BASE + index)


def placeholder_index(ch: str) -> int:
    code = ord(ch)
    return code - (FILE_BASE if code >= FILE_BASE else QUOTE_BASE)


def strip_private(text: str) -> str:
    """Remove private-use characters, which the parser reserves for its placeholders."""
    return _PRIVATE.sub("", text)


def _find_close(text: str, start: int, opener: str) -> int:
    closers = _PAIRS[opener]
    for j in range(start, len(text)):
        if text[j] not in closers:
            continue
        if opener in _APOSTROPHES:
            after_ok = j + 1 == len(text) or not text[j + 1].isalnum()
            if not after_ok or j == start or text[j - 1].isspace():
                continue
        return j
    return -1


def extract_quotes(text: str) -> tuple[str, list[str]]:
    """Replace each quoted span with a placeholder; return the new text and the quotes.

    An apostrophe ("don't", "clips' sound") is not a quote. An opening double quote or
    bracket that is never closed quotes the rest of the text.
    """
    text = strip_private(text)
    out: list[str] = []
    quotes: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _PAIRS and len(quotes) < MAX_PLACEHOLDERS:
            if ch in _APOSTROPHES:
                at_word_start = (i == 0 or not text[i - 1].isalnum()) and (
                    i + 1 < n and not text[i + 1].isspace()
                )
                close = _find_close(text, i + 1, ch) if at_word_start else -1
                if close < 0:
                    out.append(ch)
                    i += 1
                    continue
            else:
                close = _find_close(text, i + 1, ch)
                if close < 0:
                    close = n
            out.append(quote_char(len(quotes)))
            quotes.append(text[i + 1 : close].strip())
            i = close + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out), quotes


# ---------------------------------------------------------------- numbers

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
_ONES_RE = "|".join(sorted(_ONES, key=len, reverse=True))
_TENS_RE = "|".join(_TENS)
_EN_NUMBER = rx(
    rf"\b(?:(?:a|one)\s+hundred|(?P<tens>{_TENS_RE})(?:[\s-]+(?P<unit>{_ONES_RE}))?"
    rf"|(?P<ones>{_ONES_RE}))\b"
)
# "one" stays a word after these ("the last one", "this one", "one by one").
_KEEP_ONE_AFTER = rx(
    r"(?:the|this|that|each|every|which|last|next|other|another|new|no|any|final|"
    + "|".join(ORDINALS)
    + r")\s+$"
)
_TIME_UNIT_WORD = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"
_NOT_NOUN = r"(?!\s+(?:clip|video|title|caption|text|one|song|track|photo|image|segment|part))"

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
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = rx(r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二两三四五六七八九]+)?")
_CN_NEXT = set("个段条部张秒分倍号遍次帧毫%位")
_CN_PREV = set("第之到至为成是了-~")
_CN_HOURS = ("小时", "个小时", "钟头", "个钟头", "个半小时", "个半钟头", "半小时", "半个小时")


def _cn_int(run: str) -> int:
    if not any(c in _CN_UNITS for c in run):
        return int("".join(str(_CN_DIGITS[c]) for c in run))
    total, num = 0, 0
    for c in run:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        else:
            total += (num or 1) * _CN_UNITS[c]
            num = 0
    return total + num


def _cn_number(run: str) -> str:
    whole, _, frac = run.partition("点")
    value = str(_cn_int(whole)) if whole else "0"
    if frac:
        value += "." + "".join(str(_CN_DIGITS[c]) for c in frac)
    return value


def _cn_numbers(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if run == "十" and after == "分" and text[m.end() + 1 : m.end() + 2] not in ("钟", ""):
            return run  # 十分 = "very"
        numeric = (
            len(run) >= 2
            or text.startswith(_CN_HOURS, m.end())
            or after in _CN_NEXT
            or before in _CN_PREV
            or after.isspace()
            or after == ""
            or (after.isascii() and after.isalnum())
        )
        if not numeric:
            return run
        return _cn_number(run)

    return _CN_RUN.sub(repl, text)


def _en_numbers(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        if m.group("ones") == "one" and _KEEP_ONE_AFTER.search(text[: m.start()]):
            return word
        if m.group("ones") == "one" and text[m.end() : m.end() + 7] == " by one":
            return word
        if m.group("tens"):
            return str(_TENS[m.group("tens")] + (_ONES[m.group("unit")] if m.group("unit") else 0))
        if m.group("ones"):
            return str(_ONES[m.group("ones")])
        return "100"

    return _EN_NUMBER.sub(repl, text)


def normalize(text: str) -> str:
    """NFKC, lower case, numbers as digits (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("—", "-").replace("–", "-")
    # "dont want the photo", "cant hear the voice": the apostrophe people skip
    text = re.sub(
        r"\b(do|does|did|ca|is|are|was|should|could|would)n t\b|\b(do|does|did|ca|is|are|"
        r"was|should|could|would)nt\b",
        lambda m: f"{m.group(1) or m.group(2)}n't",
        text,
    )
    text = _en_numbers(text)
    text = re.sub(r"(\d+)\s+and\s+a\s+half\b", lambda m: f"{m.group(1)}.5", text)
    text = re.sub(rf"\bhalf\s+an?\s+({_TIME_UNIT_WORD})\b", r"0.5 \1", text)
    text = re.sub(rf"\ba\s+half\s+({_TIME_UNIT_WORD})\b", r"0.5 \1", text)
    text = re.sub(rf"\ban?\s+({_TIME_UNIT_WORD})\b{_NOT_NOUN}", r"1 \1", text)
    # "an hour and a half", "2 minutes and a half": the half is of that unit.
    text = re.sub(
        rf"\b(\d+)\s*({_TIME_UNIT_WORD})\s+and\s+a\s+half\b",
        lambda m: f"{m.group(1)}.5 {m.group(2)}",
        text,
    )
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|pct)\b", r"\1%", text)
    text = re.sub(r"(?<![\d个])半个?(秒|分钟|小时|钟头)", r"0.5\1", text)
    text = re.sub(
        r"百分之\s*([零〇一二两三四五六七八九十百千]+(?:点[零〇一二两三四五六七八九]+)?|\d+(?:\.\d+)?)",
        lambda m: (m.group(1) if m.group(1)[0].isdigit() else _cn_number(m.group(1))) + "%",
        text,
    )
    text = _cn_numbers(text)
    text = re.sub(r"(\d+)(秒钟?|分钟?)半", lambda m: f"{m.group(1)}.5{m.group(2)}", text)
    # "一个半小时", "两个半钟头": an hour and a half
    text = re.sub(r"(\d+)个?半(小时|钟头)", lambda m: f"{m.group(1)}.5{m.group(2)}", text)
    return text


def number(raw: str) -> float | None:
    """A finite float, or None (guards against absurdly long digit strings)."""
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value < 1e9 else None


# ---------------------------------------------------------------- times

MAX_MS = 24 * 3600 * 1000
NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_SEC = r"(?:seconds?|secs?|sec\.|s(?![a-z])|秒钟|秒)"
_MIN = r"(?:minutes?|mins?|m(?![a-z])|分钟|分(?![之]))"
_MSEC = r"(?:milliseconds?|ms(?![a-z])|毫秒)"
_HOUR = r"(?:hours?|hrs?|h(?![a-z])|个?小时|个?钟头)"
_CLOCK = r"(?<![\d.:])(?:(\d{1,2}):)?(\d{1,3}):(\d{2}(?:\.\d+)?)(?![\d:])"
_AND = r"(?:\s*(?:,\s*)?(?:and\s+)?|\s*零\s*)"
TIME = rx(
    rf"{_CLOCK}"
    rf"|(?<![\d.])({NUM})\s*{_MSEC}"
    # "1 hour 30 minutes", "1h30m", "1h30", "1小时30分", "2 hours and 5 seconds"
    rf"|(?<![\d.])({NUM})\s*{_HOUR}(?:{_AND}({NUM})\s*{_MIN}|(?<=[h时头])(\d{{1,2}})(?![\d.:]))?"
    rf"(?:{_AND}({NUM})\s*{_SEC})?"
    rf"|(?<![\d.])({NUM})\s*{_MIN}(?:\s*(?:and\s+)?({NUM})\s*{_SEC}?)?"
    rf"|(?<![\d.])({NUM})\s*{_SEC}"
)
_NOT_TIMES = ("9:16", "16:9", "1:1")


class Span(NamedTuple):
    ms: int
    start: int
    end: int


def _ms(seconds: float | None) -> int | None:
    if seconds is None:
        return None
    return min(int(round(seconds * 1000)), MAX_MS)


def _time_value(m: re.Match[str]) -> int | None:
    hours, mins, secs, msec, hnum, hmin, hbare, hsec, mnum, mrest, snum = m.groups()
    if secs is not None:
        total = (number(hours or "0") or 0) * 3600 + (number(mins) or 0) * 60
        return _ms(total + (number(secs) or 0))
    if msec is not None:
        value = number(msec)
        return None if value is None else min(int(round(value)), MAX_MS)
    if hnum is not None:
        parts = (number(hnum), number(hmin or hbare or "0"), number(hsec or "0"))
        if any(p is None for p in parts):
            return None
        h, mi, se = (p or 0.0 for p in parts)
        return _ms(h * 3600 + mi * 60 + se)
    if mnum is not None:
        rest = number(mrest) if mrest else 0.0
        base = number(mnum)
        return None if base is None or rest is None else _ms(base * 60 + rest)
    return _ms(number(snum))


def find_times(text: str) -> list[Span]:
    """Every time expression in ``text``, in order: ``0:05`` -> 5000, ``1分30秒`` -> 90000."""
    spans = []
    for m in TIME.finditer(text):
        if m.group(0) in _NOT_TIMES:
            continue
        value = _time_value(m)
        if value is not None:
            spans.append(Span(value, m.start(), m.end()))
    return spans


def first_time(text: str) -> int | None:
    times = find_times(text)
    return times[0].ms if times else None


_RANGE_SEP = r"\s*(?:-|~|to|until|till|through|thru|到|至)\s*"
_BARE_FIRST = rx(rf"(?<![\d.:])(?:第\s*)?({NUM})(?={_RANGE_SEP}(?:第\s*)?{NUM}\s*\S)")


class Range(NamedTuple):
    start_ms: int
    end_ms: int
    start: int
    end: int


def find_range(text: str) -> Range | None:
    """``from 0:04 to 0:08``, ``4-8s``, ``between 4s and 8s``, ``从4秒到8秒`` -> a Range."""
    times = find_times(text)
    for a, b in zip(times, times[1:], strict=False):
        gap = text[a.end : b.start]
        between = re.search(r"between\s*$", text[: a.start]) is not None
        joined = re.fullmatch(rf"{_RANGE_SEP}(?:第\s*)?", gap) or (
            between and re.fullmatch(r"\s*and\s*", gap)
        )
        if joined and b.ms > a.ms:
            return Range(a.ms, b.ms, a.start, b.end)
    # "4 to 8 seconds", "第4到8秒": the first number borrows the second one's unit.
    for m in _BARE_FIRST.finditer(text):
        later = [t for t in times if t.start > m.end()]
        if not later or not re.fullmatch(
            rf"{_RANGE_SEP}(?:第\s*)?", text[m.end() : later[0].start]
        ):
            continue
        second = later[0]
        unit_ms = _unit_of(text[second.start : second.end])
        value = number(m.group(1))
        if value is None or unit_ms is None:
            continue
        start_ms = min(int(round(value * unit_ms)), MAX_MS)
        if second.ms > start_ms:
            return Range(start_ms, second.ms, m.start(), second.end)
    return None


def _unit_of(time_text: str) -> int | None:
    if ":" in time_text:
        return None
    if re.search(_MSEC, time_text):
        return 1
    if re.search(rf"{NUM}\s*{_HOUR}", time_text):
        return 3_600_000
    if re.search(rf"{NUM}\s*{_MIN}", time_text):
        return 60000
    return 1000


# ---------------------------------------------------------------- percentages and factors

PERCENT = rx(rf"(?<![\d.])({NUM})\s*%")


def find_percent(text: str) -> int | None:
    m = PERCENT.search(text)
    if not m:
        return None
    value = number(m.group(1))
    return None if value is None else int(round(min(value, 1000)))
