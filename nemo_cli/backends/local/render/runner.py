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
import signal
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ....errors import InputError, Interrupted, NemoError, RenderError, Terminated, UsageError
from ....safe_text import one_line
from ...base import ProgressFn, ProgressUpdate, no_progress
from ..media import Media
from ..timeline import Timeline
from . import plan as planner
from .rate import DEFAULT as DEFAULT_RATE
from .segment_cache import SegmentCache
from .verify import Expected, check_render

if TYPE_CHECKING:
    from ..analyze.result import Analysis

TAIL_LINES = 12
_DISK_FULL = ("No space left on device", "Disk quota exceeded")


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While rendering, SIGTERM raises ``Terminated`` (so the cleanup runs) instead of ending
    Python at once. The CLI's entry point installs the same handler for the whole run; this one
    is for callers without it (a script using the engine), and leaves any other handler alone."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
        Terminated.received = True
        raise Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _drain(stream: IO[bytes], tail: deque[str]) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace").rstrip()
        if line:
            tail.append(line)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill ffmpeg and reap it, so no orphan or zombie is left behind."""
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            proc.kill()
    with contextlib.suppress(Exception):
        proc.wait()


def _failure(code: int, tail: Sequence[str], output: Path) -> RenderError:
    text = "\n".join(tail)
    if any(marker in text for marker in _DISK_FULL):
        return RenderError(
            f"Not enough disk space to write {output}.",
            hint="Free some space, or export into another folder with -o.",
            code="disk_full",
        )
    lines = [one_line(line, 300) for line in tail[-TAIL_LINES:]] or ["(ffmpeg said nothing)"]
    how = f"was killed (signal {-code})" if code < 0 else f"exited with code {code}"
    return RenderError(
        f"The render failed: ffmpeg {how}. Its last lines:\n"
        + "\n".join(f"  {ln}" for ln in lines),
        hint="If a source file is damaged, replace it and export again.",
    )


def run_ffmpeg(
    args: Sequence[str],
    *,
    ffmpeg: str,
    duration: float,
    output: Path,
    progress: ProgressFn = no_progress,
    key: str | None = None,
) -> None:
    """Run one ffmpeg command (``args[0]`` is replaced by ``ffmpeg``), reporting progress.

    Raises RenderError (with stderr's tail) if ffmpeg fails, Interrupted on Ctrl-C / SIGTERM.
    """
    key = key or output.name
    tail: deque[str] = deque(maxlen=40)

    def tick(seconds: float) -> None:
        done = max(0.0, min(seconds, duration)) if duration else seconds
        progress(ProgressUpdate("render", key, done, duration or None, unit="seconds"))

    with _sigterm_raises():
        try:
            proc = subprocess.Popen(
                [ffmpeg, *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
        assert proc.stdout is not None and proc.stderr is not None
        reader = threading.Thread(target=_drain, args=(proc.stderr, tail), daemon=True)
        reader.start()
        try:
            tick(0.0)
            for raw in iter(proc.stdout.readline, b""):
                name, _, value = raw.decode("ascii", errors="replace").strip().partition("=")
                if name == "out_time_us" and value.lstrip("-").isdigit():
                    tick(int(value) / 1_000_000)
                elif name == "progress" and value == "end":
                    tick(duration)
            code = proc.wait()
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
            _stop(proc)
            raise Interrupted("Stopped: nothing was written.") from None
        except BaseException:
            _stop(proc)
            raise
        finally:
            reader.join(timeout=5)
            proc.stdout.close()
            proc.stderr.close()
    if code != 0:
        raise _failure(code, list(tail), output)


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


def write_captions(asset: planner.CaptionAsset) -> None:
    """The captions' fonts folder and ASS file, where the plan's filter reads them."""
    from ..captions import ass, fonts

    folder = fonts.folder_for((c.text for c in asset.cues), asset.fonts.parent)
    text = ass.to_text(asset.cues, asset.style, asset.width, asset.height, font=folder.family)
    asset.path.write_text(text, encoding="utf-8")


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
        return Expected(job.duration, rates[0] if rates else _rate(job), slack=slack,
                        exact_frames=False)  # fmt: skip
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
    path: Path, target: float, *, ffmpeg: str, duration: float, progress: ProgressFn,
    key: str | None,
) -> None:
    """Two-pass loudness normalisation of the rendered file, in place (render/loudness.py)."""
    from . import loudness

    figures = loudness.measure(path, target, ffmpeg)
    if figures is None:  # no sound to measure: leave it as it is
        return
    louder = path.with_name(f"{path.stem}.loudness{path.suffix}")
    try:
        run_ffmpeg(loudness.apply_args(path, louder, target, figures, ffmpeg), ffmpeg=ffmpeg,
                   duration=duration, output=louder, progress=progress, key=key)  # fmt: skip
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
) -> Path:
    """Render ``timeline`` to ``output`` (complete or not at all); returns ``output``.

    ``key`` names the progress bar (default: the output's file name). ``verify`` decodes the
    result and checks it against the timeline (verify.py) before it takes the output's name:
    a file whose picture or sound stops before its end, or that lasts or counts otherwise, is
    not saved. (That one decode covers what output_check.py's packet scan looks at, so the
    render runs only this check; output_check stays for callers that cannot decode.)
    ``notes`` (if given) gets what the render did that a person should know (a held last
    frame).
    """
    from .titles import render_title

    output = output.absolute()
    if not output.parent.is_dir():
        raise UsageError(f"The folder {output.parent} does not exist.",
                         hint="Create it first, or choose another -o.")  # fmt: skip
    if output.exists() and not force:
        raise NemoError(f"{output} already exists.", code="output_exists",
                        hint="Use --force to overwrite it, or choose another -o.")  # fmt: skip
    partial = temporary_name(output)
    with tempfile.TemporaryDirectory(prefix="nemo-render-") as work:
        ducks = any(m.duck_db for m in timeline.music)
        heard = _heard(timeline, media, ffmpeg) if ducks or timeline.denoise else {}
        speech = {k: a.speech for k, a in heard.items()} if ducks else None
        noise = {k: a.loudness.noise_floor_db for k, a in heard.items()}
        job = planner.build(timeline, media, partial, quality, preview=preview,
                            workdir=Path(work), speech=speech, noise=noise)  # fmt: skip
        check_sources(job.sources)
        # Segments split at every clip and give each crossfade to the clip before it; pieces
        # of one source join by a plain cut instead (timeline.runs), which the split does not
        # model yet: such a timeline with crossfades renders in the single pass.
        plain_runs = not timeline.frame.crossfade_ms or len(timeline.runs()) == len(timeline.clips)
        segmented = cache is not None and not preview and not job.stream_copy and plain_runs
        for title in () if segmented else job.titles:
            render_title(title.text, title.size, title.width, title.height, title.path)
        if job.captions is not None:
            write_captions(job.captions)
        if job.concat_list is not None:
            job.concat_list[0].write_text(job.concat_list[1], encoding="utf-8")
        try:
            if segmented:
                from .segment_render import render_segmented

                assert cache is not None
                render_segmented(timeline, media, partial, quality, ffmpeg=ffmpeg, cache=cache,
                                 workdir=Path(work), rate=job.rate, progress=progress,
                                 key=key or output.name, speech=speech, noise=noise)  # fmt: skip
            else:
                run_ffmpeg(job.args, ffmpeg=ffmpeg, duration=job.duration, output=output,
                           progress=progress, key=key)  # fmt: skip
            if not partial.is_file() or partial.stat().st_size == 0:
                raise RenderError(f"ffmpeg finished but wrote nothing to {output}.")
            if timeline.loudness_lufs is not None:
                _normalize(partial, timeline.loudness_lufs, ffmpeg=ffmpeg,
                           duration=job.duration, progress=progress, key=key)  # fmt: skip
            if verify:
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
        except OSError as exc:
            raise RenderError(
                f"Cannot write {output}: {exc.strerror or exc}",
                hint="Free some space or choose another folder with -o.",
            ) from exc
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
    return output
