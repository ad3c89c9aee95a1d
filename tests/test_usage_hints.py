"""`nemo add captions` and friends: "No such command" names the command that was meant.

A table of command lines -> the exact usage error (through the real entry point, --json), and
one run of the installed script for the text a terminal shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nemo_cli.entry import run

_ROWS = [
    (["add", "captions"], "No such command 'add'. Did you mean: nemo say \"add captions\""),
    (
        ["make it vertical"],
        "No such command 'make it vertical'. Did you mean: nemo say \"make it vertical\"",
    ),
    (
        ["--backend", "local", "make", "it", "vertical", "--json"],
        "No such command 'make'. Did you mean: nemo say \"make it vertical\"",
    ),
    (
        ['make it "pop"'],
        "No such command 'make it \"pop\"'. Did you mean: nemo say 'make it \"pop\"'",
    ),
    (["frobnicate"], "No such command 'frobnicate'. Did you mean: nemo say \"frobnicate\""),
    # A typo of a command: Typer's suggestion, nothing more.
    (["exprot"], "No such command 'exprot'. Did you mean 'export'?"),
    (["exprot", "out.mp4"], "No such command 'exprot'. Did you mean 'export'?"),
    (["sesion", "list"], "No such command 'sesion'. Did you mean 'session'?"),
    # Close to a command, but an instruction: both.
    (
        ["speed", "up", "the", "clip"],
        "No such command 'speed'. Did you mean 'speech'? Or: nemo say \"speed up the clip\"",
    ),
    # A file name alone.
    (["clip.mp4"], "No such command 'clip.mp4'. Did you mean: nemo upload clip.mp4"),
    # A sub-group's unknown command is left to Typer.
    (["session", "frob"], "No such command 'frob'."),
    # A group without its command (it was a silent exit 2).
    (["cache"], "Missing command. See: nemo cache --help"),
    (["config"], "Missing command. See: nemo config --help"),
]


@pytest.mark.parametrize(("args", "message"), _ROWS)
def test_no_such_command_names_what_was_meant(
    args: list[str], message: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*args, "--json"]) == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert (error["code"], error["message"], error["exit_code"]) == ("usage", message, 2)


def test_the_terminal_shows_the_say_hint(nemo: Any) -> None:
    result = nemo("add", "captions")
    assert result.code == 2
    assert "No such command 'add'. Did you mean: nemo say \"add captions\"" in result.err


@pytest.mark.parametrize("group", ["cache", "session", "config", "speech"])
def test_a_group_without_its_command_shows_its_help(nemo: Any, group: str) -> None:
    result = nemo(group)
    assert result.code == 2
    assert f"Usage: nemo {group} [OPTIONS] COMMAND [ARGS]..." in result.out
    assert "Commands" in result.out
