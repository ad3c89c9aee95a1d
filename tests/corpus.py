"""The kinds of file people have, made with ffmpeg (and pillow-heif for a HEIC photo).

Each maker writes one file and returns its path. Tones and colours are chosen so a render can be
checked by ear and by eye: a track's tone is found by its band level, a picture's area by
``cropdetect``, an HDR clip is made from a known SDR picture so its tone-mapped render can be
compared with that picture.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mediagen import ffmpeg_exe

SDR_SOURCE = "testsrc2=size=640x360:rate=25"


def run(*args: str) -> None:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {proc.stderr[-2000:]}")


def _x264(*extra: str) -> list[str]:
    return ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", *extra]


def anamorphic(path: Path, seconds: float = 2.0) -> Path:
    """PAL DV shape: 720x576 coded, SAR 64:45, so 16:9 on screen (1024x576 square pixels).
    The picture is a white frame-filling rectangle: its displayed area is easy to measure."""
    run(
        "-f",
        "lavfi",
        "-i",
        f"color=c=white:size=720x576:rate=25:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        "-vf",
        "setsar=64/45",
        *_x264(),
        "-c:a",
        "aac",
        "-shortest",
        str(path),
    )
    return path


def truncated(path: Path, seconds: float = 6.0, keep: float = 0.3) -> Path:
    """The first ``keep`` of a faststart MP4: an interrupted copy whose index says ``seconds``."""
    whole = path.with_name(f"whole-{path.name}")
    run(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x240:rate=25:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        *_x264(),
        "-c:a",
        "aac",
        "-movflags",
        "+faststart",
        str(whole),
    )
    data = whole.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    whole.unlink()
    return path


def long_audio(path: Path, picture: float = 3.0, sound: float = 6.0) -> Path:
    """An intact file whose sound goes on after its picture stops."""
    run(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x240:rate=25:duration={picture}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={sound}",
        *_x264(),
        "-c:a",
        "aac",
        str(path),
    )
    return path


def animated_webp(path: Path, seconds: float, rate: int = 10) -> Path:
    run(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=160x120:rate={rate}:duration={seconds}",
        "-c:v",
        "libwebp_anim",
        "-loop",
        "0",
        str(path),
    )
    return path


def hdr(path: Path, transfer: str = "arib-std-b67", seconds: float = 1.0) -> Path:
    """A 10-bit HEVC HDR clip (HLG ``arib-std-b67`` or PQ ``smpte2084``, BT.2020) made from
    ``SDR_SOURCE`` with its white at 203 nits (BT.2408's HDR reference white), as a phone
    films it. Tone-mapped back to SDR it should look like ``SDR_SOURCE``."""
    convert = (
        f"zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:t={transfer}:m=bt2020nc:p=bt2020:"
        "r=tv:npl=203,format=yuv420p10le"
    )
    run(
        "-f",
        "lavfi",
        "-i",
        f"{SDR_SOURCE}:duration={seconds}",
        "-vf",
        convert,
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-x265-params",
        "log-level=error",
        "-tag:v",
        "hvc1",
        "-color_primaries",
        "bt2020",
        "-color_trc",
        transfer,
        "-colorspace",
        "bt2020nc",
        str(path),
    )
    return path


def two_tracks(path: Path, seconds: float = 2.0, first: int = 440, second: int = 1760) -> Path:
    """Two sound tracks: the first (``first`` Hz) named "Commentary", the second (``second``
    Hz) flagged default, as a film with a director's commentary."""
    run(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x240:rate=25:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency={first}:sample_rate=48000:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency={second}:sample_rate=48000:duration={seconds}",
        "-map",
        "0",
        "-map",
        "1",
        "-map",
        "2",
        *_x264(),
        "-c:a",
        "aac",
        "-metadata:s:a:0",
        "title=Commentary",
        "-metadata:s:a:0",
        "language=eng",
        "-metadata:s:a:1",
        "language=fra",
        "-disposition:a:0",
        "0",
        "-disposition:a:1",
        "default",
        str(path),
    )
    return path


def alpha_png(path: Path, size: str = "320x240") -> Path:
    """White everywhere, opaque only in the right half: the left half's white is invisible."""
    w = int(size.split("x")[0])
    run(
        "-f",
        "lavfi",
        "-i",
        f"color=c=white:size={size},format=rgba",
        "-vf",
        f"geq=r=255:g=255:b=255:a='if(lt(X,{w // 2}),0,255)'",
        "-frames:v",
        "1",
        str(path),
    )
    return path


def at_rate(path: Path, rate: str, seconds: float = 2.0, size: str = "320x240") -> Path:
    """A clip at ``rate`` fps ("60", "24000/1001", ...)."""
    run(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate={rate}:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        *_x264(),
        "-c:a",
        "aac",
        "-shortest",
        str(path),
    )
    return path


# Formats the local engine refused by their extension before issue 18, each as a camera,
# phone, old PC or music player writes it: (file name, ffmpeg output options, kind).
_V = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1"]
_A = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=1"]
FORMATS: list[tuple[str, list[str], str]] = [
    ("clip.m4v", [*_V, *_A, *_x264(), "-c:a", "aac", "-f", "mp4"], "video"),
    (
        "camera.MTS",
        [*_V, *_A, *_x264(), "-c:a", "ac3", "-f", "mpegts", "-mpegts_m2ts_mode", "1"],
        "video",
    ),
    (
        "bluray.m2ts",
        [*_V, *_A, *_x264(), "-c:a", "ac3", "-f", "mpegts", "-mpegts_m2ts_mode", "1"],
        "video",
    ),
    ("broadcast.ts", [*_V, *_A, "-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpegts"], "video"),
    ("dvd.mpg", [*_V, *_A, "-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpeg"], "video"),
    (
        "phone.3gp",
        [
            *_V,
            *_A,
            "-c:v",
            "h263",
            "-s",
            "176x144",
            "-c:a",
            "aac",
            "-ar",
            "8000",
            "-ac",
            "1",
            "-f",
            "3gp",
        ],
        "video",
    ),
    ("old.wmv", [*_V, *_A, "-c:v", "wmv2", "-c:a", "wmav2", "-f", "asf"], "video"),
    ("song.flac", [*_A, "-c:a", "flac"], "audio"),
    ("song.ogg", [*_A, "-c:a", "libvorbis"], "audio"),
    ("voice.opus", [*_A, "-c:a", "libopus"], "audio"),
    ("sound.aiff", [*_A, "-c:a", "pcm_s16be", "-f", "aiff"], "audio"),
]


def refused_format(folder: Path, name: str) -> Path:
    options = next(opts for n, opts, _ in FORMATS if n == name)
    path = folder / name
    run(*options, str(path))
    return path


RGB = tuple[int, int, int]


def heic(
    path: Path,
    size: tuple[int, int] = (320, 240),
    rgb: RGB = (200, 100, 50),
    *,
    right: RGB | None = None,
    tile: int | None = None,
) -> Path:
    """A HEIC photo written by libheif through pillow-heif: one colour, or ``rgb`` on the left
    half and ``right`` on the right. ``tile``: stored in tiles of that size, as an iPhone does
    (a 4032x3024 photo is 48 tiles of 512x512)."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    image = Image.new("RGB", size, rgb)
    if right is not None:
        image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    image.save(path, quality=95, **({"tile_size": tile} if tile else {}))
    return path


def dash_named(folder: Path) -> Path:
    path = folder / "-clip.mp4"
    run("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1", *_x264(), str(path))
    return path
