"""The sound's level: loudness normalisation on export (``render/loudness.py`` does it, in two
passes over the final mix, so the file measures the target whatever the clips and music)."""

from __future__ import annotations

from dataclasses import replace

from ..changes import LoudnessSet
from ..intents import Loudness
from .state import Editor


def loudness(e: Editor, it: Loudness) -> None:
    e.timeline = replace(e.timeline, loudness_lufs=it.lufs)
    e.did(LoudnessSet(it.lufs, it.target))
