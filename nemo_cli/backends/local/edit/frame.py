"""The frame: aspect ratio (and so the output size), letterbox or fill."""

from __future__ import annotations

from ..intents import SetAspect, SetFit
from ..timeline import ASPECT_SIZES
from .clips import need_video
from .state import Editor

ASPECT_WORDS = {
    "16:9": ("landscape", "横屏"),
    "9:16": ("vertical", "竖屏"),
    "1:1": ("square", "方形"),
}


def set_aspect(e: Editor, it: SetAspect) -> None:
    if not e.clips and e.visual_media():
        need_video(e)
    width, height = ASPECT_SIZES[it.aspect]
    word, word_zh = ASPECT_WORDS[it.aspect]
    what = f"{word} {it.aspect} ({width}x{height})"
    what_zh = f"{word_zh} {it.aspect}（{width}x{height}）"
    frame = e.frame
    if (frame.aspect, frame.width, frame.height) == (it.aspect, width, height):
        e.say(f"The video is already {what}", f"视频已经是{what_zh}")
        return
    e.set_frame(aspect=it.aspect, width=width, height=height)
    e.say(f"Switched to {what}", f"已切换为{what_zh}")


def set_fit(e: Editor, it: SetFit) -> None:
    size = f"{e.frame.width}x{e.frame.height}"
    if it.fit == "fill":
        what = f"fill the {size} frame (cropped, no black bars)"
        what_zh = f"填满 {size} 画面（裁剪，无黑边）"
    else:
        what = f"fit inside the {size} frame (whole picture, black bars where shapes differ)"
        what_zh = f"完整显示在 {size} 画面内（比例不同处留黑边）"
    if e.frame.fit == it.fit:
        e.say(f"Clips already {what}", f"片段已经{what_zh}")
        return
    e.set_frame(fit=it.fit)
    e.say(f"Clips now {what}", f"片段现在{what_zh}")
