"""Detectors for sound: background music (add, remove, volume, fades) and the clips' own
sound. Each reads one ``Clause`` and returns the intents it found with where they were said,
or None when the clause is not about it."""

from __future__ import annotations

import re

from ..intents import (
    DEFAULT_FADE_MS,
    VOLUME_STEP,
    AddMusic,
    ClipSound,
    MusicFade,
    MusicVolume,
    RemoveMusic,
)
from . import phrases as P
from .clause import (
    AFTER_FROM,
    AUDIO_EXTS,
    BEFORE_FIRST,
    BEFORE_FROM,
    Clause,
    Found,
    pos,
    volume_value,
)
from .lexer import find_range, find_times


def fade(c: Clause) -> Found | None:
    t = c.t
    no = P.NO_FADE.search(t)
    if no:
        return [(no.start(), MusicFade(0, 0))]
    m = P.FADE.search(t)
    if not m:
        return None
    dirs: list[str] = []
    for hit in [*P.FADE_EN.finditer(t), *P.FADE_MORE.finditer(t), *P.FADE_ZH.finditer(t)]:
        word = hit.group(hit.lastindex or 0) if hit.lastindex else hit.group(0)
        if word in ("in&out", "淡入淡出", "渐入渐出"):
            dirs += ["in", "out"]
        elif word in ("in", "淡入", "渐入", "渐强"):
            dirs.append("in")
        elif word in ("out", "淡出", "渐出", "渐弱"):
            dirs.append("out")
    dirs = list(dict.fromkeys(dirs)) or ["in", "out"]
    times = [s.ms for s in find_times(t)]
    values: dict[str, int] = {}
    for i, d in enumerate(dirs):
        if len(times) >= len(dirs):
            values[d] = times[i]
        else:
            values[d] = times[0] if times else DEFAULT_FADE_MS
    return [(m.start(), MusicFade(values.get("in"), values.get("out")))]


def remove_music(c: Clause) -> Found | None:
    m = P.REMOVE_MUSIC.search(c.t)
    return [(m.start(), RemoveMusic())] if m else None


def clip_sound(c: Clause) -> Found | None:
    t = c.t
    clip = c.refs[0] if c.refs else None
    keep, mute = P.KEEP_SOUND.search(t), P.MUTE.search(t)
    if keep:
        return [(keep.start(), ClipSound(100, clip))]
    if mute:
        return [(mute.start(), ClipSound(0, clip))]
    ctx = P.CLIP_SOUND_CONTEXT.search(t)
    if (
        ctx
        and not P.MUSIC_NOUN.search(t)
        and re.search(r"sound|audio|volume|原声|原音|声音|音量", t)
    ):
        value = volume_value(t)
        if value is not None:
            return [(ctx.start(), ClipSound(value, clip))]
    return None


def music_volume(c: Clause) -> Found | None:
    t = c.t
    music, word = P.MUSIC_NOUN.search(t), P.VOLUME_WORD.search(t)
    if P.AUDIO_FILE.search(t):
        return None
    if not word and (P.MUSIC_ADD_VERB.search(t) or re.search(r"background|\bbgm\b|背景|配乐", t)):
        return None
    if P.CLIP_SOUND_CONTEXT.search(t) and not music:
        return None
    if not music and not word:
        return None
    value = volume_value(t)
    delta = None
    if value is None:
        if P.VOLUME_DOWN.search(t):
            delta = -VOLUME_STEP
        elif P.VOLUME_UP.search(t):
            delta = VOLUME_STEP
        else:
            return None
    return [(pos(music or word), MusicVolume(value, delta))]


def _music_file(c: Clause, noun: bool) -> tuple[str | None, int]:
    for m in P.AUDIO_FILE.finditer(c.t):
        name = c.file(m.group(0))
        if name.lower().endswith(AUDIO_EXTS) or noun:
            return name, m.start()
    for q in P.QUOTE.finditer(c.t):
        said = c.quote(q.group(0))
        if said and (noun or said.lower().endswith(AUDIO_EXTS)):
            return said, q.start()
    return None, 0


def add_music(c: Clause) -> Found | None:
    t = c.t
    noun = P.MUSIC_NOUN.search(t)
    file, where = _music_file(c, noun is not None)
    if file is None:
        if not noun:
            return None
        if not P.MUSIC_ADD_VERB.search(t) and not re.search(r"background|\bbgm\b|背景|配乐", t):
            return None
        where = noun.start()
    start = end = None
    rng = find_range(t)
    if rng:
        start, end = rng.start_ms, rng.end_ms
    else:
        for span in find_times(t):
            before = t[: span.start]
            if BEFORE_FIRST.search(before):
                start, end = 0, span.ms
            elif BEFORE_FROM.search(before) or AFTER_FROM.search(t[span.end :]):
                start = span.ms
    return [(where, AddMusic(file, volume_value(t), start, end))]
