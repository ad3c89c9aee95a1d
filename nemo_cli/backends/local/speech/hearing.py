"""Hearing files and timelines, through the cache: what commands and edits call.

``hear_file`` transcribes a whole file once per content and model; ``hear_timeline`` places
the words of every audible clip on the timeline (``placement``).
"""

from __future__ import annotations

from collections.abc import Sequence
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


def hear_timeline(
    pieces: Sequence[Piece],
    model: SpeechModel,
    *,
    ffmpeg: str,
    durations: dict[Path, float] | None = None,
    progress: ProgressFn = no_progress,
    cache: Path | None = None,
) -> list[Word]:
    """The words the timeline plays, in timeline time."""
    heard: dict[Path, Transcript] = {}

    def hear(piece: Piece) -> Transcript:
        if piece.source not in heard:
            expected = (durations or {}).get(piece.source)
            heard[piece.source] = hear_file(
                piece.source,
                model,
                ffmpeg=ffmpeg,
                expected=expected,
                progress=progress,
                cache=cache,
            )
        return heard[piece.source]

    return timeline_words(pieces, hear)
