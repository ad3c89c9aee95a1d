"""The entry point: global options anywhere, the fast --version path, lazy imports, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer

from nemo_cli import __version__
from nemo_cli.entry import hoist_global_options

HOIST_ROWS = [
    (["credits", "--json"], ["--json", "credits"]),
    (["--json", "credits"], ["--json", "credits"]),
    (["session", "new", "--backend", "cloud"], ["--backend", "cloud", "session", "new"]),
    (["session", "new", "--backend=cloud"], ["--backend=cloud", "session", "new"]),
    (["say", "hi", "-v", "--no-color"], ["-v", "--no-color", "say", "hi"]),
    (["export", "-o", "x.mp4", "--session", "123"], ["--session", "123", "export", "-o", "x.mp4"]),
    (["say", "--", "--json"], ["say", "--", "--json"]),
    (["say", "--backend"], ["say", "--backend"]),  # no value: left for Typer to complain
    ([], []),
]


@pytest.mark.parametrize(("args", "expected"), HOIST_ROWS)
def test_hoist(args: list[str], expected: list[str]) -> None:
    assert hoist_global_options(args) == expected


def _run(*code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", "\n".join(code)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    "argv", [["--version"], ["--help"], ["export", "--help"], ["say", "--help"]]
)
def test_light_commands_import_nothing_heavy(argv: list[str]) -> None:
    out = _run(
        "import sys, io, contextlib",
        f"sys.argv = ['nemo'] + {argv!r}",
        "from nemo_cli.entry import main",
        "buf = io.StringIO()",
        "with contextlib.redirect_stdout(buf):",
        "    try: main()",
        "    except SystemExit: pass",
        "heavy = [m for m in ('httpx', 'httpx_sse', 'PIL', 'rich.markdown', 'imageio_ffmpeg',",
        "         'nemo_cli.backends.cloud.backend', 'nemo_cli.backends.local.backend')",
        "         if m in sys.modules]",
        "print(heavy)",
    )
    assert out.strip().splitlines()[-1] == "[]"


def test_version_does_not_import_typer() -> None:
    out = _run(
        "import sys",
        "sys.argv = ['nemo', '--version']",
        "from nemo_cli.entry import main",
        "main()",
        "print('typer' in sys.modules, 'rich' in sys.modules)",
    )
    assert out.splitlines() == [f"nemo {__version__}", "False False"]


def test_version_and_module_entry() -> None:
    from conftest import run_nemo_process  # `python -m nemo_cli` itself is under test

    result = run_nemo_process("--version")
    assert (result.code, result.out) == (0, f"nemo {__version__}\n")


def test_unknown_command_is_a_usage_error(nemo) -> None:
    result = nemo("frobnicate")
    assert result.code == 2
    assert "No such command" in result.err


def test_usage_error_as_json(nemo) -> None:
    result = nemo("frobnicate", "--json")
    assert result.code == 2
    assert json.loads(result.err)["error"]["code"] == "usage"


def test_bad_backend_value(nemo) -> None:
    result = nemo("--backend", "mars", "status")
    assert result.code == 2


# ---------------------------------------------------------------- start-up cost

_HEAVY = (
    "'httpx', 'httpx_sse', 'PIL', 'rich.markdown', 'imageio_ffmpeg', 'pydantic',"
    " 'nemo_cli.backends.cloud.backend', 'nemo_cli.backends.local.backend'"
)


def _imports_after(argv: list[str], env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Run ``nemo ARGV`` in a fresh interpreter; its output and the heavy modules it loaded."""
    import os

    code = "\n".join(
        (
            "import sys, io, contextlib",
            f"sys.argv = ['nemo'] + {argv!r}",
            "from nemo_cli.entry import main",
            "buf = io.StringIO()",
            "with contextlib.redirect_stdout(buf):",
            "    try: main()",
            "    except SystemExit: pass",
            f"heavy = [m for m in ({_HEAVY}) if m in sys.modules]",
            "print(repr(buf.getvalue()))",
            "print(heavy)",
        )
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    out, heavy = proc.stdout.strip().splitlines()[-2:]
    return eval(out), eval(heavy)  # noqa: S307 (our own repr() output)


COMPLETION_ROWS = [
    # (shell, words typed, what the completion script must offer)
    ("complete_bash", "nemo sta", "status"),
    ("complete_bash", "nemo session ", "new"),
    ("complete_zsh", "nemo sta", '"status":'),
    ("complete_fish", "nemo cred", "credits"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("shell", "words", "offered"), COMPLETION_ROWS)
def test_completion_imports_nothing_heavy(shell: str, words: str, offered: str) -> None:
    env = {
        "_NEMO_COMPLETE": shell,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    out, heavy = _imports_after([], env)
    assert offered in out
    assert heavy == []


def test_status_on_the_local_backend_skips_pydantic() -> None:
    """Typer coerces option values with Pydantic; nemo's plain options do not need it."""
    out, heavy = _imports_after(["--backend", "local", "status"])
    assert out.startswith("Backend: local")
    assert "pydantic" not in heavy


# ---------------------------------------------------------------- plain coercion == Typer's

COERCION_ROWS = [
    # (arguments, PROBE_FLAG in the environment, what the command receives)
    (["a"], None, {"words": ["a"], "name": None, "fmt": "mp4", "out": None, "flag": False}),
    (
        ["a", "b c", "--name", "x y", "--fmt", "mov"],
        None,
        {"words": ["a", "b c"], "name": "x y", "fmt": "mov", "out": None, "flag": False},
    ),
    (
        ["-o", "dir/out.mp4", "z", "--flag"],
        None,
        {"words": ["z"], "name": None, "fmt": "mp4", "out": Path("dir/out.mp4"), "flag": True},
    ),
    (
        ["-o", "~/x.mp4", "--name=", "z"],
        None,
        {"words": ["z"], "name": "", "fmt": "mp4", "out": Path("~/x.mp4"), "flag": False},
    ),
    (["z"], "yes", {"words": ["z"], "name": None, "fmt": "mp4", "out": None, "flag": True}),
    (["z"], "0", {"words": ["z"], "name": None, "fmt": "mp4", "out": None, "flag": False}),
    (
        ["z", "--name", "数字 ünïcode"],
        None,
        {"words": ["z"], "name": "数字 ünïcode", "fmt": "mp4", "out": None, "flag": False},
    ),
    (["z"], "maybe", "error"),  # not a boolean: both refuse it
    ([], None, "error"),  # the argument is required
]


def _probe(light: bool, args: list[str]) -> object:
    from typer.main import get_command

    from nemo_cli.fast_params import lighten, typer_hooks

    seen: list[dict[str, object]] = []
    app = typer.Typer()

    @app.command()
    def probe(
        words: Annotated[list[str], typer.Argument()],
        name: Annotated[str | None, typer.Option("--name")] = None,
        fmt: Annotated[str, typer.Option("--fmt")] = "mp4",
        out: Annotated[Path | None, typer.Option("-o")] = None,
        flag: Annotated[bool, typer.Option("--flag", envvar="PROBE_FLAG")] = False,
    ) -> None:
        seen.append({"words": words, "name": name, "fmt": fmt, "out": out, "flag": flag})

    command = get_command(app)
    if light:  # the five above, --install-completion, --show-completion (Typer 0.29's hooks)
        assert lighten(command) == (7 if typer_hooks() is not None else 0)
    try:
        command.main(args=args, prog_name="probe", standalone_mode=False)
    except Exception as exc:  # Click's usage errors: compared by type and text
        return "error", type(exc).__name__, str(exc)
    return seen[0]


@pytest.mark.parametrize(("args", "flag_env", "expected"), COERCION_ROWS)
def test_plain_coercion_gives_typers_results(
    args: list[str], flag_env: str | None, expected: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    if flag_env is not None:
        monkeypatch.setenv("PROBE_FLAG", flag_env)
    light, typers = _probe(True, args), _probe(False, args)
    assert light == typers
    if expected == "error":
        assert isinstance(light, tuple) and light[0] == "error"
    else:
        assert light == expected
