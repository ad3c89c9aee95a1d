"""Finding the ffmpeg binary: ``NEMO_FFMPEG`` if set, else the one ``imageio-ffmpeg`` ships.

``imageio-ffmpeg`` is a dependency, so a plain ``pip install`` brings a working ffmpeg on every
platform it supports; it ships no ffprobe, so probing parses ``ffmpeg -i`` output (probe.py),
unless an ffprobe sits beside the ffmpeg chosen (a system one: ffprobe.py reads its JSON).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ....errors import ConfigError, RenderError


def ffmpeg_exe(environ: Mapping[str, str] | None = None) -> str:
    """The ffmpeg to run. A bad ``NEMO_FFMPEG`` is reported, never silently replaced."""
    environ = os.environ if environ is None else environ
    override = environ.get("NEMO_FFMPEG", "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_file() or not os.access(path, os.X_OK):
            raise ConfigError(
                f"NEMO_FFMPEG points at {override}, which is not an executable file.",
                hint="Fix the path, or unset NEMO_FFMPEG to use the ffmpeg bundled with nemo.",
            )
        return str(path)
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise RenderError(
            f"No ffmpeg found: {exc}",
            hint="Reinstall nemo (pip install --force-reinstall imageio-ffmpeg), "
            "or point NEMO_FFMPEG at an ffmpeg binary.",
        ) from exc
