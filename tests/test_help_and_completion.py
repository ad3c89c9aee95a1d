"""Every command's --help shows an example; shell completion installs and completes."""

from __future__ import annotations

from pathlib import Path

import pytest

COMMANDS = [
    ["chat"], ["say"], ["upload"], ["export"], ["preview"], ["status"], ["credits"], ["batch"],
    ["demo-media"], ["login"], ["logout"], ["session", "new"], ["session", "show"],
    ["session", "list"], ["session", "use"], ["auth", "status"], ["config", "show"],
    ["config", "path"], ["config", "set"],
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
    done = nemo(env={"_NEMO_COMPLETE": "complete_bash", "COMP_WORDS": "nemo ses",
                     "COMP_CWORD": "1"})
    assert done.out.split() == ["session"]
