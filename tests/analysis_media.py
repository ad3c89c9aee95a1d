"""Media with known contents for the analysis tests, and the truth about each.

- speech: ``espeak-ng`` phrases joined by silences of known lengths; the true speech spans are
  read from the samples themselves (amplitude above 1% of the peak), not from nemo.
- music: click tracks of an exact tempo made with ffmpeg's ``aevalsrc``, and a drum pattern
  (kick, snare on 2 and 4, hi-hats on every eighth) synthesised with numpy.
- pictures: a clip with a black stretch, a frozen stretch and hard cuts, from ffmpeg lavfi.

``espeak-ng`` comes from Debian (``.ci/run`` installs it); without it a test fails in CI and
is skipped only on a developer's machine, with the reason shown.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest
from mediagen import ffmpeg_exe

RATE = 22_050  # espeak-ng's own rate


def need_espeak() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        message = "espeak-ng is not installed (apt-get install espeak-ng)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def _ffmpeg(*args: str) -> None:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {proc.stderr[-2000:]}")


def _samples(path: Path) -> array.array[int]:
    with wave.open(str(path), "rb") as fh:
        assert fh.getsampwidth() == 2 and fh.getnchannels() == 1 and fh.getframerate() == RATE
        data = array.array("h")
        data.frombytes(fh.readframes(fh.getnframes()))
    return data


def _voiced_bounds(samples: array.array[int]) -> tuple[int, int]:
    """First and last sample louder than 1% of the peak."""
    floor = max(abs(s) for s in samples) / 100
    loud = [i for i, s in enumerate(samples) if abs(s) > floor]
    return loud[0], loud[-1] + 1


@dataclass(frozen=True)
class Speech:
    path: Path
    spans: list[tuple[float, float]]  # where the voice is, seconds
    duration: float

    @property
    def gaps(self) -> list[tuple[float, float]]:
        return [(a[1], b[0]) for a, b in zip(self.spans, self.spans[1:], strict=False)]


def make_speech(
    path: Path, phrases: list[str], gaps: list[float], *, lead: float = 0.5, tail: float = 0.5
) -> Speech:
    """The phrases spoken with exactly ``gaps[i]`` seconds of silence between phrase i's last
    sound and phrase i+1's first (each phrase trimmed to its voiced samples), as a WAV."""
    assert len(gaps) == len(phrases) - 1
    exe = need_espeak()
    out = array.array("h", [0] * int(lead * RATE))
    spans: list[tuple[float, float]] = []
    for i, text in enumerate(phrases):
        part = path.with_name(f"{path.stem}.phrase{i}.wav")
        subprocess.run([exe, "-w", str(part), text], check=True, capture_output=True)
        samples = _samples(part)
        part.unlink()
        first, last = _voiced_bounds(samples)
        start = len(out) / RATE
        out.extend(samples[first:last])
        spans.append((start, len(out) / RATE))
        if i < len(gaps):
            out.extend([0] * int(round(gaps[i] * RATE)))
    out.extend([0] * int(tail * RATE))
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(RATE)
        fh.writeframes(out.tobytes())
    return Speech(path, spans, len(out) / RATE)


def make_clicks(path: Path, bpm: float, seconds: float = 30.0, first: float = 0.3) -> list[float]:
    """A click track (1 kHz blips, 30 ms) at ``bpm``, its first beat at ``first``; returns the
    true beat times."""
    period = 60.0 / bpm
    phase = f"mod(t-{first}\\,{period})"
    expr = f"if(gte(t\\,{first})*lt({phase}\\,0.03)\\,sin(2*PI*1000*t)*exp(-{phase}*100)\\,0)"
    _ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={seconds}", str(path))
    count = int((seconds - first - 0.03) / period) + 1
    return [first + i * period for i in range(count)]


def make_drums(path: Path, bpm: float, seconds: float = 30.0, first: float = 0.5) -> list[float]:
    """A pop drum pattern with a bass line and a chord, as a WAV: kick on every beat, snare on
    2 and 4, closed hi-hats on every eighth (so half the hats fall between the beats)."""
    import numpy as np

    rate = 44_100
    t = np.arange(int((seconds + 0.3) * rate)) / rate  # room for the last hits, cut below
    out = 0.05 * (np.sin(2 * np.pi * 220 * t) + np.sin(2 * np.pi * 277 * t))
    rng = np.random.default_rng(7)
    period = 60.0 / bpm
    beats = []
    beat = first
    n = 0
    while beat < seconds - 0.2:
        beats.append(beat)
        for k, at in enumerate((beat, beat + period / 2)):
            i = int(at * rate)
            hat = rng.uniform(-1, 1, int(0.03 * rate)) * np.exp(-np.arange(int(0.03 * rate)) / 200)
            out[i : i + len(hat)] += 0.12 * hat
            if k == 0:
                length = int(0.25 * rate)
                tau = np.arange(length) / rate
                sweep = np.sin(2 * np.pi * (50 * tau + 60 * (1 - np.exp(-tau * 30)) / 30))
                out[i : i + length] += 0.7 * sweep * np.exp(-tau * 12)
                if n % 2 == 1:  # the snare
                    noise = rng.uniform(-1, 1, length) * np.exp(-tau * 25)
                    out[i : i + length] += 0.35 * noise
        n += 1
        beat = first + n * period
    pcm = (np.clip(out[: int(seconds * rate)], -1, 1) * 32000).astype("<i2")
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(rate)
        fh.writeframes(pcm.tobytes())
    return beats


def make_pictures(path: Path, audio: Path | None = None) -> Path:
    """10 s at 25 fps: moving test pattern 0-3 s, black 3-5 s, a frozen frame 5-8 s, a moving
    counter 8-10 s (hard cuts at 3, 5 and 8). With ``audio``, its sound (cut to 10 s); else a
    quiet sine."""
    size = "640x360"
    inputs = [
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=s={size}:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        f"color=black:s={size}:r=25:d=2",
        "-f",
        "lavfi",
        "-i",
        f"mandelbrot=s={size}:r=25,trim=end_frame=1,loop=loop=74:size=1,setpts=N/25/TB",
        "-f",
        "lavfi",
        "-i",
        f"testsrc=s={size}:r=25:d=2",
    ]
    if audio is not None:
        inputs += ["-i", str(audio)]
    else:
        inputs += ["-f", "lavfi", "-i", "sine=f=300:d=10"]
    _ffmpeg(
        *inputs,
        "-filter_complex",
        "[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0,format=yuv420p[v]",
        "-map",
        "[v]",
        "-map",
        "4:a",
        "-t",
        "10",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        str(path),
    )
    return path


def to_mpegts(source: Path, path: Path) -> Path:
    """The same streams in MPEG-TS, whose timestamps start at 1.4 s, not 0."""
    _ffmpeg("-i", str(source), "-c", "copy", "-f", "mpegts", str(path))
    return path


def make_pad(path: Path, seconds: float) -> Path:
    """A music bed with no beat: an A major chord that swells slowly (0.5 Hz), as a WAV."""
    chord = "sin(2*PI*220*t)+sin(2*PI*277*t)+sin(2*PI*330*t)+0.5*sin(2*PI*440*t)"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"aevalsrc='0.1*({chord})*(0.8+0.2*sin(2*PI*0.5*t))':s=44100:d={seconds}",
        str(path),
    )
    return path


def _level_db(path: Path, spans: list[tuple[float, float]] | None = None) -> float:
    """The RMS level of a file (or of ``spans`` of it), in dB, read at 16 kHz."""
    import numpy as np

    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            "16000",
            "-f",
            "s16le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    x = np.frombuffer(raw, "<i2").astype(np.float64) / 32768
    if spans is not None:
        x = np.concatenate([x[int(a * 16000) : int(b * 16000)] for a, b in spans])
    return float(10 * np.log10(np.mean(x**2) + 1e-20))


def under_speech(speech: Speech, bed: Path, path: Path, below_db: float) -> Path:
    """``speech`` with ``bed`` playing under it from start to end, ``below_db`` quieter than
    the voice (RMS over the phrases), as a WAV: nothing falls silent between sentences."""
    gain = _level_db(speech.path, speech.spans) - below_db - _level_db(bed)
    _ffmpeg(
        "-i",
        str(speech.path),
        "-i",
        str(bed),
        "-filter_complex",
        f"[1:a]volume={gain:.2f}dB[bed];[0:a][bed]amix=inputs=2:duration=first:normalize=0",
        "-ar",
        "44100",
        str(path),
    )
    return path
