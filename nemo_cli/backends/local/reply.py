"""What the local engine says back: short markdown, exactly what changed, then a hint.

Chinese instructions get Chinese replies (``understand.language.detect_language``). The text may
contain names that came from outside (file names, titles): the UI passes every reply through
``safe_text``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...safe_text import one_line
from .changes import (
    AlreadyEmpty,
    Change,
    Note,
    NothingToRedo,
    NothingToUndo,
    Problem,
    Redone,
    StartedOver,
    Undone,
)
from .edit.apply import EditResult
from .intents import Intent, is_history
from .messages import word, words

HINT = {
    "en": "Type `export` when you're happy, or `status` to see the timeline.",
    "zh": "满意的话输入 `export`（或“导出”），输入 `status` 查看时间线。",
}
HINT_UNCHANGED = {
    "en": "Type `status` to see the timeline, or `/help` for examples.",
    "zh": "输入 `status` 查看时间线，或输入 `/help` 查看示例。",
}
_DONE = {"en": "Done:", "zh": "好的，已完成："}
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


def history_outcome(kind: str, done: bool) -> Change | Problem:
    """What undo / redo / reset (``kind``) did: a change, or a problem when there was nothing
    to undo / redo or the timeline was already empty (``done`` False)."""
    return _HISTORY[(kind, done)]


def compose_reply(result: EditResult, intents: Sequence[Intent], language: str) -> str:
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
        lines += [_DONE[lang], *_bullets(changes)]
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
) -> str:
    """The whole reply to one message: what undo / redo / reset did (``history``, in the order
    said), then the edits (``compose_reply``), then ``notes`` (the font check)."""
    lang = _lang(language)
    parts = [word(h, lang) for h in history]
    if edits or not history:
        parts.append(compose_reply(result, edits, language))
    else:
        done = isinstance(history[-1], Undone | Redone | StartedOver)
        parts[-1] += "\n\n" + (HINT if done else HINT_UNCHANGED)[lang]
    parts += [word(n, lang) for n in notes]
    return "\n\n".join(parts)


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
