"""Words -> cues a person can read.

The rules are the subtitlers' usual ones: on a landscape frame at most two lines of about 42
characters (Chinese and Japanese characters count double, as they are drawn twice as wide), a
new cue after a pause, none longer than about 6 seconds; on a vertical (9:16) frame the
"TikTok style": one short line of two or three words. "N words at a time" caps the words per
cue on any frame. A full cue does not end on a word that leads into the next ("the", "in").
A cue's two lines are balanced (the break that makes the longer line shortest), so the lines
read as a block rather than a long line and a stray word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..speech.transcript import Word, join_words
from .cues import Cue


@dataclass(frozen=True)
class Layout:
    max_chars: int  # per line (display columns: a CJK character counts 2)
    max_lines: int
    max_words: int | None = None  # per cue
    max_gap: float = 0.8  # seconds of silence that start a new cue
    max_duration: float = 6.0  # seconds
    min_duration: float = 0.8  # seconds a cue stays up, when the next one leaves room


# Words a full cue should not end on (they belong with what follows).
# fmt: off
WEAK_ENDINGS = frozenset({
    "a", "an", "the", "my", "your", "our", "his", "her", "their", "its", "this", "that",
    "these", "those", "every", "some", "any", "no", "to", "of", "in", "on", "at", "for",
    "with", "by", "from", "into", "about", "and", "or", "but", "as", "than", "so", "if",
})
# fmt: on

LANDSCAPE = Layout(max_chars=42, max_lines=2)
SQUARE = Layout(max_chars=32, max_lines=2)
VERTICAL = Layout(max_chars=18, max_lines=1, max_words=3, max_duration=3.0)


def layout_for(aspect: str | None, words_per_cue: int | None = None) -> Layout:
    """The layout for a frame shape ("16:9", "9:16", "1:1"), "N words at a time" applied."""
    base = {"9:16": VERTICAL, "1:1": SQUARE}.get(aspect or "", LANDSCAPE)
    if words_per_cue is None:
        return base
    # N words at a time: one line on a narrow frame, as many as the words need elsewhere.
    return Layout(
        base.max_chars,
        base.max_lines,
        words_per_cue,
        base.max_gap,
        base.max_duration,
        base.min_duration,
    )


def width(text: str) -> int:
    """Display columns: wide (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap(words: Sequence[str], max_chars: int, max_lines: int) -> list[list[str]] | None:
    """``words`` on at most ``max_lines`` lines of ``max_chars`` columns, lines balanced; None
    when they do not fit. A single word longer than a line gets a line of its own."""
    if not words:
        return []
    if width(join_words(words)) <= max_chars or len(words) == 1:
        return [list(words)]
    if max_lines < 2:
        return None
    best: tuple[int, int] | None = None  # (longer line's width, break index)
    for i in range(1, len(words)):
        first, second = join_words(words[:i]), join_words(words[i:])
        longest = max(width(first), width(second))
        if best is None or longest < best[0] or (longest == best[0] and i > best[1]):
            best = (longest, i)
    assert best is not None
    if best[0] > max_chars:
        if max_lines > 2:  # not needed by the layouts above; kept general
            rest = wrap(words[best[1] :], max_chars, max_lines - 1)
            if rest is not None and width(join_words(words[: best[1]])) <= max_chars:
                return [list(words[: best[1]]), *rest]
        return None
    return [list(words[: best[1]]), list(words[best[1] :])]


def lines_of(words: Sequence[Word], layout: Layout) -> list[list[Word]]:
    """``words`` (which fit one cue) split into its lines, as ``chunk`` laid them out."""
    texts = [w.text for w in words]
    lines = wrap(texts, layout.max_chars, layout.max_lines) or [texts]
    out: list[list[Word]] = []
    i = 0
    for line in lines:
        out.append(list(words[i : i + len(line)]))
        i += len(line)
    return out


def _text(words: Sequence[Word], layout: Layout) -> str:
    return "\n".join(join_words(w.text for w in line) for line in lines_of(words, layout))


def _fits(words: Sequence[Word], layout: Layout) -> bool:
    if layout.max_words is not None and len(words) > layout.max_words:
        return False
    if words[-1].end - words[0].start > layout.max_duration and len(words) > 1:
        return False
    return wrap([w.text for w in words], layout.max_chars, layout.max_lines) is not None


def chunk(words: Sequence[Word], layout: Layout = LANDSCAPE) -> list[Cue]:
    """Cues for ``words`` (timeline times, in order)."""
    groups: list[list[Word]] = []
    current: list[Word] = []
    for word in words:
        if current and word.start - current[-1].end > layout.max_gap:
            groups.append(current)
            current = []
        elif current and not _fits([*current, word], layout):
            # A full cue does not end on "the" or "in": that word opens the next one.
            carried = []
            if len(current) > 1 and current[-1].text.lower() in WEAK_ENDINGS:
                carried = [current.pop()]
            groups.append(current)
            current = carried if _fits([*carried, word], layout) else []
            if not current and carried:
                groups.append(carried)
        current.append(word)
    if current:
        groups.append(current)
    cues: list[Cue] = []
    for index, group in enumerate(groups):
        start = round(group[0].start * 1000)
        end = round(group[-1].end * 1000)
        following = round(groups[index + 1][0].start * 1000) if index + 1 < len(groups) else None
        wanted = start + round(layout.min_duration * 1000)
        if end < wanted:
            end = wanted if following is None else max(end, min(wanted, following))
        cues.append(Cue(start, end, _text(group, layout), tuple(group)))
    return cues
