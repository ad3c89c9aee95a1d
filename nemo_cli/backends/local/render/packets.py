"""The packets of one stream, listed without decoding anything: timestamps, sizes, key flags.

``ffmpeg -copyts [-ss T] -i FILE -map 0:v:0 -c copy -f framecrc -`` prints one line per packet
(``stream, dts, pts, duration, size, crc[, F=0x..]``; the flags are printed only when they are
not "key alone", so a line without ``F=`` is a keyframe) and the stream's time base in its
header. The bundled ffmpeg has no ffprobe beside it, and this needs none: it is a demux only,
so listing the packets of a 30 s range of a 40-minute file reads those 30 s of bytes and
nothing else. Smart cuts read keyframes and the frame grid from it (smart_cut.py); a render's
last check reads the whole output's (join_check.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from ....errors import RenderError
from ....safe_text import one_line
from ..child import Children, capture

_TB_RE = re.compile(r"^#tb (?P<k>\d+): (?P<num>\d+)/(?P<den>\d+)")
_EXTRA_RE = re.compile(r"^#extradata (?P<k>\d+):\s*(?P<size>\d+), (?P<crc>0x[0-9a-f]+)")
_HEADER_RE = re.compile(
    r"^\s*Duration: (?:(?P<h>\d+):(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)|N/A), "
    r"start: (?P<start>-?\d+(?:\.\d+)?)",
    re.M,
)
_NO_PTS = -(2**63)
KEY = 0x1  # AV_PKT_FLAG_KEY


@dataclass(frozen=True)
class Packet:
    dts: int
    pts: int
    duration: int
    size: int
    key: bool


@dataclass(frozen=True)
class Stream:
    """One stream's packets in file order (decode order), on ``time_base``."""

    time_base: Fraction
    packets: tuple[Packet, ...]
    extradata: str | None = None  # "size:crc" of the codec's private data, when it has one
    start: float = 0.0  # the file's start time (seconds): what ``-ss`` counts from
    claimed: float | None = None  # the file's length as its header says (to 10 ms)

    def seconds(self, ticks: int) -> float:
        return float(ticks * self.time_base)


def parse(lines: Iterable[str], streams: int = 1) -> list[Stream]:
    """``-f framecrc`` output -> one ``Stream`` per output stream (``-map`` order). Packets
    without a timestamp are left out (a copy of a real file has none)."""
    bases: dict[int, Fraction] = {}
    extra: dict[int, str] = {}
    found: list[list[Packet]] = [[] for _ in range(streams)]
    for line in lines:
        if line.startswith("#"):
            if tb := _TB_RE.match(line):
                bases[int(tb["k"])] = Fraction(int(tb["num"]), int(tb["den"]) or 1)
            elif ex := _EXTRA_RE.match(line):
                extra[int(ex["k"])] = f"{ex['size']}:{ex['crc']}"
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 6:
            continue
        try:
            k, dts, pts, duration, size = (int(p) for p in parts[:5])
        except ValueError:
            continue
        if not 0 <= k < streams or pts == _NO_PTS:
            continue
        flags = KEY
        for extra_field in parts[6:]:
            if extra_field.startswith("F="):
                flags = int(extra_field[2:], 16)
        dts = dts if dts != _NO_PTS else pts
        found[k].append(Packet(dts, pts, duration, size, bool(flags & KEY)))
    return [
        Stream(bases.get(k, Fraction(1, 1)), tuple(packets), extra.get(k))
        for k, packets in enumerate(found)
    ]


def framecrc_command(
    path: Path,
    ffmpeg: str,
    maps: Sequence[str] = ("0:v:0",),
    *,
    start: float | None = None,
    duration: float | None = None,
) -> list[str]:
    """The listing's ffmpeg run (pure). ``start`` seeks (to the keyframe at or before it,
    counted from the file's start time, as ``-ss`` does everywhere else); ``duration`` stops
    reading that much later. ``-copyts`` keeps the file's own timestamps; the input's header
    (its start time) comes on stderr."""
    seek = ["-ss", f"{start:.6f}"] if start else []
    limit = ["-t", f"{duration:.6f}"] if duration is not None else []
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-v",
        "info",
        "-copyts",
        *seek,
        *limit,
        "-i",
        f"file:{path}",
        *(arg for m in maps for arg in ("-map", m)),
        "-c",
        "copy",
        "-f",
        "framecrc",
        "-",
    ]


def list_packets(
    path: Path,
    ffmpeg: str,
    maps: Sequence[str] = ("0:v:0",),
    *,
    start: float | None = None,
    duration: float | None = None,
    children: Children | None = None,
) -> list[Stream]:
    """Run the listing (see ``framecrc_command``); RenderError if ffmpeg cannot read it."""
    args = framecrc_command(path, ffmpeg, maps, start=start, duration=duration)
    try:
        code, out, err = capture(args, children)
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    stderr = err.decode("utf-8", errors="replace")
    if code != 0:
        said = stderr.strip().splitlines()
        reason = one_line(said[-1], 200) if said else f"ffmpeg exited with code {code}"
        raise RenderError(f"Cannot list the packets of {path.name}: {reason}")
    found = _HEADER_RE.search(stderr)
    begins = float(found["start"]) if found else 0.0
    claimed = (
        int(found["h"]) * 3600 + int(found["m"]) * 60 + float(found["s"])
        if found and found["h"]
        else None
    )
    return [
        replace(stream, start=begins, claimed=claimed)
        for stream in parse(out.decode("ascii", errors="replace").splitlines(), len(maps))
    ]


def timestamp(ticks: int, time_base: Fraction) -> str:
    """``ticks`` as seconds for ``-ss``, exact to the microsecond (ffmpeg reads ``-ss`` in
    microseconds and rounds back to the nearest tick, which gives ``ticks`` again whenever a
    tick is longer than a microsecond)."""
    exact = ticks * time_base * 1_000_000
    us = int(abs(exact) + Fraction(1, 2)) * (1 if exact >= 0 else -1)
    sign = "-" if us < 0 else ""
    return f"{sign}{abs(us) // 1_000_000}.{abs(us) % 1_000_000:06d}"
