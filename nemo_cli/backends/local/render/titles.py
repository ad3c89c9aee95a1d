"""Titles and captions drawn as transparent PNGs, overlaid by the render's filtergraph.

The font is Pillow's scalable default (``ImageFont.load_default(size=...)``, which ships with
Pillow) for every text it has the characters of, so Latin titles never depend on a system font
a fresh machine may lack; ffmpeg's drawtext (which needs a font file and fontconfig) is not
used. The PNG is cropped to the text, so the overlay blends only that area of each frame.
White letters with a dark outline read on any picture.

The bundled font has only basic Latin letters. Text with characters it lacks (Chinese, "é")
is drawn with the first font that has them all, in this order: the file in ``NEMO_TITLE_FONT``,
the font fontconfig's ``fc-match`` suggests for the language, then ``KNOWN_FONTS``. A font
"has" a character when it draws it differently from its .notdef box. When none has them all,
the title is drawn anyway (with the font lacking the fewest, else the bundled font), the
missing characters show as boxes, and ``font_check`` says so when the title is added.

``FINDER`` and ``KNOWN_FONTS`` are the seam tests replace (read at call time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ....errors import ConfigError
from ..changes import FontFileBroken, FontMissing, Note

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

# Letter height per size, as a fraction of the frame's shorter side.
SIZES = {"small": 0.045, "medium": 0.065, "large": 0.09}
MAX_WIDTH = 0.9  # text wraps to this fraction of the frame's width

ENV_VAR = "NEMO_TITLE_FONT"
PROBE_PX = 48  # the size characters are compared at
NOTDEF = "\U0010fffd"  # a private-use code point no font maps: it draws the .notdef glyph


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0  # the face in a .ttc collection


# (language, characters) -> fonts to try; language is "zh-cn", "ja", "ko" or "" (then characters).
Finder = Callable[[str, str], Sequence[FontFile]]

_NOTO_CJK = "NotoSansCJK-Regular.ttc"  # faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
KNOWN_FONTS: tuple[FontFile, ...] = (
    FontFile(f"/usr/share/fonts/opentype/noto/{_NOTO_CJK}", 2),  # Debian/Ubuntu fonts-noto-cjk
    FontFile(f"/usr/share/fonts/noto-cjk/{_NOTO_CJK}", 2),
    FontFile("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    FontFile("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    FontFile("/System/Library/Fonts/PingFang.ttc"),
    FontFile("/System/Library/Fonts/Hiragino Sans GB.ttc"),
    FontFile("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
    FontFile("/Library/Fonts/Arial Unicode.ttf"),
    FontFile("C:/Windows/Fonts/msyh.ttc"),  # Microsoft YaHei
    FontFile("C:/Windows/Fonts/simhei.ttf"),
    FontFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),  # accented Latin, Greek, ...
    FontFile("C:/Windows/Fonts/arial.ttf"),
)


def font_px(size: str, width: int, height: int) -> int:
    return max(10, round(SIZES.get(size, SIZES["large"]) * min(width, height)))


# ---------------------------------------------------------------- which font


@lru_cache(maxsize=32)
def fc_match(language: str, chars: str = "") -> tuple[FontFile, ...]:
    """The font fontconfig picks for ``language`` ("zh-cn") or, without one, for ``chars``; ()
    without fontconfig. fc-match always names its nearest font: callers check coverage."""
    exe = shutil.which("fc-match")
    if exe is None or not (language or chars):
        return ()
    codes = " ".join(f"{ord(c):x}" for c in sorted(set(chars)))
    pattern = f":lang={language}" if language else f":charset={codes}"
    try:
        proc = subprocess.run(
            [exe, "-f", "%{index} %{file}", pattern],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    index, _, path = proc.stdout.strip().partition(" ")
    if proc.returncode != 0 or not index.isdigit() or not path:
        return ()
    return (FontFile(path, int(index)),)


FINDER: Finder = fc_match


@lru_cache(maxsize=16)
def _font(font: FontFile | None, px: int) -> FreeTypeFont:
    """``font`` at ``px`` pixels; None is the bundled font. Raises OSError for a bad file."""
    from PIL import ImageFont

    if font is None:
        return cast("FreeTypeFont", ImageFont.load_default(size=px))  # scalable with FreeType
    return ImageFont.truetype(font.path, px, index=font.index)


def _drawn(face: FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = face.getmask(char)
    return mask.size, bytes(mask)


@lru_cache(maxsize=4096)
def _has(font: FontFile | None, char: str) -> bool:
    face = _font(font, PROBE_PX)
    return _drawn(face, char) != _drawn(face, NOTDEF)


def _drawable(text: str) -> list[str]:
    """The characters of ``text`` that draw something (no spaces, controls), each once."""
    return list(dict.fromkeys(c for c in text if unicodedata.category(c)[0] not in "ZC"))


def missing(text: str, font: FontFile | None = None) -> str:
    """The characters of ``text`` that ``font`` (None: the bundled font) draws as its .notdef
    box, each once, in order. Raises OSError or ValueError when the font cannot be read."""
    return "".join(c for c in _drawable(text) if not _has(font, c))


def _language(chars: str) -> str:
    """The fontconfig language whose fonts have ``chars``: "ja", "ko", "zh-cn" or "" (other).

    Plain "zh" would not do: fonts declare zh-cn, zh-tw..., and fc-match ':lang=zh' answers
    with the default font even when a Chinese one is installed."""
    names = " ".join(unicodedata.name(c, "") for c in chars)
    for language, scripts in (
        ("ja", ("HIRAGANA", "KATAKANA")),
        ("ko", ("HANGUL",)),
        ("zh-cn", ("CJK", "IDEOGRAPHIC", "FULLWIDTH")),
    ):
        if any(script in names for script in scripts):
            return language
    return ""


def _override(environ: Mapping[str, str] | None) -> FontFile | None:
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if not value:
        return None
    font = FontFile(str(Path(value).expanduser()))
    try:
        _font(font, PROBE_PX)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{ENV_VAR} points at {value}, which is not a font file nemo can read.",
            hint=f"Point it at a .ttf, .otf or .ttc file, or unset {ENV_VAR}.",
        ) from exc
    return font


def _gaps(font: FontFile, text: str) -> int | None:
    """How many characters of ``text`` ``font`` lacks; None when it cannot be read."""
    if not os.path.isfile(font.path):
        return None
    try:
        return len(missing(text, font))
    except (OSError, ValueError):
        return None


def pick_font(text: str, environ: Mapping[str, str] | None = None) -> FontFile | None:
    """The font to draw ``text`` with. None (the bundled font) when it has every character;
    else the first that has them all of: NEMO_TITLE_FONT, ``FINDER``'s fonts for the language,
    ``KNOWN_FONTS``; else the one lacking the fewest, if it lacks fewer than the bundled font.

    Raises ConfigError when NEMO_TITLE_FONT is needed (set, and the text needs more than the
    bundled font) but is not a font file: a setting that is wrong is reported, not skipped.
    """
    lacking = missing(text)
    if not lacking:
        return None
    override = _override(environ)
    language = _language(lacking)
    found = FINDER(language, "" if language else lacking)
    best, fewest = None, len(lacking)
    for font in (*([override] if override else []), *found, *KNOWN_FONTS):
        gaps = _gaps(font, text)
        if gaps == 0:
            return font
        if gaps is not None and gaps < fewest:
            best, fewest = font, gaps
    return best


# ---------------------------------------------------------------- the edit-time check


def font_check(texts: Iterable[str], environ: Mapping[str, str] | None = None) -> Note | None:
    """What to tell the user when ``texts`` (titles just added) have characters no font here
    has, so they would show as boxes (``FontMissing``), or need a NEMO_TITLE_FONT that is
    broken (``FontFileBroken``); else None. ``messages.word`` says it."""
    shown: list[str] = []
    lacking: list[str] = []
    for text in dict.fromkeys(t.strip() for t in texts if t.strip()):
        try:
            gaps = missing(text, pick_font(text, environ))
        except ConfigError:
            value = (os.environ if environ is None else environ).get(ENV_VAR, "")
            return FontFileBroken(ENV_VAR, value)
        if gaps:
            shown.append(text)
            lacking += [c for c in gaps if c not in lacking]
    if not lacking:
        return None
    chars = "".join(lacking)
    whole = lacking == _drawable("".join(shown))
    package = "fonts-noto-cjk" if _language(chars) else "fonts-noto-core"
    return FontMissing(tuple(shown), chars, whole, package, ENV_VAR)


# ---------------------------------------------------------------- drawing


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


def render_title(
    text: str,
    size: str,
    width: int,
    height: int,
    out: Path,
    environ: Mapping[str, str] | None = None,
) -> tuple[int, int]:
    """Draw ``text`` for a ``width`` x ``height`` frame into ``out``; returns the PNG's size.

    ``environ`` (default ``os.environ``) is where NEMO_TITLE_FONT is read (see ``pick_font``).
    """
    from PIL import Image, ImageDraw

    px = font_px(size, width, height)
    font = _font(pick_font(text, environ), px)
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
