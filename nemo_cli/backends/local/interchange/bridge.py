"""A local session (its ``Timeline`` and media) <-> a ``Cut``: the interchange's one contact
with the engine's types.

``cut_from_session`` places each clip where the engine plays it and gives it its file;
``timeline_from_cut`` fits a cut from a file to what the engine plays: clips one after another
(gaps closed, one crossfade length), music and titles cut at the end of the last clip (they
never make the timeline longer), the nearest of the engine's aspect ratios, and new ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..media import Media as SessionMedia
from ..timeline import (
    ASPECT_SIZES,
    DEFAULT_IMAGE_MS,
    FITS,
    Aspect,
    Clip,
    Frame,
    Music,
    Text,
    Timeline,
    first_title,
)
from . import cut

_SETTINGS = ("aspect", "fit", "img_d")  # what .otio keeps of the frame besides its size


def media_of(entry: SessionMedia) -> cut.Media:
    """A session's media entry as the interchange sees it."""
    return cut.Media(
        path=entry.path,
        name=entry.filename,
        kind=entry.file_type,
        duration_ms=entry.duration_ms,
        has_audio=entry.has_audio,
        fps=entry.fps or None,
    )


def cut_from_session(name: str, timeline: Timeline, media: Sequence[SessionMedia]) -> cut.Cut:
    """The session's timeline as a ``Cut``. Pieces whose media entry is gone are left out."""
    by_id = {m.id: media_of(m) for m in media if m.path}
    clips = tuple(
        cut.Clip(by_id[c.source], start, c.duration_ms, c.in_ms, c.speed, float(c.volume))
        for c, start in zip(timeline.clips, timeline.starts(), strict=True)
        if c.source in by_id
    )
    music = tuple(
        cut.Music(
            by_id[m.source],
            m.start_ms,
            m.duration_ms,
            m.in_ms,
            float(m.volume),
            m.fade_in_ms,
            m.fade_out_ms,
            m.loop,
        )
        for m in timeline.music
        if m.source in by_id and m.duration_ms > 0
    )
    texts = tuple(
        cut.Text(t.text, t.start_ms, t.duration_ms, t.role, t.position, t.size, t.anchor)
        for t in timeline.texts
    )
    frame = timeline.frame
    return cut.Cut(
        name=name,
        clips=clips,
        music=music,
        texts=texts,
        xfade_ms=frame.crossfade_ms if len(clips) > 1 else 0,
        width=frame.width,
        height=frame.height,
        settings={"aspect": frame.aspect, "fit": frame.fit, "img_d": frame.image_ms},
    )


def nearest_aspect(width: int, height: int) -> Aspect:
    """The engine's aspect ratio (16:9, 9:16 or 1:1) nearest to a frame size."""
    ratio = width / height if width > 0 and height > 0 else 16 / 9
    return min(ASPECT_SIZES, key=lambda a: abs(ASPECT_SIZES[a][0] / ASPECT_SIZES[a][1] - ratio))


def _frame(source: cut.Cut, crossfade_ms: int) -> Frame:
    fit = source.settings.get("fit")
    image_ms = source.settings.get("img_d")
    return Frame.sized(
        nearest_aspect(source.width, source.height),
        fit=fit if fit in FITS else "letterbox",
        crossfade_ms=crossfade_ms,
        image_ms=image_ms if isinstance(image_ms, int) and image_ms > 0 else DEFAULT_IMAGE_MS,
    )


def timeline_from_cut(source: cut.Cut, media_ids: Mapping[str, str]) -> Timeline:
    """The engine's timeline for ``source``; ``media_ids`` maps each media path to its id in
    the session it goes into (see the module docstring for what is fitted)."""
    crossfade = source.xfade_ms if len(source.clips) > 1 else 0
    clips = tuple(
        Clip(
            id=f"v{n}",
            source=media_ids[c.media.path],
            name=c.media.name,
            kind=c.kind,
            duration_ms=max(c.dur_ms, 1),
            in_ms=c.in_ms,
            speed=round(c.speed, 4),
            volume=round(c.volume),
        )
        for n, c in enumerate(source.clips, 1)
    )
    timeline = Timeline(clips=clips, frame=_frame(source, crossfade))
    end = timeline.length_ms
    music = []
    for n, item in enumerate((m for m in source.music if m.start_ms < end), 1):
        length = min(item.dur_ms, end - item.start_ms)
        file_ms = item.media.duration_ms
        music.append(
            Music(
                id=f"a{n}",
                source=media_ids[item.media.path],
                name=item.media.name,
                start_ms=item.start_ms,
                duration_ms=length,
                in_ms=item.in_ms,
                volume=round(item.volume),
                fade_in_ms=item.fade_in_ms,
                fade_out_ms=item.fade_out_ms,
                # A file shorter than its place repeats; of unknown length, as the file said.
                loop=file_ms - item.in_ms < length if file_ms else item.loop,
            )
        )
    texts = tuple(
        Text(
            id=f"x{n}",
            text=t.text,
            start_ms=t.start_ms,
            duration_ms=min(t.dur_ms, end - t.start_ms),
            position=t.pos,
            size=t.size,
            role=t.kind,
            anchor=t.anchor,
        )
        for n, t in enumerate((t for t in source.texts if t.start_ms < end), 1)
    )
    return Timeline(
        clips=clips, music=tuple(music), texts=texts, frame=timeline.frame, title=first_title(texts)
    )
