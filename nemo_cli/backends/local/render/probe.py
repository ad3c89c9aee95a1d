"""What a media file holds and how long each of its streams really is.

``probe(path, ffmpeg)`` reads the header (ffprobe's JSON when an ffprobe sits beside the ffmpeg
nemo runs, else the ``ffmpeg -i`` text: probe_json.py, probe_text.py), decides what the file is
(``classify``), then measures where its streams end from their packets (stream_ends.py), because
a container's duration is only a claim.

- Sizes are as displayed: a phone video stored 1920x1080 and shown upright reports 1080x1920
  (ffmpeg rotates it while decoding); ``sar`` is the pixel shape of that displayed picture (a
  PAL DV file is 720x576 with SAR 64:45: 16:9 on screen).
- A single-frame image (png, jpg, webp, heic, a still gif) is an ``image``; an animated GIF or
  WebP is a ``video`` whose length is read from its frames; a file with no picture but sound is
  ``audio``; cover art in an audio file (``attached pic``) does not make it a video.
- ``audio_stream`` is the sound track that plays: the one flagged default, else the first.
- ``duration`` is the length nemo uses: the container's, unless a stream the file plays ends
  early (an interrupted copy, a picture that stops before its sound): then the end of the
  longest stream, with ``file_duration`` keeping the claim and ``video_duration`` /
  ``AudioStream.duration`` the measured lengths.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ....errors import InputError, RenderError
from ....safe_text import one_line
from .probe_facts import AudioStream, Colour, Header, has_alpha
from .probe_json import parse_json
from .probe_text import parse_header, split_top, unreadable
from .stream_ends import Ends, scan

__all__ = ["AudioStream", "Colour", "Probe", "classify", "parse_probe", "probe", "split_top"]

# Demuxers that read one still picture ("png_pipe", "jpeg_pipe", "webp_pipe", "image2", ...).
_STILL_DEMUXERS = ("image2",)
_MAYBE_ANIMATED = ("gif", "apng", "webp", "webp_anim")
_STILL_CODECS = ("png", "mjpeg", "webp", "gif", "bmp", "tiff", "jpegxl", "apng")
_STILL_BRANDS = ("heic", "heix", "heim", "heis", "mif1", "avif")  # HEIF / AVIF photos
# Demuxers and codecs that make a "picture" out of any text or bytes (ANSI art, binary text).
_NOT_MEDIA = ("tty", "bin", "xbin", "adf", "idf", "ffmetadata")
_TEXT_ART = ("ansi", "bintext", "xbin", "idf")
_ANIMATION_MIN_S = 0.1  # a gif lasting longer than this is an animation (a video)
TAIL_S = 4.0  # the quick check reads the last seconds of the file
SHORT_S = 0.5  # a stream that stops this much before the file's end "ends early"
HDR_TRANSFERS = {"arib-std-b67": "hlg", "smpte2084": "pq"}


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
    audio_codec: str | None = None  # this and the next two: of the track that plays
    pix_fmt: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    sar: tuple[int, int] = (1, 1)  # pixel shape of the displayed picture
    colour: Colour = field(default_factory=Colour)
    alpha: bool = False  # the picture has transparent parts (a PNG's alpha, a GIF's clear)
    audio_streams: tuple[AudioStream, ...] = ()
    audio_stream: int = 0  # which of audio_streams plays (its position in that tuple)
    video_duration: float | None = None  # where the picture really ends, once measured
    file_duration: float | None = None  # the container's claim, when it is not what plays
    frames: int | None = None  # an animation's frames, once counted
    group: int | None = None  # a picture in tiles (HEIC): the stream group that joins them

    @property
    def hdr(self) -> str | None:
        """``"hlg"`` or ``"pq"`` for a high-dynamic-range picture, else None."""
        return HDR_TRANSFERS.get(self.colour.transfer or "")

    @property
    def audio_duration(self) -> float | None:
        if not self.audio_streams:
            return None
        return self.audio_streams[self.audio_stream].duration


def default_track(tracks: tuple[AudioStream, ...]) -> int:
    """The track a player plays: the first flagged default, else the first."""
    return next((i for i, t in enumerate(tracks) if t.default), 0)


def _no_media(name: str) -> InputError:
    from ....media_files import LOCAL_TEXT

    return InputError(
        f"{one_line(name, 200)} has no picture or sound that nemo can use.", hint=LOCAL_TEXT
    )


def classify(header: Header, name: str) -> Probe:
    """The header's facts as a ``Probe``: still or moving, displayed size, the track that plays.
    Lengths are the container's; ``probe`` measures them."""
    video, tracks = header.video, header.audio
    fmt = header.container.split(",")[0]
    if fmt in _NOT_MEDIA or video is not None and video.codec in _TEXT_ART:
        video = None
    if video is None and not tracks:
        raise _no_media(name)
    if video is not None and not (video.width and video.height):
        raise InputError(
            f"Cannot read {one_line(name, 200)}: this ffmpeg cannot decode its picture "
            f"({one_line(video.codec, 40)}).",
            hint="The ffmpeg that comes with nemo reads it: unset NEMO_FFMPEG.",
        )
    duration = header.duration
    rotation = 0
    width = height = None
    sar = (1, 1)
    file_type = "audio"
    if video is not None:
        file_type = "video"
        if video.rotation_ccw is not None:
            rotation = round(-video.rotation_ccw) % 360
        elif video.rotation_tag is not None:
            rotation = round(video.rotation_tag) % 360
        width, height, sar = video.width, video.height, video.sar
        if rotation in (90, 270):
            width, height, sar = height, width, (sar[1], sar[0])
        if (
            fmt in _STILL_DEMUXERS
            or fmt.endswith("_pipe")
            or (header.brand or "").strip() in _STILL_BRANDS
            or (fmt in _MAYBE_ANIMATED or video.codec in _STILL_CODECS)
            and duration is not None
            and duration <= _ANIMATION_MIN_S
        ):
            file_type = "image"
    chosen = default_track(tracks)
    track = tracks[chosen] if tracks else None
    still = file_type == "image"
    return Probe(
        file_type=file_type,
        container=header.container,
        duration=None if still else duration,
        width=width,
        height=height,
        fps=None if still or video is None else video.fps,
        rotation=rotation,
        has_audio=bool(tracks),
        video_codec=video.codec if video else None,
        audio_codec=track.codec if track else None,
        pix_fmt=video.pix_fmt if video else None,
        sample_rate=track.sample_rate if track else None,
        channels=track.channels if track else None,
        sar=sar,
        colour=video.colour if video else Colour(),
        alpha=has_alpha(video.pix_fmt) if video else False,
        audio_streams=tracks,
        audio_stream=chosen,
        group=video.group if video else None,
    )


def parse_probe(stderr: str, name: str) -> Probe:
    """``ffmpeg -i`` text -> ``Probe`` with the container's lengths (no packets read)."""
    return classify(parse_header(stderr, name), name)


# ---------------------------------------------------------------- running ffmpeg / ffprobe


def ffprobe_beside(ffmpeg: str) -> str | None:
    """The ffprobe next to ``ffmpeg`` (same folder, same suffix), if there is one."""
    exe = Path(ffmpeg)
    candidate = exe.with_name("ffprobe" + (".exe" if exe.suffix.lower() == ".exe" else ""))
    if candidate != exe and candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            args, stdin=subprocess.DEVNULL, capture_output=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"Reading {path} took too long: is it on a slow or stuck drive?") from None
    except OSError as exc:
        raise RenderError(f"Cannot run {args[0]}: {exc.strerror or exc}") from exc


def read_header(path: Path, ffmpeg: str, *, ffprobe: str | None = None) -> Header:
    """The file's header: with ``ffprobe`` (JSON) when given, else ``ffmpeg -i`` (text)."""
    if ffprobe:
        proc = _run(
            [
                ffprobe,
                "-v",
                "error",
                "-of",
                "json",
                "-show_format",
                "-show_streams",
                f"file:{path}",
            ],
            path,
        )
        if proc.returncode != 0:
            reason = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise unreadable(reason[-1] if reason else "ffprobe could not read it", str(path))
        header = parse_json(proc.stdout.decode("utf-8", errors="replace"), str(path))
        if (header.brand or "").strip() not in _STILL_BRANDS or header.video_streams < 2:
            return header
        # A photo in tiles: ffprobe's JSON lists the tiles, ``ffmpeg -i`` the whole picture.
    proc = _run([ffmpeg, "-hide_banner", "-nostdin", "-i", f"file:{path}"], path)
    return parse_header(proc.stderr.decode("utf-8", errors="replace"), str(path))


def measure(
    found: Probe,
    header: Header,
    path: Path,
    ffmpeg: str,
    on_read: Callable[[float], None] | None = None,
) -> Probe:
    """Read the packets to learn where each stream ends, and settle the lengths (see the
    module docstring). A still image is left as it is. ``on_read`` hears how far (0..1) a
    long read of the whole file has got."""
    video = header.video if found.video_codec else None
    if found.file_type == "image" and not (video and video.codec == "webp_anim"):
        return found
    streams = ([video.index] if video else []) + [t.index for t in found.audio_streams]
    declared, start = header.duration, header.start
    ends: Ends | None = None
    if declared and declared > TAIL_S:
        tail = scan(path, ffmpeg, streams, since=start + declared - TAIL_S)
        if all(tail.ends.get(i, -1.0) >= start + declared - SHORT_S for i in streams):
            ends = tail
    if ends is None:

        def on_time(seconds: float) -> None:
            if on_read and declared:
                on_read(min(1.0, max(0.0, (seconds - start) / declared)))

        ends = scan(path, ffmpeg, streams, on_time=on_time)
    if not ends.packets:
        raise InputError(
            f"Cannot read {one_line(str(path), 200)}: ffmpeg finds no picture or sound in it "
            "that it can read (is it cut short?).",
            hint="A damaged or interrupted copy can often be copied again from where it came.",
        )

    def length(index: int) -> float | None:
        end = ends.ends.get(index)
        return round(max(0.0, end - start), 3) if end is not None else None

    tracks = tuple(replace(t, duration=length(t.index)) for t in found.audio_streams)
    picture = length(video.index) if video else None
    frames = ends.packets.get(video.index) if video else None
    if video and video.codec == "webp_anim" and (frames or 0) <= 1:
        return replace(found, file_type="image", duration=None, fps=None)
    if video and picture is None:
        raise InputError(
            f"Cannot read {one_line(str(path), 200)}: its picture has no frame that ffmpeg can "
            "read (is it cut short?).",
            hint="A damaged or interrupted copy can often be copied again from where it came.",
        )
    played = [
        x
        for x in (picture, tracks[found.audio_stream].duration if tracks else None)
        if x is not None
    ]
    real = max(played) if played else declared
    duration, claim = declared, None
    if declared is None or any(x < declared - SHORT_S for x in played):
        duration = real
        claim = (
            declared
            if declared is not None and real is not None and abs(declared - real) > SHORT_S
            else None
        )
    animated = video is not None and header.container.split(",")[0] in _MAYBE_ANIMATED
    return replace(
        found,
        duration=duration,
        audio_streams=tracks,
        video_duration=picture,
        file_duration=claim,
        frames=frames if animated else None,
    )


def probe(path: Path, ffmpeg: str, on_read: Callable[[float], None] | None = None) -> Probe:
    """Read a local file: its header, then its packets. Unreadable -> InputError.

    ``on_read`` hears how far (0..1) a long read of the whole file has got."""
    header = read_header(path, ffmpeg, ffprobe=ffprobe_beside(ffmpeg))
    return measure(classify(header, str(path)), header, path, ffmpeg, on_read)
