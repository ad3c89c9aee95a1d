"""Apply intents to a local draft: ``apply(draft, media, intents) -> EditResult``.

Pure: no I/O, no ffmpeg, and the input draft is never mutated (the result holds a new one).
Intents run in order, each on the draft the previous one left. After every change the video
track is re-timed (each segment's ``st``, crossfade overlaps included), the draft's ``d`` is
the end of the video track, music that covered the whole timeline keeps covering it, and text
is kept inside it.

Conventions (docs/ARCHITECTURE.md has the schema):
- "combine" puts every video and image of the session on the video track in upload order
  (images get ``m.img_d`` each). Anything that needs a video track (music, titles, aspect,
  trims...) builds it from all media first when the draft has none.
- Music without a named file uses the session's first audio file; it covers the whole
  timeline unless a range is given; default volume 35% under clips with sound, else 100%.
- Titles default to 0-3 s at the center (large); captions to the bottom, after the previous
  caption; a new text replaces one of the same kind at the same place and time. Without
  text ("put the title at the bottom", "make the title smaller") the existing one changes.
- ``Undo``, ``Redo`` and ``Reset`` are carried out by the session store, which keeps the
  history: ``apply`` leaves the draft unchanged for them and reports nothing; the backend
  handles them (``intents.is_history``).

Keys beyond the schema's example (readers ignore them): text segments carry ``k`` (``title``,
``caption`` or ``text``) and, when pinned, ``anc`` (``end``: stays at the end of the timeline;
``all``: spans it); ``m.title`` is the first title's text.

``changes`` holds one short English sentence per change and ``problems`` what could not be
done and why; ``changes_zh``/``problems_zh`` say the same in Chinese, for Chinese replies.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..intents import (
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
    Remove,
    RemoveMusic,
    RemoveText,
    Reverse,
    SetAspect,
    SetFit,
    Speed,
    Swap,
    Trim,
)
from . import clips, frame, music, text, trim
from .state import DEFAULT_M, Editor


@dataclass
class EditResult:
    draft: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    changes_zh: list[str] = field(default_factory=list)
    problems_zh: list[str] = field(default_factory=list)


def empty_draft() -> dict[str, Any]:
    """A draft with nothing on it (a new dict each call)."""
    return {"t": [], "d": 0, "m": copy.deepcopy(DEFAULT_M)}


def _combine(e: Editor, _: Combine) -> None:
    clips.combine(e)


_OPS: dict[type, Callable[[Editor, Any], None]] = {
    Combine: _combine,
    Move: clips.move,
    Swap: clips.swap,
    Reverse: clips.reverse,
    Remove: clips.remove,
    Trim: trim.trim,
    Speed: clips.speed,
    ClipSound: clips.clip_sound,
    ImageDuration: clips.image_duration,
    Crossfade: clips.crossfade,
    AddMusic: music.add_music,
    MusicVolume: music.music_volume,
    MusicFade: music.music_fade,
    RemoveMusic: music.remove_music,
    AddText: text.add_text,
    RemoveText: text.remove_text,
    SetAspect: frame.set_aspect,
    SetFit: frame.set_fit,
}


def apply(
    draft: dict[str, Any], media: list[dict[str, Any]], intents: Sequence[Intent]
) -> EditResult:
    """Carry out ``intents`` on a copy of ``draft``; see the module docstring."""
    ops = [(op, intent) for intent in intents if (op := _OPS.get(type(intent)))]
    if not ops:  # nothing but Undo / Redo / Reset (the store's job): the draft as it was
        return EditResult(copy.deepcopy(draft) if isinstance(draft, dict) else empty_draft())
    e = Editor(draft, media)
    for op, intent in ops:
        op(e, intent)
    return EditResult(
        draft=e.finish(),
        changes=[en for en, _ in e.changes],
        problems=[en for en, _ in e.problems],
        changes_zh=[zh for _, zh in e.changes],
        problems_zh=[zh for _, zh in e.problems],
    )
