"""Answers to questions and small talk (``understand.talk``), from the session as it is: the
timeline's length, its clips, the uploads, the frame, the music, the text. Nothing changes.

Names come from outside (file names, titles): the UI passes the reply through ``safe_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...draft import Draft, parse_draft, seconds
from .media import Media
from .understand.talk import Talk

_ASPECT_WORD = {
    "9:16": ("vertical", "竖屏"),
    "16:9": ("horizontal", "横屏"),
    "1:1": ("square", "方形"),
}
_HELP = {
    "en": "I edit the timeline of this session on your computer. Try: `combine my clips`, "
    "`make it vertical`, `add the song at 30%`, `title Summer Trip for 3 seconds`, `remove the "
    "photo`, `use 0:04 to 0:11 of clip 1`, `put clip 3 first`, or ask `how long is it?`.",
    "zh": "我在你的电脑上编辑这个会话的时间线。可以试试：`合并我的视频`、`改成竖屏`、"
    "`加背景音乐 音量30%`、`标题 夏日旅行 显示3秒`、`删掉照片`、`第一段用4到11秒`、"
    "`把第三段放到最前面`，或者问`现在多长？`。",
}
_EMPTY = {"en": "The timeline is empty.", "zh": "时间线还是空的。"}


def _secs(ms: int) -> str:
    return f"{seconds(ms)} s"


def _secs_zh(ms: int) -> str:
    return f"{seconds(ms)} 秒"


def _track(draft: Draft, kind: str) -> list[Any]:
    return [seg for t in draft.tracks if t.kind == kind for seg in t.segments]


def _aspect(raw: dict[str, Any]) -> str:
    meta = raw.get("m") if isinstance(raw.get("m"), dict) else {}
    value = meta.get("aspect") if isinstance(meta, dict) else None
    return value if isinstance(value, str) and value else "16:9"


def _clip_list(draft: Draft, zh: bool) -> str:
    clips = _track(draft, "video")
    parts = [
        f"{n}. {seg.name or '?'} ({seconds(seg.start_ms)}-{seconds(seg.end_ms)}s)"
        for n, seg in enumerate(clips, 1)
    ]
    return ("；" if zh else "; ").join(parts)


def _media_names(media: Sequence[Media]) -> list[str]:
    return [m.filename for m in media]


def answer(talk: Talk, draft_obj: Any, media: Sequence[Media], language: str) -> str:
    """The reply to a question or remark, in ``language`` ("en" or "zh")."""
    zh = language == "zh"
    lang = "zh" if zh else "en"
    draft = parse_draft(draft_obj)
    raw = draft_obj if isinstance(draft_obj, dict) else {}
    clips = _track(draft, "video")
    kind = talk.kind
    if kind == "greet":
        return (
            "你好！想怎么剪？" + _HELP[lang][_HELP[lang].index("可以试试") :]
            if zh
            else ("Hi! What shall we make? " + _HELP[lang][_HELP[lang].index("Try:") :])
        )
    if kind == "thanks":
        return (
            "不客气！还想改什么就告诉我，满意的话输入 `export` 导出。"
            if zh
            else "You're welcome! Tell me what else to change, or type `export` when you're happy."
        )
    if kind == "help":
        return _HELP[lang]
    if kind == "media":
        names = _media_names(media)
        if not names:
            return (
                "你还没有上传素材：nemo upload 文件名"
                if zh
                else ("You haven't added any files yet: nemo upload FILE")
            )
        listing = ("、" if zh else ", ").join(names)
        return (
            f"你上传了 {len(names)} 个文件：{listing}"
            if zh
            else (f"You added {len(names)} files: {listing}")
        )
    if kind == "media_length" and talk.subject:
        item = next((m for m in media if m.filename == talk.subject), None)
        ms = item.duration_ms if item else None
        if ms:
            return (
                f"{talk.subject} 长 {_secs_zh(ms)}。"
                if zh
                else f"{talk.subject} is {_secs(ms)} long."
            )
    if not clips and kind in ("length", "timeline", "photo_length", "media_length"):
        return _EMPTY[lang] + (
            " 说“合并我的视频”把素材放上去。"
            if zh
            else ' Say "combine my clips" to put your uploads on it.'
        )
    if kind in ("length", "media_length"):
        total = draft.duration_ms
        return (
            f"现在一共 {_secs_zh(total)}，{len(clips)} 段。"
            if zh
            else (f"It is {_secs(total)} long now, in {len(clips)} clips.")
        )
    if kind == "timeline":
        listing = _clip_list(draft, zh)
        return (
            f"时间线上有 {len(clips)} 段：{listing}。"
            if zh
            else (f"There are {len(clips)} clips on the timeline: {listing}.")
        )
    if kind == "photo_length":
        photos = [s for s in clips if (s.raw.get("k") == "image")]
        if not photos:
            return "时间线上没有照片。" if zh else "There are no photos on the timeline."
        each = ("、" if zh else ", ").join(
            f"{s.name} {seconds(s.end_ms - s.start_ms)}{'秒' if zh else ' s'}" for s in photos
        )
        return f"照片显示的时间：{each}。" if zh else f"The photos show for: {each}."
    if kind == "aspect":
        aspect = _aspect(raw)
        en, word_zh = _ASPECT_WORD.get(aspect, (aspect, aspect))
        size = f"{draft.width}x{draft.height}" if draft.width and draft.height else ""
        return (
            f"现在是 {aspect}（{word_zh}，{size}）。" if zh else f"It is {aspect} ({en}, {size})."
        )
    if kind == "music":
        music = _track(draft, "audio")
        if not music:
            return (
                "现在没有背景音乐。说“加背景音乐”加上。"
                if zh
                else ('There is no music yet. Say "add background music" to add it.')
            )
        seg = music[0]
        vol = f"{seg.volume:g}%" if seg.volume is not None else ""
        return (
            f"背景音乐是 {seg.name}（音量 {vol}）。" if zh else f"The music is {seg.name} at {vol}."
        )
    if kind == "text":
        texts = _track(draft, "text")
        if not texts:
            return "现在没有文字。" if zh else "There is no text on the video yet."
        listing = ("、" if zh else ", ").join(
            f"“{s.text}”（{seconds(s.start_ms)}-{seconds(s.end_ms)}秒）"
            if zh
            else f'"{s.text}" ({seconds(s.start_ms)}-{seconds(s.end_ms)}s)'
            for s in texts
        )
        return f"画面上的文字：{listing}。" if zh else f"The text on the video: {listing}."
    return _HELP[lang]
