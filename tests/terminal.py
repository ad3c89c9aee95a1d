"""What a person would see after a program wrote these characters to a terminal.

pyte's emulator (``HistoryScreen`` + ``Stream``) with a screen of a fixed size and the lines
that scrolled off its top kept as scrollback: ``screen(text)`` returns the scrollback, then the
screen, so a line printed twice shows up twice. As on a real terminal, the cursor never climbs
above the top of the screen: a program that tries to redraw lines already scrolled away (a
live area taller than the screen) leaves them behind in the scrollback, where a test sees them.
Line feeds also return the cursor to the start of the line, as a tty's ``onlcr`` makes them,
and DCS, APC, PM and SOS strings (sixel and kitty pictures) are consumed unseen, as a terminal
without those graphics does (pyte would print their contents).
"""

from __future__ import annotations

import re

import pyte
from wcwidth import wcwidth

SCROLLBACK = 100_000
_CONTROL_STRINGS = re.compile(r"\x1b[P_^X][^\x1b]*(?:\x1b\\)?")  # ESC P/_/^/X ... ESC \


def _text(row: dict[int, pyte.screens.Char], columns: int) -> str:
    """One row as text (pyte's ``Screen.display``, for a row of the scrollback too): a wide
    character's second cell is skipped."""
    out: list[str] = []
    wide = False
    for x in range(columns):
        if wide:
            wide = False
            continue
        char = row[x].data
        wide = bool(char) and wcwidth(char[0]) == 2
        out.append(char)
    return "".join(out)


def screen(text: str, columns: int = 80, lines: int = 25) -> str:
    """The scrollback and the screen after ``text``, each row's trailing blanks dropped, and
    the blank rows below the last written one."""
    term = pyte.HistoryScreen(columns, lines, history=SCROLLBACK)
    term.set_mode(pyte.modes.LNM)
    pyte.Stream(term).feed(_CONTROL_STRINGS.sub("", text))
    rows = [_text(row, columns) for row in term.history.top] + term.display
    rows = [row.rstrip() for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    return "\n".join(rows)
