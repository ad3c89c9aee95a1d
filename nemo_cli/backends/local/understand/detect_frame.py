"""Detectors for the frame: aspect ratio and letterbox / fill."""

from __future__ import annotations

from ..intents import SetAspect, SetFit
from . import phrases as P
from .clause import Clause, Found
from .lexer import find_times


def aspect(c: Clause) -> Found | None:
    for aspect, rule in P.ASPECTS:
        m = rule.search(c.t)
        if m:
            return [(m.start(), SetAspect(aspect))]  # type: ignore[arg-type]
    return None


def fit(c: Clause) -> Found | None:
    t = c.t
    for fit, rule in P.FIT_RULES:
        m = rule.search(t)
        if not m:
            continue
        word = m.group(0)
        if word.startswith("crop") and (c.refs or find_times(t)):
            continue  # "crop clip 2 to 5 seconds" is a trim
        if word.startswith("fit") and (P.MUSIC_NOUN.search(t) or find_times(t)):
            continue
        return [(m.start(), SetFit(fit))]  # type: ignore[arg-type]
    return None
