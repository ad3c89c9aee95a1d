"""What an edit did, and what it could not do, as values.

Edit operations (``edit/``) return these instead of sentences; the reply, the ``DraftChanged``
event and the font check are all worded from them through one EN/ZH table
(``messages.word``). Times are milliseconds; names are as the session has them (the wording
makes them safe for a terminal). ``Title*`` values are about any text on the picture: ``role``
says title, caption or plain text.

To add a kind: a frozen dataclass here (in ``Change`` or ``Problem``), and its row in
``messages.MESSAGES`` (a test checks that every kind has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .timeline import Aspect, FitMode, Position, Size, TextRole

if TYPE_CHECKING:  # (a type only: every class in this module is a change or a problem)
    from .captions.style import CaptionStyle


@dataclass(frozen=True, slots=True)
class ClipRef:
    """A clip as the user sees it: its number on the timeline and its name."""

    number: int
    name: str


# ---------------------------------------------------------------- changes: the clips


@dataclass(frozen=True, slots=True)
class ClipsCombined:
    """Every video and photo put on the timeline, in upload order (``auto``: because another
    edit needed clips)."""

    videos: int
    photos: int
    length_ms: int
    auto: bool = False


@dataclass(frozen=True, slots=True)
class ClipPlaced:
    """The one clip of the session put on the timeline."""

    name: str
    length_ms: int


@dataclass(frozen=True, slots=True)
class ClipMoved:
    clip: ClipRef
    position: int


@dataclass(frozen=True, slots=True)
class ClipAlreadyThere:
    clip: ClipRef
    position: int


@dataclass(frozen=True, slots=True)
class ClipsSwapped:
    a: ClipRef
    b: ClipRef


@dataclass(frozen=True, slots=True)
class ClipsReversed:
    count: int


@dataclass(frozen=True, slots=True)
class ClipRemoved:
    clip: ClipRef
    length_ms: int  # the timeline's length after (0: it is empty)


@dataclass(frozen=True, slots=True)
class ClipSpeedSet:
    clip: ClipRef
    factor: float
    before_ms: int
    after_ms: int


@dataclass(frozen=True, slots=True)
class SpeedSet:
    """Every video clip now plays at ``factor``."""

    factor: float
    length_ms: int


@dataclass(frozen=True, slots=True)
class ClipVolumeSet:
    clip: ClipRef
    volume: int


@dataclass(frozen=True, slots=True)
class ClipsVolumeSet:
    """The own sound of every clip (0: muted)."""

    volume: int


@dataclass(frozen=True, slots=True)
class PhotoLengthSet:
    """How long each photo shows; ``photos`` on the timeline now (0: for photos to come)."""

    ms: int
    photos: int
    length_ms: int


@dataclass(frozen=True, slots=True)
class CrossfadesRemoved:
    had: bool  # there were crossfades before
    length_ms: int


@dataclass(frozen=True, slots=True)
class CrossfadeSet:
    """Crossfades of ``ms`` between clips; ``asked_ms`` when shortened to fit; ``length_ms``
    None while there are fewer than two clips."""

    ms: int
    length_ms: int | None
    asked_ms: int | None = None


@dataclass(frozen=True, slots=True)
class CrossfadeShortened:
    """The clips got shorter: the crossfades were cut to fit the shortest."""

    ms: int


@dataclass(frozen=True, slots=True)
class PhotoShown:
    """A photo on the timeline now shows for ``ms``."""

    clip: ClipRef
    ms: int


@dataclass(frozen=True, slots=True)
class ClipTrimmed:
    """The clip now plays ``start_ms``-``end_ms`` of its source (``length_ms`` on the
    timeline); ``already``: it did so before."""

    clip: ClipRef
    start_ms: int
    end_ms: int
    length_ms: int
    already: bool = False


@dataclass(frozen=True, slots=True)
class TimelineCut:
    """The timeline cut to ``length_ms``, keeping ``start_ms``-``end_ms`` of it."""

    length_ms: int
    start_ms: int
    end_ms: int


# ---------------------------------------------------------------- changes: music and text


@dataclass(frozen=True, slots=True)
class MusicAdded:
    name: str
    start_ms: int
    end_ms: int
    volume: int
    looped: bool
    replaced: str | None = None  # the music it replaced


@dataclass(frozen=True, slots=True)
class MusicPlaced:
    """The music already on now plays here."""

    name: str
    start_ms: int
    end_ms: int
    volume: int


@dataclass(frozen=True, slots=True)
class MusicVolumeSet:
    volume: int
    was: int


@dataclass(frozen=True, slots=True)
class MusicFadesSet:
    """Fade in / out set (0: none); None: that end was not touched. Both None or 0: removed."""

    fade_in_ms: int | None
    fade_out_ms: int | None


@dataclass(frozen=True, slots=True)
class MusicRemoved:
    name: str


@dataclass(frozen=True, slots=True)
class MusicDropped:
    """The timeline now ends before the music starts."""

    name: str


@dataclass(frozen=True, slots=True)
class TitleAdded:
    role: TextRole
    text: str
    start_ms: int
    end_ms: int
    position: Position


@dataclass(frozen=True, slots=True)
class TitleReplaced:
    role: TextRole
    old: str
    text: str
    start_ms: int
    end_ms: int
    position: Position


@dataclass(frozen=True, slots=True)
class TitleUpdated:
    role: TextRole
    text: str
    start_ms: int
    end_ms: int
    position: Position
    size: Size


@dataclass(frozen=True, slots=True)
class TitleRemoved:
    role: TextRole
    text: str


@dataclass(frozen=True, slots=True)
class TitlesRemoved:
    role: TextRole | None  # None: every text
    count: int


@dataclass(frozen=True, slots=True)
class TitleDropped:
    """The timeline now ends before the text shows."""

    role: TextRole
    text: str


# ---------------------------------------------------------------- changes: the frame


@dataclass(frozen=True, slots=True)
class AspectSet:
    aspect: Aspect
    width: int
    height: int
    already: bool = False


@dataclass(frozen=True, slots=True)
class FitSet:
    fit: FitMode
    width: int
    height: int
    already: bool = False


@dataclass(frozen=True, slots=True)
class FrameRateSet:
    """The output's frame rate: ``label`` ("60", "23.976") asked for, or (``own``) the clips'
    own rate again."""

    label: str
    own: bool = False


@dataclass(frozen=True, slots=True)
class SoundTrackSet:
    """A clip now plays its file's sound track ``track`` (as people name it)."""

    clip: ClipRef
    track: str


# ---------------------------------------------------------------- the history (the store's)


@dataclass(frozen=True, slots=True)
class Undone:
    """``what``: the change taken back (``edit.between``), when it can be named."""

    what: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Redone:
    """``what``: the change made again, when it can be named."""

    what: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class StartedOver:
    pass


# ---------------------------------------------------------------- problems


@dataclass(frozen=True, slots=True)
class NoClips:
    """Nothing on the timeline and nothing to put there."""


@dataclass(frozen=True, slots=True)
class NothingToCombine:
    pass


@dataclass(frozen=True, slots=True)
class NoSuchClip:
    number: int
    count: int


@dataclass(frozen=True, slots=True)
class NoSuchPosition:
    position: int
    count: int


@dataclass(frozen=True, slots=True)
class NextToItself:
    pass


@dataclass(frozen=True, slots=True)
class SameClip:
    pass


@dataclass(frozen=True, slots=True)
class OnlyOneClip:
    pass


@dataclass(frozen=True, slots=True)
class SpeedOutOfRange:
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class PhotoHasNoSpeed:
    clip: ClipRef


@dataclass(frozen=True, slots=True)
class OnlyPhotos:
    pass


@dataclass(frozen=True, slots=True)
class PhotoLengthOutOfRange:
    pass


@dataclass(frozen=True, slots=True)
class TooShortForCrossfades:
    pass


@dataclass(frozen=True, slots=True)
class BeyondSource:
    """Nothing of the clip's source is at ``at_ms``: it is ``source_ms`` long."""

    clip: ClipRef
    source_ms: int
    at_ms: int


@dataclass(frozen=True, slots=True)
class TrimClamped:
    """The source ends before the range asked: ``start_ms``-``end_ms`` is used."""

    clip: ClipRef
    source_ms: int
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class NothingLeftOfClip:
    clip: ClipRef


@dataclass(frozen=True, slots=True)
class NothingToCut:
    length_ms: int


@dataclass(frozen=True, slots=True)
class NothingLeft:
    pass


@dataclass(frozen=True, slots=True)
class NoAudioFile:
    pass


@dataclass(frozen=True, slots=True)
class NoSuchAudio:
    wanted: str
    known: tuple[str, ...]  # the audio files the session has


@dataclass(frozen=True, slots=True)
class NotAudio:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class MusicWouldNotPlay:
    length_ms: int
    start_ms: int


@dataclass(frozen=True, slots=True)
class NoMusic:
    pass


@dataclass(frozen=True, slots=True)
class MusicAtQuietest:
    pass


@dataclass(frozen=True, slots=True)
class NoMusicToRemove:
    pass


@dataclass(frozen=True, slots=True)
class TitleNeedsWords:
    role: TextRole


@dataclass(frozen=True, slots=True)
class TitleRangeEmpty:
    role: TextRole


@dataclass(frozen=True, slots=True)
class TitleAfterEnd:
    role: TextRole
    length_ms: int
    start_ms: int


@dataclass(frozen=True, slots=True)
class NoTitleToRemove:
    role: TextRole | None


@dataclass(frozen=True, slots=True)
class NothingToUndo:
    pass


@dataclass(frozen=True, slots=True)
class NothingToRedo:
    pass


@dataclass(frozen=True, slots=True)
class AlreadyEmpty:
    pass


@dataclass(frozen=True, slots=True)
class RateNotRendered:
    """A frame rate nemo does not render (``fps``): the rate stays as it was."""

    fps: float


@dataclass(frozen=True, slots=True)
class OneSoundTrack:
    """No clip's file has more than one sound track to choose from."""


@dataclass(frozen=True, slots=True)
class NoSuchSoundTrack:
    """No clip's file has the track asked for (``wanted``); ``known``: the tracks there are."""

    wanted: str
    known: tuple[str, ...]


# ---------------------------------------------------------------- choosing and ordering clips


@dataclass(frozen=True, slots=True)
class ClipsChosen:
    """The uploads named put on the timeline, in the order named ("use beach and sunset")."""

    names: tuple[str, ...]
    length_ms: int


@dataclass(frozen=True, slots=True)
class ClipsKept:
    """Only these clips kept ("use only the first and last clip"); the others removed."""

    kept: tuple[ClipRef, ...]
    removed: tuple[ClipRef, ...]
    length_ms: int


@dataclass(frozen=True, slots=True)
class AllKept:
    """Every clip on the timeline is one of those to keep: nothing removed."""


@dataclass(frozen=True, slots=True)
class ClipsReordered:
    """The clips now play in this order (their names, first to last)."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AlreadyInOrder:
    pass


@dataclass(frozen=True, slots=True)
class ShortenedBy:
    """ "It's too long", with no length said: it was ``was_ms`` (the cut itself is a
    ``TimelineCut``); say a length to choose another."""

    was_ms: int


@dataclass(frozen=True, slots=True)
class TitleTextChanged:
    """ "Change the title to X": the text of the title there, in its place."""

    role: TextRole
    old: str
    text: str


@dataclass(frozen=True, slots=True)
class NotInSession:
    """None of the files named is a video or photo of this session."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TooShortToShorten:
    length_ms: int


# ---------------------------------------------------------------- notes (the font check)


@dataclass(frozen=True, slots=True)
class FontMissing:
    """No font here draws ``chars`` (of the new ``texts``): they would show as boxes.
    ``whole``: every character of the texts; ``package`` a font package that has them."""

    texts: tuple[str, ...]
    chars: str
    whole: bool
    package: str
    env_var: str


@dataclass(frozen=True, slots=True)
class FontFileBroken:
    """The font file setting (``env_var`` = ``value``) is not a font nemo can read."""

    env_var: str
    value: str


# ---------------------------------------------------------------- changes and problems: cuts
# from the analysis (pauses, black and frozen stretches, scenes, beats) and the sound's level

Span = tuple[int, int]  # a range of a source, ms


@dataclass(frozen=True, slots=True)
class PausesCut:
    """Pauses cut out of speech: each a range of its clip's source."""

    cuts: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class StillRemoved:
    """Black and/or frozen stretches cut out of the clips."""

    black: bool
    frozen: bool
    cuts: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ScenesSplit:
    clip: ClipRef
    changes: int  # scene changes found
    clips: int  # clips it became


@dataclass(frozen=True, slots=True)
class BeatCutsSet:
    """The cuts between clips put on the beats of the music ``music`` (every ``every`` beats)."""

    music: str
    bpm: float
    every: int
    cuts: int


@dataclass(frozen=True, slots=True)
class LoudnessSet:
    lufs: float
    target: str | None = None


@dataclass(frozen=True, slots=True)
class ClipNotAnalysed:
    clip: ClipRef


@dataclass(frozen=True, slots=True)
class MusicNotAnalysed:
    music: str


@dataclass(frozen=True, slots=True)
class NoSpeech:
    clip: ClipRef


@dataclass(frozen=True, slots=True)
class NoPauses:
    longer_than_ms: int
    keep_over_ms: int | None = None


@dataclass(frozen=True, slots=True)
class AllStill:
    clip: ClipRef


@dataclass(frozen=True, slots=True)
class NoStill:
    black: bool
    frozen: bool


@dataclass(frozen=True, slots=True)
class NoScenes:
    pass


@dataclass(frozen=True, slots=True)
class NoMusicForBeats:
    pass


@dataclass(frozen=True, slots=True)
class NoBeat:
    music: str


@dataclass(frozen=True, slots=True)
class BeatsOutOfReach:
    clips: int


@dataclass(frozen=True, slots=True)
class MusicDucked:
    """The music dips ``db`` dB under the clips' speech (0: no longer)."""

    db: int


@dataclass(frozen=True, slots=True)
class DenoiseSet:
    on: bool


# ---------------------------------------------------------------- captions and cuts by speech


@dataclass(frozen=True, slots=True)
class CaptionsAdded:
    """Captions heard from the clips' speech (``replaced``: they took the place of others)."""

    cues: int
    words: int
    style: CaptionStyle
    replaced: bool = False


@dataclass(frozen=True, slots=True)
class CaptionsStyled:
    style: CaptionStyle


@dataclass(frozen=True, slots=True)
class CaptionsRemoved:
    name: str = ""  # the subtitle file they came from, if any


@dataclass(frozen=True, slots=True)
class SpeechCut:
    """Cut by what is said: each cut's words and where they were (timeline ms, before)."""

    what: Literal["fillers", "between", "sentence"]
    cuts: tuple[tuple[str, int], ...]
    cut_ms: int
    before_ms: int
    after_ms: int


@dataclass(frozen=True, slots=True)
class NoSpeechHeard:
    on_timeline: bool = False  # heard in the files, but not in the parts the timeline plays


@dataclass(frozen=True, slots=True)
class NoCaptions:
    pass


@dataclass(frozen=True, slots=True)
class SpeechNotFound:
    what: Literal["fillers", "between", "sentence"]
    first: str = ""
    last: str = ""


Change = (
    ClipsCombined | ClipPlaced | ClipMoved | ClipAlreadyThere | ClipsSwapped | ClipsReversed
    | ClipRemoved | ClipSpeedSet | SpeedSet | ClipVolumeSet | ClipsVolumeSet | PhotoLengthSet
    | CrossfadesRemoved | CrossfadeSet | CrossfadeShortened | PhotoShown | ClipTrimmed
    | TimelineCut | MusicAdded | MusicPlaced | MusicVolumeSet | MusicFadesSet | MusicRemoved
    | MusicDropped | TitleAdded | TitleReplaced | TitleUpdated | TitleRemoved | TitlesRemoved
    | TitleDropped | AspectSet | FitSet | Undone | Redone | StartedOver
    | FrameRateSet | SoundTrackSet | PausesCut | StillRemoved | ScenesSplit | BeatCutsSet
    | LoudnessSet | MusicDucked | DenoiseSet | ClipsChosen | ClipsKept | AllKept | ClipsReordered
    | AlreadyInOrder | ShortenedBy | TitleTextChanged
    | CaptionsAdded | CaptionsStyled | CaptionsRemoved | SpeechCut
)  # fmt: skip
Problem = (
    NoClips | NothingToCombine | NoSuchClip | NoSuchPosition | NextToItself | SameClip
    | OnlyOneClip | SpeedOutOfRange | PhotoHasNoSpeed | OnlyPhotos | PhotoLengthOutOfRange
    | TooShortForCrossfades | BeyondSource | TrimClamped | NothingLeftOfClip | NothingToCut
    | NothingLeft | NoAudioFile | NoSuchAudio | NotAudio | MusicWouldNotPlay | NoMusic
    | MusicAtQuietest | NoMusicToRemove | TitleNeedsWords | TitleRangeEmpty | TitleAfterEnd
    | NoTitleToRemove | NothingToUndo | NothingToRedo | AlreadyEmpty
    | RateNotRendered | OneSoundTrack | NoSuchSoundTrack
    | ClipNotAnalysed | MusicNotAnalysed | NoSpeech | NoPauses | AllStill | NoStill | NoScenes
    | NoMusicForBeats | NoBeat | BeatsOutOfReach | NotInSession | TooShortToShorten
    | NoSpeechHeard | NoCaptions | SpeechNotFound
)  # fmt: skip
# ---------------------------------------------------------------- notes (how it was read)


@dataclass(frozen=True, slots=True)
class ReadAs:
    """A word typed slightly wrong (``typed``) was read as the command word ``meant``."""

    typed: str
    meant: str


@dataclass(frozen=True, slots=True)
class PartNotDone:
    """A part of the message (``said``) that was not understood: why it cannot be done
    (``reason``: "stickers", "colour", "effects", "retouch", "watermark", "translate",
    "background"), or a near instruction that can (``suggestion``), or neither."""

    said: str
    reason: str | None = None
    suggestion: str | None = None


Note = FontMissing | FontFileBroken | ReadAs | PartNotDone
