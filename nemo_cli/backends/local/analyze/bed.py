"""The voice above a music bed: where someone speaks over music that goes on between sentences.

Under a continuous bed nothing falls silent between sentences, and webrtcvad and the syllable
check (``voice.py``) hear speech from the first word to the last. What does change when the
voice stops is the voice region of the spectrum (250 Hz - 4 kHz, in ``VOICE_BANDS`` bands):
with the voice, most bands stand well above what the bed alone puts there; without it, none do.

What the bed alone puts in each band is estimated twice, and the higher estimate is used:

- **the quietest level nearby** (minimum statistics): the lowest level of the band within
  ``BED_WINDOW_S`` either side. Between syllables, and between sentences, only the bed is left,
  so a steady bed (pads, chords, a drone, room noise) is found even while someone talks;
- **the same moment of the bar** (when the analysis found a tempo): drums come back on the
  beat, so the level of a band at the same place one, two, three, four, six and eight beats
  away (``BEAT_SPANS``), a few times over, shows what the drums alone put there; the voice,
  which does not repeat with the bar, stands out of it. Each length gets the lowest level of its
  repeats; the bed is the highest of those, the pattern's own length (2 beats, a bar of 4 or 8).

A frame is voiced when at least ``MIN_BANDS`` of the bands stand ``ABOVE_BED_DB`` over the bed;
voiced frames closer than ``voice.WORD_GAP_S`` are joined into phrases. The speech found by
``voice.py`` keeps only its voiced parts, so a gap where only the bed plays is a pause.

Measured on espeak-ng sentences with gaps of 0.6-2.2 s under a chord pad and under a drum
pattern with a bass chord, 6 and 12 dB below the voice: every gap found, phrase edges within
0.1 s (pad) and 0.4 s (drums: the hi-hats mask the fading last consonant).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .ranges import Range, drop_short, fill_gaps, intersect
from .spectrum import FPS, SpectralFrames

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

ABOVE_BED_DB = 9.0
MIN_BANDS = 0.3  # the fraction of the voice bands that must stand above the bed
BED_WINDOW_S = 1.5
BLOCK = 25  # frames per block in the running minimum (the window moves a block at a time)
SMOOTH = 5  # frames averaged before comparing (50 ms: a level, not a single spectrum)
BEAT_SPANS = (1, 2, 3, 4, 6, 8)  # beats between repeats of a drum pattern
REPEATS = 3  # how many repeats either side
SLACK = 3  # frames: a drum hit is taken at its loudest within this much of its place
WORD_GAP_S = 0.3
MIN_PHRASE_S = 0.25


def _smooth(levels: NDArray[np.float32]) -> NDArray[np.float32]:
    import numpy as np

    kernel = np.ones(SMOOTH, np.float32) / SMOOTH
    out = np.empty_like(levels)
    for band in range(levels.shape[1]):
        out[:, band] = np.convolve(levels[:, band], kernel, mode="same")
    return out


def quietest_nearby(levels: NDArray[np.float32]) -> NDArray[np.float32]:
    """Each band's lowest level within ``BED_WINDOW_S`` either side (a block at a time)."""
    import numpy as np

    count = -(-len(levels) // BLOCK)
    padded = np.full((count * BLOCK, levels.shape[1]), np.inf, np.float32)
    padded[: len(levels)] = levels
    blocks = padded.reshape(count, BLOCK, -1).min(axis=1)
    reach = int(BED_WINDOW_S * FPS) // BLOCK
    wide = np.full((count + 2 * reach, levels.shape[1]), np.inf, np.float32)
    wide[reach : reach + count] = blocks
    windows = np.lib.stride_tricks.sliding_window_view(wide, 2 * reach + 1, axis=0)
    low: NDArray[np.float32] = np.repeat(windows.min(axis=-1), BLOCK, axis=0)[: len(levels)]
    return low


def _moved(levels: NDArray[np.float32], by: int) -> NDArray[np.float32]:
    """``levels`` read ``by`` frames later (earlier when negative); +inf off the ends."""
    import numpy as np

    out = np.full_like(levels, np.inf)
    if 0 < by < len(levels):
        out[:-by] = levels[by:]
    elif 0 < -by < len(levels):
        out[-by:] = levels[:by]
    return out


def same_moment_of_the_bar(levels: NDArray[np.float32], tempo_bpm: float) -> NDArray[np.float32]:
    """What a drum pattern at ``tempo_bpm`` alone puts in each band (see the module's
    docstring); -inf where no repeat lies inside the file."""
    import numpy as np

    loudest = np.lib.stride_tricks.sliding_window_view(
        np.pad(levels, ((SLACK, SLACK), (0, 0)), mode="edge"), 2 * SLACK + 1, axis=0
    ).max(axis=-1)
    period = 60.0 / tempo_bpm * FPS
    bed = np.full_like(levels, -np.inf)
    for beats in BEAT_SPANS:
        lowest = np.full_like(levels, np.inf)
        for k in range(1, REPEATS + 1):
            for sign in (1, -1):
                np.minimum(lowest, _moved(loudest, sign * round(k * beats * period)), out=lowest)
        np.maximum(bed, np.where(np.isfinite(lowest), lowest, -np.inf), out=bed)
    return bed


def voiced(frames: SpectralFrames, tempo_bpm: float | None) -> list[Range]:
    """Where the voice bands stand above the bed (seconds), joined into phrases."""
    import numpy as np

    levels = frames.voice_bands_db()
    if len(levels) == 0:
        return []
    smooth = _smooth(levels)
    bed = quietest_nearby(smooth)
    if tempo_bpm:
        bed = np.maximum(bed, same_moment_of_the_bar(smooth, tempo_bpm))
    above = (smooth > bed + ABOVE_BED_DB).mean(axis=1) >= MIN_BANDS
    edges = np.flatnonzero(np.diff(np.concatenate([[0], above.astype(np.int8), [0]])))
    runs = [(int(a) / FPS, int(b) / FPS) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return drop_short(fill_gaps(runs, WORD_GAP_S), MIN_PHRASE_S)


def above_bed(
    speech: Iterable[Range], frames: SpectralFrames, tempo_bpm: float | None
) -> list[Range]:
    """The parts of ``speech`` where the voice stands above the bed (see the docstring)."""
    return drop_short(intersect(speech, voiced(frames, tempo_bpm)), MIN_PHRASE_S / 2)
