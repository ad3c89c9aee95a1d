"""One ffmpeg run of the engine: progress from ``-progress pipe:1``, errors from stderr's tail,
Ctrl-C and SIGTERM that kill and reap it; and the captions file a plan's filter reads.

``runner.render`` (the whole export) and ``segment_render`` (one segment, the sound, the join)
both run ffmpeg through here.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ....errors import Interrupted, RenderError, Terminated
from ....safe_text import one_line
from ...base import ProgressFn, ProgressUpdate, no_progress
from ..child import Children, drain, spawn, stop
from . import plan as planner

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


def without_context(line: str) -> str:
    """An ffmpeg log line without the ``[h264_nvenc @ 0x55...] `` naming who said it."""
    line = line.strip()
    return line.split("] ", 1)[1] if line.startswith("[") and "] " in line else line


def run_ffmpeg(
    args: Sequence[str],
    *,
    ffmpeg: str,
    duration: float,
    output: Path,
    progress: ProgressFn = no_progress,
    key: str | None = None,
    children: Children | None = None,
) -> None:
    """Run one ffmpeg command (``args[0]`` is replaced by ``ffmpeg``), reporting progress.

    Raises RenderError (with stderr's tail) if ffmpeg fails, Interrupted on Ctrl-C / SIGTERM.
    ``children`` (segments encoded side by side) lets the thread that hears Ctrl-C end it.
    """
    key = key or output.name
    tail: deque[str] = deque(maxlen=40)

    def tick(seconds: float) -> None:
        done = max(0.0, min(seconds, duration)) if duration else seconds
        progress(ProgressUpdate("render", key, done, duration or None, unit="seconds"))

    with _sigterm_raises():
        try:
            proc, held = spawn(
                [ffmpeg, *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
        assert proc.stdout is not None and proc.stderr is not None
        # The stderr reader starts inside the ``try``: a Ctrl-C while it starts (it waits for
        # the thread) must still stop ffmpeg.
        reader = threading.Thread(target=drain, args=(proc.stderr, tail), daemon=True)
        try:
            held.release()
            if children is not None:
                children.add(proc)
            reader.start()
            tick(0.0)
            for raw in iter(proc.stdout.readline, b""):
                name, _, value = raw.decode("ascii", errors="replace").strip().partition("=")
                if name == "out_time_us" and value.lstrip("-").isdigit():
                    tick(int(value) / 1_000_000)
                elif name == "progress" and value == "end":
                    tick(duration)
            code = proc.wait()
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
            stop(proc)
            raise Interrupted("Stopped: nothing was written.") from None
        except BaseException:
            stop(proc)
            raise
        finally:
            if children is not None:
                children.discard(proc)
            if reader.is_alive():
                reader.join(timeout=5)
            proc.stdout.close()
            proc.stderr.close()
    if code != 0:
        error = _failure(code, list(tail), output)
        error.command = tuple(args)  # which step failed (a hardware encode falls back on it)
        raise error


def write_captions(asset: planner.CaptionAsset) -> None:
    """The captions' fonts folder and ASS file, where the plan's filter reads them."""
    from ..captions import ass, fonts

    folder = fonts.folder_for((c.text for c in asset.cues), asset.fonts.parent)
    text = ass.to_text(asset.cues, asset.style, asset.width, asset.height, font=folder.family)
    asset.path.write_text(text, encoding="utf-8")
