"""A child process of the engine (ffmpeg, pip): its stderr kept short, and its end made sure.

Every engine stage that runs a child (render, analysis, speech, the model install) reads its
stderr on a thread into a bounded tail, for the error message, and on failure or Ctrl-C kills
and reaps it, so no orphan or zombie is left behind.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections import deque
from collections.abc import Sequence
from typing import IO


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
    proc = subprocess.Popen(
        list(args),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if children is not None:
        children.add(proc)
    try:
        out, err = proc.communicate(stdin)
    except BaseException:
        stop(proc)
        raise
    finally:
        if children is not None:
            children.discard(proc)
    return proc.returncode, out, err
