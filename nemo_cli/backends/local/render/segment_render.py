"""Running a render in segments (segments.py): each segment from the cache or made into it, the
sound likewise, side by side when the cores allow (pool.py), then one stream-copy join.

A segment is made one of two ways:

- **encoded**: its own small timeline rendered by plan.py's filters;
- **cut** from its source (smart_cut.py): when it only cuts a source that already matches the
  output, its middle is copied and only its ends are encoded.

Copied pictures keep their source's parameter sets, and a stream-copy join needs one set for
the whole file, so when any segment is cut, every picture nemo encodes for that export is
encoded with the source's own x264 settings (its *family*, smart_family.py) instead of the
quality's, and must come out with the source's parameter sets. If one does not (a picture from
another file that x264 describes otherwise), the export is made again without cuts.

Every piece is checked when it is made, before it enters the cache (piece_check.py), so a
cached piece is a checked one; the joined file is then checked by its packets
(join_check.py, run by runner.py).

Progress is one bar for the whole export: the work left is the seconds of picture to encode
(copied seconds count a twentieth) and the sound pass (a tenth of its length: it decodes sound
only), summed over whatever runs at the moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ....errors import RenderError
from ...base import ProgressFn, ProgressUpdate, no_progress
from ..child import Children
from ..media import Media
from ..timeline import Timeline
from . import plan as planner
from . import pool
from .encoders import Encoding
from .ffmpeg_run import run_ffmpeg
from .mp4_avcc import avc_config
from .piece_check import check_picture, check_sound
from .rate import DEFAULT as DEFAULT_RATE
from .rate import Rate
from .segment_cache import SegmentCache
from .segments import (
    Segment,
    audio_command,
    audio_key,
    join_command,
    key_of,
    segment_command,
    segment_key,
    split,
)
from .smart_cut import why_not
from .smart_family import Family, family_of
from .smart_render import Context, FamilyMismatch, accept, encode, make_smart

SOUND_WEIGHT = 0.1  # the sound pass costs about this much of encoding the same length
COPY_WEIGHT = 0.05  # copying a second of picture, against encoding it
SMART_VERSION = "cut-1"


@dataclass
class Outcome:
    """What a segmented render did."""

    segments: int = 0
    frames: int = 0  # the picture's frames, all segments together
    reused: int = 0  # segments taken from the cache
    sound_reused: bool = False
    cut: int = 0  # segments made by a smart cut in this render
    copied: float = 0.0  # seconds of picture copied from sources (cut now, or before: cached)
    family: str | None = None  # the source whose encoding every picture followed
    reasons: dict[int, str] = field(default_factory=dict)  # segment index -> why not cut
    files: list[Path] = field(default_factory=list)  # the cache entries it used, in order
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    scratch: list[Path] = field(default_factory=list, repr=False)  # pieces being made

    @property
    def encoded(self) -> int:
        return self.segments - self.reused


@dataclass
class _Work:
    segment: Segment | None  # None: the sound
    key: str
    folder: Path
    seconds: float  # its weight on the progress bar
    cut: bool = False
    command: list[str] = field(default_factory=list)  # the sound's


class _Bar:
    """One progress bar fed by pieces made side by side."""

    def __init__(self, progress: ProgressFn, label: str, length: float, weight: float) -> None:
        self._lock = threading.Lock()
        self._done: dict[int, float] = {}
        self.progress, self.label, self.length, self.weight = progress, label, length, weight

    def tick(self, piece: int, seconds: float) -> None:
        with self._lock:
            self._done[piece] = seconds
            share = sum(self._done.values()) / (self.weight or 1.0)
            self.progress(
                ProgressUpdate(
                    "render",
                    self.label,
                    min(self.length, share * self.length),
                    self.length,
                    unit="seconds",
                )
            )


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
    smart: bool = True,
    running: int | None = None,
    encoding: Encoding | None = None,
    check: bool = True,
) -> Outcome:
    """Write ``output`` (the caller's temporary name) from cached or new segments, at
    ``rate`` (the whole timeline's plan's; None: the default rate). ``shown`` is the name the
    user asked for, which errors name (a full disk, ffmpeg's failure). ``smart`` allows smart
    cuts (never with a hardware encoder: copied pictures join only pictures of their own
    encoder's settings); ``running`` is how many pieces are made at once (None: what the
    cores allow); ``encoding``: the video encoder of every encoded segment (encoders.py;
    default libx264 at ``quality``). ``check`` False (``nemo export --no-verify``): segments
    encoded now are not decoded; they enter the cache marked unchecked (``.unchecked``), and
    an export that checks decodes them before it uses them."""
    args = (timeline, media, output, quality)
    options = dict(
        ffmpeg=ffmpeg,
        cache=cache,
        rate=rate or DEFAULT_RATE,
        progress=progress,
        label=key or output.name,
        speech=speech,
        noise=noise,
        shown=shown or output,
        running=running,
        encoding=encoding,
        check=check,
    )
    if smart and (encoding is None or not encoding.hardware):
        try:
            return _render(*args, workdir=workdir / "smart", smart=True, **options)  # type: ignore[arg-type]
        except FamilyMismatch:
            pass
    return _render(*args, workdir=workdir / "plain", smart=False, **options)  # type: ignore[arg-type]


def _render(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str,
    *,
    ffmpeg: str,
    cache: SegmentCache,
    workdir: Path,
    rate: Rate,
    progress: ProgressFn,
    label: str,
    speech: Mapping[str, Sequence[tuple[float, float]]] | None,
    noise: Mapping[str, float | None] | None,
    shown: Path,
    smart: bool,
    running: int | None,
    encoding: Encoding | None,
    check: bool,
) -> Outcome:
    workdir.mkdir(parents=True, exist_ok=True)
    fps = rate.value
    outcome = Outcome()
    children = Children()
    segments = split(timeline, rate)
    family, candidates = (
        _family(segments, media, rate, ffmpeg, cache, workdir, children, outcome)
        if smart
        else (None, set())
    )
    count = pool.cores()
    at_once = running if running is not None else pool.workers(count)
    threads = pool.threads_each(count, at_once)
    todo: list[_Work] = []
    files: list[Path] = []
    scheduled: set[str] = set()
    cut_names: list[str] = []  # the segments a smart cut may make, each time it is used
    for segment in segments:
        folder = workdir / f"segment-{segment.index}"
        folder.mkdir()
        scratch = folder / "out.mp4"
        command, _ = segment_command(
            segment,
            media,
            scratch,
            quality,
            folder,
            fps,
            family.options if family else None,
            family.look if family else None,
            threads,
            encoding=encoding,
        )
        name = segment_key(segment, media, command, ffmpeg, folder)
        cut = segment.index in candidates
        if cut:
            name = key_of(SMART_VERSION, name)
            cut_names.append(name)
        outcome.segments += 1
        found = cache.get(name, "mp4")
        if found is not None and check and cache.get(name, UNCHECKED) is not None:
            found = _check_now(found, name, segment, cache, ffmpeg, shown, children)
        if found is not None:
            outcome.reused += 1
            files.append(found)
            continue
        files.append(cache.path_for(name, "mp4"))
        if name in scheduled:  # the same picture twice (a clip used again): made once
            outcome.reused += 1
            continue
        scheduled.add(name)
        todo.append(_Work(segment, name, folder, segment.frames / fps, cut))

    sound_dir = workdir / "sound"
    sound_dir.mkdir()
    scratch = sound_dir / "sound.m4a"
    command = audio_command(timeline, media, scratch, quality, sound_dir, speech, noise)
    sound_key = audio_key(timeline, media, command, ffmpeg, sound_dir)
    sound = cache.get(sound_key, "m4a")
    outcome.frames = sum(s.frames for s in segments)
    length = outcome.frames / fps
    if sound is None:
        todo.append(_Work(None, sound_key, sound_dir, length * SOUND_WEIGHT, command=command))
        sound = cache.path_for(sound_key, "m4a")
    else:
        outcome.sound_reused = True

    bar = _Bar(progress, label, length, sum(w.seconds for w in todo))
    bar.tick(-1, 0.0)
    ctx = Context(media, quality, rate, ffmpeg, shown, children, threads, encoding, check)
    by_id = {m.id: m for m in media}
    lanes = pool.Lanes(at_once, children)
    heavy: list[Callable[[], None]] = []
    for n, work in enumerate(todo):
        task = partial(_make, work, n, ctx, cache, family, by_id, length, bar, outcome, lanes)
        if work.segment is None:
            lanes.later(task)  # the sound: light, beside the encodes
        else:
            heavy.append(task)
    try:
        lanes.run(heavy)
    finally:  # what a stopped render left half made (a check that never ran) goes
        for left in outcome.scratch:
            left.unlink(missing_ok=True)

    _one_set_of_parameters(files, family, shown)
    listing = workdir / "segments.txt"
    listing.write_text(planner.concat_list_text(files), encoding="utf-8")
    run_ffmpeg(
        join_command(listing, sound, output, timeline.title),
        ffmpeg=ffmpeg,
        duration=length,
        output=shown,
        children=children,
    )
    copied = [c for name in cut_names if (c := _copied_of(cache, name))]
    outcome.copied = sum(frames for frames, _ in copied) / fps
    unchecked = [] if check else [cache.path_for(w.key, UNCHECKED) for w in todo if w.segment]
    outcome.files = [*files, sound, *(path for _, path in copied), *unchecked]
    cache.trim(keep=outcome.files)
    return outcome


UNCHECKED = "unchecked"  # beside a segment encoded under --no-verify: not decoded yet


def _check_now(
    found: Path,
    key: str,
    segment: Segment,
    cache: SegmentCache,
    ffmpeg: str,
    shown: Path,
    children: Children,
) -> Path | None:
    """A cached segment made under --no-verify, decoded before this export uses it: the
    entry if it is whole (no longer marked), else None (it is removed and made again)."""
    whole: Path | None = found
    try:
        check_picture(
            found,
            ffmpeg,
            segment.frames,
            what=f"segment {segment.index + 1}",
            shown=shown,
            children=children,
        )
    except RenderError as error:
        if error.code != "render_broken":
            raise
        found.unlink(missing_ok=True)
        whole = None
    cache.path_for(key, UNCHECKED).unlink(missing_ok=True)
    return whole


def _copied_of(cache: SegmentCache, key: str) -> tuple[int, Path] | None:
    found = cache.get(key, "cut")
    if found is None:
        return None
    try:
        return int(found.read_text(encoding="ascii")), found
    except (OSError, ValueError):
        return None


def _family(
    segments: Sequence[Segment],
    media: Sequence[Media],
    rate: Rate,
    ffmpeg: str,
    cache: SegmentCache,
    workdir: Path,
    children: Children,
    outcome: Outcome,
) -> tuple[Family | None, set[int]]:
    """The family this export follows and the segments it cuts (none: no family)."""
    if not segments:
        return None, set()
    by_id = {m.id: m for m in media}
    size = planner.frame_size(segments[0].timeline)
    eligible: dict[str, list[Segment]] = {}
    for segment in segments:
        source = segment.timeline.clips[0].source if segment.timeline.clips else ""
        reason = why_not(segment, by_id.get(source), rate, size)
        if reason:
            outcome.reasons[segment.index] = reason
        else:
            eligible.setdefault(source, []).append(segment)
    # The source with the most frames to copy sets the family; others' segments are encoded.
    ranked = sorted(eligible.items(), key=lambda kv: -sum(s.frames for s in kv[1]))
    for source, found in ranked:
        verdict = family_of(
            found[0],
            by_id[source],
            list(media),
            rate,
            ffmpeg=ffmpeg,
            root=cache.root,
            workdir=workdir,
            children=children,
        )
        if isinstance(verdict, Family):
            outcome.family = source
            for other, rest in ranked:
                if other != source:
                    for segment in rest:
                        outcome.reasons[segment.index] = "another source's cuts are used"
            return verdict, {s.index for s in found}
        for segment in found:
            outcome.reasons[segment.index] = verdict
    return None, set()


def _make(
    work: _Work,
    piece: int,
    ctx: Context,
    cache: SegmentCache,
    family: Family | None,
    by_id: Mapping[str, Media],
    length: float,
    bar: _Bar,
    outcome: Outcome,
    lanes: pool.Lanes,
) -> None:
    """Make one piece into the cache (the segment's or the sound's), checked. An encoded
    segment's check (a decode) goes to the light lane, and the piece into the cache after it."""
    ext = "m4a" if work.segment is None else "mp4"
    written = cache.scratch(work.key, ext)
    with outcome.lock:
        outcome.scratch.append(written)
    real = work.segment.frames / ctx.rate.value if work.segment else length
    scale = work.seconds / (real or 1)

    def tick(seconds: float) -> None:
        bar.tick(piece, seconds * scale)

    if work.segment is not None and not (work.cut and family is not None):
        segment = work.segment
        try:
            command = encode(segment, written, work.folder, ctx, tick, family=family)
        except BaseException:
            written.unlink(missing_ok=True)
            raise

        # Beside an encode one decoding thread wastes least; after the last, the cores are free.
        threads = None if lanes.last_heavy() else 1

        def check() -> None:
            try:
                accept(
                    written,
                    command,
                    segment.frames,
                    ctx,
                    what=f"segment {segment.index + 1}",
                    family=family,
                    threads=threads,
                    decode=ctx.check,
                )
                cache.put(work.key, ext, written)
                if not ctx.check:
                    cache.put_text(work.key, UNCHECKED, "not decoded (nemo export --no-verify)\n")
            finally:
                written.unlink(missing_ok=True)
            tick(real)

        lanes.later(check)
        return
    try:
        if work.segment is None:
            run_ffmpeg(
                [*work.command[:-1], str(written)],
                ffmpeg=ctx.ffmpeg,
                duration=length,
                output=ctx.shown,
                progress=lambda update: tick(float(update.completed)),
                children=ctx.children,
            )
            check_sound(written, ctx.ffmpeg, length, shown=ctx.shown, children=ctx.children)
        elif work.cut and family is not None:
            item = by_id[work.segment.timeline.clips[0].source]
            made = make_smart(work.segment, item, family, written, work.folder / "cut", ctx, tick)
            with outcome.lock:
                if made.cut is not None:
                    outcome.cut += 1
                    # beside it, so that an export taking it from the cache can say so too
                    cache.put_text(work.key, "cut", str(made.cut.copied))
                else:
                    cache.path_for(work.key, "cut").unlink(missing_ok=True)
                    outcome.reasons[work.segment.index] = made.reason
        cache.put(work.key, ext, written)
    finally:
        written.unlink(missing_ok=True)
    tick(real)


def _one_set_of_parameters(files: Sequence[Path], family: Family | None, shown: Path) -> None:
    """Every segment declares the same SPS and PPS (the family's, when there is one): a
    stream-copy join keeps only the first file's."""
    sets = [c.parameter_sets if (c := avc_config(f)) else None for f in files]
    if family is not None:
        if any(s != family.parameter_sets for s in sets):
            raise FamilyMismatch("a segment has other parameter sets than the family")
        return
    if any(s is None for s in sets) or len(set(sets)) > 1:
        raise RenderError(
            f"The segments of {shown} were encoded with different settings and cannot be joined.",
            hint="Empty the render cache (nemo cache clear) and export again.",
        )
