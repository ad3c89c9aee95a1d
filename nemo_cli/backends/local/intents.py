"""The edits the local engine understands: one small frozen value per kind
(``nemo_cli.values``: a frozen dataclass, made cheaply).

This is the vocabulary between the stages: ``understand.parse(text)`` turns an instruction
into a list of these; ``edit.apply`` carries them out on the timeline. Every class has a
``kind`` slug (a class attribute, not a field), so callers can dispatch on ``intent.kind`` or on
the class.

Conventions shared by all kinds:
- Times are integers in milliseconds; ``None`` means "not said" (``apply`` uses a default).
- Clip numbers are the 1-based positions on the video track as the user sees them; negative
  numbers count from the end (-1 is the last clip, -2 the one before it).
- Volumes are percents (0-100+).

``Undo``, ``Redo`` and ``Reset`` are carried out by the session store, which keeps the history:
``apply`` leaves the draft unchanged for them and the backend handles them (see ``HISTORY``).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from ...values import frozen
from .speech.transcript import Word
from .timeline import Aspect, FitMode, Position, Size, TextRole

LAST = -1  # clip number of the last clip; also Move.to for "to the end"
DEFAULT_FADE_MS = 2000  # "fade out at the end" with no length
DEFAULT_XFADE_MS = 500  # "add transitions" with no length


@frozen
class Combine:
    """Put every video and image of the session on the video track, in upload order; or,
    when ``files`` names some uploads ("use beach and sunset", "everything but the photo"),
    just those, in that order."""

    files: tuple[str, ...] = ()
    kind: ClassVar[str] = "combine"


@frozen
class AddClip:
    """Put uploaded videos or photos (``files``, by name) on the video track, as new clips:
    at the end, at position ``to`` (1-based), or after / before clip ``after`` / ``before``
    (numbers as they are before the files go in). A file already on the timeline goes in again
    only when that was said (``again``: "add beach.mp4 again")."""

    files: tuple[str, ...]
    to: int | None = None
    after: int | None = None
    before: int | None = None
    again: bool = False
    kind: ClassVar[str] = "add_clip"


@frozen
class Keep:
    """Keep only these clips ("use only the first and last clip"), in their current order."""

    clips: tuple[int, ...]
    kind: ClassVar[str] = "keep"


@frozen
class Reorder:
    """Play the clips in this order ("in the order 2, 3, 1"); clips not named follow, as they
    were."""

    order: tuple[int, ...]
    kind: ClassVar[str] = "reorder"


@frozen
class Shorten:
    """Make the timeline shorter without a length said ("it's too long"): its end is cut, to
    ``percent`` of the length, in whole seconds."""

    percent: int = 75
    kind: ClassVar[str] = "shorten"


@frozen
class Move:
    """Move one clip: to a position (``to``, 1-based, ``LAST`` = the end), or next to another.

    Exactly one of ``to``, ``after`` and ``before`` is set; ``after``/``before`` are clip
    numbers as they were before the move.
    """

    clip: int
    to: int | None = None
    after: int | None = None
    before: int | None = None
    kind: ClassVar[str] = "move"


@frozen
class Swap:
    a: int
    b: int
    kind: ClassVar[str] = "swap"


@frozen
class Reverse:
    """Play the clips in the opposite order."""

    kind: ClassVar[str] = "reverse"


@frozen
class Remove:
    clip: int
    kind: ClassVar[str] = "remove"


@frozen
class Trim:
    """Shorten one clip (``clip``) or the whole timeline (``clip=None``).

    - ``start_ms``/``end_ms``: use this range of the clip's source ("use 0:05-0:12 of clip 2"),
      or of the timeline when ``clip`` is None.
    - ``duration_ms``: keep this much (on the timeline), from ``start_ms`` or the current start
      ("trim clip 1 to 4 seconds", "cut it to 30 seconds").
    - ``cut_start_ms``/``cut_end_ms``: drop this much from the beginning / the end.
    - ``keep_last_ms``: keep only the last this-much ("use the last 3 seconds of clip 2").
    - ``share``: keep this part of it, as fractions of its length ("cut clip 2 in half":
      (0, 0.5); "keep the second half": (0.5, 1)).
    - ``every``: the same trim of each video clip ("the first 5 seconds of each clip").
    """

    clip: int | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    duration_ms: int | None = None
    cut_start_ms: int | None = None
    cut_end_ms: int | None = None
    keep_last_ms: int | None = None
    share: tuple[float, float] | None = None
    every: bool = False
    kind: ClassVar[str] = "trim"


@frozen
class SplitClip:
    """Cut one clip in two, both parts kept one after the other: at ``at_ms`` of the clip (on
    the timeline, from its start) or at ``share`` of its length ("split clip 2 in half": 0.5).
    ``clip`` None: the clip playing at ``at_ms`` of the timeline ("split it at 0:12")."""

    clip: int | None = None
    at_ms: int | None = None
    share: float | None = None
    kind: ClassVar[str] = "split_clip"


@frozen
class AddMusic:
    """Background music. ``file`` names an uploaded audio file (None: the first one).

    With music already on and no ``file``, only the volume / range said here change.
    ``start_ms``/``end_ms`` place it on the timeline (default: the whole timeline).
    """

    file: str | None = None
    volume: int | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    kind: ClassVar[str] = "music"


@frozen
class MusicVolume:
    """Set the music volume (``volume``, percent) or move it ``steps`` steps of about 3 dB
    (negative: quieter; ``edit.steps``)."""

    volume: int | None = None
    steps: int | None = None
    kind: ClassVar[str] = "music_volume"


@frozen
class MusicFade:
    """Fade the music in and/or out; None leaves that end as it is, 0 removes the fade."""

    fade_in_ms: int | None = None
    fade_out_ms: int | None = None
    kind: ClassVar[str] = "music_fade"


@frozen
class RemoveMusic:
    kind: ClassVar[str] = "remove_music"


@frozen
class ClipSound:
    """The clips' own sound: 0 mutes, 100 keeps it; ``clip`` None means every clip."""

    volume: int
    clip: int | None = None
    steps: int | None = None  # "turn the voice down": this many steps of ~3 dB instead
    kind: ClassVar[str] = "clip_sound"


@frozen
class AddText:
    """A title, caption or plain text on the picture.

    ``text`` None means the user did not say what it should read: ``apply`` then moves or
    restyles the existing text of that role ("put the title at the bottom"), or asks for it.
    Timing, when said: ``start_ms``/``end_ms`` ("from 0:04 to 0:08", "for the first 3 s"),
    ``duration_ms`` ("for 3 seconds"), ``at_end`` ("at the end", "for the last 3 s"),
    ``whole`` ("throughout"). Defaults: 0-3 s; titles centered and large, captions at the
    bottom (after the previous caption), plain text centered.
    """

    text: str | None
    role: TextRole = "title"
    start_ms: int | None = None
    end_ms: int | None = None
    duration_ms: int | None = None
    at_end: bool = False
    whole: bool = False
    position: Position | None = None
    size: Size | None = None
    clip: int | None = None  # "while clip 2 plays": the clip's span (or from its start)
    replace: bool = False  # "change the title to X": the text of the one there, kept in place
    kind: ClassVar[str] = "text"


@frozen
class RemoveText:
    """Remove titles, captions or plain text (``role``), or all text (``role`` None); with
    ``text``, only the text that reads so ("remove the text 'so fun'")."""

    role: TextRole | None = None
    text: str | None = None
    kind: ClassVar[str] = "remove_text"


@frozen
class AddCaptions:
    """Captions from what is said in the clips ("add captions", "auto subtitles", "加字幕").

    ``style`` holds the style words said with it (``captions.style_words``), as pairs;
    ``language`` the speech's language when asked for ("Chinese captions"; None: as the
    instruction was written). ``heard`` is filled by the backend before ``apply`` runs:
    the words of each audible source (media id -> words, source time).
    """

    style: tuple[tuple[str, object], ...] = ()
    language: str | None = None
    heard: tuple[tuple[str, tuple[Word, ...]], ...] = ()
    kind: ClassVar[str] = "add_captions"


@frozen
class StyleCaptions:
    """Change how the captions look ("make the captions yellow", "2 words at a time")."""

    style: tuple[tuple[str, object], ...]
    kind: ClassVar[str] = "style_captions"


@frozen
class CutSpeech:
    """Editing by transcript: cut the filler words ("fillers"), the speech from one phrase to
    another ("between": ``first`` .. ``last``, both cut), or the sentence about a topic
    ("sentence": ``first`` is the topic). ``heard`` is filled by the backend, as for captions.
    """

    what: Literal["fillers", "between", "sentence"]
    first: str = ""
    last: str = ""
    heard: tuple[tuple[str, tuple[Word, ...]], ...] = ()
    kind: ClassVar[str] = "cut_speech"


@frozen
class SetAspect:
    aspect: Aspect
    kind: ClassVar[str] = "aspect"


@frozen
class SetFit:
    """``letterbox``: whole picture, bars where shapes differ; ``fill``: crop to the frame."""

    fit: FitMode
    kind: ClassVar[str] = "fit"


@frozen
class FrameRate:
    """The output's frame rate (``fps``), or back to the clips' own (``fps`` None)."""

    fps: float | None
    kind: ClassVar[str] = "frame_rate"


@frozen
class SoundTrack:
    """Play another of a file's sound tracks: one named by a word of its title or its language
    (``name``: "commentary", "english", "解说"), or by its number (``number``, 1-based), in one
    clip (``clip``) or in every clip whose file has such a track. ``name`` "default" goes back
    to each file's default track."""

    name: str | None = None
    number: int | None = None
    clip: int | None = None
    kind: ClassVar[str] = "sound_track"


@frozen
class ImageDuration:
    """How long each photo shows in a slideshow."""

    ms: int
    kind: ClassVar[str] = "image_duration"


@frozen
class Speed:
    """Playback speed (absolute: 2.0 plays twice as fast) of one clip or of every clip."""

    factor: float
    clip: int | None = None
    kind: ClassVar[str] = "speed"


@frozen
class Crossfade:
    """Crossfades of ``ms`` between clips; 0 means hard cuts."""

    ms: int
    kind: ClassVar[str] = "crossfade"


@frozen
class Undo:
    kind: ClassVar[str] = "undo"


@frozen
class Redo:
    kind: ClassVar[str] = "redo"


@frozen
class Reset:
    """Start over: an empty timeline (the uploaded media stay)."""

    kind: ClassVar[str] = "reset"


@frozen
class CutPauses:
    """Cut the pauses out of speech, in one clip (``clip``) or in every clip.

    Pauses longer than ``longer_than_ms`` (default: half a second) go, except those longer than
    ``keep_over_ms`` (kept on purpose); ``shorten_to_ms`` leaves that much of each instead of
    the margins around words (``analyze.pauses``). Needs the analysis of the clips' sources.
    """

    longer_than_ms: int | None = None
    keep_over_ms: int | None = None
    shorten_to_ms: int | None = None
    clip: int | None = None
    kind: ClassVar[str] = "cut_pauses"


@frozen
class RemoveStill:
    """Cut the black and/or frozen stretches out of one clip or every clip."""

    black: bool = True
    frozen: bool = True
    clip: int | None = None
    kind: ClassVar[str] = "remove_still"


@frozen
class SplitScenes:
    """Split one clip (or every clip) into one clip per scene, at its scene changes."""

    clip: int | None = None
    kind: ClassVar[str] = "split_scenes"


@frozen
class BeatCut:
    """Put the cuts between clips on the music's beats ("cut to the beat", 卡点): every cut on
    the nearest beat (``every`` = 1), or a new clip every ``every`` beats. Photos get whole
    beats; a video never runs past its source."""

    every: int = 1
    kind: ClassVar[str] = "beat_cut"


@frozen
class Loudness:
    """Normalise the exported sound to ``lufs`` integrated loudness (-14 YouTube / TikTok,
    -16 podcasts, -23 broadcast); ``target`` names the standard when one was said."""

    lufs: float = -14.0
    target: str | None = None
    kind: ClassVar[str] = "loudness"


@frozen
class Duck:
    """Dip the music ``db`` dB under the clips' speech ("lower the music when someone
    talks"); 0 stops it."""

    db: int = 12
    kind: ClassVar[str] = "duck"


@frozen
class Denoise:
    """Reduce the background noise of the clips' own sound (``on``), or stop doing it."""

    on: bool = True
    kind: ClassVar[str] = "denoise"


Intent = (
    Combine
    | AddClip
    | Keep
    | Reorder
    | Shorten
    | Move
    | Swap
    | Reverse
    | Remove
    | Trim
    | SplitClip
    | AddMusic
    | MusicVolume
    | MusicFade
    | RemoveMusic
    | ClipSound
    | AddText
    | RemoveText
    | AddCaptions
    | StyleCaptions
    | CutSpeech
    | SetAspect
    | SetFit
    | FrameRate
    | SoundTrack
    | ImageDuration
    | Speed
    | Crossfade
    | Undo
    | Redo
    | Reset
    | CutPauses
    | RemoveStill
    | SplitScenes
    | BeatCut
    | Loudness
    | Duck
    | Denoise
)

# Kinds the session store carries out (it keeps the history); apply() leaves drafts alone.
HISTORY = frozenset({"undo", "redo", "reset"})
# Kinds that need the speech of the clips heard first (the backend fills their ``heard``).
HEARING = frozenset({"add_captions", "cut_speech"})


def is_history(intent: Intent) -> bool:
    return intent.kind in HISTORY


# Kinds that read the analysis of the clips' sources (the backend analyses them first).
ANALYSED = frozenset({"cut_pauses", "remove_still", "split_scenes", "beat_cut"})
# ... of those, the kinds that read the pictures and speech of the clips (the others: music).
ANALYSED_CLIPS = frozenset({"cut_pauses", "remove_still", "split_scenes"})


def needs_analysis(intent: Intent) -> bool:
    return intent.kind in ANALYSED
