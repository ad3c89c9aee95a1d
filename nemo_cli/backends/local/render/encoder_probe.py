"""Which hardware encoders work on this machine, and which encoder an export uses.

An encoder being compiled into ffmpeg says nothing about the machine: NVENC needs an NVIDIA
GPU and its driver's ``libcuda``, Quick Sync an Intel GPU and its media driver, VA-API a DRM
render node and a driver, AMF AMD's runtime. So each is tried: a one-frame test encode of a
black 320x240 picture with the options an export would use, all at once, each killed after
``PROBE_TIMEOUT`` seconds (a driver that hangs counts as not working). On Linux a GPU shows
as device nodes (``DEVICE_NODES``): where an encoder's are absent its test cannot pass and is
not run, so a machine without a GPU starts no process at all. The answers are kept in
``encoders.json`` in nemo's cache folder (atomic write), under the identity of the ffmpeg
binary (its size and modification time) and the device nodes present, so they are found again
for free until ffmpeg or the hardware changes (``nemo cache clear`` forgets them). Measured
here (no GPU): about 1 ms cold; where the tests run, 0.2-0.5 s once; 0.3 ms from the cache.

``choose(asked, ...)``: ``x264`` is libx264; ``auto`` is the first hardware encoder that works
(encoders.HARDWARE's order), else libx264; a hardware encoder asked for by name that does not
work here is an error naming the ones that do (``EncoderUnavailable``, exit 2): someone who
asks for the GPU wants to know it is not used, and ``auto`` is there for "the best there is".
"""

from __future__ import annotations

import contextlib
import glob
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ....errors import ConfigError, UsageError
from ....files import atomic_write_json, locked, read_json
from ....safe_text import one_line
from ..child import spawn, stop
from .encoders import HARDWARE, Encoding, encoding_for
from .ffmpeg_run import without_context

PROBE_TIMEOUT = 10.0  # seconds: a working encoder answers in well under one
CACHE_VERSION = 1
KEEP_BINARIES = 8  # the answers kept for this many ffmpeg binaries (NEMO_FFMPEG may change)
_TEST_PICTURE = "color=c=black:s=320x240:r=30:d=1"


class EncoderUnavailable(UsageError):
    code = "encoder_unavailable"


@dataclass(frozen=True)
class Probe:
    """One encoder's answer: works or not, and ffmpeg's reason when not."""

    ok: bool
    reason: str = ""


# The device nodes a GPU's driver makes on Linux: NVIDIA's /dev/nvidia0..., Intel's and AMD's
# DRM render nodes /dev/dri/renderD128..., WSL2's /dev/dxg (its GPU, for NVENC, QSV and AMF).
DEVICE_NODES: dict[str, tuple[str, ...]] = {
    "nvenc": ("/dev/nvidia[0-9]*", "/dev/dxg"),
    "qsv": ("/dev/dri/renderD*", "/dev/dxg"),
    "amf": ("/dev/dri/renderD*", "/dev/dxg"),
    "vaapi": ("/dev/dri/renderD*",),
}


def _nodes(patterns: Sequence[str]) -> list[str]:
    return sorted({node for pattern in patterns for node in glob.glob(pattern)})


def missing_device(name: str) -> str | None:
    """Why encoder ``name`` cannot work here without trying it (its device nodes are absent:
    Linux only; VA-API is Linux's alone), or None: try it."""
    if name != "vaapi" and not sys.platform.startswith("linux"):
        return None
    patterns = DEVICE_NODES[name]
    return None if _nodes(patterns) else f"no GPU device: none of {', '.join(patterns)}"


def identity(ffmpeg: str) -> str:
    """The ffmpeg binary (size and modification time) and the GPU device nodes present."""
    try:
        st = Path(ffmpeg).stat()
        binary = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        binary = ffmpeg
    nodes = _nodes([p for patterns in DEVICE_NODES.values() for p in patterns])
    return f"{binary}|{','.join(nodes)}"


def probe_command(ffmpeg: str, enc: Encoding) -> list[str]:
    """The one-frame test encode of ``enc`` (its export options, output thrown away)."""
    picture = ["-vf", enc.upload] if enc.upload else []
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *enc.head,
        "-f",
        "lavfi",
        "-i",
        _TEST_PICTURE,
        "-frames:v",
        "1",
        *picture,
        *enc.options,
        "-f",
        "null",
        "-",
    ]


def _reason(stderr: bytes, code: int) -> str:
    """ffmpeg's first line that says why (its own name prefix cut), one line."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return one_line(without_context(lines[0]), 160) if lines else f"ffmpeg exited with code {code}"


def run_probes(
    ffmpeg: str, names: Sequence[str], *, timeout: float = PROBE_TIMEOUT
) -> dict[str, Probe]:
    """Try each encoder in ``names`` at once; each gets ``timeout`` seconds in all.

    An encoder whose device is absent is not tried (``missing_device``). Every child is
    reaped before this returns, also on Ctrl-C (the probes still running are killed)."""
    found: dict[str, Probe] = {}
    running: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name in names:
            absent = missing_device(name)
            if absent is not None:
                found[name] = Probe(False, absent)
                continue
            try:
                proc, held = spawn(
                    probe_command(ffmpeg, encoding_for(name)),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                running[name] = proc
                held.release()  # a Ctrl-C that came meanwhile raises now: the finally stops it
            except OSError as exc:
                found[name] = Probe(False, f"cannot run ffmpeg: {exc.strerror or exc}")
        deadline = time.monotonic() + timeout
        for name, proc in running.items():
            try:
                _, err = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                stop(proc)
                found[name] = Probe(False, f"no answer within {timeout:g} s")
                continue
            code = proc.returncode
            found[name] = Probe(True) if code == 0 else Probe(False, _reason(err, code))
    finally:
        for proc in running.values():
            stop(proc)
            if proc.stderr is not None:
                proc.stderr.close()
    return {name: found[name] for name in names if name in found}


def cache_file() -> Path:
    from .segment_cache import cache_root

    return cache_root() / "encoders.json"


def _read(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """The cached answers by binary identity ({} when missing, corrupt or of another version:
    it is a cache, made again)."""
    try:
        data = read_json(path, default={}, what="encoder cache")
    except ConfigError:
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    binaries = data.get("binaries")
    return binaries if isinstance(binaries, dict) else {}


def _as_probes(entry: object) -> dict[str, Probe] | None:
    if not isinstance(entry, dict):
        return None
    probes: dict[str, Probe] = {}
    for name in HARDWARE:
        item = entry.get(name)
        if not isinstance(item, dict) or not isinstance(item.get("ok"), bool):
            return None
        probes[name] = Probe(item["ok"], str(item.get("reason") or ""))
    return probes


def detect(
    ffmpeg: str, *, cache: Path | None = None, timeout: float = PROBE_TIMEOUT
) -> dict[str, Probe]:
    """Every hardware encoder's answer on this machine, from the cache or probed now."""
    path = cache or cache_file()
    key = identity(ffmpeg)
    known = _as_probes(_read(path).get(key))
    if known is not None:
        return known
    probes = run_probes(ffmpeg, HARDWARE, timeout=timeout)
    with contextlib.suppress(OSError, ConfigError), locked(path):
        binaries = _read(path)
        binaries.pop(key, None)
        binaries[key] = {n: {"ok": p.ok, "reason": p.reason} for n, p in probes.items()}
        kept = dict(list(binaries.items())[-KEEP_BINARIES:])
        atomic_write_json(path, {"version": CACHE_VERSION, "binaries": kept})
    return probes


def working(probes: Mapping[str, Probe]) -> list[str]:
    """The encoders that work here, x264 first (it always does)."""
    return ["x264", *(name for name in HARDWARE if probes.get(name, Probe(False)).ok)]


def choose(
    asked: str,
    ffmpeg: str,
    quality: str = "high",
    *,
    cache: Path | None = None,
    timeout: float = PROBE_TIMEOUT,
) -> Encoding:
    """The encoding for ``asked`` (auto, x264 or a hardware encoder's name) at ``quality``."""
    if asked == "x264":
        return encoding_for("x264", quality)
    probes = detect(ffmpeg, cache=cache, timeout=timeout)
    if asked == "auto":
        name = next((n for n in HARDWARE if probes[n].ok), "x264")
        return encoding_for(name, quality)
    answer = probes.get(asked)
    if answer is None:
        from .encoders import unknown

        raise unknown(asked)
    if not answer.ok:
        raise EncoderUnavailable(
            f"The {asked} encoder does not work on this machine ({answer.reason}).",
            hint=f"Working here: {', '.join(working(probes))}. Use --encoder auto "
            "(or nemo config set encoder auto) to take the best of them.",
        )
    return encoding_for(asked, quality)
