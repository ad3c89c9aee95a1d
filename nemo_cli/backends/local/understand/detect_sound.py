"""Detectors for sound: background music (add, remove, volume, fades) and the clips' own
sound. Each reads one ``Clause`` and returns the intents it found with where they were said,
or None when the clause is not about it."""

from __future__ import annotations

import re

from ....values import replace
from ..intents import (
    DEFAULT_FADE_MS,
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
from .rx import rx

# "stop the music at 10 s", "cut the music short after 0:20", "end the song at": where it ends
_STOP_AT = rx(
    r"\b(?:stop|end|cut|finish|fade\s+out)s?\b(?:\s+(?:the|it|my|background|bg|music|bgm|song|"
    r"soundtrack|short|off))*\s+(?:at|after|by)\s*$"
)


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
    found: Found = [(m.start(), MusicFade(values.get("in"), values.get("out")))]
    if _music_wanted(c):  # "配乐淡入淡出" with no music yet: add it, then fade it
        found.insert(0, (m.start(), AddMusic()))
    return found


def _music_wanted(c: Clause) -> bool:
    """The clause names music, none is on the timeline yet, and the session has an audio file:
    a wish for music said with how it should sound ("music at 50%", "配乐淡入淡出")."""
    return (
        bool(c.known.media)
        and not c.known.music
        and P.MUSIC_NOUN.search(c.t) is not None
        and any(m.kind == "audio" for m in c.known.media)
    )


def remove_music(c: Clause) -> Found | None:
    m = P.REMOVE_MUSIC.search(c.t)
    return [(m.start(), RemoveMusic())] if m else None


def clip_sound(c: Clause) -> Found | None:
    found = _clip_sound(c)
    if not found or len(c.refs) < 2:
        return found
    # "mute clips 1 and 2": the same for each clip named
    return [
        (at, replace(it, clip=n)) for at, it in found for n in c.refs if isinstance(it, ClipSound)
    ]


# "声音全部关掉", "去掉所有声音", "turn all the sound off": every sound, the music's too.
_ALL_OFF = rx(
    r"(?:所有|全部|一切)的?\s*(?:声音|音频)|(?:声音|音频)\s*(?:全部|全都|都|统统)\s*(?:去掉|关掉|关了|关闭|"
    r"不要了?|删掉|静音)|\b(?:mute|remove|turn\s+off|kill|cut)\s+(?:all\s+(?:of\s+)?(?:the\s+)?|"
    r"every\s+)(?:sound|audio)\b|\bturn\s+all\s+(?:the\s+)?(?:sound|audio)\s+off\b|\bno\s+sound\s+at\s+all\b"
)
# A clip's sound named with the clip: "第一段声音小一点", "the volume of clip 2".
_CLIP_SOUND_OF = rx(
    rf"{P.CLIP_MARK}\s*(?:'s\s+|的\s*)?(?:声音|音量|原声|sound|audio|volume)|"
    rf"\b(?:sound|audio|volume)\s+(?:of|on|in|for)\s+(?:the\s+)?{P.CLIP_MARK}"
)


def _clip_sound(c: Clause) -> Found | None:
    t = c.t
    clip = c.refs[0] if c.refs else None
    everything = _ALL_OFF.search(t)
    if everything and not P.MUSIC_NOUN.search(t):
        found: Found = [(everything.start(), ClipSound(0))]
        if c.known.music:
            found.append((everything.start() + 1, RemoveMusic()))
        return found
    keep, mute = P.KEEP_SOUND.search(t), P.MUTE.search(t)
    if keep:
        return [(keep.start(), ClipSound(100, clip))]
    if mute:
        return [(mute.start(), ClipSound(0, clip))]
    ctx = P.CLIP_SOUND_CONTEXT.search(t) or _CLIP_SOUND_OF.search(t)
    turned = _TURN_CLIPS.search(t)
    if (ctx and not P.MUSIC_NOUN.search(t) and _SOUND_WORD.search(t)) or turned:
        where = (ctx or turned).start()  # type: ignore[union-attr]
        value = volume_value(t)
        if value is not None:
            return [(where, ClipSound(value, clip))]
        if P.VOLUME_DOWN.search(t):  # "lower the voice", "视频声音小一点"
            return [(where, ClipSound(100, clip, steps=-how_much(t)))]
        if P.VOLUME_UP.search(t):
            return [(where, ClipSound(100, clip, steps=how_much(t)))]
    return None


# "a lot quieter", "way too loud", "小很多": two steps of ~3 dB instead of one.
_MUCH = rx(
    r"\b(?:a\s+lot|lots|much|way|far|heaps|loads|a\s+good\s+bit|significantly|really\s+(?:quiet|"
    r"loud|soft|low|high)|very\s+(?:quiet|loud|soft|low|high)|halve)\b|很多|多了|大幅|好多|许多|很|太多|减半"
)


def how_much(t: str) -> int:
    """Steps of ~3 dB (``edit.steps``) a change of level said in ``t`` moves: 1, or 2 for a
    lot."""
    return 2 if _MUCH.search(t) else 1


_SOUND_WORD = rx(
    r"sound|audio|volume|voices?|speech|talking|dialogue|原声|原音|声音|音量|人声|说话声"
)
_TURN_CLIPS = rx(
    r"\bturn\s+(?:the\s+|my\s+)?(?:clips?|videos?)\s+(?:down|up)\b|"
    r"\bturn\s+(?:down|up)\s+(?:the\s+|my\s+)?(?:clips|videos)\b"
)


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
    if value is not None and _music_wanted(c):
        return [(pos(music or word), AddMusic(volume=value))]
    steps = None
    if value is None:
        if P.VOLUME_DOWN.search(t):
            steps = -how_much(t)
        elif P.VOLUME_UP.search(t):
            steps = how_much(t)
        else:
            return None
    return [(pos(music or word), MusicVolume(value, steps))]


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


_BARE_MUSIC = rx(
    r"\s*(?:(?:the|some|my|a|nice|that)\s+)*(?:background\s+)?(?:music|song|bgm|soundtrack|tune)s?"
    r"(?:\s+(?:too|as\s+well|please|pls))?\s*"
    r"|\s*(?:那首|这首)?(?:背景音乐|音乐|配乐|bgm|歌曲?)\s*"
)


def add_music(c: Clause) -> Found | None:
    t = c.t
    if _BARE_MUSIC.fullmatch(t):  # "..., with the song": a wish, said as a noun alone
        return [(0, AddMusic())]
    noun = P.MUSIC_NOUN.search(t)
    file, where = _music_file(c, noun is not None)
    if file is None:
        if not noun:
            return None
        placed = find_range(t) is not None or any(
            BEFORE_FROM.search(t[: s.start])
            or AFTER_FROM.search(t[s.end :])
            or BEFORE_FIRST.search(t[: s.start])
            or _STOP_AT.search(t[: s.start])
            for s in find_times(t)
        )  # "音乐从第五秒开始", "music from 5 to 10 s", "music for the first 10 s": where it plays
        if (
            not P.MUSIC_ADD_VERB.search(t)
            and not re.search(r"background|\bbgm\b|背景|配乐", t)
            and not placed
        ):
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
            elif _STOP_AT.search(before):
                end = span.ms
            elif BEFORE_FROM.search(before) or AFTER_FROM.search(t[span.end :]):
                start = span.ms
    return [(where, AddMusic(file, volume_value(t), start, end))]
