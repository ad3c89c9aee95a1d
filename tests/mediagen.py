"""Test media made with ffmpeg itself (testsrc2, sine), and an independent probe of outputs.

The probe here is deliberately not nemo's own (backends/local/probe.py): tests check nemo's
renders with a second, simple reading of ``ffmpeg -i``.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(args: list[str]) -> None:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {proc.stderr[-2000:]}")


def make_clip(
    path: Path,
    seconds: float = 2.0,
    *,
    size: str = "320x240",
    rate: int = 25,
    tone: int | None = 440,
    pattern: str = "testsrc2",
) -> Path:
    """An H.264 MP4 (with an AAC sine tone unless ``tone`` is None)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    args = ["-f", "lavfi", "-i", f"{pattern}=size={size}:rate={rate}:duration={seconds}"]
    if tone is not None:
        args += ["-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=44100:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac", "-shortest"] if tone is not None else []
    _run([*args, str(path)])
    return path


def make_tone(path: Path, seconds: float = 4.0, *, freq: int = 330) -> Path:
    """An audio file (WAV, MP3 or M4A by the extension)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={freq}:sample_rate=44100:duration={seconds}",
            str(path),
        ]
    )
    return path


def make_image(path: Path, *, size: str = "640x480", color: str = "orange") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            "-f",
            "lavfi",
            "-i",
            f"color=c={color}:size={size}:duration=1",
            "-frames:v",
            "1",
            str(path),
        ]
    )
    return path


@dataclass
class Probe:
    duration: float | None
    video_codec: str | None
    width: int | None
    height: int | None
    audio_codec: str | None
    text: str


def probe(path: Path) -> Probe:
    """Read ``ffmpeg -i`` for the facts a test checks: duration, codecs, size."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True, check=False
    )
    text = proc.stderr
    dur = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", text)
    duration = (int(dur[1]) * 3600 + int(dur[2]) * 60 + float(dur[3])) if dur else None
    video = re.search(r"Stream #\S+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})", text)
    audio = re.search(r"Stream #\S+.*?: Audio: (\w+)", text)
    return Probe(
        duration,
        video[1] if video else None,
        int(video[2]) if video else None,
        int(video[3]) if video else None,
        audio[1] if audio else None,
        text,
    )


def make_recording(
    path: Path,
    seconds: float = 8.0,
    *,
    size: str = "320x240",
    rate: int = 30,
    keyint: int = 15,
    codec: list[str] | None = None,
    tone: int = 440,
) -> Path:
    """A recording as a screen recorder or OBS makes one: H.264 with B-frames (x264 veryfast,
    a keyframe every ``keyint`` frames) and an AAC tone. ``codec`` replaces the video encoder
    options (another H.264 encoder, say)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    video = codec or ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", str(keyint)]
    _run(
        [
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}:rate={rate}:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={tone}:sample_rate=48000:duration={seconds}",
            *video,
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-ac",
            "2",
            "-shortest",
            str(path),
        ]
    )
    return path
