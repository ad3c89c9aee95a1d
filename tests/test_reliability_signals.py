"""SIGINT (Ctrl-C) and SIGTERM at every stage: nemo stops, cleans up and exits 130.

SIGTERM is handled like Ctrl-C (entry.py turns it into ``errors.Terminated``, a
KeyboardInterrupt): the same clean-up runs and the exit code is the documented "interrupted"
130, so a script checks one value. A cloud export stopped at any stage leaves no partial file
and keeps the render id for ``--resume`` as soon as the cloud may have the job; a local render
leaves no partial file and no ffmpeg process. The real CLI runs in a subprocess against the
emulator; each stage is held open by an emulator stall until the signal arrives.

docs/RELIABILITY.md lists these tests under "Signals".
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import run_nemo
from emulator import Emulator
from emulator.fixtures import CLIP_DRAFT
from emulator.nemo_process import alive, children, finish, start, wait_for

SIGNALS = pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["int", "term"])


@pytest.fixture
def cloud(emulator: Emulator, cloud: tuple[dict[str, str], str]) -> tuple[dict[str, str], str]:
    """The shared ``cloud`` session, with a clip on its timeline."""
    emulator.set_draft(cloud[1], CLIP_DRAFT)
    return cloud


def pending(home: Path) -> list[str]:
    path = home / "state" / "nemo" / "renders.json"
    return [r["id"] for r in json.loads(path.read_text())["cloud"]] if path.exists() else []


def hold(emulator: Emulator, stage: str) -> Callable[[Path], bool]:
    """Make the export stop at ``stage``; returns "has it got there?" (given the out folder)."""
    if stage == "timeline":
        emulator.stall("state", 60)
        return lambda out: len(emulator.requests_to("state")) == 1
    if stage == "submit":  # the cloud has the job; its answer is half sent
        emulator.stall("render-submit", 60, within=True)
        return lambda out: (
            bool(emulator.requests_to("render-submit")) and bool(emulator.store.renders)
        )
    if stage == "render":
        emulator.configure(render_polls=1_000_000)
        return lambda out: len(emulator.requests_to("render-poll")) >= 2
    assert stage == "download"
    emulator.set_cdn_payload(size=4_000_000)
    emulator.stall("cdn", 60, within=True)  # half the file, then silence
    return lambda out: any(p.stat().st_size > 0 for p in out.glob(".*.part"))


@pytest.mark.slow
@SIGNALS
@pytest.mark.parametrize("stage", ["timeline", "submit", "render", "download"])
def test_a_cloud_export_stopped_at_any_stage(
    emulator: Emulator,
    cloud: tuple[dict[str, str], str],
    tmp_path: Path,
    isolated_home: Path,
    stage: str,
    sig: signal.Signals,
) -> None:
    env, sid = cloud
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "v.mp4"
    there = hold(emulator, stage)
    proc = start(["--session", sid, "export", "-o", str(out)], env)
    wait_for(proc, lambda: there(folder), f"the {stage} stage")
    proc.send_signal(sig)
    done = finish(proc)

    assert done.code == 130, done
    assert list(folder.iterdir()) == []  # no partial file, nothing under the final name
    kept = pending(isolated_home)
    if stage == "timeline":  # nothing was sent to the cloud yet: nothing to resume
        assert kept == []
        assert done.err.splitlines()[-1] in ("Interrupted.", "Terminated.")
        return
    (rid,) = kept
    assert f"nemo export --resume --render-id {rid}" in done.err

    # Later, --resume finishes the same file from the same render.
    emulator.clear_faults()
    emulator.render(rid).polls_to_complete = 1
    emulator.set_cdn_payload()
    again = run_nemo("export", "--resume", env=env)
    assert again.code == 0, again
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert pending(isolated_home) == []


@pytest.mark.slow
@SIGNALS
def test_an_upload_stopped_while_the_cloud_digests_it(
    emulator: Emulator, cloud: tuple[dict[str, str], str], sig: signal.Signals
) -> None:
    env, sid = cloud
    emulator.sample.payload()
    emulator.stall("upload", 60)
    proc = start(["--session", sid, "upload", str(emulator.sample.path)], env)
    wait_for(proc, lambda: bool(emulator.requests_to("upload")), "the upload")
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done
    assert done.out == ""


@pytest.mark.slow
@SIGNALS
def test_say_stopped_mid_reply(
    emulator: Emulator, cloud: tuple[dict[str, str], str], sig: signal.Signals
) -> None:
    env, sid = cloud
    # The first event, then silence (one fault: faults on an endpoint are used one a request).
    emulator.misbehave("run_sse", long_reply_chunks=4, long_reply_text="word ", stall_within=60)
    proc = start(["--session", sid, "say", "tell me a story"], env)
    wait_for(proc, lambda: bool(emulator.requests_to("run_sse")), "the reply")
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done


# ---------------------------------------------------------------- the local engine


def _renders(pid: int) -> list[int]:
    """The render ffmpeg processes among ``pid``'s children."""
    found = []
    for child in children(pid):
        with contextlib.suppress(OSError):
            line = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            if b"-progress" in line and b"ffmpeg" in line[0]:
                found.append(child)
    return found


def _hour_long_render_session(tmp_path: Path, isolated_home: Path, clips: int = 1) -> None:
    """A local session whose timeline is a one-hour still (``clips`` of them, each a second
    shorter than the one before, so no two segments are the same picture): a render that
    outlives the test."""
    from mediagen import make_image

    from nemo_cli.backends.local.store import SessionStore
    from nemo_cli.backends.local.timeline import from_draft

    still = make_image(tmp_path / "still.png", size="320x240")
    done = run_nemo("--backend", "local", "--json", "upload", str(still))
    assert done.code == 0, done
    sid = json.loads(done.out)["session_id"]
    store = SessionStore(isolated_home / "data" / "nemo" / "sessions")
    with store.edit(sid) as session:
        session.timeline = from_draft(
            {
                "t": [
                    {
                        "tt": 0,
                        "n": "Video",
                        "sg": [
                            {
                                "id": f"v{n + 1}",
                                "src": "m1",
                                "n": "still.png",
                                "k": "image",
                                "st": n * 3_600_000 - 1000 * n * (n - 1) // 2,
                                "d": 3_600_000 - 1000 * n,
                                "in": 0,
                                "sp": 1.0,
                                "v": 0,
                            }
                            for n in range(clips)
                        ],
                    }
                ],
                "d": clips * 3_600_000 - 1000 * clips * (clips - 1) // 2,
                "m": {
                    "width": 1920,
                    "height": 1080,
                    "aspect": "16:9",
                    "fit": "letterbox",
                    "xfade": 0,
                    "img_d": 3000,
                },
            }
        )


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@SIGNALS
def test_a_local_export_stopped_mid_render_leaves_no_file_and_no_ffmpeg(
    tmp_path: Path, isolated_home: Path, sig: signal.Signals
) -> None:
    _hour_long_render_session(tmp_path, isolated_home)
    folder = tmp_path / "out"
    folder.mkdir()
    proc = start(["--backend", "local", "export", "-o", str(folder / "v.mp4")], {})
    # Segments are encoded into the cache; the output folder sees a file only at the join.
    # The render's ffmpeg runs report progress (the segment's, and the sound pass beside it);
    # finding ffmpeg runs a short ``ffmpeg -version``.
    wait_for(proc, lambda: len(_renders(proc.pid)) >= 1, "the render")
    running = _renders(proc.pid)
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done
    assert done.err.splitlines()[-1] == "Stopped: nothing was written."
    assert not any(alive(ffmpeg) for ffmpeg in running)
    assert list(folder.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@SIGNALS
def test_segments_encoded_side_by_side_all_stop(
    tmp_path: Path, isolated_home: Path, sig: signal.Signals
) -> None:
    """Two segments encoded at once (as on a machine with 4 cores or more): the signal, heard
    by the main thread only, ends both ffmpeg runs; nothing is left in the output folder or
    half-written in the render cache."""
    _hour_long_render_session(tmp_path, isolated_home, clips=2)
    folder = tmp_path / "out"
    folder.mkdir()
    proc = start(
        ["--backend", "local", "export", "-o", str(folder / "v.mp4")], {"NEMO_RENDER_JOBS": "2"}
    )

    def encoding() -> int:  # segments (the sound pass runs beside them, into an .m4a)
        found = 0
        for pid in _renders(proc.pid):
            with contextlib.suppress(OSError):
                found += Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").endswith(b".mp4")
        return found

    wait_for(proc, lambda: encoding() == 2, "two segments encoded at once")
    running = _renders(proc.pid)
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done
    assert done.err.splitlines()[-1] == "Stopped: nothing was written."
    assert not any(alive(pid) for pid in running)
    assert list(folder.iterdir()) == []
    cache = isolated_home / "cache" / "nemo" / "render"
    assert not [p for p in cache.rglob("*") if ".partial" in p.name]


# ---------------------------------------------------------------- the REPL


@pytest.mark.slow
def test_sigterm_ends_a_piped_chat_mid_reply(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.misbehave("run_sse", long_reply_chunks=4, long_reply_text="word ", stall_within=60)
    proc = start(["--session", sid, "chat"], env, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write("tell me a story\nand another one\n")
    proc.stdin.flush()
    # The message is in the session once the server has read the request's body: wait for
    # that, not for the request's first line (under load the two are far apart).
    wait_for(proc, lambda: bool(emulator.session_messages(sid)), "the reply")
    proc.send_signal(signal.SIGTERM)
    done = finish(proc)
    assert done.code == 130, done
    assert emulator.session_messages(sid) == ["tell me a story"]  # the next line never ran


def _spawn_repl(env: dict[str, str], sid: str) -> pexpect.spawn:
    full = {**os.environ, **env, "TERM": "xterm-256color"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "nemo_cli", "--session", sid],
        env=full,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )


@pytest.mark.slow
def test_sigterm_at_the_repl_prompt_leaves_with_130(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    child = _spawn_repl(env, sid)
    child.expect_exact("nemo› ")
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.slow
def test_sigterm_in_a_terminal_repl_mid_reply_leaves_with_130(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.misbehave("run_sse", long_reply_chunks=4, long_reply_text="word ", stall_within=60)
    child = _spawn_repl(env, sid)
    child.expect_exact("nemo› ")
    child.sendline("tell me a story")
    child.expect_exact("word")
    child.kill(signal.SIGTERM)
    try:
        ended = child.expect([pexpect.EOF, "nemo› "])  # a new prompt means it carried on
    finally:
        child.close(force=True)
    assert (ended, child.exitstatus) == (0, 130)
