"""fast_params leans on private Typer names: when any of them is missing or changed, nemo falls
back to Typer's own coercion and every command still works (only slower)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_nemo
from test_entry import COERCION_ROWS, _probe
from typer.main import get_command

from nemo_cli.cli import app
from nemo_cli.fast_params import Hooks, lighten, plain_completion_help, typer_hooks

HAS_HOOKS = importlib.util.find_spec("typer._coercion") is not None
needs_hooks = pytest.mark.skipif(not HAS_HOOKS, reason="this Typer has no Pydantic coercion")


def test_the_hooks_are_recognised_on_the_typer_installed() -> None:
    hooks = typer_hooks()
    assert (hooks is not None) == HAS_HOOKS
    assert (lighten(get_command(app)) > 0) == HAS_HOOKS


# Each breaks one private name the way a Typer release might: removed, renamed, reshaped.
# (A Typer without typer._coercion at all, 0.28 and older, is covered by running the suite on
# it: see the module docstring of nemo_cli/fast_params.py.)
def _no_runtime_param(mp: pytest.MonkeyPatch) -> None:
    import typer._coercion

    mp.delattr(typer._coercion, "RuntimeParam")


def _no_build_runtime_param(mp: pytest.MonkeyPatch) -> None:
    import typer._coercion

    mp.delattr(typer._coercion, "build_runtime_param")


def _runtime_param_with_a_new_field(mp: pytest.MonkeyPatch) -> None:
    import typer._coercion

    @dataclasses.dataclass(frozen=True)
    class RuntimeParam(typer._coercion.RuntimeParam):
        envvar_splitter: str  # a new required field: the old code's PlainParam(...) crashed

    mp.setattr(typer._coercion, "RuntimeParam", RuntimeParam)


def _coerce_value_renamed_arguments(mp: pytest.MonkeyPatch) -> None:
    import typer._coercion

    def _coerce_value(self: Any, value: Any, parameter: Any, context: Any) -> Any:
        raise AssertionError("never called")

    base = typer._coercion.RuntimeParam
    mp.setattr(
        typer._coercion,
        "RuntimeParam",
        type("RuntimeParam", (base,), {"_coerce_value": _coerce_value}),
    )


def _coerce_calls_something_else(mp: pytest.MonkeyPatch) -> None:
    import typer._coercion

    original = typer._coercion.RuntimeParam.coerce

    def coerce(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        return original(self, value, param=param, ctx=ctx)  # no `_coerce_value` by name

    mp.setattr(typer._coercion.RuntimeParam, "coerce", coerce)


def _runtime_param_attribute_renamed(mp: pytest.MonkeyPatch) -> None:
    import typer.core

    original = typer.core._TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        return original(self)  # no `_runtime_param` by name

    mp.setattr(typer.core._TyperParameter, "get_runtime_param", get_runtime_param)


def _no_coerce_cli_path(mp: pytest.MonkeyPatch) -> None:
    import typer._param_types

    mp.delattr(typer._param_types, "coerce_cli_path")


def _sanitize_help_text_takes_more(mp: pytest.MonkeyPatch) -> None:
    import typer._completion_classes

    original = typer._completion_classes._sanitize_help_text

    def _sanitize_help_text(text: str, markup_mode: str | None = None) -> str:
        return original(text)

    mp.setattr(typer._completion_classes, "_sanitize_help_text", _sanitize_help_text)


BREAKAGES: list[tuple[str, Callable[[pytest.MonkeyPatch], None], str]] = [
    # (what changed, how, what fast_params then does)
    ("no RuntimeParam", _no_runtime_param, "typer"),
    ("no build_runtime_param", _no_build_runtime_param, "typer"),
    ("RuntimeParam has a new field", _runtime_param_with_a_new_field, "typer"),
    ("_coerce_value takes other arguments", _coerce_value_renamed_arguments, "typer"),
    ("coerce() no longer calls _coerce_value", _coerce_calls_something_else, "typer"),
    (
        "get_runtime_param() no longer reads _runtime_param",
        _runtime_param_attribute_renamed,
        "typer",
    ),
    ("no coerce_cli_path", _no_coerce_cli_path, "paths by typer"),
    ("_sanitize_help_text takes more", _sanitize_help_text_takes_more, "completion by typer"),
]


def _commands_work(tmp_path: Path) -> None:
    """Every kind of parameter nemo has (str, list[str], Path, flags), through the real CLI."""
    done = run_nemo("config", "set", "quality", "medium")
    assert done.code == 0, done
    status = run_nemo("--backend", "local", "--json", "status")
    assert status.code == 0, status
    assert json.loads(status.out)["backend"] == "local"
    said = run_nemo("--backend", "local", "say", "add", "music")
    assert said.code == 0, said
    out = tmp_path / "v.mp4"
    export = run_nemo("--backend", "local", "export", "-o", str(out))  # empty timeline
    assert (export.code, export.err.splitlines()[0]) == (
        1,
        "Error: The timeline is empty: there is nothing to export yet.",
    )
    helped = run_nemo("export", "--help")
    assert helped.code == 0 and "--output" in helped.out, helped
    bad = run_nemo("--backend", "mars", "status")
    assert bad.code == 2, bad
    completed = run_nemo(env={"_NEMO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "nemo sta"})
    assert '"status":"Show the backend' in completed.out, completed


@pytest.mark.slow
@needs_hooks
@pytest.mark.parametrize(("change", "breaks", "then"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_commands_work_when_a_private_typer_name_changes(
    change: str,
    breaks: Callable[[pytest.MonkeyPatch], None],
    then: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    breaks(monkeypatch)
    hooks = typer_hooks()
    if then == "typer":
        assert hooks is None
        assert lighten(get_command(app)) == 0
    elif then == "paths by typer":
        assert hooks is not None and hooks.coerce_cli_path is None
        for args, _, expected in COERCION_ROWS[:4]:  # -o PATH: the same values as Typer's own
            assert _probe(True, args) == _probe(False, args) == expected
    else:
        assert plain_completion_help() is False
    _commands_work(tmp_path)


def test_commands_work_with_the_hooks_in_place(tmp_path: Path) -> None:
    _commands_work(tmp_path)


@needs_hooks
def test_a_failure_half_way_changes_nothing() -> None:
    hooks = typer_hooks()
    assert hooks is not None
    made: list[object] = []

    def plain_param(**fields: Any) -> object:
        if len(made) == 3:
            raise TypeError("an unexpected shape")
        made.append(hooks.plain_param(**fields))
        return made[-1]

    command = get_command(app)
    broken = Hooks(plain_param, hooks.build_runtime_param, hooks.coerce_cli_path)  # type: ignore[arg-type]
    assert lighten(command, broken) == 0
    assert len(made) == 3
    params = [p for c in [command, *command.commands.values()] for p in c.params]  # type: ignore[attr-defined]
    assert all(p.__dict__.get("_runtime_param", None) is None for p in params)
    assert "get_help_option" not in vars(command)
