"""A Pillow image as a Rich renderable, drawn with ``textual-image``.

Why textual-image (0.12 on Python 3.11, 0.14 from 3.12): its Rich renderables speak the kitty
graphics protocol (with Unicode placeholders, so the picture scrolls with the text), sixel (with
its own encoder and palette reduction) and half-block cells in colour, and need nothing
but Pillow and Rich, which nemo already has. ``rich-pixels`` draws half-blocks only;
``term-image`` has kitty and iTerm2 but no sixel, is not a Rich renderable, and pins
``pillow<11``. iTerm2 gets sixel, which it draws.

The library asks the terminal what it can do once, when it is first imported (a device
attributes query), so it is imported here, inside the function, only when a picture is about
to be drawn on a terminal. Its kitty renderable sends the picture itself to the process's
standard output (``sys.__stdout__``), ahead of the placeholder cells Rich prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .detect import Decision, Mode

if TYPE_CHECKING:
    from PIL.Image import Image
    from rich.console import RenderableType


def _quiet_library() -> None:
    """The library logs (with a traceback) when a terminal does not answer its questions, and
    Python prints such records on stderr when nothing else takes them: nemo takes them."""
    import logging

    logger = logging.getLogger("textual_image")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def library_mode() -> Mode:
    """The protocol the library found by asking the terminal (imports it)."""
    _quiet_library()
    from textual_image import renderable

    found = getattr(renderable, "Image", None)
    if found is renderable.TGPImage:
        return "kitty"
    if found is renderable.SixelImage:
        return "sixel"
    return "blocks"


def resolve(decision: Decision) -> Mode:
    """The protocol to draw with: the decision's, or what the terminal answered the library
    when the environment named no graphics terminal."""
    if decision.mode == "blocks" and decision.may_probe:
        return library_mode()
    return decision.mode


def renderable(image: Image, mode: Mode, cells: int) -> RenderableType:
    """``image`` ``cells`` columns wide (its height follows), drawn with ``mode``."""
    _quiet_library()
    from textual_image.renderable import HalfcellImage, SixelImage, TGPImage

    kinds: dict[str, Any] = {"kitty": TGPImage, "sixel": SixelImage, "blocks": HalfcellImage}
    return kinds[mode](image, width=max(1, cells), height="auto")  # type: ignore[no-any-return]
