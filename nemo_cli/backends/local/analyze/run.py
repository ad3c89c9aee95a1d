"""Analyse one file: from the cache when its content was seen before, else one decode.

``analyze`` is what commands and edits call. A cache hit costs a fingerprint (about 1 MB
read) and a small JSON file. A miss probes the file, runs the single decode of ``passes``
with the voice detector and (when numpy is there) the onset envelope listening to its PCM,
composes the result and stores it.
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
    with_beats = beats.available()
    root = cache.cache_root() if root is None else root
    try:
        cache_key = cache.key(path, beats=with_beats)
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a media file.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    hit = cache.load(root, cache_key)
    if hit is not None:
        return replace(hit, file=str(path))
    result = _compute(path, ffmpeg=ffmpeg, progress=progress, name=shown, with_beats=with_beats)
    cache.store(root, cache_key, result)
    return result


def _compute(
    path: Path, *, ffmpeg: str, progress: ProgressFn, name: str, with_beats: bool
) -> Analysis:
    from ..probe import probe
    from .voice import VoiceDetector

    info = probe(path, ffmpeg)
    audio = info.has_audio
    video = info.file_type == "video"
    if not (audio or video):  # a still image: nothing moves, nothing sounds
        return Analysis(file=str(path), duration=None)
    voice = VoiceDetector() if audio else None
    onsets = beats.OnsetEnvelope() if audio and with_beats else None
    listeners = [x.feed for x in (voice, onsets) if x is not None]

    def tick(seconds: float) -> None:
        total = info.duration
        done = min(seconds, total) if total else seconds
        progress(ProgressUpdate(PHASE, str(path), done, total, unit="seconds",
                                label=f"Analysing {name}"))  # fmt: skip

    args = passes.build(path, audio=audio, video=video, ffmpeg=ffmpeg)
    found = passes.parse_log(decode.run(args, listeners=listeners, tick=tick, name=name),
                             info.duration)  # fmt: skip
    start, duration = found.start, found.duration
    speech = voice.ranges([(s + start, e + start) for s, e in found.silences]) if voice else []
    tempo, beat_times = (None, [])
    if onsets is not None:
        tempo, beat_times = beats.tempo_and_beats(onsets)
    end = duration if duration is not None else float("inf")
    return Analysis(
        file=str(path),
        duration=duration,
        loudness=found.loudness,
        silences=tuple(found.silences),
        speech=tuple(
            (round(max(0.0, s - start), 3), round(min(end, e - start), 3)) for s, e in speech
        ),
        tempo_bpm=None if tempo is None else round(tempo, 2),
        beats=tuple(round(b - start, 3) for b in beat_times if 0 <= b - start <= end),
        scenes=tuple(found.scenes),
        black=tuple(found.black),
        frozen=tuple(found.frozen),
    )
