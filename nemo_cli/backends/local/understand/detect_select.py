"""Choosing and ordering clips: "use only the first and last clip", "everything except the
image", "skip clip 2", "in the order 2, 3, 1", "use beach and sunset", "只用第二和第三段",
"除了图片都拼起来", "按2、1、3拼".

With clips on the timeline the numbers are clips (``Keep``, ``Remove``, ``Reorder``); with none
yet they are the uploads in order, and the result is a ``Combine`` of the files chosen. Runs
before the other clip detectors; a clause with a time in it is left to the trim detector
(except "use beach from 4 to 11" before anything is on the timeline: combine, then trim).
"""

from __future__ import annotations

import re

from ..intents import Combine, Intent, Keep, Remove, Reorder, Trim
from .clause import Clause, Found, ordinal
from .lexer import FILE_BASE, find_range, find_times
from .rx import rx

ORDER = rx(r"order:([1-9](?:>[1-9])+)")
_KEEP = rx(
    r"\b(?:use|keep|want|need)\s+only\b|\bonly\s+(?:use|keep|want|need)\b|\bjust\s+(?:keep|use)\b|"
    r"\bkeep\s+just\b|^\s*(?:only|just)\b|\bkeep\b|"
    r"只用|只要|只保留|只留|就要|就用|留下|保留|只剩"
)
_EXCEPT = rx(
    r"\b(?:except(?:\s+for)?|but|other\s+than|apart\s+from|besides|aside\s+from)\b|除了|除去|以外|之外"
)
_ALL = rx(r"\b(?:everything|all|every\s+\w+|the\s+rest)\b|其他|其余|别的|都|全部|所有")
_WITHOUT = rx(
    r"\bwithout\b|\bleave\s+out\b|\bleaving\s+out\b|\bskip(?:ping)?\b|\bexclud(?:e|ing)\b|"
    r"\bminus\b|\bno\s+(?=[\ue400-\ue7ff\ue900])|跳过|不要|不用|去掉|除掉|别用"
)
_REMOVE = rx(
    r"\b(?:remove|delete|drop|cut|get\s+rid\s+of|lose|ditch|discard|throw\s+(?:out|away)|"
    r"erase|trash|kill)\b|删|去掉|不要|拿掉|扔掉"
)
_USE = rx(
    r"\b(?:use|using|combine|merge|join|stitch|put|make|take|pick|choose|want|keep|only|just)\b|"
    r"\btogether\b|拼|合|用|连|串|只要|就要|做"
)
_BARE_ORDINALS = rx(r"\b(?:the\s+)?(first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\b")
_ZH_VIDEOS_ONLY = rx(r"(?:只要|只用|就要|就用)\s*视频|\bjust\s+the\s+videos\b")


def _files(c: Clause) -> list[str]:
    """The uploads named in the clause, as placeholders said them, in order."""
    names = []
    for ch in re.findall("[\ue400-\ue7ff]", c.t):
        index = ord(ch) - FILE_BASE
        if 0 <= index < len(c.files):
            names.append(c.files[index])
    visual = {m.name for m in c.known.visual_media}
    return [n for n in names if n in visual]


def _upload_numbers(c: Clause) -> list[int]:
    """Clip numbers said with nothing on the timeline: positions among the visual uploads."""
    if c.refs:
        return list(c.refs)
    if not re.search(r"\b(?:combine|merge|join|put|use|together)\b|拼|合", c.t):
        return []
    words = [m.group(1) for m in _BARE_ORDINALS.finditer(c.t)]
    return [n for n in (ordinal(w) for w in words) if n]


def _by_number(c: Clause, numbers: list[int]) -> list[str]:
    pool = [m.name for m in c.known.visual_media]
    out = []
    for n in numbers:
        i = n - 1 if n > 0 else len(pool) + n
        if 0 <= i < len(pool):
            out.append(pool[i])
    return out


def _complement(c: Clause, names: list[str]) -> list[str]:
    return [m.name for m in c.known.visual_media if m.name not in names]


def _on_timeline(c: Clause) -> Found | None:
    t = c.t
    count = len(c.known.clips)
    order = ORDER.search(t)
    if order:
        return [(order.start(), Reorder(tuple(int(d) for d in order.group(1).split(">"))))]
    if not c.refs:
        return None
    if find_times(t) and not _EXCEPT.search(t):
        return None  # "use 0:04 to 0:11 of clip 1": a trim
    where = c.ref_pos[0]
    numbers = [n if n > 0 else count + 1 + n for n in c.refs]
    if _EXCEPT.search(t) and (_ALL.search(t) or _REMOVE.search(t)):
        if _REMOVE.search(t) and not re.search(r"\bkeep\b|保留|留下", t):
            return [(where, Keep(tuple(numbers)))]  # "delete everything except clip 2"
        rest = tuple(n for n in range(1, count + 1) if n not in numbers)
        return [(where, Keep(rest))]  # "everything but clip 2"
    if _KEEP.search(t) and not _REMOVE.search(t.split("keep")[0] if "keep" in t else ""):
        return [(where, Keep(tuple(numbers)))]
    if _WITHOUT.search(t):
        gone = sorted(set(numbers), reverse=True)
        return [(where, Remove(n)) for n in gone]
    return None


def _before_timeline(c: Clause) -> Found | None:
    t = c.t
    pool = [m.name for m in c.known.visual_media]
    order = ORDER.search(t)
    if order:
        chosen = _by_number(c, [int(d) for d in order.group(1).split(">")])
        return [(order.start(), Combine(tuple(chosen)))] if chosen else None
    if _ZH_VIDEOS_ONLY.search(t):
        videos = tuple(m.name for m in c.known.visual_media if m.kind == "video")
        return [(0, Combine(videos))] if videos else None
    named = _files(c) or _by_number(c, _upload_numbers(c))
    if not named:
        return None
    excluded = bool(_EXCEPT.search(t) or _WITHOUT.search(t))
    if not excluded and not _USE.search(t):
        return None
    chosen = _complement(c, named) if excluded else list(dict.fromkeys(named))
    if not chosen or chosen == pool and not excluded and len(named) == len(pool):
        chosen = chosen or pool
    found: list[tuple[int, Intent]] = [(0, Combine(tuple(chosen)))]
    rng = find_range(t)
    if rng and len(chosen) == 1:  # "use beach from 4 to 11"
        found.append((1, Trim(1, start_ms=rng.start_ms, end_ms=rng.end_ms)))
    return found


def select(c: Clause) -> Found | None:
    if not c.known.media:
        return None
    if c.known.clips:
        return _on_timeline(c)
    return _before_timeline(c)
