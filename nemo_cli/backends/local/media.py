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
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from .render.probe_facts import Colour

if TYPE_CHECKING:
    from .render.probe_facts import AudioStream

from ...values import frozen

FileType = Literal["video", "image", "audio"]
HDR_TRANSFERS = {"arib-std-b67": "hlg", "smpte2084": "pq"}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _colour(raw: Any) -> Colour:
    if not isinstance(raw, Mapping):
        return Colour()
    return Colour(
        _text(raw.get("range")),
        _text(raw.get("space")),
        _text(raw.get("primaries")),
        _text(raw.get("transfer")),
    )


def _sar(value: Any) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+):(\d+)", value) if isinstance(value, str) else None
    if not match or not int(match.group(1)) or not int(match.group(2)):
        return (1, 1)
    return (int(match.group(1)), int(match.group(2)))


@frozen
class Track:
    """One sound track of a file. ``index`` is its stream number in the file (``0:N``);
    ``duration`` its own length in seconds, as measured from its packets."""

    index: int
    codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    language: str | None = None
    title: str | None = None
    default: bool = False
    duration: float | None = None

    def label(self, position: int) -> str:
        """``"Commentary (eng)"``, ``"fra"``, else ``"track 2"`` (``position`` counts from 0)."""
        if self.title:
            return f"{self.title} ({self.language})" if self.language else self.title
        return self.language or f"track {position + 1}"

    @classmethod
    def from_probe(cls, stream: AudioStream) -> Track:
        return cls(
            stream.index,
            stream.codec,
            stream.sample_rate,
            stream.channels,
            stream.language,
            stream.title,
            stream.default,
            stream.duration,
        )

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Track:
        return cls(
            index=_int(raw.get("index")) or 0,
            codec=_text(raw.get("codec")),
            sample_rate=_int(raw.get("sample_rate")),
            channels=_int(raw.get("channels")),
            language=_text(raw.get("language")),
            title=_text(raw.get("title")),
            default=raw.get("default") is True,
            duration=_number(raw.get("duration")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "codec": self.codec,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "language": self.language,
            "title": self.title,
            "default": self.default,
            "duration": self.duration,
        }


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
    sar: tuple[int, int] = (1, 1)  # pixel shape of the displayed picture (PAL DV: 64:45)
    alpha: bool = False  # the picture has transparent parts
    colour: Colour = Colour()  # how its numbers map to colours (HDR: HLG / PQ transfer)
    tracks: tuple[Track, ...] = ()  # its sound tracks
    track: int = 0  # which of ``tracks`` plays unless a clip picks another (the default one)
    video_duration: float | None = None  # where the picture really ends (s), when measured
    file_duration: float | None = None  # the container's claim, when what plays is shorter
    frames: int | None = None  # an animation's frame count
    group: int | None = None  # a photo in tiles (HEIC): the stream group that joins them

    @property
    def hdr(self) -> str | None:
        """``"hlg"`` or ``"pq"`` for a high-dynamic-range picture, else None."""
        return HDR_TRANSFERS.get(self.colour.transfer or "")

    @property
    def display_size(self) -> tuple[int | None, int | None]:
        """The picture's size as seen: a 720x576 file with SAR 64:45 shows as 1024x576."""
        if not self.width or not self.height or self.sar[0] == self.sar[1]:
            return (self.width, self.height)
        return (round(self.width * self.sar[0] / self.sar[1]), self.height)

    def track_at(self, position: int | None) -> Track | None:
        """The sound track at ``position`` in ``tracks`` (None: the one that plays)."""
        position = self.track if position is None else position
        return self.tracks[position] if 0 <= position < len(self.tracks) else None

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
            sar=_sar(raw.get("sar")),
            alpha=raw.get("alpha") is True,
            colour=_colour(raw.get("color")),
            tracks=tuple(
                Track.from_json(t) for t in raw.get("audio_streams") or [] if isinstance(t, Mapping)
            ),
            track=_int(raw.get("audio_stream")) or 0,
            video_duration=_number(raw.get("video_duration")),
            file_duration=_number(raw.get("file_duration")),
            frames=_int(raw.get("frames")),
            group=_int(raw.get("grid")),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "filename": self.filename,
            "file_type": self.file_type,
            "duration": self.duration,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "rotation": self.rotation,
            "has_audio": self.has_audio,
            "size": self.size,
            "mtime": self.mtime,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "pix_fmt": self.pix_fmt,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
        }
        if self.url is not None:
            out["url"] = self.url
        if self.sar != (1, 1):
            out["sar"] = f"{self.sar[0]}:{self.sar[1]}"
        if self.alpha:
            out["alpha"] = True
        if self.colour != Colour():
            c = self.colour
            out["color"] = {
                "range": c.range,
                "space": c.space,
                "primaries": c.primaries,
                "transfer": c.transfer,
            }
        if self.tracks:
            out["audio_streams"] = [t.to_json() for t in self.tracks]
            out["audio_stream"] = self.track
        for key in ("video_duration", "file_duration", "frames"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.group is not None:
            out["grid"] = self.group
        out["id"] = self.id  # last, as sessions have always had it
        return out
