"""``ffmpeg -hide_banner -i FILE`` stderr -> ``Header`` (pure; table-tested on captured outputs).

The bundled ffmpeg comes without ffprobe, so this is the reader nemo uses most. It reads the
container line, the duration and start, the major brand, and each stream: codec, pixel format
with its colour description (``yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67)``), size, pixel
aspect (``[SAR 64:45 DAR 16:9]``), frame rate, rotation (display matrix or ``rotate`` tag),
language, title and the ``(default)`` flag.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import replace

from ....errors import InputError
from ....safe_text import one_line
from .probe_facts import (
    AudioStream,
    Colour,
    Header,
    VideoStream,
    language_of,
    sar_of,
    track_title,
)

_INPUT_RE = re.compile(r"^Input #0, (?P<fmt>.+), from '", re.M)
_DURATION_RE = re.compile(
    r"^\s*Duration: (?:(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)|N/A)"
    r"(?:, start: (?P<start>-?\d+(?:\.\d+)?))?",
    re.M,
)
_BRAND_RE = re.compile(r"^\s*major_brand\s*: (?P<brand>.*?)\s*$", re.M)
_STREAM_RE = re.compile(
    r"^\s*Stream #0:(?P<index>\d+)(?:\[0x[0-9a-fA-F]+\])?(?:\((?P<lang>[^)]*)\))?: "
    r"(?P<kind>\w+): (?P<rest>.*)$"
)
# A picture made of tiles (HEIC photos from phones): ffmpeg joins them as a stream group.
_GRID_RE = re.compile(
    r"^\s*Stream group #0:(?P<group>\d+)(?:\[0x[0-9a-fA-F]+\])?: Tile Grid: (?P<rest>.*)$"
)
_MATRIX_RE = re.compile(r"display ?matrix: rotation of (?P<deg>-?\d+(?:\.\d+)?) degrees", re.I)
_TAG_RE = re.compile(r"^\s{4,}(?P<key>\w+)\s*: (?P<value>.*?)\s*$")
_SIZE_RE = re.compile(r"^(?P<w>\d+)x(?P<h>\d+)(?:\s|$)")
_SAR_RE = re.compile(r"\bSAR (?P<sar>\d+:\d+)")
_RATE_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<k>k?) (?P<unit>fps|tbr)$")
_HZ_RE = re.compile(r"^(?P<n>\d+) Hz$")
_FIELD_ORDERS = (
    "progressive",
    "top first",
    "bottom first",
    "top coded first (swapped)",
    "bottom coded first (swapped)",
)
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


def colour_of(pix_part: str) -> Colour:
    """``"yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67, progressive)"`` -> its ``Colour``.

    ffmpeg writes one name when matrix, primaries and transfer agree (``bt709``), else all
    three as ``matrix/primaries/transfer``; ``unknown`` is left out.
    """
    inside = re.search(r"\((.*)\)\s*$", pix_part)
    if not inside:
        return Colour()
    colour_range = space = primaries = transfer = None
    for item in (i.strip() for i in inside.group(1).split(",")):
        if item in ("tv", "pc"):
            colour_range = item
        elif "/" in item:
            space, primaries, transfer = (
                None if x == "unknown" else x for x in (item.split("/") + ["", ""])[:3]
            )
        elif item and item not in _FIELD_ORDERS and item != "unknown":
            space = primaries = transfer = item
    return Colour(colour_range, space or None, primaries or None, transfer or None)


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


def unreadable(reason: str, name: str) -> InputError:
    """The error for a file ffmpeg cannot open, naming the file and ffmpeg's reason."""
    from ....media_files import LOCAL_TEXT

    shown = one_line(name, 200)
    for prefix in (f"file:{name}: ", f"{name}: "):
        reason = reason.removeprefix(prefix)
    if "No such file" in reason:
        return InputError(f"No such file: {shown}")
    return InputError(
        f"Cannot read {shown}: {one_line(reason, 200)}",
        hint=f"Is it a complete media file? {LOCAL_TEXT}",
    )


def _video(index: int, rest: str) -> VideoStream:
    parts = split_top(rest)
    pix_fmt = None
    colour = Colour()
    if len(parts) > 1 and not _SIZE_RE.match(parts[1]):
        pix_fmt = _word(parts[1]) if _word(parts[1]) != "none" else None
        colour = colour_of(parts[1])
    width = height = None
    for part in parts:
        size = _SIZE_RE.match(part)
        if size:
            width, height = int(size.group("w")), int(size.group("h"))
            break
    sar = _SAR_RE.search(rest)
    return VideoStream(
        index=index,
        codec=_word(parts[0]),
        pix_fmt=pix_fmt,
        width=width,
        height=height,
        fps=_rate(parts),
        sar=sar_of(sar.group("sar") if sar else None),
        colour=colour,
        attached_pic="(attached pic)" in rest,
    )


def _audio(index: int, rest: str, lang: str | None) -> AudioStream:
    parts = split_top(rest)
    sample_rate = channels = None
    for part in parts[1:]:
        hz = _HZ_RE.match(part)
        if hz:
            sample_rate = int(hz.group("n"))
        elif channels is None and _channels(part) is not None:
            channels = _channels(part)
    return AudioStream(
        index=index,
        codec=_word(parts[0]),
        sample_rate=sample_rate,
        channels=channels,
        language=language_of(lang),
        default="(default)" in rest,
    )


def parse_header(stderr: str, name: str) -> Header:
    """Read ``ffmpeg -i`` output for the file ``name`` (named in error messages)."""
    header = _INPUT_RE.search(stderr)
    if header is None:
        raise unreadable(_reason(stderr), name)
    duration: float | None = None
    start = 0.0
    match = _DURATION_RE.search(stderr)
    if match and match.group("h") is not None:
        minutes = int(match.group("h")) * 60 + int(match.group("m"))
        duration = round(minutes * 60 + float(match.group("s")), 3)
    if match and match.group("start"):
        start = float(match.group("start"))
    brand = _BRAND_RE.search(stderr.split("Stream #", 1)[0])

    video: VideoStream | None = None
    audio: list[AudioStream] = []
    tags: dict[str, str] = {}
    current: str | None = None  # "video" (the picture), "audio" or None (anything else)

    def close() -> None:
        if current == "audio" and audio:
            title = track_title(tags.get("title"), tags.get("name"), tags.get("handler_name"))
            if title:
                audio[-1] = replace(audio[-1], title=title)

    videos = 0
    for line in stderr.splitlines():
        grid = _GRID_RE.match(line)
        if grid:
            close()
            tags, current = {}, "video"
            video = replace(_video(-1, grid.group("rest")), group=int(grid.group("group")))
            continue
        stream = _STREAM_RE.match(line)
        if stream:
            close()
            tags = {}
            current = None
            kind, rest, index = stream.group("kind"), stream.group("rest"), int(stream["index"])
            videos += kind == "Video"
            if kind == "Video" and video is None and "(attached pic)" not in rest:
                video = _video(index, rest)
                current = "video"
            elif kind == "Audio":
                audio.append(_audio(index, rest, stream.group("lang")))
                current = "audio"
            continue
        if not line.startswith("    "):  # a line of the input, not of the stream above
            close()
            current = None
            continue
        tag = _TAG_RE.match(line)
        if tag and current is not None:
            tags.setdefault(tag.group("key").lower(), tag.group("value"))
        if current == "video" and video is not None:
            matrix = _MATRIX_RE.search(line)
            if matrix and video.rotation_ccw is None:
                video = replace(video, rotation_ccw=float(matrix.group("deg")))
            if tag and tag.group("key") == "rotate" and video.rotation_tag is None:
                with contextlib.suppress(ValueError):
                    video = replace(video, rotation_tag=float(tag.group("value")))
    close()
    return Header(
        container=header.group("fmt").strip(),
        duration=duration,
        start=start,
        brand=brand.group("brand") if brand else None,
        video=video,
        audio=tuple(audio),
        video_streams=videos,
    )
