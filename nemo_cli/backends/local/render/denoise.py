"""The denoiser's setting for one source, from the noise floor the analysis measured.

``afftdn`` takes off up to ``REDUCTION_DB`` of what lies near the noise floor it is given
(``nf``), the voice above it untouched. Given a fixed floor it fails both ways: noise louder
than that floor is left alone (white noise at -31 dB RMS lost 1.5 dB with ``nf=-40``), and
letting it track the floor itself (``tn=1``) removed only 1-2 dB. So ``nf`` is the source's own
floor (``analyze/noise.py``) plus ``ABOVE_FLOOR_DB``.

Measured on espeak-ng speech with noise mixed in, as AAC in MP4 (dB taken off the noise
between sentences / change of the speech's level):

    white noise at -31, -40, -51, -60 dB RMS:  20.0, 20.0, 20.0, 20.0 / -0.6 .. +0.2
    pink noise at -40 and -49 dB RMS:           5.9, 5.3 (2.2 and 4.5 with nf=-40)
    brown noise at -39 dB RMS:                  4.6 (0.7 with nf=-40)

(``afftdn`` models noise as white, so darker noise loses less of itself.) A source with no
analysis (unreadable, or not analysed) gets ``FALLBACK_NF``.
"""

from __future__ import annotations

REDUCTION_DB = 20
ABOVE_FLOOR_DB = 12
FALLBACK_NF = -40
NF_RANGE = (-80, -20)  # what afftdn accepts


def noise_setting(floor_db: float | None) -> int:
    """``afftdn``'s ``nf`` for a source whose noise floor is ``floor_db`` (dB RMS)."""
    if floor_db is None:
        return FALLBACK_NF
    low, high = NF_RANGE
    return max(low, min(high, round(floor_db + ABOVE_FLOOR_DB)))


def afftdn(floor_db: float | None) -> str:
    """The filter for a source whose noise floor is ``floor_db``."""
    return f"afftdn=nr={REDUCTION_DB}:nf={noise_setting(floor_db)}"
