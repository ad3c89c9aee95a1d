"""The H.264 parameter sets an MP4 file declares for its picture (its ``avcC`` record), read in
Python from the file's boxes, without starting ffmpeg.

A stream-copy join takes the first file's ``avcC`` for the whole result, so the files it joins
must declare the same SPS and PPS, byte for byte, or the pictures after the first file are
decoded with the wrong parameters. The render reads every segment's record before it joins
them (a few hundred bytes each: the ``moov`` box is found by walking the top-level box headers).

Boxes (ISO/IEC 14496-12): 4-byte size, 4-byte type; size 1 means a 64-bit size follows, size 0
"to the end of the file". The path is moov/trak/mdia/minf/stbl/stsd, whose entry ``avc1`` (or
``avc3``) is a VisualSampleEntry (78 bytes of fields) followed by boxes, ``avcC`` among them.
``avcC`` (ISO/IEC 14496-15): version, profile, compatibility, level, length size, then the SPS
count (low 5 bits) and each SPS with a 2-byte length, the PPS count and each PPS likewise.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
_VISUAL_ENTRY = 78  # bytes of a VisualSampleEntry before its own boxes
_MAX_MOOV = 64 * 1024 * 1024  # a moov bigger than this is not a file nemo wrote


@dataclass(frozen=True)
class AvcConfig:
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]

    @property
    def parameter_sets(self) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        return self.sps, self.pps


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box in ``data[start:end]``."""
    end = len(data) if end is None else end
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        head = 8
        if size == 1:
            if at + 16 > end:
                return
            size = struct.unpack_from(">Q", data, at + 8)[0]
            head = 16
        elif size == 0:
            size = end - at
        if size < head or at + size > end:
            return
        yield kind, at + head, at + size
        at += size


def _top_level(handle: BinaryIO, total: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, end) of each top-level box, read header by header."""
    at = 0
    while at + 8 <= total:
        handle.seek(at)
        head = handle.read(16)
        size, kind = struct.unpack_from(">I4s", head)
        skip = 8
        if size == 1 and len(head) == 16:
            size = struct.unpack_from(">Q", head, 8)[0]
            skip = 16
        elif size == 0:
            size = total - at
        if size < skip:
            return
        yield kind, at + skip, at + size
        at += size


def parse_avcc(record: bytes) -> AvcConfig | None:
    """An ``avcC`` payload -> its SPS and PPS units; None if it is not one."""
    try:
        if len(record) < 7 or record[0] != 1:
            return None
        at = 5
        sets: list[tuple[bytes, ...]] = []
        for mask in (0x1F, 0xFF):
            count = record[at] & mask
            at += 1
            units = []
            for _ in range(count):
                (length,) = struct.unpack_from(">H", record, at)
                units.append(record[at + 2 : at + 2 + length])
                if len(units[-1]) != length:
                    return None
                at += 2 + length
            sets.append(tuple(units))
        return AvcConfig(sets[0], sets[1])
    except (IndexError, struct.error):
        return None


def _find_avcc(moov: bytes) -> AvcConfig | None:
    def walk(start: int, end: int) -> AvcConfig | None:
        for kind, a, b in _boxes(moov, start, end):
            if kind in _CONTAINERS:
                found = walk(a, b)
                if found is not None:
                    return found
            elif kind == b"stsd":
                for entry, ea, eb in _boxes(moov, a + 8, b):  # version/flags, entry count
                    if entry in (b"avc1", b"avc3"):
                        for child, ca, cb in _boxes(moov, ea + _VISUAL_ENTRY, eb):
                            if child == b"avcC":
                                return parse_avcc(moov[ca:cb])
        return None

    return walk(0, len(moov))


def avc_config(path: Path) -> AvcConfig | None:
    """The ``avcC`` of the first H.264 track of an MP4/MOV file; None if it has none (or the
    file is not one)."""
    try:
        with path.open("rb") as handle:
            total = path.stat().st_size
            for kind, start, end in _top_level(handle, total):
                if kind == b"moov":
                    if end - start > _MAX_MOOV:
                        return None
                    handle.seek(start)
                    return _find_avcc(handle.read(end - start))
    except (OSError, struct.error):
        return None
    return None
