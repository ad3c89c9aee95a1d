"""Thumbnails laid out for the terminal: rows of pictures, each with its label underneath.

A row is ONE picture (the thumbnails pasted side by side with a dark gap), so every protocol
draws it the same way; the labels are a line of text under it, each centred under its
thumbnail. Thumbnails are sized in terminal cells: about ``ROWS_TALL`` text rows tall (a cell
is twice as tall as it is wide), at most ``MAX_CELLS`` wide, and shrunk (down to
``MIN_CELLS``) so that the whole strip fits in ``MAX_ROWS`` rows; past that the first ones are
shown and ``Strip.left_out`` says how many are not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from ...safe_text import one_line
from ..shorten import shorten_middle

if TYPE_CHECKING:
    from PIL.Image import Image

ROWS_TALL = 6  # text rows a thumbnail takes (for a 16:9 frame)
MAX_CELLS = 26
MIN_CELLS = 8
COMFORTABLE_CELLS = 14
MAX_ROWS = 3
GAP = 1  # cells between thumbnails
PX_PER_CELL = 16  # pixels per cell in the row picture (the library scales it to the terminal)
GAP_COLOR = (16, 16, 16)


@dataclass(frozen=True)
class Tile:
    image: Image
    label: str  # "1. clip1.mp4"
    detail: str = ""  # "0-5s"


@dataclass(frozen=True)
class Layout:
    per_row: int
    cells: int  # the width of one thumbnail in cells
    shown: int  # how many tiles are drawn


@dataclass(frozen=True)
class Row:
    image: Image
    cells: int  # the row picture's width in cells
    labels: Text


@dataclass(frozen=True)
class Strip:
    rows: list[Row]
    left_out: int


def layout(count: int, columns: int, aspect: float) -> Layout:
    """How ``count`` thumbnails of ``aspect`` (width / height) fit in ``columns`` cells."""
    if count <= 0:
        return Layout(1, MIN_CELLS, 0)
    columns = max(MIN_CELLS, columns)
    # A vertical frame is as tall as a wide one (it was drawn half as tall again: 9 rows, and
    # a second row of them filled a terminal), and no narrower than MIN_CELLS: 9:16 frames
    # are 8 cells wide and 7 rows tall, and many fit on one row.
    natural = max(MIN_CELLS, min(MAX_CELLS, round(ROWS_TALL * 2 * aspect)))
    # The fewest rows, with thumbnails no smaller than COMFORTABLE_CELLS on one or two rows, or
    # MIN_CELLS on MAX_ROWS rows; past that the first ones are shown.
    largest = min(natural, columns)
    for most_rows, smallest in (
        (1, COMFORTABLE_CELLS),
        (2, COMFORTABLE_CELLS),
        (MAX_ROWS, MIN_CELLS),
    ):
        cells = largest
        smallest = min(smallest, largest)
        while True:
            per_row = max(1, (columns + GAP) // (cells + GAP))
            rows = -(-count // per_row)
            if rows <= most_rows or cells <= smallest:
                break
            cells -= 1
        if rows <= most_rows:
            break
    per_row = min(per_row, count)
    return Layout(per_row, cells, min(count, per_row * MAX_ROWS))


def _row_picture(images: Sequence[Image], cells: int) -> Image:
    from PIL import Image

    width = cells * PX_PER_CELL
    first = images[0]
    height = max(2, round(width * first.height / first.width))
    gap = GAP * PX_PER_CELL
    row = Image.new("RGB", (len(images) * width + (len(images) - 1) * gap, height), GAP_COLOR)
    for i, image in enumerate(images):
        fitted = image.convert("RGB").resize((width, height), Image.Resampling.BILINEAR)
        row.paste(fitted, (i * (width + gap), 0))
    return row


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def fit_label(text: str, cells: int) -> str:
    """``text`` in ``cells`` cells: whole, else without its file extension (under a narrow
    thumbnail "1. clip1" tells more than "1. c…mp4"), else cut in the middle."""
    if Text(text).cell_len <= cells:
        return text
    return shorten_middle(_EXTENSION.sub("", text), cells)


def _labels(tiles: Sequence[Tile], cells: int) -> Text:
    """One line ("1. clip1.mp4 0-5s") when every label fits with its detail; else the labels,
    and the details on a line under them."""
    both = [one_line(f"{t.label} {t.detail}".strip(), 200) for t in tiles]
    if all(Text(b).cell_len <= cells for b in both):
        tiles = [Tile(t.image, b) for t, b in zip(tiles, both, strict=True)]
    text = Text()
    for line, style in (("label", "bold"), ("detail", "dim")):
        if line == "detail" and not any(t.detail for t in tiles):
            continue
        for i, tile in enumerate(tiles):
            words = fit_label(one_line(getattr(tile, line), 200), cells)
            pad = cells - Text(words).cell_len
            left = pad // 2
            text.append(" " * (left + (GAP if i else 0)))
            text.append(words, style=style)
            text.append(" " * (pad - left))
        text.rstrip()
        text.append("\n")
    text.rstrip()
    return text


def compose(tiles: Sequence[Tile], columns: int) -> Strip:
    """The rows to draw for ``tiles`` in ``columns`` cells."""
    if not tiles:
        return Strip([], 0)
    first = tiles[0].image
    plan = layout(len(tiles), columns, first.width / max(1, first.height))
    shown = tiles[: plan.shown]
    rows = []
    for start in range(0, len(shown), plan.per_row):
        part = shown[start : start + plan.per_row]
        width = len(part) * plan.cells + (len(part) - 1) * GAP
        rows.append(
            Row(_row_picture([t.image for t in part], plan.cells), width, _labels(part, plan.cells))
        )
    return Strip(rows, len(tiles) - len(shown))
