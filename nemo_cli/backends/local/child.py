"""A child process of the engine (ffmpeg, pip): its stderr kept short, and its end made sure.

Every engine stage that runs a child (render, analysis, speech, the model install) reads its
stderr on a thread into a bounded tail, for the error message, and on failure or Ctrl-C kills
and reaps it, so no orphan or zombie is left behind. ``spawn`` starts it so that a Ctrl-C or
SIGTERM arriving while it starts cannot leave it running unseen.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Sequence
from typing import IO, Any


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


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def spawn(args: Sequence[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen(args, **options)``, safe from a Ctrl-C or SIGTERM while it starts.

    A signal handled while ``Popen`` runs raises out of it after the child exists but before
    the caller holds it (a child nobody stops). So, in the main thread, the two signals are
    held while it starts; one that came meanwhile stops the new child, then is handled as it
    would have been (KeyboardInterrupt, errors.Terminated)."""
    if threading.current_thread() is not threading.main_thread():
        return subprocess.Popen(args, **options)
    came: list[signal.Signals] = []
    before = {
        s: signal.signal(s, lambda signum, frame: came.append(signal.Signals(signum)))
        for s in _STOP_SIGNALS
    }
    try:
        proc: subprocess.Popen[bytes] = subprocess.Popen(args, **options)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
    if came:
        stop(proc)
        _deliver(came[0], before[came[0]])
    return proc


def _deliver(number: int, handler: Any) -> None:
    """Handle signal ``number`` as ``handler`` (what was installed before) would have."""
    if callable(handler):
        handler(number, None)
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), number)
