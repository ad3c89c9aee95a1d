"""A child process of the engine (ffmpeg, pip): its stderr kept short, and its end made sure.

Every engine stage that runs a child (render, analysis, speech, the model install) reads its
stderr on a thread into a bounded tail, for the error message, and on failure or Ctrl-C kills
and reaps it, so no orphan or zombie is left behind.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from typing import IO, Any


@contextlib.contextmanager
def signals_held() -> Iterator[list[int]]:
    """Ctrl-C and SIGTERM wait while a child starts (yields the list of those that came).

    ``Popen`` returns only after the child has started its program; a KeyboardInterrupt raised
    inside it, after that, leaves a running child nobody knows to stop. Within this block the
    signals are only noted; ``resend`` raises them again once the caller holds the child and
    can stop it. Only the main thread hears signals, so elsewhere this does nothing. (A child
    gets default signal handling whatever this process's handlers are: exec resets them.)"""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return

    def note(signum: int, frame: Any) -> None:
        held.append(signum)

    before = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield held
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def resend(held: list[int]) -> None:
    """Raise again the signals ``signals_held`` noted (their own handlers now run)."""
    for sig in held:
        signal.raise_signal(sig)


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
    with signals_held() as held:
        proc = subprocess.Popen(
            list(args),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    try:
        if children is not None:
            children.add(proc)
        resend(held)
        out, err = proc.communicate(stdin)
    except BaseException:
        stop(proc)
        raise
    finally:
        if children is not None:
            children.discard(proc)
    return proc.returncode, out, err
