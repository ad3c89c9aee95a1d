"""``nemo say`` read without Typer (``say_line``): the same options and text as Typer reads, or
None so Typer reads the line (its errors and help unchanged)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from nemo_cli.entry import hoist_global_options
from nemo_cli.say_line import parse_say

LINES: list[tuple[list[str], dict[str, Any] | None, str | None]] = [
    (["say", "combine my clips"], {}, "combine my clips"),
    (["say", "combine", "my", "clips"], {}, "combine my clips"),
    (["--json", "say", "hi"], {"json": True}, "hi"),
    (["say", "hi", "--json"], {"json": True}, "hi"),
    (["say", "--json", "hi", "-v"], {"json": True, "verbose": True}, "hi"),
    (["--backend", "local", "say", "hi"], {"backend_choice": "local"}, "hi"),
    (["say", "hi", "--backend=cloud"], {"backend_choice": "cloud"}, "hi"),
    (["say", "--session", "local-1", "hi"], {"session_override": "local-1"}, "hi"),
    (
        ["--session=abc", "--no-color", "--no-pictures", "say", "x"],
        {"session_override": "abc", "no_color": True, "no_pictures": True},
        "x",
    ),
    (["say", "--verbose", "--", "--json", "-5 dB"], {"verbose": True}, "--json -5 dB"),
    (["say", "-", "x"], {}, "- x"),
    (["say", ""], {}, ""),
    (["say", "标题换成 夏天的海"], {}, "标题换成 夏天的海"),
    # Typer's to answer (help, errors, other commands):
    (["say"], None, None),
    (["say", "--help"], None, None),
    (["say", "-h", "x"], None, None),
    (["say", "-5", "dB"], None, None),
    (["say", "hi", "--backend"], None, None),
    (["say", "hi", "--backend", "nowhere"], None, None),
    (["--version", "say", "hi"], None, None),
    (["status"], None, None),
    (["chat"], None, None),
    ([], None, None),
    (["--", "say", "hi"], None, None),
    (["--session", "say", "hi"], None, None),  # "say" is the session id: "hi" the command
    (["say", "hi", "--json=1"], None, None),
    (["say", "hi", "-vv"], None, None),
]


@pytest.mark.parametrize(("args", "options", "text"), LINES)
def test_parse_say(args: list[str], options: dict[str, Any] | None, text: str | None) -> None:
    line = parse_say(args)
    if options is None:
        assert line is None
    else:
        assert line is not None
        assert (line.options, line.text) == (options, text)


def _typer_reads(args: list[str]) -> object:
    """What Typer hands ``run_say`` for this line: (Env's options, the text), or its error."""
    from nemo_cli import cli
    from nemo_cli.commands import chat
    from nemo_cli.fast_params import command

    seen: list[tuple[dict[str, Any], str]] = []

    def fake(env: Any, text: str) -> None:
        fields = (
            "json",
            "verbose",
            "no_color",
            "backend_choice",
            "session_override",
            "no_pictures",
        )
        defaults = {
            "json": False,
            "verbose": False,
            "no_color": False,
            "backend_choice": None,
            "session_override": None,
            "no_pictures": False,
        }
        given = {f: getattr(env, f) for f in fields if getattr(env, f) != defaults[f]}
        seen.append((given, text))

    real = chat.run_say
    chat.run_say = fake  # type: ignore[assignment]
    try:
        command(cli.app).main(
            args=hoist_global_options(args), prog_name="nemo", standalone_mode=False
        )
    except Exception as exc:  # noqa: BLE001 - Typer's refusal is the result
        return "error", type(exc).__name__
    finally:
        chat.run_say = real  # type: ignore[assignment]
    return seen[0] if seen else "nothing"


@pytest.mark.parametrize(("args", "options", "text"), [r for r in LINES if r[1] is not None])
def test_typer_reads_the_same(args: list[str], options: dict[str, Any], text: str) -> None:
    assert _typer_reads(args) == (options, text)


@pytest.mark.parametrize(
    "args",
    [
        ["say", "-5", "dB"],
        ["say", "hi", "--backend", "nowhere"],
        ["say", "hi", "--json=1"],
        ["say"],
    ],
)
def test_lines_left_to_typer_are_errors_there(args: list[str]) -> None:
    result = _typer_reads(args)
    assert isinstance(result, tuple) and result[0] == "error"


def test_say_does_not_load_typer(isolated_home: Any) -> None:
    """A local ``nemo say`` (here one that is not understood: exit 1) never imports Typer,
    Rich (stdout is a pipe), filelock, platformdirs or dataclasses (value classes on this path
    are ``nemo_cli.values``' ``@frozen`` / ``@record``: issue #12, the start-up budget)."""
    code = (
        "import sys\n"
        "from nemo_cli.entry import main\n"
        "try: main(['--backend', 'local', 'say', 'qwerty'])\n"
        "except SystemExit as e: print('exit', e.code)\n"
        "print('loaded:', [m for m in ('typer', 'rich', 'filelock', 'platformdirs', "
        "'dataclasses') "
        "if m in sys.modules])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    assert lines[-2:] == ["exit 1", "loaded: []"], proc.stdout + proc.stderr


_FIELDS = ("json", "verbose", "no_color", "backend_choice", "session_override", "no_pictures")


def _env_handed_over(args: list[str], given: Any, typer: bool) -> object:
    """The Env ``run_say`` gets for this line, as Typer's callback makes it from ``given`` (the
    in-process Env of ``entry.run(args, env)``) or as the short path does."""
    import io

    from nemo_cli import cli, entry
    from nemo_cli.commands import chat
    from nemo_cli.fast_params import command

    seen: list[tuple[object, ...]] = []

    def fake(env: Any, text: str) -> None:
        seen.append((*(getattr(env, f) for f in _FIELDS), env.stdout is given.stdout, text))

    real = chat.run_say
    chat.run_say = fake  # type: ignore[assignment]
    try:
        if typer:
            command(cli.app).main(
                args=hoist_global_options(args), prog_name="nemo", standalone_mode=False, obj=given
            )
        else:
            assert entry._say_without_typer(args, given, io.StringIO(), False, False, False) == 0
    finally:
        chat.run_say = real  # type: ignore[assignment]
    return seen[0]


@pytest.mark.parametrize(("args", "options", "text"), [r for r in LINES if r[1] is not None])
def test_options_go_onto_a_given_env_as_typer_puts_them(
    args: list[str], options: dict[str, Any], text: str, tmp_path: Any
) -> None:
    """Every global option is set from the line (absent: its default), over what the given Env
    had, and the Env's streams stay."""
    import io

    from nemo_cli.config import Paths
    from nemo_cli.env import Env

    def given() -> Env:
        return Env(
            stdout=io.StringIO(),
            paths=Paths(tmp_path, tmp_path, tmp_path),
            json=True,
            verbose=True,
            no_color=True,
            backend_choice="cloud",
            session_override="s1",
            no_pictures=True,
        )

    start = given()
    assert _env_handed_over(args, start, typer=True) == _env_handed_over(args, start, typer=False)
