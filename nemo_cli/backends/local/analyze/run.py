"""Analyse one file: from the cache when its content was seen before, else one decode.

``analyze`` is what commands and edits call. A cache hit costs a fingerprint (about 1 MB
read) and a small JSON file. A miss probes the file, runs the single decode of ``passes``
with the voice detector and the short-time spectra listening to its PCM,
composes the result (speech split where only a music bed plays, ``bed.py``; the noise floor,
``noise.py``) and stores it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ....errors import InputError
from ...base import ProgressFn, ProgressUpdate, no_progress
from . import beats, cache, decode, passes
from .result import Analysis

PHASE = "analyze"


def analyze(
    path: Path,
    *,
    ffmpeg: str,
    root: Path | None = None,
    progress: ProgressFn = no_progress,
    name: str | None = None,
) -> Analysis:
    """The analysis of ``path`` (cached by content under ``root``, default ``cache_root()``).

    Raises ``InputError`` for a missing or unreadable file, ``Interrupted`` on Ctrl-C."""
    shown = name or path.name
    root = cache.cache_root() if root is None else root
    try:
        cache_key = cache.key(path)
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a media file.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    hit = cache.load(root, cache_key)
    if hit is not None:
        return replace(hit, file=str(path))
    result = _compute(path, ffmpeg=ffmpeg, progress=progress, name=shown)
    cache.store(root, cache_key, result)
    return result


def _compute(path: Path, *, ffmpeg: str, progress: ProgressFn, name: str) -> Analysis:
    from ..render.probe import probe
    from .bed import split_at_bed
    from .noise import noise_floor
    from .spectrum import SpectralFrames
    from .voice import VoiceDetector, confirm

    info = probe(path, ffmpeg)
    audio = info.has_audio
    video = info.file_type == "video"
    if not (audio or video):  # a still image: nothing moves, nothing sounds
        return Analysis(file=str(path), duration=None)
    voice = VoiceDetector() if audio else None
    spectra = SpectralFrames() if audio else None
    listeners = [x.feed for x in (voice, spectra) if x is not None]

    def tick(seconds: float) -> None:
        total = info.duration
        done = min(seconds, total) if total else seconds
        progress(
            ProgressUpdate(PHASE, str(path), done, total, unit="seconds", label=f"Analysing {name}")
        )

    args = passes.build(path, audio=audio, video=video, ffmpeg=ffmpeg)
    found = passes.parse_log(
        decode.run(args, listeners=listeners, tick=tick, name=name), info.duration
    )
    duration = found.duration
    loudness = found.loudness
    speech: list[tuple[float, float]] = []
    tempo: float | None = None
    beat_times: list[float] = []
    if voice is not None and spectra is not None:
        tempo, beat_times = beats.tempo_and_beats(spectra)
        phrases = split_at_bed(voice.candidates(found.silences), spectra, tempo)
        speech = confirm(phrases, spectra)
        loudness = replace(loudness, noise_floor_db=noise_floor(spectra, speech))
    end = duration if duration is not None else float("inf")
    return Analysis(
        file=str(path),
        duration=duration,
        loudness=loudness,
        silences=tuple(found.silences),
        speech=tuple((round(s, 3), round(min(end, e), 3)) for s, e in speech if s < end),
        tempo_bpm=None if tempo is None else round(tempo, 2),
        beats=tuple(b for b in beat_times if 0 <= b <= end),
        scenes=tuple(found.scenes),
        black=tuple(found.black),
        frozen=tuple(found.frozen),
    )
