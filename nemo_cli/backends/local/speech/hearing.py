"""Hearing files and timelines, through the cache: what commands and edits call.

``hear_file`` transcribes a whole file once per content and model; ``hear_timeline`` places
the words of every audible clip on the timeline (``placement``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ...base import ProgressFn, no_progress
from .cache import cached_transcript
from .models import SpeechModel
from .placement import Piece, timeline_words
from .recognize import transcribe
from .transcript import Transcript, Word


def hear_file(
    path: Path,
    model: SpeechModel,
    *,
    ffmpeg: str,
    expected: float | None = None,
    progress: ProgressFn = no_progress,
    cache: Path | None = None,
) -> Transcript:
    """The words spoken in ``path`` (times in seconds from its start)."""
    return cached_transcript(
        path,
        model,
        lambda: transcribe(path, model, ffmpeg=ffmpeg, expected=expected, progress=progress),
        cache,
    )


def hear_sources(
    pieces: Sequence[Piece],
    model: SpeechModel,
    *,
    ffmpeg: str,
    durations: Mapping[str, float] | None = None,
    progress: ProgressFn = no_progress,
    cache: Path | None = None,
) -> dict[str, Transcript]:
    """The transcript of each source the pieces play, by media id (each heard once)."""
    heard: dict[str, Transcript] = {}
    for piece in pieces:
        if piece.media_id not in heard:
            heard[piece.media_id] = hear_file(
                piece.path,
                model,
                ffmpeg=ffmpeg,
                expected=(durations or {}).get(piece.media_id),
                progress=progress,
                cache=cache,
            )
    return heard


def hear_timeline(
    pieces: Sequence[Piece],
    model: SpeechModel,
    *,
    ffmpeg: str,
    durations: Mapping[str, float] | None = None,
    progress: ProgressFn = no_progress,
    cache: Path | None = None,
) -> list[Word]:
    """The words the timeline plays, in timeline time."""
    heard = hear_sources(
        pieces, model, ffmpeg=ffmpeg, durations=durations, progress=progress, cache=cache
    )
    return timeline_words(pieces, lambda piece: heard[piece.media_id])
