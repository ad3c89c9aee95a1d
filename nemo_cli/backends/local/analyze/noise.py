"""The noise floor: how loud a file is where nobody speaks (room tone, hiss, hum), in dB RMS.

It is the ``PERCENTILE``-th percentile of the 10 ms frame levels (``SpectralFrames.level_db``,
32 ms windows) outside the speech ranges, so breaths and the odd noise between sentences do
not raise it; a file with less than ``MIN_QUIET_S`` outside speech uses all of its frames and
the ``ALL_PERCENTILE``-th percentile (the quietest syllable gaps). Digital silence measures
-100 dB. The denoiser (``render/denoise.py``) is set from it.

The analysis hears 16 kHz mono, so hiss above 8 kHz is not counted: white noise reads about
5 dB under its full-band level at 48 kHz (the render's setting allows for it).
"""

from __future__ import annotations

from collections.abc import Sequence

from .ranges import Range
from .spectrum import FPS, SpectralFrames

PERCENTILE = 20
ALL_PERCENTILE = 10
MIN_QUIET_S = 1.0


def noise_floor(frames: SpectralFrames, speech: Sequence[Range]) -> float | None:
    """The floor in dB RMS (see the module's docstring); None when there is no sound."""
    import numpy as np

    levels = frames.level_db()
    if len(levels) == 0:
        return None
    quiet = np.ones(len(levels), dtype=bool)
    for start, end in speech:
        quiet[max(0, int(start * FPS)) : max(0, int(np.ceil(end * FPS)))] = False
    if quiet.sum() >= MIN_QUIET_S * FPS:
        return round(float(np.percentile(levels[quiet], PERCENTILE)), 1)
    return round(float(np.percentile(levels, ALL_PERCENTILE)), 1)
