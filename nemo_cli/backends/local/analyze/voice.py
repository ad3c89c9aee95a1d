"""Speech ranges: webrtcvad's voiced frames, smoothed into phrases, then checked for speech.

webrtcvad (the WebRTC voice activity detector, a few hundred kilobytes of C) finds voiced
30 ms frames; a phrase is voiced frames with the gaps between words (under ``WORD_GAP_S``)
filled, and runs shorter than ``MIN_SPEECH_S`` (a click, a cough) left out.

On its own webrtcvad calls a steady tone, pink noise and a drum loop speech from start to end.
So each phrase is checked, ``WINDOW_S`` at a time, against two things speech has and music,
noise and tones lack (measured: sentences 0.45-0.75 and 0.05-0.25, single words 0.17-0.37;
tones, noise and music 0.00 and 0.1-0.9):

- **syllables**: the level between 300 Hz and 3.4 kHz keeps falling ``DIP_DB`` below its
  loud parts, between syllables and words; at least ``MIN_DIPS`` of the frames do;
- **no steady pulse**: the onset envelope's autocorrelation at beat-like lags (0.3-1 s)
  stays under ``MAX_PULSE``.

Speech over a music bed some 12 dB quieter still passes both. Speech never overlaps a silence
found by ``silencedetect``, so a pause cut by the silence rules is never also called speech.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ....errors import ConfigError
from .passes import PCM_RATE
from .ranges import Range, drop_short, fill_gaps, normalise, subtract
from .spectrum import FPS, SpectralFrames

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FRAME_MS = 30
MODE = 2  # 0 (lenient) .. 3 (strict); 3 clips the first syllable of a phrase
WORD_GAP_S = 0.3
MIN_SPEECH_S = 0.25
WINDOW_S = 3.0
DIP_DB = 12.0
MIN_DIPS = 0.12  # single words ("yes", "okay") measure 0.17-0.37
MAX_PULSE = 0.5
_PULSE_LAGS = (int(0.3 * FPS), int(1.0 * FPS))
_FRAME_BYTES = PCM_RATE * FRAME_MS // 1000 * 2


class VoiceDetector:
    """Feed 16 kHz mono s16 PCM in any chunk sizes; ``candidates`` gives webrtcvad's phrases."""

    def __init__(self) -> None:
        try:
            import webrtcvad
        except ImportError as exc:  # a dependency: only a broken install lacks it
            raise ConfigError(
                f"The voice detector is missing ({exc}).",
                hint="Reinstall nemo, or: pip install webrtcvad-wheels",
            ) from exc
        self._vad = webrtcvad.Vad(MODE)
        self._pending = b""
        self._frames = 0
        self._voiced: list[Range] = []
        self._run_start: int | None = None

    def feed(self, pcm: bytes) -> None:
        data = self._pending + pcm
        usable = len(data) - len(data) % _FRAME_BYTES
        is_speech = self._vad.is_speech
        for offset in range(0, usable, _FRAME_BYTES):
            voiced = is_speech(data[offset : offset + _FRAME_BYTES], PCM_RATE)
            if voiced and self._run_start is None:
                self._run_start = self._frames
            elif not voiced and self._run_start is not None:
                self._close(self._frames)
            self._frames += 1
        self._pending = data[usable:]

    def _close(self, frame: int) -> None:
        assert self._run_start is not None
        seconds = FRAME_MS / 1000
        self._voiced.append((self._run_start * seconds, frame * seconds))
        self._run_start = None

    def candidates(self, silences: Iterable[Range] = ()) -> list[Range]:
        """webrtcvad's phrases, outside the silences."""
        if self._run_start is not None:
            self._close(self._frames)
        phrases = drop_short(fill_gaps(self._voiced, WORD_GAP_S), MIN_SPEECH_S)
        return drop_short(subtract(phrases, silences), MIN_SPEECH_S / 2)


def _speech_like(level: NDArray[np.float32], flux: NDArray[np.float32]) -> bool:
    import numpy as np

    loud = float(np.percentile(level, 90))
    dips = float(np.mean(level < loud - DIP_DB))
    if dips < MIN_DIPS:
        return False
    if len(flux) < 2 * _PULSE_LAGS[1]:
        return True
    x = flux.astype(np.float64) - float(flux.mean())
    ac = np.correlate(x, x, mode="full")[len(x) - 1 :]
    if ac[0] <= 0:
        return True
    pulse = float((ac[_PULSE_LAGS[0] : _PULSE_LAGS[1]] / ac[0]).max())
    return pulse < MAX_PULSE


def confirm(candidates: Iterable[Range], frames: SpectralFrames) -> list[Range]:
    """The parts of ``candidates`` that sound like speech (see the module's docstring)."""
    level = frames.voice_db()
    flux = frames.band_flux().sum(axis=1)
    size = int(WINDOW_S * FPS)
    kept: list[Range] = []
    for start, end in candidates:
        first, last = int(start * FPS), min(int(end * FPS), len(level))
        if last - first < 2:
            continue
        windows = list(range(first, max(first + 1, last - size + 1), size // 2))
        if windows[-1] + size < last:
            windows.append(last - size)
        for a in windows:
            b = min(a + size, last)
            if _speech_like(level[a:b], flux[a:b]):
                kept.append((max(start, a / FPS), min(end, b / FPS)))
    return normalise(kept)
