"""Speech to text: how well and how fast nemo hears speech (issue 14).

espeak-ng speaks a known script (two voices), with pauses between the sentences, into a WAV.
``nemo transcript FILE --json`` hears it as a user runs it (a whole process: start-up and model
loading included, the transcript cache empty each run), with the default model installed the
way a user installs it (``nemo speech install``, kept in ``.test-cache/`` beside the tests'
copy). Figures:

- word error rate against the script (substitutions + deletions + insertions, over the
  script's words), per voice;
- speed, as times real time: seconds of speech per second of the whole command (median);
- the same command again, answered from the transcript cache.

Synthetic speech is clean and evenly paced: real recordings (noise, accents, crosstalk) score
worse. The figure shows that recognition works and what it costs, not its accuracy on film.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import time
import wave
from pathlib import Path

from .table import Row
from .workspace import REPO, Workspace

SECTION = "speech"
MODEL = "vosk-model-small-en-us-0.15"
SCRIPT = (
    "welcome back to the channel",
    "today I want to show you how we built a small wooden boat",
    "first we cut the planks and let them dry for two weeks",
    "then we shaped the hull and sealed every joint",
    "the hardest part was the paint because it rained all month",
    "in the end the boat floated on the first try",
    "thank you for watching and see you next time",
)
VOICES = ("en-us", "en-us+f3")
GAP = 0.8  # seconds of silence between sentences
LEAD = 0.5


def model_folder(ws: Workspace) -> Path:
    """The default model, installed by ``nemo speech install`` into the shared test cache."""
    data = Path(os.environ.get("NEMO_TEST_CACHE") or REPO / ".test-cache") / "data"
    env = ws.env(XDG_DATA_HOME=str(data))
    proc = subprocess.run(
        [*ws.nemo, "speech", "install", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nemo speech install failed: {proc.stderr.strip()[-300:]}")
    return data / "nemo" / "speech" / "models" / MODEL


def speak(folder: Path, voice: str) -> tuple[Path, float]:
    """The script spoken by ``voice`` into one WAV; returns it and its length in seconds."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    folder.mkdir(parents=True, exist_ok=True)
    frames: list[bytes] = []
    params = None
    for i, sentence in enumerate(SCRIPT):
        part = folder / f"{voice}-{i}.wav"
        subprocess.run(
            [exe, "-v", voice, "-s", "160", "-w", str(part), sentence],
            check=True,
            capture_output=True,
        )
        with wave.open(str(part)) as wav:
            params = wav.getparams()
            frames.append(wav.readframes(wav.getnframes()))
    assert params is not None
    silence = b"\0" * (params.sampwidth * params.nchannels)
    lead = silence * int(LEAD * params.framerate)
    gap = silence * int(GAP * params.framerate)
    out = folder / f"{voice}.wav"
    with wave.open(str(out), "wb") as wav:
        wav.setparams(params)
        wav.writeframes(lead + gap.join(frames) + lead)
    with wave.open(str(out)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    return out, seconds


def word_error_rate(reference: list[str], heard: list[str]) -> float:
    previous = list(range(len(heard) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, word in enumerate(heard, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != word))
            )
        previous = current
    return previous[-1] / max(1, len(reference))


def _transcribe(ws: Workspace, wav: Path, model: Path, cache: Path) -> tuple[float, list[str]]:
    env = ws.env(NEMO_SPEECH_MODEL=str(model), XDG_CACHE_HOME=str(cache))
    started = time.perf_counter()
    proc = subprocess.run(
        [*ws.nemo, "transcript", str(wav), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"nemo transcript failed: {proc.stderr.strip()[-300:]}")
    return elapsed, str(json.loads(proc.stdout)["text"]).split()


def measure(ws: Workspace) -> list[Row]:
    model = model_folder(ws)
    reps = 1 if ws.quick else 3
    reference = " ".join(SCRIPT).lower().split()
    rows: list[Row] = []
    speeds: list[float] = []
    cached: list[float] = []
    for voice in VOICES[:1] if ws.quick else VOICES:
        wav, seconds = speak(ws.work / "speech", voice)
        times: list[float] = []
        heard: list[str] = []
        for rep in range(reps):
            cache = ws.work / "speech" / f"cache-{voice}-{rep}"
            shutil.rmtree(cache, ignore_errors=True)
            elapsed, heard = _transcribe(ws, wav, model, cache)
            times.append(elapsed)
            again, _ = _transcribe(ws, wav, model, cache)
            cached.append(again)
        wer = word_error_rate(reference, heard)
        speed = seconds / statistics.median(times)
        speeds.append(speed)
        note = f"{len(reference)} words, {seconds:.0f} s of speech; heard: {' '.join(heard[:8])}..."
        rows.append(
            Row(
                SECTION,
                f"word error rate, espeak-ng {voice}",
                round(wer * 100, 1),
                "%",
                note=note,
            )
        )
        rows.append(
            Row(
                SECTION,
                f"nemo transcript speed, {voice}",
                round(speed, 2),
                "x real time",
                reference="real time",
                ref_value=1.0,
                ratio=speed,
                target=">= 1x",
                met=speed >= 1.0,
                note=f"whole command, model load included; median of {reps}",
            )
        )
    rows.append(
        Row(
            SECTION,
            "nemo transcript again (cached)",
            round(statistics.median(cached), 3),
            "s",
            note="the same file: its transcript comes from the cache",
        )
    )
    return rows
