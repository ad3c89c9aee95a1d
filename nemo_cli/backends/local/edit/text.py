"""Titles, captions and plain text on the picture: add, restyle, remove."""

from __future__ import annotations

from dataclasses import replace

from ..intents import AddText, RemoveText
from ..timeline import DEFAULT_TEXT_MS, Anchor, Text
from .clips import need_video
from .state import MIN_MS, Editor, dur, dur_zh, name, next_id, span, span_zh

ROLE_ZH = {"title": "标题", "caption": "字幕", "text": "文字"}
POS_ZH = {"top": "顶部", "center": "中间", "bottom": "底部"}
SIZE_ZH = {"small": "小号", "medium": "中号", "large": "大号"}


def _text_place(e: Editor, it: AddText) -> tuple[int, int, Anchor | None]:
    total = e.length
    if it.whole:
        return 0, total, "all"
    if it.at_end:
        d = it.duration_ms or DEFAULT_TEXT_MS
        return max(0, total - d), min(d, total), "end"
    if it.start_ms is not None and it.end_ms is not None:
        return it.start_ms, it.end_ms - it.start_ms, None
    if it.start_ms is not None:
        return it.start_ms, it.duration_ms or DEFAULT_TEXT_MS, None
    if it.end_ms is not None:
        return 0, it.end_ms, None
    start = 0
    if it.role == "caption":  # a new caption follows the previous one
        start = max((t.end_ms for t in e.texts if t.role == "caption"), default=0)
    return start, it.duration_ms or DEFAULT_TEXT_MS, None


def _restyle(e: Editor, it: AddText) -> bool:
    """ "put the title at the bottom", "make the title bigger": change the text already there."""
    mine = [t for t in e.texts if t.role == it.role]
    timing = it.start_ms, it.end_ms, it.duration_ms, it.at_end or None, it.whole or None
    if not mine or not (it.position or it.size or any(v is not None for v in timing)):
        return False
    changed: dict[str, Text] = {}
    for text in mine:
        if it.position:
            text = replace(text, position=it.position)
        if it.size:
            text = replace(text, size=it.size)
        if len(mine) == 1 and any(v is not None for v in timing):
            st, d, anchor = _text_place(e, it)
            if st < e.length and d >= MIN_MS:
                text = replace(text, start_ms=st, duration_ms=min(d, e.length - st), anchor=anchor)
        changed[text.id] = text
        st, d, pos, size = text.start_ms, text.duration_ms, text.position, text.size
        e.say(
            f'Updated {it.role} "{name(text.text)}" ({span(st, st + d)}, {pos}, {size})',
            f"已调整{ROLE_ZH[it.role]}“{name(text.text)}”（{span_zh(st, st + d)}，"
            f"{POS_ZH[pos]}，{SIZE_ZH[size]}）",
        )
    texts = [changed.get(t.id, t) if t.role == it.role else t for t in e.texts]
    e.set_texts(sorted(texts, key=lambda t: t.start_ms))
    return True


def add_text(e: Editor, it: AddText) -> None:
    role, role_zh = it.role, ROLE_ZH[it.role]
    if not it.text and _restyle(e, it):
        return
    if not it.text:
        e.problem(
            f'What should the {role} say? Put the text in quotes, e.g. {role} "Urban Dreams"',
            f"{role_zh}要写什么？请把文字放在引号里，例如：{role_zh}“城市之梦”",
        )
        return
    if not need_video(e):
        return
    total = e.length
    st, d, anchor = _text_place(e, it)
    if d < MIN_MS:
        e.problem(f"The {role}'s time range is empty", f"{role_zh}的时间范围是空的")
        return
    if st >= total:
        e.problem(
            f"The timeline is only {dur(total)} long: a {role} at {st / 1000:g}s would never show",
            f"时间线只有 {dur_zh(total)}：{st / 1000:g} 秒处的{role_zh}不会出现",
        )
        return
    d = min(d, total - st)
    pos = it.position or ("bottom" if role == "caption" else "center")
    size = it.size or ("large" if role == "title" else "medium")
    replaced = [
        t for t in e.texts
        if t.role == role and t.position == pos and t.start_ms < st + d and st < t.end_ms
    ]  # fmt: skip
    new = Text(id=next_id((t.id for t in e.texts), "x"), text=it.text, start_ms=st, duration_ms=d,
               position=pos, size=size, role=role, anchor=anchor)  # fmt: skip
    kept = [t for t in e.texts if not any(t is r for r in replaced)] + [new]
    e.set_texts(sorted(kept, key=lambda t: t.start_ms))
    e.sync_title()
    text = name(it.text)
    where, where_zh = f"({span(st, st + d)}, {pos})", f"（{span_zh(st, st + d)}，{POS_ZH[pos]}）"
    if replaced:
        old = name(replaced[0].text)
        e.say(f'Replaced {role} "{old}" with "{text}" {where}',
              f"已把{role_zh}“{old}”改成“{text}”{where_zh}")  # fmt: skip
    else:
        e.say(f'Added {role} "{text}" {where}', f"已添加{role_zh}“{text}”{where_zh}")


def remove_text(e: Editor, it: RemoveText) -> None:
    gone = [t for t in e.texts if it.role is None or t.role == it.role]
    word = it.role or "text"
    word_zh = ROLE_ZH[it.role] if it.role else "文字"
    if not gone:
        e.problem(f"There is no {word} to remove", f"没有可以去掉的{word_zh}")
        return
    e.set_texts(t for t in e.texts if not any(t is g for g in gone))
    e.sync_title()
    if len(gone) == 1:
        text = name(gone[0].text)
        e.say(f'Removed {gone[0].role} "{text}"', f"已去掉{ROLE_ZH[gone[0].role]}“{text}”")
    else:
        en = f"Removed {len(gone)} {word}s" if it.role else f"Removed all text ({len(gone)} items)"
        e.say(en, f"已去掉 {len(gone)} 个{word_zh}")
