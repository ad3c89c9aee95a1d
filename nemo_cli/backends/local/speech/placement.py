"""Where a source's words land on the timeline: trims, cuts and speed applied to their times.

A ``Piece`` is one stretch of a source's sound as the timeline plays it: source seconds
``source_start .. source_end`` played from ``timeline_start`` at ``speed``. A word belongs to
the piece holding its middle; its times are mapped and clipped to the piece, so a word cut in
two by a trim never reaches past the cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .transcript import Transcript, Word


@dataclass(frozen=True)
class Piece:
    media_id: str  # the session's media id ("m1"); a path when there is no session
    path: Path  # the file heard
    name: str
    source_start: float  # seconds in the source
    source_end: float
    timeline_start: float  # seconds on the timeline
    speed: float = 1.0

    @property
    def timeline_end(self) -> float:
        return self.timeline_start + (self.source_end - self.source_start) / self.speed

    def to_timeline(self, t: float) -> float:
        return self.timeline_start + (t - self.source_start) / self.speed


def place(words: Iterable[Word], piece: Piece) -> list[Word]:
    """The words of ``piece``'s source that it plays, in timeline time."""
    placed: list[Word] = []
    for word in words:
        middle = (word.start + word.end) / 2
        if not piece.source_start <= middle < piece.source_end:
            continue
        start = max(piece.to_timeline(word.start), piece.timeline_start)
        end = min(piece.to_timeline(word.end), piece.timeline_end)
        placed.append(Word(word.text, round(start, 3), round(end, 3), word.conf))
    return placed


def timeline_words(pieces: Sequence[Piece], hear: Callable[[Piece], Transcript]) -> list[Word]:
    """Every word the timeline plays, in time order; ``hear`` gives a piece's source transcript
    (cached by content, so a source used twice is heard once)."""
    words: list[Word] = []
    for piece in pieces:
        words.extend(place(hear(piece).words, piece))
    return sorted(words, key=lambda w: (w.start, w.end))
