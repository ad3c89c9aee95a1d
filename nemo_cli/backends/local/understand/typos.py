"""Command words typed slightly wrong: English letters swapped, dropped or doubled ("vertcal",
"combnie"), Chinese IME homophones (字目 for 字幕, 横平 for 横屏).

Only words that are not found exactly are looked at, and only against the command vocabulary
below, so ordinary words and the user's own text are not bent. English: a word that no command
word is within reach of by letter counts (a cheap test) is left alone without loading anything;
the rest go to ``rapidfuzz`` (edit distance counting a swap as one edit). Chinese: the parser
asks only for a clause it did not understand, and ``pypinyin``'s readings decide (its table
takes a few hundred ms to load, so it is never loaded for a sentence that was understood).
Each correction is returned as a ``Guess`` so the reply can say "I read 'vertcal' as vertical".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ....values import frozen
from .rx import rx


@frozen
class Guess:
    typed: str
    meant: str


# The words the phrase tables look for: the only words a typo is read as.
EN_COMMANDS = frozenset(
    [
        "add",
        "audio",
        "background",
        "backwards",
        "bottom",
        "caption",
        "captions",
        "center",
        "centre",
        "clip",
        "clips",
        "combine",
        "concatenate",
        "crop",
        "crossfade",
        "crossfades",
        "delete",
        "dissolve",
        "duration",
        "faster",
        "fade",
        "fades",
        "fill",
        "frame",
        "landscape",
        "letterbox",
        "louder",
        "merge",
        "middle",
        "minute",
        "minutes",
        "music",
        "mute",
        "original",
        "photo",
        "photos",
        "picture",
        "pictures",
        "portrait",
        "quieter",
        "remove",
        "reorder",
        "replace",
        "reverse",
        "second",
        "seconds",
        "shorten",
        "shorter",
        "slideshow",
        "slower",
        "soundtrack",
        "speed",
        "square",
        "stitch",
        "subtitle",
        "subtitles",
        "swap",
        "switch",
        "title",
        "titles",
        "transition",
        "transitions",
        "trim",
        "vertical",
        "video",
        "videos",
        "volume",
        "image",
        "images",
        "horizontal",
        "widescreen",
        "order",
        "sound",
        "black",
        "bars",
        "length",
        "longer",
        "song",
        "songs",
        "together",
        "everything",
        "except",
    ]
)

# Ordinary words one edit from a command word: never bent (the user meant them).
EN_KEEP = frozenset(
    [
        "lower",
        "power",
        "tower",
        "flower",
        "later",
        "layer",
        "tiles",
        "tile",
        "sons",
        "while",
        "white",
        "whole",
        "write",
        "wrote",
        "master",
        "easter",
        "water",
        "fast",
        "magic",
        "merry",
        "mere",
        "more",
        "move",
        "mode",
        "made",
        "make",
        "clap",
        "flip",
        "slip",
        "skip",
        "ship",
        "chip",
        "crop",
        "drop",
        "prop",
        "trip",
        "trap",
        "swat",
        "swim",
        "face",
        "fame",
        "fake",
        "jade",
        "side",
        "slide",
        "older",
        "vivid",
        "round",
        "found",
        "pound",
        "mound",
        "wound",
        "squire",
        "there",
        "these",
        "those",
        "three",
        "quite",
        "quiet",
        "remote",
        "reverie",
        "reserve",
        "reorder",
        "cuter",
        "mutes",
        "muted",
        "order",
        "orders",
        "sounds",
        "images",
        "photos",
        "clips",
        "videos",
        "seconds",
        "minutes",
        "titles",
        "bottom",
        "louder",
        "images",
        "bars",
        "cars",
        "card",
        "care",
        "core",
        "cure",
        "pure",
        "sure",
        "type",
        "tape",
        "time",
        "timer",
        "minutes",
        "tiktok",
        "record",
        "second",
    ]
)

_EN_WORD = rx(r"[A-Za-z]{4,}|\b(?:teh|hte|adn|nad)\b")
# Slips in the short words that hold a sentence together (too short to be bent by distance:
# "and" is one letter from "add").
_SLIPS = {
    "teh": "the",
    "hte": "the",
    "adn": "and",
    "nad": "and",
    "taht": "that",
    "thta": "that",
    "thsi": "this",
    "tihs": "this",
    "wiht": "with",
    "wtih": "with",
    "jsut": "just",
    "frist": "first",
    "fisrt": "first",
    "lsat": "last",
    "secnod": "second",
}
_BY_FIRST: dict[str, list[tuple[str, Counter[str]]]] = {}


def _limit(word: str) -> int:
    return 1 if len(word) < 8 else 2


def _near_by_letters(word: str) -> bool:
    """True when some command word with the same first letter differs from ``word`` by no more
    letters than an edit may change (the letter-count distance never exceeds the edit
    distance, so a False here means rapidfuzz could not find a match either)."""
    if not _BY_FIRST:
        for cmd in EN_COMMANDS:
            _BY_FIRST.setdefault(cmd[0], []).append((cmd, Counter(cmd)))
    bag, limit = Counter(word), _limit(word)
    for cmd, cmd_bag in _BY_FIRST.get(word[0], ()):
        if abs(len(cmd) - len(word)) > limit:
            continue
        if max(sum((bag - cmd_bag).values()), sum((cmd_bag - bag).values())) <= limit:
            return True
    return False


@lru_cache(maxsize=512)
def closest_command(word: str) -> str | None:
    """The command word ``word`` (lower case, not a command word itself) was meant to be."""
    if word in EN_COMMANDS or word in EN_KEEP or not _near_by_letters(word):
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA, Levenshtein

    limit = _limit(word)
    found = process.extract(word, EN_COMMANDS, scorer=OSA.distance, score_cutoff=limit, limit=5)
    candidates = [
        m for m, score, _ in found if m[0] == word[0]
    ]  # the first letter is rarely the slip
    if not candidates:
        return None
    best = min(candidates, key=lambda m: (OSA.distance(word, m), abs(len(m) - len(word)), m))
    if len(word) == 4 and Levenshtein.distance(word, best) == 1 and len(best) != 5:
        # four letters: a swap ("cilp") or a letter left out ("musc"), never another word
        # of four ("flip")
        return None
    return best


def fix_english(text: str, known: frozenset[str] = frozenset()) -> tuple[str, list[Guess]]:
    """``text`` with each mistyped command word put right (case kept elsewhere); ``known`` are
    more words to leave alone (the session's file names)."""
    guesses: list[Guess] = []

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in known:
            return word
        meant = _SLIPS.get(low) or closest_command(low)
        if meant is None:
            return word
        guesses.append(Guess(word, meant))
        return meant

    return _EN_WORD.sub(repl, text), guesses


# ---------------------------------------------------------------- Chinese homophones

ZH_COMMANDS = (
    "背景音乐",
    "字幕",
    "标题",
    "文字",
    "横屏",
    "竖屏",
    "配乐",
    "音乐",
    "背景",
    "合并",
    "拼接",
    "删除",
    "删掉",
    "去掉",
    "淡入",
    "淡出",
    "转场",
    "原声",
    "方形",
    "静音",
    "视频",
    "图片",
    "照片",
    "黑边",
    "铺满",
    "音量",
    "片段",
    "顺序",
    "加速",
    "减速",
    "裁剪",
    "竖版",
    "横版",
    "撤销",
    "倒序",
    "交换",
    "调换",
    "声音",
    "填满",
    "人声",
)
_CJK_RUN = rx(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=1)
def _readings() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def _toneless(syllable: str) -> str:
    plain = unicodedata.normalize("NFKD", syllable)
    return "".join(c for c in plain if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _sounds(ch: str) -> frozenset[str]:
    raw = _readings().get(ord(ch))
    return frozenset(_toneless(s) for s in raw.split(",")) if raw else frozenset({ch})


def _homophone(window: str) -> str | None:
    for word in ZH_COMMANDS:
        if len(word) != len(window) or word == window:
            continue
        if all(_sounds(a) & _sounds(b) for a, b in zip(window, word, strict=True)):
            return word
    return None


def _shares_a_character(window: str) -> bool:
    """An IME slip changes a character or two of a word, rarely all: a window sharing no
    character (in place) with any command word is not looked up (no table to load)."""
    return any(
        len(w) == len(window)
        and w != window
        and any(a == b for a, b in zip(window, w, strict=True))
        for w in ZH_COMMANDS
    )


def fix_chinese(text: str) -> tuple[str, list[Guess]]:
    """``text`` with each two- to four-character homophone of a command word put right."""
    guesses: list[Guess] = []
    out: list[str] = []
    last = 0
    for run in _CJK_RUN.finditer(text):
        chars, i = run.group(0), 0
        fixed: list[str] = []
        while i < len(chars):
            exact = next((w for w in ZH_COMMANDS if chars.startswith(w, i)), None)
            if exact:  # a command word as it should be: kept whole, never re-read
                fixed.append(exact)
                i += len(exact)
                continue
            for size in (4, 3, 2):
                window = chars[i : i + size]
                if len(window) < size or not _shares_a_character(window):
                    continue
                meant = _homophone(window)
                if meant:
                    guesses.append(Guess(window, meant))
                    fixed.append(meant)
                    i += size
                    break
            else:
                fixed.append(chars[i])
                i += 1
        out.append(text[last : run.start()] + "".join(fixed))
        last = run.end()
    out.append(text[last:])
    return "".join(out), guesses
