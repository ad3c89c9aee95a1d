"""What a media file holds, read from ``ffmpeg -hide_banner -i FILE`` (there is no ffprobe).

``parse_probe`` is pure: it reads ffmpeg's stderr text and is table-tested on captured outputs.
``probe`` runs ffmpeg and parses. Rotation is honoured (the display matrix side data and the
older ``rotate`` tag): a phone video stored 1920x1080 and shown upright reports 1080x1920,
because ffmpeg rotates it while decoding. A single-frame image (png, jpg, webp, a still gif)
is an ``image``; a file with no picture but sound is ``audio``; cover art in an audio file
(``attached pic``) does not make it a video.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ....errors import InputError, RenderError
from ....safe_text import one_line

# Demuxers that read one still picture ("png_pipe", "jpeg_pipe", "webp_pipe", "image2", ...).
_STILL_DEMUXERS = ("image2",)
_MAYBE_ANIMATED = ("gif", "apng", "webp")
_STILL_CODECS = ("png", "mjpeg", "webp", "gif", "bmp", "tiff", "jpegxl", "apng")
_ANIMATION_MIN_S = 0.1  # a gif lasting longer than this is an animation (a video)

_INPUT_RE = re.compile(r"^Input #0, (?P<fmt>.+), from '", re.M)
_DURATION_RE = re.compile(
    r"^\s*Duration: (?:(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)|N/A)", re.M
)
_STREAM_RE = re.compile(
    r"^\s*Stream #0:\d+(?:\[0x[0-9a-fA-F]+\])?(?:\([^)]*\))?: (?P<kind>\w+): (?P<rest>.*)$"
)
_MATRIX_RE = re.compile(r"display ?matrix: rotation of (?P<deg>-?\d+(?:\.\d+)?) degrees", re.I)
_ROTATE_TAG_RE = re.compile(r"^\s*rotate\s*: (?P<deg>-?\d+(?:\.\d+)?)\s*$")
_SIZE_RE = re.compile(r"^(?P<w>\d+)x(?P<h>\d+)(?:\s|$)")
_RATE_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<k>k?) (?P<unit>fps|tbr)$")
_HZ_RE = re.compile(r"^(?P<n>\d+) Hz$")
_CHANNEL_WORDS = {
    "mono": 1,
    "stereo": 2,
    "2.1": 3,
    "3.0": 3,
    "quad": 4,
    "4.0": 4,
    "5.0": 5,
    "5.1": 6,
    "6.1": 7,
    "7.1": 8,
}


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


def split_top(text: str) -> list[str]:
    """Split at commas that are not inside parentheses or brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _word(part: str) -> str:
    """``"yuv420p(progressive)"`` -> ``"yuv420p"``; ``"h264 (High) (avc1 / ...)"`` -> ``"h264"``."""
    return re.split(r"[\s(]", part, maxsplit=1)[0]


def _channels(part: str) -> int | None:
    name = _word(part)
    if name in _CHANNEL_WORDS:
        return _CHANNEL_WORDS[name]
    match = re.match(r"^(\d+) channels", part)
    return int(match.group(1)) if match else None


def _rate(parts: list[str]) -> float | None:
    found: dict[str, float] = {}
    for part in parts:
        match = _RATE_RE.match(part.split(" (")[0])
        if match:
            value = float(match.group("n")) * (1000 if match.group("k") else 1)
            found.setdefault(match.group("unit"), value)
    return found.get("fps") or found.get("tbr")


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


def parse_probe(stderr: str, name: str) -> Probe:
    """Read ``ffmpeg -i`` output for the file ``name`` (used in error messages)."""
    from ....media_files import SUPPORTED_TEXT

    shown = one_line(name, 200)
    header = _INPUT_RE.search(stderr)
    if header is None:
        reason = _reason(stderr)
        for prefix in (f"file:{name}: ", f"{name}: "):
            reason = reason.removeprefix(prefix)
        if "No such file" in reason:
            raise InputError(f"No such file: {shown}")
        raise InputError(
            f"Cannot read {shown}: {one_line(reason, 200)}",
            hint=f"Is it a complete media file? Supported: {SUPPORTED_TEXT}.",
        )
    container = header.group("fmt").strip()
    duration: float | None = None
    match = _DURATION_RE.search(stderr)
    if match and match.group("h") is not None:
        minutes = int(match.group("h")) * 60 + int(match.group("m"))
        duration = round(minutes * 60 + float(match.group("s")), 3)

    video: list[str] | None = None
    audio: list[str] | None = None
    rotation_ccw: float | None = None  # display matrix: counter-clockwise degrees
    rotation_tag: float | None = None  # rotate tag: clockwise degrees
    in_video = False
    for line in stderr.splitlines():
        stream = _STREAM_RE.match(line)
        if stream:
            kind, rest = stream.group("kind"), stream.group("rest")
            in_video = False
            if kind == "Video" and "(attached pic)" not in rest and video is None:
                video = split_top(rest)
                in_video = True
            elif kind == "Audio" and audio is None:
                audio = split_top(rest)
            continue
        if not in_video:
            continue
        matrix = _MATRIX_RE.search(line)
        if matrix and rotation_ccw is None:
            rotation_ccw = float(matrix.group("deg"))
        tag = _ROTATE_TAG_RE.match(line)
        if tag and rotation_tag is None:
            rotation_tag = float(tag.group("deg"))

    if video is None and audio is None:
        raise InputError(
            f"{shown} has no picture or sound that nemo can use.",
            hint=f"Supported: {SUPPORTED_TEXT}.",
        )

    rotation = 0
    if rotation_ccw is not None:
        rotation = round(-rotation_ccw) % 360
    elif rotation_tag is not None:
        rotation = round(rotation_tag) % 360

    width = height = None
    fps = vcodec = pix_fmt = None
    if video is not None:
        vcodec = _word(video[0])
        if len(video) > 1 and not _SIZE_RE.match(video[1]):
            pix_fmt = _word(video[1])
        for part in video:
            size = _SIZE_RE.match(part)
            if size:
                width, height = int(size.group("w")), int(size.group("h"))
                break
        fps = _rate(video)
        if width and height and rotation in (90, 270):
            width, height = height, width

    acodec = None
    sample_rate = channels = None
    if audio is not None:
        acodec = _word(audio[0])
        for part in audio[1:]:
            hz = _HZ_RE.match(part)
            if hz:
                sample_rate = int(hz.group("n"))
            elif channels is None and _channels(part) is not None:
                channels = _channels(part)

    file_type = "audio"
    if video is not None:
        file_type = "video"
        fmt = container.split(",")[0]
        if (
            fmt in _STILL_DEMUXERS
            or fmt.endswith("_pipe")
            or (fmt in _MAYBE_ANIMATED or vcodec in _STILL_CODECS)
            and (duration is None or duration <= _ANIMATION_MIN_S)
        ):
            file_type = "image"
    if file_type == "image":
        duration = None
        fps = None
    return Probe(
        file_type=file_type,
        container=container,
        duration=duration,
        width=width,
        height=height,
        fps=fps,
        rotation=rotation if video is not None else 0,
        has_audio=audio is not None,
        video_codec=vcodec,
        audio_codec=acodec,
        pix_fmt=pix_fmt,
        sample_rate=sample_rate,
        channels=channels,
    )


def probe(path: Path, ffmpeg: str) -> Probe:
    """Run ``ffmpeg -i`` on a local file and parse what it says. Unreadable -> InputError."""
    try:
        proc = subprocess.run(
            [ffmpeg, "-hide_banner", "-nostdin", "-i", f"file:{path}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"Reading {path} took too long: is it on a slow or stuck drive?") from None
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    return parse_probe(proc.stderr.decode("utf-8", errors="replace"), str(path))
