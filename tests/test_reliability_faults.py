"""Faults, each against the emulator or a real process, through the real CLI: DNS failure,
timeouts at connect and at read, resets mid-download (resume, restart, give up), 5xx with
bounded retries, a trickling stream, a full disk while downloading or rendering, ffmpeg
killed. Faults already covered elsewhere (connection refused, reset mid-SSE, 429, ...) are
cited in docs/RELIABILITY.md under "Faults".
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_nemo
from emulator import Emulator
from emulator.fixtures import CLIP_DRAFT
from emulator.media import generated_bytes

FAST = {"NEMO_WAIT_SCALE": "0"}


@pytest.fixture
def cloud(emulator: Emulator, cloud: tuple[dict[str, str], str]) -> tuple[dict[str, str], str]:
    """The shared ``cloud`` session, with a clip on its timeline."""
    emulator.set_draft(cloud[1], CLIP_DRAFT)
    return cloud


def folder(tmp_path: Path) -> Path:
    """An empty folder for outputs (tmp_path also holds the test's home)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def pending(home: Path) -> list[str]:
    path = home / "state" / "nemo" / "renders.json"
    return [r["id"] for r in json.loads(path.read_text())["cloud"]] if path.exists() else []


# ---------------------------------------------------------------- reaching the cloud


def test_a_host_name_that_cannot_resolve(cloud_env: dict[str, str]) -> None:
    env = {**cloud_env, **FAST, "NEMO_TOKEN": "nmv_usr_x", "NEMO_API_BASE": "http://nemo.invalid"}
    result = run_nemo("credits", env=env)
    assert (result.code, result.err.splitlines()) == (
        6,
        [
            "Error: Cannot reach the cloud at nemo.invalid: the host name was not found.",
            "Check your connection (and NEMO_API_BASE); --backend local works offline.",
        ],
    )


@pytest.fixture
def unanswered_port() -> Iterator[int]:
    """A port whose listen queue is full: a new connection is never accepted (SYNs dropped),
    so connecting times out instead of being refused."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):
        s = socket.socket()
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError):  # in progress: it will never complete
            s.connect(("127.0.0.1", port))
        fillers.append(s)
    yield port
    for s in [*fillers, server]:
        s.close()


def test_a_connection_that_is_never_accepted_times_out(
    cloud_env: dict[str, str], unanswered_port: int
) -> None:
    env = {
        **cloud_env,
        **FAST,
        "NEMO_TOKEN": "nmv_usr_x",
        "NEMO_CONNECT_TIMEOUT": "0.3",
        "NEMO_API_BASE": f"http://127.0.0.1:{unanswered_port}",
    }
    result = run_nemo("credits", env=env)
    assert (result.code, result.err.splitlines()[0]) == (
        6,
        f"Error: Timed out connecting to the cloud at 127.0.0.1:{unanswered_port}.",
    )


def test_a_reply_that_stops_half_way_times_out(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, _ = cloud
    emulator.stall("credits", 30, within=True)  # headers and half the body, then silence
    result = run_nemo("credits", env={**env, "NEMO_HTTP_TIMEOUT": "0.3"})
    host = emulator.base_url.removeprefix("http://")
    assert (result.code, result.err.splitlines()[0]) == (
        6,
        f"Error: The cloud at {host} did not answer in time.",
    )
    assert len(emulator.requests_to("credits")) == 1  # a timeout is not waited out twice


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_on_a_get_is_retried_with_growing_jittered_waits_then_said_clearly(
    emulator: Emulator, cloud: tuple[dict[str, str], str], status: int
) -> None:
    env, _ = cloud
    emulator.fail("credits", status=status, times=None)
    scale = 0.05  # the waits are 0.5-1, 1-2, 2-4 s before scaling
    result = run_nemo("credits", env={**env, "NEMO_WAIT_SCALE": str(scale)})
    phrase = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    assert (result.code, result.err.splitlines()) == (
        6,
        [
            f"Error: The cloud server failed (HTTP {status}): {phrase[status]}",
            "Try again in a few minutes; --backend local works offline.",
        ],
    )
    times = [r.time for r in emulator.requests_to("credits")]
    assert len(times) == 4  # one call and three retries: bounded
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # Each wait is at least half of its doubling step (full jitter above that).
    assert [gap >= 0.5 * 2**i * scale for i, gap in enumerate(gaps)] == [True] * 3, gaps


def test_5xx_on_a_post_is_not_repeated(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, _ = cloud
    emulator.fail("create-session", status=503, times=None)
    result = run_nemo("session", "new", env=env)
    assert result.code == 6
    assert len(emulator.requests_to("create-session")) == 1


# ---------------------------------------------------------------- a trickling chat stream


@pytest.mark.slow
def test_a_stream_trickling_one_byte_a_minute_is_ended_by_the_read_timeout(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.trickle("run_sse", chunk=1, delay=60)
    result = run_nemo("--session", sid, "say", "hello", env={**env, "NEMO_STREAM_TIMEOUT": "1"})
    host = emulator.base_url.removeprefix("http://")
    assert (result.code, result.err.splitlines()[0]) == (
        6,
        f"Error: The cloud at {host} did not answer in time, and the timeline did not change.",
    )
    emulator.reset()  # wake the trickling handler


@pytest.mark.slow
def test_a_stream_that_never_falls_silent_is_ended_by_the_turn_limit(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    # A byte every 20 ms: never silent for a whole read timeout; the turn limit ends it.
    emulator.trickle("run_sse", chunk=1, delay=0.02)
    result = run_nemo("--session", sid, "say", "hello", env={**env, "NEMO_STREAM_TIMEOUT": "1"})
    assert (result.code, result.err.splitlines()[0]) == (
        6,
        "Error: The reply took longer than 1 second; nemo stopped waiting, and the timeline "
        "did not change.",
    )
    emulator.reset()


# ---------------------------------------------------------------- downloads


def test_a_download_that_keeps_dropping_leaves_nothing_then_resumes(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path, isolated_home: Path
) -> None:
    env, sid = cloud
    out = folder(tmp_path) / "v.mp4"
    emulator.cdn.drop(1000, times=None)
    result = run_nemo("--session", sid, "export", "-o", str(out), env=env)
    (rid,) = pending(isolated_home)
    assert (result.code, result.err.splitlines()) == (
        6,
        [
            f"Error: The connection to the download server at "
            f"{emulator.cdn_url.removeprefix('http://')} was reset.",
            f"The render is kept on the cloud. Pick it up with: nemo export --resume "
            f"--render-id {rid}",
        ],
    )
    assert list(out.parent.iterdir()) == []  # nothing under the final name, no partial file
    assert len(emulator.cdn.requests) == 6  # the first try and five resumes

    emulator.clear_faults("cdn")
    again = run_nemo("export", "--resume", env=env)
    assert again.code == 0, again
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert pending(isolated_home) == []


def test_a_dropped_download_from_a_server_without_ranges_starts_again(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud
    emulator.misbehave("cdn", drop_after_bytes=5000, no_ranges=True)
    out = folder(tmp_path) / "v.mp4"
    result = run_nemo("--session", sid, "export", "-o", str(out), env=env)
    assert result.code == 0, result
    assert [r.header("range") for r in emulator.cdn.requests] == [None, None]
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == ["v.mp4"]


def test_a_stale_partial_file_or_a_link_at_its_name_is_replaced_not_followed(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud
    out = folder(tmp_path)
    victim = out / "victim.txt"
    victim.write_text("keep me")
    (out / ".v.mp4.part").symlink_to(victim)
    result = run_nemo("--session", sid, "export", "-o", str(out / "v.mp4"), env=env)
    assert result.code == 0, result
    assert victim.read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["v.mp4", "victim.txt"]


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.slow
def test_a_file_size_limit_while_downloading(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path, isolated_home: Path
) -> None:
    """RLIMIT_FSIZE makes the write fail with EFBIG (Python ignores SIGXFSZ): a quota."""
    env, sid = cloud
    emulator.set_cdn_payload(size=2_000_000)
    out = folder(tmp_path) / "v.mp4"
    proc = subprocess.run(
        [sys.executable, "-m", "nemo_cli", "--session", sid, "export", "-o", str(out)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(500_000),
        timeout=120,
    )
    (rid,) = pending(isolated_home)
    assert (proc.returncode, proc.stderr.splitlines()) == (
        7,
        [
            f"Error: Not enough disk space to save {out}: File too large.",
            "Free some space or choose another folder with -o. The render is kept on the cloud. "
            f"Pick it up with: nemo export --resume --render-id {rid}",
        ],
    )
    assert list(out.parent.iterdir()) == []

    again = run_nemo("export", "--resume", env=env)
    assert again.code == 0, again
    assert out.read_bytes() == generated_bytes(2_000_000)


def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    mount = f"mount -t tmpfs -o size=64k tmpfs {probe}"
    done = subprocess.run(["unshare", "-rm", "sh", "-c", mount], capture_output=True, check=False)
    probe.rmdir()
    return done.returncode == 0


def _in_small_disk(tmp_path: Path, size: str, command: list[str], env: dict[str, str]) -> str:
    """Run ``command`` with ``tmp_path/disk`` a tmpfs of ``size`` (in a private mount
    namespace, so nothing outside sees it), then list what is left in it."""
    disk = tmp_path / "disk"
    disk.mkdir()
    quoted = " ".join(f"'{c}'" for c in command)
    script = (
        f'mount -t tmpfs -o size={size} tmpfs {disk} && {quoted} 2>&1; echo "EXIT=$?"; ls -A {disk}'
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )
    return done.stdout + done.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> None:
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip(
            "needs `unshare -rm` and tmpfs (user and mount namespaces); the RLIMIT "
            "test above covers the same code"
        )


def test_a_full_disk_while_downloading(
    emulator: Emulator,
    cloud: tuple[dict[str, str], str],
    tmp_path: Path,
    isolated_home: Path,
    small_disk: None,
) -> None:
    env, sid = cloud
    emulator.set_cdn_payload(size=1_000_000)
    out = tmp_path / "disk" / "v.mp4"
    said = _in_small_disk(
        tmp_path,
        "256k",
        [sys.executable, "-m", "nemo_cli", "--session", sid, "export", "-o", str(out)],
        env,
    )
    (rid,) = pending(isolated_home)
    assert said.splitlines() == [
        f"Error: Not enough disk space to save {out}: No space left on device.",
        "Free some space or choose another folder with -o. The render is kept on the cloud. "
        f"Pick it up with: nemo export --resume --render-id {rid}",
        "EXIT=7",
    ]  # and `ls -A` of the small disk printed nothing: the partial file is gone


@pytest.mark.slow
def test_a_full_disk_while_rendering_locally(
    tmp_path: Path, isolated_home: Path, small_disk: None
) -> None:
    from mediagen import make_clip

    clip = make_clip(tmp_path / "a.mp4", 2.0)
    for args in (("upload", str(clip)), ("say", "combine my clips")):
        done = run_nemo("--backend", "local", *args)
        assert done.code == 0, done
    out = tmp_path / "disk" / "v.mp4"
    said = _in_small_disk(
        tmp_path,
        "32k",
        [sys.executable, "-m", "nemo_cli", "--backend", "local", "export", "-o", str(out)],
        {},
    )
    # Off a terminal a render that takes more than a few seconds (a loaded machine) prints
    # progress lines first: the error follows them.
    lines = [line for line in said.splitlines() if not line.startswith("Rendering ")]
    assert lines[:2] == [
        f"Error: Not enough disk space to write {out}.",
        "Free some space, or export into another folder with -o.",
    ]
    assert said.splitlines()[-1] == "EXIT=7"  # and nothing left on the small disk


def test_ffmpeg_killed_during_a_local_render(tmp_path: Path) -> None:
    from mediagen import make_clip

    clip = make_clip(tmp_path / "a.mp4", 2.0)
    for args in (("upload", str(clip)), ("say", "combine my clips")):
        done = run_nemo("--backend", "local", *args)
        assert done.code == 0, done
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'frame=1 partial work' >&2\nkill -9 $$\n")
    fake.chmod(0o755)
    out = tmp_path / "out" / "v.mp4"
    out.parent.mkdir()
    result = run_nemo(
        "--backend", "local", "export", "-o", str(out), env={"NEMO_FFMPEG": str(fake)}
    )
    assert (result.code, result.err.splitlines()[:3]) == (
        7,
        [
            "Error: The render failed: ffmpeg was killed (signal 9). Its last lines:",
            "  frame=1 partial work",
            "If a source file is damaged, replace it and export again.",
        ],
    )
    assert list(out.parent.iterdir()) == []


# ---------------------------------------------------------------- a session lost mid-chat


def test_a_session_lost_mid_chat_is_replaced_once(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    """The chat keeps the id it started with; once the cloud has lost that session, every
    message goes to the one replacement (not to a new empty session each time)."""
    env, _ = cloud
    gone = emulator.create_session(emulator.seed_token())  # not ours: the cloud says 404
    lines = "hello\ncombine my clips\nadd music at 35%\nhello\n"
    result = run_nemo("--session", gone, "chat", input=lines, env=env)
    assert result.code == 0, result
    assert len(emulator.requests_to("create-session")) == 1
    sids = [r.json["session_id"] for r in emulator.requests_to("run_sse")]
    assert len(sids) == 4 and len(set(sids)) == 1 and sids[0] != gone
    assert result.err.count("no longer exists; started a new one") == 1
