"""Apply intents to a timeline: ``apply(timeline, media, intents) -> EditResult``.

Pure: no I/O, no ffmpeg; timelines are immutable, so the input is never changed (the result
holds a new one). Intents run in order, each on the timeline the previous one left. After a
change of the clips, crossfades are kept within the shortest clip, music that covered the
whole timeline keeps covering it, and text is kept inside it (``state.Editor.retime``).

Conventions:
- "combine" puts every video and image of the session on the video track in upload order
  (images get ``frame.image_ms`` each). Anything that needs a video track (music, titles,
  aspect, trims...) builds it from all media first when there is none.
- Music without a named file uses the session's first audio file; it covers the whole
  timeline unless a range is given; default volume 35% under clips with sound, else 100%.
- Titles default to 0-3 s at the center (large); captions to the bottom, after the previous
  caption; a new text replaces one of the same kind at the same place and time. Without
  text ("put the title at the bottom", "make the title smaller") the existing one changes.
- ``Undo``, ``Redo`` and ``Reset`` are carried out by the session store, which keeps the
  history: ``apply`` leaves the timeline unchanged for them and reports nothing; the backend
  handles them (``intents.is_history``).

``changes`` says what changed and ``problems`` what could not be done and why, as values
(``changes.Change``, ``changes.Problem``); ``messages.word`` says them in English or Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ....values import field, record
from ..changes import Change, Problem
from ..intents import (
    AddCaptions,
    AddClip,
    AddMusic,
    AddText,
    BeatCut,
    ClipSound,
    Combine,
    Crossfade,
    CutPauses,
    CutSpeech,
    Denoise,
    Duck,
    FrameRate,
    ImageDuration,
    Intent,
    Keep,
    Loudness,
    Move,
    MusicFade,
    MusicVolume,
    Remove,
    RemoveMusic,
    RemoveStill,
    RemoveText,
    Reorder,
    Reverse,
    SetAspect,
    SetFit,
    Shorten,
    SoundTrack,
    Speed,
    SplitClip,
    SplitScenes,
    StyleCaptions,
    Swap,
    Trim,
)
from ..media import Media
from ..timeline import Timeline
from . import clips, frame, music, select, trim
from .state import Editor

if TYPE_CHECKING:
    from ..analyze.result import Analysis


@record
class EditResult:
    timeline: Timeline
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_OPS: dict[type, Callable[[Editor, Any], None]] = {
    Combine: select.combine,
    AddClip: clips.add_clip,
    Keep: select.keep,
    Reorder: select.reorder,
    Shorten: select.shorten,
    Move: clips.move,
    Swap: clips.swap,
    Reverse: clips.reverse,
    Remove: clips.remove,
    Trim: trim.trim,
    SplitClip: trim.split,
    Speed: clips.speed,
    ClipSound: select.clip_sound,
    ImageDuration: clips.image_duration,
    Crossfade: clips.crossfade,
    AddMusic: music.add_music,
    MusicVolume: music.music_volume,
    MusicFade: music.music_fade,
    RemoveMusic: music.remove_music,
    AddText: select.add_text,
    SetAspect: frame.set_aspect,
    SetFit: frame.set_fit,
}
# The edits that hear, look or cut by analysis, loaded when one is asked for (with what they
# import: the analysis and speech modules), so an everyday edit does not load them.
_LATER: dict[type, tuple[str, str]] = {
    FrameRate: ("source", "frame_rate"),
    SoundTrack: ("source", "sound_track"),
    RemoveText: ("captions", "remove_text"),
    AddCaptions: ("captions", "add_captions"),
    StyleCaptions: ("captions", "style_captions"),
    CutSpeech: ("speech_cuts", "cut_speech"),
    CutPauses: ("cuts", "cut_pauses"),
    RemoveStill: ("cuts", "remove_still"),
    SplitScenes: ("cuts", "split_scenes"),
    BeatCut: ("beats", "beat_cut"),
    Loudness: ("levels", "loudness"),
    Duck: ("levels", "duck"),
    Denoise: ("levels", "denoise"),
}


def _op(kind: type) -> Callable[[Editor, Any], None] | None:
    op = _OPS.get(kind)
    if op is None and kind in _LATER:
        import importlib

        module, name = _LATER[kind]
        op = _OPS[kind] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return op


def apply(
    timeline: Timeline,
    media: Sequence[Media],
    intents: Sequence[Intent],
    analyses: Mapping[str, Analysis] | None = None,
) -> EditResult:
    """Carry out ``intents`` on ``timeline``; see the module docstring. ``analyses`` (by media
    id) is what the edits that listen and look (pauses, black parts, scenes) read."""
    e = Editor(timeline, media, analyses)
    for intent in intents:
        op = _op(type(intent))
        if op is not None:  # Undo / Redo / Reset are the store's job
            op(e, intent)
    return EditResult(e.timeline, e.changes, e.problems)
