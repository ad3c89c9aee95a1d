"""Shared fixtures: every test gets its own home, config, state and data directories and its
own working directory, and no test can reach the real cloud host. ``nemo`` runs the real CLI
in the test's process (``entry.run`` with a mock ``Env``: tests/in_process.py);
``run_nemo_process`` starts it as a process, for the tests where the process is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

# The cloud emulator's fixtures (emulator, cdn, cloud_env, ...) live in tests/emulator/.
pytest_plugins = ["emulator.fixtures"]

# A developer's own settings never reach a test: every NEMO_* (but the tests' own cache
# folder) and these.
_SCRUB = ("SKILL_SOURCE", "NO_COLOR")
_KEEP = ("NEMO_TEST_CACHE",)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    nemo = [v for v in os.environ if v.startswith("NEMO_") and v not in _KEEP]
    for var in (*_SCRUB, *nemo):
        monkeypatch.delenv(var, raising=False)
    # Port 9 (discard) on loopback: nothing listens, so a test that forgot the emulator fails
    # fast with a network error instead of reaching the real host.
    monkeypatch.setenv("NEMO_API_BASE", "http://127.0.0.1:9")
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture(autouse=True)
def in_temporary_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test runs in an empty directory of its own (beside its ``tmp_path``, which stays
    as the test made it), so nothing can write into the repository."""
    work = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(work)
    return work


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[-2000:]!r}, err={self.err[-2000:]!r})"


def run_nemo(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Result:
    """``nemo ARGS`` in this process, with the test's environment (plus ``env``), ``input`` on
    stdin and the output captured as a subprocess's would be (see tests/in_process.py)."""
    from in_process import run_in_process

    code, out, err = run_in_process(list(args), stdin=input or "", extra_env=env, cwd=cwd)
    return Result(code, out, err)


def run_nemo_process(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> Result:
    """Run ``python -m nemo_cli ARGS`` as a process with the test's environment (plus ``env``):
    for the tests where the process is the point (start-up, exit status of the interpreter)."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "nemo_cli", *args],
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def nemo() -> Callable[..., Result]:
    """The real CLI, in-process: ``nemo("credits", "--json")`` -> Result."""
    return run_nemo
