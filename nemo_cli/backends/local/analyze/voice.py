"""Speech ranges: webrtcvad's voiced frames, smoothed into phrases and kept out of silences.

webrtcvad (Google's WebRTC voice activity detector, a few hundred kilobytes of C) tells voice
from music and noise far better than a level threshold: a click track or a hum is loud, not
speech. Its verdicts come every 30 ms; a phrase is voiced frames with the gaps between words
(under ``WORD_GAP_S``) filled, and runs shorter than ``MIN_SPEECH_S`` (a click, a cough) left
out. Speech never overlaps a silence found by ``silencedetect``, so a pause cut by the silence
rules is never also called speech.
"""

from __future__ import annotations

from collections.abc import Iterable

from .passes import PCM_RATE
from .ranges import Range, drop_short, fill_gaps, subtract

FRAME_MS = 30
MODE = 2  # 0 (lenient) .. 3 (strict); 3 clips the first syllable of a phrase
WORD_GAP_S = 0.3
MIN_SPEECH_S = 0.25
_FRAME_BYTES = PCM_RATE * FRAME_MS // 1000 * 2


class VoiceDetector:
    """Feed 16 kHz mono s16 PCM in any chunk sizes; ``ranges`` gives the speech."""

    def __init__(self) -> None:
        import webrtcvad

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

    def ranges(self, silences: Iterable[Range] = ()) -> list[Range]:
        if self._run_start is not None:
            self._close(self._frames)
        phrases = drop_short(fill_gaps(self._voiced, WORD_GAP_S), MIN_SPEECH_S)
        return drop_short(subtract(phrases, silences), MIN_SPEECH_S / 2)
