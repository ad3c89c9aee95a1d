"""What a draft holds besides its bars: the cuts the engine made from what it heard and the
sound settings for the export, read from the draft (``draft.Draft``) for the timeline picture
and ``nemo status``.

The local engine writes them (docs/ARCHITECTURE.md, "The local engine's draft"): ``m.pause``
(the pause rule: ``gt``, ``keep``, ``to`` in ms), ``cut`` on a clip that is a later piece of
the clip before's source (the ms of it cut out between them), ``m.beat`` (the beat grid the
clips were cut to: ``n`` the music's name, ``bpm``, ``every``, ``at`` the beats on the timeline
in ms), ``m.lufs``, ``duck`` on a music segment (dB) and ``m.dn``. A cloud draft has none of
them, and whatever is malformed is left out, as everywhere in ``draft.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .draft import Draft
from .safe_text import one_line


@dataclass(frozen=True)
class PauseRule:
    longer_than_ms: int
    keep_over_ms: int | None = None
    shorten_to_ms: int | None = None


@dataclass(frozen=True)
class Cut:
    """Where a piece of a source starts on the timeline, after ``cut_ms`` of it was cut out."""

    at_ms: int
    cut_ms: int


@dataclass(frozen=True)
class Pieces:
    """Clips (numbered from 1 on the video track) that are pieces of one source, in order."""

    name: str
    clips: tuple[int, ...]
    cuts: tuple[Cut, ...]


@dataclass(frozen=True)
class BeatGrid:
    music: str
    bpm: float
    every: int
    at_ms: tuple[int, ...]


@dataclass(frozen=True)
class Ducking:
    music: str
    db: int


@dataclass(frozen=True)
class DraftEdits:
    pauses: PauseRule | None = None
    pieces: tuple[Pieces, ...] = ()
    beats: BeatGrid | None = None
    loudness_lufs: float | None = None
    ducking: tuple[Ducking, ...] = ()
    denoise: bool = False

    @property
    def cuts(self) -> tuple[Cut, ...]:
        """Every cut with something taken out, in timeline order."""
        return tuple(c for p in self.pieces for c in p.cuts if c.cut_ms > 0)

    def to_json(self) -> dict[str, Any]:
        """``nemo status --json``'s ``edits`` (times in ms)."""
        pauses = self.pauses
        beats = self.beats
        return {
            "pauses": None
            if pauses is None
            else {
                "longer_than_ms": pauses.longer_than_ms,
                "keep_over_ms": pauses.keep_over_ms,
                "shorten_to_ms": pauses.shorten_to_ms,
            },
            "pieces": [
                {
                    "name": p.name,
                    "clips": list(p.clips),
                    "cuts": [{"at_ms": c.at_ms, "cut_ms": c.cut_ms} for c in p.cuts],
                }
                for p in self.pieces
            ],
            "beats": None
            if beats is None
            else {
                "music": beats.music,
                "bpm": beats.bpm,
                "every": beats.every,
                "at_ms": list(beats.at_ms),
            },
            "loudness_lufs": self.loudness_lufs,
            "ducking": [{"music": d.music, "db": d.db} for d in self.ducking],
            "denoise": self.denoise,
        }


def _ms(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return max(0, min(round(value), 10**9))


def _pauses(raw: Any) -> PauseRule | None:
    if not isinstance(raw, dict) or _ms(raw.get("gt")) is None:
        return None
    return PauseRule(_ms(raw["gt"]) or 0, _ms(raw.get("keep")), _ms(raw.get("to")))


def _pieces(draft: Draft) -> tuple[Pieces, ...]:
    video = next((t for t in draft.tracks if t.kind == "video"), None)
    if video is None:
        return ()
    runs: list[tuple[str, list[int], list[Cut]]] = []
    for i, seg in enumerate(video.segments, 1):
        cut = _ms(seg.raw.get("cut"))
        if cut is not None and runs and runs[-1][1][-1] == i - 1:
            runs[-1][1].append(i)
            runs[-1][2].append(Cut(seg.start_ms, cut))
        elif cut is not None and i > 1:
            before = video.segments[i - 2]
            runs.append((before.label, [i - 1, i], [Cut(seg.start_ms, cut)]))
    return tuple(
        Pieces(one_line(name, 60), tuple(clips), tuple(cuts)) for name, clips, cuts in runs
    )


def _beats(raw: Any) -> BeatGrid | None:
    if not isinstance(raw, dict):
        return None
    bpm = raw.get("bpm")
    if isinstance(bpm, bool) or not isinstance(bpm, int | float) or not 0 < bpm < 1000:
        return None
    at = raw.get("at")
    times = sorted(t for t in (_ms(x) for x in at) if t is not None) if isinstance(at, list) else []
    every = _ms(raw.get("every")) or 1
    name = raw.get("n")
    return BeatGrid(
        one_line(name, 60) if isinstance(name, str) else "the music",
        float(bpm),
        every,
        tuple(times),
    )


def _lufs(raw: Any) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        return None
    return float(raw)


def read_edits(draft: Draft) -> DraftEdits:
    """What ``draft`` holds besides its bars (see the module's docstring)."""
    meta = draft.meta
    ducking = tuple(
        Ducking(seg.label or "music", db)
        for track in draft.tracks
        if track.kind == "audio"
        for seg in track.segments
        if (db := _ms(seg.raw.get("duck")))
    )
    return DraftEdits(
        pauses=_pauses(meta.get("pause")),
        pieces=_pieces(draft),
        beats=_beats(meta.get("beat")),
        loudness_lufs=_lufs(meta.get("lufs")),
        ducking=ducking,
        denoise=meta.get("dn") is True,
    )
