"""A fake ffmpeg with an NVIDIA encoder, for the encoder tests (set as ``NEMO_FFMPEG``).

It runs the real ffmpeg for everything, except that ``h264_nvenc`` behaves as
``FAKE_NVENC`` says: ``works`` (its one-frame test passes and renders are encoded, really, by
libx264 in its place), ``absent`` (the test fails as on a machine without the driver),
``breaks`` (the test passes, a real render fails part-way, as a GPU out of memory does) or
``hangs`` (the test never answers). The other hardware encoders always fail their test. Each
run that uses an encoder appends a line to ``FAKE_LOG``: ``probe nvenc``, ``render nvenc``,
``render x264``..., with its process id.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

SCRIPT = """#!{python}
import os, sys, time
REAL = {real!r}
args = sys.argv[1:]
mode = os.environ.get("FAKE_NVENC", "works")
codec = args[args.index("-c:v") + 1] if "-c:v" in args else ""
probe = args[-3:] == ["-f", "null", "-"] and "lavfi" in args


def log(what):
    path = os.environ.get("FAKE_LOG")
    if path:
        with open(path, "a") as fh:
            fh.write(f"{{what}} {{os.getpid()}}\\n")


if codec.startswith("h264_") and codec != "h264_nvenc":
    log("probe " + codec)
    print(f"[{{codec}} @ 0x1] no such device", file=sys.stderr)
    sys.exit(1)
if codec == "h264_nvenc":
    log(("probe" if probe else "render") + " nvenc")
    if mode == "absent" or (mode == "breaks" and not probe):
        why = "OpenEncodeSessionEx failed: out of memory (10)"
        if mode == "absent":
            why = "Cannot load libcuda.so.1"
        print(f"[h264_nvenc @ 0x1] {{why}}", file=sys.stderr)
        sys.exit(1)
    if mode == "hangs" and probe:
        time.sleep(3600)
    # The GPU's work, done by libx264 in the same place of the command.
    at = args.index("-c:v")
    end = args.index("-pix_fmt", at)
    args[at:end] = ["-c:v", "libx264", "-preset", "ultrafast"]
elif codec == "libx264":
    log(("probe" if probe else "render") + " x264")
os.execv(REAL, [REAL, *args])
"""


def write_fake(folder: Path, real: str) -> Path:
    """The fake ffmpeg, as an executable file in ``folder``."""
    path = folder / "ffmpeg"
    path.write_text(SCRIPT.format(python=sys.executable, real=real), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def runs(log: Path) -> list[str]:
    """What the fake was asked to do, in order (``render nvenc``, ``probe nvenc``, ...)."""
    if not log.exists():
        return []
    return [line.rsplit(" ", 1)[0] for line in log.read_text().splitlines()]


def pids(log: Path, what: str) -> list[int]:
    return [
        int(line.rsplit(" ", 1)[1])
        for line in (log.read_text().splitlines() if log.exists() else [])
        if line.rsplit(" ", 1)[0] == what
    ]
