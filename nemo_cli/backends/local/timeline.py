"""The local engine's timeline as types, and the one place that knows the compact draft keys.

``edit/`` and ``render/`` work on these frozen, slotted dataclasses; the draft dict (the cloud's
compact format, docs/ARCHITECTURE.md) exists only at the edges: ``from_draft`` reads one (from
``session.json``, never raising: whatever is missing or malformed gets its default, which is the
one normalising pass), ``to_draft`` writes one. For every draft the engine writes,
``to_draft(from_draft(d)) == d``.

Derived, never stored twice: each clip's start on the timeline (clips play one after another,
each after the first starting ``frame.crossfade_ms`` before the previous one ends, except that
the pieces of one source join by a plain cut: ``continues``) and the timeline's length (the end
of the last clip). ``to_draft`` writes them for readers of the
draft. ``title`` (``m.title``, the video's name in its metadata) is the first title's text:
the editor keeps it so (``first_title``).

To add a field: give it a default in its class, read it in ``_<class>_from`` and write it in
``_<class>_to`` (write optional fields only when set, so older drafts keep comparing equal).
Likely next: several clips cut from one source (pause cutting: a clip already is one range of
a source), a clip's audio stream, analysis references, an output frame rate.

Captions (``Captions``) are a text track of their own in the draft, marked by its ``cap``
object (what they are made of); its segments are the cues as they fall now, for readers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from ...values import field, frozen, replace

if TYPE_CHECKING:  # (loaded where used: a timeline without captions never needs them)
    from .captions.cues import Cue
    from .captions.style import CaptionStyle
    from .speech.transcript import Word

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


@frozen
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
    track: int | None = None  # which of the source's sound tracks plays; None: its default

    @property
    def source_ms(self) -> float:
        """How much of the source it plays (ms)."""
        return self.duration_ms * self.speed


@frozen
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


@frozen
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


@frozen
class Frame:
    """The picture: its shape and size, how clips of another shape fit it, the crossfade
    between clips (0: hard cuts) and how long a photo shows."""

    aspect: Aspect = "16:9"
    width: int = 1920
    height: int = 1080
    fit: FitMode = "letterbox"
    crossfade_ms: int = 0
    image_ms: int = DEFAULT_IMAGE_MS
    fps: float | None = None  # the output rate asked for; None: the clips' own (render/rate.py)

    @classmethod
    def sized(cls, aspect: Aspect, **fields: Any) -> Frame:
        """A frame of ``aspect`` at its standard output size."""
        width, height = ASPECT_SIZES[aspect]
        return cls(aspect=aspect, width=width, height=height, **fields)


CaptionOrigin = Literal["speech", "file"]


@frozen
class Captions:
    """Captions over the picture, from the clips' speech or from a subtitle file.

    "speech": ``heard`` holds the words of each source (media id -> words, in source time), so
    the cues are worked out from the clips as they are now (``Timeline.caption_cues``) and
    follow every cut, trim and speed change. "file": ``cues`` as the file had them, in timeline
    time. ``style`` is how they look; ``language`` the speech's; ``name`` the file's name.
    """

    origin: CaptionOrigin = "speech"
    heard: tuple[tuple[str, tuple[Word, ...]], ...] = ()
    cues: tuple[Cue, ...] = ()
    style: CaptionStyle = field(default_factory=lambda: _caption_style())
    language: str | None = None
    name: str = ""

    def words_of(self, media_id: str) -> tuple[Word, ...]:
        return next((words for mid, words in self.heard if mid == media_id), ())


@frozen
class Pauses:
    """The rule the pauses were last cut by ("cut pauses longer than 1 s, keep those over
    2 s"), kept so the picture and ``status`` can say what the cuts are."""

    longer_than_ms: int = 500
    keep_over_ms: int | None = None
    shorten_to_ms: int | None = None


@frozen
class BeatGrid:
    """The beats the clips were cut to: those of the music from ``source`` (a media id), in its
    own clock (ms from the file's start), at ``bpm``, a cut every ``every`` beats."""

    source: str
    bpm: float
    every: int = 1
    beats_ms: tuple[int, ...] = ()


@frozen
class Timeline:
    clips: tuple[Clip, ...] = ()
    music: tuple[Music, ...] = ()
    texts: tuple[Text, ...] = ()
    frame: Frame = field(default_factory=Frame)
    title: str | None = None  # the video's name (metadata): the first title's text
    loudness_lufs: float | None = None  # the sound normalised to this on export (m.lufs)
    denoise: bool = False  # the clips' background noise reduced (afftdn) on export (m.dn)
    pauses: Pauses | None = None  # the rule of the last pause cut (m.pause)
    beat_grid: BeatGrid | None = None  # the beats of the last cut to the beat (m.beat)
    captions: Captions | None = None

    def starts(self) -> list[int]:
        """Where each clip starts on the timeline (crossfades overlap neighbours)."""
        return place_clips(self.clips, self.frame.crossfade_ms)

    def runs(self) -> list[range]:
        """The clips in runs joined by plain cuts (the pieces of one source, ``continues``),
        as index ranges; crossfades, when there are any, join the runs."""
        out: list[range] = []
        first = 0
        for i in range(1, len(self.clips) + 1):
            if i == len(self.clips) or not continues(self.clips[i - 1], self.clips[i]):
                out.append(range(first, i))
                first = i
        return out

    @property
    def length_ms(self) -> int:
        """The end of the last clip: music and titles never make the timeline longer."""
        if not self.clips:
            return 0
        return self.starts()[-1] + self.clips[-1].duration_ms

    def beats_on_timeline(self) -> list[int]:
        """The beat grid's beats where they fall on the timeline now (ms), through the music
        they came from: its start and in-point, within it and the timeline; [] without one."""
        grid = self.beat_grid
        music = next((m for m in self.music if grid and m.source == grid.source), None)
        if grid is None or music is None:
            return []
        end = min(music.end_ms, self.length_ms)
        moved = (b - music.in_ms + music.start_ms for b in grid.beats_ms)
        return [t for t in moved if music.start_ms <= t <= end]

    def spoken_words(self) -> list[Word]:
        """The words the timeline plays (timeline time), from the captions' transcripts: each
        audible clip (video, not muted) places the words of the stretch it plays at its place,
        at its speed (``speech.placement``)."""
        if self.captions is None:
            return []
        from .speech.placement import Piece, place

        words: list[Word] = []
        for clip, start in zip(self.clips, self.starts(), strict=True):
            heard = self.captions.words_of(clip.source)
            if clip.kind != "video" or clip.volume <= 0 or not heard:
                continue
            end = (clip.in_ms + clip.source_ms) / 1000
            piece = Piece(clip.source, Path(clip.source), clip.name, clip.in_ms / 1000, end,
                          start / 1000, clip.speed)  # fmt: skip
            words.extend(place(heard, piece))
        return sorted(words, key=lambda w: (w.start, w.end))

    def caption_cues(self) -> list[Cue]:
        """The captions as they fall now: speech cut into cues for the frame's shape
        (``captions.chunking``), so they follow every cut, trim and speed change; a file's
        cues as they were, cut at the end of the timeline. None without captions."""
        captions = self.captions
        if captions is None:
            return []
        from .captions.chunking import chunk, layout_for

        length = self.length_ms
        if captions.origin == "file":
            if not self.clips:  # nothing to cut them to yet: the file's cues as they are
                return list(captions.cues)
            # (``replace`` keeps a cue's words: a render segment's cues carry the karaoke's)
            return [replace(c, end=min(c.end, length)) for c in captions.cues
                    if c.start < length]  # fmt: skip
        layout = layout_for(self.frame.aspect, captions.style.words_per_cue)
        return [c for c in chunk(self.spoken_words(), layout) if c.start < length]


EMPTY = Timeline()


def _caption_style(data: Any = None) -> CaptionStyle:
    from .captions.style import CaptionStyle

    return CaptionStyle.from_json(data)


def continues(prev: Clip, clip: Clip) -> bool:
    """``clip`` is a later piece of ``prev``'s source: both video, one source, ``clip`` starting
    later in it (what a pause, black or scene cut leaves). Such pieces join by a plain cut,
    never a crossfade, which would lay the end of one sentence over the start of the next."""
    return (prev.kind == clip.kind == "video" and prev.source == clip.source
            and clip.in_ms > prev.in_ms)  # fmt: skip


def place_clips(clips: Sequence[Clip], crossfade_ms: int) -> list[int]:
    """Where each clip starts: one after another, each overlapping the one before by
    ``crossfade_ms``, except after a clip it ``continues``."""
    out: list[int] = []
    end = 0
    for i, clip in enumerate(clips):
        overlap = 0 if i == 0 or continues(clips[i - 1], clip) else crossfade_ms
        start = max(0, end - overlap)
        out.append(start)
        end = start + clip.duration_ms
    return out


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
    """The segments of every track of type ``tt``, in order (the captions track's are shown
    to readers of the draft but read from its ``cap``: see ``_captions_from``)."""
    return [s for t in _dicts(draft.get("t")) if t.get("tt") == tt and "cap" not in t
            for s in _dicts(t.get("sg"))]  # fmt: skip


def _words_from(raw: Any) -> tuple[Word, ...]:
    """``[[text, start_ms, end_ms, conf%], ...]`` -> words (malformed entries dropped)."""
    from .speech.transcript import Word

    words: list[Word] = []
    for item in raw if isinstance(raw, list) else []:
        if (isinstance(item, list) and len(item) >= 3 and isinstance(item[0], str)
                and all(isinstance(x, int | float) for x in item[1:4])):  # fmt: skip
            conf = item[3] / 100 if len(item) > 3 else 1.0
            words.append(Word(item[0], item[1] / 1000, item[2] / 1000, conf))
    return tuple(words)


def _cues_from(raw: Any) -> tuple[Cue, ...]:
    """``[[start_ms, end_ms, text], ...]`` -> cues (malformed entries dropped)."""
    from .captions.cues import Cue

    return tuple(
        Cue(int(item[0]), int(item[1]), item[2])
        for item in (raw if isinstance(raw, list) else [])
        if isinstance(item, list) and len(item) == 3 and isinstance(item[2], str)
        and all(isinstance(x, int | float) for x in item[:2])
    )  # fmt: skip


def _captions_from(draft: Mapping[str, Any]) -> Captions | None:
    track = next((t for t in _dicts(draft.get("t")) if isinstance(t.get("cap"), dict)), None)
    if track is None:
        return None
    cap = track["cap"]
    heard = cap.get("w") if isinstance(cap.get("w"), dict) else {}
    language = cap.get("lang")
    return Captions(
        origin=_choice(cap, "o", ("speech", "file"), "speech"),
        heard=tuple((str(mid), _words_from(words)) for mid, words in heard.items()),
        cues=_cues_from(cap.get("c")),
        style=_caption_style(cap.get("st") if isinstance(cap.get("st"), dict) else None),
        language=language if isinstance(language, str) else None,
        name=_str(cap, "n"),
    )


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
        track=_track(raw.get("at")),
    )


def _track(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < 64 else None


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
        fps=_fps(raw.get("fps")),
    )


def _fps(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value) if 1 <= value <= 240 else None


def _loudness(raw: Mapping[str, Any]) -> float | None:
    value = raw.get("lufs")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value) if -40 <= value <= -5 else None


def _optional_ms(raw: Mapping[str, Any], key: str) -> int | None:
    return _int(raw, key, 0) if key in raw and _int(raw, key, -1) >= 0 else None


def _pauses_from(raw: Any) -> Pauses | None:
    if not isinstance(raw, Mapping):
        return None
    return Pauses(longer_than_ms=_int(raw, "gt", 500), keep_over_ms=_optional_ms(raw, "keep"),
                  shorten_to_ms=_optional_ms(raw, "to"))  # fmt: skip


def _beat_grid_from(raw: Any) -> BeatGrid | None:
    if not isinstance(raw, Mapping) or not _str(raw, "src"):
        return None
    beats = raw.get("b")
    times = [round(b) for b in (beats if isinstance(beats, list) else [])
             if isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b)
             and 0 <= b <= MAX_MS]  # fmt: skip
    return BeatGrid(source=_str(raw, "src"), bpm=_float(raw, "bpm", 120.0),
                    every=max(1, _int(raw, "every", 1)), beats_ms=tuple(sorted(times)))  # fmt: skip


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
    pauses = _pauses_from(meta.get("pause")) if isinstance(meta, Mapping) else None
    grid = _beat_grid_from(meta.get("beat")) if isinstance(meta, Mapping) else None
    timeline = Timeline(clips=clips, frame=frame, title=title if isinstance(title, str) else None,
                        loudness_lufs=lufs, denoise=denoise, pauses=pauses,
                        beat_grid=grid)  # fmt: skip
    length = timeline.length_ms
    music = tuple(_music_from(raw, n, length) for n, raw in enumerate(_segments(draft, AUDIO), 1))
    texts = tuple(t for n, raw in enumerate(_segments(draft, TEXT), 1)
                  if (t := _text_from(raw, n)) is not None)  # fmt: skip
    return replace(timeline, music=music, texts=texts, captions=_captions_from(draft))


# ---------------------------------------------------------------- writing a draft


def _clip_to(clip: Clip, start: int, prev: Clip | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": clip.id, "src": clip.source, "n": clip.name, "k": clip.kind,
                           "st": start, "d": clip.duration_ms, "in": clip.in_ms,
                           "sp": clip.speed, "v": clip.volume}  # fmt: skip
    if clip.track is not None:
        out["at"] = clip.track
    if prev is not None and continues(prev, clip):
        # For readers (never read back): a later piece of the clip before's source, after
        # this much of it was cut out (0: it follows on).
        out["cut"] = max(0, round(clip.in_ms - prev.in_ms - prev.source_ms))
    return out


def _pauses_to(pauses: Pauses) -> dict[str, int]:
    out = {"gt": pauses.longer_than_ms}
    if pauses.keep_over_ms is not None:
        out["keep"] = pauses.keep_over_ms
    if pauses.shorten_to_ms is not None:
        out["to"] = pauses.shorten_to_ms
    return out


def _beat_grid_to(timeline: Timeline, grid: BeatGrid) -> dict[str, Any] | None:
    """``src``, ``bpm``, ``every`` and the beats ``b`` (the music's clock) are read back;
    ``n`` (the music's name) and ``at`` (the beats on the timeline now, ms) are for readers.
    None when its music is no longer on the timeline."""
    music = next((m for m in timeline.music if m.source == grid.source), None)
    if music is None:
        return None
    return {"src": grid.source, "n": music.name, "bpm": grid.bpm, "every": grid.every,
            "b": list(grid.beats_ms), "at": timeline.beats_on_timeline()}  # fmt: skip


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
    if frame.fps is not None:
        out["fps"] = frame.fps
    if title is not None:
        out["title"] = title
    return out


def _captions_to(timeline: Timeline, captions: Captions) -> dict[str, Any]:
    """The captions track: ``cap`` holds what they are made of, ``sg`` the cues as they fall
    on the timeline now (for readers of the draft; never read back)."""
    cap: dict[str, Any] = {"o": captions.origin}
    style = captions.style.to_json()
    if style:
        cap["st"] = style
    if captions.language:
        cap["lang"] = captions.language
    if captions.name:
        cap["n"] = captions.name
    if captions.origin == "speech":
        cap["w"] = {mid: [[w.text, round(w.start * 1000), round(w.end * 1000),
                           round(w.conf * 100)] for w in words]
                    for mid, words in captions.heard}  # fmt: skip
    else:
        cap["c"] = [[c.start, c.end, c.text] for c in captions.cues]
    segments = [{"id": f"c{n}", "tx": cue.text, "st": cue.start, "d": cue.end - cue.start,
                 "pos": captions.style.position, "size": captions.style.size, "k": "caption"}
                for n, cue in enumerate(timeline.caption_cues(), 1)]  # fmt: skip
    return {"tt": TEXT, "n": "Captions", "cap": cap, "sg": segments}


def to_draft(timeline: Timeline) -> dict[str, Any]:
    """The draft dict of ``timeline`` (a new one each call); tracks with nothing on them are
    left out."""
    tracks: list[dict[str, Any]] = []
    starts = timeline.starts()
    for tt, segments in (
        (VIDEO, [_clip_to(c, s, timeline.clips[i - 1] if i else None)
                 for i, (c, s) in enumerate(zip(timeline.clips, starts, strict=True))]),
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
    if timeline.pauses is not None:
        meta["pause"] = _pauses_to(timeline.pauses)
    grid = _beat_grid_to(timeline, timeline.beat_grid) if timeline.beat_grid else None
    if grid is not None:
        meta["beat"] = grid
    if timeline.captions is not None:
        tracks.append(_captions_to(timeline, timeline.captions))
    return {"t": tracks, "d": timeline.length_ms, "m": meta}
