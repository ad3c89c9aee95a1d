"""What a probe found (``Probe``), and the rules both readers share: ``ffmpeg -i`` text
(``probe.py``) and ``ffprobe -of json`` (``ffprobe.py``) give the same ``Probe`` and the same
errors for the same file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ....errors import InputError
from ....safe_text import one_line

# Demuxers that read one still picture ("png_pipe", "jpeg_pipe", "webp_pipe", "image2", ...).
_STILL_DEMUXERS = ("image2",)
_MAYBE_ANIMATED = ("gif", "apng", "webp")
_STILL_CODECS = ("png", "mjpeg", "webp", "gif", "bmp", "tiff", "jpegxl", "apng")
_ANIMATION_MIN_S = 0.1  # a gif lasting longer than this is an animation (a video)


@dataclass(frozen=True)
class Probe:
    """What nemo needs to know about one file. Sizes are as displayed (after rotation)."""

    file_type: str  # "video" | "image" | "audio"
    container: str
    duration: float | None  # seconds; None for a still image
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    rotation: int = 0  # degrees clockwise the player turns the picture (0, 90, 180, 270)
    has_audio: bool = False
    video_codec: str | None = None
    audio_codec: str | None = None
    pix_fmt: str | None = None
    sample_rate: int | None = None
    channels: int | None = None


def _reason(stderr: str) -> str:
    """The most telling line of a failed ``ffmpeg -i``: the cause after "Error opening input"."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for line in lines:
        if "Error opening input:" in line:
            return line.split("Error opening input:", 1)[1].strip()
    useful = [ln for ln in lines if not ln.startswith("At least one output file")]
    if useful:
        return re.sub(r"^\[[^\]]*\]\s*", "", useful[-1])
    return "ffmpeg could not read it"


def unreadable(stderr: str, name: str) -> InputError:
    """The error for a file ffmpeg or ffprobe could not open, from what it said."""
    from ....media_files import SUPPORTED_TEXT

    shown = one_line(name, 200)
    reason = _reason(stderr)
    for prefix in (f"file:{name}: ", f"{name}: "):
        reason = reason.removeprefix(prefix)
    if "No such file" in reason:
        return InputError(f"No such file: {shown}")
    return InputError(
        f"Cannot read {shown}: {one_line(reason, 200)}",
        hint=f"Is it a complete media file? Supported: {SUPPORTED_TEXT}.",
    )


def nothing_usable(name: str) -> InputError:
    from ....media_files import SUPPORTED_TEXT

    return InputError(
        f"{one_line(name, 200)} has no picture or sound that nemo can use.",
        hint=f"Supported: {SUPPORTED_TEXT}.",
    )


def is_still(container: str, video_codec: str | None, duration: float | None) -> bool:
    """A picture stream that is one still image (a png, a jpg, a gif of one frame)."""
    fmt = container.split(",")[0]
    return (
        fmt in _STILL_DEMUXERS
        or fmt.endswith("_pipe")
        or (fmt in _MAYBE_ANIMATED or video_codec in _STILL_CODECS)
        and (duration is None or duration <= _ANIMATION_MIN_S)
    )
