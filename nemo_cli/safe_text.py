"""Neutralise text that came from outside before it reaches a terminal.

Server replies, file names and draft names may contain terminal control sequences (ANSI CSI,
OSC 8 hyperlinks, OSC 52 clipboard writes, bells, carriage-return overwrites) or Rich markup
(``[bold]``, ``[link=...]``). ``clean`` removes the former; ``markup`` also escapes the latter
for strings that are embedded in Rich markup of our own.
"""

from __future__ import annotations

import re

# ESC-based sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), and two-character escapes (ESC + one char).
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]           # CSI
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC (terminated by BEL or ST, or cut off)
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?     # DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                     # other two-character escapes (C1 in 7-bit form)
  | \x1b                              # a lone ESC
  | \x9b[0-?]*[ -/]*[@-~]             # 8-bit CSI
  | [\x80-\x9f]                       # other 8-bit C1 controls
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline (this drops BEL, backspace, CR, form feed, ...).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Remove terminal control sequences; keep printable text, tabs and newlines.

    A lone ``\\r`` (which would let text overwrite what came before on the line) is dropped;
    ``\\r\\n`` becomes ``\\n``.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def markup(text: str) -> str:
    """``clean`` plus Rich markup escaping, for embedding in our own markup strings."""
    from rich.markup import escape

    return escape(clean(text))


def one_line(text: str, limit: int = 200) -> str:
    """A cleaned single line, cut to ``limit`` characters (for names in lists and errors)."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
