"""Concurrency: several nemo processes at once share config.toml, credentials.json,
sessions.json and renders.json without corrupting them or losing an update (a file lock per
file plus write-to-temporary-then-rename), and a token renewed by one process is what the
next call of another one uses.

docs/RELIABILITY.md lists these tests under "Concurrency".
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import run_nemo
from emulator import Emulator
from emulator.nemo_process import finish, start, wait_for

from nemo_cli.backends.cloud.records import pending_renders
from nemo_cli.config import (
    Paths,
    current_session,
    load_credentials,
    load_settings,
    new_client_id,
    set_current_session,
    set_setting,
    update_credentials,
)
from nemo_cli.errors import ConfigError

WORKERS = 6
ROUNDS = 25
# One setting per worker (each a valid value), so a lost update shows as a missing key.
SETTINGS = [
    ("language", lambda n: f"lang-{n}"),
    ("quality", lambda n: ("high", "medium", "low")[n % 3]),
    ("output_dir", lambda n: f"/videos/{n}"),
    ("poll_interval", lambda n: str(n + 1)),
    ("api_base", lambda n: f"http://127.0.0.1:{9000 + n}"),
    ("backend", lambda n: ("local", "cloud")[n % 2]),
]


def _paths(root: str) -> Paths:
    base = Path(root)
    return Paths(base / "config", base / "state", base / "data")


def _worker(root: str, index: int, rounds: int) -> None:
    """One process's share of the hammering: a setting, its own current session, the token
    (or, for worker 0, the client id), and its own pending render."""
    paths = _paths(root)
    key, value = SETTINGS[index]
    renders = pending_renders(paths)
    for n in range(rounds):
        set_setting(paths, key, value(n))
        set_current_session(paths, f"backend{index}", f"s{index}-{n}")
        if index == 0:
            new_client_id(paths)
        else:
            update_credentials(paths, token=f"tok-{index}-{n}-secret", kind="login")
        renders.put({"id": f"render_{index}_{n}", "output": f"/out/{index}.mp4"})
        if n:
            renders.drop(f"render_{index}_{n - 1}")


def _reader(
    root: str, stop: multiprocessing.synchronize.Event, found: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    """Reads every file over and over while the workers write: never a half-written one."""
    paths = _paths(root)
    reads = errors = 0
    while not stop.is_set():
        try:
            load_settings(paths)
            load_credentials(paths)
            current_session(paths, "backend1")
            pending_renders(paths).all()
            reads += 1
        except ConfigError:
            errors += 1
    found.put((reads, errors))


@pytest.mark.slow
def test_processes_hammering_the_shared_files_never_corrupt_or_lose_them(tmp_path: Path) -> None:
    paths = _paths(str(tmp_path))
    update_credentials(paths, client_id="first")
    ctx = multiprocessing.get_context("spawn")
    stop, found = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=_reader, args=(str(tmp_path), stop, found))
    reader.start()
    workers = [ctx.Process(target=_worker, args=(str(tmp_path), i, ROUNDS))
               for i in range(WORKERS)]  # fmt: skip
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    stop.set()
    reads, errors = found.get(timeout=300)
    reader.join(timeout=60)
    assert [w.exitcode for w in workers] == [0] * WORKERS
    assert (reads > 0, errors) == (True, 0)

    # Every file parses, and every process's last write is there (no lost update).
    last = ROUNDS - 1
    settings = tomllib.loads(paths.config_file.read_text())
    assert settings == {
        "language": f"lang-{last}", "quality": ("high", "medium", "low")[last % 3],
        "output_dir": f"/videos/{last}", "poll_interval": float(last + 1),
        "api_base": f"http://127.0.0.1:{9000 + last}", "backend": ("local", "cloud")[last % 2],
    }  # fmt: skip
    sessions = json.loads(paths.sessions_file.read_text())
    assert sessions == {f"backend{i}": f"s{i}-{last}" for i in range(WORKERS)}
    creds = json.loads(paths.credentials_file.read_text())
    assert creds["token"] in {f"tok-{i}-{last}-secret" for i in range(1, WORKERS)}
    assert creds["kind"] == "login"
    assert creds["client_id"] not in (None, "first")  # worker 0's renewals were kept
    renders = json.loads(paths.renders_file.read_text())["cloud"]
    assert sorted(r["id"] for r in renders) == [f"render_{i}_{last}" for i in range(WORKERS)]
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.slow
def test_nemo_commands_run_at_once_share_the_files(isolated_home: Path) -> None:
    """Real `nemo` processes at once: each sets a setting, switches its cloud session and logs
    in (offline: the token is saved unchecked)."""
    nemo = f"{sys.executable} -m nemo_cli"
    procs = []
    for i in range(4):
        key, value = SETTINGS[i]
        steps = [f"{nemo} config set {key} {value(i)}",
                 f"{nemo} --backend cloud session use 100{i}",
                 f"{nemo} login --token nmv_usr_proc{i}token"]  # fmt: skip
        procs.append(subprocess.Popen(["sh", "-c", " && ".join(steps)], stdout=subprocess.DEVNULL))
    assert [p.wait(timeout=300) for p in procs] == [0] * 4
    show = run_nemo("config", "show", "--json")
    auth = run_nemo("auth", "status", "--json")
    assert (show.code, auth.code) == (0, 0), (show, auth)
    assert {k: json.loads(show.out)["settings"][k] for k, _ in SETTINGS[:4]} == {
        "language": "lang-0", "quality": "medium", "output_dir": "/videos/2", "poll_interval": 4.0,
    }  # fmt: skip
    sessions = json.loads((isolated_home / "state" / "nemo" / "sessions.json").read_text())
    assert sessions["cloud"] in {f"100{i}" for i in range(4)}
    creds = json.loads((isolated_home / "config" / "nemo" / "credentials.json").read_text())
    assert creds["token"] in {f"nmv_usr_proc{i}token" for i in range(4)}
    assert json.loads(auth.out)["source"] == "cache"


@pytest.fixture
def starter_env(emulator: Emulator, cloud_env: dict[str, str]) -> dict[str, str]:
    return {**cloud_env, "NEMO_WAIT_SCALE": "0"}


def _token(home: Path) -> str:
    return str(json.loads((home / "config" / "nemo" / "credentials.json").read_text())["token"])


@pytest.mark.slow
def test_a_token_renewed_by_one_process_is_used_by_the_other(
    emulator: Emulator, starter_env: dict[str, str], isolated_home: Path
) -> None:
    # A chat (a long-running process) and a script, both on the starter token nemo fetched.
    chat = start(["chat"], starter_env, stdin=subprocess.PIPE)
    assert chat.stdin is not None

    def say(line: str, turns: int) -> None:
        """One message; then `credits`, whose call marks the end of the turn (the chat runs its
        lines in order, and a turn ends by reading the draft again)."""
        assert chat.stdin is not None
        asked = len(emulator.requests_to("credits"))
        chat.stdin.write(line + "\ncredits\n")
        chat.stdin.flush()
        wait_for(chat, lambda: len(emulator.requests_to("credits")) == asked + 1, f"turn {turns}")
        assert len(emulator.requests_to("run_sse")) == turns

    say("hello", 1)
    first = _token(isolated_home)

    # The token expires; the script meets the 401 first and renews it.
    emulator.expire_token(first)
    script = run_nemo("credits", "--json", env=starter_env)
    assert script.code == 0, script
    second = _token(isolated_home)
    assert second != first and len(emulator.requests_to("anonymous-token")) == 2

    # The chat's next turn uses the renewed token at once: no 401, no third fetch.
    seen = len(emulator.requests)
    say("hello again", 2)
    later = emulator.requests[seen:]
    assert {r.header("authorization") for r in later} == {f"Bearer {second}"}
    assert all(r.status != 401 for r in later)

    # And the other way round: the chat renews, the script uses the chat's token.
    emulator.expire_token(second)
    say("and again", 3)
    third = _token(isolated_home)
    assert third not in (first, second) and len(emulator.requests_to("anonymous-token")) == 3
    seen = len(emulator.requests)
    script = run_nemo("credits", "--json", env=starter_env)
    assert script.code == 0, script
    assert {r.header("authorization") for r in emulator.requests[seen:]} == {f"Bearer {third}"}
    assert len(emulator.requests_to("anonymous-token")) == 3

    done = finish(chat)  # closes its stdin: the chat ends
    assert done.code == 0, done
    # Nothing was dropped (a renewed starter token may be a new user: the chat then moved to a
    # new session, as it does when a session is lost).
    sent = [r.json["new_message"]["parts"][0]["text"] for r in emulator.requests_to("run_sse")]
    assert sent == ["hello", "hello again", "and again"]
