"""A child process of the engine (ffmpeg, pip): its stderr kept short, and its end made sure.

Every engine stage that runs a child (render, analysis, speech, the model install) reads its
stderr on a thread into a bounded tail, for the error message, and on failure or Ctrl-C kills
and reaps it, so no orphan or zombie is left behind.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections import deque
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
