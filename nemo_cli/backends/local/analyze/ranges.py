"""Time ranges in seconds, as sorted lists of ``(start, end)`` tuples with start < end."""

from __future__ import annotations

from collections.abc import Iterable

Range = tuple[float, float]


def normalise(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, with overlapping or touching ranges merged and empty ones dropped."""
    out: list[Range] = []
    for start, end in sorted((s, e) for s, e in ranges if e > s):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def clamp(ranges: Iterable[Range], low: float, high: float | None) -> list[Range]:
    """Each range cut to ``low .. high`` (``high`` None: no upper bound)."""
    top = float("inf") if high is None else high
    return normalise((max(s, low), min(e, top)) for s, e in ranges)


def subtract(ranges: Iterable[Range], holes: Iterable[Range]) -> list[Range]:
    """The parts of ``ranges`` outside every range in ``holes``."""
    cut = normalise(holes)
    out: list[Range] = []
    for start, end in normalise(ranges):
        pos = start
        for h_start, h_end in cut:
            if h_end <= pos or h_start >= end:
                continue
            if h_start > pos:
                out.append((pos, h_start))
            pos = max(pos, h_end)
            if pos >= end:
                break
        if pos < end:
            out.append((pos, end))
    return out


def fill_gaps(ranges: Iterable[Range], shorter_than: float) -> list[Range]:
    """Join neighbours separated by less than ``shorter_than`` seconds."""
    out: list[Range] = []
    for start, end in normalise(ranges):
        if out and start - out[-1][1] < shorter_than:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def drop_short(ranges: Iterable[Range], shorter_than: float) -> list[Range]:
    return [(s, e) for s, e in normalise(ranges) if e - s >= shorter_than]


def total(ranges: Iterable[Range]) -> float:
    return sum(e - s for s, e in ranges)
