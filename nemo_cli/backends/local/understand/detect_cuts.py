"""Detectors for cuts that need the analysis: the beat ("cut to the beat", "change clips on
every 2nd beat", "photos to the beat", 卡点), pauses in speech ("cut pauses longer than 1 s",
"shorten pauses to half a second", "keep pauses over 2 s", "去掉超过1秒的停顿"), black and
frozen stretches ("remove the black parts", "删除黑屏"), and scene changes ("split clip 2 at
its scene changes", "按场景拆分"). Their phrases are here, beside the only code that reads
them."""

from __future__ import annotations

import re

from ..intents import BeatCut, CutPauses, RemoveStill, SplitScenes
from .clause import Clause, Found
from .lexer import find_times

# ---------------------------------------------------------------- phrases

PAUSE_NOUN = re.compile(
    r"\b(?:pauses?|silences?|silent\s+(?:parts?|bits?|gaps?|moments?|sections?|stretch(?:es)?)"
    r"|dead\s+air|quiet\s+(?:parts?|bits?|gaps?)|gaps?\s+(?:in|between)\s+(?:the\s+)?"
    r"(?:speech|talking|words|sentences))\b"
    r"|停顿|静音|沉默|无声|空白处|空白部分|冷场|气口"
)
PAUSE_VERB = re.compile(
    r"\b(?:remove|cut|trim|delete|drop|skip|get\s+rid\s+of|take\s+out|tighten|shorten|reduce"
    r"|strip|kill|lose|clean\s+up|keep|leave|jump[\s-]?cuts?)\b"
    r"|去掉|去除|删除|删掉|剪掉|剪去|剪除|移除|缩短|减少|压缩|保留|去"
)
SHORTEN = re.compile(r"\b(?:shorten|reduce|tighten)\b|缩短|减少|压缩")
KEEP = re.compile(r"\b(?:keep|leave|preserve|except|but\s+not)\b|保留|留下|除了")
MORE_THAN = re.compile(
    r"(?:\b(?:longer\s+than|more\s+than|over|above|exceeding|at\s+least|beyond)|>|超过|大于"
    r"|长于|多于|不少于)\s*$"
)
AT_LEAST_AFTER = re.compile(r"^\s*(?:以上|或更长|or\s+(?:more|longer))")
DOWN_TO = re.compile(r"(?:\b(?:to|down\s+to|into)|到|为|成)\s*$")
DEFAULT_SHORTEN_MS = 300  # "shorten the pauses" with no length

STILL_BLACK = re.compile(
    r"\bblack(?!\s+(?:bars?|borders?|edges?))(?:\s+(?:parts?|frames?|screens?|bits?|sections?"
    r"|stretch(?:es)?|gaps?|moments?|shots?))?\b|黑屏|黑场|黑帧|黑色画面"
)
STILL_FROZEN = re.compile(
    r"\b(?:frozen|freezes?|still|stuck|static)(?:\s+(?:parts?|frames?|screens?|bits?|sections?"
    r"|stretch(?:es)?|video|picture|images?|moments?|shots?))\b|\bfreezes\b"
    r"|静止画面|静止的画面|定格|卡住的画面|画面卡住|冻结|卡顿的画面|画面静止"
)
STILL_VERB = re.compile(
    r"\b(?:remove|cut|trim|delete|drop|skip|get\s+rid\s+of|take\s+out|strip|lose|clean\s+up)\b"
    r"|去掉|去除|删除|删掉|剪掉|剪去|移除|去"
)
SCENES = re.compile(
    r"\bsplit\b.*\b(?:scenes?|scene\s+changes?|shots?|shot\s+changes?|cuts)\b"
    r"|\b(?:into|by)\s+(?:its\s+|the\s+)?(?:scenes|shots)\b"
    r"|按场景|按镜头|场景切换|镜头切换|拆分成场景|分成场景|拆成场景"
)
SCENE_VERB = re.compile(r"\b(?:split|cut|divide|break)\b|拆分|拆成|分割|切分|分成|切开|拆")


BEAT = re.compile(
    r"\b(?:to|on|with|at|onto|by)\s+(?:the\s+|each\s+|every\s+)?(?:\d+(?:st|nd|rd|th)?\s+"
    r"|other\s+)?(?:beats?|beat\s+drops?|rhythm)\b"
    r"|\bbeat[\s-]*(?:sync(?:ed)?|match(?:ed|ing)?|cut(?:s|ting)?)\b"
    r"|\bevery\s+(?:\d+(?:st|nd|rd|th)?\s+|other\s+)?beats?\b"
    r"|卡点|踩点|节拍|每\s*[\d一二两三四五六七八]+\s*拍|每隔\s*[\d一二两三四五六七八]+\s*拍"
    r"|跟着节奏|按节奏|合拍"
)
BEAT_EVERY = re.compile(
    r"\bevery\s+(\d+)(?:st|nd|rd|th)?\s+beats?\b|每\s*([\d一二两三四五六七八]+)\s*拍"
    r"|每隔\s*([\d一二两三四五六七八]+)\s*拍"
    r"|\b(every\s+other\s+beat)\b"
)


# ---------------------------------------------------------------- detectors


_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _ZH_DIGITS.get(word, 1)


def beat(c: Clause) -> Found | None:
    m = BEAT.search(c.t)
    if not m:
        return None
    every = 1
    n = BEAT_EVERY.search(c.t)
    if n:
        if n.group(4):
            every = 2
        elif n.group(3):  # 每隔1拍: one beat skipped, so every 2nd
            every = _count(n.group(3)) + 1
        else:
            every = _count(n.group(1) or n.group(2))
    return [(m.start(), BeatCut(max(1, min(every, 64))))]


def pauses(c: Clause) -> Found | None:
    t = c.t
    noun = PAUSE_NOUN.search(t)
    if not noun or not PAUSE_VERB.search(t):
        return None
    longer = keep = shorten = None
    for span in find_times(t):
        before, after = t[: span.start], t[span.end :]
        if SHORTEN.search(before) and DOWN_TO.search(before):
            shorten = span.ms
        elif KEEP.search(before) and (MORE_THAN.search(before) or AT_LEAST_AFTER.search(after)):
            keep = span.ms
        elif MORE_THAN.search(before) or AT_LEAST_AFTER.search(after):
            longer = span.ms
    if shorten is None and SHORTEN.search(t) and not find_times(t):
        shorten = DEFAULT_SHORTEN_MS
    clip = c.refs[0] if c.refs else None
    return [(noun.start(), CutPauses(longer, keep, shorten, clip))]


def still(c: Clause) -> Found | None:
    t = c.t
    black, frozen = STILL_BLACK.search(t), STILL_FROZEN.search(t)
    if not (black or frozen) or not STILL_VERB.search(t):
        return None
    where = min(m.start() for m in (black, frozen) if m)
    clip = c.refs[0] if c.refs else None
    return [(where, RemoveStill(black=black is not None, frozen=frozen is not None, clip=clip))]


def scenes(c: Clause) -> Found | None:
    t = c.t
    m = SCENES.search(t)
    if not m or not SCENE_VERB.search(t):
        return None
    return [(m.start(), SplitScenes(c.refs[0] if c.refs else None))]
