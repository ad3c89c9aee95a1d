"""Running a render plan: progress from ``-progress pipe:1``, errors from stderr's tail, and a
file that appears only when it is complete.

- ffmpeg writes a hidden temporary name beside the target; it is renamed over the target only
  when ffmpeg succeeded and the file is not empty. Any failure or interruption removes it.
- Ctrl-C (KeyboardInterrupt) and SIGTERM kill ffmpeg, wait for it (no orphan), remove the
  partial file and raise ``Interrupted``.
- A source that was moved or deleted since it was uploaded is named before ffmpeg starts.
- A failure raises ``RenderError`` with ffmpeg's last lines; a full disk says so plainly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ....errors import InputError, Interrupted, NemoError, RenderError, UsageError
from ...base import ProgressFn, no_progress
from ..media import Media
from ..timeline import Timeline
from . import plan as planner
from .encoders import Encoding
from .ffmpeg_run import run_ffmpeg, write_captions
from .rate import DEFAULT as DEFAULT_RATE
from .segment_cache import SegmentCache
from .verify import Expected, check_render

if TYPE_CHECKING:
    from ..analyze.result import Analysis


@dataclass
class Rendered:
    """What a finished render did, for the export's reply."""

    encoder: str = ""  # encoders.NAMES' name of the picture's encoder; "copy": not re-encoded
    copied: float = 0.0  # seconds of picture copied from a source as they were (smart cut)
    segments: int = 0  # the export's segments (0: a single pass)
    reused: int = 0  # of those, taken from the render cache


def check_sources(sources: Sequence[Path]) -> None:
    """Every file the render reads must still be where it was uploaded from."""
    for path in sources:
        if not path.is_file():
            raise InputError(
                f"{path.name} was moved or deleted since it was uploaded: {path}",
                hint="Put it back, or upload it from its new place (nemo upload FILE) "
                "and rebuild the timeline.",
            )
        if not os.access(path, os.R_OK):
            raise InputError(f"Cannot read {path}: permission denied")


def temporary_name(output: Path) -> Path:
    """A hidden name beside ``output`` (same folder: the final rename is atomic)."""
    return output.with_name(f".{output.stem}.{secrets.token_hex(4)}.partial{output.suffix}")


def expected_of(job: planner.RenderPlan, media: Sequence[Media]) -> Expected:
    """What the plan's output must be. A stream copy keeps its files' own lengths and frames,
    which may differ from the clips' by ``COPY_TOLERANCE_MS`` each."""
    if job.stream_copy:
        used = {str(p) for p in job.sources}
        rates = [m.fps for m in media if m.path in used and m.fps]
        slack = planner.COPY_TOLERANCE_MS / 1000 * len(job.sources)
        return Expected(
            job.duration, rates[0] if rates else _rate(job), slack=slack, exact_frames=False
        )
    return Expected(job.duration, _rate(job))


def _rate(job: planner.RenderPlan) -> float:
    """The plan's output frame rate (render/rate.py), in frames per second."""
    return (job.rate or DEFAULT_RATE).value


def _heard(timeline: Timeline, media: Sequence[Media], ffmpeg: str) -> dict[str, Analysis]:
    """What the analysis heard in each clip's source (from its cache; analysed now if new),
    for music that ducks under speech and for the denoiser. A source that cannot be read has
    no entry."""
    from ..analyze.run import analyze

    by_id = {m.id: m for m in media}
    found: dict[str, Analysis] = {}
    for source in dict.fromkeys(c.source for c in timeline.clips if c.kind == "video"):
        item = by_id.get(source)
        if item is None or not item.has_audio:
            continue
        try:
            found[source] = analyze(Path(item.path), ffmpeg=ffmpeg, name=item.filename)
        except InputError:
            continue
    return found


def _normalize(
    path: Path,
    target: float,
    *,
    ffmpeg: str,
    duration: float,
    progress: ProgressFn,
    key: str | None,
) -> None:
    """Two-pass loudness normalisation of the rendered file, in place (render/loudness.py)."""
    from . import loudness

    figures = loudness.measure(path, target, ffmpeg)
    if figures is None:  # no sound to measure: leave it as it is
        return
    louder = path.with_name(f"{path.stem}.loudness{path.suffix}")
    try:
        run_ffmpeg(
            loudness.apply_args(path, louder, target, figures, ffmpeg),
            ffmpeg=ffmpeg,
            duration=duration,
            output=louder,
            progress=progress,
            key=key,
        )
        os.replace(louder, path)
    finally:
        with contextlib.suppress(OSError):
            louder.unlink()


def render(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str = "high",
    *,
    ffmpeg: str,
    preview: bool = False,
    force: bool = False,
    progress: ProgressFn = no_progress,
    key: str | None = None,
    verify: bool = True,
    cache: SegmentCache | None = None,
    notes: list[str] | None = None,
    encoding: Encoding | None = None,
    done: Rendered | None = None,
) -> Path:
    """Render ``timeline`` to ``output`` (complete or not at all); returns ``output``.

    ``key`` names the progress bar (default: the output's file name). ``verify`` checks the
    result against the timeline before it takes the output's name: a file whose picture or
    sound stops before its end, or that lasts or counts otherwise, is not saved. A single-pass
    render is decoded whole (verify.py); a segmented one was decoded piece by piece as the
    pieces were made (piece_check.py), and the join of those pieces is checked by its packets
    (join_check.py). Without ``verify`` nothing is decoded: segments made now enter the cache
    marked unchecked, and the next export that checks decodes them before it uses them.
    (output_check.py's packet scan stays for callers that cannot decode.)
    ``notes`` (if given) gets what the render did that a person should know (a held last
    frame). ``encoding`` is the video encoder (encoders.py; default libx264 at ``quality``);
    ``done`` (if given) is told which encoder made the picture, or that it was copied, and how
    many seconds a smart cut copied.
    """
    from .titles import render_title

    output = output.absolute()
    if not output.parent.is_dir():
        raise UsageError(
            f"The folder {output.parent} does not exist.",
            hint="Create it first, or choose another -o.",
        )
    if output.exists() and not force:
        raise NemoError(
            f"{output} already exists.",
            code="output_exists",
            hint="Use --force to overwrite it, or choose another -o.",
        )
    partial = temporary_name(output)
    with tempfile.TemporaryDirectory(prefix="nemo-render-") as work:
        ducks = any(m.duck_db for m in timeline.music)
        heard = _heard(timeline, media, ffmpeg) if ducks or timeline.denoise else {}
        speech = {k: a.speech for k, a in heard.items()} if ducks else None
        noise = {k: a.loudness.noise_floor_db for k, a in heard.items()}
        job = planner.build(
            timeline,
            media,
            partial,
            quality,
            preview=preview,
            workdir=Path(work),
            speech=speech,
            noise=noise,
            encoding=encoding,
        )
        check_sources(job.sources)
        segmented = cache is not None and not preview and not job.stream_copy
        for title in () if segmented else job.titles:
            render_title(title.text, title.size, title.width, title.height, title.path)
        if job.captions is not None:
            write_captions(job.captions)
        if job.concat_list is not None:
            job.concat_list[0].write_text(job.concat_list[1], encoding="utf-8")
        outcome = None
        try:
            if segmented:
                from .segment_render import render_segmented

                assert cache is not None
                outcome = render_segmented(
                    timeline,
                    media,
                    partial,
                    quality,
                    ffmpeg=ffmpeg,
                    cache=cache,
                    workdir=Path(work),
                    rate=job.rate,
                    progress=progress,
                    key=key or output.name,
                    speech=speech,
                    noise=noise,
                    shown=output,
                    encoding=encoding,
                    check=verify,
                )
            else:
                run_ffmpeg(
                    job.args,
                    ffmpeg=ffmpeg,
                    duration=job.duration,
                    output=output,
                    progress=progress,
                    key=key,
                )
            if not partial.is_file() or partial.stat().st_size == 0:
                raise RenderError(f"ffmpeg finished but wrote nothing to {output}.")
            if timeline.loudness_lufs is not None:
                _normalize(
                    partial,
                    timeline.loudness_lufs,
                    ffmpeg=ffmpeg,
                    duration=job.duration,
                    progress=progress,
                    key=key,
                )
            if verify and outcome is not None:
                from .join_check import check_joined

                check_joined(
                    partial,
                    ffmpeg,
                    frames=outcome.frames,
                    rate=job.rate or DEFAULT_RATE,
                    shown=output,
                    decode_sound=timeline.loudness_lufs is not None,
                )
            elif verify:
                check_render(partial, ffmpeg, expected_of(job, media), shown=output)
            if output.exists() and not force:
                raise NemoError(
                    f"{output} appeared while rendering; it was left as it is.",
                    code="output_exists",
                    hint="Export again with another -o.",
                )
            os.replace(partial, output)
            if notes is not None:
                notes.extend(job.notes)
            if done is not None:
                done.encoder = (
                    "copy" if job.stream_copy else (encoding.name if encoding else "x264")
                )
                if outcome is not None:
                    done.copied, done.segments = outcome.copied, outcome.segments
                    done.reused = outcome.reused
        except OSError as exc:
            raise RenderError(
                f"Cannot write {output}: {exc.strerror or exc}",
                hint="Free some space or choose another folder with -o.",
            ) from exc
        except KeyboardInterrupt:  # between ffmpeg runs (a title, the check); SIGTERM too
            raise Interrupted("Stopped: nothing was written.") from None
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
    return output
