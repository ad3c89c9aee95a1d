"""An OpenTimelineIO Timeline -> a ``Cut``: the picture, the music, the titles.

Which track is which, for files nemo wrote and files from an editor alike:

- the picture is the first video track holding file clips; titles are video tracks of text
  generators (nemo's .otio) and markers named ``Title: ...`` / ``Caption: ...`` / ``Text: ...``;
  other markers are an editor's notes and are not put on screen;
- an audio track is the clips' own sound when its clips sit under picture clips of the same
  file; any other audio track is music. Then a picture clip with no sound under it is muted.

Crossfades come back from dissolves (a clip gets back the frames the transition took from it);
the timeline's one crossfade length is the most common one. A clip's in-point is counted from
the start of its file (the file's start timecode is taken off). Speed comes from a
``LinearTimeWarp`` or an FCP 7 Time Remap filter; volume from nemo's metadata or an FCP 7 Audio
Levels filter. ``resolve`` turns each media reference into a probed ``Media``, or None when
the file cannot be found: those clips are left out and their names listed in ``missing``.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from ..timeline import ANCHORS, POSITIONS, ROLES, SIZES, TextRole
from .build import GENERATOR_KIND, NS
from .cut import FPS, Clip, Cut, Media, Music, Text

if TYPE_CHECKING:
    import opentimelineio as otio

# (what the timeline calls the file: its URL or name, the clip's name) -> the file, or None
Resolver = Callable[[str, str], Media | None]
_TEXT_MARKER = re.compile(r"^\s*(title|caption|text)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.DOTALL)
_FRAME_MS = 1000 / FPS


@dataclass
class ReadResult:
    cut: Cut
    missing: list[str] = field(default_factory=list)  # names of files not found
    notes: list[str] = field(default_factory=list)  # what was left out or changed, and why


@dataclass
class _Piece:
    """One clip of a track: where it plays (ms) and what it plays."""

    item: Any  # otio.schema.Clip
    media: Media
    start: float
    dur: float
    in_ms: float
    speed: float
    volume: float | None
    meta: dict[str, Any]


def _ms(t: otio.opentime.RationalTime) -> float:
    return float(t.to_seconds()) * 1000


def _nemo(obj: Any) -> dict[str, Any]:
    value = obj.metadata.get(NS)
    return dict(value) if value is not None and hasattr(value, "items") else {}


def _fcp_effects(clip: Any) -> dict[str, float]:
    """FCP 7 filter values by effect id: ``timeremap`` -> speed %, ``audiolevels`` -> gain."""
    found: dict[str, float] = {}
    for effect in clip.effects:
        meta = effect.metadata.get("fcp_xml")
        if meta is None or not hasattr(meta, "get"):
            continue
        params = meta.get("parameter")
        params = params if isinstance(params, list) or hasattr(params, "append") else [params]
        for param in params or []:
            if not hasattr(param, "get"):
                continue
            wanted = {"timeremap": "speed", "audiolevels": "level"}.get(str(meta.get("effectid")))
            if wanted and param.get("parameterid") == wanted:
                with contextlib.suppress(TypeError, ValueError):
                    found[str(meta.get("effectid"))] = float(param.get("value"))
    return found


def _speed(clip: Any) -> float:
    import opentimelineio as otio

    for effect in clip.effects:
        if isinstance(effect, otio.schema.LinearTimeWarp) and effect.time_scalar > 0:
            return float(effect.time_scalar)
    remap = _fcp_effects(clip).get("timeremap")
    return remap / 100 if remap and remap > 0 else 1.0


def _volume(clip: Any) -> float | None:
    value = _nemo(clip).get("volume")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    level = _fcp_effects(clip).get("audiolevels")
    return round(level * 100, 1) if level is not None else None


def _reference_name(clip: Any) -> str:
    ref = clip.media_reference
    target = getattr(ref, "target_url", None)
    return str(target or ref.name or clip.name or "")


def _is_generator(clip: Any) -> bool:
    import opentimelineio as otio

    return isinstance(clip.media_reference, otio.schema.GeneratorReference)


def _track_start(track: Any) -> float:
    """Where a track's own time 0 falls on the timeline, in ms: the EDL reader trims each
    track to start at its first record time (a negative start), so its clips sit later."""
    window = track.source_range
    return -_ms(window.start_time) if window is not None else 0.0


def _pieces(track: Any, resolve: Resolver, missing: list[str], scaled: bool) -> list[_Piece]:
    """The file clips of a track, with the frames transitions took from them given back."""
    import opentimelineio as otio

    pieces = []
    shift = _track_start(track)
    children = list(track)
    for i, item in enumerate(children):
        if not isinstance(item, otio.schema.Clip) or _is_generator(item):
            continue
        span = track.range_of_child_at_index(i)
        before = children[i - 1] if i > 0 else None
        after = children[i + 1] if i + 1 < len(children) else None
        head = _ms(before.in_offset) if isinstance(before, otio.schema.Transition) else 0.0
        tail = _ms(after.out_offset) if isinstance(after, otio.schema.Transition) else 0.0
        wanted = _reference_name(item)
        media = resolve(wanted, str(item.name or ""))
        if media is None:
            if wanted not in missing:
                missing.append(wanted)
            continue
        speed = _speed(item)
        source = item.source_range or item.trimmed_range()
        available = item.media_reference.available_range
        origin = _ms(available.start_time) if available is not None else 0.0
        pieces.append(
            _Piece(
                item=item,
                media=media,
                start=shift + _ms(span.start_time) - head,
                dur=_ms(span.duration) + head + tail,
                in_ms=max(0.0, _ms(source.start_time) - origin - head * (speed if scaled else 1)),
                speed=speed,
                volume=_volume(item),
                meta=_nemo(item),
            )
        )
    return pieces


def _transition_lengths(track: Any) -> list[int]:
    import opentimelineio as otio

    return [
        round(_ms(t.in_offset) + _ms(t.out_offset))
        for t in track
        if isinstance(t, otio.schema.Transition)
    ]


def _under_picture(piece: _Piece, picture: list[_Piece]) -> _Piece | None:
    """The picture clip this sound belongs to: same file, overlapping in time."""
    for clip in picture:
        if clip.media.path == piece.media.path and (
            piece.start < clip.start + clip.dur - _FRAME_MS
            and clip.start < piece.start + piece.dur - _FRAME_MS
        ):
            return clip
    return None


def _merge_loops(pieces: list[_Piece]) -> list[Music]:
    """Music pieces back into music: back-to-back passes over one file make one looped piece."""
    music: list[Music] = []
    for p in sorted(pieces, key=lambda p: p.start):
        meta = p.meta
        last = music[-1] if music else None
        file_ms = p.media.duration_ms
        if (
            last is not None
            and last.media.path == p.media.path
            and abs(last.end_ms - p.start) <= _FRAME_MS
            and p.in_ms <= _FRAME_MS
            and (
                meta.get("loop")
                or last.loop
                or bool(file_ms)
                and last.in_ms + last.dur_ms >= (file_ms or 0) - 2 * _FRAME_MS
            )
        ):
            music[-1] = Music(
                last.media,
                last.start_ms,
                round(p.start + p.dur) - last.start_ms,
                last.in_ms,
                last.volume,
                last.fade_in_ms,
                int(meta.get("fade_out_ms", last.fade_out_ms) or 0),
                loop=True,
            )
            continue
        volume = p.volume if p.volume is not None else 100.0
        music.append(
            Music(
                media=p.media,
                start_ms=round(p.start),
                dur_ms=max(round(p.dur), 1),
                in_ms=round(p.in_ms),
                volume=volume,
                fade_in_ms=int(meta.get("fade_in_ms") or 0),
                fade_out_ms=int(meta.get("fade_out_ms") or 0),
                loop=bool(meta.get("loop")),
            )
        )
    return music


def _text_from(name: str, meta: dict[str, Any], start: float, dur: float) -> Text | None:
    """A title from nemo's metadata, else from a marker or clip named ``Title: TEXT``."""
    text, kind = meta.get("text"), meta.get("kind")
    if not isinstance(text, str) or kind not in ROLES:
        match = _TEXT_MARKER.match(name or "")
        if match is None:
            return None
        kind, text = match.group(1).lower(), match.group(2)
    role = cast(TextRole, kind)
    pos, size, anchor = meta.get("pos"), meta.get("size"), meta.get("anchor")
    return Text(
        text=text,
        start_ms=round(start),
        dur_ms=max(round(dur), 1),
        kind=role,
        pos=pos if pos in POSITIONS else "bottom" if role == "caption" else "center",
        size=size if size in SIZES else "medium" if role == "caption" else "large",
        anchor=anchor if anchor in ANCHORS else None,
    )


def _texts(timeline: Any, picture_track: Any | None, notes: list[str]) -> list[Text]:
    import opentimelineio as otio

    texts: list[Text] = []
    skipped = 0
    for track in timeline.video_tracks():
        shift = _track_start(track)
        for i, item in enumerate(track):
            if not isinstance(item, otio.schema.Clip):
                continue
            span = track.range_of_child_at_index(i)
            span = otio.opentime.TimeRange(
                span.start_time
                + otio.opentime.RationalTime(
                    shift * span.start_time.rate / 1000, span.start_time.rate
                ),
                span.duration,
            )
            if _is_generator(item):
                meta = _nemo(item) or dict(item.media_reference.parameters)
                if item.media_reference.generator_kind == GENERATOR_KIND or meta.get("text"):
                    found = _text_from(
                        str(item.name), meta, _ms(span.start_time), _ms(span.duration)
                    )
                    if found:
                        texts.append(found)
            source = item.source_range or item.trimmed_range()
            for marker in item.markers:
                offset = _ms(marker.marked_range.start_time) - _ms(source.start_time)
                found = _text_from(
                    str(marker.name),
                    _nemo(marker),
                    _ms(span.start_time) + offset,
                    _ms(marker.marked_range.duration) or 3000,
                )
                skipped += found is None
                if found:
                    texts.append(found)
    for marker in timeline.tracks.markers:
        found = _text_from(
            str(marker.name),
            _nemo(marker),
            _ms(marker.marked_range.start_time),
            _ms(marker.marked_range.duration) or 3000,
        )
        skipped += found is None
        if found:
            texts.append(found)
    if skipped:
        notes.append(
            f"{skipped} marker{'s' if skipped != 1 else ''} that name no title "
            "(an editor's notes) were not put on screen"
        )
    unique: dict[tuple[str, int], Text] = {}
    for text in texts:  # an EDL repeats a marker on both sides of a dissolve
        key = (text.text, round(text.start_ms / _FRAME_MS))
        unique.setdefault(key, text)
    return sorted(unique.values(), key=lambda t: t.start_ms)


def _size(timeline: Any, settings: dict[str, Any]) -> tuple[int, int]:
    width, height = settings.get("width"), settings.get("height")
    if isinstance(width, int | float) and isinstance(height, int | float):
        return int(width), int(height)
    try:
        chars = timeline.metadata["fcp_xml"]["media"]["video"]["format"]["samplecharacteristics"]
        return int(chars["width"]), int(chars["height"])
    except (KeyError, TypeError, ValueError):
        return 1920, 1080


def read_cut(
    timeline: otio.schema.Timeline, resolve: Resolver, *, scaled_handles: bool = True
) -> ReadResult:
    """The ``Cut`` in ``timeline`` (see the module docstring). ``scaled_handles``: whether a
    dissolve's frames taken from a sped-up clip count with its speed (``TimelineFormat``)."""
    import opentimelineio as otio

    missing: list[str] = []
    notes: list[str] = []
    settings = _nemo(timeline)
    video_tracks = [
        t
        for t in timeline.video_tracks()
        if any(isinstance(c, otio.schema.Clip) and not _is_generator(c) for c in t)
    ]
    picture_track = video_tracks[0] if video_tracks else None
    picture = (
        _pieces(picture_track, resolve, missing, scaled_handles)
        if picture_track is not None
        else []
    )
    if len(video_tracks) > 1:
        extra = sum(1 for t in video_tracks[1:] for c in t if isinstance(c, otio.schema.Clip))
        notes.append(
            f"only the first video track was used: {extra} clip"
            f"{'s' if extra != 1 else ''} on the tracks above it were left out"
        )
    audio = [c for c in picture if c.media.kind == "audio"]
    if audio:
        notes.append(
            f"{len(audio)} audio file{'s' if len(audio) != 1 else ''} on the video "
            "track were left out"
        )
        picture = [c for c in picture if c.media.kind != "audio"]
    heard: dict[int, float] = {}
    has_clip_sound = False
    music_pieces: list[_Piece] = []
    for track in timeline.audio_tracks():
        pieces = _pieces(track, resolve, missing, scaled_handles)
        matches = [_under_picture(p, picture) for p in pieces]
        if pieces and sum(m is not None for m in matches) * 2 > len(pieces):
            has_clip_sound = True
            for piece, clip in zip(pieces, matches, strict=True):
                if clip is not None:
                    heard[id(clip)] = piece.volume if piece.volume is not None else 100.0
        else:
            music_pieces.extend(pieces)
    origin = min((p.start for p in picture), default=0.0)  # the first clip starts at 0
    for p in [*picture, *music_pieces]:
        p.start -= origin
    clips = []
    for p in picture:
        own = p.volume if p.volume is not None else 100.0
        volume = heard.get(id(p), 0.0 if has_clip_sound and p.media.has_audio else own)
        if p.media.kind == "image":
            p.in_ms, p.speed = 0.0, 1.0
        clips.append(
            Clip(
                p.media,
                round(p.start),
                max(round(p.dur), 1),
                round(p.in_ms),
                round(p.speed, 4),
                volume,
            )
        )
    xfades = _transition_lengths(picture_track) if picture_track is not None else []
    xfade = settings.get("xfade_ms")
    if not isinstance(xfade, int):
        xfade = Counter(xfades).most_common(1)[0][0] if xfades else 0
        if len(set(xfades)) > 1:
            notes.append(f"the dissolves have different lengths: all are {xfade} ms now")
    gaps = sum(
        1 for a, b in zip(clips, clips[1:], strict=False) if b.start_ms - a.end_ms > _FRAME_MS
    )
    if gaps:
        notes.append(f"{gaps} gap{'s' if gaps != 1 else ''} between clips closed")
    width, height = _size(timeline, settings)
    kept: dict[str, object] = {k: settings[k] for k in ("aspect", "fit", "img_d") if k in settings}
    cut = Cut(
        name=str(timeline.name or ""),
        clips=tuple(clips),
        music=tuple(_merge_loops(music_pieces)),
        texts=tuple(
            replace(t, start_ms=t.start_ms - round(origin))
            for t in _texts(timeline, picture_track, notes)
        ),
        xfade_ms=int(xfade),
        width=width,
        height=height,
        settings=kept,
    )
    return ReadResult(cut, missing, notes)
