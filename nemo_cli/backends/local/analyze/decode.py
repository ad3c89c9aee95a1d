"""Running the analysis decode: PCM to the listeners, progress from ``-progress``, and Ctrl-C.

stdout carries the 16 kHz mono PCM; a thread hands it in order to each listener (the voice
detector, the onset envelope) a second at a time, so memory stays flat however long the file.
stderr carries the filters' log lines and the ``-progress`` key=value lines; a second thread
keeps the filters' lines for ``passes.parse_log``, the position, and a tail for errors. The
calling thread only waits, reports the position every ``TICK_S`` and so answers Ctrl-C at once.

Ctrl-C (or SIGTERM, delivered as ``errors.Terminated``) kills ffmpeg, reaps it and raises
``Interrupted``: nothing is cached from a run that did not finish.
"""

from __future__ import annotations

import subprocess
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import IO

from ....errors import InputError, Interrupted, RenderError
from ....safe_text import one_line
from ..child import spawn, stop

PcmListener = Callable[[bytes], None]
TickFn = Callable[[float], None]

CHUNK = 32_000  # one second of 16 kHz 16-bit mono
TICK_S = 0.2
_KEEP_PREFIXES = ("[Parsed_", "  Duration:")
_SUMMARY_WORDS = ("I:", "LRA:", "Peak:", "Threshold:", "LRA low:", "LRA high:")
_STOPPED = "Analysis stopped: nothing was saved."


class _Decode:
    def __init__(self, proc: subprocess.Popen[bytes], listeners: Sequence[PcmListener]) -> None:
        self.proc = proc
        self.listeners = listeners
        self.kept: list[str] = []
        self.tail: deque[str] = deque(maxlen=12)
        self.position = 0.0
        self.failure: BaseException | None = None

    def read_pcm(self, stream: IO[bytes]) -> None:
        try:
            while chunk := stream.read(CHUNK):
                for listen in self.listeners:
                    listen(chunk)
        except BaseException as exc:  # re-raised in the calling thread
            self.failure = exc
            stop(self.proc)

    def read_log(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            key, sep, value = line.partition("=")
            if sep and " " not in key:  # a -progress field
                if key == "out_time_us" and value.isdigit():
                    self.position = int(value) / 1_000_000
                continue
            if line.startswith(_KEEP_PREFIXES) or line.strip().startswith(_SUMMARY_WORDS):
                self.kept.append(line)
            if line.strip():
                self.tail.append(line)


def _join(threads: Sequence[threading.Thread]) -> None:
    for thread in threads:
        while thread.is_alive():  # short waits: Ctrl-C still gets through
            thread.join(TICK_S)


def run(
    args: Sequence[str],
    *,
    listeners: Sequence[PcmListener] = (),
    tick: TickFn | None = None,
    name: str = "the file",
) -> list[str]:
    """Run the decode; returns the log lines ``passes.parse_log`` reads.

    Raises ``InputError`` when ffmpeg cannot read the file, ``Interrupted`` on Ctrl-C."""
    try:
        proc, held = spawn(
            list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({args[0]}): {exc.strerror or exc}") from exc
    assert proc.stdout is not None and proc.stderr is not None
    job = _Decode(proc, listeners)
    threads = [
        threading.Thread(target=job.read_pcm, args=(proc.stdout,), daemon=True),
        threading.Thread(target=job.read_log, args=(proc.stderr,), daemon=True),
    ]
    try:
        held.release()
        for thread in threads:
            thread.start()
        while True:
            try:
                code = proc.wait(TICK_S)
                break
            except subprocess.TimeoutExpired:
                if tick is not None:
                    tick(job.position)
        _join(threads)
        if tick is not None and code == 0 and job.failure is None:
            tick(job.position)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
        stop(proc)
        raise Interrupted(_STOPPED) from None
    except BaseException:
        stop(proc)
        raise
    finally:
        for thread in threads:
            if thread.is_alive():
                thread.join(5)
        proc.stdout.close()
        proc.stderr.close()
    if job.failure is not None:
        raise job.failure
    if code != 0:
        if code == 255 and any("received signal" in line for line in job.tail):
            raise Interrupted(_STOPPED)
        last = [one_line(line, 200) for line in job.tail] or ["(ffmpeg said nothing)"]
        raise InputError(
            f"Cannot analyse {name}: ffmpeg exited with code {code}. Its last lines:\n"
            + "\n".join(f"  {line}" for line in last[-6:]),
            hint="Is it a complete media file? Try playing it, or convert it first.",
        )
    return job.kept
