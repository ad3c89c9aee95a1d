"""Detectors for the history: undo, redo, start over (the session store carries them out)."""

from __future__ import annotations

from ..intents import Redo, Reset, Undo
from . import phrases as P
from .clause import Clause, Found


def undo(c: Clause) -> Found | None:
    m = P.UNDO.search(c.t)
    return [(m.start(), Undo())] if m else None


def redo(c: Clause) -> Found | None:
    m = P.REDO.search(c.t)
    return [(m.start(), Redo())] if m else None


def reset(c: Clause) -> Found | None:
    m = P.RESET.search(c.t)
    return [(m.start(), Reset())] if m else None
