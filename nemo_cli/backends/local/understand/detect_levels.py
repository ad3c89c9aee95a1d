"""Detectors for the sound's level: loudness normalisation ("normalize", "make it -14 LUFS",
"loud enough for YouTube", "podcast level", "broadcast", "响度标准化")."""

from __future__ import annotations

import re

from ..intents import Denoise, Duck, Loudness
from .clause import Clause, Found

LOUDNESS = re.compile(
    r"\bnormali[sz](?:e|ed|ing|ation)\b|\bloudness\b|\blufs\b|\bloud\s+enough\b"
    r"|\b(?:podcast|broadcast|youtube|tiktok|spotify|instagram|streaming)\s+"
    r"(?:level|loudness|volume|standard|spec|norm)s?\b|\bebu\s*r?\s*128\b|\br128\b"
    r"|响度|音量标准化|标准化音量|统一音量|音量统一|音量归一|归一化"
)
LUFS_VALUE = re.compile(r"(-?\d+(?:\.\d+)?)\s*lufs\b")
NAMED = (
    (re.compile(r"\bpodcasts?\b|播客"), -16.0, "podcast"),
    (re.compile(r"\bbroadcast\b|\bebu\b|\br128\b|\btv\b|广播|电视"), -23.0, "broadcast"),
    (re.compile(r"\byoutube\b|油管"), -14.0, "YouTube"),
    (re.compile(r"\btiktok\b|抖音|快手"), -14.0, "TikTok"),
    (re.compile(r"\binstagram\b|\breels\b"), -14.0, "Instagram"),
    (re.compile(r"\bspotify\b|\bstreaming\b"), -14.0, "streaming"),
)


def loudness(c: Clause) -> Found | None:
    t = c.t
    m = LOUDNESS.search(t)
    if not m:
        return None
    value = LUFS_VALUE.search(t)
    if value:
        lufs = -abs(float(value.group(1)))
        if -40 <= lufs <= -5:
            return [(m.start(), Loudness(lufs))]
    for pattern, lufs, target in NAMED:
        if pattern.search(t):
            return [(m.start(), Loudness(lufs, target))]
    return [(m.start(), Loudness())]


DUCK = re.compile(
    r"\bduck(?:s|ed|ing)?\b|\bside[\s-]?chain\b"
    r"|\b(?:lower|quieter|softer|dip|drop|turn\s+down|reduce|fade)\b.*\bmusic\b.*"
    r"\b(?:talk(?:s|ing)?|speak(?:s|ing)?|speech|voice|someone|dialog(?:ue)?|narration)\b"
    r"|\bmusic\b.*\b(?:lower|quieter|softer|dips?|down)\b.*\b(?:talk(?:s|ing)?|speak(?:s|ing)?"
    r"|speech|voice|dialog(?:ue)?|narration)\b"
    r"|说话时.*音乐.*(?:调低|降低|小|压低)|(?:人声|说话|讲话).*(?:压低|降低|闪避).*音乐|闪避"
)
NO_DUCK = re.compile(r"\b(?:stop|no|don'?t|do\s+not)\s+(?:the\s+)?duck|取消闪避|不要闪避")
DB_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*db\b")


def duck(c: Clause) -> Found | None:
    t = c.t
    off = NO_DUCK.search(t)
    if off:
        return [(off.start(), Duck(0))]
    m = DUCK.search(t)
    if not m:
        return None
    value = DB_VALUE.search(t)
    db = int(round(float(value.group(1)))) if value else 12
    return [(m.start(), Duck(max(3, min(db, 40))))]


DENOISE = re.compile(
    r"\bde-?nois(?:e|ing)\b|\bnoise\s+(?:reduction|removal|suppression)\b"
    r"|\b(?:reduce|remove|cut|lower|clean\s+up|get\s+rid\s+of|kill|suppress)\b.*"
    r"\b(?:background\s+)?(?:noise|hiss|hum|static)\b|\bclean\s+up\s+the\s+(?:audio|sound)\b"
    r"|降噪|去噪|去除?(?:背景)?(?:噪音|噪声|杂音|底噪)|去掉(?:背景)?(?:噪音|噪声|杂音|底噪)"
    r"|减少(?:背景)?(?:噪音|噪声|杂音)"
)
NO_DENOISE = re.compile(
    r"\b(?:no|stop|turn\s+off|without)\s+(?:the\s+)?(?:de-?nois|noise\s+red)"
    r"|取消降噪|不要降噪|关闭降噪"
)


def denoise(c: Clause) -> Found | None:
    off = NO_DENOISE.search(c.t)
    if off:
        return [(off.start(), Denoise(False))]
    m = DENOISE.search(c.t)
    return [(m.start(), Denoise())] if m else None
