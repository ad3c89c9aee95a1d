"""Complaints and wishes said as observations: "the song is much too loud", "I can't hear the
voice", "it's way too long", "the black bars are ugly", "the music starts too abruptly",
"太吵了", "声音太小", "有点长", "黑边好丑", "画面被裁掉了". Each is read as the edit a person
would make for it; which sound is meant follows the words, else what is on the timeline (music
that drowns the clips is turned down; with no music, the clips are).

Runs before the detectors of formats, so "too long for instagram" shortens and does not make it
square.
"""

from __future__ import annotations

from ..intents import (
    DEFAULT_FADE_MS,
    DEFAULT_XFADE_MS,
    ClipSound,
    Crossfade,
    MusicFade,
    MusicVolume,
    SetFit,
    Shorten,
)
from .clause import Clause, Found
from .detect_sound import how_much
from .lexer import find_times
from .rx import Rx, rx

_MUSIC = r"(?:music|song|bgm|soundtrack|track|tune|背景音乐|音乐|配乐|bgm|歌)"
_CLIPS = (
    r"(?:clips?|videos?|original(?:\s+(?:sound|audio))?|voices?|speech|talking|dialogue|"
    r"原声|人声|视频声音|视频的声音|说话)"
)
_LOUD = (
    r"(?:too\s+loud|way\s+too\s+loud|so\s+loud|really\s+loud|\bloud\b|drowns?|overpower|"
    r"太大声?|"
    r"太吵|太响|吵|盖过|太大了)"
)
_QUIET = (
    r"(?:too\s+(?:quiet|soft|low)|so\s+quiet|barely|hardly|inaudible|drowned|"
    r"太小|太轻|听不到|听不见|听不清|听不太[清到见]|小了)"
)
# Not hearing something well: "can't hear", "can barely hear", "hard to hear", "几乎听不到".
_HEAR_LITTLE = (
    r"(?:can'?t|cannot|can\s+not|can\s+barely|can\s+hardly|barely|hardly|struggle\s+to|hard\s+to|"
    r"difficult\s+to|impossible\s+to)\s+(?:even\s+)?hear"
)
_HEAR_LITTLE_ZH = r"(?:几乎|根本|都|有点|太)?听不(?:太)?[清到见]"

_RULES: tuple[tuple[str, Rx], ...] = tuple(
    (name, rx(rule))
    for name, rule in (
        (
            "hear_voice",
            rf"{_HEAR_LITTLE}\s+(?:the\s+|anyone\s+|them\s+|what\s+)?(?:voices?|talking|speech|"
            r"people|dialogue|speaking|they\s+say|(?:we|they|i|he|she)\s+(?:say|said))|"
            rf"{_HEAR_LITTLE_ZH}(?:说话|人声|讲话|声音)|"
            rf"(?:说话|人声|讲话)(?:的)?声?(?:音)?{_HEAR_LITTLE_ZH}",
        ),
        ("music_loud", rf"{_MUSIC}.*{_LOUD}|{_LOUD}.*{_MUSIC}"),
        (
            "music_quiet",
            rf"{_MUSIC}.*{_QUIET}|{_HEAR_LITTLE}\s+(?:the\s+|any\s+|my\s+)?(?:background\s+)?"
            rf"{_MUSIC}|{_HEAR_LITTLE_ZH}.*{_MUSIC}",
        ),
        ("clips_loud", rf"{_CLIPS}.*{_LOUD}"),
        ("clips_quiet", rf"{_CLIPS}.*{_QUIET}"),
        ("loud", r"\btoo\s+loud\b|\bso\s+noisy\b|\btoo\s+noisy\b|太吵|太响|好吵"),
        (
            "quiet",
            rf"\btoo\s+quiet\b|{_HEAR_LITTLE}\s+(?:it|anything)\b|声音太小|声音小了|太小声|"
            rf"{_HEAR_LITTLE_ZH}$",
        ),
        (
            "long",
            r"\btoo\s+long\b|\b(?:make\s+it|a\s+bit|bit|little)\s+shorter\b|\bshorter\b|"
            r"\bdrags?\s+on\b|太长|有点长|有些长|短一?点|剪短|缩短一?点",
        ),
        (
            "bars",
            r"black\s+bars?\b.*\b(?:ugly|annoying|bad|hate|weird|distracting)|"
            r"\b(?:hate|ugly)\b.*\bblack\s+bars\b|黑边.*(?:丑|难看|讨厌|不好看)",
        ),
        (
            "cut_off",
            r"\b(?:cut\s+off|cropped|chopped)\b.*\b(?:whole|entire|full|all)\b|"
            r"\bcut\s+off\b(?!\s+(?:the\s+|any\s+|those\s+)?(?:black\s+)?(?:bars|borders))|被裁|"
            r"裁掉了|看不全|显示不全|被切掉",
        ),
        (
            "abrupt_start",
            rf"{_MUSIC}.*\b(?:starts?|begins?|comes\s+in)\b.*\b(?:abrupt|sudden|harsh|"
            r"loud)|(?:配乐|音乐|歌).*(?:开头|开始)?太(?:突然|突兀|生硬)",
        ),
        (
            "abrupt_end",
            rf"{_MUSIC}.*\b(?:ends?|stops?|cuts?\s+out)\b.*\b(?:abrupt|sudden|harsh)|"
            r"(?:配乐|音乐|歌).*(?:结尾|结束|停).*(?:突然|突兀|生硬)",
        ),
        (
            "harsh_cuts",
            r"\b(?:cuts?|transitions?|jumps?)\b.*\b(?:harsh|abrupt|jarring|sudden|rough)|"
            r"转场.*(?:生硬|突兀|太硬)|切换.*(?:生硬|突兀)",
        ),
    )
)


# A complaint says one of these; a clause with none of them is not read against the rules.
_HINTS = (
    "too",
    "loud",
    "quiet",
    "hear",
    "long",
    "short",
    "drown",
    "overpower",
    "barely",
    "hardly",
    "noisy",
    "cut",
    "crop",
    "chop",
    "abrupt",
    "sudden",
    "harsh",
    "jarring",
    "rough",
    "drags",
    "bars",
    "ugly",
    "太",
    "吵",
    "响",
    "小",
    "轻",
    "听",
    "长",
    "短",
    "丑",
    "难看",
    "裁",
    "切掉",
    "不全",
    "突然",
    "突兀",
    "生硬",
    "盖过",
    "黑边",
)


def complaint(c: Clause) -> Found | None:
    t = c.t
    if not any(hint in t for hint in _HINTS):
        return None
    for name, rule in _RULES:
        m = rule.search(t)
        if not m:
            continue
        if name == "cut_off" and (find_times(t) or c.refs):
            continue  # "cut off the last 4 seconds of clip 1": a trim
        at = m.start()
        music = c.known.music
        n = how_much(t)
        if name == "hear_voice":
            return [(at, MusicVolume(steps=-n) if music else ClipSound(100, steps=n))]
        if name == "music_loud":
            return [(at, MusicVolume(steps=-n))]
        if name == "music_quiet":
            return [(at, MusicVolume(steps=n))]
        if name == "clips_loud":
            return [(at, ClipSound(100, steps=-n))]
        if name == "clips_quiet":
            return [(at, ClipSound(100, steps=n))]
        if name == "loud":
            return [(at, MusicVolume(steps=-n) if music else ClipSound(100, steps=-n))]
        if name == "quiet":
            return [(at, MusicVolume(steps=n) if music else ClipSound(100, steps=n))]
        if name == "long":
            if find_times(t):
                return None  # "too long, make it 30 s": the trim says how long
            return [(at, Shorten())]
        if name == "bars":
            return [(at, SetFit("fill"))]
        if name == "cut_off":
            return [(at, SetFit("letterbox"))]
        if name == "abrupt_start":
            return [(at, MusicFade(DEFAULT_FADE_MS, None))]
        if name == "abrupt_end":
            return [(at, MusicFade(None, DEFAULT_FADE_MS))]
        if name == "harsh_cuts":
            return [(at, Crossfade(DEFAULT_XFADE_MS))]
    return None
