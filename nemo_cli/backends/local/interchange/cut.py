"""A timeline as a timeline file sees it: clips, music and titles placed in milliseconds.

It is what the OpenTimelineIO side (``build``, ``read``) works on, and what ``bridge`` makes
from a session's ``Timeline`` and turns back into one. It is not the engine's ``Timeline``
because a timeline file says more and less than the engine holds: each clip names its file by
path with the facts the writers need (its length, whether it has sound), and clips sit where
the file puts them (gaps, dissolves of different lengths), which ``bridge`` then fits to what
the engine plays. The text styles are the engine's own (``timeline.Position`` ...).

Times are milliseconds. A clip's ``start_ms``/``dur_ms`` are its place on the timeline (after
speed); ``in_ms`` is where it starts inside its file; it uses ``dur_ms * speed`` of the file.
Consecutive clips overlap by the crossfade (``Cut.xfade_ms``): the next clip starts that much
before the previous one ends, as the local engine plays them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..timeline import Anchor, Position, Size, TextRole

FPS = 30  # the local engine renders at 30 fps: timeline files use it as their rate

ClipKind = Literal["video", "image"]


@dataclass(frozen=True)
class Media:
    """A file a timeline refers to. ``path`` is absolute; ``duration_ms`` None for a photo."""

    path: str
    name: str
    kind: Literal["video", "image", "audio"]
    duration_ms: int | None = None
    has_audio: bool = False
    fps: float | None = None


@dataclass(frozen=True)
class Clip:
    media: Media
    start_ms: int
    dur_ms: int
    in_ms: int = 0
    speed: float = 1.0
    volume: float = 100.0  # the clip's own sound, percent; 0 = muted

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.dur_ms

    @property
    def kind(self) -> ClipKind:
        return "image" if self.media.kind == "image" else "video"


@dataclass(frozen=True)
class Music:
    media: Media
    start_ms: int
    dur_ms: int
    in_ms: int = 0
    volume: float = 100.0  # percent
    fade_in_ms: int = 0
    fade_out_ms: int = 0
    loop: bool = False  # repeat a short file to cover dur_ms

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.dur_ms


@dataclass(frozen=True)
class Text:
    text: str
    start_ms: int
    dur_ms: int
    kind: TextRole = "title"
    pos: Position = "center"
    size: Size = "large"
    anchor: Anchor | None = None  # kept at the end of the timeline, or across all of it

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.dur_ms


@dataclass(frozen=True)
class Cut:
    name: str
    clips: tuple[Clip, ...] = ()
    music: tuple[Music, ...] = ()
    texts: tuple[Text, ...] = ()
    xfade_ms: int = 0
    width: int = 1920
    height: int = 1080
    settings: dict[str, object] = field(default_factory=dict)  # aspect, fit, img_d

    @property
    def duration_ms(self) -> int:
        return max((c.end_ms for c in self.clips), default=0)


def frames(ms: float, rate: float = FPS) -> int:
    """Milliseconds -> whole frames (nearest)."""
    return int(round(ms * rate / 1000))


def to_ms(frame_count: float, rate: float = FPS) -> int:
    return int(round(frame_count * 1000 / rate))


def features(cut: Cut) -> set[str]:
    """What a timeline uses that some formats cannot hold (``formats.TimelineFormat.lost``)."""
    found: set[str] = set()
    if cut.xfade_ms > 0 and len(cut.clips) > 1:
        found.add("crossfades")
    if any(c.speed != 1.0 for c in cut.clips):
        found.add("speed")
    if any(c.volume not in (0, 100) for c in cut.clips) or any(m.volume != 100 for m in cut.music):
        found.add("volumes")
    if any(m.fade_in_ms or m.fade_out_ms for m in cut.music):
        found.add("fades")
    if any(c.media.has_audio and c.volume > 0 for c in cut.clips):
        found.add("clip_sound")
    if cut.texts:
        found.add("titles")
    return found
