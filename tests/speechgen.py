"""Speech for the tests: espeak-ng says a known script, ffmpeg lays it out with known silences,
and the default speech model is installed the way a user installs it (``nemo speech install``),
once, into a cache folder kept between runs.

In CI (``CI`` set) a missing espeak-ng, vosk or model fails the tests that need them: they are
never skipped there. Elsewhere they are skipped with the reason shown in pytest's summary.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest
from mediagen import ffmpeg_exe

REPO = Path(__file__).resolve().parent.parent
MODEL_NAME = "vosk-model-small-en-us-0.15"

SCRIPT = (
    "the quick brown fox jumps over the lazy dog",
    "today we talk about the weather in the city",
    "please send me the report before friday",
)


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must provide it: see .ci/run)")
    pytest.skip(why)


def need_espeak() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        _missing("espeak-ng is not installed (apt-get install espeak-ng)")
    assert exe is not None
    return exe


def need_vosk() -> None:
    try:
        import vosk  # noqa: F401
    except ImportError:
        _missing("vosk is not installed (pip install -e '.[test]' brings it)")


def cache_folder() -> Path:
    """Where the model is kept between test runs (git-ignored)."""
    return Path(os.environ.get("NEMO_TEST_CACHE") or REPO / ".test-cache")


def install_model() -> Path:
    """``nemo speech install`` into the cache folder's data dir (a no-op once it is there);
    returns the model folder."""
    need_vosk()
    data = cache_folder() / "data"
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    # One install at a time: the suite's workers (pytest-xdist) all ask for it at their start.
    with open(data / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = subprocess.run(
            [sys.executable, "-m", "nemo_cli", "speech", "install", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=1800,
            check=False,
        )
    if proc.returncode != 0:
        _missing(f"nemo speech install failed: {proc.stderr.strip()[-500:]}")
    folder = data / "nemo" / "speech" / "models" / MODEL_NAME
    assert (folder / "am" / "final.mdl").is_file(), proc.stdout
    return folder


@pytest.fixture(scope="session")
def speech_model() -> Path:
    return install_model()


@pytest.fixture
def with_model(speech_model: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default model, pointed at with NEMO_SPEECH_MODEL for this test."""
    monkeypatch.setenv("NEMO_SPEECH_MODEL", str(speech_model))
    return speech_model


# ---------------------------------------------------------------- speech media


@dataclass(frozen=True)
class Speech:
    path: Path
    ranges: list[tuple[float, float]]  # seconds: where each sentence is spoken
    duration: float
    script: tuple[str, ...]


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def speak(text: str, path: Path, *, voice: str = "en-us", rate: int = 150) -> Path:
    exe = need_espeak()
    subprocess.run(
        [exe, "-v", voice, "-s", str(rate), "-w", str(path), text], check=True, capture_output=True
    )
    return path


def make_speech(
    path: Path,
    script: tuple[str, ...] = SCRIPT,
    *,
    lead: float = 1.0,
    gap: float = 1.2,
    video: bool = True,
    voice: str = "en-us",
) -> Speech:
    """The script spoken with ``lead`` seconds of silence first and ``gap`` between sentences,
    as an MP4 (a plain picture + AAC) or, with ``video=False``, a WAV."""
    work = path.parent / f".{path.stem}-parts"
    work.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    ranges: list[tuple[float, float]] = []
    at = lead
    for i, sentence in enumerate(script):
        part = speak(sentence, work / f"s{i}.wav", voice=voice)
        seconds = _wav_seconds(part)
        ranges.append((round(at, 3), round(at + seconds, 3)))
        parts.append(part)
        at += seconds + gap
    total = round(at - gap + lead, 3)
    inputs: list[str] = []
    chain: list[str] = []
    for i, part in enumerate(parts):
        inputs += ["-i", str(part)]
        start_ms = round(ranges[i][0] * 1000)
        chain.append(f"[{i}:a]aresample=44100,adelay={start_ms}:all=1[d{i}]")
    mix = "".join(f"[d{i}]" for i in range(len(parts)))
    graph = ";".join(chain) + f";{mix}amix=inputs={len(parts)}:normalize=0,apad,atrim=0:{total}[a]"
    args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *inputs]
    if video:
        args += ["-f", "lavfi", "-i", f"color=c=0x336699:size=640x360:rate=25:duration={total}"]
        args += [
            "-filter_complex",
            graph,
            "-map",
            f"{len(parts)}:v",
            "-map",
            "[a]",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-t",
            str(total),
        ]
    else:
        args += ["-filter_complex", graph, "-map", "[a]", "-t", str(total)]
    subprocess.run([*args, str(path)], check=True, capture_output=True)
    return Speech(path, ranges, total, script)


# ---------------------------------------------------------------- scoring


def word_error_rate(reference: list[str], heard: list[str]) -> float:
    """(substitutions + deletions + insertions) / reference words: edit distance on words."""
    rows = len(reference) + 1
    cols = len(heard) + 1
    dist = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        dist[i][0] = i
    for j in range(cols):
        dist[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            same = reference[i - 1] == heard[j - 1]
            dist[i][j] = min(
                dist[i - 1][j] + 1, dist[i][j - 1] + 1, dist[i - 1][j - 1] + (0 if same else 1)
            )
    return dist[-1][-1] / max(1, len(reference))


def script_words(script: tuple[str, ...]) -> list[str]:
    return " ".join(script).lower().split()
