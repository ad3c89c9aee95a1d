"""One clause of an instruction -> the intents it asks for.

A clause is a piece of a sentence between separators ("combine my clips", "add background
music at 35%"), already normalised (``timeparse.normalize``). Detectors run in a fixed
priority order and the first that recognises the clause wins; a few kinds that often share a
clause with another ("vertical, no black bars", "add music fading in") are looked for as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import phrases as P
from .intent_types import (
    DEFAULT_FADE_MS,
    DEFAULT_XFADE_MS,
    LAST,
    VOLUME_STEP,
    AddMusic,
    AddText,
    ClipSound,
    Combine,
    Crossfade,
    ImageDuration,
    Intent,
    Move,
    MusicFade,
    MusicVolume,
    Redo,
    Remove,
    RemoveMusic,
    RemoveText,
    Reset,
    Reverse,
    SetAspect,
    SetFit,
    Speed,
    Swap,
    Trim,
    Undo,
)
from .timeparse import (
    ORDINALS,
    Span,
    find_percent,
    find_range,
    find_times,
    number,
    placeholder_index,
)

AUDIO_EXTS = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac", ".opus", ".wma", ".aif", ".aiff")
Found = list[tuple[int, Intent]]


@dataclass
class Clause:
    s: str  # the normalised clause
    quotes: list[str]
    files: list[str]
    t: str = ""  # ``s`` with each clip reference replaced by CLIP_MARK
    refs: list[int] = field(default_factory=list)
    ref_pos: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.t, self.refs, self.ref_pos = _clip_refs(self.s)

    def quote(self, ch: str) -> str:
        i = placeholder_index(ch)
        return self.quotes[i] if 0 <= i < len(self.quotes) else ""

    def file(self, ch: str) -> str:
        i = placeholder_index(ch)
        return self.files[i] if 0 <= i < len(self.files) else ""


# ---------------------------------------------------------------- clip references


def _ordinal(word: str) -> int:
    word = word.strip()
    if word in ORDINALS:
        return ORDINALS[word]
    if word in ("last", "final"):
        return LAST
    if word == "penultimate" or word.startswith("second"):
        return -2
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else 0


def _ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text) if len(n) < 7]


def _clip_refs(s: str) -> tuple[str, list[int], list[int]]:
    """Find "clip 2", "the second clip", "clips 1 and 3", "第二段", "最后一段", ...

    Returns the text with each reference replaced by CLIP_MARK, the clip numbers in order
    (negative: from the end) and where each was found.
    """
    found: list[tuple[int, int, list[int]]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y, _ in found)

    for m in P.ZH_FROM_END.finditer(s):
        found.append((m.start(), m.end(), [-int(m.group(1))] if len(m.group(1)) < 7 else []))
    for m in P.ZH_LAST.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), [LAST]))
    for m in P.ZH_CLIP.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1)) + _ints(m.group(2) or "")))
    for m in P.ZH_NOUN_NUM.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1))))
    for m in P.CLIP_LIST.finditer(s):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), _ints(m.group(1)) + _ints(m.group(2) or "")))
    for m in P.ORDINAL_LIST.finditer(s):
        if m.group(1).startswith("second") and re.search(r"\d\s*$", s[: m.start(1)]):
            continue  # "a 2 second clip": a length, not the second clip
        if free(m.start(), m.end()):
            words = [m.group(1)] + [w.group(0) for w in P.ORDINAL_ITEM.finditer(m.group(2))]
            found.append((m.start(), m.end(), [_ordinal(w) for w in words]))
    found.sort()
    out, refs, where, last = [], [], [], 0
    for a, b, nums in found:
        nums = [n for n in nums if n != 0]
        if not nums:
            continue
        out.append(s[last:a] + f" {P.CLIP_MARK} ")
        refs.extend(nums)
        where.extend([a] * len(nums))
        last = b
    out.append(s[last:])
    return "".join(out), refs, where


# ---------------------------------------------------------------- helpers


def _first_time(c: Clause) -> int | None:
    times = find_times(c.t)
    return times[0].ms if times else None


def _pos(m: re.Match[str] | None, default: int = 0) -> int:
    return m.start() if m else default


def _volume_value(t: str) -> int | None:
    pct = find_percent(t)
    if pct is not None:
        return pct
    m = P.VOLUME_NUMBER.search(t)
    if not m:
        return None
    value = number(m.group(1))
    if value is None:
        return None
    if value <= 1 and "." in m.group(1):
        value *= 100  # "volume 0.35" is a fraction
    return int(round(min(value, 1000)))


_BEFORE_FIRST = re.compile(r"(?:\b(?:the\s+)?(?:first|opening|initial)|前|开头)\s*$")
_BEFORE_LAST = re.compile(r"(?:\b(?:the\s+)?(?:last|final|closing)|最后|结尾|后)\s*$")
_BEFORE_FROM = re.compile(
    r"(?:\b(?:from|starting(?:\s+at|\s+from)?|starts?\s+(?:at|from)|begin(?:ning|s)?\s+at|after|at)"
    r"|(?:从|在)\s*第?|第)\s*$"
)
_BEFORE_FROM_TRIM = re.compile(
    r"(?:\b(?:from|starting(?:\s+at|\s+from)?|starts?\s+(?:at|from)|begin(?:ning|s)?\s+at)|从\s*第?)\s*$"
)
_OFF_START = re.compile(r"^\s*(?:off|from)\s+(?:the\s+)?(?:start|beginning|front|head)\b")
_OFF_END = re.compile(r"^\s*(?:off|from)\s+(?:the\s+)?(?:end|back|tail)\b")
_AFTER_FROM = re.compile(r"^\s*(?:开始|起|的时候|时)")


def _role(word: str) -> str:
    word = re.sub(r"\s+", " ", word.strip())
    word = word[:-1] if word.endswith("s") and word[:-1] in P.ROLE_OF else word
    return P.ROLE_OF.get(word, "text")


# ---------------------------------------------------------------- detectors (priority order)


def _undo(c: Clause) -> Found | None:
    m = P.UNDO.search(c.t)
    return [(m.start(), Undo())] if m else None


def _redo(c: Clause) -> Found | None:
    m = P.REDO.search(c.t)
    return [(m.start(), Redo())] if m else None


def _crossfade(c: Clause) -> Found | None:
    m = P.CROSSFADE.search(c.t)
    if not m:
        return None
    if P.NEGATE.search(c.t):
        return [(m.start(), Crossfade(0))]
    ms = _first_time(c)
    return [(m.start(), Crossfade(DEFAULT_XFADE_MS if ms is None else ms))]


def _fade(c: Clause) -> Found | None:
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


def _remove_music(c: Clause) -> Found | None:
    m = P.REMOVE_MUSIC.search(c.t)
    return [(m.start(), RemoveMusic())] if m else None


def _clip_sound(c: Clause) -> Found | None:
    t = c.t
    clip = c.refs[0] if c.refs else None
    keep, mute = P.KEEP_SOUND.search(t), P.MUTE.search(t)
    if keep:
        return [(keep.start(), ClipSound(100, clip))]
    if mute:
        return [(mute.start(), ClipSound(0, clip))]
    ctx = P.CLIP_SOUND_CONTEXT.search(t)
    if ctx and not P.MUSIC_NOUN.search(t) and re.search(r"sound|audio|volume|原声|原音|声音|音量", t):
        value = _volume_value(t)
        if value is not None:
            return [(ctx.start(), ClipSound(value, clip))]
    return None


def _music_volume(c: Clause) -> Found | None:
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
    value = _volume_value(t)
    delta = None
    if value is None:
        if P.VOLUME_DOWN.search(t):
            delta = -VOLUME_STEP
        elif P.VOLUME_UP.search(t):
            delta = VOLUME_STEP
        else:
            return None
    return [(_pos(music or word), MusicVolume(value, delta))]


def _remove_text(c: Clause) -> Found | None:
    m = P.REMOVE_TEXT.search(c.t)
    if not m:
        return None
    role = _role(next(g for g in m.groups() if g))
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
        if _BEFORE_FIRST.search(before):
            out.update(start_ms=0, end_ms=span.ms)
        elif _BEFORE_LAST.search(before):
            out.update(at_end=True, duration_ms=span.ms)
        elif _BEFORE_FROM.search(before) or _AFTER_FROM.search(after):
            out["start_ms"] = span.ms
        elif "duration_ms" not in out and "end_ms" not in out:
            out["duration_ms"] = span.ms
    if not out:
        if P.AT_END.search(t):
            out["at_end"] = True
        elif P.AT_START.search(t):
            out["start_ms"] = 0
    return out


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
    r"\b(?:add|put|insert|write|show|display|place|include|overlay|type|stick|slap|create)\b|"
    r"加上|加入|添加|加|写上|写|显示|打上|放上|配上"
)


def _text(c: Clause) -> Found | None:
    t = c.t
    role_m = P.TEXT_ROLE.search(t)
    quote = P.QUOTE.search(t)
    if role_m:
        role = _role(role_m.group(1) or role_m.group(2))
        if not quote and not _TEXT_ADD.search(t):
            return None
    elif quote and P.TEXT_VERB.search(t) and not P.MUSIC_NOUN.search(t):
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
    return [(_pos(role_m or quote), intent)]


def _aspect(c: Clause) -> Found | None:
    for aspect, rule in P.ASPECTS:
        m = rule.search(c.t)
        if m:
            return [(m.start(), SetAspect(aspect))]  # type: ignore[arg-type]
    return None


def _fit(c: Clause) -> Found | None:
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


def _image_duration(c: Clause) -> Found | None:
    m = P.IMAGE_NOUN.search(c.t)
    ms = _first_time(c)
    if not m or not ms:
        return None
    return [(m.start(), ImageDuration(ms))]


def _speed(c: Clause) -> Found | None:
    t = c.t
    m = P.SPEED.search(t)
    if not m:
        return None
    clip = c.refs[0] if c.refs else None
    factor: float | None = None
    if P.SPEED_NORMAL.search(t):
        factor = 1.0
    else:
        f = P.SPEED_FACTOR.search(t)
        if f:
            factor = number(next(g for g in f.groups() if g))
        elif P.SPEED_DOUBLE.search(t):
            factor = 2.0
        elif P.SPEED_TRIPLE.search(t):
            factor = 3.0
        elif P.SPEED_HALF.search(t):
            factor = 0.5
        slow = P.SPEED_SLOW.search(t)
        if factor is None:
            factor = 0.5 if slow else 2.0
        elif slow and factor > 1:
            factor = 1 / factor
    if not factor or factor <= 0:
        return None
    return [(m.start(), Speed(round(factor, 3), clip))]


def _numbers(c: Clause) -> list[int]:
    nums = list(c.refs)
    if len(nums) < 2:
        nums += [int(n) for n in P.BARE_INT.findall(c.t) if len(n) < 7]
    return nums


def _swap(c: Clause) -> Found | None:
    m = P.SWAP.search(c.t)
    nums = _numbers(c) if m else []
    if not m or len(nums) != 2 or 0 in nums:
        return None
    return [(m.start(), Swap(nums[0], nums[1]))]


def _reverse(c: Clause) -> Found | None:
    m = P.REVERSE.search(c.t)
    return [(m.start(), Reverse())] if m else None


def _move(c: Clause) -> Found | None:
    t = c.t
    verb = P.MOVE_VERB.search(t)
    if not c.refs or not verb:
        return None
    clip = c.refs[0]
    second = c.refs[1] if len(c.refs) > 1 else None
    if second is not None and P.AFTER.search(t):
        return [(verb.start(), Move(clip, after=second))]
    if second is not None and P.BEFORE.search(t):
        return [(verb.start(), Move(clip, before=second))]
    to: int | None = None
    if P.POS_END.search(t):
        to = LAST
    elif P.POS_START.search(t):
        to = 1
    else:
        m = P.POS_NUMBER.search(t)
        if m:
            raw = next(g for g in m.groups() if g)
            to = ORDINALS[raw] if raw in ORDINALS else int(raw) if len(raw) < 7 else None
        elif second is not None:
            to = second  # "make clip 3 the first one"
    if not to:
        return None
    return [(verb.start(), Move(clip, to=to))]


def _trim(c: Clause) -> Found | None:
    t = c.t
    times = find_times(t)
    verb = P.TRIM_VERB.search(t) or P.CUT_VERB.search(t)
    if not times or (not verb and not c.refs):
        return None
    clip = c.refs[0] if c.refs else None
    where = verb.start() if verb else c.ref_pos[0]
    rng = find_range(t)
    if rng:
        return [(where, Trim(clip, start_ms=rng.start_ms, end_ms=rng.end_ms))]
    span: Span = times[0]
    before = t[: span.start]
    cut = P.CUT_VERB.search(t) and not re.search(r"\bto\s+(?:the\s+)?\w+\s+$|\bonly\b|只", before)
    after = t[span.end :]
    if cut and _OFF_START.search(after):
        trim = Trim(clip, cut_start_ms=span.ms)
    elif cut and _OFF_END.search(after):
        trim = Trim(clip, cut_end_ms=span.ms)
    elif _BEFORE_FIRST.search(before):
        trim = Trim(clip, cut_start_ms=span.ms) if cut else Trim(clip, start_ms=0, end_ms=span.ms)
    elif _BEFORE_LAST.search(before):
        trim = Trim(clip, cut_end_ms=span.ms) if cut else Trim(clip, keep_last_ms=span.ms)
    elif (
        _BEFORE_FROM_TRIM.search(before)
        or _AFTER_FROM.search(after)
        or (re.search(r"\b(?:start|begin)s?\b", t) and re.search(r"\bat\s*$", before))
    ):
        more = times[1].ms if len(times) > 1 else None
        trim = Trim(clip, start_ms=span.ms, duration_ms=more)
    else:
        trim = Trim(clip, duration_ms=span.ms)
    return [(where, trim)]


def _remove_clip(c: Clause) -> Found | None:
    m = P.REMOVE_VERB.search(c.t)
    if not m or not c.refs:
        return None
    return [(m.start(), Remove(n)) for n in c.refs]


def _combine(c: Clause) -> Found | None:
    m = P.COMBINE.search(c.t)
    return [(m.start(), Combine())] if m else None


def _music_file(c: Clause, noun: bool) -> tuple[str | None, int]:
    for m in P.AUDIO_FILE.finditer(c.t):
        name = c.file(m.group(0))
        if name.lower().endswith(AUDIO_EXTS) or noun:
            return name, m.start()
    if noun:
        q = P.QUOTE.search(c.t)
        if q:
            return c.quote(q.group(0)) or None, q.start()
    return None, 0


def _add_music(c: Clause) -> Found | None:
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
            if _BEFORE_FIRST.search(before):
                start, end = 0, span.ms
            elif _BEFORE_FROM.search(before) or _AFTER_FROM.search(t[span.end :]):
                start = span.ms
    return [(where, AddMusic(file, _volume_value(t), start, end))]


def _reset(c: Clause) -> Found | None:
    m = P.RESET.search(c.t)
    return [(m.start(), Reset())] if m else None


Detector = Callable[[Clause], "Found | None"]
DETECTORS: tuple[Detector, ...] = (
    _undo, _redo, _crossfade, _fade, _remove_music, _clip_sound, _music_volume, _remove_text,
    _text, _aspect, _fit, _image_duration, _speed, _swap, _reverse, _move, _trim, _remove_clip,
    _combine, _add_music, _reset,
)  # fmt: skip
# Kinds that often share a clause with the one found first.
COMPANIONS: dict[Detector, tuple[Detector, ...]] = {
    _aspect: (_fit,),
    _fit: (_aspect,),
    _combine: (_aspect, _fit, _crossfade),
    _add_music: (_fade,),
    _music_volume: (_fade,),
}


def parse_clause(s: str, quotes: list[str], files: list[str]) -> list[Intent]:
    """The intents one clause asks for, in the order they were said ([] if none)."""
    if not s.strip():
        return []
    clause = Clause(s, quotes, files)
    for detector in DETECTORS:
        found = detector(clause)
        if found:
            for extra in COMPANIONS.get(detector, ()):
                found += extra(clause) or []
            found.sort(key=lambda item: item[0])
            return [intent for _, intent in found]
    return []
