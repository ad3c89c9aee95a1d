"""Titles, captions and plain text on the picture: add, restyle, remove."""

from __future__ import annotations

from ....values import replace
from ..changes import (
    NoTitleToRemove,
    TitleAdded,
    TitleAfterEnd,
    TitleNeedsWords,
    TitleRangeEmpty,
    TitleRemoved,
    TitleReplaced,
    TitlesRemoved,
    TitleUpdated,
)
from ..intents import AddText, RemoveText
from ..timeline import DEFAULT_TEXT_MS, Anchor, Text
from .clips import need_video
from .state import MIN_MS, Editor, next_id


def _text_place(e: Editor, it: AddText) -> tuple[int, int, Anchor | None]:
    total = e.length
    if it.whole:
        return 0, total, "all"
    if it.at_end:
        d = it.duration_ms or DEFAULT_TEXT_MS
        return max(0, total - d), min(d, total), "end"
    if it.start_ms is not None and it.end_ms is not None:
        return it.start_ms, it.end_ms - it.start_ms, None
    if it.start_ms is not None:
        return it.start_ms, it.duration_ms or DEFAULT_TEXT_MS, None
    if it.end_ms is not None:
        return 0, it.end_ms, None
    start = 0
    if it.role == "caption":  # a new caption follows the previous one
        start = max((t.end_ms for t in e.texts if t.role == "caption"), default=0)
    return start, it.duration_ms or DEFAULT_TEXT_MS, None


def _restyle(e: Editor, it: AddText) -> bool:
    """ "put the title at the bottom", "make the title bigger": change the text already there."""
    mine = [t for t in e.texts if t.role == it.role]
    timing = it.start_ms, it.end_ms, it.duration_ms, it.at_end or None, it.whole or None
    if not mine or not (it.position or it.size or any(v is not None for v in timing)):
        return False
    changed: dict[str, Text] = {}
    for text in mine:
        if it.position:
            text = replace(text, position=it.position)
        if it.size:
            text = replace(text, size=it.size)
        if len(mine) == 1 and any(v is not None for v in timing):
            st, d, anchor = _text_place(e, it)
            if st < e.length and d >= MIN_MS:
                text = replace(text, start_ms=st, duration_ms=min(d, e.length - st), anchor=anchor)
        changed[text.id] = text
        e.did(
            TitleUpdated(it.role, text.text, text.start_ms, text.end_ms, text.position, text.size)
        )
    texts = [changed.get(t.id, t) if t.role == it.role else t for t in e.texts]
    e.set_texts(sorted(texts, key=lambda t: t.start_ms))
    return True


def add_text(e: Editor, it: AddText) -> None:
    role = it.role
    if not it.text and _restyle(e, it):
        return
    if not it.text:
        e.cannot(TitleNeedsWords(role))
        return
    if not need_video(e):
        return
    total = e.length
    st, d, anchor = _text_place(e, it)
    if d < MIN_MS:
        e.cannot(TitleRangeEmpty(role))
        return
    if st >= total:
        e.cannot(TitleAfterEnd(role, total, st))
        return
    d = min(d, total - st)
    pos = it.position or ("bottom" if role == "caption" else "center")
    size = it.size or ("large" if role == "title" else "medium")
    replaced = [
        t
        for t in e.texts
        if t.role == role and t.position == pos and t.start_ms < st + d and st < t.end_ms
    ]
    new = Text(
        id=next_id((t.id for t in e.texts), "x"),
        text=it.text,
        start_ms=st,
        duration_ms=d,
        position=pos,
        size=size,
        role=role,
        anchor=anchor,
    )
    kept = [t for t in e.texts if not any(t is r for r in replaced)] + [new]
    e.set_texts(sorted(kept, key=lambda t: t.start_ms))
    e.sync_title()
    if replaced:
        e.did(TitleReplaced(role, replaced[0].text, it.text, st, st + d, pos))
    else:
        e.did(TitleAdded(role, it.text, st, st + d, pos))


def remove_text(e: Editor, it: RemoveText) -> None:
    gone = [
        t
        for t in e.texts
        if (it.role is None or t.role == it.role)
        and (it.text is None or t.text.strip().lower() == it.text.strip().lower())
    ]
    if not gone:
        e.cannot(NoTitleToRemove(it.role))
        return
    e.set_texts(t for t in e.texts if not any(t is g for g in gone))
    e.sync_title()
    if len(gone) == 1:
        e.did(TitleRemoved(gone[0].role, gone[0].text))
    else:
        e.did(TitlesRemoved(it.role, len(gone)))
