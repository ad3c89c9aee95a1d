"""H.264 as the decoder sees it at a cut: the NAL units of one access unit, its parameter sets
(SPS, PPS), whether it is an IDR picture, and the settings string x264 leaves in its first SEI.

``ffmpeg [-ss T] -i FILE -map 0:v:0 -c copy -bsf:v h264_mp4toannexb -frames:v 1 -f h264 -``
writes one access unit in Annex B form (start codes), with the stream's parameter sets put in
front of it by the bitstream filter, whatever the container keeps them in (``avcC`` in MP4 and
Matroska, in-band in MPEG-TS). Splitting that at its start codes is all the parsing needed:
parameter sets are compared as bytes, and the NAL type is the low five bits of each unit's
first byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ....errors import RenderError
from ....safe_text import one_line
from ..child import Children, capture

SLICE, IDR, SEI, SPS, PPS, AUD = 1, 5, 6, 7, 8, 9
_START = re.compile(b"\x00\x00\x01")
# SEI user data unregistered (payload type 5) with x264's UUID, then its settings in ASCII.
X264_UUID = bytes.fromhex("dc45e9bde6d948b7962cd820d923eeef")
_X264_RE = re.compile(rb"x264 - core \d+[^\x00]*? - options: (?P<options>[ -~]+)")


@dataclass(frozen=True)
class AccessUnit:
    units: tuple[bytes, ...]  # each NAL unit without its start code

    def of_type(self, kind: int) -> tuple[bytes, ...]:
        return tuple(u for u in self.units if u and u[0] & 0x1F == kind)

    @property
    def idr(self) -> bool:
        """It starts a closed group of pictures: nothing after it refers to anything before."""
        return bool(self.of_type(IDR))

    @property
    def parameter_sets(self) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        """(SPS units, PPS units), as bytes: two streams join by stream copy only when these
        are byte for byte the same."""
        return self.of_type(SPS), self.of_type(PPS)

    @property
    def x264_options(self) -> str | None:
        """x264's settings (``cabac=1 ref=3 ...``) from its SEI, when x264 made the stream."""
        for sei in self.of_type(SEI):
            if X264_UUID not in sei:
                continue
            found = _X264_RE.search(sei)
            if found:
                return found.group("options").decode("ascii").strip()
        return None


def split_annexb(data: bytes) -> AccessUnit:
    """Annex B bytes -> their NAL units (a 4-byte start code's extra zero and any trailing
    zeros belong to no unit)."""
    starts = [m.end() for m in _START.finditer(data)]
    units: list[bytes] = []
    for a, b in zip(starts, [*starts[1:], len(data) + 3], strict=True):
        unit = data[a : b - 3].rstrip(b"\x00")
        if unit:
            units.append(unit)
    return AccessUnit(tuple(units))


def unit_command(path: Path, ffmpeg: str, start: str | None = None) -> list[str]:
    """One access unit of ``path``'s first picture stream in Annex B (pure): the first, or
    the one at the keyframe at or before ``start``, a timestamp of the file's own clock
    (``-seek_timestamp``: not counted from the file's start time)."""
    seek = ["-seek_timestamp", "1", "-ss", start] if start is not None else []
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        *seek,
        "-i",
        f"file:{path}",
        "-map",
        "0:v:0",
        "-c",
        "copy",
        "-bsf:v",
        "h264_mp4toannexb",
        "-frames:v",
        "1",
        "-f",
        "h264",
        "-",
    ]


def read_unit(
    path: Path, ffmpeg: str, start: str | None = None, children: Children | None = None
) -> AccessUnit:
    """The access unit ``unit_command`` writes; RenderError if there is none."""
    try:
        code, out, err = capture(unit_command(path, ffmpeg, start), children)
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    if code != 0 or not out:
        said = err.decode("utf-8", errors="replace").strip().splitlines()
        reason = one_line(said[-1], 200) if said else "no picture"
        raise RenderError(f"Cannot read the H.264 stream of {path.name}: {reason}")
    return split_annexb(out)


def same_parameters(units: Sequence[AccessUnit]) -> bool:
    """Every access unit carries the same SPS and PPS (and at least one of each)."""
    sets = {u.parameter_sets for u in units}
    return len(sets) == 1 and all(sets.pop())
