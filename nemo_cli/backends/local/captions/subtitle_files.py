"""Subtitle files in and out (``.srt``, ``.vtt``, ``.ass``/``.ssa``), through pysubs2.

Reading keeps each cue's times (milliseconds) and its plain text: ASS override tags and SRT
``<i>`` markup are dropped, line breaks kept. Files are read as UTF-8 (with or without a
BOM); a file that is not UTF-8 is read as GB18030 when that makes it mostly Chinese text,
else as Windows-1252. Writing goes through ``files.atomic_write_text``: a reader never sees
half a file. ``.ass`` is written with the captions' style (see ``ass.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ....errors import InputError, NemoError, UsageError
from ....files import atomic_write_text
from .cues import Cue
from .style import CaptionStyle

FORMATS = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ass"}
MAX_BYTES = 20 * 1024 * 1024  # a subtitle file larger than this is not one
_CJK = re.compile("[\u3400-\u9fff]")


def is_subtitle_file(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def format_for(path: Path, fmt: str | None = None) -> str:
    """``srt``, ``vtt`` or ``ass``: ``fmt`` when given, else the file's extension."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    chosen = {"ssa": "ass", "webvtt": "vtt"}.get(chosen, chosen)
    if chosen not in ("srt", "vtt", "ass"):
        raise UsageError(
            f"Captions are written as .srt, .vtt or .ass, not '{chosen or path.name}'.",
            hint="Example: nemo export -o captions.srt",
        )
    return chosen


def decode(data: bytes) -> str:
    """Subtitle bytes as text (see the module docstring for the order tried)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        wide = [c for c in text if ord(c) > 0x7F]
        if wide and len(_CJK.findall(text)) >= 0.6 * len(wide):
            return text
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace")


def read(path: Path) -> list[Cue]:
    """The cues of a subtitle file, in time order. InputError when it is not one."""
    import pysubs2

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path.name} is too large for a subtitle file ({size} bytes).")
        text = decode(path.read_bytes())
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    fmt = {"srt": "srt", "vtt": "vtt", "ass": "ass"}.get(FORMATS.get(path.suffix.lower(), ""))
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=fmt)
    except Exception as exc:  # pysubs2 raises several kinds for a malformed file
        raise InputError(f"{path.name} is not a readable subtitle file: {exc}") from exc
    cues = [
        Cue(max(0, e.start), max(0, e.end), _plain(e.plaintext))
        for e in subs
        if not e.is_comment and e.end > e.start and _plain(e.plaintext)
    ]
    if not cues:
        raise InputError(f"{path.name} holds no captions.")
    return sorted(cues, key=lambda c: (c.start, c.end))


def _plain(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\\h", " ").split("\n")]
    return "\n".join(line for line in lines if line)


def to_text(
    cues: Sequence[Cue],
    fmt: str,
    *,
    style: CaptionStyle | None = None,
    width: int = 1920,
    height: int = 1080,
    font: str = "Aileron",
) -> str:
    """The file's text in ``fmt`` (srt, vtt or ass)."""
    if fmt == "ass":
        from . import ass

        return ass.to_text(cues, style or CaptionStyle(), width, height, font=font)
    import pysubs2

    subs = pysubs2.SSAFile()
    for cue in cues:
        event = pysubs2.SSAEvent(start=cue.start, end=cue.end)
        # pysubs2 reads braces as ASS tags and would drop what is between them
        event.plaintext = cue.text.replace("{", "(").replace("}", ")")
        subs.append(event)
    return str(subs.to_string(fmt))


def write(
    cues: Sequence[Cue],
    path: Path,
    fmt: str | None = None,
    *,
    style: CaptionStyle | None = None,
    width: int = 1920,
    height: int = 1080,
    font: str = "Aileron",
) -> str:
    """Write ``cues`` to ``path`` (atomically); returns the format written."""
    chosen = format_for(path, fmt)
    text = to_text(cues, chosen, style=style, width=width, height=height, font=font)
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise NemoError(
            f"Cannot write {path}: {exc.strerror or exc}", hint="Choose another folder with -o."
        ) from exc
    return chosen
