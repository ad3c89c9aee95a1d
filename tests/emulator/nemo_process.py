"""The real ``nemo`` as a background process against the emulator: start it, wait until it
reaches a stage (a request the emulator saw, a file on disk), signal it, read its peak memory.

Used by the reliability tests (tests/test_reliability_*.py). The waits poll; their limit is a
safety net against a hung test (generous, like ``communicate(timeout=...)``), never a measure
of speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SAFETY_NET = 120.0  # seconds: only a hung process ever gets near it


def nemo_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The test's environment (its isolated home) plus ``extra``."""
    return {**os.environ, **extra}


def start(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    stdin: int | IO[str] | None = subprocess.DEVNULL,
    cwd: Path | None = None,
) -> subprocess.Popen[str]:
    """``python -m nemo_cli ARGS`` in the background, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "nemo_cli", *args],
        env=nemo_env(env),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )


def wait_for(proc: subprocess.Popen[str], ready: Callable[[], bool], what: str) -> None:
    """Poll until ``ready()``; fail with the process's output if it ends first."""
    deadline = time.monotonic() + SAFETY_NET
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"nemo ended before {what} (exit {proc.returncode}): {out}{err}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"nemo never reached {what}")
        time.sleep(0.02)


@dataclass
class Finished:
    code: int
    out: str
    err: str


def finish(proc: subprocess.Popen[str]) -> Finished:
    out, err = proc.communicate(timeout=SAFETY_NET)
    return Finished(proc.returncode, out, err)


@dataclass
class Measured:
    code: int
    peak_rss: int  # bytes
    err: str


# Runs nemo like `python -m nemo_cli` and, at exit, writes its own peak resident memory
# (VmHWM: counted from the exec on, unlike wait4's ru_maxrss, which also counts the pages the
# child shared with the big pytest process between fork and exec).
_MEASURED = """
import atexit, os, re, runpy, sys

def _peak():
    status = open("/proc/self/status").read()
    kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
    with open(os.environ["NEMO_TEST_PEAK_FILE"], "w") as fh:
        fh.write(str(kb * 1024))

atexit.register(_peak)
sys.argv[0] = "nemo"
runpy.run_module("nemo_cli", run_name="__main__", alter_sys=True)
"""


def run_measured(
    args: Sequence[str], env: Mapping[str, str], stdout: Path, *, stdin: Path | None = None
) -> Measured:
    """Run nemo to the end, stdout into a file, and read its peak resident memory (Linux)."""
    peak_file = stdout.with_name(stdout.name + ".peak")
    full = {**nemo_env(env), "NEMO_TEST_PEAK_FILE": str(peak_file)}
    with open(stdout, "wb") as out, open(stdin or os.devnull, "rb") as inp:
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args],
            env=full,
            stdin=inp,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=SAFETY_NET,
            check=False,
        )
    peak = int(peak_file.read_text())
    peak_file.unlink()
    return Measured(proc.returncode, peak, proc.stderr.decode("utf-8", "replace"))


def children(pid: int) -> list[int]:
    """The process's direct children (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(x) for x in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """Running (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
