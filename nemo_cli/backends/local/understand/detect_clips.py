"""Detectors for edits of the clips: combine, reorder, remove, trim, speed, photo length,
crossfades. Each reads one ``Clause`` and returns the intents it found with where they were
said, or None when the clause is not about it."""

from __future__ import annotations

import re

from ....media_files import FILE_TYPES
from ....values import replace
from ..intents import (
    DEFAULT_XFADE_MS,
    LAST,
    AddClip,
    AddMusic,
    Combine,
    Crossfade,
    ImageDuration,
    Move,
    Remove,
    Reverse,
    Speed,
    SplitClip,
    Swap,
    Trim,
)
from . import phrases as P
from .clause import (
    AFTER_FROM,
    BEFORE_FIRST,
    BEFORE_FROM_TRIM,
    BEFORE_LAST,
    OFF_END,
    OFF_START,
    Clause,
    Found,
    first_time,
)
from .lexer import FILE_BASE, ORDINALS, Span, find_range, find_times, number
from .rx import rx


def crossfade(c: Clause) -> Found | None:
    m = P.CROSSFADE.search(c.t)
    if not m:
        return None
    if P.NEGATE.search(c.t):
        return [(m.start(), Crossfade(0))]
    ms = first_time(c)
    return [(m.start(), Crossfade(DEFAULT_XFADE_MS if ms is None else ms))]


def image_duration(c: Clause) -> Found | None:
    m = P.IMAGE_NOUN.search(c.t)
    ms = first_time(c)
    if not m or not ms:
        return None
    return [(m.start(), ImageDuration(ms))]


_A_BIT = rx(
    r"\b(?:a\s+(?:bit|little|touch|tad)|slightly|somewhat|a\s+little\s+bit)\b|稍微|稍稍|一点点|有一点|一丢丢"
)


def speed(c: Clause) -> Found | None:
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
        if factor is None and _A_BIT.search(t):  # "speed it up a bit": a quarter faster
            factor = 0.8 if slow else 1.25
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


def swap(c: Clause) -> Found | None:
    m = P.SWAP.search(c.t)
    nums = _numbers(c) if m else []
    if not m or len(nums) != 2 or 0 in nums:
        return None
    return [(m.start(), Swap(nums[0], nums[1]))]


def reverse(c: Clause) -> Found | None:
    m = P.REVERSE.search(c.t)
    return [(m.start(), Reverse())] if m else None


def move(c: Clause) -> Found | None:
    t = c.t
    verb = P.MOVE_VERB.search(t) or P.BARE_MOVE.fullmatch(t)
    if not c.refs or not verb:
        return None
    clip = c.refs[0]
    second = c.refs[1] if len(c.refs) > 1 else None
    if _BETWEEN.search(t):
        count = len(c.known.clips)
        if len(c.refs) >= 3:  # "between clips 1 and 2": after the first of them
            others = [n if n > 0 else count + 1 + n for n in c.refs[1:]]
            return [(verb.start(), Move(clip, after=min(others)))]
        if len(c.refs) == 1 and count >= 3:  # "照片放中间": the middle
            return [(verb.start(), Move(clip, to=(count + 1) // 2))]
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


_BETWEEN = rx(r"\bbetween\b|\bin\s+(?:the\s+)?middle\b|中间|之间|当中")


# "trim clip 2 (down) to (just) its first 5 seconds": what is kept, not what is cut.
_TO_KEEP = rx(r"\bto\s+(?:(?:the|its|their|his|her|my|just|only|about)\s+)*\w+\s+$|\bonly\b|只")


# "the first 5 seconds of each clip", "每段只要前3秒": the same trim of every clip.
_EACH_CLIP = rx(
    r"\b(?:each|every)\s+(?:single\s+)?(?:clip|video|vid|one|segment|part|shot)\b|"
    r"\ball\s+(?:of\s+)?(?:the\s+|my\s+)?(?:clips|videos)\b|\bper\s+clip\b|"
    r"每(?:一)?(?:段|个片段|个视频|个镜头|条)|所有(?:的)?(?:片段|视频)"
)
# "shorten clip 1 by 4 seconds", "trim the end by 2 s", "缩短3秒": how much goes, not what stays.
_BY = rx(r"\bby\s*$|(?:缩短|剪短|减少|减掉|短)\s*$")
_SAYS_START = rx(r"\b(?:start|beginning|front|head|opening)\b|开头|前面|片头")

# Halves: "cut clip 2 in half", "half as long", "keep the second half", "去掉前一半", "剪掉一半".
_HALF = rx(
    r"\b(?:in|by)\s+half\b|\bhalf\s+(?:as\s+long|the\s+length|its\s+length)\b|"
    r"\b(?P<en>first|1st|front|second|2nd|last|latter|back)\s+half\b|"
    r"(?P<zh>前|后)(?:一|1)?半(?:段|部分)?|砍半|(?:剪|缩短|短|删|去)掉?(?:一|1)半|一半长"
)
_HALF_VERB = rx(
    r"\b(?:cut|trim|shorten|chop|make|keep|use|remove|delete|drop|only|just|want|need|lose|"
    r"get\s+rid\s+of)\b|剪|裁|截|缩短|保留|只要|只用|要|用|去掉|删|不要|砍|留"
)
_GONE = rx(
    r"\b(?:remove|delete|drop|lose|get\s+rid\s+of|cut\s+(?:out|off)?)\b|去掉|删|不要|剪掉|砍掉"
)


def half(c: Clause) -> Found | None:
    """Half of a clip or of the whole video: which half stays (the first unless said)."""
    t = c.t
    m = _HALF.search(t)
    if not m or not _HALF_VERB.search(t) or P.MUSIC_NOUN.search(t) or find_times(t):
        return None
    which = m.group("en") or m.group("zh")
    share = (0.0, 0.5)
    if which:
        first = which in ("first", "1st", "front", "前")
        gone = _GONE.search(t[: m.start()]) is not None or (
            which in ("前", "后") and _GONE.search(t) is not None
        )
        share = (0.5, 1.0) if first == gone else (0.0, 0.5)
    if c.refs:
        return [(m.start(), Trim(n, share=share)) for n in c.refs]
    every = _EACH_CLIP.search(t) is not None
    return [(m.start(), Trim(None, share=share, every=every))]


_SPLIT = rx(r"\b(?:split|divide|separate|break\s+up)\b|拆分|拆开|分开|分成|切成两|一分为二")
_IN_HALF = rx(r"\bin\s+(?:half|two|2)\b|\bhalfway\b|两半|中间|一半|两段|对半")


def split(c: Clause) -> Found | None:
    """ "split clip 2 at 3 seconds", "split it at 0:12", "把第二段从中间分开": both parts stay."""
    t = c.t
    m = _SPLIT.search(t)
    if not m or P.MUSIC_NOUN.search(t):
        return None
    times = find_times(t)
    if times:
        at, share = times[0].ms, None
    elif _IN_HALF.search(t):
        at, share = None, 0.5
    else:
        return None  # "split the video into scenes" is a scene split
    clip = c.refs[0] if c.refs else None
    return [(m.start(), SplitClip(clip, at_ms=at, share=share))]


_VIDEO_NOUN = rx(r"\b(?:it|video|videos|clips?|film|movie|footage|whole\s+thing)\b|视频|片段|影片")


def trim(c: Clause) -> Found | None:
    t = c.t
    times = find_times(t)
    verb = P.TRIM_VERB.search(t) or P.CUT_VERB.search(t)
    if not verb and not c.refs and not (P.TEXT_ROLE.search(t) or P.MUSIC_NOUN.search(t)):
        verb = P.LENGTH_WORD.search(t)  # "I want it to be 30 seconds long"
    if not times or (not verb and not c.refs):
        return None
    if _SPLIT.search(t):
        return None  # "split clip 2 at 3 s" keeps both parts: a split (above), not a trim
    if not c.refs and P.MUSIC_NOUN.search(t) and not _VIDEO_NOUN.search(t):
        return None  # "music only for the first 10 seconds": the music's place (detect_sound)
    clip = c.refs[0] if c.refs else None
    where = verb.start() if verb else c.ref_pos[0]
    rng = find_range(t)
    if rng:
        return [(where, Trim(clip, start_ms=rng.start_ms, end_ms=rng.end_ms))]
    span: Span = times[0]
    before = t[: span.start]
    cut = P.CUT_VERB.search(t) and not _TO_KEEP.search(before)
    after = t[span.end :]
    every = clip is None and _EACH_CLIP.search(t) is not None
    if _BY.search(before):
        start = _SAYS_START.search(t) and not re.search(r"\bend\b|结尾|后面", t)
        trim = Trim(clip, cut_start_ms=span.ms) if start else Trim(clip, cut_end_ms=span.ms)
    elif cut and OFF_START.search(after):
        trim = Trim(clip, cut_start_ms=span.ms)
    elif cut and OFF_END.search(after):
        trim = Trim(clip, cut_end_ms=span.ms)
    elif BEFORE_FIRST.search(before):
        trim = Trim(clip, cut_start_ms=span.ms) if cut else Trim(clip, start_ms=0, end_ms=span.ms)
    elif BEFORE_LAST.search(before):
        trim = Trim(clip, cut_end_ms=span.ms) if cut else Trim(clip, keep_last_ms=span.ms)
    elif (
        BEFORE_FROM_TRIM.search(before)
        or AFTER_FROM.search(after)
        or (re.search(r"\b(?:start|begin)s?\b", t) and re.search(r"\bat\s*$", before))
    ):
        more = times[1].ms if len(times) > 1 else None
        trim = Trim(clip, start_ms=span.ms, duration_ms=more)
    else:
        trim = Trim(clip, duration_ms=span.ms)
    return [(where, replace(trim, every=True) if every else trim)]


def remove_clip(c: Clause) -> Found | None:
    m = P.REMOVE_VERB.search(c.t)
    if not m or not c.refs:
        return None
    return [(m.start(), Remove(n)) for n in c.refs]


def combine(c: Clause) -> Found | None:
    m = P.COMBINE.search(c.t)
    return [(m.start(), Combine())] if m else None


_FORMAT = rx(
    r"\b(?:video|clip|reel|tiktok|short|post|story|vlog|movie|montage|slideshow|instagram)s?\b|"
    r"视频|短片|抖音|快手|小红书|视频号|影片"
)


def total_length(c: Clause) -> Found | None:
    """ "a 20 second Reel", "a 30s tiktok", "20秒的快手视频", "an instagram post, 15 seconds":
    how long the whole video should be."""
    t = c.t
    times = find_times(t)
    if len(times) != 1 or c.refs:
        return None
    span = times[0]
    if _FORMAT.search(t) and not re.search(r"\b(?:at|from|after|until)\s*$|从|在", t[: span.start]):
        return [(span.start, Trim(None, duration_ms=span.ms))]
    return None


# ---------------------------------------------------------------- files added by name

_ADD_VERB = rx(
    r"\b(?:add|adding|append|insert|put|stick|place|include|bring\s+in|throw\s+in|tack|attach|"
    r"slot|pop|plus|want|need)\b|加|插|放|接|拼|补|添|要"
)
_AGAIN = rx(r"\bagain\b|\banother\s+(?:copy|time)\b|\bonce\s+more\b|\bsecond\s+copy\b|再加|再放|又")
_NOT_ADD = rx(
    r"\b(?:remove|delete|drop|cut|trim|mute|replace|swap|instead\s+of|without|except|but|only)\b|"
    r"删|去掉|不要|换|替|只|除了|静音"
)


_PURE_ADD = rx(r"\b(?:add|append|insert|include)\b|加到|加在|加上|添加|插入|插到|补上|补到")
_ONLY_ADD = rx(
    rf"\s*(?:(?:please|pls|also|and)\s+)*(?:add|append|include|insert|加上|加入|添加|加|把)\s*"
    rf"(?:the\s+)?{P.CLIP_MARK}\s*(?:too|as\s+well|加进来|加进去|加上|加到后面|进来|进去)?\s*"
)


def _kind_of(c: Clause, name: str) -> str | None:
    """ "video", "image" or "audio" for a file of the session (or a typed file name)."""
    for item in c.known.media:
        if item.name == name:
            return item.kind
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FILE_TYPES.get(ext)


def add_clip(c: Clause) -> Found | None:
    """ "add talk.mp4", "put intro.mov at the start", "append the logo image",
    "把片尾.mp4加到最后", "add beach.mp4 again": files put on the video track as new clips. Files
    already on it were read as clips ("clip 1") and go in again only when "again" is said."""
    t = c.t
    verb = _ADD_VERB.search(t)
    if not verb or _NOT_ADD.search(t):
        return None
    named = [c.files[i] for i in (ord(ch) - FILE_BASE for ch in re.findall("[\ue400-\ue7ff]", t))]
    visual = [n for n in named if _kind_of(c, n) in ("video", "image")]
    again = _AGAIN.search(t) is not None
    refs = list(c.refs)
    if not visual and refs and (again or _ONLY_ADD.fullmatch(t) or _PURE_ADD.search(t)):
        # "add beach.mp4 (again)", "把片尾.mp4加到最后": the file is a clip already; another
        # copy only "again" (putting a clip somewhere is a move: "put clip 3 last")
        count = len(c.known.clips)
        n = refs.pop(0)
        i = n - 1 if n > 0 else count + n
        if 0 <= i < count:
            visual = [c.known.clips[i].name]
    if not visual:
        return None
    it = AddClip(tuple(dict.fromkeys(visual)), again=again)
    if refs and _BETWEEN.search(t):
        count = len(c.known.clips)
        it = AddClip(it.files, after=min(n if n > 0 else count + 1 + n for n in refs), again=again)
    elif refs and (P.AFTER.search(t) or re.search(r"后面|之后|后边", t)):
        it = AddClip(it.files, after=refs[0], again=again)
    elif refs and (P.BEFORE.search(t) or re.search(r"前面|之前|前边", t)):
        it = AddClip(it.files, before=refs[0], again=again)
    elif P.POS_START.search(t) or re.search(r"\b(?:start|beginning|opening|intro)\b|片头|开始", t):
        it = AddClip(it.files, to=1, again=again)
    else:
        m = P.POS_NUMBER.search(t)
        raw = next((g for g in m.groups() if g), None) if m else None
        if raw and not re.search(r"\bfirst\b", raw):
            position = ORDINALS[raw] if raw in ORDINALS else int(raw) if len(raw) < 7 else None
            if position:
                it = AddClip(it.files, to=position, again=again)
    found: Found = [(verb.start(), it)]
    sounds = [n for n in named if _kind_of(c, n) == "audio"]
    if sounds:  # "add talk.mp4 and song.mp3": the song is the music
        found.append((verb.start() + 1, AddMusic(sounds[0])))
    return found
