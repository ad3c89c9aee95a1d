"""The entry point: global options anywhere, the fast --version path, lazy imports, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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
    return subprocess.run([sys.executable, "-c", "\n".join(code)], capture_output=True,
                          text=True, check=True).stdout


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


def test_version_and_module_entry(nemo) -> None:
    result = nemo("--version")
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
