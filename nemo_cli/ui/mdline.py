"""Markdown for a reply that arrives line by line: each finished line is rendered once.

A streamed reply is printed as its lines complete, so rendering must not depend on what comes
later. ``MarkdownLines`` keeps the little state that markdown needs across lines (inside a
code fence, in a table) and turns each finished line into Rich renderables: headings, list
items, quotes, rules, code blocks, and inline bold / italic / code / links. Tables are the one
block rendered whole (by Rich's Markdown) once their last row has arrived.

The input has already been cleaned by ``safe_text`` (no escape sequences); output is ``Text``
built from plain strings, so Rich markup in a reply is shown as it is, never interpreted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import RenderableType

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TABLE = re.compile(r"^\s*\|")
_INLINE = re.compile(
    r"(?P<bold>\*\*(?=\S)(?P<b>.+?)(?<=\S)\*\*|__(?=\S)(?P<b2>.+?)(?<=\S)__)"
    r"|(?P<code>`(?P<c>[^`]+)`)"
    r"|(?P<link>\[(?P<lt>[^\]]+)\]\((?P<lu>[^)\s]+)\))"
    r"|(?P<em>(?<![\w*])\*(?=\S)(?P<e>[^*]+?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])_(?=\S)(?P<e2>[^_]+?)(?<=\S)_(?![\w_]))"
)
# Characters that may start markdown: a line without any is plain text (the fast path).
_SPECIAL = re.compile(r"[*_`\[#>|~+\-]|^\s*\d+[.)]\s")

HEADING_STYLES = {1: "bold underline", 2: "bold", 3: "bold italic"}


def inline(text: str, style: str = "") -> Text:
    """Inline markdown (bold, italic, code, links) as styled ``Text``."""
    out = Text(style=style)
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(text[pos : m.start()])
        if m.group("bold"):
            out.append(m.group("b") or m.group("b2"), style="bold")
        elif m.group("code"):
            out.append(m.group("c"), style="bold cyan")
        elif m.group("link"):
            label, url = m.group("lt"), m.group("lu")
            out.append(label, style=f"underline link {url}")
            if label != url:
                out.append(f" ({url})", style="dim")
        else:
            out.append(m.group("e") or m.group("e2"), style="italic")
        pos = m.end()
    out.append(text[pos:])
    return out


class MarkdownLines:
    """Turns finished lines into renderables; ``pending`` is what waits for a later line."""

    def __init__(self) -> None:
        self.fence: str | None = None  # the marker of the open code fence, if any
        self.table: list[str] = []

    @property
    def pending(self) -> list[str]:
        """Finished lines held back (an unfinished table): the live area shows them."""
        return self.table

    def feed(self, line: str) -> list[RenderableType]:
        """The renderables for one finished line (none while a table is being collected)."""
        out: list[RenderableType] = []
        if self.fence is None and _TABLE.match(line):
            self.table.append(line)
            return out
        out.extend(self.flush())
        out.extend(self._line(line))
        return out

    def flush(self) -> list[RenderableType]:
        """Render what is held back (at the end of the reply, or when a table ends)."""
        if not self.table:
            return []
        from rich.markdown import Markdown

        block, self.table = "\n".join(self.table), []
        return [Markdown(block)]

    def _line(self, line: str) -> list[RenderableType]:
        fence = _FENCE.match(line)
        if self.fence is not None:
            if (
                fence
                and fence.group(1).startswith(self.fence)
                and not line.strip()[len(fence.group(1)) :]
            ):
                self.fence = None
                return []
            return [Text("    " + line, style="cyan", no_wrap=True, overflow="crop")]
        if fence:
            self.fence = fence.group(1)[:3]
            return []
        if not line.strip():
            return [Text("")]
        if not _SPECIAL.search(line):
            return [Text(line)]
        if _RULE.match(line):
            from rich.rule import Rule

            return [Rule(style="dim")]
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            return [inline(heading.group(2), HEADING_STYLES.get(level, "bold"))]
        bullet = _BULLET.match(line)
        if bullet:
            return [self._item(bullet.group(1), "•", bullet.group(2))]
        numbered = _NUMBERED.match(line)
        if numbered:
            return [self._item(numbered.group(1), numbered.group(2) + ".", numbered.group(3))]
        quote = _QUOTE.match(line)
        if quote:
            return [Text("▌ ", style="dim") + inline(quote.group(1), "italic")]
        return [inline(line)]

    @staticmethod
    def _item(indent: str, mark: str, body: str) -> Text:
        prefix = " " * len(indent.expandtabs(4)) + " " + mark + " "
        item = Text(prefix, style="bold") + inline(body)
        # Wrapped lines of a long item line up under its text, not under the bullet.
        item.overflow = "fold"
        return item
