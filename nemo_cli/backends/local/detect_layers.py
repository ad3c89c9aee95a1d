"""Detectors for everything else: undo / redo / reset, music and its fades and volume, the
clips' own sound, titles and captions, aspect ratio and fit. Same shape as ``detect_clips``."""

from __future__ import annotations

import re

from . import phrases as P
from .clause import (
    AFTER_FROM,
    AUDIO_EXTS,
    BEFORE_FIRST,
    BEFORE_FROM,
    BEFORE_LAST,
    Clause,
    Found,
    pos,
    role_of,
    volume_value,
)
from .intent_types import (
    DEFAULT_FADE_MS,
    VOLUME_STEP,
    AddMusic,
    AddText,
    ClipSound,
    MusicFade,
    MusicVolume,
    Redo,
    RemoveMusic,
    RemoveText,
    Reset,
    SetAspect,
    SetFit,
    Undo,
)
from .timeparse import find_range, find_times


def undo(c: Clause) -> Found | None:
    m = P.UNDO.search(c.t)
    return [(m.start(), Undo())] if m else None


def redo(c: Clause) -> Found | None:
    m = P.REDO.search(c.t)
    return [(m.start(), Redo())] if m else None


def reset(c: Clause) -> Found | None:
    m = P.RESET.search(c.t)
    return [(m.start(), Reset())] if m else None


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


def remove_text(c: Clause) -> Found | None:
    m = P.REMOVE_TEXT.search(c.t)
    if not m:
        return None
    role = role_of(next(g for g in m.groups() if g))
    return [(m.start(), RemoveText(None if role == "text" else role))]  # type: ignore[arg-type]


def _text_timing(t: str) -> dict[str, object]:
    out: dict[str, object] = {}
    if P.WHOLE.search(t):
        return {"whole": True}
    rng = find_range(t)
    if rng:
        return {"start_ms": rng.start_ms, "end_ms": rng.end_ms}
    for span in find_times(t):
        before, after = t[: span.start], t[span.end :]
        if BEFORE_FIRST.search(before):
            out.update(start_ms=0, end_ms=span.ms)
        elif BEFORE_LAST.search(before):
            out.update(at_end=True, duration_ms=span.ms)
        elif BEFORE_FROM.search(before) or AFTER_FROM.search(after) or MOVED_TO.search(before):
            out["start_ms"] = span.ms
        elif "duration_ms" not in out and "end_ms" not in out:
            out["duration_ms"] = span.ms
    if "start_ms" not in out and not out.get("at_end"):
        if P.AT_END.search(t):
            out["at_end"] = True  # "at the end for 3 seconds"
        elif P.AT_START.search(t):
            out["start_ms"] = 0
    return out


MOVED_TO = re.compile(r"\b(?:move|shift|push)\b.*\bto\s*$|(?:移到|挪到|放到)\s*第?\s*$")


def _position(t: str) -> str | None:
    for name, rule in (("bottom", P.POS_BOTTOM), ("top", P.POS_TOP), ("center", P.POS_CENTER)):
        if rule.search(t):
            return name
    return None


def _size(t: str) -> str | None:
    for name, rule in (("large", P.SIZE_LARGE), ("small", P.SIZE_SMALL), ("medium", P.SIZE_MEDIUM)):
        if rule.search(t):
            return name
    return None


_TEXT_ADD = re.compile(
    r"\b(?:add|put|insert|write|show|display|place|include|overlay|type|stick|slap|create|move|"
    r"make|change|set|shift)\b|加上|加入|添加|加|写上|写|显示|打上|放上|配上|放到|放在|移到|挪到|"
    r"改成|改为|调到|变大|变小|放大|缩小"
)


def text(c: Clause) -> Found | None:
    t = c.t
    role_m = P.TEXT_ROLE.search(t)
    quote = P.QUOTE.search(t)
    if role_m:
        role = role_of(role_m.group(1) or role_m.group(2))
        if not quote and not _TEXT_ADD.search(t):
            return None
    elif quote and P.TEXT_VERB.search(t) and not P.MUSIC_NOUN.search(t):
        if c.quote(quote.group(0)).lower().endswith(AUDIO_EXTS):
            return None  # add 'my song.mp3': music, not text
        role = "text"
    else:
        return None
    text = c.quote(quote.group(0)) if quote else None
    timing = _text_timing(P.QUOTE.sub(" ", t))
    intent = AddText(
        text=text or None,
        role=role,  # type: ignore[arg-type]
        position=_position(t),  # type: ignore[arg-type]
        size=_size(t),  # type: ignore[arg-type]
        **timing,  # type: ignore[arg-type]
    )
    return [(pos(role_m or quote), intent)]


def aspect(c: Clause) -> Found | None:
    for aspect, rule in P.ASPECTS:
        m = rule.search(c.t)
        if m:
            return [(m.start(), SetAspect(aspect))]  # type: ignore[arg-type]
    return None


def fit(c: Clause) -> Found | None:
    t = c.t
    for fit, rule in P.FIT_RULES:
        m = rule.search(t)
        if not m:
            continue
        word = m.group(0)
        if word.startswith("crop") and (c.refs or find_times(t)):
            continue  # "crop clip 2 to 5 seconds" is a trim
        if word.startswith("fit") and (P.MUSIC_NOUN.search(t) or find_times(t)):
            continue
        return [(m.start(), SetFit(fit))]  # type: ignore[arg-type]
    return None


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
