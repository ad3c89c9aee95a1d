"""Detectors for text on the picture: add, restyle or remove titles, captions and text."""

from __future__ import annotations

from ..intents import AddText, RemoveText
from . import phrases as P
from .clause import (
    AFTER_FROM,
    AUDIO_EXTS,
    BEFORE_FIRST,
    BEFORE_FROM,
    BEFORE_LAST,
    Clause,
    Found,
    pos,
    role_of,
)
from .lexer import find_range, find_times
from .rx import rx

_REMOVE_SAID = rx(
    r"\b(?:remove|delete|drop|get\s+rid\s+of|take\s+(?:off|out|away)|hide|lose|erase)\b|"
    r"去掉|删除|删掉|不要|拿掉|去除"
)


def remove_text(c: Clause) -> Found | None:
    m = P.REMOVE_TEXT.search(c.t)
    quote = P.QUOTE.search(c.t)
    said = c.quote(quote.group(0)) if quote else None
    if said and said in c.known.texts and (m or _REMOVE_SAID.search(c.t)):
        return [((m or quote).start(), RemoveText(text=said))]  # type: ignore[union-attr]
    if not m:
        return None
    role = role_of(next(g for g in m.groups() if g))
    return [(m.start(), RemoveText(None if role == "text" else role))]  # type: ignore[arg-type]


def _text_timing(t: str) -> dict[str, object]:
    out: dict[str, object] = {}
    if P.WHOLE.search(t):
        return {"whole": True}
    rng = find_range(t)
    if rng:
        return {"start_ms": rng.start_ms, "end_ms": rng.end_ms}
    for span in find_times(t):
        before, after = t[: span.start], t[span.end :]
        if BEFORE_FIRST.search(before):
            out.update(start_ms=0, end_ms=span.ms)
        elif BEFORE_LAST.search(before):
            out.update(at_end=True, duration_ms=span.ms)
        elif BEFORE_FROM.search(before) or AFTER_FROM.search(after) or MOVED_TO.search(before):
            out["start_ms"] = span.ms
        elif "duration_ms" not in out and "end_ms" not in out:
            out["duration_ms"] = span.ms
    if "start_ms" not in out and not out.get("at_end"):
        if P.AT_END.search(t):
            out["at_end"] = True  # "at the end for 3 seconds"
        elif P.AT_START.search(t):
            out["start_ms"] = 0
    return out


MOVED_TO = rx(r"\b(?:move|shift|push)\b.*\bto\s*$|(?:移到|挪到|放到)\s*第?\s*$")


def _position(t: str) -> str | None:
    for name, rule in (("bottom", P.POS_BOTTOM), ("top", P.POS_TOP), ("center", P.POS_CENTER)):
        if rule.search(t):
            return name
    return None


def _size(t: str) -> str | None:
    for name, rule in (("large", P.SIZE_LARGE), ("small", P.SIZE_SMALL), ("medium", P.SIZE_MEDIUM)):
        if rule.search(t):
            return name
    return None


_TEXT_ADD = rx(
    r"\b(?:add|put|insert|write|show|display|place|include|overlay|type|stick|slap|create|move|"
    r"make|change|set|shift)\b|加上|加入|添加|加|写上|写|显示|打上|放上|配上|放到|放在|移到|挪到|"
    r"改成|改为|调到|变大|变小|放大|缩小|"
    # "the title should be at the top", "title bigger", "caption goes at the bottom"
    r"\b(?:should|must|needs?\s+to|has\s+to|could|can)\s+(?:be|go|sit|appear|show|come)\b|"
    r"\b(?:goes|belongs|bigger|smaller|larger|higher|lower)\b"
)


_CHANGE = rx(
    r"\b(?:change|rename|switch|update|edit|replace)\b|\bshould\s+(?:say|read|be)\b|"
    r"换成|改成|改为|换为|改一下"
)


def text(c: Clause) -> Found | None:
    t = c.t
    role_m = P.TEXT_ROLE.search(t)
    quote = P.QUOTE.search(t)
    if role_m:
        role = role_of(role_m.group(1) or role_m.group(2))
        if not quote and not _TEXT_ADD.search(t):
            return None
    elif quote and P.TEXT_VERB.search(t) and not P.MUSIC_NOUN.search(t):
        if c.quote(quote.group(0)).lower().endswith(AUDIO_EXTS):
            return None  # add 'my song.mp3': music, not text
        role = "text"
    else:
        return None
    text = c.quote(quote.group(0)) if quote else None
    timing = _text_timing(P.QUOTE.sub(" ", t))
    # "while clip 2 plays", "on the first clip", "第二段上", "over the photo": over that clip,
    # unless a time said where ("from 0:05") or how long from its start ("for 2 seconds").
    placed = {"start_ms", "end_ms", "at_end", "whole"} & timing.keys()
    clip = c.refs[0] if c.refs and not placed else None
    intent = AddText(
        text=text or None,
        role=role,  # type: ignore[arg-type]
        position=_position(t),  # type: ignore[arg-type]
        size=_size(t),  # type: ignore[arg-type]
        clip=clip,
        replace=bool(text and _CHANGE.search(t) and not timing and clip is None),
        **timing,  # type: ignore[arg-type]
    )
    return [(pos(role_m or quote), intent)]
