"""The fonts libass draws captions with: files in a folder handed to ffmpeg's ``fontsdir``.

The default is the font that ships inside Pillow (Aileron Regular, a basic-Latin subset: the
same one the titles use), written out once into nemo's cache, so captions never depend on a
system font a fresh machine may lack. Text with characters it lacks (Chinese, accented
letters) is drawn with a font file found by the titles' font fallback; that file is linked
into the folder too, and the ASS style names its family.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ....files import atomic_write_bytes

BUNDLED_FILE = "Aileron-Regular.ttf"


@dataclass(frozen=True)
class FontFolder:
    path: Path  # hand this to libass (fontsdir)
    family: str  # the family an ASS style names


def cache_fonts_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("nemo", appauthor=False)) / "fonts"


def bundled_font_bytes() -> tuple[bytes, str]:
    """The bytes and family name of the font Pillow ships."""
    from PIL import ImageFont

    font = ImageFont.load_default(size=20)
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow built without FreeType
        from ....errors import RenderError

        raise RenderError(
            "This Pillow has no FreeType, so it has no scalable font for captions.",
            hint="Reinstall Pillow from its wheel: pip install --force-reinstall pillow",
        )
    family = font.getname()[0] or "Aileron"
    return font.font_bytes, family


def family_of(path: Path, index: int = 0) -> str:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), 20, index=index).getname()[0] or path.stem


def bundled_folder(root: Path | None = None) -> FontFolder:
    """A folder holding only the bundled font (written once, keyed by its content)."""
    data, family = bundled_font_bytes()
    key = hashlib.sha256(data).hexdigest()[:16]
    folder = (root or cache_fonts_root()) / f"bundled-{key}"
    target = folder / BUNDLED_FILE
    if not (target.is_file() and target.stat().st_size == len(data)):
        atomic_write_bytes(target, data)
    return FontFolder(folder, family)


def folder_for(
    texts: Iterable[str],
    work: Path,
    environ: Mapping[str, str] | None = None,
    root: Path | None = None,
) -> FontFolder:
    """The fonts for captions reading ``texts``, in ``work/fonts``: the bundled font, plus the
    font the titles' fallback picks when the bundled one lacks some of their characters
    (linked in; the style then names that font's family). Raises ConfigError for a broken
    ``NEMO_TITLE_FONT`` that the text needs, as the titles do."""
    from ..render.titles import pick_font

    bundled = bundled_folder(root)
    folder = work / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundled.path / BUNDLED_FILE, folder / BUNDLED_FILE)
    fallback = pick_font("".join(texts), environ)
    if fallback is None:
        return FontFolder(folder, bundled.family)
    source = Path(fallback.path)
    link = folder / f"fallback{source.suffix.lower()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    try:
        os.symlink(source, link)
    except OSError:  # no symlinks here (some Windows setups): a copy does the same
        shutil.copyfile(source, link)
    return FontFolder(folder, family_of(source, fallback.index))
