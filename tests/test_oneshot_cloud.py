"""The one-shot commands as a shell script uses them, against the cloud emulator."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from emulator.emulator import Emulator
from mediagen import make_clip, make_tone, probe


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cloud-media")
    return {
        "a": make_clip(root / "a.mp4", 2),
        "b": make_clip(root / "b.mp4", 2, tone=660),
        "music": make_tone(root / "music.wav", 3),
    }


@pytest.fixture
def env(cloud_env: dict[str, str], emulator: Emulator) -> dict[str, str]:
    return {**cloud_env, "NEMO_TOKEN": emulator.seed_token()}


@pytest.mark.slow
def test_three_command_script_makes_a_playable_mp4(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator
) -> None:
    out = tmp_path / "out.mp4"
    up = nemo("upload", str(media["a"]), str(media["b"]), str(media["music"]), "--json", env=env)
    assert up.code == 0, up
    uploaded = json.loads(up.out)
    assert [f["filename"] for f in uploaded["files"]] == ["a.mp4", "b.mp4", "music.wav"]
    assert [f["file_type"] for f in uploaded["files"]] == ["video", "video", "audio"]

    said = nemo("say", "combine my clips, add background music", env=env)
    assert said.code == 0, said

    exported = nemo("export", "-o", str(out), "--json", env=env)
    assert exported.code == 0, exported
    result = json.loads(exported.out)
    assert result["path"] == str(out)
    assert result["bytes"] == out.stat().st_size > 0
    assert result["render_id"].startswith("render_")
    facts = probe(out)
    assert (facts.video_codec, facts.audio_codec) == ("h264", "aac")
    assert facts.duration and facts.duration > 1
    assert out.read_bytes() == emulator.render_payload().read_all()
    # the draft the render got is the one the agent built, with both clips and the music
    submitted = emulator.last("render-submit").json
    kinds = sorted(t["tt"] for t in submitted["draft"]["t"])
    assert kinds == [0, 1]
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*"))


def test_status_json_shape(nemo, env: dict[str, str], media: dict[str, Path]) -> None:
    assert nemo("upload", str(media["a"]), env=env).code == 0
    assert nemo("say", "combine my clips", env=env).code == 0
    status = json.loads(nemo("status", "--json", env=env).out)
    assert status["backend"] == "cloud"
    assert status["session_id"].isdigit()
    assert status["tracks"][0]["type"] == "video"
    assert status["summary"].startswith("Timeline (1 track): 1. Video:")
    assert status["duration_ms"] == status["draft"]["d"]
    assert {"name", "start_ms", "end_ms"} <= set(status["tracks"][0]["segments"][0])


def _start_export(env: dict[str, str], out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "nemo_cli", "export", "-o", str(out)],
        env={**os.environ, **env}, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for(predicate, what: str, limit: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
def test_interrupted_export_resumes(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator
) -> None:
    assert nemo("upload", str(media["a"]), env=env).code == 0
    assert nemo("say", "combine my clips", env=env).code == 0
    emulator.configure(render_polls=10_000)  # keeps "processing" until we let it finish
    out = tmp_path / "final.mp4"
    proc = _start_export(env, out)
    _wait_for(lambda: len(emulator.requests_to("render-poll")) >= 3, "polling")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "nemo export --resume" in err
    assert not out.exists()
    render_id = emulator.last("render-submit").json["id"]

    emulator.configure(render_polls=1)
    emulator.render(render_id).polls_to_complete = 1
    resumed = nemo("export", "--resume", "--json", env=env)
    assert resumed.code == 0, resumed
    assert json.loads(resumed.out)["render_id"] == render_id
    assert json.loads(resumed.out)["path"] == str(out)
    assert probe(out).video_codec == "h264"
    again = nemo("export", "--resume", env=env)
    assert again.code == 2 and "no interrupted cloud export" in again.err


@pytest.mark.slow
def test_cancel_pending_render(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator
) -> None:
    assert nemo("upload", str(media["a"]), env=env).code == 0
    assert nemo("say", "combine my clips", env=env).code == 0
    emulator.configure(render_polls=10_000)
    proc = _start_export(env, tmp_path / "x.mp4")
    _wait_for(lambda: len(emulator.requests_to("render-poll")) >= 1, "polling")
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    cancelled = nemo("export", "--cancel", env=env)
    assert cancelled.code == 0, cancelled
    assert "Cancelled render render_" in cancelled.out
    assert len(emulator.requests_to("render-cancel")) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.mp4", "No such file:"),
        (lambda d: (d / "folder.mp4").mkdir() or d / "folder.mp4", "is a directory"),
        (lambda d: (d / "notes.txt").write_text("hi") and d / "notes.txt", "Unsupported file type"),
        (lambda d: (d / "fake.mp4").write_text("not a video" * 10) and d / "fake.mp4",
         "does not look like a real video file"),
        (lambda d: (d / "camera.MTS").write_bytes(b"G" * 400) and d / "camera.MTS",
         "The cloud does not take this file type"),
    ],
    ids=["missing", "directory", "unsupported", "fake", "local-only format"],
)
def test_bad_upload_sends_nothing(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator,
    make, message: str,  # type: ignore[no-untyped-def]
) -> None:
    bad = make(tmp_path)
    result = nemo("upload", str(media["a"]), str(bad), env=env)
    assert result.code == 5, result
    first = result.err.strip().splitlines()[0]
    assert first.startswith("Error: ") and message in first and str(bad) in first
    assert emulator.requests_to("upload") == []


def test_600mb_sparse_file_refused_before_sending(
    nemo, env: dict[str, str], tmp_path: Path, emulator: Emulator
) -> None:
    big = tmp_path / "big.mp4"
    with open(big, "wb") as fh:
        fh.write(b"\x00\x00\x00\x20ftypisom")
        fh.truncate(600 * 1024 * 1024)
    result = nemo("upload", str(big), "--json", env=env)
    assert result.code == 5
    error = json.loads(result.err)["error"]
    assert error["code"] == "bad_input"
    assert "too large (600 MB; the limit is 500 MB)" in error["message"]
    assert emulator.requests_to("upload") == []


def test_export_refuses_empty_draft_and_existing_output(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator
) -> None:
    assert nemo("session", "new", env=env).code == 0
    empty = nemo("export", "-o", str(tmp_path / "x.mp4"), env=env)
    assert empty.code == 1
    assert "The timeline is empty" in empty.err
    assert emulator.requests_to("render-submit") == []

    assert nemo("upload", str(media["a"]), env=env).code == 0
    assert nemo("say", "combine my clips", env=env).code == 0
    existing = tmp_path / "taken.mp4"
    existing.write_bytes(b"precious")
    refused = nemo("export", "-o", str(existing), env=env)
    assert refused.code == 1 and "already exists" in refused.err and "--force" in refused.err
    assert existing.read_bytes() == b"precious"
    forced = nemo("export", "-o", str(existing), "--force", env=env)
    assert forced.code == 0, forced
    assert probe(existing).video_codec == "h264"


def test_export_402_and_failed_render(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path, emulator: Emulator
) -> None:
    assert nemo("upload", str(media["a"]), env=env).code == 0
    assert nemo("say", "combine my clips", env=env).code == 0
    emulator.fail("render-submit", status=402)
    blocked = nemo("export", "-o", str(tmp_path / "a.mp4"), env=env)
    assert blocked.code == 4, blocked
    assert "Register or upgrade your plan to unlock export." in blocked.err
    emulator.fail_render("Render failed: out of GPU memory")
    failed = nemo("export", "-o", str(tmp_path / "b.mp4"), env=env)
    assert failed.code == 7, failed
    assert "out of GPU memory" in failed.err
    assert not (tmp_path / "a.mp4").exists() and not (tmp_path / "b.mp4").exists()


def test_batch_runs_every_job_and_reports_failures(
    nemo, env: dict[str, str], media: dict[str, Path], tmp_path: Path
) -> None:
    jobs = tmp_path / "jobs.toml"
    jobs.write_text(
        f'''
[[job]]
name = "first"
files = ["{media['a']}", "{media['music']}"]
instructions = ["combine my clips", "add background music"]
output = "first.mp4"

[[job]]
name = "broken"
files = ["{tmp_path / 'nope.mp4'}"]
instructions = "combine my clips"

[[job]]
name = "second"
files = ["{media['b']}"]
instructions = ["combine my clips"]
'''
    )
    result = nemo("batch", str(jobs), "--json", env=env)
    assert result.code == 5, result
    report = json.loads(result.out)
    assert [(j["name"], j["ok"]) for j in report["jobs"]] == [
        ("first", True), ("broken", False), ("second", True)]
    assert report["failed"] == 1
    assert "No such file" in report["jobs"][1]["error"]
    assert probe(tmp_path / "first.mp4").video_codec == "h264"
    assert probe(tmp_path / "second.mp4").video_codec == "h264"
    sessions = {j["session_id"] for j in report["jobs"]}
    assert len(sessions) == 3
