"""Detectors for what comes from the files themselves: the output frame rate ("export at 60
fps", "24 fps film look", "以60帧导出") and which sound track plays ("use the commentary
track", "play audio track 2", "用解说音轨")."""

from __future__ import annotations

from ..intents import FrameRate, SoundTrack
from .clause import Clause, Found
from .lexer import ORDINALS
from .phrases import CLIP_MARK
from .rx import rx

_RATE = rx(
    r"(?<![\d.])(?P<n>\d{1,3}(?:\.\d{1,3})?)\s*(?:fps\b|frames?\s+(?:per|a)\s+second\b|"
    r"p\b(?=.*\b(?:fps|frame|film|cinematic|smooth|motion)\b)|帧(?!率)|格)"
)
_RATE_WORD = rx(
    r"\b(?:frame\s*rate|fps)\s+(?:of\s+|to\s+|at\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d+)?)\b|帧率\s*(?:改成|改为|设为|设置为|设成|调到|调成|用|为|是|到|=)?\s*"
    r"(?P<zh>\d{1,3}(?:\.\d+)?)"
)
_OWN_RATE = rx(
    r"\b(?:original|native|source|own|clips?'?s?|footage'?s?)\s+(?:frame\s*rate|fps)\b|"
    r"原始帧率|原帧率|原来的帧率|素材帧率"
)
MIN_FPS, MAX_FPS = 10.0, 120.0

_TRACK_NOUN = r"(?:(?:audio|sound|language|voice)\s+)?(?:track|stream|channel)s?|dub(?:bing)?|audio"
_NUMBER_EN = rx(
    r"\b(?:audio|sound)\s+track\s+(?:number\s+)?(?P<num>\d{1,2})\b"
    r"|\btrack\s+(?P<num2>\d{1,2})\s+(?:of\s+the\s+)?(?:audio|sound)\b"
)
_NAME_EN = rx(
    r"\b(?:use|play|pick|choose|select|switch\s+to|change\s+to|with|keep)\s+"
    rf"(?:the\s+|its\s+|my\s+)?(?P<name>[a-z][a-z'-]*)\s+(?:{_TRACK_NOUN})\b"
)
_ZH_VERB = r"(?:使用|用|切换到|切到|换成|换到|改成|改用|选|播放|要)\s*"
_ZH_NOUN = r"\s*(?:的)?(?:音轨|声轨|音频轨|配音|音频)"
_NUMBER_ZH = rx(_ZH_VERB + r"第\s*(?P<num>\d{1,2})\s*(?:条|个|路)?" + _ZH_NOUN)
_NAME_ZH = rx(
    _ZH_VERB + rf"(?:{CLIP_MARK}\s*(?:的)?\s*)?(?P<name>[\u4e00-\u9fffa-z]{{1,8}}?)" + _ZH_NOUN
)
# Words that are not the name of a track.
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "music",
    "background",
    "clip",
    "clips",
    "video",
    "same",
    "whole",
    "my",
    "its",
    "their",
    "new",
    "audio",
    "sound",
    "背景",
    "背景音乐",
}


def frame_rate(c: Clause) -> Found | None:
    t = c.t
    own = _OWN_RATE.search(t)
    if own:
        return [(own.start(), FrameRate(None))]
    for rule in (_RATE_WORD, _RATE):
        for m in rule.finditer(t):
            text = next(g for g in m.groups() if g is not None)
            value = float(text)
            if MIN_FPS <= value <= MAX_FPS:
                return [(m.start(), FrameRate(value))]
    return None


def sound_track(c: Clause) -> Found | None:
    # Numbers are read before clip references are marked: "第2条音轨" is a track, not a clip.
    m = (
        _NUMBER_EN.search(c.s)
        or _NUMBER_ZH.search(c.s)
        or _NAME_EN.search(c.t)
        or _NAME_ZH.search(c.t)
    )
    if not m:
        return None
    groups = m.groupdict()
    number = groups.get("num") or groups.get("num2")
    name = groups.get("name")
    others = [r for r in c.refs if not number or r != int(number)]
    clip = others[0] if others else None
    if number:
        return [(m.start(), SoundTrack(number=int(number), clip=clip))]
    if not name or name in _NOT_NAMES:
        return None
    if name in ORDINALS:
        return [(m.start(), SoundTrack(number=ORDINALS[name], clip=clip))]
    if name in ("default", "main", "normal", "usual", "默认", "原来", "原始"):
        name = "default"
    return [(m.start(), SoundTrack(name=name, clip=clip))]
