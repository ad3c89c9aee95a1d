"""The local engine's timeline as types, and the one place that knows the compact draft keys.

``edit/`` and ``render/`` work on these frozen, slotted dataclasses; the draft dict (the cloud's
compact format, docs/ARCHITECTURE.md) exists only at the edges: ``from_draft`` reads one (from
``session.json``, never raising: whatever is missing or malformed gets its default, which is the
one normalising pass), ``to_draft`` writes one. For every draft the engine writes,
``to_draft(from_draft(d)) == d``.

Derived, never stored twice: each clip's start on the timeline (clips play one after another,
each after the first starting ``frame.crossfade_ms`` before the previous one ends) and the
timeline's length (the end of the last clip). ``to_draft`` writes them for readers of the
draft. ``title`` (``m.title``, the video's name in its metadata) is the first title's text:
the editor keeps it so (``first_title``).

To add a field: give it a default in its class, read it in ``_<class>_from`` and write it in
``_<class>_to`` (write optional fields only when set, so older drafts keep comparing equal).
Likely next: several clips cut from one source (pause cutting: a clip already is one range of
a source), a captions track, a clip's audio stream, analysis references, an output frame rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar, cast

Aspect = Literal["16:9", "9:16", "1:1"]
FitMode = Literal["letterbox", "fill"]
ClipKind = Literal["video", "image"]
TextRole = Literal["title", "caption", "text"]
Position = Literal["top", "center", "bottom"]
Size = Literal["small", "medium", "large"]
Anchor = Literal["end", "all"]  # a text pinned to the end of the timeline, or spanning it

ASPECTS: tuple[Aspect, ...] = ("16:9", "9:16", "1:1")
FITS: tuple[FitMode, ...] = ("letterbox", "fill")
ROLES: tuple[TextRole, ...] = ("title", "caption", "text")
POSITIONS: tuple[Position, ...] = ("top", "center", "bottom")
SIZES: tuple[Size, ...] = ("small", "medium", "large")
ANCHORS: tuple[Anchor, ...] = ("end", "all")
# The output size of each aspect ratio (the one table of it).
ASPECT_SIZES: dict[Aspect, tuple[int, int]] = {
    "16:9": (1920, 1080),
    "9:16": (1080, 1920),
    "1:1": (1080, 1080),
}
DEFAULT_IMAGE_MS = 3000  # how long a photo shows in a slideshow, unless said
DEFAULT_TEXT_MS = 3000  # how long a title shows, unless said
MAX_MS = 24 * 3600 * 1000  # no time in a draft is longer than a day

VIDEO, AUDIO, TEXT = 0, 1, 7  # the draft's track types ("tt")
TRACK_NAMES = {VIDEO: "Video", AUDIO: "BGM", TEXT: "Title"}


@dataclass(frozen=True, slots=True)
class Clip:
    """One piece of a source on the video track.

    The source range it plays is ``in_ms .. in_ms + duration_ms * speed``; ``duration_ms`` is its
    length on the timeline (after speed). ``volume`` is its own sound in percent (0 = muted).
    """

    id: str  # "v1": stable while the clip stays on the timeline
    source: str  # the media id in the session ("m1")
    name: str  # shown to the user: the file name when it was added
    kind: ClipKind = "video"
    duration_ms: int = 1
    in_ms: int = 0
    speed: float = 1.0
    volume: int = 100

    @property
    def source_ms(self) -> float:
        """How much of the source it plays (ms)."""
        return self.duration_ms * self.speed


@dataclass(frozen=True, slots=True)
class Music:
    """Background music: ``source`` from ``in_ms``, placed at ``start_ms`` for ``duration_ms``,
    at ``volume`` percent, faded in / out over ``fade_in_ms`` / ``fade_out_ms``; ``loop``
    repeats a file shorter than its place."""

    id: str
    source: str
    name: str
    start_ms: int = 0
    duration_ms: int = 0
    in_ms: int = 0
    volume: int = 100
    fade_in_ms: int = 0
    fade_out_ms: int = 0
    loop: bool = False
    duck_db: int = 0  # how far it dips under the clips' speech (0: it does not)

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms


@dataclass(frozen=True, slots=True)
class Text:
    """A title, caption or plain text drawn over the picture from ``start_ms`` for
    ``duration_ms``; ``anchor`` keeps it at the end of the timeline ("end") or across all of
    it ("all") when the timeline's length changes."""

    id: str
    text: str
    start_ms: int = 0
    duration_ms: int = DEFAULT_TEXT_MS
    position: Position = "center"
    size: Size = "medium"
    role: TextRole = "title"
    anchor: Anchor | None = None

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms


@dataclass(frozen=True, slots=True)
class Frame:
    """The picture: its shape and size, how clips of another shape fit it, the crossfade
    between clips (0: hard cuts) and how long a photo shows."""

    aspect: Aspect = "16:9"
    width: int = 1920
    height: int = 1080
    fit: FitMode = "letterbox"
    crossfade_ms: int = 0
    image_ms: int = DEFAULT_IMAGE_MS

    @classmethod
    def sized(cls, aspect: Aspect, **fields: Any) -> Frame:
        """A frame of ``aspect`` at its standard output size."""
        width, height = ASPECT_SIZES[aspect]
        return cls(aspect=aspect, width=width, height=height, **fields)


@dataclass(frozen=True, slots=True)
class Timeline:
    clips: tuple[Clip, ...] = ()
    music: tuple[Music, ...] = ()
    texts: tuple[Text, ...] = ()
    frame: Frame = field(default_factory=Frame)
    title: str | None = None  # the video's name (metadata): the first title's text
    loudness_lufs: float | None = None  # the sound normalised to this on export (m.lufs)
    denoise: bool = False  # the clips' background noise reduced (afftdn) on export (m.dn)

    def starts(self) -> list[int]:
        """Where each clip starts on the timeline (crossfades overlap neighbours)."""
        out: list[int] = []
        end = 0
        for i, clip in enumerate(self.clips):
            start = 0 if i == 0 else max(0, end - self.frame.crossfade_ms)
            out.append(start)
            end = start + clip.duration_ms
        return out

    @property
    def length_ms(self) -> int:
        """The end of the last clip: music and titles never make the timeline longer."""
        if not self.clips:
            return 0
        return self.starts()[-1] + self.clips[-1].duration_ms


EMPTY = Timeline()


def first_title(texts: tuple[Text, ...]) -> str | None:
    """The text of the title that shows first, if there is one."""
    titles = sorted((t for t in texts if t.role == "title" and t.text), key=lambda t: t.start_ms)
    return titles[0].text if titles else None

# ---------------------------------------------------------------- reading a draft

E = TypeVar("E", bound=str)


def _int(raw: Mapping[str, Any], key: str, default: int, low: int = 0) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return max(low, min(int(round(value)), MAX_MS))


def _float(raw: Mapping[str, Any], key: str, default: float) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return float(value) if value > 0 else default


def _str(raw: Mapping[str, Any], key: str, default: str = "") -> str:
    value = raw.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return default


def _choice(raw: Mapping[str, Any], key: str, allowed: tuple[E, ...], default: E) -> E:
    value = raw.get(key)
    return cast(E, value) if value in allowed else default


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _segments(draft: Mapping[str, Any], tt: int) -> list[dict[str, Any]]:
    """The segments of every track of type ``tt``, in order."""
    return [s for t in _dicts(draft.get("t")) if t.get("tt") == tt for s in _dicts(t.get("sg"))]


def _clip_from(raw: Mapping[str, Any], n: int) -> Clip | None:
    duration = _int(raw, "d", 0)
    if duration <= 0:
        return None  # a clip of no length shows nothing
    source = _str(raw, "src")
    return Clip(
        id=_str(raw, "id", f"v{n}"),
        source=source,
        name=_str(raw, "n", source),
        kind=_choice(raw, "k", ("video", "image"), "video"),
        duration_ms=duration,
        in_ms=_int(raw, "in", 0),
        speed=_float(raw, "sp", 1.0),
        volume=_int(raw, "v", 100),
    )


def _music_from(raw: Mapping[str, Any], n: int, length: int) -> Music:
    source = _str(raw, "src")
    start = _int(raw, "st", 0)
    return Music(
        id=_str(raw, "id", f"a{n}"),
        source=source,
        name=_str(raw, "n", source),
        start_ms=start,
        duration_ms=_int(raw, "d", max(0, length - start)),
        in_ms=_int(raw, "in", 0),
        volume=_int(raw, "v", 100),
        fade_in_ms=_int(raw, "fi", 0),
        fade_out_ms=_int(raw, "fo", 0),
        loop=raw.get("loop", True) is not False,
        duck_db=min(_int(raw, "duck", 0), 40),
    )


def _text_from(raw: Mapping[str, Any], n: int) -> Text | None:
    text = _str(raw, "tx")
    if not text.strip():
        return None  # nothing to draw
    role = _choice(raw, "k", ROLES, "title")
    return Text(
        id=_str(raw, "id", f"x{n}"),
        text=text,
        start_ms=_int(raw, "st", 0),
        duration_ms=_int(raw, "d", DEFAULT_TEXT_MS),
        position=_choice(raw, "pos", POSITIONS, "center"),
        size=_choice(raw, "size", SIZES, "large" if role == "title" else "medium"),
        role=role,
        anchor=cast("Anchor | None", raw.get("anc")) if raw.get("anc") in ANCHORS else None,
    )


def _frame_from(raw: Mapping[str, Any]) -> Frame:
    aspect = _choice(raw, "aspect", ASPECTS, "16:9")
    width, height = _int(raw, "width", 0), _int(raw, "height", 0)
    if width <= 0 or height <= 0:
        width, height = ASPECT_SIZES[aspect]
    return Frame(
        aspect=aspect,
        width=width,
        height=height,
        fit=_choice(raw, "fit", FITS, "letterbox"),
        crossfade_ms=_int(raw, "xfade", 0),
        image_ms=_int(raw, "img_d", DEFAULT_IMAGE_MS) or DEFAULT_IMAGE_MS,
    )


def _loudness(raw: Mapping[str, Any]) -> float | None:
    value = raw.get("lufs")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value) if -40 <= value <= -5 else None


def from_draft(draft: Any) -> Timeline:
    """The timeline of a draft dict; never raises (see the module docstring)."""
    if not isinstance(draft, Mapping):
        return EMPTY
    meta = draft.get("m")
    frame = _frame_from(meta if isinstance(meta, Mapping) else {})
    clips = tuple(c for n, raw in enumerate(_segments(draft, VIDEO), 1)
                  if (c := _clip_from(raw, n)) is not None)  # fmt: skip
    title = meta.get("title") if isinstance(meta, Mapping) else None
    lufs = _loudness(meta if isinstance(meta, Mapping) else {})
    denoise = isinstance(meta, Mapping) and meta.get("dn") is True
    timeline = Timeline(clips=clips, frame=frame, title=title if isinstance(title, str) else None,
                        loudness_lufs=lufs, denoise=denoise)  # fmt: skip
    length = timeline.length_ms
    music = tuple(_music_from(raw, n, length) for n, raw in enumerate(_segments(draft, AUDIO), 1))
    texts = tuple(t for n, raw in enumerate(_segments(draft, TEXT), 1)
                  if (t := _text_from(raw, n)) is not None)  # fmt: skip
    return replace(timeline, music=music, texts=texts)


# ---------------------------------------------------------------- writing a draft


def _clip_to(clip: Clip, start: int) -> dict[str, Any]:
    return {"id": clip.id, "src": clip.source, "n": clip.name, "k": clip.kind, "st": start,
            "d": clip.duration_ms, "in": clip.in_ms, "sp": clip.speed,
            "v": clip.volume}  # fmt: skip


def _music_to(music: Music) -> dict[str, Any]:
    out = {"id": music.id, "src": music.source, "n": music.name, "st": music.start_ms,
           "d": music.duration_ms, "in": music.in_ms, "v": music.volume,
           "fi": music.fade_in_ms, "fo": music.fade_out_ms, "loop": music.loop}  # fmt: skip
    if music.duck_db:
        out["duck"] = music.duck_db
    return out


def _text_to(text: Text) -> dict[str, Any]:
    out: dict[str, Any] = {"id": text.id, "tx": text.text, "st": text.start_ms,
                           "d": text.duration_ms, "pos": text.position, "size": text.size,
                           "k": text.role}  # fmt: skip
    if text.anchor is not None:
        out["anc"] = text.anchor
    return out


def _frame_to(frame: Frame, title: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"width": frame.width, "height": frame.height, "aspect": frame.aspect,
                           "fit": frame.fit, "xfade": frame.crossfade_ms,
                           "img_d": frame.image_ms}  # fmt: skip
    if title is not None:
        out["title"] = title
    return out


def to_draft(timeline: Timeline) -> dict[str, Any]:
    """The draft dict of ``timeline`` (a new one each call); tracks with nothing on them are
    left out."""
    tracks: list[dict[str, Any]] = []
    starts = timeline.starts()
    for tt, segments in (
        (VIDEO, [_clip_to(c, s) for c, s in zip(timeline.clips, starts, strict=True)]),
        (AUDIO, [_music_to(m) for m in timeline.music]),
        (TEXT, [_text_to(t) for t in timeline.texts]),
    ):
        if segments:
            tracks.append({"tt": tt, "n": TRACK_NAMES[tt], "sg": segments})
    meta = _frame_to(timeline.frame, timeline.title)
    if timeline.loudness_lufs is not None:
        meta["lufs"] = timeline.loudness_lufs
    if timeline.denoise:
        meta["dn"] = True
    return {"t": tracks, "d": timeline.length_ms, "m": meta}
