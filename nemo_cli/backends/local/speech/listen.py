"""Hearing the clips for the edits that need their words (captions, cuts by transcript).

The backend calls ``hear_intents`` before ``edit.apply``: the sources the timeline plays (or,
on an empty timeline, every video with sound, as "combine" will put them) are heard through
the transcript cache, and each intent that needs words gets them in its ``heard`` field, so
the edit itself stays pure.

Which model: the one for the language asked for ("Chinese captions", "英文字幕"); else the
speech decides, not the language the instruction was written in (加字幕 on English speech is
English captions): with models of one language at hand, that one; with several, each hears a
short stretch of the speech and the one that understands it best is kept (``by_speech``). A
language asked for with no model for it says so, and names the ways on.
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
from .models import ENV_VAR, SpeechModel, choose_model, env_model, installed_models, no_model
from .placement import Piece
from .recognize import transcribe
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


def language_wanted(intents: Sequence[Intent]) -> str | None:
    """The speech's language when it was named ("Chinese captions", "英文字幕"), else None:
    the speech decides."""
    for intent in intents:
        if isinstance(intent, AddCaptions) and intent.language:
            return intent.language
    return None


SAMPLE_S = 20.0  # seconds of speech each model hears when the speech picks between them


def understood(words: Sequence[Word]) -> float:
    """How well a model understood a stretch of speech: the seconds of it covered by words,
    each weighted by the model's confidence (a model of another language hears fewer words,
    and is less sure of them)."""
    return sum(max(0.0, w.end - w.start) * w.conf for w in words)


def by_speech(models: Sequence[SpeechModel], sources: Sequence[Media], ffmpeg: str) -> SpeechModel:
    """Of models of different languages, the one that understands the speech best: each hears
    the first ``SAMPLE_S`` seconds of the first source with sound (ties: the first model)."""
    source = next((m for m in sources if m.path), None)
    if source is None or len(models) < 2:
        return models[0]
    scores = [
        understood(transcribe(Path(source.path), model, ffmpeg=ffmpeg, length=SAMPLE_S).words)
        for model in models
    ]
    return models[scores.index(max(scores))]


def model_for_speech(
    paths: Paths,
    environ: Mapping[str, str],
    language: str | None,
    sources: Sequence[Media],
    ffmpeg: str,
) -> SpeechModel:
    """The model to hear ``sources`` with: for ``language`` when one was named, else the one
    of the models at hand (NEMO_SPEECH_MODEL first) that the speech itself picks."""
    if language is not None:
        return choose_model(paths, environ, language)
    chosen = env_model(environ)
    if chosen is not None:
        return chosen
    at_hand = installed_models(paths)
    if not at_hand:
        raise no_model(None, [])
    one_each: list[SpeechModel] = []  # the first model of each language, in their order
    for model in at_hand:
        if all(m.language != model.language for m in one_each):
            one_each.append(model)
    return by_speech(one_each, sources, ffmpeg) if len(one_each) > 1 else at_hand[0]


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
    """``intents`` with the words of the clips heard (``heard``) and, for captions, the
    language they were heard in. ``written_in``, the instruction's language, only shapes the
    advice when no model can hear."""
    language = language_wanted(intents)
    sources = sources_to_hear(timeline, media)
    try:
        model = model_for_speech(paths, environ, language, sources, ffmpeg)
    except SpeechUnavailable as err:
        if language is None and written_in.lower().startswith("zh"):
            err.hint = (
                f"{(err.hint or '').rstrip('.')}. For Chinese speech, point {ENV_VAR} at a Vosk "
                "Chinese model folder (vosk-model-small-cn-0.22)."
            )
        raise
    heard: list[tuple[str, tuple[Word, ...]]] = []
    for item in sources:
        transcript = hear_file(Path(item.path), model, ffmpeg=ffmpeg, expected=item.duration)
        heard.append((item.id, transcript.words))
    words = tuple(heard)
    return [
        replace(i, heard=words, language=i.language or model.language)
        if isinstance(i, AddCaptions)
        else replace(i, heard=words)
        if isinstance(i, CutSpeech)
        else i
        for i in intents
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
