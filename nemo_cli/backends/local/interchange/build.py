"""A ``Cut`` -> an OpenTimelineIO Timeline that one format's adapter can write.

The layout, top to bottom as an editor shows it:

- ``Video``: the clips in order. Where two clips overlap by a crossfade, the cut sits in the
  middle of the overlap and, when the format has transitions, an SMPTE dissolve spans it
  (``in_offset`` before the cut: the next clip's first frames; ``out_offset`` after it: the
  previous clip's last frames), so each clip keeps its full length.
  Speed is a ``LinearTimeWarp``; a clip's ``source_range`` starts at its in-point in the file
  and lasts its length on the timeline (OpenTimelineIO's convention for time warps).
- ``Titles`` (only .otio): a video track of text generators, one track per overlapping layer.
  Elsewhere each title is a marker named ``Title: TEXT`` (``Caption:``, ``Text:``) on the clip
  under its start, which every one of these editors shows.
- ``Clip sound``: the clips' own sound, cut like the picture, when the format has audio.
- ``Music``: the music at its place; a looped file is repeated piece by piece.

Every media reference carries its available range (the FCP 7 adapter cannot write one without
it); files are absolute ``file://`` URLs. Volumes, fades and title styles ride along in
``metadata["nemo"]`` (kept by .otio), and as FCP 7 ``Audio Levels`` / ``Time Remap`` filters in
the FCP 7 XML, where Premiere and Resolve read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cut import FPS, Clip, Cut, Media, Music, Text, frames
from .formats import TimelineFormat

if TYPE_CHECKING:
    import opentimelineio as otio

NS = "nemo"  # our metadata namespace
TEXT_PREFIX = {"title": "Title", "caption": "Caption", "text": "Text"}
GENERATOR_KIND = "nemo.text"
TRACK_VIDEO, TRACK_TITLES, TRACK_CLIP_SOUND, TRACK_MUSIC = "Video", "Titles", "Clip sound", "Music"


@dataclass(frozen=True)
class _Placed:
    """A clip cut to its share of the timeline: frames on the timeline, head/tail trims."""

    clip: Clip
    start: int  # frames on the timeline, after the trims
    length: int
    head: int  # frames taken off its start: the first half of the overlap with the one before
    tail: int  # frames taken off its end: the second half of the overlap with the one after


def _place(clips: tuple[Clip, ...]) -> list[_Placed]:
    """Each clip's frames on the timeline, cutting every overlap in its middle."""
    spans = [(frames(c.start_ms), frames(c.end_ms)) for c in clips]
    overlaps = [max(0, spans[i - 1][1] - spans[i][0]) for i in range(1, len(spans))]
    placed = []
    for i, (clip, (start, end)) in enumerate(zip(clips, spans, strict=True)):
        # The cut falls where the FCP 7 reader puts a centred dissolve's cut: start + X // 2.
        head = overlaps[i - 1] // 2 if i > 0 else 0
        tail = overlaps[i] - overlaps[i] // 2 if i < len(overlaps) else 0
        placed.append(_Placed(clip, start + head, end - start - head - tail, head, tail))
    return placed


def _rt(value: float) -> otio.opentime.RationalTime:
    import opentimelineio as otio

    return otio.opentime.RationalTime(value, FPS)


def _range(start: float, duration: float) -> otio.opentime.TimeRange:
    import opentimelineio as otio

    return otio.opentime.TimeRange(_rt(start), _rt(duration))


def _reference(media: Media, needed_frames: float) -> otio.schema.ExternalReference:
    """A file reference with its available range: the file's length (a photo: what is used)."""
    import opentimelineio as otio

    length = frames(media.duration_ms) if media.duration_ms else 0
    return otio.schema.ExternalReference(
        target_url=otio.url_utils.url_from_filepath(media.path),
        available_range=_range(0, max(length, round(needed_frames))),
    )


def _filter(
    name: str,
    effect_id: str,
    category: str,
    media: str,
    param: str,
    value: float,
    limits: tuple[float, float],
) -> dict[str, Any]:
    """An FCP 7 ``<filter>`` element as the FCP 7 adapter's metadata dictionary."""
    return {
        "effect": {
            "name": name,
            "effectid": effect_id,
            "effectcategory": category,
            "effecttype": category,
            "mediatype": media,
            "parameter": {
                "parameterid": param,
                "name": param,
                "valuemin": f"{limits[0]:g}",
                "valuemax": f"{limits[1]:g}",
                "value": f"{value:g}",
            },
        }
    }


def level_filter(volume: float) -> dict[str, Any]:
    """FCP 7 Audio Levels: a linear gain, 1 = unchanged (nemo's percent / 100)."""
    return _filter(
        "Audio Levels",
        "audiolevels",
        "audiolevels",
        "audio",
        "level",
        round(volume / 100, 4),
        (0, 3.98109),
    )


def speed_filter(speed: float) -> dict[str, Any]:
    """FCP 7 Time Remap at a constant speed, in percent."""
    return _filter(
        "Time Remap",
        "timeremap",
        "motion",
        "video",
        "speed",
        round(speed * 100, 2),
        (-100000, 100000),
    )


def _clip(fmt: TimelineFormat, item: _Placed, *, sound: bool) -> otio.schema.Clip:
    import opentimelineio as otio

    clip, speed = item.clip, item.clip.speed if fmt.speed else 1.0
    # The FCP 7 and CMX 3600 writers move an incoming clip's source-in back by the dissolve's
    # frames without the speed, and their readers forward again the same way: for them the
    # handle is counted unscaled, so the file's in-point is the clip's own.
    handle_speed = speed if fmt.scaled_handles else 1.0
    source_start = frames(clip.in_ms) + item.head * handle_speed
    needed = frames(clip.in_ms) + (item.head + item.length + item.tail) * speed
    meta: dict[str, Any] = {"kind": clip.kind, "volume": clip.volume, "speed": clip.speed}
    result = otio.schema.Clip(
        name=clip.media.name,
        media_reference=_reference(clip.media, needed),
        source_range=_range(round(source_start, 3), item.length),
        metadata={NS: meta},
    )
    filters = []
    if speed != 1.0:
        result.effects.append(otio.schema.LinearTimeWarp(time_scalar=speed))
        filters.append(speed_filter(speed))
    if sound and fmt.levels and clip.volume != 100:
        filters.append(level_filter(clip.volume))
    if fmt.name == "fcp7" and filters:
        result.metadata["fcp_xml"] = {"filter": filters}
    if fmt.name == "edl":
        result.metadata["cmx_3600"] = {"reel": reel_name(clip.media.name)}
    return result


def reel_name(file_name: str) -> str:
    """An EDL reel: up to 8 letters and digits of the file's name. The CMX 3600 writer keeps
    spaces, which its reader then takes for the end of the reel ("clip a.mp4" -> "clip amp")."""
    stem = file_name.rsplit(".", 1)[0]
    return re.sub(r"[^A-Za-z0-9]+", "", stem)[:8] or "AX"


def _gap(length: float) -> otio.schema.Gap:
    import opentimelineio as otio

    return otio.schema.Gap(source_range=_range(0, length))


def _video_track(cut: Cut, fmt: TimelineFormat, placed: list[_Placed]) -> otio.schema.Track:
    import opentimelineio as otio

    track = otio.schema.Track(name=TRACK_VIDEO, kind=otio.schema.TrackKind.Video)
    cursor = 0
    for n, item in enumerate(placed):
        if item.start > cursor:
            track.append(_gap(item.start - cursor))
        before = placed[n - 1] if n else None
        if fmt.transitions and before and before.tail and item.head:
            track.append(
                otio.schema.Transition(
                    name="Cross Dissolve",
                    transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=_rt(item.head),
                    out_offset=_rt(before.tail),
                )
            )
        track.append(_clip(fmt, item, sound=False))
        cursor = item.start + item.length
    return track


def _sound_track(fmt: TimelineFormat, placed: list[_Placed]) -> otio.schema.Track | None:
    """The clips' own sound, cut at the same frames as the picture; None if there is none."""
    import opentimelineio as otio

    heard = [p for p in placed if p.clip.media.has_audio and (fmt.levels or p.clip.volume > 0)]
    if not heard:
        return None
    track = otio.schema.Track(name=TRACK_CLIP_SOUND, kind=otio.schema.TrackKind.Audio)
    cursor = 0
    for item in heard:
        if item.start > cursor:
            track.append(_gap(item.start - cursor))
        track.append(_clip(fmt, item, sound=True))
        cursor = item.start + item.length
    return track


def _music_pieces(music: Music) -> list[tuple[int, int, int]]:
    """(timeline start, in-point, length) in frames: one piece, or one per pass of a loop."""
    start, total, source = frames(music.start_ms), frames(music.dur_ms), music.media.duration_ms
    if not music.loop or not source:
        return [(start, frames(music.in_ms), total)]
    pieces, at, offset = [], 0, frames(music.in_ms)
    while at < total:
        length = min(frames(source) - offset, total - at)
        if length <= 0:
            break
        pieces.append((start + at, offset, length))
        at, offset = at + length, 0
    return pieces


def _music_track(cut: Cut, fmt: TimelineFormat) -> otio.schema.Track:
    import opentimelineio as otio

    track = otio.schema.Track(name=TRACK_MUSIC, kind=otio.schema.TrackKind.Audio)
    cursor = 0
    for music in sorted(cut.music, key=lambda m: m.start_ms):
        meta = {
            "volume": music.volume,
            "fade_in_ms": music.fade_in_ms,
            "fade_out_ms": music.fade_out_ms,
            "loop": music.loop,
        }
        for start, in_point, length in _music_pieces(music):
            if start < cursor:  # overlapping music cannot share one track: keep the first
                continue
            if start > cursor:
                track.append(_gap(start - cursor))
            clip = otio.schema.Clip(
                name=music.media.name,
                media_reference=_reference(music.media, in_point + length),
                source_range=_range(in_point, length),
                metadata={NS: dict(meta)},
            )
            if fmt.name == "fcp7" and music.volume != 100:
                clip.metadata["fcp_xml"] = {"filter": [level_filter(music.volume)]}
            if fmt.name == "edl":
                clip.metadata["cmx_3600"] = {"reel": reel_name(music.media.name)}
            track.append(clip)
            cursor = start + length
    return track


def _text_meta(text: Text) -> dict[str, Any]:
    meta = {"text": text.text, "kind": text.kind, "pos": text.pos, "size": text.size}
    if text.anchor is not None:
        meta["anchor"] = text.anchor
    return meta


def _title_tracks(cut: Cut) -> list[otio.schema.Track]:
    """Text generators on as many tracks as the texts overlap (lowest free layer first)."""
    import opentimelineio as otio

    layers: list[list[Text]] = []
    for text in sorted(cut.texts, key=lambda t: (t.start_ms, t.end_ms)):
        layer = next(
            (lay for lay in layers if frames(lay[-1].end_ms) <= frames(text.start_ms)), None
        )
        if layer is None:
            layers.append([text])
        else:
            layer.append(text)
    tracks = []
    for n, layer in enumerate(layers):
        track = otio.schema.Track(
            name=TRACK_TITLES if n == 0 else f"{TRACK_TITLES} {n + 1}",
            kind=otio.schema.TrackKind.Video,
        )
        cursor = 0
        for text in layer:
            start, length = frames(text.start_ms), max(frames(text.dur_ms), 1)
            if start > cursor:
                track.append(_gap(start - cursor))
            track.append(
                otio.schema.Clip(
                    name=f"{TEXT_PREFIX[text.kind]}: {text.text}",
                    media_reference=otio.schema.GeneratorReference(
                        name=text.text,
                        generator_kind=GENERATOR_KIND,
                        available_range=_range(0, length),
                        parameters=_text_meta(text),
                    ),
                    source_range=_range(0, length),
                    metadata={NS: _text_meta(text)},
                )
            )
            cursor = start + length
        tracks.append(track)
    return tracks


def _mark_titles(cut: Cut, video: otio.schema.Track) -> None:
    """Each text as a marker on the clip under its start (the last clip if past the end)."""
    import opentimelineio as otio

    clips = [(i, item) for i, item in enumerate(video) if isinstance(item, otio.schema.Clip)]
    if not clips:
        return
    for text in sorted(cut.texts, key=lambda t: t.start_ms):
        start = frames(text.start_ms)
        index, clip = clips[-1]
        for i, item in clips:
            span = video.range_of_child_at_index(i)
            if span.start_time.value <= start < span.end_time_exclusive().value:
                index, clip = i, item
                break
        span = video.range_of_child_at_index(index)
        offset = start - span.start_time.value
        clip.markers.append(
            otio.schema.Marker(
                name=f"{TEXT_PREFIX[text.kind]}: {text.text}",
                marked_range=_range(
                    clip.source_range.start_time.value + offset, max(frames(text.dur_ms), 1)
                ),
                color=otio.schema.MarkerColor.PURPLE,
                metadata={NS: _text_meta(text)},
            )
        )


def _settings(cut: Cut) -> dict[str, Any]:
    return {
        "width": cut.width,
        "height": cut.height,
        "xfade_ms": cut.xfade_ms,
        **{k: v for k, v in cut.settings.items()},
    }


def _fcp7_sequence(cut: Cut) -> dict[str, Any]:
    """The sequence's frame size and rate, which Premiere and Resolve set the sequence from."""
    rate = {"timebase": str(FPS), "ntsc": "FALSE"}
    return {
        "media": {
            "video": {
                "format": {
                    "samplecharacteristics": {
                        "rate": rate,
                        "width": str(cut.width),
                        "height": str(cut.height),
                        "anamorphic": "FALSE",
                        "pixelaspectratio": "square",
                        "fielddominance": "none",
                    }
                }
            }
        }
    }


def build_timeline(cut: Cut, fmt: TimelineFormat) -> otio.schema.Timeline:
    """The OpenTimelineIO timeline of ``cut``, with only what ``fmt`` can carry."""
    import opentimelineio as otio

    placed = _place(cut.clips)
    timeline = otio.schema.Timeline(name=cut.name, global_start_time=_rt(0))
    timeline.metadata[NS] = _settings(cut)
    if fmt.name == "fcp7":
        timeline.metadata["fcp_xml"] = _fcp7_sequence(cut)
    video = _video_track(cut, fmt, placed)
    timeline.tracks.append(video)
    if fmt.titles == "generators":
        timeline.tracks.extend(_title_tracks(cut))
    elif fmt.titles == "markers":
        _mark_titles(cut, video)
    if fmt.clip_sound and (sound := _sound_track(fmt, placed)) is not None:
        timeline.tracks.append(sound)
    if fmt.music and cut.music:
        timeline.tracks.append(_music_track(cut, fmt))
    # The FCP 7 writer turns a clip equal to an earlier one (a loop's second pass, a clip's
    # sound under its picture) into a back-reference to that clipitem, which its reader then
    # places where the first one is: a number of its own keeps every clip distinct.
    for n, clip in enumerate(timeline.find_clips(), 1):
        clip.metadata[NS]["item"] = n
    return timeline
