"""Running a render in segments (segments.py): each segment from the cache or encoded into it,
the sound likewise, then one stream-copy join into the output.

Progress is one bar for the whole export: the work left is the segments to encode (by their
length) and the sound pass (a tenth of its length: it decodes sound only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...base import ProgressFn, ProgressUpdate, no_progress
from ..media import Media
from ..timeline import Timeline
from . import plan as planner
from .encoders import Encoding
from .ffmpeg_run import run_ffmpeg, write_captions
from .rate import DEFAULT as DEFAULT_RATE
from .rate import Rate
from .segment_cache import SegmentCache
from .segments import (
    Segment,
    audio_command,
    audio_key,
    join_command,
    segment_command,
    segment_key,
    split,
)

SOUND_WEIGHT = 0.1  # the sound pass costs about this much of encoding the same length


@dataclass
class Outcome:
    """What a segmented render did: how many segments it took from the cache."""

    segments: int = 0
    reused: int = 0
    sound_reused: bool = False
    files: list[Path] = field(default_factory=list)  # the cache entries it used, in order

    @property
    def encoded(self) -> int:
        return self.segments - self.reused


@dataclass
class _Work:
    segment: Segment | None  # None: the sound
    key: str
    command: list[str]
    titles: tuple[planner.TitleAsset, ...]
    captions: planner.CaptionAsset | None
    seconds: float  # its weight on the progress bar


def render_segmented(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str,
    *,
    ffmpeg: str,
    cache: SegmentCache,
    workdir: Path,
    rate: Rate | None = None,
    progress: ProgressFn = no_progress,
    key: str | None = None,
    speech: Mapping[str, Sequence[tuple[float, float]]] | None = None,
    noise: Mapping[str, float | None] | None = None,
    shown: Path | None = None,
    encoding: Encoding | None = None,
) -> Outcome:
    """Write ``output`` (the caller's temporary name) from cached or new segments, at
    ``rate`` (the whole timeline's plan's; None: the default rate). ``shown`` is the name the
    user asked for, which errors name (a full disk, ffmpeg's failure). ``encoding``: the
    video encoder of every segment (encoders.py; default libx264 at ``quality``)."""
    from .titles import render_title

    rate = rate or DEFAULT_RATE
    fps = rate.value
    outcome = Outcome()
    todo: list[_Work] = []
    files: list[Path] = []
    segments = split(timeline, rate)
    for segment in segments:
        folder = workdir / f"segment-{segment.index}"
        folder.mkdir()
        scratch = folder / "out.mp4"
        command, job = segment_command(
            segment, media, scratch, quality, folder, fps, encoding=encoding
        )
        name = segment_key(segment, media, command, ffmpeg, folder)
        outcome.segments += 1
        found = cache.get(name, "mp4")
        if found is not None:
            outcome.reused += 1
            files.append(found)
            continue
        files.append(cache.path_for(name, "mp4"))
        todo.append(_Work(segment, name, command, job.titles, job.captions, segment.frames / fps))

    sound_dir = workdir / "sound"
    sound_dir.mkdir()
    scratch = sound_dir / "sound.m4a"
    command = audio_command(timeline, media, scratch, quality, sound_dir, speech, noise)
    sound_key = audio_key(timeline, media, command, ffmpeg, sound_dir)
    sound = cache.get(sound_key, "m4a")
    length = sum(s.frames for s in segments) / fps
    if sound is None:
        todo.append(_Work(None, sound_key, command, (), None, length * SOUND_WEIGHT))
        sound = cache.path_for(sound_key, "m4a")
    else:
        outcome.sound_reused = True

    label = key or output.name
    weight = sum(w.seconds for w in todo) or 1.0
    done = 0.0

    def report(seconds: float) -> None:
        share = (done + seconds) / weight
        progress(
            ProgressUpdate("render", label, min(length, share * length), length, unit="seconds")
        )

    for work in todo:
        for title in work.titles:
            render_title(title.text, title.size, title.width, title.height, title.path)
        if work.captions is not None:
            write_captions(work.captions)
        ext = "m4a" if work.segment is None else "mp4"
        written = cache.scratch(work.key, ext)
        command = [*work.command[:-1], str(written)]
        real = work.segment.frames / fps if work.segment else length
        scale = work.seconds / (real or 1)

        def tick(update: ProgressUpdate, scale: float = scale) -> None:
            report(float(update.completed) * scale)

        try:
            run_ffmpeg(
                command,
                ffmpeg=ffmpeg,
                duration=real,
                output=shown or output,
                progress=tick,
                key=label,
            )
            cache.put(work.key, ext, written)
        finally:
            written.unlink(missing_ok=True)
        done += work.seconds
    report(0.0)

    listing = workdir / "segments.txt"
    listing.write_text(planner.concat_list_text(files), encoding="utf-8")
    run_ffmpeg(
        join_command(listing, sound, output, timeline.title),
        ffmpeg=ffmpeg,
        duration=length,
        output=shown or output,
    )
    outcome.files = [*files, sound]
    cache.trim(keep=outcome.files)
    return outcome
