"""The ffmpeg filter that draws an ASS file onto the video, through the libass in ffmpeg.

Filter arguments have two levels of escaping (the option value inside the filter, then the
filter inside the graph): ``:`` separates options, ``'`` quotes, ``\\`` escapes, and ``,``
``;`` ``[`` ``]`` end filters. Paths are quoted with ``'`` at the option level and every
special character escaped at the graph level, so any file name works (Windows drive
letters included).
"""

from __future__ import annotations

from pathlib import Path


def _option_value(text: str) -> str:
    """Quote a value for a filter option (first level)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "'\\''") + "'"


def _graph(text: str) -> str:
    """Escape a filter's argument string for the filtergraph (second level)."""
    out = []
    for char in text:
        if char in "\\'[],;":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def subtitles_filter(ass_file: Path, fonts_dir: Path) -> str:
    """``subtitles=...`` drawing ``ass_file`` with the fonts in ``fonts_dir`` (and those only,
    as far as libass's font provider allows: the style names a font from this folder)."""
    args = (
        f"filename={_option_value(ass_file.as_posix())}"
        f":fontsdir={_option_value(fonts_dir.as_posix())}"
        ":charenc=UTF-8"
    )
    return "subtitles=" + _graph(args)
