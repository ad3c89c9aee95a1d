"""Fitting a name into a number of terminal cells."""

from __future__ import annotations


def shorten_middle(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` terminal cells, cut in the middle ("nemo-loc…1230.mp4"),
    so both the start of a name and its end (the time stamp, the extension) stay readable."""
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…"[:cells]
    room = cells - 1
    head_room = (room + 1) // 2
    head, tail = "", ""
    for ch in text:
        if cell_len(head + ch) > head_room:
            break
        head += ch
    for ch in reversed(text):
        if cell_len(head) + cell_len(tail + ch) > room:
            break
        tail = ch + tail
    return f"{head}…{tail}"
