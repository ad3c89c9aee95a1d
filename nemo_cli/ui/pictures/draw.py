"""A Pillow image as a Rich renderable: kitty and sixel pictures drawn with ``textual-image``,
half-block cells by ``Blocks`` here.

Why textual-image (0.12 on Python 3.11, 0.14 from 3.12): its Rich renderables speak the kitty
graphics protocol (with Unicode placeholders, so the picture scrolls with the text), sixel (with
its own encoder and palette reduction) and half-block cells in colour, and need nothing
but Pillow and Rich, which nemo already has. ``rich-pixels`` draws half-blocks only;
``term-image`` has kitty and iTerm2 but no sixel, is not a Rich renderable, and pins
``pillow<11``. iTerm2 gets sixel, which it draws.

The library asks the terminal what it can do when it is first imported, and waits for answers
a terminal may never give; nemo asks itself (``ask``), at most once per kind of terminal, and
``load`` imports the library so that it asks nothing: with the process's standard output
(``sys.__stdout__``, where the library looks) standing in as a non-terminal for the moment of
the import and of its first cell-size lookup, which it then keeps, given the size nemo found
through the library's own ``TEXTUAL_CELL_WIDTH``/``TEXTUAL_CELL_HEIGHT``. Its kitty
renderable sends the picture itself to ``sys.__stdout__``, ahead of the placeholder cells Rich
prints.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from .detect import Mode

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


_CELL_VARS = ("TEXTUAL_CELL_WIDTH", "TEXTUAL_CELL_HEIGHT")


@functools.cache
def load(cell: tuple[int, int] | None) -> None:
    """Import textual-image without letting it ask the terminal anything (once a process):
    what to draw with is nemo's choice (``ask``), and the cell size in pixels is ``cell``
    (None: the library's default, 10x20, which only sixel and kitty pictures depend on)."""
    import io
    import sys
    import warnings

    _quiet_library()
    real = sys.__stdout__
    saved = {name: os.environ.get(name) for name in _CELL_VARS}
    try:
        setattr(sys, "__stdout__", io.StringIO())  # noqa: B010 (the name is typed Final)
        if cell is not None:
            os.environ.update(zip(_CELL_VARS, (str(cell[0]), str(cell[1])), strict=True))
        from PIL import Image
        from rich.console import Console
        from textual_image.renderable import HalfcellImage

        # Drawing once makes the library look the cell size up, and keep it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # see show.Pictures._draw
            Console(file=io.StringIO(), width=8, force_terminal=True).print(
                HalfcellImage(Image.new("RGB", (2, 2)), width=1, height=1)
            )
    finally:
        setattr(sys, "__stdout__", real)  # noqa: B010
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def renderable(image: Image, mode: Mode, cells: int) -> RenderableType:
    """``image`` ``cells`` columns wide (its height follows), drawn with ``mode``."""
    if mode == "blocks":
        return Blocks(image, cells)
    _quiet_library()
    from textual_image.renderable import SixelImage, TGPImage

    kinds: dict[str, Any] = {"kitty": TGPImage, "sixel": SixelImage}
    return kinds[mode](image, width=max(1, cells), height="auto")  # type: ignore[no-any-return]


class Blocks:
    """A picture in half-block cells: each cell an upper half block (``▀``) in the colour of
    the pixel above on the colour of the pixel below, a cell twice as tall as wide.

    textual-image draws the same, but its renderables come as one package whose import loads
    its sixel encoder and numpy (65 ms of every ``nemo status`` on a terminal that draws
    neither kitty nor sixel pictures); this is the half of it that those terminals use."""

    def __init__(self, image: Image, cells: int) -> None:
        self.image = image
        self.cells = cells

    def _size(self, max_width: int) -> tuple[int, int]:
        width = max(1, min(self.cells, max_width))
        rows = max(1, round(self.image.height * width / max(1, self.image.width) / 2))
        return width, rows

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from PIL import Image as PILImage
        from rich.color import Color
        from rich.segment import Segment
        from rich.style import Style

        width, rows = self._size(options.max_width)
        small = self.image.convert("RGB").resize((width, rows * 2), PILImage.Resampling.BOX)
        data = small.tobytes()
        styles: dict[bytes, Style] = {}
        line = width * 3
        for row in range(rows):
            top = data[2 * row * line : (2 * row + 1) * line]
            bottom = data[(2 * row + 1) * line : (2 * row + 2) * line]
            for x in range(0, line, 3):
                pair = top[x : x + 3] + bottom[x : x + 3]
                style = styles.get(pair)
                if style is None:
                    style = styles[pair] = Style(
                        color=Color.from_rgb(*pair[:3]), bgcolor=Color.from_rgb(*pair[3:])
                    )
                yield Segment("▀", style)
            yield Segment.line()

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        width, _ = self._size(options.max_width)
        return Measurement(width, width)
