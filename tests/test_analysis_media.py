"""The analysis on media made here, whose contents are known: spoken phrases with gaps of
known lengths (espeak-ng), click tracks and a drum pattern of known tempo, a clip with black,
frozen and cut stretches (ffmpeg lavfi). Through the real CLI, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import analysis_media as media
import pytest
from mediagen import ffmpeg_exe, make_clip, make_image, make_tone

SPEECH_S = 0.15  # how far a found phrase edge may sit from the true one
BEAT_S = 0.02  # how far a found beat may sit from the true one


def analyze(nemo, path: Path | str, *extra: str) -> dict:
    result = nemo("analyze", str(path), "--json", *extra)
    assert result.code == 0, result
    return json.loads(result.out)


def cache_entries() -> list[Path]:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "nemo" / "analysis"
    return sorted(root.rglob("*.json")) if root.exists() else []


def near(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


# ---------------------------------------------------------------- speech


@pytest.fixture
def speech(tmp_path: Path) -> media.Speech:
    return media.make_speech(
        tmp_path / "talk.wav",
        [
            "Hello there, this is the first sentence.",
            "And here is the second one.",
            "A third phrase follows it.",
            "Finally, the last words.",
        ],
        [1.5, 0.6, 2.2],
    )


@pytest.mark.slow
def test_speech_and_pauses_of_known_lengths(nemo, speech: media.Speech) -> None:
    data = analyze(nemo, speech.path)
    assert near(data["duration"], speech.duration, 0.05)
    assert len(data["speech"]) == len(speech.spans), data["speech"]
    for (start, end), (true_start, true_end) in zip(data["speech"], speech.spans, strict=True):
        assert near(start, true_start, SPEECH_S) and near(end, true_end, SPEECH_S)
    # Every gap (and the half second before and after) is a silence of about its length.
    silences = data["silences"]
    assert len(silences) == len(speech.gaps) + 2, silences
    for (start, end), (gap_start, gap_end) in zip(silences[1:-1], speech.gaps, strict=True):
        assert near(start, gap_start, SPEECH_S) and near(end, gap_end, SPEECH_S)
    assert data["tempo_bpm"] is None and data["beats"] == []
    assert -30 < data["loudness"]["integrated_lufs"] < -10
    assert data["scenes"] == data["black"] == data["frozen"] == []


@pytest.mark.slow
def test_single_words_are_speech_short_beeps_are_not(nemo, tmp_path: Path) -> None:
    words = media.make_speech(tmp_path / "words.wav", ["yes", "no", "okay"], [1.3, 1.3])
    data = analyze(nemo, words.path)
    assert len(data["speech"]) == 3, data["speech"]
    for (start, end), (true_start, true_end) in zip(data["speech"], words.spans, strict=True):
        assert near(start, true_start, SPEECH_S) and near(end, true_end, SPEECH_S)
    beeps = tmp_path / "beeps.wav"
    expr = "if(lt(mod(t\\,1.5)\\,0.3)\\,0.5*sin(2*PI*440*t)\\,0)"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"aevalsrc='{expr}':s=44100:d=6",
            str(beeps),
        ],
        check=True,
    )
    assert analyze(nemo, beeps)["speech"] == []


@pytest.mark.parametrize("source", ["sine=f=440:d=12", "anoisesrc=c=pink:a=0.3:d=12"])
def test_a_tone_or_noise_is_not_speech(nemo, tmp_path: Path, source: str) -> None:
    path = tmp_path / "steady.wav"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", source, str(path)], check=True
    )
    data = analyze(nemo, path)
    assert data["speech"] == []
    assert data["tempo_bpm"] is None and data["beats"] == []
    assert data["silences"] == []


def _bed(kind: str, path: Path, seconds: float) -> Path:
    if kind == "pad":
        return media.make_pad(path, seconds)
    media.make_drums(path, 120, seconds=seconds)  # with a bass chord under the drums
    return path


@pytest.mark.slow
@pytest.mark.parametrize("below_db", [12, 6])
@pytest.mark.parametrize(("bed", "early_start_s"), [("pad", SPEECH_S), ("drums", 0.3)])
def test_pauses_under_a_music_bed(
    nemo, speech: media.Speech, tmp_path: Path, bed: str, early_start_s: float, below_db: int
) -> None:
    """Speech over music that goes on between the sentences: nothing is silent, yet each
    sentence is found apart, so the gaps (1.5, 0.6 and 2.2 s) are pauses. Phrase edges are
    found within SPEECH_S, except that a drum hit just before a sentence may join it (measured:
    0.17 s early), which keeps a little more, never less."""
    music = _bed(bed, tmp_path / f"{bed}.wav", speech.duration + 1)
    mixed = media.under_speech(speech, music, tmp_path / "over.wav", below_db)
    data = analyze(nemo, mixed)
    if bed == "pad":
        assert data["silences"] == []  # the bed never stops (the drums dip between hits)
    else:  # the repeating bed is told apart from the voice by the bar (analyze/bed.py)
        assert data["tempo_bpm"] is not None and abs(data["tempo_bpm"] - 120) < 1
    assert len(data["speech"]) == len(speech.spans), data["speech"]
    for (start, end), (true_start, true_end) in zip(data["speech"], speech.spans, strict=True):
        assert true_start - early_start_s <= start <= true_start + SPEECH_S, (start, true_start)
        assert near(end, true_end, SPEECH_S), (end, true_end)


# ---------------------------------------------------------------- music


def _check_beats(data: dict, truth: list[float], bpm: float) -> None:
    assert data["tempo_bpm"] is not None and abs(data["tempo_bpm"] - bpm) < 1.0, data["tempo_bpm"]
    found = data["beats"]
    assert len(found) >= 0.9 * len(truth)
    for beat in found:
        assert min(abs(beat - t) for t in truth) <= BEAT_S, beat
    assert data["speech"] == []


@pytest.mark.slow
@pytest.mark.parametrize("bpm", [90, 120, 128])
def test_click_track_tempo_and_beats(nemo, tmp_path: Path, bpm: int) -> None:
    path = tmp_path / f"click{bpm}.wav"
    truth = media.make_clicks(path, bpm)
    _check_beats(analyze(nemo, path), truth, bpm)


@pytest.mark.slow
@pytest.mark.parametrize("bpm", [90, 120, 128])
def test_drum_pattern_beats_fall_on_the_kicks_not_the_hats(nemo, tmp_path: Path, bpm: int) -> None:
    path = tmp_path / f"drums{bpm}.wav"
    truth = media.make_drums(path, bpm)
    _check_beats(analyze(nemo, path), truth, bpm)


# ---------------------------------------------------------------- pictures


@pytest.fixture
def pictures(tmp_path: Path, speech: media.Speech) -> Path:
    return media.make_pictures(tmp_path / "pictures.mp4", speech.path)


@pytest.mark.slow
def test_black_frozen_and_scene_cuts(nemo, pictures: Path, speech: media.Speech) -> None:
    data = analyze(nemo, pictures)
    assert near(data["duration"], 10.0, 0.05)
    assert len(data["black"]) == 1 and all(
        near(a, b, 0.05) for a, b in zip(data["black"][0], (3.0, 5.0), strict=True)
    )
    assert len(data["frozen"]) == 1 and all(
        near(a, b, 0.1) for a, b in zip(data["frozen"][0], (5.0, 8.0), strict=True)
    )
    assert len(data["scenes"]) == 3
    assert all(near(a, b, 0.05) for a, b in zip(data["scenes"], (3.0, 5.0, 8.0), strict=True))
    assert len(data["speech"]) == len(speech.spans)  # the sound is analysed in the same pass


@pytest.mark.slow
def test_times_count_from_the_media_start_in_mpeg_ts(nemo, pictures: Path, tmp_path: Path) -> None:
    mp4 = analyze(nemo, pictures)
    ts = analyze(nemo, media.to_mpegts(pictures, tmp_path / "pictures.ts"))  # starts at 1.4 s
    for key in ("scenes",):
        assert all(near(a, b, 0.05) for a, b in zip(ts[key], mp4[key], strict=True))
    for key in ("black", "frozen", "speech"):
        assert len(ts[key]) == len(mp4[key])
        for a, b in zip(ts[key], mp4[key], strict=True):
            assert near(a[0], b[0], 0.1) and near(a[1], b[1], 0.1)


def test_a_video_without_sound_and_a_still_image(nemo, tmp_path: Path) -> None:
    silent = analyze(nemo, make_clip(tmp_path / "silent.mp4", 3.0, tone=None))
    assert silent["loudness"] == {
        "integrated_lufs": None,
        "true_peak_db": None,
        "lra": None,
        "noise_floor_db": None,
    }
    assert silent["speech"] == silent["silences"] == [] and silent["tempo_bpm"] is None
    assert near(silent["duration"], 3.0, 0.05)
    still = analyze(nemo, make_image(tmp_path / "photo.png"))
    assert still["duration"] is None
    assert still["black"] == still["scenes"] == still["beats"] == []


# ---------------------------------------------------------------- the cache


def _failing_ffmpeg(tmp_path: Path) -> dict[str, str]:
    fake = tmp_path / "no-ffmpeg"
    fake.write_text("#!/bin/sh\necho 'this ffmpeg always fails' >&2\nexit 1\n")
    fake.chmod(0o755)
    return {"NEMO_FFMPEG": str(fake)}


def test_cached_by_content_not_by_path(nemo, tmp_path: Path, speech: media.Speech) -> None:
    first = analyze(nemo, speech.path)
    assert len(cache_entries()) == 1
    broken = _failing_ffmpeg(tmp_path)
    # Same content, same or another name: the cache answers, ffmpeg is never run.
    same = nemo("analyze", str(speech.path), "--json", env=broken)
    assert same.code == 0, same
    assert json.loads(same.out) == first
    copy = tmp_path / "renamed copy.wav"
    shutil.copyfile(speech.path, copy)
    copied = nemo("analyze", str(copy), "--json", env=broken)
    assert copied.code == 0, copied
    assert json.loads(copied.out) == {**first, "file": str(copy)}
    # Other content under the old name: analysed afresh (here by the failing ffmpeg).
    with speech.path.open("ab") as fh:
        fh.write(b"\0" * 3200)
    changed = nemo("analyze", str(speech.path), "--json", env=broken)
    assert changed.code == 5, changed
    assert "this ffmpeg always fails" in changed.err or "Cannot read" in changed.err
    assert len(cache_entries()) == 1


@pytest.mark.slow
def test_a_corrupt_cache_entry_is_recomputed(nemo, speech: media.Speech) -> None:
    first = analyze(nemo, speech.path)
    (entry,) = cache_entries()
    entry.write_text("{not json")
    assert analyze(nemo, speech.path) == first
    assert json.loads(entry.read_text()) == first


# ---------------------------------------------------------------- by name, errors


@pytest.mark.slow
def test_by_name_from_the_session(nemo, speech: media.Speech) -> None:
    uploaded = nemo("--backend", "local", "upload", str(speech.path))
    assert uploaded.code == 0, uploaded
    by_name = analyze(nemo, "talk.wav", "--backend", "local")
    assert by_name["file"] == str(speech.path)
    assert analyze(nemo, "TALK", "--backend", "local")["file"] == str(speech.path)
    missing = nemo("--backend", "local", "analyze", "nothing")
    assert missing.code == 5
    assert "no file in the session called nothing" in missing.err
    assert "talk.wav" in missing.err


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [(None, 5, "No such file"), (b"not a video at all", 5, "Cannot read")],
)
def test_bad_inputs(nemo, tmp_path: Path, content: bytes | None, code: int, words: str) -> None:
    path = tmp_path / "bad.mp4"
    if content is not None:
        path.write_bytes(content)
    result = nemo("analyze", str(path))
    assert result.code == code, result
    assert words in result.err and "Traceback" not in result.err


def test_text_output(nemo, speech: media.Speech) -> None:
    result = nemo("analyze", str(speech.path))
    assert result.code == 0, result
    assert result.out.splitlines()[0] == f"talk.wav ({media_clock(speech.duration)})"
    assert "  Speech    4 stretches" in result.out
    assert "  Tempo     no steady beat" in result.out


def media_clock(seconds: float) -> str:
    from nemo_cli.ui.analysis import clock

    return clock(seconds)


# ---------------------------------------------------------------- Ctrl-C


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:  # it ended meanwhile
        return ""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


@pytest.mark.slow
def test_ctrl_c_stops_ffmpeg_and_caches_nothing(tmp_path: Path) -> None:
    long = make_clip(tmp_path / "long.mp4", 120.0, size="640x360")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nemo_cli", "analyze", str(long)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ffmpeg: list[int] = []
    while not ffmpeg and proc.poll() is None:  # wait until the decode runs
        time.sleep(0.05)
        ffmpeg = [c for c in _children(proc.pid) if "silencedetect" in _cmdline(c)]
    assert ffmpeg, "the analysis finished before it could be interrupted"
    time.sleep(0.3)  # well inside the decode (a Ctrl-C before it is the probe's business)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Analysis stopped" in err
    assert (
        not Path(f"/proc/{ffmpeg[0]}").exists()
        or "zombie" in Path(f"/proc/{ffmpeg[0]}/status").read_text().lower()
    )
    assert cache_entries() == []


# ---------------------------------------------------------------- no argument: the timeline


@pytest.mark.slow
def test_no_argument_analyses_each_file_of_the_timeline(nemo, tmp_path: Path) -> None:
    empty = nemo("--backend", "local", "analyze")
    assert (empty.code, empty.out) == (2, "")
    assert empty.err == (
        "Error: Nothing to analyse: the session has no files. Run: nemo analyze FILE\n"
    )
    clip = make_clip(tmp_path / "clip.mp4", 2.0)
    tone = make_tone(tmp_path / "tone.wav", 3.0)
    for path in (clip, tone):
        assert nemo("--backend", "local", "upload", str(path)).code == 0
    # Nothing on the timeline yet: every file of the session, in upload order.
    both = nemo("--backend", "local", "analyze", "--json")
    assert both.code == 0, both
    assert [entry["file"] for entry in json.loads(both.out)] == [str(clip), str(tone)]
    text = nemo("--backend", "local", "analyze")
    assert text.code == 0, text
    headers = [line for line in text.out.splitlines() if line and not line.startswith(" ")]
    assert headers == ["clip.mp4 (0:02.0)", "tone.wav (0:03.0)"]
    # Once clips are combined, the files the timeline uses.
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    placed = nemo("--backend", "local", "analyze", "--json")
    assert [entry["file"] for entry in json.loads(placed.out)] == [str(clip)]
