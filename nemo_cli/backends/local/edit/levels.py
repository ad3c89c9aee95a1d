"""The sound's level: ducking the music under the clips' speech (``render/ducking.py``), and
loudness normalisation on export (``render/loudness.py`` does it, in two passes over the final
mix, so the file measures the target whatever the clips and music)."""

from __future__ import annotations

from dataclasses import replace

from ..changes import DenoiseSet, LoudnessSet, MusicDucked, NoMusic
from ..intents import Denoise, Duck, Loudness
from .state import Editor


def loudness(e: Editor, it: Loudness) -> None:
    e.timeline = replace(e.timeline, loudness_lufs=it.lufs)
    e.did(LoudnessSet(it.lufs, it.target))


def duck(e: Editor, it: Duck) -> None:
    """The music dips under the clips' speech when rendered (``render/ducking.py``)."""
    if not e.music:
        e.cannot(NoMusic())
        return
    e.set_music(replace(m, duck_db=it.db) for m in e.music)
    e.did(MusicDucked(it.db))


def denoise(e: Editor, it: Denoise) -> None:
    e.timeline = replace(e.timeline, denoise=it.on)
    e.did(DenoiseSet(it.on))
