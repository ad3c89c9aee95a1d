"""The analysis of one media file, typed, and its JSON form (the only place that knows the keys).

``to_json`` gives exactly what ``nemo analyze --json`` prints and the cache stores: times in
seconds rounded to the millisecond, ranges as ``[start, end]`` lists. ``from_json`` reads a
cache entry back and raises ``ValueError`` on anything malformed (the cache then recomputes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .ranges import Range

KEYS = (
    "file",
    "duration",
    "loudness",
    "silences",
    "speech",
    "tempo_bpm",
    "beats",
    "scenes",
    "black",
    "frozen",
)


def _t(value: float) -> float:
    return round(float(value), 3)


@dataclass(frozen=True, slots=True)
class Loudness:
    """EBU R128 figures of the whole file (None: no sound, or too quiet to measure), and the
    level where nobody speaks (``noise.py``: dB RMS, -100 for digital silence)."""

    integrated_lufs: float | None = None
    true_peak_db: float | None = None
    lra: float | None = None
    noise_floor_db: float | None = None

    def to_json(self) -> dict[str, float | None]:
        return {
            "integrated_lufs": self.integrated_lufs,
            "true_peak_db": self.true_peak_db,
            "lra": self.lra,
            "noise_floor_db": self.noise_floor_db,
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    file: str
    duration: float | None
    loudness: Loudness = field(default_factory=Loudness)
    silences: tuple[Range, ...] = ()
    speech: tuple[Range, ...] = ()
    tempo_bpm: float | None = None
    beats: tuple[float, ...] = ()
    scenes: tuple[float, ...] = ()
    black: tuple[Range, ...] = ()
    frozen: tuple[Range, ...] = ()

    def to_json(self) -> dict[str, Any]:
        def spans(ranges: tuple[Range, ...]) -> list[list[float]]:
            return [[_t(s), _t(e)] for s, e in ranges]

        return {
            "file": self.file,
            "duration": None if self.duration is None else _t(self.duration),
            "loudness": self.loudness.to_json(),
            "silences": spans(self.silences),
            "speech": spans(self.speech),
            "tempo_bpm": None if self.tempo_bpm is None else round(self.tempo_bpm, 2),
            "beats": [_t(b) for b in self.beats],
            "scenes": [_t(s) for s in self.scenes],
            "black": spans(self.black),
            "frozen": spans(self.frozen),
        }

    @classmethod
    def from_json(cls, data: Any) -> Analysis:
        """The inverse of ``to_json``; ``ValueError`` if ``data`` is not such an object."""
        if not isinstance(data, dict) or set(data) != set(KEYS):
            raise ValueError("not an analysis object")
        loud = data["loudness"]
        if not isinstance(loud, dict):
            raise ValueError("loudness is not an object")
        return cls(
            file=_text(data["file"]),
            duration=_number(data["duration"]),
            loudness=Loudness(
                integrated_lufs=_number(loud.get("integrated_lufs")),
                true_peak_db=_number(loud.get("true_peak_db")),
                lra=_number(loud.get("lra")),
                noise_floor_db=_number(loud.get("noise_floor_db")),
            ),
            silences=_spans(data["silences"]),
            speech=_spans(data["speech"]),
            tempo_bpm=_number(data["tempo_bpm"]),
            beats=_times(data["beats"]),
            scenes=_times(data["scenes"]),
            black=_spans(data["black"]),
            frozen=_spans(data["frozen"]),
        )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("file is not a string")
    return value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _times(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list):
        raise ValueError("not a list of times")
    out = []
    for item in value:
        number = _number(item)
        if number is None:
            raise ValueError("a time is null")
        out.append(number)
    return tuple(out)


def _spans(value: Any) -> tuple[Range, ...]:
    if not isinstance(value, list):
        raise ValueError("not a list of ranges")
    out: list[Range] = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise ValueError("a range is not [start, end]")
        start, end = _number(item[0]), _number(item[1])
        if start is None or end is None or end < start:
            raise ValueError("a range is malformed")
        out.append((start, end))
    return tuple(out)
