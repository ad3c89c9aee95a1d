"""The output's frame rate: the one asked for, else the rate most of the timeline was filmed at.

Rates are snapped to the standard ones (24, 25, 30, 50, 60 and the NTSC 23.976, 29.97, 59.94),
so a phone's 29.98 fps becomes 29.97 and a 120 fps slow-motion clip 60. A timeline of photos
only plays at 30.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..media import Media
from ..timeline import Timeline

Why = Literal["asked", "clips", "default"]


@dataclass(frozen=True)
class Rate:
    num: int
    den: int = 1

    @property
    def value(self) -> float:
        return self.num / self.den

    @property
    def text(self) -> str:
        """As ffmpeg takes it: ``"25"``, ``"30000/1001"``."""
        return str(self.num) if self.den == 1 else f"{self.num}/{self.den}"

    @property
    def label(self) -> str:
        """As people say it: ``"25"``, ``"29.97"``, ``"23.976"``."""
        if self.den == 1:
            return str(self.num)
        return f"{self.value:.3f}".rstrip("0").rstrip(".")


STANDARD = (
    Rate(24000, 1001),
    Rate(24),
    Rate(25),
    Rate(30000, 1001),
    Rate(30),
    Rate(50),
    Rate(60000, 1001),
    Rate(60),
)
DEFAULT = Rate(30)


def snap(fps: float) -> Rate:
    """The standard rate ``fps`` is (or is a multiple or fraction of, for odd rates)."""
    if fps <= 0:
        return DEFAULT
    best: tuple[float, Rate] | None = None
    for rate in STANDARD:
        for k in (1, 2, 3, 4):
            for candidate in {fps * k, fps / k}:
                cost = abs(rate.value - candidate) / rate.value + 0.001 * (k - 1)
                if best is None or cost < best[0]:
                    best = (cost, rate)
    assert best is not None
    return best[1]


def dominant(timeline: Timeline, media: Sequence[Media]) -> Rate | None:
    """The rate of the clips that fill most of the timeline (photos do not count)."""
    by_id = {m.id: m for m in media}
    weight: dict[Rate, int] = {}
    for clip in timeline.clips:
        item = by_id.get(clip.source)
        if item is None or item.file_type != "video" or not item.fps:
            continue
        rate = snap(item.fps)
        weight[rate] = weight.get(rate, 0) + clip.duration_ms
    if not weight:
        return None
    return max(weight, key=lambda r: (weight[r], r.value))


def output_rate(timeline: Timeline, media: Sequence[Media]) -> tuple[Rate, Why]:
    """The rate to render at, and why: asked for, the clips' own, or the default."""
    if timeline.frame.fps:
        return snap(timeline.frame.fps), "asked"
    found = dominant(timeline, media)
    return (found, "clips") if found else (DEFAULT, "default")
