"""nemo's command line without Pydantic: plain coercion for plain parameters.

Typer (0.2x, with its vendored Click) coerces every parameter through a Pydantic
``TypeAdapter`` built on the first parse, even an option left at its default (boolean flags
given as booleans excepted). Importing Pydantic and building the adapters costs about 100 ms on
every command, more on a loaded machine: for ``nemo status`` that was half of its run time.

nemo's parameters are all plain (``str``, ``list[str]``, ``Path``, flags), so ``command(app)``
builds the Click command and gives each such parameter a plain coercer before anything is
parsed. The results are Typer's own (``tests/test_entry.py`` compares both, row by row); a
value the plain coercer does not recognise is handed to Typer's coercion, and so is a
parameter of another kind. With a Typer that has no such hook nothing changes: this is a
speed-up, never a requirement.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

COMPLETE_VAR = "_NEMO_COMPLETE"  # Typer's: _{PROG_NAME}_COMPLETE
Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> coerced value

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"", "0", "off", "f", "false", "n", "no"})


class Unusual(Exception):
    """A value the plain coercer leaves to Typer's own coercion."""


def _str(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, str):
        return value
    raise Unusual


def _str_list(value: Any, param: Any, ctx: Any) -> list[str]:
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise Unusual


def _bool(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise Unusual


def _path(value: Any, param: Any, ctx: Any) -> Any:
    """``Path(value)``, then Typer's own checks (exists, readable...), which need no
    Pydantic once the value is a ``Path``."""
    if not isinstance(value, str | Path):
        raise Unusual
    try:
        from typer._param_types import coerce_cli_path
    except ImportError:
        raise Unusual from None
    path = value if isinstance(value, Path) else Path(os.fsdecode(value))
    info = param.type_descriptor.parameter_info
    return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)


_CONVERTERS: dict[Any, Convert] = {str: _str, list[str]: _str_list, bool: _bool, Path: _path}


def _plain_class() -> type | None:
    """A Typer ``RuntimeParam`` that calls a plain function (None if Typer has no such hook)."""
    try:
        from dataclasses import dataclass

        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:
        return None

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):  # type: ignore[misc]
        convert: Convert

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, param, ctx)
            except Unusual:
                typer_own = build_runtime_param(param.type_descriptor)
                return typer_own._coerce_value(value, param=param, ctx=ctx)

    return PlainParam


def _is_plain(info: Any) -> bool:
    """No parser, bounds, formats or path type that only Typer's adapters implement."""
    for name in ("parser", "click_type", "min", "max", "formats", "path_type"):
        if getattr(info, name, None) is not None:
            return False
    return not getattr(info, "clamp", False)


def _lighten_param(param: Any, plain: type) -> bool:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", "absent") is not None:
        return False
    try:
        convert = _CONVERTERS.get(descriptor.annotation)
    except TypeError:  # an unhashable annotation: Typer's business
        return False
    if convert is None or descriptor.file_annotation is not None:
        return False
    if not _is_plain(descriptor.parameter_info):
        return False
    param._runtime_param = plain(
        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, convert=convert
    )
    return True


def lighten(command: Any) -> int:
    """Give each plain parameter of ``command`` and its subcommands a plain coercer (the help
    option too, which Click makes during the parse). Returns how many were set now."""
    plain = _plain_class()
    if plain is None:
        return 0
    changed = 0
    stack = [command]
    while stack:
        cmd = stack.pop()
        stack.extend(getattr(cmd, "commands", {}).values())
        changed += sum(_lighten_param(param, plain) for param in cmd.params)
        make_help = getattr(cmd, "get_help_option", None)
        if callable(make_help):
            cmd.get_help_option = _light_help(make_help, plain)
    return changed


def _light_help(make_help: Callable[[Any], Any], plain: type) -> Callable[[Any], Any]:
    def get_help_option(ctx: Any) -> Any:
        option = make_help(ctx)
        if option is not None:
            _lighten_param(option, plain)
        return option

    return get_help_option


def _as_is(text: str) -> str:
    return text


def plain_completion_help() -> None:
    """Completion for zsh, fish and PowerShell shows each command's help line, which Typer
    passes through Rich to drop Rich markup: that loads all of Rich and ``rich.markdown``
    (60 ms on each Tab press). nemo's help has no markup (``rich_markup_mode=None``, and
    ``--help`` prints it as it is), so completion shows it as it is too."""
    try:
        from typer import _completion_classes
    except ImportError:
        return
    if callable(getattr(_completion_classes, "_sanitize_help_text", None)):
        _completion_classes._sanitize_help_text = _as_is


def command(app: typer.Typer, environ: Mapping[str, str] | None = None) -> Any:
    """The Click command for ``app``, its plain parameters coerced without Pydantic (and,
    when the shell asks for completions, its help shown without Rich)."""
    from typer.main import get_command

    if (os.environ if environ is None else environ).get(COMPLETE_VAR):
        plain_completion_help()
    click_command = get_command(app)
    lighten(click_command)
    return click_command
