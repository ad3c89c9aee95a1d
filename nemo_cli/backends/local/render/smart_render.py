"""Making one smart-cut segment (smart_cut.py says what and why): list the source's packets over
the range, plan the pieces, encode the head and the tail, copy the middle, check each piece,
join them into the segment's file and check it around its joins.

Any step that finds the range cannot be copied after all (uneven frames, an open-GOP keyframe,
a keyframe whose parameter sets are not the family's) makes the segment the plain way instead:
encoded whole, with the family's options, so it still joins the rest of the export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from ..child import Children
from ..media import Media
from . import plan as planner
from .decode_delay import delay_of, expected_delay, shift_command
from .encoders import Encoding
from .ffmpeg_run import run_ffmpeg
from .h264_units import read_unit
from .mp4_avcc import avc_config
from .packets import Stream, list_packets, timestamp
from .piece_check import broken, check_grid, check_picture, decode_piece
from .rate import Rate
from .segments import TIMESCALE, Segment, segment_command
from .smart_cut import Cut, first_tick, frame_step, plan_cut
from .smart_family import Family

LISTING_MARGIN_S = 2.0  # read this far past the out-point: B-frames arrive out of order
# A piece this short may come out of x264 without B-frames, so without their decode delay
# (decode_delay.py): its packets are listed and it is given the delay. Longer pieces have it;
# the joined file's packet check (join_check.py) would catch one that did not.
SHORT_PIECE = 16

Tick = Callable[[float], None]  # seconds of the segment made so far


@dataclass(frozen=True)
class Made:
    """What became of a candidate: its cut, or why it was encoded whole."""

    cut: Cut | None
    reason: str = ""


@dataclass(frozen=True)
class Context:
    media: Sequence[Media]
    quality: str
    rate: Rate
    ffmpeg: str
    shown: Path
    children: Children | None
    threads: int | None = None  # x264's, when encodes share the cores (pool.py)
    encoding: Encoding | None = None  # the export's encoder (encoders.py; None: the plan's x264)
    check: bool = True  # each encoded segment decoded before it enters the cache (--no-verify)


def encode_piece(
    segment: Segment,
    output: Path,
    folder: Path,
    ctx: Context,
    tick: Tick,
    *,
    what: str,
    family: Family | None = None,
) -> None:
    """Encode ``segment`` (all of its frames) into ``output``, with the family's options when
    it must join pictures copied from a source (else the plan's), and check it."""
    command = encode(segment, output, folder, ctx, tick, family=family)
    accept(output, command, segment.frames, ctx, what=what, family=family)


def encode(
    segment: Segment,
    output: Path,
    folder: Path,
    ctx: Context,
    tick: Tick,
    *,
    family: Family | None = None,
) -> list[str]:
    """Encode ``segment`` into ``output`` (unchecked: ``accept``); returns its command."""
    from .ffmpeg_run import write_captions
    from .titles import render_title

    folder.mkdir(parents=True, exist_ok=True)
    command, job = segment_command(
        segment,
        ctx.media,
        output,
        ctx.quality,
        folder,
        ctx.rate.value,
        family.options if family else None,
        family.look if family else None,
        ctx.threads,
        encoding=ctx.encoding,
    )
    for title in job.titles:
        render_title(title.text, title.size, title.width, title.height, title.path)
    if job.captions is not None:
        write_captions(job.captions)
    seconds = segment.frames / ctx.rate.value
    run_ffmpeg(
        command,
        ffmpeg=ctx.ffmpeg,
        duration=seconds,
        output=ctx.shown,
        progress=lambda update: tick(float(update.completed)),
        children=ctx.children,
    )
    return command


def accept(
    output: Path,
    command: Sequence[str],
    frames: int,
    ctx: Context,
    *,
    what: str,
    family: Family | None = None,
    threads: int | None = None,
    decode: bool = True,
) -> None:
    """Check an encoded piece (a decode; ``threads`` decoding threads; ``decode`` False: not
    decoded, for ``nemo export --no-verify``) and give it its settings' decode delay when it
    is too short to have it."""
    if decode:
        check_picture(
            output,
            ctx.ffmpeg,
            frames,
            what=what,
            shown=ctx.shown,
            children=ctx.children,
            threads=threads,
        )
    if frames < SHORT_PIECE:
        _align_delay(output, command, frames, what, ctx)
    if family is not None:
        _check_sets(output, family, what, ctx)


def _align_delay(
    output: Path, command: Sequence[str], frames: int, what: str, ctx: Context
) -> None:
    """Check the encoded piece's packets and give it its settings' decode delay
    (decode_delay.py) if it is too short to have it."""
    made = list_packets(output, ctx.ffmpeg, children=ctx.children)[0]
    step = frame_step(made, ctx.rate) or 0
    problem = check_grid(made, frames, step)
    if problem:
        raise broken(what, ctx.shown, problem)
    wanted = expected_delay(command)
    have = delay_of(made, step)
    if wanted is None or have >= wanted:
        return
    moved = output.with_name(f"{output.stem}.delay{output.suffix}")
    try:
        run_ffmpeg(
            shift_command(output, moved, (wanted - have) * step),
            ffmpeg=ctx.ffmpeg,
            duration=frames / ctx.rate.value,
            output=ctx.shown,
            children=ctx.children,
        )
        moved.replace(output)
    finally:
        moved.unlink(missing_ok=True)


class FamilyMismatch(Exception):
    """A picture encoded with a family's options came out with other parameter sets (another
    file's picture in the export, say): the export is made again without smart cuts."""


def _check_sets(path: Path, family: Family, what: str, ctx: Context) -> None:
    config = avc_config(path)
    if config is None or config.parameter_sets != family.parameter_sets:
        raise FamilyMismatch(f"{what} has other parameter sets than its family")


def make_smart(
    segment: Segment,
    item: Media,
    family: Family,
    output: Path,
    folder: Path,
    ctx: Context,
    tick: Tick,
) -> Made:
    """Write ``segment`` into ``output`` from ``item`` (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(item.path)
    clip = segment.timeline.clips[0]
    fps = ctx.rate.value
    stream = list_packets(
        path,
        ctx.ffmpeg,
        start=clip.in_ms / 1000,
        duration=segment.frames / fps + LISTING_MARGIN_S,
        children=ctx.children,
    )[0]
    step = frame_step(stream, ctx.rate)
    begins_us = round(stream.start * 1_000_000) + clip.in_ms * 1000
    cut = (
        plan_cut(stream, first_tick(stream, begins_us), segment.frames, step)
        if step
        else "the source's clock does not count whole frames at the export's rate"
    )
    if isinstance(cut, Cut):
        unit = read_unit(path, ctx.ffmpeg, timestamp(cut.copy_from, stream.time_base), ctx.children)
        if not unit.idr:
            cut = "its keyframe is not an IDR picture"
        elif unit.parameter_sets != family.parameter_sets:
            cut = "its keyframe carries other parameter sets than the stream's start"
    if not isinstance(cut, Cut):
        encode_piece(
            segment, output, folder, ctx, tick, what=f"segment {segment.index + 1}", family=family
        )
        return Made(None, cut)

    what = f"segment {segment.index + 1}"
    pieces: list[Path] = []
    done = 0.0
    if cut.head:
        head = folder / "head.mp4"
        encode_piece(
            replace(segment, frames=cut.head),
            head,
            folder / "head",
            ctx,
            tick,
            what=f"the start of {what}",
            family=family,
        )
        pieces.append(head)
        done += cut.head / fps

    copy = folder / "copy.mp4"
    run_ffmpeg(
        copy_command(path, copy, timestamp(cut.copy_from, stream.time_base), cut.copied),
        ffmpeg=ctx.ffmpeg,
        duration=cut.copied / fps,
        output=ctx.shown,
        progress=lambda update: tick(done + float(update.completed)),
        children=ctx.children,
    )
    copied = list_packets(copy, ctx.ffmpeg, children=ctx.children)[0]
    problem = check_grid(copied, cut.copied, frame_step(copied, ctx.rate) or 0)
    if problem:
        raise broken(f"the copy in {what}", ctx.shown, problem)
    _check_sets(copy, family, f"the copy in {what}", ctx)
    pieces.append(copy)
    done += cut.copied / fps

    if cut.tail:
        tail = folder / "tail.mp4"
        encode_piece(
            _tail_segment(segment, cut, stream.start, stream.time_base, ctx.rate),
            tail,
            folder / "tail",
            ctx,
            lambda seconds: tick(done + seconds),
            what=f"the end of {what}",
            family=family,
        )
        pieces.append(tail)

    listing = folder / "pieces.txt"
    listing.write_text(planner.concat_list_text(pieces), encoding="utf-8")
    run_ffmpeg(
        pieces_command(listing, output),
        ffmpeg=ctx.ffmpeg,
        duration=segment.frames / fps,
        output=ctx.shown,
        children=ctx.children,
    )
    _check_segment(output, segment, cut, stream, what, ctx)
    tick(segment.frames / fps)
    return Made(cut)


def _tail_segment(
    segment: Segment, cut: Cut, start: float, time_base: Fraction, rate: Rate
) -> Segment:
    """The segment of the tail's frames: the clip from the first of them (an in-point half a
    frame before it, so the seek's rounding cannot pick its neighbour)."""
    clip = segment.timeline.clips[0]
    at_ms = float((cut.tail_from - Fraction(cut.step, 2)) * time_base * 1000) - start * 1000
    in_ms = round(at_ms)
    pad = 2000 / rate.value
    length = round(cut.tail * 1000 / rate.value + pad)
    sub = replace(segment.timeline, clips=(replace(clip, in_ms=in_ms, duration_ms=length),))
    return Segment(segment.index, sub, segment.first_frame + cut.head + cut.copied, cut.tail, 0)


def _check_segment(
    output: Path, segment: Segment, cut: Cut, source: Stream, what: str, ctx: Context
) -> None:
    """The joined segment: its packets on the grid, and a decode of each join (the head into
    the copy's first group of pictures; the copy's last group into the tail)."""
    made = list_packets(output, ctx.ffmpeg, children=ctx.children)[0]
    problem = check_grid(made, segment.frames, frame_step(made, ctx.rate) or 0)
    if problem:
        raise broken(what, ctx.shown, problem)
    keys = sorted(p.pts for p in source.packets if p.key and cut.copy_from <= p.pts < cut.tail_from)
    after = [k for k in keys if k > cut.copy_from]
    first_group = ((after[0] - cut.copy_from) // cut.step) if after else cut.copied
    checks: list[tuple[float | None, int]] = [(None, cut.head + first_group)]
    if cut.tail:
        last = (keys[-1] - cut.copy_from) // cut.step + cut.head
        checks.append(((last + 0.5) / ctx.rate.value, segment.frames - last))
    for seek, frames in checks:
        decoded = decode_piece(
            output,
            ctx.ffmpeg,
            video=True,
            audio=False,
            seek=seek,
            frames=frames,
            children=ctx.children,
        ).decoded
        if decoded.errors:
            raise broken(what, ctx.shown, f"could not be decoded at a join: {decoded.errors[0]}")
        if decoded.frames != frames:
            raise broken(what, ctx.shown, f"decodes {decoded.frames} of {frames} frames at a join")


def copy_command(source: Path, output: Path, at: str, packets: int) -> list[str]:
    """``packets`` packets of the source's picture from the keyframe at timestamp ``at`` (the
    file's own clock), as they are (pure)."""
    return [
        *planner.HEAD,
        "-seek_timestamp",
        "1",
        "-ss",
        at,
        "-i",
        f"file:{source}",
        "-map",
        "0:v:0",
        "-c",
        "copy",
        "-frames:v",
        str(packets),
        "-an",
        "-sn",
        "-dn",
        "-video_track_timescale",
        str(TIMESCALE),
        "-f",
        "mp4",
        str(output),
    ]


def pieces_command(listing: Path, output: Path) -> list[str]:
    """The pieces of one segment (a concat list) into its file, by stream copy (pure)."""
    return [
        *planner.HEAD,
        *planner.concat_input(listing),
        "-map",
        "0:v:0",
        "-c",
        "copy",
        "-video_track_timescale",
        str(TIMESCALE),
        "-f",
        "mp4",
        str(output),
    ]
