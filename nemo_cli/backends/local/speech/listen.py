"""Hearing the clips for the edits that need their words (captions, cuts by transcript).

The backend calls ``hear_intents`` before ``edit.apply``: the sources the timeline plays (or,
on an empty timeline, every video with sound, as "combine" will put them) are heard through
the transcript cache, and each intent that needs words gets them in its ``heard`` field, so
the edit itself stays pure. The model is chosen for the language asked for ("Chinese
captions"), else for the instruction's language: Chinese written without a Chinese model
says so, and names both ways on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ....config import Paths
from ....errors import SpeechUnavailable
from ..intents import AddCaptions, CutSpeech, Intent
from ..media import Media
from ..timeline import Timeline
from .hearing import hear_file
from .models import choose_model
from .placement import Piece
from .transcript import Word


def sources_to_hear(timeline: Timeline, media: Sequence[Media]) -> list[Media]:
    """The media whose speech the timeline plays (every video with sound when it is empty)."""
    by_id = {m.id: m for m in media}
    if timeline.clips:
        ids = dict.fromkeys(c.source for c in timeline.clips if c.kind == "video" and c.volume > 0)
        chosen = [by_id[i] for i in ids if i in by_id]
    else:
        chosen = [m for m in media if m.file_type == "video"]
    return [m for m in chosen if m.has_audio and m.path]


def language_wanted(intents: Sequence[Intent], written_in: str) -> str | None:
    """The speech's language: as asked ("Chinese captions"), else "zh" for an instruction
    written in Chinese, else None (whatever model is set up)."""
    for intent in intents:
        if isinstance(intent, AddCaptions) and intent.language:
            return intent.language
    return "zh" if written_in.lower().startswith("zh") else None


def hear_intents(
    intents: Sequence[Intent],
    timeline: Timeline,
    media: Sequence[Media],
    written_in: str,
    *,
    paths: Paths,
    environ: Mapping[str, str],
    ffmpeg: str,
) -> list[Intent]:
    language = language_wanted(intents, written_in)
    try:
        model = choose_model(paths, environ, language)
    except SpeechUnavailable as err:
        if language == "zh" and not any(
            isinstance(i, AddCaptions) and i.language == "zh" for i in intents
        ):
            err.hint = (
                f"{(err.hint or '').rstrip('.')}. If the speech is English, say: 加英文字幕 "
                "(add English captions)."
            )
        raise
    heard: list[tuple[str, tuple[Word, ...]]] = []
    for item in sources_to_hear(timeline, media):
        transcript = hear_file(Path(item.path), model, ffmpeg=ffmpeg, expected=item.duration)
        heard.append((item.id, transcript.words))
    words = tuple(heard)
    return [
        replace(i, heard=words) if isinstance(i, AddCaptions | CutSpeech) else i for i in intents
    ]


def audible_pieces(timeline: Timeline, media: Sequence[Media]) -> list[Piece]:
    """The pieces of the timeline whose speech is heard: its video clips that have sound and
    are not muted (photos and music are not speech)."""
    by_id = {m.id: m for m in media}
    pieces: list[Piece] = []
    for clip, start in zip(timeline.clips, timeline.starts(), strict=True):
        entry = by_id.get(clip.source)
        if entry is None or clip.kind != "video" or not entry.has_audio or clip.volume <= 0:
            continue
        pieces.append(
            Piece(
                media_id=clip.source,
                path=Path(entry.path),
                name=entry.filename or clip.name,
                source_start=clip.in_ms / 1000,
                source_end=(clip.in_ms + clip.duration_ms * clip.speed) / 1000,
                timeline_start=start / 1000,
                speed=clip.speed,
            )
        )
    return pieces
