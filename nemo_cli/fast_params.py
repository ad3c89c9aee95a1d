"""nemo's command line without Pydantic: plain coercion for plain parameters.

Typer 0.29 coerces every parameter through a Pydantic ``TypeAdapter`` built on the first parse,
even an option left at its default (boolean flags given as booleans excepted). Importing
Pydantic and building the adapters costs about 100 ms on every command, more on a loaded
machine: for ``nemo status`` that was half of its run time. Typer 0.15 to 0.28 use Click's
own types and never import Pydantic, so there is nothing to gain there and nothing is done.

nemo's parameters are all plain (``str``, ``list[str]``, ``Path``, flags), so ``command(app)``
builds the Click command and gives each such parameter a plain coercer before anything is
parsed. The results are Typer's own (``tests/test_entry.py`` compares both, row by row); a value
the plain coercer does not recognise is handed to Typer's coercion, and so is a parameter of
another kind.

This leans on private Typer names (``typer._coercion.RuntimeParam`` and
``build_runtime_param``, ``typer._param_types.coerce_cli_path``, a parameter's
``_runtime_param``, ``typer._completion_classes._sanitize_help_text``), so it is a speed-up,
never a requirement: ``typer_hooks()`` checks that each name is there *and* has the shape this
module was written against (the dataclass fields, the argument names), and ``lighten`` changes
nothing unless every step succeeds. Anything missing or different means Typer's own coercion,
only slower (``tests/test_fast_params.py`` breaks each name in turn and runs commands).

Checked with the CLI test files (entry, fast_params, help and completion, config, say, one-shot
cloud, account, REPL, local backend, cloud end-to-end) on Typer 0.26.1, 0.28.0 (no Pydantic
coercion: nothing to do), 0.29.0 and 0.29.2 (the hooks in use), and the smaller set (entry,
fast_params, help, config) on 0.26.4, 0.26.8 and 0.27.3. ``pyproject.toml`` allows
``>=0.26.1,<0.30``: from 0.26 Typer carries its own Click, so no Click release can change what
nemo runs on; older Typers with the newest Click warn at import (0.16 to 0.25) or crash on
``--help`` (0.15.0 with Click 8.2+); 0.26.0 ignored ``yes`` in a boolean environment variable.
A Typer from 0.30 on has to be checked (and the bound raised) before it is allowed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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


# ---------------------------------------------------------------- Typer's private hooks


def _arg_names(function: object) -> tuple[str, ...] | None:
    """The positional argument names of a plain Python function (None for anything else)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    names: tuple[str, ...] = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    return names


def _calls(function: object, name: str) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and name in code.co_names


@dataclass(frozen=True)
class Hooks:
    """The Typer internals plain coercion needs, checked to be the expected shape."""

    plain_param: type  # a RuntimeParam subclass calling a plain function
    build_runtime_param: Callable[[Any], Any]
    coerce_cli_path: Callable[..., Any] | None  # None: paths go to Typer's own coercion


def typer_hooks() -> Hooks | None:
    """Typer's coercion hooks if they are the ones this module knows, else None."""
    try:
        from typer import _coercion, core
    except ImportError:
        return None
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    parameter = getattr(core, "_TyperParameter", None)
    if not (isinstance(base, type) and callable(build) and isinstance(parameter, type)):
        return None
    fields = getattr(base, "__dataclass_fields__", None)
    if not isinstance(fields, dict) or set(fields) != {"parameter_info", "annotation"}:
        return None
    if _arg_names(getattr(base, "_coerce_value", None)) != ("self", "value", "param", "ctx"):
        return None
    if not _calls(getattr(base, "coerce", None), "_coerce_value"):
        return None  # Typer no longer calls the method PlainParam overrides
    if not _calls(getattr(parameter, "get_runtime_param", None), "_runtime_param"):
        return None  # nor reads the attribute lighten() sets
    try:
        plain = _plain_class(base, build)
    except Exception:  # RuntimeParam cannot be subclassed this way any more
        return None
    return Hooks(plain, build, _path_hook())


def _path_hook() -> Callable[..., Any] | None:
    try:
        from typer._param_types import coerce_cli_path
    except ImportError:
        return None
    expected = ("value", "parameter_info", "path_type", "param", "ctx")
    return coerce_cli_path if _arg_names(coerce_cli_path) == expected else None


def _plain_class(base: type, build: Callable[[Any], Any]) -> type:
    @dataclass(frozen=True)
    class PlainParam(base):  # type: ignore[misc]
        """Typer's ``RuntimeParam`` calling a plain function; Typer's own for the unusual."""

        convert: Convert

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, param, ctx)
            except Unusual:
                typer_own = build(param.type_descriptor)
                return typer_own._coerce_value(value, param=param, ctx=ctx)

    return PlainParam


# ---------------------------------------------------------------- the plain coercers


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


def _path_coercer(coerce_cli_path: Callable[..., Any] | None) -> Convert:
    def _path(value: Any, param: Any, ctx: Any) -> Any:
        """``Path(value)``, then Typer's own checks (exists, readable...), which need no
        Pydantic once the value is a ``Path``."""
        if coerce_cli_path is None or not isinstance(value, str | Path):
            raise Unusual
        path = value if isinstance(value, Path) else Path(os.fsdecode(value))
        info = param.type_descriptor.parameter_info
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)

    return _path


def _converters(hooks: Hooks) -> dict[Any, Convert]:
    path = _path_coercer(hooks.coerce_cli_path)
    return {str: _str, list[str]: _str_list, bool: _bool, Path: path}


def _is_plain(info: Any) -> bool:
    """No parser, bounds, formats or path type that only Typer's adapters implement."""
    for name in ("parser", "click_type", "min", "max", "formats", "path_type"):
        if getattr(info, name, None) is not None:
            return False
    return not getattr(info, "clamp", False)


def _plain_for(param: Any, hooks: Hooks, converters: Mapping[Any, Convert]) -> Any | None:
    """The plain runtime parameter for ``param``, or None to leave it to Typer."""
    if getattr(param, "__dict__", {}).get("_runtime_param", "absent") is not None:
        return None  # not a Typer parameter, or one Typer has already set up
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(descriptor, "file_annotation", "absent") is not None:
        return None
    try:
        convert = converters.get(descriptor.annotation)
    except TypeError:  # an unhashable annotation: Typer's business
        return None
    if convert is None or not _is_plain(descriptor.parameter_info):
        return None
    return hooks.plain_param(
        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, convert=convert
    )


def lighten(command: Any, hooks: Hooks | None = None) -> int:
    """Give each plain parameter of ``command`` and its subcommands a plain coercer (the help
    option too, which Click makes during the parse). Returns how many were set now: 0 when
    Typer's internals are not the expected ones, or when anything fails (nothing is changed
    then; the command runs with Typer's own coercion)."""
    hooks = hooks if hooks is not None else typer_hooks()
    if hooks is None:
        return 0
    converters = _converters(hooks)
    planned: list[tuple[Any, Any]] = []
    helped: list[Any] = []
    try:
        stack = [command]
        while stack:
            cmd = stack.pop()
            stack.extend(getattr(cmd, "commands", {}).values())
            for param in cmd.params:
                plain = _plain_for(param, hooks, converters)
                if plain is not None:
                    planned.append((param, plain))
            if callable(getattr(cmd, "get_help_option", None)):
                helped.append(cmd)
    except Exception:  # an unexpected shape: leave everything to Typer
        return 0
    for param, plain in planned:
        param._runtime_param = plain
    for cmd in helped:
        cmd.get_help_option = _light_help(cmd.get_help_option, hooks, converters)
    return len(planned)


def _light_help(
    make_help: Callable[[Any], Any], hooks: Hooks, converters: Mapping[Any, Convert]
) -> Callable[[Any], Any]:
    def get_help_option(ctx: Any) -> Any:
        option = make_help(ctx)
        if option is not None:
            try:
                plain = _plain_for(option, hooks, converters)
            except Exception:
                plain = None
            if plain is not None:
                option._runtime_param = plain
        return option

    return get_help_option


# ---------------------------------------------------------------- completion


def _as_is(text: str) -> str:
    return text


def plain_completion_help() -> bool:
    """Completion for zsh, fish and PowerShell shows each command's help line, which Typer
    passes through Rich to drop Rich markup: that loads all of Rich and ``rich.markdown``
    (60 ms on each Tab press). nemo's help has no markup (``rich_markup_mode=None``, and
    ``--help`` prints it as it is), so completion shows it as it is too. Returns whether the
    hook was the expected one (a one-argument function) and so was replaced."""
    try:
        from typer import _completion_classes
    except ImportError:
        return False
    if _arg_names(getattr(_completion_classes, "_sanitize_help_text", None)) != ("text",):
        return False
    _completion_classes._sanitize_help_text = _as_is
    return True


def command(app: typer.Typer, environ: Mapping[str, str] | None = None) -> Any:
    """The Click command for ``app``, its plain parameters coerced without Pydantic (and,
    when the shell asks for completions, its help shown without Rich)."""
    from typer.main import get_command

    if (os.environ if environ is None else environ).get(COMPLETE_VAR):
        plain_completion_help()
    click_command = get_command(app)
    lighten(click_command)
    return click_command
