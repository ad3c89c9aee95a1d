"""A child process of the engine (ffmpeg, pip): its stderr kept short, and its end made sure.

Every engine stage that runs a child (render, analysis, speech, the model install) starts it
with ``spawn`` (a Ctrl-C or SIGTERM cannot land between the child's start and the ``try`` that
stops it), reads its stderr on a thread into a bounded tail, for the error message, and on
failure or Ctrl-C kills and reaps it, so no orphan or zombie is left behind.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Sequence
from types import FrameType
from typing import IO, Any

_STOPPING = (signal.SIGINT, signal.SIGTERM)


class HeldSignals:
    """Ctrl-C and SIGTERM noted, not acted on, until ``release``; then acted on as they would
    have been (the handler they found runs: ``KeyboardInterrupt``, or ``Terminated`` from the
    CLI's entry). Only the main thread receives signals: elsewhere this holds nothing."""

    def __init__(self) -> None:
        self._came: list[int] = []
        self._saved: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in _STOPPING:
                self._saved[number] = signal.signal(number, self._note)

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self._came.append(signum)

    def release(self) -> None:
        saved, self._saved = self._saved, {}
        for number, handler in saved.items():
            signal.signal(number, handler)
        if not self._came:
            return
        number = self._came[0]
        handler = saved.get(number)
        if callable(handler):
            handler(number, None)
        elif handler == signal.SIG_DFL:
            signal.raise_signal(number)  # SIGINT's default raises KeyboardInterrupt; SIGTERM's ends


def spawn(args: Sequence[str], **options: Any) -> tuple[subprocess.Popen[Any], HeldSignals]:
    """Start a child with Ctrl-C and SIGTERM held: a signal inside ``Popen`` (it waits for the
    exec) would lose the child, orphaned and still running. The caller's first act inside the
    ``try`` that stops the child must be ``held.release()``, which raises there a signal that
    came meanwhile. ``OSError`` (no such program) passes up with the signals released."""
    held = HeldSignals()
    try:
        proc: subprocess.Popen[Any] = subprocess.Popen(list(args), **options)
    except BaseException:
        held.release()
        raise
    return proc, held


def drain(stream: IO[bytes], tail: deque[str]) -> None:
    """Read ``stream`` to its end, keeping its last non-empty lines in ``tail``."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace").rstrip()
        if line:
            tail.append(line)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child if it still runs, and reap it."""
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            proc.kill()
    with contextlib.suppress(Exception):
        proc.wait()


class Children:
    """The children one job runs at once (an export's segments encoded side by side), so that
    Ctrl-C or SIGTERM, which only the main thread hears, can end every one of them.

    A child started after ``stop_all`` (a worker that had not yet heard) is killed at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self.stopped = False

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.add(proc)
            late = self.stopped
        if late:
            stop(proc)

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(proc)

    def stop_all(self) -> None:
        """Kill and reap every child still running; later ones die as they start."""
        with self._lock:
            self.stopped = True
            running = list(self._running)
        for proc in running:
            stop(proc)


def capture(
    args: Sequence[str], children: Children | None = None, stdin: bytes | None = None
) -> tuple[int, bytes, bytes]:
    """Run a short child to its end: (exit code, stdout, stderr). Ctrl-C, SIGTERM or any
    failure here kills and reaps it; ``children`` lets another thread do the same."""
    proc, held = spawn(
        args,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        held.release()
        if children is not None:
            children.add(proc)
        out, err = proc.communicate(stdin)
    except BaseException:
        stop(proc)
        raise
    finally:
        if children is not None:
            children.discard(proc)
    return proc.returncode, out, err
