"""``ffprobe -of json -show_format -show_streams`` -> ``Header`` (pure; table-tested).

Used when an ffprobe sits beside the ffmpeg nemo runs (a system ffmpeg, ``NEMO_FFMPEG``): its
JSON is a stable interface, where ``ffmpeg -i`` text is meant for people. The bundled ffmpeg
has no ffprobe, so probe_text.py reads the same facts from ``ffmpeg -i``; tests run both on the
same files and require the same result.
"""

from __future__ import annotations

import json
from typing import Any

from .probe_facts import AudioStream, Colour, Header, VideoStream, language_of, sar_of, track_title
from .probe_text import unreadable


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN -> None


def _fraction(text: Any) -> float | None:
    """``"30000/1001"`` -> 29.97 (two decimals, as ``ffmpeg -i`` prints it); ``"0/0"`` -> None."""
    num, _, den = str(text or "").partition("/")
    top, bottom = _number(num), _number(den or 1)
    if not top or not bottom:
        return None
    return round(top / bottom, 2)


def _colour(stream: dict[str, Any]) -> Colour:
    def known(key: str) -> str | None:
        value = stream.get(key)
        return value if isinstance(value, str) and value not in ("", "unknown") else None

    return Colour(
        known("color_range"),
        known("color_space"),
        known("color_primaries"),
        known("color_transfer"),
    )


def _rotation(stream: dict[str, Any]) -> tuple[float | None, float | None]:
    """(display matrix counter-clockwise degrees, ``rotate`` tag clockwise degrees)."""
    matrix = None
    for side in stream.get("side_data_list") or []:
        if isinstance(side, dict) and "rotation" in side:
            matrix = _number(side.get("rotation"))
            break
    return matrix, _number(_tags(stream).get("rotate"))


def _tags(item: dict[str, Any]) -> dict[str, str]:
    tags = item.get("tags")
    if not isinstance(tags, dict):
        return {}
    return {str(k).lower(): str(v) for k, v in tags.items()}


def _disposition(stream: dict[str, Any], key: str) -> bool:
    disposition = stream.get("disposition")
    return isinstance(disposition, dict) and bool(disposition.get(key))


def parse_json(text: str, name: str) -> Header:
    """Read ffprobe's JSON for the file ``name``. An ffprobe that failed is an InputError."""
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError:
        data = {}
    fmt = data.get("format") if isinstance(data, dict) else None
    if not isinstance(fmt, dict):
        raise unreadable("ffprobe could not read it", name)
    video: VideoStream | None = None
    audio: list[AudioStream] = []
    videos = 0
    for stream in data.get("streams") or []:
        if not isinstance(stream, dict):
            continue
        kind = stream.get("codec_type")
        videos += kind == "video"
        tags = _tags(stream)
        index = int(_number(stream.get("index")) or 0)
        if kind == "video" and video is None and not _disposition(stream, "attached_pic"):
            matrix, tag = _rotation(stream)
            width, height = _number(stream.get("width")), _number(stream.get("height"))
            video = VideoStream(
                index=index,
                codec=str(stream.get("codec_name") or "none"),
                pix_fmt=stream.get("pix_fmt") or None,
                width=int(width) if width else None,
                height=int(height) if height else None,
                fps=_fraction(stream.get("avg_frame_rate"))
                or _fraction(stream.get("r_frame_rate")),
                sar=sar_of(stream.get("sample_aspect_ratio")),
                rotation_ccw=matrix,
                rotation_tag=tag,
                colour=_colour(stream),
            )
        elif kind == "audio":
            rate, channels = _number(stream.get("sample_rate")), _number(stream.get("channels"))
            audio.append(
                AudioStream(
                    index=index,
                    codec=str(stream.get("codec_name") or "none"),
                    sample_rate=int(rate) if rate else None,
                    channels=int(channels) if channels else None,
                    language=language_of(tags.get("language")),
                    title=track_title(
                        tags.get("title"), tags.get("name"), tags.get("handler_name")
                    ),
                    default=_disposition(stream, "default"),
                )
            )
    duration = _number(fmt.get("duration"))
    brand = _tags(fmt).get("major_brand")
    return Header(
        container=str(fmt.get("format_name") or "unknown"),
        duration=round(duration, 2) if duration is not None else None,
        start=_number(fmt.get("start_time")) or 0.0,
        brand=brand,
        video=video,
        audio=tuple(audio),
        video_streams=videos,
    )
