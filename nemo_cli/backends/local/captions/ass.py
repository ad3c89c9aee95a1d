"""Cues + a style + the frame's size -> an ASS document for libass to draw.

- The script's resolution is the frame's (``PlayResX/Y``), so sizes and margins are pixels.
- Letter height follows the frame's shorter side (``SIZE_FRACTION``), like the titles'.
- Margins keep captions inside the safe area. On 9:16 the apps' own buttons and captions
  cover the right edge and the bottom fifth of the picture, so captions sit higher and keep
  off the right edge there (``SAFE``).
- "outline": white (or the chosen colour) letters with a dark edge; "box": on a dark
  translucent box (ASS BorderStyle 3), drawn by an event of its own under the text.
- Karaoke ("highlight the word being spoken"): each cue becomes one event per word, the same
  lines each time with the word being spoken in the highlight colour, so exactly one word is
  lit at a time and the lines never move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..speech.transcript import Word, join_words
from .cues import Cue
from .style import CaptionStyle, rgb

if TYPE_CHECKING:
    import pysubs2

SIZE_FRACTION = {"small": 0.045, "medium": 0.06, "large": 0.08}
STYLE_NAME = "Caption"
BOX_STYLE = "CaptionBox"


@dataclass(frozen=True)
class Safe:
    """Margins as fractions of the frame: left, right, bottom, top."""

    left: float
    right: float
    bottom: float
    top: float


SAFE = {
    "9:16": Safe(left=0.08, right=0.16, bottom=0.22, top=0.12),
    "1:1": Safe(left=0.06, right=0.06, bottom=0.08, top=0.08),
    "16:9": Safe(left=0.06, right=0.06, bottom=0.07, top=0.07),
}
_ALIGN = {"bottom": 2, "center": 5, "top": 8}  # ASS numpad alignment, centred horizontally


def aspect_of(width: int, height: int) -> str:
    if height > width:
        return "9:16"
    return "1:1" if width == height else "16:9"


def override_color(hex_rgb: str) -> str:
    """``FFE600`` -> ``&H00E6FF&``, a colour in an override tag (ASS writes blue, green, red)."""
    r, g, b = hex_rgb[0:2], hex_rgb[2:4], hex_rgb[4:6]
    return f"&H{b}{g}{r}&".upper()


def escape(text: str) -> str:
    """Cue text as ASS dialogue: lines joined by ``\\N``; braces (which would open an
    override block) and backslashes (which would start a tag) become look-alikes."""
    text = text.replace("\\", "\u29f5").replace("{", "(").replace("}", ")")
    return text.replace("\r", "").replace("\n", "\\N")


def word_lines(cue: Cue) -> list[list[Word]]:
    """The cue's words grouped by the lines of its text (as chunking laid them out); one line
    when the text and the words disagree (an edited cue)."""
    lines: list[list[Word]] = []
    words = list(cue.words)
    i = 0
    for line in cue.lines:
        taken: list[Word] = []
        while i < len(words) and join_words(w.text for w in taken) != line:
            taken.append(words[i])
            i += 1
        if join_words(w.text for w in taken) != line:
            return [list(cue.words)]
        lines.append(taken)
    return lines if i == len(words) else [list(cue.words)]


def _lit(lines: Sequence[Sequence[Word]], lit: int, colour: str) -> str:
    """The cue's lines with word number ``lit`` drawn in ``colour``."""
    out: list[str] = []
    n = 0
    for line in lines:
        parts: list[str] = []
        for word in line:
            text = escape(word.text)
            parts.append(f"{{\\c{colour}}}{text}{{\\r}}" if n == lit else text)
            n += 1
        # join_words decides the spacing from the bare words
        spaced = join_words(w.text for w in line)
        out.append(_respace(parts, [w.text for w in line], spaced))
    return "\\N".join(out)


def _respace(parts: Sequence[str], bare: Sequence[str], spaced: str) -> str:
    """Join ``parts`` with the same separators ``join_words`` put between ``bare``."""
    text = parts[0] if parts else ""
    pos = len(bare[0]) if bare else 0
    for part, word in zip(parts[1:], bare[1:], strict=True):
        if spaced[pos : pos + 1] == " ":
            text += " "
            pos += 1
        text += part
        pos += len(word)
    return text


def build(
    cues: Sequence[Cue], style: CaptionStyle, width: int, height: int, *, font: str
) -> pysubs2.SSAFile:
    import pysubs2

    doc = pysubs2.SSAFile()
    doc.info.update(
        {
            "PlayResX": str(width),
            "PlayResY": str(height),
            "ScaledBorderAndShadow": "yes",
            "WrapStyle": "0",
        }
    )
    safe = SAFE[aspect_of(width, height)]
    px = max(12, round(SIZE_FRACTION[style.size] * min(width, height)))
    text_style = pysubs2.SSAStyle(
        fontname=font,
        fontsize=px,
        primarycolor=pysubs2.Color(*_rgba(style.color)),
        secondarycolor=pysubs2.Color(*_rgba(style.highlight or style.color)),
        outlinecolor=pysubs2.Color(0, 0, 0, 0),
        backcolor=pysubs2.Color(0, 0, 0, 0x80),
        bold=False,
        borderstyle=1,
        outline=max(1, round(px * 0.07)),
        shadow=max(1, round(px * 0.03)),
        alignment=pysubs2.Alignment(_ALIGN[style.position]),
        marginl=round(safe.left * width),
        marginr=round(safe.right * width),
        marginv=round((safe.top if style.position == "top" else safe.bottom) * height),
    )
    doc.styles = {STYLE_NAME: text_style}
    if style.background == "box":
        # The box is drawn by its own event under the text (ASS BorderStyle 3: a box in the
        # OutlineColour, the letters themselves invisible), one per cue: a box per styled run
        # of text would overlap its neighbours and darken where they meet.
        doc.styles[BOX_STYLE] = text_style.copy()
        box = doc.styles[BOX_STYLE]
        box.borderstyle = 3
        box.outline = max(2, round(px * 0.2))  # the box's padding around the letters
        box.shadow = 0
        box.primarycolor = pysubs2.Color(0, 0, 0, 0xFF)
        box.outlinecolor = pysubs2.Color(0, 0, 0, 0x50)
        text_style.outline = 0
        text_style.shadow = 0
        for cue in cues:
            doc.append(
                pysubs2.SSAEvent(
                    start=cue.start, end=cue.end, style=BOX_STYLE, text=escape(cue.text), layer=0
                )
            )
    lit = override_color(rgb(style.highlight)) if style.highlight else None
    for cue in cues:
        if lit is None or not cue.words:
            doc.append(
                pysubs2.SSAEvent(
                    start=cue.start, end=cue.end, style=STYLE_NAME, text=escape(cue.text), layer=1
                )
            )
            continue
        lines = word_lines(cue)
        words = [w for line in lines for w in line]
        for n, word in enumerate(words):
            start = cue.start if n == 0 else round(word.start * 1000)
            end = cue.end if n == len(words) - 1 else round(words[n + 1].start * 1000)
            if end > start:
                doc.append(
                    pysubs2.SSAEvent(
                        start=start, end=end, style=STYLE_NAME, text=_lit(lines, n, lit), layer=1
                    )
                )
    return doc


def _rgba(color: str) -> tuple[int, int, int, int]:
    hex_rgb = rgb(color)
    return int(hex_rgb[0:2], 16), int(hex_rgb[2:4], 16), int(hex_rgb[4:6], 16), 0


def to_text(cues: Sequence[Cue], style: CaptionStyle, width: int, height: int, *, font: str) -> str:
    return str(build(cues, style, width, height, font=font).to_string("ass"))
