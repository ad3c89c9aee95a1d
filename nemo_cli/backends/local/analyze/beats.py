"""Tempo and beat times, from the onset envelope of ``spectrum.SpectralFrames``.

- **Tempo**: the envelope's autocorrelation over lags of 50 to 220 BPM, weighted by a broad
  prior around 120 BPM (one octave wide, as in Ellis 2007 and librosa) so that a beat is not
  taken for its half or double; the peak is refined by parabolic interpolation.
- **Beats**: Ellis's dynamic programme (each beat = its onset strength + the best earlier beat
  about one period back, penalising any other spacing), computed a half-period block at a time
  since no beat can look back less than half a period. Weak beats at the ends are trimmed.
- **Refinement**: the tempo is finally the slope of the beat times against their beat numbers,
  which on a steady track is accurate to a small fraction of a BPM.

A track with no steady pulse (speech, noise, silence) has a weak autocorrelation peak: below
``MIN_PULSE`` the result is no tempo and no beats, rather than a made-up grid.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .spectrum import FPS, SpectralFrames

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MIN_BPM = 50.0
MAX_BPM = 220.0
PRIOR_BPM = 120.0
PRIOR_OCTAVES = 1.0
TIGHTNESS = 100.0  # how strongly the beat tracker keeps to the tempo (librosa's default)
MIN_PULSE = 0.3  # autocorrelation at the beat period, 0..1; speech stays under, music over
MIN_CONTRAST = 0.8  # OnsetEnvelope.contrast: a steady tone or noise has no onsets to follow
MIN_BEATS = 4
# Frame i's window is centred on sample i * HOP; a sharp attack already shows in the flux
# while it is in the window's far half, so the envelope runs ahead of the sound by this much
# (measured on click tracks at 90, 120 and 128 BPM: 5 to 7 ms).
LEAD_S = 0.006


def estimate_tempo(envelope: NDArray[np.float32]) -> tuple[float, float] | None:
    """(BPM, pulse strength 0..1) of the envelope, or None when it is too short or flat."""
    import numpy as np

    min_lag = int(math.floor(60.0 * FPS / MAX_BPM))
    max_lag = int(math.ceil(60.0 * FPS / MIN_BPM))
    if len(envelope) < 2 * max_lag:
        return None
    x = envelope.astype(np.float64) - float(envelope.mean())
    size = 1 << int(math.ceil(math.log2(2 * len(x))))
    spectrum = np.fft.rfft(x, size)
    ac = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 2]
    if ac[0] <= 0:
        return None
    ac = ac / ac[0]
    lags = np.arange(min_lag, max_lag + 1)
    bpm = 60.0 * FPS / lags
    prior = np.exp(-0.5 * (np.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2)
    best = int(lags[int(np.argmax(ac[lags] * prior))])
    y0, y1, y2 = ac[best - 1], ac[best], ac[best + 1]
    bend = y0 - 2 * y1 + y2
    shift = 0.5 * (y0 - y2) / bend if bend < 0 else 0.0
    period = best + max(-0.5, min(0.5, shift))
    return 60.0 * FPS / period, float(y1)


def track_beats(envelope: NDArray[np.float32], bpm: float) -> NDArray[np.float64]:
    """Beat times (seconds) by dynamic programming at the given tempo."""
    import numpy as np

    period = 60.0 * FPS / bpm
    spread = max(period / 32.0, 0.5)
    offsets_g = np.arange(-int(period), int(period) + 1)
    gauss = np.exp(-0.5 * (offsets_g / spread) ** 2)
    scale = float(envelope.std()) or 1.0
    local = np.convolve(envelope / scale, gauss, mode="same")
    n = len(local)
    back_min = max(1, int(round(period / 2)))
    back = np.arange(back_min, int(round(2 * period)) + 1)
    penalty = -TIGHTNESS * np.log(back / period) ** 2
    cumulative = np.zeros(n)
    link = np.full(n, -1, dtype=np.int64)
    for start in range(0, n, back_min):
        rows = np.arange(start, min(n, start + back_min))
        earlier = rows[:, None] - back[None, :]
        valid = earlier >= 0
        candidates = np.where(valid, cumulative[np.maximum(earlier, 0)] + penalty, -np.inf)
        pick = np.argmax(candidates, axis=1)
        best = candidates[np.arange(len(rows)), pick]
        chained = np.isfinite(best) & (best > 0)
        cumulative[rows] = local[rows] + np.where(chained, best, 0.0)
        link[rows] = np.where(chained, earlier[np.arange(len(rows)), pick], -1)
    # The last beat: the last local maximum of the cumulative score that stands out.
    peaks = (
        np.flatnonzero((cumulative[1:-1] > cumulative[:-2]) & (cumulative[1:-1] >= cumulative[2:]))
        + 1
    )
    if len(peaks) == 0:
        return np.zeros(0)
    strong = peaks[cumulative[peaks] >= 0.5 * float(np.median(cumulative[peaks]))]
    frame = int(strong[-1])
    frames: list[int] = []
    while frame >= 0:
        frames.append(frame)
        frame = int(link[frame])
    beats = np.array(frames[::-1], dtype=np.int64)
    # Trim weak beats at both ends (silence before and after the music).
    strength = local[beats]
    floor = 0.5 * math.sqrt(float(np.mean(strength**2))) if len(beats) else 0.0
    keep = np.flatnonzero(strength >= floor)
    if len(keep):
        beats = beats[keep[0] : keep[-1] + 1]
    # ... and an end beat off the grid (the dynamic programme may end on a last off-beat).
    while len(beats) > MIN_BEATS and abs(beats[-1] - beats[-2] - period) > period / 5:
        beats = beats[:-1]
    while len(beats) > MIN_BEATS and abs(beats[1] - beats[0] - period) > period / 5:
        beats = beats[1:]
    return _sub_frame(local, beats) / FPS + LEAD_S


def _sub_frame(score: NDArray[np.float64], frames: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each beat frame moved to the top of the parabola through it and its neighbours."""
    import numpy as np

    inner = (frames > 0) & (frames < len(score) - 1)
    at = frames[inner]
    y0, y1, y2 = score[at - 1], score[at], score[at + 1]
    bend = y0 - 2 * y1 + y2
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(bend < 0, 0.5 * (y0 - y2) / bend, 0.0)
    out = frames.astype(np.float64)
    out[inner] += np.clip(shift, -0.5, 0.5)
    return out


def refine_tempo(beats: NDArray[np.float64], bpm: float) -> float:
    """The tempo as the slope of beat times against beat numbers (gaps count as beats)."""
    import numpy as np

    if len(beats) < MIN_BEATS:
        return bpm
    period = 60.0 / bpm
    numbers = np.round((beats - beats[0]) / period)
    if len(np.unique(numbers)) < MIN_BEATS:
        return bpm
    slope = float(np.polyfit(numbers, beats, 1)[0])
    return 60.0 / slope if slope > 0 else bpm


def tempo_and_beats(
    frames: SpectralFrames, duration: float | None = None
) -> tuple[float | None, list[float]]:
    """(BPM, beat times) of the sound, or (None, []) when there is no steady pulse."""
    if frames.contrast() < MIN_CONTRAST:
        return None, []
    envelope = frames.onsets()
    found = estimate_tempo(envelope)
    if found is None or found[1] < MIN_PULSE:
        return None, []
    bpm = found[0]
    beats = track_beats(envelope, bpm)
    if duration is not None:
        beats = beats[(beats >= 0) & (beats <= duration)]
    if len(beats) < MIN_BEATS:
        return None, []
    return refine_tempo(beats, bpm), [round(float(b), 3) for b in beats]
