"""Every command's --help shows an example; shell completion installs and completes."""

from __future__ import annotations

from pathlib import Path

import pytest

COMMANDS = [
    ["chat"],
    ["say"],
    ["upload"],
    ["export"],
    ["preview"],
    ["status"],
    ["credits"],
    ["batch"],
    ["demo-media"],
    ["login"],
    ["logout"],
    ["session", "new"],
    ["session", "show"],
    ["session", "list"],
    ["session", "use"],
    ["auth", "status"],
    ["config", "show"],
    ["config", "path"],
    ["config", "set"],
    ["frame"],
    ["analyze"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_an_example(nemo, command: list[str]) -> None:
    result = nemo(*command, "--help")
    assert result.code == 0, result
    assert "Example" in result.out
    assert f"nemo {command[0]}" in result.out


def test_top_level_help_lists_commands_and_exit_codes(nemo) -> None:
    result = nemo("--help")
    assert result.code == 0
    for word in ("say", "upload", "export", "status", "batch", "Exit codes"):
        assert word in result.out


def test_install_completion_and_complete(nemo, isolated_home: Path) -> None:
    installed = nemo("--install-completion", "bash", env={"SHELL": "/bin/bash"})
    assert installed.code == 0, installed
    script = isolated_home / ".bash_completions" / "nemo.sh"
    assert "_nemo_completion" in script.read_text()
    done = nemo(
        env={"_NEMO_COMPLETE": "complete_bash", "COMP_WORDS": "nemo ses", "COMP_CWORD": "1"}
    )
    assert done.out.split() == ["session"]


@pytest.mark.parametrize("columns", [60, 100, 160])
@pytest.mark.parametrize("args", [["--help"], ["--no-color", "--help"], ["session", "--help"]])
def test_help_uses_the_terminal_width_and_cuts_no_description(
    nemo, columns: int, args: list[str]
) -> None:
    result = nemo(*args, env={"COLUMNS": str(columns)})
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "..." not in result.out.replace("[ARGS]...", "")
    if args[0] != "session":
        # Every command's first sentence is there whole, wrapped if need be.
        flat = " ".join(result.out.split())
        whole = "Run several jobs, each with its own files, instructions, session and render."
        assert whole in flat
        if columns == 160:  # a wide terminal is used: no wrapping at Click's 80 columns
            assert max(len(line) for line in lines) > 100
