"""What an edit did, and what it could not do, as values.

Edit operations (``edit/``) return these instead of sentences; the reply, the ``DraftChanged``
event and the font check are all worded from them through one EN/ZH table
(``messages.word``). Times are milliseconds; names are as the session has them (the wording
makes them safe for a terminal). ``Title*`` values are about any text on the picture: ``role``
says title, caption or plain text.

To add a kind: a ``@frozen`` value class here (``nemo_cli.values``: a frozen dataclass, made
cheaply) (in ``Change`` or ``Problem``), and its row in
``messages.MESSAGES`` (a test checks that every kind has one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ...values import frozen
from .timeline import Aspect, FitMode, Position, Size, TextRole

if TYPE_CHECKING:  # (a type only: every class in this module is a change or a problem)
    from .captions.style import CaptionStyle


@frozen
class ClipRef:
    """A clip as the user sees it: its number on the timeline and its name."""

    number: int
    name: str


# ---------------------------------------------------------------- changes: the clips


@frozen
class ClipsCombined:
    """Every video and photo put on the timeline, in upload order (``auto``: because another
    edit needed clips)."""

    videos: int
    photos: int
    length_ms: int
    auto: bool = False


@frozen
class ClipPlaced:
    """The one clip of the session put on the timeline."""

    name: str
    length_ms: int


@frozen
class ClipsAdded:
    """Files put on the timeline as new clips, from clip number ``first`` on."""

    names: tuple[str, ...]
    first: int
    length_ms: int


@frozen
class ClipMoved:
    clip: ClipRef
    position: int


@frozen
class ClipAlreadyThere:
    clip: ClipRef
    position: int


@frozen
class ClipsSwapped:
    a: ClipRef
    b: ClipRef


@frozen
class ClipsReversed:
    count: int


@frozen
class ClipRemoved:
    clip: ClipRef
    length_ms: int  # the timeline's length after (0: it is empty)


@frozen
class ClipSpeedSet:
    clip: ClipRef
    factor: float
    before_ms: int
    after_ms: int


@frozen
class SpeedSet:
    """Every video clip now plays at ``factor``."""

    factor: float
    length_ms: int


@frozen
class ClipVolumeSet:
    clip: ClipRef
    volume: int


@frozen
class ClipsVolumeSet:
    """The own sound of every clip (0: muted)."""

    volume: int


@frozen
class PhotoLengthSet:
    """How long each photo shows; ``photos`` on the timeline now (0: for photos to come)."""

    ms: int
    photos: int
    length_ms: int


@frozen
class CrossfadesRemoved:
    had: bool  # there were crossfades before
    length_ms: int


@frozen
class CrossfadeSet:
    """Crossfades of ``ms`` between clips; ``asked_ms`` when shortened to fit; ``length_ms``
    None while there are fewer than two clips."""

    ms: int
    length_ms: int | None
    asked_ms: int | None = None


@frozen
class CrossfadeShortened:
    """The clips got shorter: the crossfades were cut to fit the shortest."""

    ms: int


@frozen
class PhotoShown:
    """A photo on the timeline now shows for ``ms``."""

    clip: ClipRef
    ms: int


@frozen
class ClipTrimmed:
    """The clip now plays ``start_ms``-``end_ms`` of its source (``length_ms`` on the
    timeline); ``already``: it did so before."""

    clip: ClipRef
    start_ms: int
    end_ms: int
    length_ms: int
    already: bool = False


@frozen
class ClipSplit:
    """``clip`` cut in two at ``at_ms`` of it: parts ``first_ms`` and ``second_ms`` long, the
    second now clip ``clip.number + 1``."""

    clip: ClipRef
    at_ms: int
    first_ms: int
    second_ms: int


@frozen
class TimelineCut:
    """The timeline cut to ``length_ms``, keeping ``start_ms``-``end_ms`` of it."""

    length_ms: int
    start_ms: int
    end_ms: int


# ---------------------------------------------------------------- changes: music and text


@frozen
class MusicAdded:
    name: str
    start_ms: int
    end_ms: int
    volume: int
    looped: bool
    replaced: str | None = None  # the music it replaced


@frozen
class MusicPlaced:
    """The music already on now plays here."""

    name: str
    start_ms: int
    end_ms: int
    volume: int


@frozen
class MusicVolumeSet:
    volume: int
    was: int


@frozen
class MusicFadesSet:
    """Fade in / out set (0: none); None: that end was not touched. Both None or 0: removed."""

    fade_in_ms: int | None
    fade_out_ms: int | None


@frozen
class MusicRemoved:
    name: str


@frozen
class MusicDropped:
    """The timeline now ends before the music starts."""

    name: str


@frozen
class TitleAdded:
    role: TextRole
    text: str
    start_ms: int
    end_ms: int
    position: Position


@frozen
class TitleReplaced:
    role: TextRole
    old: str
    text: str
    start_ms: int
    end_ms: int
    position: Position


@frozen
class TitleUpdated:
    role: TextRole
    text: str
    start_ms: int
    end_ms: int
    position: Position
    size: Size


@frozen
class TitleRemoved:
    role: TextRole
    text: str


@frozen
class TitlesRemoved:
    role: TextRole | None  # None: every text
    count: int


@frozen
class TitleDropped:
    """The timeline now ends before the text shows."""

    role: TextRole
    text: str


# ---------------------------------------------------------------- changes: the frame


@frozen
class AspectSet:
    aspect: Aspect
    width: int
    height: int
    already: bool = False


@frozen
class FitSet:
    fit: FitMode
    width: int
    height: int
    already: bool = False


@frozen
class FrameRateSet:
    """The output's frame rate: ``label`` ("60", "23.976") asked for, or (``own``) the clips'
    own rate again."""

    label: str
    own: bool = False


@frozen
class SoundTrackSet:
    """A clip now plays its file's sound track ``track`` (as people name it)."""

    clip: ClipRef
    track: str


# ---------------------------------------------------------------- the history (the store's)


@frozen
class Undone:
    """``what``: the change taken back (``edit.between``), when it can be named."""

    what: tuple[Change, ...] = ()


@frozen
class Redone:
    """``what``: the change made again, when it can be named."""

    what: tuple[Change, ...] = ()


@frozen
class StartedOver:
    pass


# ---------------------------------------------------------------- problems


@frozen
class NoClips:
    """Nothing on the timeline and nothing to put there."""


@frozen
class NothingToCombine:
    pass


@frozen
class NoSuchClip:
    number: int
    count: int


@frozen
class AlreadyOnTimeline:
    """``name`` is clip ``clips`` already: added again only when "again" is said."""

    name: str
    clips: tuple[int, ...]


@frozen
class NotUploaded:
    """No video or photo of the session is called ``name``."""

    name: str


@frozen
class NotVisual:
    """``name`` is a file of the session, but not a video or photo (``kind``)."""

    name: str
    kind: str


@frozen
class NoSuchPosition:
    position: int
    count: int


@frozen
class NextToItself:
    pass


@frozen
class SameClip:
    pass


@frozen
class OnlyOneClip:
    pass


@frozen
class SpeedOutOfRange:
    low: float
    high: float


@frozen
class PhotoHasNoSpeed:
    clip: ClipRef


@frozen
class OnlyPhotos:
    pass


@frozen
class PhotoLengthOutOfRange:
    pass


@frozen
class TooShortForCrossfades:
    pass


@frozen
class BeyondSource:
    """Nothing of the clip's source is at ``at_ms``: it is ``source_ms`` long."""

    clip: ClipRef
    source_ms: int
    at_ms: int


@frozen
class TrimClamped:
    """The source ends before the range asked: ``start_ms``-``end_ms`` is used."""

    clip: ClipRef
    source_ms: int
    start_ms: int
    end_ms: int


@frozen
class SplitOutside:
    """No split at ``at_ms``: ``clip`` (None: the timeline) is ``length_ms`` long, and a part
    shorter than a tenth of a second is not kept."""

    clip: ClipRef | None
    at_ms: int
    length_ms: int


@frozen
class NothingLeftOfClip:
    clip: ClipRef


@frozen
class NothingToCut:
    """The timeline is already no longer than asked (``asked_ms``, when a length was said):
    cutting cannot make it longer."""

    length_ms: int
    asked_ms: int | None = None


@frozen
class NothingLeft:
    pass


@frozen
class NoAudioFile:
    pass


@frozen
class NoSuchAudio:
    wanted: str
    known: tuple[str, ...]  # the audio files the session has


@frozen
class NotAudio:
    name: str
    kind: str


@frozen
class MusicWouldNotPlay:
    length_ms: int
    start_ms: int


@frozen
class NoMusic:
    pass


@frozen
class MusicAtQuietest:
    """The music is at the lowest step already (``volume`` %): lower is muting."""

    volume: int


@frozen
class AtLoudest:
    """The music (``music``) or the clips' sound is as loud as it goes (``volume`` %)."""

    music: bool
    volume: int


@frozen
class ClipsAtQuietest:
    """The clips' sound is at the lowest step already (``volume`` %): lower is muting."""

    volume: int


@frozen
class NoMusicToRemove:
    pass


@frozen
class TitleNeedsWords:
    role: TextRole


@frozen
class TitleRangeEmpty:
    role: TextRole


@frozen
class TitleAfterEnd:
    role: TextRole
    length_ms: int
    start_ms: int


@frozen
class NoTitleToRemove:
    role: TextRole | None


@frozen
class NothingToUndo:
    pass


@frozen
class NothingToRedo:
    pass


@frozen
class AlreadyEmpty:
    pass


@frozen
class RateNotRendered:
    """A frame rate nemo does not render (``fps``): the rate stays as it was."""

    fps: float


@frozen
class OneSoundTrack:
    """No clip's file has more than one sound track to choose from."""


@frozen
class NoSuchSoundTrack:
    """No clip's file has the track asked for (``wanted``); ``known``: the tracks there are."""

    wanted: str
    known: tuple[str, ...]


# ---------------------------------------------------------------- choosing and ordering clips


@frozen
class ClipsChosen:
    """The uploads named put on the timeline, in the order named ("use beach and sunset")."""

    names: tuple[str, ...]
    length_ms: int


@frozen
class ClipsKept:
    """Only these clips kept ("use only the first and last clip"); the others removed."""

    kept: tuple[ClipRef, ...]
    removed: tuple[ClipRef, ...]
    length_ms: int


@frozen
class AllKept:
    """Every clip on the timeline is one of those to keep: nothing removed."""


@frozen
class ClipsReordered:
    """The clips now play in this order (their names, first to last)."""

    names: tuple[str, ...]


@frozen
class AlreadyInOrder:
    pass


@frozen
class ShortenedBy:
    """ "It's too long", with no length said: it was ``was_ms`` (the cut itself is a
    ``TimelineCut``); say a length to choose another."""

    was_ms: int


@frozen
class TitleTextChanged:
    """ "Change the title to X": the text of the title there, in its place."""

    role: TextRole
    old: str
    text: str


@frozen
class NotInSession:
    """None of the files named is a video or photo of this session."""

    names: tuple[str, ...]


@frozen
class TooShortToShorten:
    length_ms: int


# ---------------------------------------------------------------- notes (the font check)


@frozen
class FontMissing:
    """No font here draws ``chars`` (of the new ``texts``): they would show as boxes.
    ``whole``: every character of the texts; ``package`` a font package that has them."""

    texts: tuple[str, ...]
    chars: str
    whole: bool
    package: str
    env_var: str


@frozen
class FontFileBroken:
    """The font file setting (``env_var`` = ``value``) is not a font nemo can read."""

    env_var: str
    value: str


# ---------------------------------------------------------------- changes and problems: cuts
# from the analysis (pauses, black and frozen stretches, scenes, beats) and the sound's level

Span = tuple[int, int]  # a range of a source, ms


@frozen
class PausesCut:
    """Pauses cut out of the speech of the file ``name``: each a range of that source."""

    name: str
    cuts: tuple[Span, ...]


@frozen
class StillRemoved:
    """Black and/or frozen stretches cut out of the file ``name`` (ranges of that source)."""

    name: str
    black: bool
    frozen: bool
    cuts: tuple[Span, ...]


@frozen
class ScenesSplit:
    clip: ClipRef
    changes: int  # scene changes found
    clips: int  # clips it became


@frozen
class BeatCutsSet:
    """The cuts between clips put on the beats of the music ``music`` (every ``every`` beats)."""

    music: str
    bpm: float
    every: int
    cuts: int


@frozen
class LoudnessSet:
    lufs: float
    target: str | None = None


@frozen
class ClipNotAnalysed:
    clip: ClipRef


@frozen
class MusicNotAnalysed:
    music: str


@frozen
class NoSpeech:
    clip: ClipRef


@frozen
class NoPauses:
    longer_than_ms: int
    keep_over_ms: int | None = None


@frozen
class AllStill:
    clip: ClipRef


@frozen
class NoStill:
    black: bool
    frozen: bool


@frozen
class NoScenes:
    pass


@frozen
class NoMusicForBeats:
    pass


@frozen
class NoBeat:
    music: str


@frozen
class BeatsOutOfReach:
    clips: int


@frozen
class MusicDucked:
    """The music dips ``db`` dB under the clips' speech (0: no longer)."""

    db: int


@frozen
class DenoiseSet:
    on: bool


# ---------------------------------------------------------------- captions and cuts by speech


@frozen
class CaptionsAdded:
    """Captions heard from the clips' speech (``replaced``: they took the place of others)."""

    cues: int
    words: int
    style: CaptionStyle
    replaced: bool = False
    language: str | None = None  # the language the speech was heard in ("en", "zh", ...)


@frozen
class CaptionsStyled:
    style: CaptionStyle


@frozen
class CaptionsRemoved:
    name: str = ""  # the subtitle file they came from, if any


@frozen
class SpeechCut:
    """Cut by what is said: each cut's words and where they were (timeline ms, before)."""

    what: Literal["fillers", "between", "sentence"]
    cuts: tuple[tuple[str, int], ...]
    cut_ms: int
    before_ms: int
    after_ms: int


@frozen
class NoSpeechHeard:
    on_timeline: bool = False  # heard in the files, but not in the parts the timeline plays


@frozen
class NoCaptions:
    pass


@frozen
class NeedsSpeech:
    """Captions (``what`` "captions") or cuts by what is said ("transcript") were not done:
    nothing here can hear the speech. ``no_model``: no speech model for ``language`` (None:
    any) is installed; else ``message`` and ``hint`` are the speech setup's own words."""

    what: Literal["captions", "transcript"]
    no_model: bool
    language: str | None = None
    message: str = ""
    hint: str = ""


@frozen
class SpeechNotFound:
    what: Literal["fillers", "between", "sentence"]
    first: str = ""
    last: str = ""


Change = (
    ClipsCombined
    | ClipPlaced
    | ClipsAdded
    | ClipMoved
    | ClipAlreadyThere
    | ClipsSwapped
    | ClipsReversed
    | ClipRemoved
    | ClipSpeedSet
    | SpeedSet
    | ClipVolumeSet
    | ClipsVolumeSet
    | PhotoLengthSet
    | CrossfadesRemoved
    | CrossfadeSet
    | CrossfadeShortened
    | PhotoShown
    | ClipTrimmed
    | ClipSplit
    | TimelineCut
    | MusicAdded
    | MusicPlaced
    | MusicVolumeSet
    | MusicFadesSet
    | MusicRemoved
    | MusicDropped
    | TitleAdded
    | TitleReplaced
    | TitleUpdated
    | TitleRemoved
    | TitlesRemoved
    | TitleDropped
    | AspectSet
    | FitSet
    | Undone
    | Redone
    | StartedOver
    | FrameRateSet
    | SoundTrackSet
    | PausesCut
    | StillRemoved
    | ScenesSplit
    | BeatCutsSet
    | LoudnessSet
    | MusicDucked
    | DenoiseSet
    | ClipsChosen
    | ClipsKept
    | AllKept
    | ClipsReordered
    | AlreadyInOrder
    | ShortenedBy
    | TitleTextChanged
    | CaptionsAdded
    | CaptionsStyled
    | CaptionsRemoved
    | SpeechCut
)
Problem = (
    NoClips
    | NothingToCombine
    | NoSuchClip
    | NoSuchPosition
    | AlreadyOnTimeline
    | NotUploaded
    | NotVisual
    | NextToItself
    | SameClip
    | OnlyOneClip
    | SpeedOutOfRange
    | PhotoHasNoSpeed
    | OnlyPhotos
    | PhotoLengthOutOfRange
    | TooShortForCrossfades
    | BeyondSource
    | TrimClamped
    | SplitOutside
    | NothingLeftOfClip
    | NothingToCut
    | NothingLeft
    | NoAudioFile
    | NoSuchAudio
    | NotAudio
    | MusicWouldNotPlay
    | NoMusic
    | MusicAtQuietest
    | AtLoudest
    | ClipsAtQuietest
    | NoMusicToRemove
    | TitleNeedsWords
    | TitleRangeEmpty
    | TitleAfterEnd
    | NoTitleToRemove
    | NothingToUndo
    | NothingToRedo
    | AlreadyEmpty
    | RateNotRendered
    | OneSoundTrack
    | NoSuchSoundTrack
    | ClipNotAnalysed
    | MusicNotAnalysed
    | NoSpeech
    | NoPauses
    | AllStill
    | NoStill
    | NoScenes
    | NoMusicForBeats
    | NoBeat
    | BeatsOutOfReach
    | NotInSession
    | TooShortToShorten
    | NoSpeechHeard
    | NoCaptions
    | NeedsSpeech
    | SpeechNotFound
)
# ---------------------------------------------------------------- notes (how it was read)


@frozen
class ReadAs:
    """A word typed slightly wrong (``typed``) was read as the command word ``meant``."""

    typed: str
    meant: str


@frozen
class PartNotDone:
    """A part of the message (``said``) that was not understood: why it cannot be done
    (``reason``: "stickers", "colour", "effects", "retouch", "watermark", "translate",
    "background"), or a near instruction that can (``suggestion``), or neither."""

    said: str
    reason: str | None = None
    suggestion: str | None = None


Note = FontMissing | FontFileBroken | ReadAs | PartNotDone
