"""What the local engine says back: short markdown, exactly what changed, then a hint.

Chinese instructions get Chinese replies (``understand.language.detect_language``). The text may
contain names that came from outside (file names, titles): the UI passes every reply through
``safe_text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...safe_text import one_line
from .edit.apply import EditResult
from .intents import Intent, is_history
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
_CHANGED = {"en": "Here is what I changed:", "zh": "这些改好了："}
_PARTLY = {"en": "I couldn't do everything:", "zh": "有些没能完成："}
_FAILED = {"en": "I couldn't make that change:", "zh": "这次没能修改："}
_NOTHING = {"en": "Nothing changed.", "zh": "没有改动。"}

_HISTORY = {
    ("undo", True): ("Undid the last change.", "已撤销上一步。"),
    ("undo", False): ("There is nothing to undo.", "没有可以撤销的操作。"),
    ("redo", True): ("Redid the change.", "已重做。"),
    ("redo", False): ("There is nothing to redo.", "没有可以重做的操作。"),
    ("reset", True): (
        "Started over: the timeline is empty (your uploads are still here).",
        "已重新开始：时间线已清空（上传的素材还在）。",
    ),
    ("reset", False): ("The timeline is already empty.", "时间线本来就是空的。"),
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
    zh = lang == "zh"
    changes = (
        result.changes_zh
        if zh and len(result.changes_zh) == len(result.changes)
        else result.changes
    )
    problems = (
        result.problems_zh
        if zh and len(result.problems_zh) == len(result.problems)
        else result.problems
    )
    lines: list[str] = []
    if changes:
        # "Done" only when all of it was: otherwise the reply must not claim it.
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
    en, zh = _HISTORY.get((kind, done), ("Done.", "好的。"))
    hint = HINT if done else HINT_UNCHANGED
    return f"{zh if lang == 'zh' else en}\n\n{hint[lang]}"


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


# ---------------------------------------------------------------- guesses and parts not done


@dataclass(frozen=True)
class Notes:
    guesses: str  # "I read 'vertcal' as vertical." (before the changes)
    unhandled: str  # the parts not understood, each with a suggestion (after them)


# What people ask for that the local engine cannot do, and what to say about it.
_CANNOT: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rule, re.I), en, zh)
    for rule, en, zh in (
        (r"sticker|emoji|贴纸|表情", "the local engine cannot add stickers or emoji",
         "本地引擎不能加贴纸或表情"),
        (r"filter|colou?r|black\s+and\s+white|sepia|grade|warm|sky|orange|blue|滤镜|调色|黑白|"
         r"颜色|色调|蓝色|天空", "the local engine cannot change colours or add filters",
         "本地引擎不能调色或加滤镜"),
        (r"sparkle|glow|effect|pop|glitch|animat|特效|动画|闪", "the local engine has no effects "
         "or animations", "本地引擎没有特效和动画"),
        (r"beauty|skin|face|美颜|瘦脸|磨皮", "the local engine cannot retouch faces",
         "本地引擎不能美颜"),
        (r"watermark|logo|水印", "the local engine cannot remove or add watermarks",
         "本地引擎不能去水印或加水印"),
        (r"translat|翻译|english|英文|中文", "the local engine does not translate",
         "本地引擎不能翻译"),
        (r"background|green\s*screen|背景换|抠图|绿幕", "the local engine cannot replace a "
         "video's background", "本地引擎不能换视频背景"),
    )  # fmt: skip
)
_CLOUD = {
    "en": "the cloud backend does free-form AI editing: `nemo --backend cloud`",
    "zh": "需要的话可以用云端后端做自由发挥的 AI 剪辑：`nemo --backend cloud`",
}
_TRY = {
    "en": ("combine my clips", "make it vertical", "add background music at 35%",
           "title Summer Trip for 3 seconds", "remove clip 2", "put clip 3 first",
           "use 0:04 to 0:11 of clip 1", "turn the music down", "mute the clips",
           "fill the frame", "add crossfades", "cut it to 30 seconds"),
    "zh": ("合并我的视频", "改成竖屏", "加背景音乐 音量35%", "标题 夏日旅行 显示3秒",
           "删掉第二段", "把第三段放到最前面", "第一段用4到11秒", "音乐小一点", "原声关掉",
           "铺满画面", "加转场", "剪到30秒"),
}  # fmt: skip


def _suggestion(part: str, lang: str) -> str:
    zh = lang == "zh"
    for rule, en, zh_text in _CANNOT:
        if rule.search(part):
            return f"{zh_text}（{_CLOUD['zh']}）" if zh else f"{en} ({_CLOUD['en']})"
    from rapidfuzz import fuzz, process

    best = process.extractOne(part, _TRY[lang], scorer=fuzz.token_set_ratio, score_cutoff=60)
    if best:
        return f"你是想说“{best[0]}”吗？" if zh else f"did you mean `{best[0]}`?"
    examples = ("、" if zh else ", ").join(f"`{e}`" for e in _TRY[lang][:4])
    return f"可以这样说：{examples}" if zh else f"try e.g. {examples}"


def reading_notes(guesses: Sequence[Guess], unhandled: Sequence[str], language: str) -> Notes:
    """What the reply says about typos read as command words and parts not understood."""
    lang = _lang(language)
    zh = lang == "zh"
    seen = list(dict.fromkeys((g.typed, g.meant) for g in guesses))
    if zh:
        read = "；".join(f"我把“{one_line(t, 40)}”理解成了“{m}”" for t, m in seen)
        read = f"（{read}。）" if read else ""
    else:
        read = "; ".join(f"I read '{one_line(t, 40)}' as {m}" for t, m in seen)
        read = f"({read}.)" if read else ""
    lines: list[str] = []
    if unhandled:
        lines.append("这些没听懂，没有改：" if zh else "Not done (I didn't understand these):")
        for part in unhandled:
            said = one_line(part, 80).replace("`", "'")
            lines.append(f"- “{said}”：{_suggestion(part, lang)}" if zh
                         else f'- "{said}": {_suggestion(part, lang)}')  # fmt: skip
    return Notes(read, "\n".join(lines))
