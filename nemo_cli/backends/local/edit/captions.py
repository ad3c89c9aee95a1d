"""Captions on the timeline: add them from the speech heard, restyle them, remove them.

The words arrive in the intent (the backend heard the clips first, through the transcript
cache): ``apply`` stays pure. The captions keep each source's words, so every later cut, trim
or speed change moves them with the speech (``Timeline.caption_cues``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..captions.style import CaptionStyle
from ..changes import CaptionsAdded, CaptionsRemoved, CaptionsStyled, NoCaptions, NoSpeechHeard
from ..intents import AddCaptions, AddText, RemoveText, StyleCaptions
from ..speech.transcript import Word
from ..timeline import POSITIONS, SIZES, Captions, Position, Size
from . import text
from .clips import need_video
from .state import Editor


def _normal(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """Words as the draft keeps them (ms times, confidence in percent), so a timeline read
    back from its draft equals the one written."""
    return tuple(
        Word(
            w.text,
            round(w.start * 1000) / 1000,
            round(w.end * 1000) / 1000,
            round(w.conf * 100) / 100,
        )
        for w in words
    )


def _restyled(style: CaptionStyle, changes: tuple[tuple[str, object], ...]) -> CaptionStyle:
    values: dict[str, Any] = dict(changes)
    try:
        return style.changed(**values)
    except (TypeError, ValueError):
        return style


def add_captions(e: Editor, it: AddCaptions) -> None:
    if not need_video(e):
        return
    heard = tuple((mid, _normal(words)) for mid, words in it.heard if words)
    if not heard:
        e.cannot(NoSpeechHeard())
        return
    old = e.timeline.captions
    base = old.style if old is not None else CaptionStyle()
    captions = Captions(
        origin="speech", heard=heard, style=_restyled(base, it.style), language=it.language
    )
    e.timeline = replace(e.timeline, captions=captions)
    cues = e.timeline.caption_cues()
    if not cues:
        e.timeline = replace(e.timeline, captions=old)
        e.cannot(NoSpeechHeard(on_timeline=True))
        return
    count = sum(len(c.words) for c in cues)
    e.did(
        CaptionsAdded(
            len(cues), count, captions.style, replaced=old is not None, language=it.language
        )
    )


def style_captions(e: Editor, it: StyleCaptions) -> None:
    captions = e.timeline.captions
    changes = dict(it.style)
    if captions is None and not set(changes) - {"position", "size"}:
        # "put the caption at the bottom" with no captions track: the caption texts move
        where, size = changes.get("position"), changes.get("size")
        position: Position | None = where if where in POSITIONS else None
        sized: Size | None = size if size in SIZES else None
        text.add_text(e, AddText(None, "caption", position=position, size=sized))
        return
    if captions is None:
        e.cannot(NoCaptions())
        return
    style = _restyled(captions.style, it.style)
    if style == captions.style:
        return
    e.timeline = replace(e.timeline, captions=replace(captions, style=style))
    e.did(CaptionsStyled(style))


def remove_text(e: Editor, it: RemoveText) -> None:
    """ "Remove the captions" takes the captions track away too (and all text, when asked)."""
    captions = e.timeline.captions
    if captions is not None and it.role in ("caption", None):
        e.timeline = replace(e.timeline, captions=None)
        e.did(CaptionsRemoved(captions.name))
        if not any(t.role == "caption" or it.role is None for t in e.texts):
            return
    text.remove_text(e, it)
