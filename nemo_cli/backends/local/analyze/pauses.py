"""Which pauses to cut from a stretch of a source, by the rules people ask for.

A pause is time in ``[start, end]`` outside every speech range (before the first phrase,
between phrases, after the last). The rules:

- ``longer_than``: only pauses longer than this are touched ("cut pauses longer than 1 s");
- ``keep_over``: pauses longer than this are left whole, they are on purpose ("keep pauses
  over 2 s");
- ``shorten_to``: a touched pause is shortened to this length instead of removed ("shorten
  pauses to half a second");
- margins: even a removed pause keeps ``tail`` after the last word and ``lead`` before the
  next, so word endings and first consonants are not clipped (auto-editor #582); a pause at
  the very start or end of the stretch keeps only the margin next to speech.

``pause_cuts`` returns the source ranges to remove, in order; the clip becomes the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .ranges import Range, clamp, subtract

MIN_CUT_S = 0.05  # shorter cuts are not worth a join


@dataclass(frozen=True, slots=True)
class PauseRule:
    longer_than: float = 0.5
    keep_over: float | None = None
    shorten_to: float | None = None
    tail: float = 0.25  # kept after the last word before a pause
    lead: float = 0.1  # kept before the first word after a pause


def pause_cuts(
    speech: Iterable[Range], start: float, end: float, rule: PauseRule = PauseRule()
) -> list[Range]:
    """The ranges of ``start .. end`` to cut (see the module's docstring)."""
    spoken = clamp(speech, start, end)
    if not spoken:  # no speech at all: nothing is a pause between words
        return []
    cuts: list[Range] = []
    for a, b in subtract([(start, end)], spoken):
        length = b - a
        if length <= rule.longer_than:
            continue
        if rule.keep_over is not None and length > rule.keep_over:
            continue
        first, last = a <= start, b >= end
        if rule.shorten_to is not None:
            keep = min(rule.shorten_to, length)
            share = rule.tail / (rule.tail + rule.lead) if rule.tail + rule.lead else 0.5
            tail, lead = keep * share, keep * (1 - share)
            if first:
                tail, lead = 0.0, keep
            elif last:
                tail, lead = keep, 0.0
        else:
            tail = 0.0 if first else rule.tail
            lead = 0.0 if last else rule.lead
        cut = (a + tail, b - lead)
        if cut[1] - cut[0] >= MIN_CUT_S:
            cuts.append((round(cut[0], 3), round(cut[1], 3)))
    return cuts
