"""Short-time spectra of the analysis PCM, reduced as they stream in to what the detectors use.

32 ms Hann frames every 10 ms of the 16 kHz mono PCM (frame i centred on sample i * HOP).
Of each frame only two kinds of number are kept, so memory holds about 16 bytes per 10 ms
however long the file:

- **onset flux** in three bands, bass (< 200 Hz: kick drums), middle (200 Hz - 2 kHz: snares,
  voices, chords) and treble (> 2 kHz: hi-hats): the sum of each bin's rise in log magnitude
  since the previous frame. ``onsets`` puts each band in units of its own spread and adds
  them, so broadband hi-hats between the beats do not outvote the kick on the beat.
- **speech-band level**: the energy between 300 Hz and 3.4 kHz, in dB, for the voice checks;
- **voice bands**: the same region (250 Hz - 4 kHz) in ``VOICE_BANDS`` bands spaced evenly in
  pitch, in dB, for telling the voice from a music bed under it (``bed.py``);
- **level**: the frame's whole level in dB RMS (0 dB: a square wave at full scale), for the
  noise floor (``noise.py``).

These are about 100 bytes per 10 ms: some 35 MB for an hour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .passes import PCM_RATE

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

N_FFT = 512
HOP = 160
FPS = PCM_RATE / HOP  # frames per second
_BIN_HZ = PCM_RATE / N_FFT
_BANDS = (
    (1, int(200 / _BIN_HZ)),
    (int(200 / _BIN_HZ), int(2000 / _BIN_HZ)),
    (int(2000 / _BIN_HZ), N_FFT // 2 + 1),
)
_VOICE = (int(300 / _BIN_HZ), int(3400 / _BIN_HZ))
_FLOOR_DB = -100.0
VOICE_BANDS = 16
_VOICE_EDGES = sorted(
    {round(250 * 16 ** (i / VOICE_BANDS) / _BIN_HZ) for i in range(VOICE_BANDS + 1)}
)
# Parseval for a Hann-windowed frame: the mean square of the samples from the spectrum.
_WINDOW_POWER = 0.375 * N_FFT * N_FFT  # sum(w**2) * N, sum(w**2) = 3N/8


def numpy_module() -> object:
    """numpy, or a clear error naming the fix (it is a dependency: only a broken install
    lacks it)."""
    from ....errors import ConfigError

    try:
        import numpy
    except ImportError as exc:
        raise ConfigError(
            f"numpy is missing ({exc}).", hint="Reinstall nemo, or: pip install numpy"
        ) from exc
    return numpy


class SpectralFrames:
    """Feed 16 kHz mono s16 PCM in any chunk sizes; read the per-frame figures at the end."""

    def __init__(self) -> None:
        numpy_module()
        import numpy as np

        self._window = np.hanning(N_FFT).astype(np.float32)
        self._samples = np.zeros(N_FFT // 2, dtype=np.float32)
        self._odd = b""
        self._previous: NDArray[np.float32] | None = None
        self._flux: list[NDArray[np.float32]] = []
        self._voice_db: list[NDArray[np.float32]] = []
        self._bands_db: list[NDArray[np.float32]] = []
        self._level_db: list[NDArray[np.float32]] = []

    def feed(self, pcm: bytes) -> None:
        import numpy as np

        data = self._odd + pcm
        self._odd = data[len(data) - len(data) % 2 :]
        fresh = np.frombuffer(data[: len(data) - len(self._odd)], dtype="<i2")
        samples = np.concatenate([self._samples, fresh.astype(np.float32) / 32768.0])
        count = (len(samples) - N_FFT) // HOP + 1 if len(samples) >= N_FFT else 0
        if count:
            frames = np.lib.stride_tricks.sliding_window_view(samples, N_FFT)[::HOP][:count]
            magnitude = np.abs(np.fft.rfft(frames * self._window, axis=1)).astype(np.float32)
            squared = magnitude**2
            power = squared[:, _VOICE[0] : _VOICE[1]].sum(axis=1)
            self._voice_db.append(_db(power))
            cumulative = np.cumsum(squared, axis=1)
            edges = np.array(_VOICE_EDGES)
            bands = cumulative[:, edges[1:] - 1] - cumulative[:, edges[:-1] - 1]
            self._bands_db.append(_db(bands))
            whole = 2 * cumulative[:, -1] - squared[:, 0] - squared[:, -1]
            self._level_db.append(_db(whole / _WINDOW_POWER))
            spectra = np.log1p(100.0 * magnitude)
            first = spectra[:1] if self._previous is None else self._previous[None, :]
            rise = np.maximum(np.diff(np.vstack([first, spectra]), axis=0), 0)
            self._flux.append(np.stack([rise[:, lo:hi].mean(axis=1) for lo, hi in _BANDS], axis=1))
            self._previous = spectra[-1]
            samples = samples[count * HOP :]
        self._samples = samples

    def band_flux(self) -> NDArray[np.float32]:
        import numpy as np

        return np.concatenate(self._flux) if self._flux else np.zeros((0, 3), np.float32)

    def onsets(self) -> NDArray[np.float32]:
        """The onset envelope: each band's flux in units of its own spread, summed."""
        bands = self.band_flux()
        spread = bands.std(axis=0)
        spread[spread == 0] = 1.0
        import numpy as np

        summed: NDArray[np.float32] = (bands / spread).sum(axis=1).astype(np.float32)
        return summed

    def contrast(self) -> float:
        """How far the onsets stand above the steady level (std / mean of the raw flux):
        about 0.1-0.4 for a steady tone or noise, above 1 for speech and music."""
        flux = self.band_flux().sum(axis=1)
        mean = float(flux.mean()) if len(flux) else 0.0
        return float(flux.std()) / mean if mean > 0 else 0.0

    def voice_db(self) -> NDArray[np.float32]:
        import numpy as np

        return np.concatenate(self._voice_db) if self._voice_db else np.zeros(0, np.float32)

    def voice_bands_db(self) -> NDArray[np.float32]:
        """Frames x ``VOICE_BANDS``: each band's level in dB."""
        import numpy as np

        if not self._bands_db:
            return np.zeros((0, len(_VOICE_EDGES) - 1), np.float32)
        return np.concatenate(self._bands_db)

    def level_db(self) -> NDArray[np.float32]:
        """Each frame's level in dB RMS."""
        import numpy as np

        return np.concatenate(self._level_db) if self._level_db else np.zeros(0, np.float32)


def _db(power: NDArray[np.floating]) -> NDArray[np.float32]:
    import numpy as np

    levels: NDArray[np.float32] = np.maximum(10 * np.log10(power + 1e-12), _FLOOR_DB).astype(
        np.float32
    )
    return levels
