"""What a media file's header says, as read by either reader (``ffmpeg -i`` text or ffprobe JSON).

Both readers (probe_text.py, probe_json.py) fill the same ``Header``; probe.py turns it into a
``Probe`` (one place decides still or moving, which sound is used, and how long the file is), so
the two readers cannot drift apart. Tests compare the two readers on the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Default handler names that muxers write: they say nothing about the track.
_PLAIN_HANDLERS = re.compile(r"handler|^core media|^gpac|^apple|^iso media|^mainconcept|^$", re.I)
# Pixel formats that carry transparency (pal8: a palette entry may be transparent).
_ALPHA_FORMATS = re.compile(r"^(yuva|rgba|bgra|argb|abgr|ya\d|gbrap|pal8)")


@dataclass(frozen=True)
class Colour:
    """How the picture's numbers map to colours (ffmpeg's names; None = not said)."""

    range: str | None = None  # "tv" | "pc"
    space: str | None = None  # the matrix: "bt709", "bt2020nc", ...
    primaries: str | None = None  # "bt709", "bt2020", ...
    transfer: str | None = None  # "bt709", "arib-std-b67" (HLG), "smpte2084" (PQ), ...


@dataclass(frozen=True)
class VideoStream:
    index: int  # the stream's number in the file (0:N)
    codec: str
    pix_fmt: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    sar: tuple[int, int] = (1, 1)  # sample (pixel) aspect ratio of the coded picture
    rotation_ccw: float | None = None  # display matrix: counter-clockwise degrees
    rotation_tag: float | None = None  # the older ``rotate`` tag: clockwise degrees
    colour: Colour = field(default_factory=Colour)
    attached_pic: bool = False  # cover art in an audio file
    group: int | None = None  # a tile grid (an iPhone HEIC photo): its stream group's number


@dataclass(frozen=True)
class AudioStream:
    """One sound track. ``duration`` is its own length in seconds, once measured."""

    index: int  # the stream's number in the file (0:N)
    codec: str
    sample_rate: int | None = None
    channels: int | None = None
    language: str | None = None
    title: str | None = None
    default: bool = False
    duration: float | None = None


@dataclass(frozen=True)
class Header:
    container: str
    duration: float | None  # what the container says, seconds
    start: float = 0.0
    brand: str | None = None  # an ISO file's major brand ("isom", "qt  ", "heic", ...)
    video: VideoStream | None = None  # the picture (the first video stream that is not cover art)
    audio: tuple[AudioStream, ...] = ()
    video_streams: int = 0  # how many video streams the file lists


def sar_of(text: str | None) -> tuple[int, int]:
    """``"64:45"`` -> (64, 45); unknown or zero (``"0:1"``, ``"N/A"``) -> (1, 1), reduced."""
    match = re.fullmatch(r"\s*(\d+)[:/](\d+)\s*", text or "")
    if not match or not int(match.group(1)) or not int(match.group(2)):
        return (1, 1)
    num, den = int(match.group(1)), int(match.group(2))
    from math import gcd

    g = gcd(num, den)
    return (num // g, den // g)


def track_title(*candidates: str | None) -> str | None:
    """The first name that says something (a ``title`` tag, a named handler); None if none."""
    for text in candidates:
        text = (text or "").strip()
        if text and not _PLAIN_HANDLERS.search(text):
            return text
    return None


def has_alpha(pix_fmt: str | None) -> bool:
    return bool(pix_fmt and _ALPHA_FORMATS.match(pix_fmt))


def language_of(text: str | None) -> str | None:
    text = (text or "").strip().lower()
    return None if text in ("", "und", "unk", "unknown") else text
