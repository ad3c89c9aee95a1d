"""What the local engine says back: short markdown, exactly what changed, then a hint.

Chinese instructions get Chinese replies (``understand.language.detect_language``). The text may
contain names that came from outside (file names, titles): the UI passes every reply through
``safe_text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...safe_text import one_line
from .changes import (
    AlreadyEmpty,
    Change,
    Note,
    NothingToRedo,
    NothingToUndo,
    PartNotDone,
    Problem,
    ReadAs,
    Redone,
    StartedOver,
    Undone,
)
from .edit.apply import EditResult
from .intents import Intent, is_history
from .messages import word, words

if TYPE_CHECKING:
    from .understand.typos import Guess

HINT = {
    "en": "Type `export` when you're happy, or `status` to see the timeline.",
    "zh": "满意的话输入 `export`（或“导出”），输入 `status` 查看时间线。",
}
HINT_UNCHANGED = {
    "en": "Type `status` to see the timeline, or `/help` for examples.",
    "zh": "输入 `status` 查看时间线，或输入 `/help` 查看示例。",
}
_DONE = {"en": "Done:", "zh": "好的，已完成："}
_CHANGED = {"en": "Here is what I changed:", "zh": "这些改好了："}  # when not all of it was done
_NOT_DONE = {"en": "Not done (I didn't understand these):", "zh": "这些没听懂，没有改："}
_PARTLY = {"en": "I couldn't do everything:", "zh": "有些没能完成："}
_FAILED = {"en": "I couldn't make that change:", "zh": "这次没能修改："}
_NOTHING = {"en": "Nothing changed.", "zh": "没有改动。"}

_HISTORY: dict[tuple[str, bool], Change | Problem] = {
    ("undo", True): Undone(),
    ("undo", False): NothingToUndo(),
    ("redo", True): Redone(),
    ("redo", False): NothingToRedo(),
    ("reset", True): StartedOver(),
    ("reset", False): AlreadyEmpty(),
}

EXAMPLES = {
    "en": (
        "`combine my clips`",
        "`add background music at 35%`",
        '`title "Urban Dreams" for the first 3 seconds`',
        "`make it vertical` (9:16 for TikTok, Reels, Shorts)",
        "`trim clip 1 to 4 seconds`",
        "`crossfade 1 second between clips`",
    ),
    "zh": (
        "`合并我的视频`",
        "`加背景音乐，音量35%`",
        "`标题“城市之梦”前3秒`",
        "`竖屏`（抖音、快手、视频号）",
        "`第一段剪到4秒`",
        "`片段之间交叉淡化1秒`",
    ),
}


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def _bullets(items: Sequence[str]) -> list[str]:
    return [f"- {item}" for item in items]


def history_outcome(kind: str, done: bool, what: tuple[Change, ...] = ()) -> Change | Problem:
    """What undo / redo / reset (``kind``) did: a change (naming ``what`` it took back or made
    again), or a problem when there was nothing to undo / redo or the timeline was already empty
    (``done`` False)."""
    if done and kind == "undo":
        return Undone(what)
    if done and kind == "redo":
        return Redone(what)
    return _HISTORY[(kind, done)]


def compose_reply(
    result: EditResult, intents: Sequence[Intent], language: str, *, partly: bool = False
) -> str:
    """The assistant's answer to an edit: what changed, what could not be done, a hint.

    For undo / redo / reset alone (the store's work) it confirms them; a backend that knows
    there was nothing to undo says so with ``history_message(kind, False, language)``.
    """
    lang = _lang(language)
    if intents and all(is_history(i) for i in intents) and not (result.changes or result.problems):
        return history_message(intents[-1].kind, True, language)
    changes, problems = words(result.changes, lang), words(result.problems, lang)
    lines: list[str] = []
    if changes:
        # "Done" only when all of it was (``partly``: parts were not understood).
        header = _CHANGED if (problems or partly) else _DONE
        lines += [header[lang], *_bullets(changes)]
    if problems:
        if lines:
            lines.append("")
        lines += [(_PARTLY if changes else _FAILED)[lang], *_bullets(problems)]
    if not lines:
        lines.append(_NOTHING[lang])
    lines += ["", (HINT if changes else HINT_UNCHANGED)[lang]]
    return "\n".join(lines)


def history_message(kind: str, done: bool, language: str) -> str:
    """The reply to undo / redo / reset, which the session store carries out.

    ``done`` is False when there was nothing to undo / redo, or the timeline was empty.
    """
    lang = _lang(language)
    hint = HINT if done else HINT_UNCHANGED
    return f"{word(history_outcome(kind, done), lang)}\n\n{hint[lang]}"


def compose_turn(
    history: Sequence[Change | Problem],
    result: EditResult,
    edits: Sequence[Intent],
    language: str,
    notes: Sequence[Note] = (),
    *,
    read_as: Sequence[ReadAs] = (),
    not_done: Sequence[PartNotDone] = (),
) -> str:
    """The whole reply to one message: the typos read as command words (``read_as``), what
    undo / redo / reset did (``history``, in the order said), the edits (``compose_reply``),
    the parts not understood (``not_done``, each with a suggestion), then ``notes`` (the font
    check)."""
    lang = _lang(language)
    parts = [" ".join(word(r, lang) for r in read_as)] if read_as else []
    parts += [word(h, lang) for h in history]
    if edits or not history:
        parts.append(compose_reply(result, edits, language, partly=bool(not_done)))
    else:
        done = isinstance(history[-1], Undone | Redone | StartedOver)
        parts[-1] += "\n\n" + (HINT if done else HINT_UNCHANGED)[lang]
    if not_done:
        parts.append("\n".join([_NOT_DONE[lang], *_bullets([word(p, lang) for p in not_done])]))
    parts += [word(n, lang) for n in notes]
    return "\n\n".join(parts)


# ---------------------------------------------------------------- parts not understood

# What people ask for that the local engine cannot do (the reason's key in ``messages``).
_CANNOT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rule, re.I))
    for reason, rule in (
        ("stickers", r"sticker|emoji|贴纸|表情"),
        (
            "colour",
            r"filter|colou?r|black\s+and\s+white|sepia|grade|warm|sky|orange|blue|滤镜|调色|"
            r"黑白|颜色|色调|蓝色|天空",
        ),
        ("effects", r"sparkle|glow|effect|\bpop\b|glitch|animat|特效|动画|闪"),
        ("retouch", r"beauty|skin|face|美颜|瘦脸|磨皮"),
        ("watermark", r"watermark|logo|水印"),
        ("translate", r"translat|翻译|english|英文|中文"),
        ("background", r"green\s*screen|background|背景换|抠图|绿幕"),
    )
)
# Things the local engine does understand, offered as "did you mean ...?" for a near miss.
TRY = {
    "en": (
        "combine my clips",
        "make it vertical",
        "add background music at 35%",
        "title Summer Trip for 3 seconds",
        "remove clip 2",
        "put clip 3 first",
        "use 0:04 to 0:11 of clip 1",
        "turn the music down",
        "mute the clips",
        "fill the frame",
        "add crossfades",
        "cut it to 30 seconds",
    ),
    "zh": (
        "合并我的视频",
        "改成竖屏",
        "加背景音乐 音量35%",
        "标题 夏日旅行 显示3秒",
        "删掉第二段",
        "把第三段放到最前面",
        "第一段用4到11秒",
        "音乐小一点",
        "原声关掉",
        "铺满画面",
        "加转场",
        "剪到30秒",
    ),
}


def part_not_done(said: str, language: str) -> PartNotDone:
    """A part of the message that was not understood, with why or what to try instead."""
    lang = _lang(language)
    for reason, rule in _CANNOT:
        if rule.search(said):
            return PartNotDone(said, reason=reason)
    from rapidfuzz import fuzz, process

    best = process.extractOne(said, TRY[lang], scorer=fuzz.token_set_ratio, score_cutoff=60)
    return PartNotDone(said, suggestion=best[0] if best else None)


def read_as(guesses: Sequence[Guess]) -> list[ReadAs]:
    return [ReadAs(t, m) for t, m in dict.fromkeys((g.typed, g.meant) for g in guesses)]


def not_understood(text: str, language: str) -> str:
    """An honest answer to text that is not an edit we know, with examples."""
    lang = _lang(language)
    said = one_line(text, 80).replace("`", "'")
    examples = "\n".join(_bullets(EXAMPLES[lang]))
    if lang == "zh":
        return (
            f"我没能把“{said}”理解成剪辑指令。本地引擎能听懂这样的话：\n{examples}\n\n"
            "需要自由发挥的 AI 生成和剪辑，请使用云端后端：`nemo --backend cloud`。"
        )
    return (
        f'I didn\'t understand "{said}" as an edit. The local engine understands instructions '
        f"like:\n{examples}\n\n"
        "For free-form AI generation and editing, use the cloud backend: `nemo --backend cloud`."
    )
