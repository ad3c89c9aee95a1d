"""Media said by name or kind -> the clips (or files) they are.

"beach", "the video with the bars", "the photo", "that image", "the last video", "both
videos", "那张图", "最后那个视频", "sunset那张图": with the session's names and kinds
(``Known``) these become clip references the detectors already read ("clip 3", "第3段"), or,
when the media is not on the timeline (nothing combined yet), file placeholders like a typed
"beach.mp4". Runs on the normalised sentence; without a ``Known`` nothing changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .known import Item, Known
from .lexer import FILE_BASE, MAX_PLACEHOLDERS, file_char
from .rx import Rx, rx

# Names never read as a file: they are the words of the commands themselves.
_NOT_NAMES = frozenset(
    [
        "video",
        "videos",
        "clip",
        "clips",
        "music",
        "song",
        "audio",
        "photo",
        "photo",
        "image",
        "picture",
        "title",
        "text",
        "caption",
        "track",
        "sound",
        "voice",
        "movie",
        "film",
        "the",
        "and",
        "all",
        "one",
        "two",
        "first",
        "last",
        "final",
    ]
)
_EN_NOUN = r"(?:video|vid|clip|one|photo|picture|image|pic|file|footage|song|track|music|audio)"
_ZH_NOUN = r"(?:视频|片段|图片|照片|相片|图|素材|歌曲|歌|音乐|文件)"
_ZH_DEMONSTRATIVE = r"(?:那个|这个|那段|这段|那张|这张|那条|这条|那首|这首|的)"


def _name_pattern(stem: str) -> str:
    words = [re.escape(w) for w in re.split(r"[_\s\-]+", stem) if w]
    return r"[_\s\-]?".join(words)


def _usable(item: Item) -> bool:
    stem = item.stem
    shortest = 2 if _CJK.match(stem) else 3  # two Chinese characters make a word: 片尾, 海边
    return len(stem) >= shortest and not stem.isdigit() and stem not in _NOT_NAMES


# Words of the commands that a file may be called too (beat.m4a, square.png, 片尾.mp4): such a
# name is read as the file only where it is said as one (see ``clashes``).
_COMMAND_WORDS = frozenset(
    [
        "square",
        "vertical",
        "horizontal",
        "landscape",
        "portrait",
        "widescreen",
        "beat",
        "beats",
        "fade",
        "fades",
        "crossfade",
        "transition",
        "transitions",
        "pause",
        "pauses",
        "silence",
        "silences",
        "silent",
        "mute",
        "reverse",
        "louder",
        "quieter",
        "faster",
        "slower",
        "letterbox",
        "fill",
        "crop",
        "speed",
        "trim",
        "cut",
        "merge",
        "combine",
        "slideshow",
        "normalize",
        "denoise",
        "duck",
        "片尾",
        "片头",
        "开头",
        "结尾",
        "字幕",
        "标题",
        "配乐",
        "背景",
        "卡点",
        "踩点",
        "节拍",
        "竖屏",
        "横屏",
        "方形",
        "转场",
        "停顿",
        "黑屏",
        "静音",
        "原声",
        "慢放",
        "倒放",
        "加速",
        "合并",
        "拼接",
    ]
)


def clashes(s: str, known: Known) -> frozenset[str]:
    """The names of the session's files said in ``s`` that are command words too: "cut to
    the beat" with a beat.m4a, "make it square" with a square.png."""
    return frozenset(
        m.stem
        for m in known.media
        if _usable(m)
        and m.stem in s
        and all(w in _COMMAND_WORDS for w in re.split(r"[_\s\-]+", m.stem) if w)
    )


def lift_names(s: str, files: list[str], known: Known, plain: frozenset[str] = frozenset()) -> str:
    """Media names said without their extension ("remove bars", "把beach放最后", "the video
    with the bars") -> file placeholders, taking the nouns around them along. A name in
    ``plain`` (a command word too) is taken only where it is said as a name: with a noun ("the
    beat song", "片尾那个视频"), after one ("the track called beat"), or "beat as the music"."""
    for item in sorted((m for m in known.media if _usable(m)), key=lambda m: -len(m.stem)):
        if not all(word in s for word in re.split(r"[_\s\-]+", item.stem) if word):
            continue  # not said: no pattern to build
        name = _name_pattern(item.stem)
        called = rf"\b{_EN_NOUN}\s+(?:with|of|called|named|showing)\s+(?:the\s+)?"
        core = rf"(?<![a-z0-9])(?<!black\s)(?<!黑)(?:{name})(?![a-z0-9])"
        noun = rf"\s*(?:{_EN_NOUN}\b|{_ZH_DEMONSTRATIVE}?\s*{_ZH_NOUN}|{_ZH_DEMONSTRATIVE})"
        if item.stem in plain:
            role = (
                r"(?=\s+as\s+(?:the\s+|my\s+|a\s+|an\s+)?(?:background\s+)?(?:music|song|bgm|"
                r"soundtrack|track|audio|clip|intro|opening|ending|outro)\b)"
            )
            noun = rf"\s*(?:{_EN_NOUN}\b|{_ZH_DEMONSTRATIVE}?\s*{_ZH_NOUN}|那个|这个|那张|这张)"
            rule = rx(
                rf"(?:\b(?:the|that|this|my)\s+)?(?:{called}{core}(?:{noun})?|{core}(?:{noun}|{role}))"
            )
        else:
            rule = rx(rf"(?:\b(?:the|that|this|my)\s+)?(?:{called})?{core}(?:{noun})?")
        if not rule.search(s) or len(files) >= MAX_PLACEHOLDERS:
            continue
        files.append(item.name)
        mark = file_char(len(files) - 1)
        s = rule.sub(functools.partial(_spaced, text=mark), s)
    return s


_CJK = rx(r"[\u3400-\u9fff]")


def _spaced(m: re.Match[str], text: str) -> str:
    """``text`` in the place of the match, with a space on each side that is not Chinese: the
    words around stay apart, but no space appears between Chinese words ("把sunset删掉"), where
    a space separates two requests."""
    s, start, end = m.string, m.start(), m.end()
    left = "" if start == 0 or _CJK.match(s, start - 1) else " "
    right = "" if end >= len(s) or _CJK.match(s, end) else " "
    return left + text + right


# ---------------------------------------------------------------- kinds

_DET = r"(?:the|that|this|my|your)"
_KINDS: tuple[tuple[str, Rx], ...] = tuple(
    (kind, rx(rule))
    for kind, rule in (
        (
            "last_video",
            rf"\b{_DET}\s+(?:last|final|2nd\s+|second\s+)?(?:last|final)\s+"
            r"(?:video|vid|movie|footage)\b(?!\s*clip)|\b(?:the\s+)?(?:last|final)\s+"
            r"(?:video|vid|movie)\s+clip\b"
            r"|最后(?:那|这|1)?个视频|最后的视频|最后那段视频",
        ),
        ("first_video", rf"\b{_DET}\s+first\s+(?:video|vid|movie)\b(?!s|\s*clip)"),
        (
            "videos",
            r"\b(?:(?:the|both(?:\s+the)?|all(?:\s+(?:of\s+)?the)?)\s+)"
            r"(?:2\s+)?(?:videos|vids|video\s+clips)\b|\bboth\s+videos\b"
            r"|(?:2|两)个视频|所有(?:的)?视频|全部(?:的)?视频",
        ),
        (
            "photos",
            rf"\b(?:{_DET}|all\s+(?:of\s+)?the)\s+"
            r"(?:photos|pictures|images|pics|stills)\b",
        ),
        (
            "photo",
            rf"\b{_DET}\s+(?:photo|picture|image|pic|still|jpe?g)\b(?!s)"
            r"|(?<!每)(?<!每1)(?:那|这)?(?:张|个)?(?:图片|照片|相片)|(?:那|这)(?:张|个)?图",
        ),
    )
)


_EACH = rx(r"(?:每|每张|每1张|每个|每1个)\s*$")


_KIND_WORDS = (
    "video",
    "vid",
    "movie",
    "footage",
    "photo",
    "picture",
    "image",
    "pic",
    "still",
    "jpg",
    "jpeg",
    "图",
    "照片",
    "相片",
    "视频",
)


def _items(kind: str, pool: Sequence[Item]) -> list[int]:
    """Indexes into ``pool`` of the items ``kind`` refers to ([] when it does not say which)."""
    videos = [i for i, m in enumerate(pool) if m.kind == "video"]
    images = [i for i, m in enumerate(pool) if m.kind == "image"]
    if kind == "last_video":
        return videos[-1:]
    if kind == "first_video":
        return videos[:1]
    if kind == "videos":
        return videos
    if kind == "photos":
        return images
    if kind == "photo":
        return images if len(images) == 1 else []
    return []


def _clip_words(numbers: list[int], zh: bool) -> str:
    if zh:  # no spaces: between Chinese words a space separates two requests
        return "与".join(f"第{n}段" for n in numbers)
    return f" clip {numbers[0]} " if len(numbers) == 1 else f" clips {'+'.join(map(str, numbers))} "


def _file_words(names: list[str], files: list[str]) -> str | None:
    marks = []
    for name in names:
        if len(files) >= MAX_PLACEHOLDERS:
            return None
        files.append(name)
        marks.append(file_char(len(files) - 1))
    return "+".join(marks)


def resolve(s: str, files: list[str], known: Known, zh: bool) -> str:
    """Kind references and visual files on the timeline -> clip references; kind references
    with nothing on the timeline -> file placeholders of the uploads they mean."""
    if not known.media:
        return _join_lists(s)
    on_timeline = bool(known.clips)
    pool = known.clips if on_timeline else known.visual_media
    said_a_kind = any(word in s for word in _KIND_WORDS)
    for kind, rule in _KINDS if said_a_kind else ():

        def repl(m: re.Match[str], kind: str = kind) -> str:
            if _EACH.search(m.string[: m.start()]):
                return m.group(0)  # "每张照片": every photo, not one of them
            chosen = _items(kind, pool)
            if not chosen:
                return m.group(0)
            if on_timeline:
                return _clip_words([i + 1 for i in chosen], zh)
            words = _file_words([pool[i].name for i in chosen], files)
            return _spaced(m, words) if words else m.group(0)

        s = rule.sub(repl, s)
    if on_timeline:
        s = _files_to_clips(s, files, known, zh)
    return _join_lists(s)


def _files_to_clips(s: str, files: list[str], known: Known, zh: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        index = ord(m.group(0)) - FILE_BASE
        name = files[index] if 0 <= index < len(files) else ""
        item = next((c for c in known.clips if c.name == name), None)
        numbers = known.clip_numbers(item) if item and item.visual else []
        return _clip_words(numbers, zh) if numbers else m.group(0)

    return re.sub("[\ue400-\ue7ff]", repl, s)


_LIST = rx(r"([\ue400-\ue7ff])\s*(?:,|and|&|\+|和|与|跟|及|、)\s*(?=[\ue400-\ue7ff])")


def _join_lists(s: str) -> str:
    """ "F1 and F2" -> "F1+F2": a list of files stays one phrase when the sentence is cut into
    clauses at "and" / "和"."""
    return _LIST.sub(r"\1+", s)
