"""The words (English and Chinese) that change how captions look, turned into style changes.

``style_changes("big yellow captions at the top with a box")`` ->
``{"size": "large", "color": "yellow", "position": "top", "background": "box"}``. Only what
the text names is returned, so a change applies on top of the current style. A colour named
with the karaoke phrase ("highlight the word being spoken in yellow") is the highlight's.
Pure functions: the tests hold a table of phrases and their exact results.
"""

from __future__ import annotations

import re
from typing import Any

from .style import COLORS

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
}

_ZH_COLORS = {
    "白": "white",
    "黄": "yellow",
    "红": "red",
    "绿": "green",
    "蓝": "blue",
    "青": "cyan",
    "紫": "purple",
    "粉": "pink",
    "橙": "orange",
    "黑": "black",
}
_EN_COLOR = re.compile(r"\b(" + "|".join(COLORS) + r")\b")
_ZH_COLOR = re.compile("([" + "".join(_ZH_COLORS) + "])色")
_HEX_COLOR = re.compile(r"(#[0-9a-fA-F]{6})\b")

_KARAOKE = re.compile(
    r"karaoke|highlight(?:s|ed|ing)?\s+(?:the\s+|each\s+)?(?:current\s+|spoken\s+)?word"
    r"|word[- ]by[- ]word\s+highlight"
    r"|卡拉\s*ok|逐字高亮|逐词高亮|高亮(?:当前|正在说的?)?(?:的)?[词字]",
    re.I,
)
_NO_KARAOKE = re.compile(
    r"\bno\s+(?:karaoke|highlight)|without\s+(?:karaoke|highlight)"
    r"|turn\s+off\s+(?:the\s+)?(?:karaoke|highlight)|不要高亮|取消高亮",
    re.I,
)

_POSITIONS = (
    ("top", re.compile(r"\b(?:at|on|to|near)\s+the\s+top\b|\btop\b|顶部|上方|顶端|画面上")),
    ("center", re.compile(r"\b(?:middle|center|centre|centered|centred)\b|中间|居中|正中")),
    ("bottom", re.compile(r"\bbottom\b|底部|下方|底端|画面下")),
)
_SIZES = (
    (
        "large",
        re.compile(r"\b(?:big|bigger|large|larger|huge)\b|大字|大一点|大号|放大|大一些|大些"),
    ),
    ("small", re.compile(r"\b(?:small|smaller|tiny|little)\b|小字|小一点|小号|缩小|小一些|小些")),
    ("medium", re.compile(r"\b(?:medium|normal)[- ]?(?:size|sized)?\b|中号|正常大小")),
)
_BACKGROUNDS = (
    (
        "outline",
        re.compile(r"\bno\s+(?:box|background)\b|\boutlined?\b|\bstroke\b|描边|不要背景|去掉背景"),
    ),
    ("box", re.compile(r"\bbox(?:ed)?\b|\bbackground\b|\bbanner\b|背景框|加框|底框|黑底|背景")),
)
_PER_CUE = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six)\s+words?\s+"
    r"(?:at\s+a\s+time|per\s+(?:caption|line|cue|screen)|each\s+time|at\s+once)\b"
    r"|(?:每次|一次|每屏|每行)\s*(\d{1,2}|[一两二三四五六])\s*个?\s*[词字]",
    re.I,
)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _NUMBERS.get(text.lower())


def _colors(text: str) -> list[tuple[int, str]]:
    """The colours named in ``text``, with where they start."""
    found = [(m.start(), m.group(1).lower()) for m in _EN_COLOR.finditer(text)]
    found += [(m.start(), _ZH_COLORS[m.group(1)]) for m in _ZH_COLOR.finditer(text)]
    found += [(m.start(), m.group(1).upper()) for m in _HEX_COLOR.finditer(text)]
    return sorted(found)


def style_changes(text: str) -> dict[str, Any]:
    """The style fields ``text`` names (see the module docstring)."""
    lower = text.lower()
    changes: dict[str, Any] = {}
    for value, pattern in _POSITIONS:
        if pattern.search(lower):
            changes["position"] = value
            break
    for value, pattern in _SIZES:
        if pattern.search(lower):
            changes["size"] = value
            break
    for value, pattern in _BACKGROUNDS:
        if pattern.search(lower):
            changes["background"] = value
            break
    per_cue = _PER_CUE.search(lower)
    if per_cue:
        count = _number(per_cue.group(1) or per_cue.group(2))
        if count is not None and 1 <= count <= 12:
            changes["words_per_cue"] = count
    colors = _colors(text)
    karaoke = _KARAOKE.search(lower)
    if _NO_KARAOKE.search(lower):
        changes["highlight"] = None
    elif karaoke:
        after = [c for at, c in colors if at >= karaoke.start()]
        changes["highlight"] = after[0] if after else "yellow"
        colors = [(at, c) for at, c in colors if at < karaoke.start()]
    if colors:
        changes["color"] = colors[0][1]
    return changes
