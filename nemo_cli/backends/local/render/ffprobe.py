"""What a media file holds, from ``ffprobe -of json``, when an ffprobe sits beside the ffmpeg in
use (``NEMO_FFMPEG=/usr/bin/ffmpeg`` has ``/usr/bin/ffprobe``; the ffmpeg imageio-ffmpeg ships
has none, and then ``probe.parse_probe`` reads ``ffmpeg -i`` instead).

JSON fields are a stable interface, where ``ffmpeg -i`` is text for people that each version
words a little differently; and they are more exact (durations to the microsecond, where
``ffmpeg -i`` rounds to the hundredth). ``parse_ffprobe`` is pure and gives the same ``Probe`` as
``parse_probe`` for the same file (tests/test_probe.py compares both on captured outputs and on
real files), the same errors too.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from ....errors import InputError, RenderError
from .probe_result import Probe, is_still, nothing_usable, unreadable

ARGS = ("-v", "error", "-of", "json", "-show_format", "-show_streams")


def ffprobe_beside(ffmpeg: str) -> str | None:
    """The ffprobe in the same folder as ``ffmpeg`` and named like it (``ffmpeg`` ->
    ``ffprobe``, ``ffmpeg.exe`` -> ``ffprobe.exe``), if it is an executable file."""
    path = Path(ffmpeg)
    if not path.name.lower().startswith("ffmpeg"):
        return None
    candidate = path.with_name("ffprobe" + path.name[len("ffmpeg") :])
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number > 0 else None


def _ratio(value: Any) -> float | None:
    """``"30000/1001"`` -> 29.97 (rounded as ``ffmpeg -i`` shows it); ``"0/0"`` -> None."""
    if not isinstance(value, str) or "/" not in value:
        return None
    num, den = (_number(part) for part in value.split("/", 1))
    if not num or not den:
        return None
    return round(num / den, 2)


def _rotation(stream: dict[str, Any]) -> int:
    """Degrees clockwise the player turns the picture: the display matrix (counter-clockwise
    degrees, as ``ffmpeg -i`` prints them) or else the older ``rotate`` tag (clockwise)."""
    for side in stream.get("side_data_list") or []:
        if isinstance(side, dict) and _number(side.get("rotation")) is not None:
            return round(-float(side["rotation"])) % 360
    tags = stream.get("tags")
    tag = _number(tags.get("rotate")) if isinstance(tags, dict) else None
    return round(tag) % 360 if tag is not None else 0


def _attached_picture(stream: dict[str, Any]) -> bool:
    disposition = stream.get("disposition")
    return isinstance(disposition, dict) and disposition.get("attached_pic") == 1


def _first(streams: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    for stream in streams:
        if stream.get("codec_type") == kind and not (kind == "video" and _attached_picture(stream)):
            return stream
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_ffprobe(out: str, err: str, name: str) -> Probe:
    """Read ``ffprobe -of json -show_format -show_streams`` output (``out``) for the file
    ``name``; ``err`` is what it wrote to stderr (the reason, when it could not read it)."""
    try:
        data = json.loads(out)
    except (ValueError, RecursionError):
        data = None
    fmt = data.get("format") if isinstance(data, dict) else None
    if not isinstance(fmt, dict):
        raise unreadable(err, name)
    listed = data.get("streams") if isinstance(data, dict) else None
    streams = [s for s in listed if isinstance(s, dict)] if isinstance(listed, list) else []
    video, audio = _first(streams, "video"), _first(streams, "audio")
    if video is None and audio is None:
        raise nothing_usable(name)

    container = _text(fmt.get("format_name")) or ""
    duration = _number(fmt.get("duration"))
    duration = round(duration, 3) if duration is not None and duration >= 0 else None
    file_type, width, height, fps, rotation = "audio", None, None, None, 0
    vcodec = pix_fmt = None
    if video is not None:
        vcodec, pix_fmt = _text(video.get("codec_name")), _text(video.get("pix_fmt"))
        width, height = _integer(video.get("width")), _integer(video.get("height"))
        rotation = _rotation(video)
        if width and height and rotation in (90, 270):
            width, height = height, width
        fps = _ratio(video.get("avg_frame_rate")) or _ratio(video.get("r_frame_rate"))
        file_type = "image" if is_still(container, vcodec, duration) else "video"
    if file_type == "image":
        duration = fps = None
    return Probe(
        file_type=file_type,
        container=container,
        duration=duration,
        width=width,
        height=height,
        fps=fps,
        rotation=rotation,
        has_audio=audio is not None,
        video_codec=vcodec,
        audio_codec=_text(audio.get("codec_name")) if audio else None,
        pix_fmt=pix_fmt,
        sample_rate=_integer(audio.get("sample_rate")) if audio else None,
        channels=_integer(audio.get("channels")) if audio else None,
    )


def run_ffprobe(path: Path, ffprobe: str) -> Probe:
    """Run ffprobe on a local file and parse what it says. Unreadable -> InputError."""
    try:
        proc = subprocess.run(
            [ffprobe, *ARGS, f"file:{path}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"Reading {path} took too long: is it on a slow or stuck drive?") from None
    except OSError as exc:
        raise RenderError(f"Cannot run ffprobe ({ffprobe}): {exc.strerror or exc}") from exc
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    return parse_ffprobe(out if proc.returncode == 0 else "", err, str(path))
