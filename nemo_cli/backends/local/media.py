"""A media file of a local session, as a type; ``from_json``/``to_json`` are the one place that
knows its keys in ``session.json`` (docs/ARCHITECTURE.md, "The local session store").

Files are referenced in place: ``path`` is where the file was when it was uploaded. Sizes are as
displayed (after rotation). The codec facts decide whether a render can stream-copy. An entry
written by an older nemo may lack some keys: they read as unknown (None) or their default.

To add a field: give it a default, read it in ``from_json``, write it in ``to_json`` (only when
set, if older sessions must keep comparing equal).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from ...values import frozen

FileType = Literal["video", "image", "audio"]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@frozen
class Media:
    id: str  # "m1"; "" until the session gives it one
    path: str
    filename: str
    file_type: FileType = "video"
    duration: float | None = None  # seconds; None for a still image or when unknown
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    rotation: int = 0
    has_audio: bool = False
    size: int | None = None
    mtime: float | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    pix_fmt: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    url: str | None = None  # where it was downloaded from

    @property
    def duration_ms(self) -> int | None:
        """The file's length in ms when known (never for a still image)."""
        if self.file_type == "image" or self.duration is None or self.duration <= 0:
            return None
        return int(round(self.duration * 1000))

    @property
    def visual(self) -> bool:
        """Can go on the video track (a video or a photo)."""
        return self.file_type in ("video", "image")

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Media:
        path = _text(raw.get("path")) or ""
        kind = raw.get("file_type")
        return cls(
            id=_text(raw.get("id")) or "",
            path=path,
            filename=_text(raw.get("filename")) or path.replace("\\", "/").rsplit("/", 1)[-1],
            file_type=kind if kind in ("video", "image", "audio") else "video",
            duration=_number(raw.get("duration")),
            width=_int(raw.get("width")),
            height=_int(raw.get("height")),
            fps=_number(raw.get("fps")),
            rotation=_int(raw.get("rotation")) or 0,
            has_audio=raw.get("has_audio") is True,
            size=_int(raw.get("size")),
            mtime=_number(raw.get("mtime")),
            video_codec=_text(raw.get("video_codec")),
            audio_codec=_text(raw.get("audio_codec")),
            pix_fmt=_text(raw.get("pix_fmt")),
            sample_rate=_int(raw.get("sample_rate")),
            channels=_int(raw.get("channels")),
            url=_text(raw.get("url")),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path, "filename": self.filename,
            "file_type": self.file_type, "duration": self.duration, "width": self.width,
            "height": self.height, "fps": self.fps, "rotation": self.rotation,
            "has_audio": self.has_audio, "size": self.size, "mtime": self.mtime,
            "video_codec": self.video_codec, "audio_codec": self.audio_codec,
            "pix_fmt": self.pix_fmt, "sample_rate": self.sample_rate, "channels": self.channels,
        }  # fmt: skip
        if self.url is not None:
            out["url"] = self.url
        out["id"] = self.id  # last, as sessions have always had it
        return out
