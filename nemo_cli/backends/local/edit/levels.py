"""The sound's level: loudness normalisation on export (``render/loudness.py`` does it, in two
passes over the final mix, so the file measures the target whatever the clips and music)."""

from __future__ import annotations

from dataclasses import replace

from ..intents import Loudness
from .state import Editor


def loudness(e: Editor, it: Loudness) -> None:
    e.timeline = replace(e.timeline, loudness_lufs=it.lufs)
    named = f" ({it.target})" if it.target else ""
    e.say(f"The sound will be normalised to {it.lufs:g} LUFS{named} when exported",
          f"导出时声音将标准化到 {it.lufs:g} LUFS{named}")  # fmt: skip
