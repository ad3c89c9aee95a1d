"""Titles and captions drawn as transparent PNGs, overlaid by the render's filtergraph.

The font is Pillow's scalable default (``ImageFont.load_default(size=...)``, which ships with
Pillow), never a system font a fresh machine may lack; ffmpeg's drawtext (which needs a font
file and fontconfig) is not used. The PNG is cropped to the text, so the overlay blends only
that area of each frame. White letters with a dark outline read on any picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

# Letter height per size, as a fraction of the frame's shorter side.
SIZES = {"small": 0.045, "medium": 0.065, "large": 0.09}
MAX_WIDTH = 0.9  # text wraps to this fraction of the frame's width


def font_px(size: str, width: int, height: int) -> int:
    return max(10, round(SIZES.get(size, SIZES["large"]) * min(width, height)))


def wrap(text: str, font: FreeTypeFont, max_width: float) -> list[str]:
    """Greedy wrap at spaces; text without spaces (Chinese) wraps between characters."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        words = para.split(" ") if " " in para.strip() else list(para)
        joiner = " " if " " in para.strip() else ""
        line = ""
        for word in words:
            trial = f"{line}{joiner}{word}" if line else word
            if line and font.getlength(trial) > max_width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def render_title(text: str, size: str, width: int, height: int, out: Path) -> tuple[int, int]:
    """Draw ``text`` for a ``width`` x ``height`` frame into ``out``; returns the PNG's size."""
    from PIL import Image, ImageDraw, ImageFont

    px = font_px(size, width, height)
    font = cast("FreeTypeFont", ImageFont.load_default(size=px))  # scalable with FreeType
    body = "\n".join(wrap(text.strip() or " ", font, MAX_WIDTH * width))
    stroke = max(1, px // 14)
    spacing = px // 4
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.multiline_textbbox(
        (0, 0), body, font=font, spacing=spacing, align="center", stroke_width=stroke
    )
    pad = stroke + px // 8
    w = min(width, round(right - left) + 2 * pad)
    h = min(height, round(bottom - top) + 2 * pad)
    image = Image.new("RGBA", (w + w % 2, h + h % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.multiline_text(
        (pad - left, pad - top),
        body,
        font=font,
        fill=(255, 255, 255, 255),
        spacing=spacing,
        align="center",
        stroke_width=stroke,
        stroke_fill=(0, 0, 0, 230),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG")
    return image.size
