"""Backend text written for a GUI, said the way a terminal user acts on it.

The cloud agent talks to people in a web editor: "click Export", "drag your clips into the
upload area", "preview it in the timeline". In the terminal those become what to type:
"type `export`", "type `upload` and the file's path (or drop the file into this terminal)",
"type `status` to see the timeline". English and Chinese. Applied line by line to finished
text, so a phrase is never cut in half by streaming.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..rx import Rx, rx

# Optional quoting/emphasis around a button's name: "Export", 'Export', **Export**, `Export`.
_Q = r"[\"'“”‘’`*_「」]{0,2}"
_CLICK = r"(?:click(?:ing)?|tap|press|hit|select|use)(?:\s+on)?\s+(?:the\s+)?"
_BUTTON = r"(?:\s+(?:button|icon|tab|option))?"

TYPE_EXPORT = "type `export`"
TYPE_UPLOAD = "type `upload` and the file's path (or drop the file into this terminal)"
TYPE_STATUS = "type `status` to see the timeline"
TYPE_STATUS_SHORT = "type `status`"
TYPE_CREDITS = "type `credits`"
ZH_EXPORT = "输入 `export`"
ZH_UPLOAD = "输入 `upload` 加文件路径（或把文件拖进终端）"
ZH_STATUS = "输入 `status` 查看时间线"
ZH_CREDITS = "输入 `credits`"

_MEDIA = (
    r"(?:files?|videos?|clips?|images?|photos?|pictures?|media|music|audio(?:\s+files?)?|footage)"
)
_DROP_PLACE = (
    r"(?:upload\s+(?:area|box|zone|panel)|drop\s*zone|window|page|editor|timeline|"
    r"media\s+(?:library|panel)|library|canvas|chat(?:\s+box)?|browser)"
)

_TIMELINE_RULES: list[tuple[Rx, str]] = [
    (
        rx(
            r"\b(?:preview|check|see|view|look\s+at|review)\s+"
            r"(?:it\s+|them\s+|the\s+(?:video|result|changes|edit)\s+|your\s+(?:video|edit)\s+)?"
            r"(?:in|on)\s+the\s+timeline(?:\s+(?:panel|view|editor))?",
            re.IGNORECASE,
        ),
        TYPE_STATUS,
    ),
    (
        rx(
            r"\b(?:open|go\s+to|switch\s+to)\s+(?:the\s+)?(?:timeline|editor|preview)"
            r"(?:\s+(?:panel|tab|window|view))?",
            re.IGNORECASE,
        ),
        TYPE_STATUS_SHORT,
    ),
    (
        rx(_CLICK + _Q + r"(?:preview|play)" + _Q + _BUTTON, re.IGNORECASE),
        TYPE_STATUS_SHORT,
    ),
    (rx(r"(?:在|到)?时间[线轴](?:上|中|里)?(?:预览|查看)|预览时间[线轴]"), ZH_STATUS),
    (rx(r"打开(?:时间[线轴]|编辑器|预览)(?:面板|窗口)?"), ZH_STATUS),
    (rx(r"点击\s*" + _Q + r"预览" + _Q + r"\s*(?:按钮)?"), ZH_STATUS),
]

_RULES: list[tuple[Rx, str]] = [
    (
        rx(
            _CLICK + _Q + r"(?:export|download|render)(?:\s+video)?" + _Q + _BUTTON,
            re.IGNORECASE,
        ),
        TYPE_EXPORT,
    ),
    (
        rx(r"\bthe\s+" + _Q + r"export" + _Q + r"\s+button", re.IGNORECASE),
        TYPE_EXPORT,
    ),
    (
        rx(
            _CLICK + _Q + r"(?:upload|add\s+media|import|add\s+files?)" + _Q + _BUTTON,
            re.IGNORECASE,
        ),
        TYPE_UPLOAD,
    ),
    (
        rx(
            r"\b(?:drag(?:ging)?(?:\s+(?:and|&|n')\s+drop(?:ping)?)?|drop)\s+"
            r"(?:your\s+|the\s+|a\s+|some\s+)?" + _MEDIA + r"\s+(?:in(?:to)?|onto|on|to)\s+"
            r"(?:the\s+|this\s+)?" + _DROP_PLACE,
            re.IGNORECASE,
        ),
        TYPE_UPLOAD,
    ),
    (
        rx(_CLICK + _Q + r"(?:credits|balance)" + _Q + _BUTTON, re.IGNORECASE),
        TYPE_CREDITS,
    ),
    *_TIMELINE_RULES,
    (
        rx(r"(?:点击|点|按)\s*" + _Q + r"(?:导出|下载)(?:视频)?" + _Q + r"\s*(?:按钮)?"),
        ZH_EXPORT,
    ),
    (rx(r"(?:点击|点|按)\s*" + _Q + r"上传" + _Q + r"\s*(?:按钮)?"), ZH_UPLOAD),
    (
        rx(
            r"(?:把|将)?(?:你的)?(?:文件|视频|素材|图片|音乐)?拖(?:拽|动|放)(?:文件|视频|素材)?"
            r"(?:到|进)[^，。,.！!]{0,12}?(?:上传区域?|窗口|页面|编辑器|时间[线轴]|区域)(?:中|里|内)?"
        ),
        ZH_UPLOAD,
    ),
    (rx(r"(?:点击|点|按)\s*" + _Q + r"(?:积分|余额)" + _Q + r"\s*(?:按钮)?"), ZH_CREDITS),
]


def _keep_case(replacement: str) -> Callable[[re.Match[str]], str]:
    def sub(match: re.Match[str]) -> str:
        if match.group(0)[:1].isupper():
            return replacement[:1].upper() + replacement[1:]
        return replacement

    return sub


def translate(text: str) -> str:
    """Rewrite GUI instructions in ``text`` as terminal ones; other text is left as it is."""
    for pattern, replacement in _RULES:
        text = pattern.sub(_keep_case(replacement), text)
    return text


def mentions_timeline(text: str) -> bool:
    """True when ``text`` points the user at the timeline (then show them its summary)."""
    return any(p.search(text) for p, _ in _TIMELINE_RULES)
