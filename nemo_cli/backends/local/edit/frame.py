"""The frame: aspect ratio (and so the output size), letterbox or fill."""

from __future__ import annotations

from ..changes import AspectSet, FitSet
from ..intents import SetAspect, SetFit
from ..timeline import ASPECT_SIZES
from .clips import need_video
from .state import Editor


def set_aspect(e: Editor, it: SetAspect) -> None:
    if not e.clips and e.visual_media():
        need_video(e)
    width, height = ASPECT_SIZES[it.aspect]
    frame = e.frame
    if (frame.aspect, frame.width, frame.height) == (it.aspect, width, height):
        e.did(AspectSet(it.aspect, width, height, already=True))
        return
    e.set_frame(aspect=it.aspect, width=width, height=height)
    e.did(AspectSet(it.aspect, width, height))


def set_fit(e: Editor, it: SetFit) -> None:
    already = e.frame.fit == it.fit
    e.set_frame(fit=it.fit)
    e.did(FitSet(it.fit, e.frame.width, e.frame.height, already))
