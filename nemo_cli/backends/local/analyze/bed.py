"""The voice above a music bed: where someone speaks over music that goes on between sentences.

Under a continuous bed nothing falls silent between sentences, and webrtcvad and the syllable
check (``voice.py``) hear speech from the first word to the last. What does change when the
voice stops is the voice region of the spectrum (250 Hz - 4 kHz, in ``VOICE_BANDS`` bands):
with the voice, most bands stand well above what the bed alone puts there; without it, none do.

What the bed alone puts in each band is estimated twice, and the higher estimate is used:

- **the quietest level nearby** (minimum statistics): the lowest level of the band within
  ``BED_WINDOW_S`` either side. Between syllables, and between sentences, only the bed is left,
  so a steady bed (pads, chords, a drone, room noise) is found even while someone talks;
- **the same moment of the bar** (when the analysis found a tempo): drums come back with the
  bar, so the level of a band at the same place 2 and 4 beats away (``BEAT_SPANS``: a pattern of
  kick and snare, a bar of 4/4), ``REPEATS`` times either side, shows what the drums alone put
  there; the voice, which does not repeat with the bar, stands out of it. Each span gets the
  lowest level of its repeats (one of them is likely between sentences); the bed is the higher
  of the two. (Spans of 1, 3, 6 and 8 beats were tried too: with speech most of the time, some
  span then finds speech in every repeat and takes the start of a sentence for the bed.)

A frame is voiced when at least ``MIN_BANDS`` of the bands stand ``ABOVE_BED_DB`` over the bed;
voiced frames closer than ``WORD_GAP_S`` are joined into phrases. webrtcvad's phrases keep
only their voiced parts (before ``voice.confirm`` checks them for syllables), so a gap where
only the bed plays is a pause.

Measured on espeak-ng sentences with gaps of 0.6-2.2 s, the bed 6 to 15 dB below the voice
(two texts, 32 mixes):

- a chord pad, or pink noise (16 mixes): every gap found, phrase edges within 0.05 s (a
  comma's 0.4 s pause inside a sentence is found as one too);
- a drum pattern with a bass chord at 90 and 128 BPM (16 mixes): where the analysis finds the
  tempo (7), every gap found, phrase edges within 0.1 s (a hit just before a sentence may join
  it: up to 0.17 s early). Where the voice hides the tempo (9), the drums are not told apart:
  the sentences are split only where the drums fall silent between hits (5); otherwise (4)
  they stay one phrase, as before this module, so no pause is found and none is cut wrongly.
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
BEAT_SPANS = (2, 4)  # beats between repeats of a drum pattern
REPEATS = 4  # how many repeats either side
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


def split_at_bed(
    phrases: Iterable[Range], frames: SpectralFrames, tempo_bpm: float | None
) -> list[Range]:
    """The parts of webrtcvad's ``phrases`` where the voice stands above the bed (see the
    module's docstring), before ``voice.confirm`` checks them: a stretch of bed alone would
    fail its syllable check and take the first words of a sentence down with it."""
    return drop_short(intersect(phrases, voiced(frames, tempo_bpm)), MIN_PHRASE_S / 2)
