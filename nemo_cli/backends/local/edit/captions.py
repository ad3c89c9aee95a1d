"""Captions on the timeline: add them from the speech heard, restyle them, remove them.

The words arrive in the intent (the backend heard the clips first, through the transcript
cache): ``apply`` stays pure. The captions keep each source's words, so every later cut, trim
or speed change moves them with the speech (``Timeline.caption_cues``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..captions.style import CaptionStyle
from ..intents import AddCaptions, AddText, RemoveText, StyleCaptions
from ..speech.transcript import Word
from ..timeline import POSITIONS, SIZES, Captions, Position, Size
from . import text
from .clips import need_video
from .state import Editor, plural

_COLORS_ZH = {
    "white": "白色",
    "yellow": "黄色",
    "red": "红色",
    "green": "绿色",
    "blue": "蓝色",
    "cyan": "青色",
    "magenta": "品红",
    "pink": "粉色",
    "orange": "橙色",
    "purple": "紫色",
    "black": "黑色",
}
_POSITION_ZH = {"top": "顶部", "center": "中间", "bottom": "底部"}
_SIZE_ZH = {"small": "小", "medium": "中", "large": "大"}


def _normal(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """Words as the draft keeps them (ms times, confidence in percent), so a timeline read
    back from its draft equals the one written."""
    return tuple(
        Word(
            w.text,
            round(w.start * 1000) / 1000,
            round(w.end * 1000) / 1000,
            round(w.conf * 100) / 100,
        )
        for w in words
    )


def describe(style: CaptionStyle) -> tuple[str, str]:
    """How the captions look, in a few words (English, Chinese)."""
    en = [style.color, style.position, style.size]
    zh = [
        _COLORS_ZH.get(style.color, style.color),
        _POSITION_ZH[style.position],
        _SIZE_ZH[style.size] + "字",
    ]
    if style.background == "box":
        en.append("on a box")
        zh.append("背景框")
    if style.highlight:
        en.append(f"the spoken word in {style.highlight}")
        zh.append(f"逐字高亮（{_COLORS_ZH.get(style.highlight, style.highlight)}）")
    if style.words_per_cue:
        en.append(f"{plural(style.words_per_cue, 'word')} at a time")
        zh.append(f"每次 {style.words_per_cue} 个词")
    return ", ".join(en), "，".join(zh)


def _restyled(style: CaptionStyle, changes: tuple[tuple[str, object], ...]) -> CaptionStyle:
    values: dict[str, Any] = dict(changes)
    try:
        return style.changed(**values)
    except (TypeError, ValueError):
        return style


def add_captions(e: Editor, it: AddCaptions) -> None:
    if not need_video(e):
        return
    heard = tuple((mid, _normal(words)) for mid, words in it.heard if words)
    if not heard:
        e.problem(
            "No speech was heard in the clips, so there are no captions to add",
            "片段里没有听到说话，所以没有可添加的字幕",
        )
        return
    old = e.timeline.captions
    base = old.style if old is not None else CaptionStyle()
    captions = Captions(
        origin="speech", heard=heard, style=_restyled(base, it.style), language=it.language
    )
    e.timeline = replace(e.timeline, captions=captions)
    cues = e.timeline.caption_cues()
    if not cues:
        e.timeline = replace(e.timeline, captions=old)
        e.problem(
            "No speech was heard in the parts of the clips on the timeline",
            "时间线上的片段里没有听到说话",
        )
        return
    count = sum(len(c.words) for c in cues)
    looks_en, looks_zh = describe(captions.style)
    verb = "Replaced the captions with" if old is not None else "Added"
    e.say(
        f"{verb} {plural(len(cues), 'caption')} from the speech ({plural(count, 'word')}; "
        f"{looks_en})",
        f"已根据语音添加 {len(cues)} 条字幕（{count} 个词；{looks_zh}）",
    )


def style_captions(e: Editor, it: StyleCaptions) -> None:
    captions = e.timeline.captions
    changes = dict(it.style)
    if captions is None and not set(changes) - {"position", "size"}:
        # "put the caption at the bottom" with no captions track: the caption texts move
        where, size = changes.get("position"), changes.get("size")
        position: Position | None = where if where in POSITIONS else None
        sized: Size | None = size if size in SIZES else None
        text.add_text(e, AddText(None, "caption", position=position, size=sized))
        return
    if captions is None:
        e.problem(
            'There are no captions yet: say "add captions" first',
            "还没有字幕：请先说“加字幕”",
        )
        return
    style = _restyled(captions.style, it.style)
    if style == captions.style:
        return
    e.timeline = replace(e.timeline, captions=replace(captions, style=style))
    looks_en, looks_zh = describe(style)
    e.say(f"Captions now: {looks_en}", f"字幕现在：{looks_zh}")


def remove_text(e: Editor, it: RemoveText) -> None:
    """ "Remove the captions" takes the captions track away too (and all text, when asked)."""
    captions = e.timeline.captions
    if captions is not None and it.role in ("caption", None):
        e.timeline = replace(e.timeline, captions=None)
        what = f"the captions from {captions.name}" if captions.name else "the captions"
        e.say(f"Removed {what}", "已去掉字幕")
        if not any(t.role == "caption" or it.role is None for t in e.texts):
            return
    text.remove_text(e, it)
