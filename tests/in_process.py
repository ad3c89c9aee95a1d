"""``nemo`` in the test's own process: ``entry.run(args, env)`` with a ``MockEnv``.

The model is httpie's ``MockEnvironment``: the command line gets an ``Env`` whose stdin holds
the given input and whose stdout and stderr are captured, encoded as a pipe's would be (UTF-8;
stdout with ``surrogateescape``, stderr with ``backslashreplace``) and read back the way
``subprocess.run(..., text=True)`` reads a child's (strict UTF-8, universal newlines), so a test
sees the same text either way.

A process starts with its own environment, working directory and globals; for the length of
one run this module gives the command the same: ``os.environ`` is the test's plus the run's
extra variables (platformdirs, Rich and ffmpeg read it directly), the working directory is the
one asked for, and the state a fresh interpreter starts without (the secrets ``errors.redact``
has been told about, a SIGTERM seen) is set aside and put back afterwards.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from nemo_cli import errors
from nemo_cli.entry import run
from nemo_cli.env import Env


class Captured(io.TextIOWrapper):
    """A text stream over bytes in memory, encoded like a pipe's."""

    def __init__(self, errors: str) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)

    def text(self) -> str:
        self.flush()
        raw: bytes = self.buffer.getvalue()  # type: ignore[attr-defined]
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def mock_env(stdin: str = "") -> Env:
    """An ``Env`` reading ``stdin`` and capturing what is written (see ``Captured``)."""
    inp = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8", errors="surrogateescape")
    return Env(stdin=inp, stdout=Captured("surrogateescape"), stderr=Captured("backslashreplace"))


@contextlib.contextmanager
def process_like(environ: Mapping[str, str], cwd: Path | None) -> Iterator[None]:
    """``os.environ``, the working directory and nemo's process-wide state as a fresh ``nemo``
    process would have them; everything put back afterwards."""
    saved_environ = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_secrets = set(errors._SECRETS)
    saved_terminated = errors.Terminated.received
    saved_attributes = [
        (m, name, getattr(m, name)) for m, name in _replaced_for_a_process() if hasattr(m, name)
    ]
    errors._SECRETS.clear()
    errors.Terminated.received = False
    os.environ.clear()
    os.environ.update(environ)
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        errors._SECRETS.clear()
        errors._SECRETS.update(saved_secrets)
        errors.Terminated.received = saved_terminated
        for module, name, value in saved_attributes:
            setattr(module, name, value)


def _replaced_for_a_process() -> list[tuple[object, str]]:
    """Library attributes nemo replaces for the rest of its process (``fast_params``)."""
    import typer._completion_classes

    return [(typer._completion_classes, "_sanitize_help_text")]


def run_in_process(
    args: list[str],
    *,
    stdin: str = "",
    extra_env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[int, str, str]:
    """``nemo ARGS`` in this process: (exit code, stdout, stderr)."""
    environ = {**os.environ, **(extra_env or {})}
    with process_like(environ, cwd):
        env = mock_env(stdin)
        code = run(list(args), env)
    assert isinstance(env.stdout, Captured) and isinstance(env.stderr, Captured)
    return code, env.stdout.text(), env.stderr.text()
