"""Where each stream of a file really ends, read from its packets (not from the header).

A container's duration is a claim: the first 30 % of a faststart MP4 (an interrupted copy) still
says 6.0 s because its index is at the front, and a file whose sound outlasts its picture gives
one length for both. ``ffmpeg -c copy -f framecrc -`` lists every packet a demuxer can really
read (stream, timestamp, duration) without decoding anything, so it is fast. ``tail`` reads
only the last seconds (a seek): enough to show that every stream reaches the end of an intact
file; a stream missing there needs the ``full`` read to find where it stops. A file without a
duration (an animated WebP says ``N/A``) is read in full; its frames are counted on the way.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ....errors import RenderError
from ..child import spawn

_TB_RE = re.compile(r"^#tb (?P<k>\d+): (?P<num>\d+)/(?P<den>\d+)")
_NO_PTS = -(2**63)


@dataclass
class Ends:
    """Per scanned stream (by the file's stream number): where it ends, how many packets."""

    ends: dict[int, float] = field(default_factory=dict)  # seconds, on the file's own clock
    packets: dict[int, int] = field(default_factory=dict)


class _Reader:
    """Reads ``-f framecrc`` lines one at a time; output stream k is ``streams[k]``."""

    def __init__(self, streams: Sequence[int]) -> None:
        self.streams = list(streams)
        self.bases: dict[int, Fraction] = {}
        self.found = Ends()
        self.latest = 0.0  # the end of the last packet read, seconds

    def feed(self, line: str) -> None:
        if line.startswith("#"):
            tb = _TB_RE.match(line)
            if tb:
                self.bases[int(tb["k"])] = Fraction(int(tb["num"]), int(tb["den"]) or 1)
            return
        parts = line.split(",")
        if len(parts) < 5:
            return
        try:
            k, dts, pts, duration = (int(p) for p in parts[:4])
        except ValueError:
            return
        stamp = pts if pts != _NO_PTS else dts
        if k >= len(self.streams) or k not in self.bases or stamp == _NO_PTS:
            return
        end = float((stamp + max(0, duration)) * self.bases[k])
        index = self.streams[k]
        self.found.ends[index] = max(self.found.ends.get(index, end), end)
        self.found.packets[index] = self.found.packets.get(index, 0) + 1
        self.latest = end


def parse_framecrc(lines: Sequence[str], streams: Sequence[int]) -> Ends:
    """Read ``-f framecrc`` output; output stream k is ``streams[k]`` (the ``-map`` order)."""
    reader = _Reader(streams)
    for line in lines:
        reader.feed(line)
    return reader.found


def scan(
    path: Path,
    ffmpeg: str,
    streams: Sequence[int],
    *,
    since: float | None = None,
    on_time: Callable[[float], None] | None = None,
) -> Ends:
    """List the packets of ``streams`` (the file's stream numbers) from ``since`` seconds (a
    seek; None = from the start) to the end. ``on_time`` hears how far the read has got."""
    if not streams:
        return Ends()
    seek = ["-ss", f"{since:.3f}"] if since else []
    maps = [arg for index in streams for arg in ("-map", f"0:{index}")]
    args = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-copyts",
        *seek,
        "-i",
        f"file:{path}",
        *maps,
        "-c",
        "copy",
        "-f",
        "framecrc",
        "-",
    ]
    reader = _Reader(streams)
    try:
        proc, held = spawn(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    assert proc.stdout is not None
    try:
        held.release()
        for count, line in enumerate(proc.stdout):
            reader.feed(line)
            if on_time and count % 2000 == 1999:  # now and then, not per packet
                on_time(reader.latest)
        proc.wait()
    except BaseException:  # Ctrl-C, SIGTERM: leave no ffmpeg behind
        with contextlib.suppress(OSError):
            proc.kill()
        proc.wait()
        raise
    finally:
        proc.stdout.close()
    return reader.found
