"""Speech to text on real speech (espeak-ng saying a known script) with the real default model,
installed the way a user installs it."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from speechgen import (
    SCRIPT,
    Speech,
    make_speech,
    script_words,
    speech_model,  # noqa: F401  (a fixture)
    with_model,  # noqa: F401  (a fixture)
    word_error_rate,
)

from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe
from nemo_cli.backends.local.speech.hearing import hear_file
from nemo_cli.backends.local.speech.models import ENV_VAR, SpeechModel, model_at
from nemo_cli.backends.local.speech.recognize import transcribe
from nemo_cli.errors import InputError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    return make_speech(tmp_path_factory.mktemp("speech") / "talk.mp4")


def _model(folder: Path) -> SpeechModel:
    return model_at(folder, "installed")


def test_the_installed_model_is_the_verified_default(speech_model: Path) -> None:  # noqa: F811
    model = _model(speech_model)
    assert (model.name, model.language, model.verified) == (
        "vosk-model-small-en-us-0.15",
        "en",
        True,
    )


def test_words_heard_match_the_script_in_order_and_inside_the_speech(
    talk: Speech,
    speech_model: Path,  # noqa: F811
) -> None:
    heard = transcribe(talk.path, _model(speech_model), ffmpeg=ffmpeg_exe())
    words = [w.text for w in heard.words]
    wer = word_error_rate(script_words(SCRIPT), words)
    assert wer <= 0.3, (wer, heard.text)
    assert heard.language == "en" and abs(heard.duration - talk.duration) < 0.1
    starts = [w.start for w in heard.words]
    assert starts == sorted(starts)
    for word in heard.words:
        assert word.start <= word.end
        assert any(lo - 0.15 <= word.start and word.end <= hi + 0.15 for lo, hi in talk.ranges), (
            word,
            talk.ranges,
        )
    assert all(0.0 <= w.conf <= 1.0 for w in heard.words)


def test_a_range_of_the_file_gives_file_times(talk: Speech, speech_model: Path) -> None:  # noqa: F811
    lo, hi = talk.ranges[1]
    heard = transcribe(
        talk.path, _model(speech_model), ffmpeg=ffmpeg_exe(), start=lo - 0.5, length=hi - lo + 1.0
    )
    assert word_error_rate(SCRIPT[1].split(), [w.text for w in heard.words]) <= 0.35
    assert all(lo - 0.6 <= w.start and w.end <= hi + 0.6 for w in heard.words)


def test_the_cache_hears_a_file_once(talk: Speech, speech_model: Path, tmp_path: Path) -> None:  # noqa: F811
    model = _model(speech_model)
    first = hear_file(talk.path, model, ffmpeg=ffmpeg_exe(), cache=tmp_path)
    entries = list((tmp_path / "transcripts").rglob("*.json"))
    assert len(entries) == 1
    # the same content under another name is not heard again: a broken ffmpeg proves it
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(talk.path.read_bytes())
    again = hear_file(copy, model, ffmpeg="/nonexistent/ffmpeg", cache=tmp_path)
    assert again.words == first.words


def test_a_file_without_sound_is_refused(tmp_path: Path, speech_model: Path) -> None:  # noqa: F811
    from mediagen import make_clip

    silent = make_clip(tmp_path / "silent.mp4", 1.0, tone=None)
    with pytest.raises(InputError, match="has no sound"):
        transcribe(silent, _model(speech_model), ffmpeg=ffmpeg_exe())


# ---------------------------------------------------------------- the CLI


def test_nemo_transcript_of_a_file(nemo: Any, talk: Speech, with_model: Path) -> None:  # noqa: F811
    result = nemo("transcript", str(talk.path), "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert set(data) == {"words", "text"}
    assert set(data["words"][0]) == {"word", "start", "end", "conf"}
    assert data["text"] == " ".join(w["word"] for w in data["words"])
    assert word_error_rate(script_words(SCRIPT), data["text"].split()) <= 0.3
    text = nemo("transcript", str(talk.path))
    assert text.code == 0
    assert text.out.splitlines()[0] == " 0:01.0  the quick brown fox jumps over the lazy dog"


def test_nemo_transcript_of_the_timeline_follows_trims_and_speed(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
) -> None:
    assert nemo("--backend", "local", "upload", str(talk.path)).code == 0
    lo, hi = talk.ranges[1]  # keep the second sentence only, played twice as fast
    start, end = int(lo - 0.4), int(hi + 1.4)
    said = nemo("--backend", "local", "say", f"use 0:{start:02d}-0:{end:02d} of clip 1")
    assert said.code == 0, said
    assert nemo("--backend", "local", "say", "speed up clip 1 2x").code == 0
    result = nemo("--backend", "local", "transcript", "--json")
    assert result.code == 0, result
    words = json.loads(result.out)["words"]
    heard = json.loads(nemo("transcript", str(talk.path), "--json").out)["words"]
    # the file's words inside the trim, at timeline time = (source time - in-point) / speed
    expected = [
        (
            w["word"],
            max(0.0, (w["start"] - start) / 2),
            min((end - start) / 2, (w["end"] - start) / 2),
        )
        for w in heard
        if start <= (w["start"] + w["end"]) / 2 < end
    ]
    assert [w["word"] for w in words] == [e[0] for e in expected]
    assert "today" in [e[0] for e in expected] and len(expected) >= 6
    for got, (_, lo_t, hi_t) in zip(words, expected, strict=True):
        assert abs(got["start"] - lo_t) <= 0.002 and abs(got["end"] - hi_t) <= 0.002


def test_transcript_without_a_model_names_the_fix(nemo: Any, talk: Speech) -> None:
    result = nemo("transcript", str(talk.path))
    assert result.code == 1
    assert "No speech model is installed" in result.err
    assert "nemo speech install" in result.err


def test_chinese_without_a_chinese_model_names_both_ways_on(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
) -> None:
    result = nemo("transcript", str(talk.path), "--lang", "zh", "--json")
    assert result.code == 1
    error = json.loads(result.err)["error"]
    assert error["code"] == "speech_unavailable"
    assert "No Chinese speech model" in error["message"]
    assert ENV_VAR in error["hint"] and "--backend cloud" in error["hint"]


def test_speech_status_says_which_model(nemo: Any, with_model: Path) -> None:  # noqa: F811
    result = nemo("speech", "status", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["ready"] is True and data["vosk"]
    assert data["model"]["source"] == ENV_VAR
    assert data["model"]["path"] == str(with_model)
    text = nemo("speech", "status")
    assert "Model in use: vosk-model-small-en-us-0.15 (English; from NEMO_SPEECH_MODEL" in text.out


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_transcript_stopped_midway_leaves_no_ffmpeg_and_no_cache(
    tmp_path: Path,
    isolated_home: Path,
    with_model: Path,  # noqa: F811
    sig: signal.Signals,
) -> None:
    from emulator.nemo_process import alive, finish, start, wait_for
    from mediagen import ffmpeg_exe as test_ffmpeg

    noise = tmp_path / "noise.wav"  # long enough to be stopped in the middle
    subprocess.run(
        [
            test_ffmpeg(),
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=d=600:c=pink:a=0.3:r=16000",
            str(noise),
        ],
        check=True,
    )
    proc = start(["transcript", str(noise)], {ENV_VAR: str(with_model)})

    def children(pid: int) -> list[int]:
        """Processes whose parent is ``pid`` (threads come and go: read races are skipped)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
        return found

    def ffmpegs() -> list[int]:  # the ffmpeg decoding the sound (not the probe before it)
        return [p for p in children(proc.pid) if "s16le" in _cmdline(p)]

    wait_for(proc, lambda: bool(ffmpegs()), "the transcription")
    [child] = ffmpegs()
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done
    assert done.err.splitlines()[-1] == "Transcription stopped."
    assert not alive(child)
    assert not list((isolated_home / "cache").rglob("transcripts/*/*.json"))


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""
