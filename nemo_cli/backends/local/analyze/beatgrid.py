"""Times on the beat: cut points every Nth beat, boundaries snapped to the nearest beat, and
lengths in whole beats (for "cut to the beat", "every 2nd beat", "photos to the beat", 卡点).

Pure functions of the beat times ``Analysis.beats`` gives (seconds in the music's clock) and of
an offset, the music's start on the timeline minus its in-point, which maps them onto the
timeline. Past the last analysed beat the grid goes on at the tempo, so a timeline longer
than the detected beats still gets cuts on the grid.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


def grid(beats: Sequence[float], tempo_bpm: float | None, until: float) -> list[float]:
    """The beats, continued at the tempo up to ``until`` (both ways), sorted."""
    times = sorted(beats)
    if not times:
        return []
    if tempo_bpm:
        period = 60.0 / tempo_bpm
        before = []
        t = times[0] - period
        while t >= 0:
            before.append(t)
            t -= period
        t = times[-1] + period
        after = []
        while t <= until:
            after.append(t)
            t += period
        times = [*reversed(before), *times, *after]
    return [round(t, 3) for t in times if t <= until]


def every(times: Sequence[float], n: int, *, after: float = 0.0) -> list[float]:
    """Every ``n``th time, starting with the first one later than ``after``."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    later = [t for t in times if t > after]
    return later[::n]


def snap(boundaries: Sequence[float], times: Sequence[float]) -> list[float]:
    """Each boundary moved to the nearest grid time; order kept, no two on the same time."""
    if not times:
        return list(boundaries)
    out: list[float] = []
    for b in boundaries:
        i = bisect.bisect_left(times, b)
        near = [times[j] for j in (i - 1, i) if 0 <= j < len(times)]
        best = min(near, key=lambda t: (abs(t - b), t))
        if not out or best > out[-1]:
            out.append(best)
    return out


def whole_beats(length: float, tempo_bpm: float, *, at_least: int = 1) -> float:
    """``length`` rounded to a whole number of beats (at least ``at_least``), in seconds."""
    period = 60.0 / tempo_bpm
    count = max(at_least, round(length / period))
    return round(count * period, 3)
