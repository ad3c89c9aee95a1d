"""The `nemo` console script: the one place where errors become messages and exit codes.

``nemo --version`` is answered before anything heavy is imported; ``nemo --help`` loads Typer
and ``cli.py`` only (every command imports its work when it runs). Global options
(``--backend``, ``--session``, ``--json``, ``-v/--verbose``, ``--no-color``) are accepted
anywhere on the line (``nemo credits --json`` as well as ``nemo --json credits``): they are
moved in front of the command before Typer parses the line.

``run(args, env)`` is the whole command line in-process, as httpie's ``core.main(args, env)``:
given an ``Env`` (streams, environment variables, directories), it reads and writes nothing
else, so tests call it directly instead of starting a process (``tests/in_process.py``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, TextIO

from . import __version__

if TYPE_CHECKING:
    from .env import Env

_FLAGS = {"--json", "-v", "--verbose", "--no-color", "--no-pictures"}
_VALUED = {"--backend", "--session"}


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options found after the command name to the front. Stops at ``--``."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in _FLAGS or name in _VALUED and "=" in arg:
            front.append(arg)
        elif arg in _VALUED and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _wants_json(args: list[str]) -> bool:
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args


def dash_name_hint(args: list[str], exc: BaseException) -> str | None:
    """For ``nemo upload -clip.mp4`` ("No such option: -c"): how to name a file whose name
    starts with a dash. None when the unknown option does not look like a file name."""
    if type(exc).__name__ != "NoSuchOption":
        return None
    option = str(getattr(exc, "option_name", "") or "")
    words = args[: args.index("--")] if "--" in args else args
    for word in words:
        looks_like_file = "." in word.lstrip("-") or "/" in word or os.path.exists(word)
        if word.startswith("-") and word.startswith(option) and looks_like_file:
            ctx = getattr(exc, "ctx", None)
            command = getattr(ctx, "command_path", None) or "nemo upload"
            return (
                f"To name a file that starts with a dash, put -- before it "
                f"({command} -- {word}) or write ./{word}."
            )
    return None


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM stops nemo like Ctrl-C (the same clean-up; exit 130). A second SIGTERM during
    that clean-up ends the process at once, as the default action would."""
    import signal

    from .errors import Terminated

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    Terminated.received = True
    raise Terminated()


def handle_sigterm() -> None:
    import signal

    # Only the main thread may set a handler (ValueError elsewhere); threading is not loaded
    # just to ask which thread this is.
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, _on_sigterm)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"nemo {__version__}\n")
        return
    handle_sigterm()
    sys.exit(run(args))


def _interrupted(as_json: bool, stderr: TextIO) -> int:
    """Ctrl-C or SIGTERM reached the top: say which, exit 130."""
    from .errors import EXIT_INTERRUPTED, Interrupted, Terminated
    from .ui.report import report_error

    said = "Terminated." if Terminated.received else "Interrupted."
    report_error(Interrupted(said), stderr=stderr, as_json=as_json, verbose=False)
    return EXIT_INTERRUPTED


@contextlib.contextmanager
def _standard_streams(env: Env | None) -> Iterator[None]:
    """Click and Typer write help and usage errors to ``sys.stdout``/``sys.stderr``: point
    those at the ``Env``'s streams while its command line runs."""
    if env is None:
        yield
        return
    with contextlib.redirect_stdout(env.stdout), contextlib.redirect_stderr(env.stderr):
        yield


def run(args: list[str], env: Env | None = None) -> int:
    """Run one command line; returns the exit code. Never raises (not even ``SystemExit``).

    ``env`` is where the command reads and writes (default: this process's streams and
    environment); the global options given in ``args`` are applied to it."""
    with _standard_streams(env):
        return _run(args, env)


def _run(args: list[str], env: Env | None) -> int:
    from .errors import EXIT_INTERRUPTED, EXIT_USAGE, NemoError, remember_secret

    environ: Mapping[str, str] = os.environ if env is None else env.environ
    stderr = sys.stderr if env is None else env.stderr
    remember_secret(environ.get("NEMO_TOKEN"))
    as_json = _wants_json(args)
    verbose = "-v" in args or "--verbose" in args
    tty = stderr.isatty() if env is None else env.stderr_isatty
    color = not ("--no-color" in args or "NO_COLOR" in environ) and tty
    said = _say_without_typer(args, env, stderr, as_json, verbose, color)
    if said is not None:
        return said
    try:
        from typer import Abort, BadParameter, Exit

        # Click's base exception, wherever this Typer version keeps Click (vendored or not).
        click_exception = next(c for c in BadParameter.__mro__ if c.__name__ == "ClickException")
        from .cli import app
        from .fast_params import command

        result = command(app, environ).main(
            args=hoist_global_options(args), prog_name="nemo", standalone_mode=False, obj=env
        )
        status = result if isinstance(result, int) else 0
        from .errors import Terminated

        # Typer turns a Ctrl-C into exit code 130; a command may also have caught a SIGTERM
        # and ended "normally" (the REPL at its prompt): either way, say so and exit 130.
        if status == EXIT_INTERRUPTED or Terminated.received:
            return _interrupted(as_json, stderr)
        return status
    except NemoError as err:
        from .ui.report import report_error

        report_error(err, stderr=stderr, as_json=as_json, verbose=verbose, color=color)
        return err.exit_code
    except KeyboardInterrupt:
        return _interrupted(as_json, stderr)
    except Exit as exc:
        return int(exc.exit_code or 0)
    except Abort:  # Click's name for a Ctrl-C (or SIGTERM) it caught: it printed a newline
        return _interrupted(as_json, stderr)
    except click_exception as exc:  # type: ignore[misc]
        if type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None) is not None:
            # `nemo cache`, `nemo session`: a group without its command shows its help
            # (Typer's error formatter prints nothing for it: a silent exit 2).
            if not as_json:
                sys.stdout.write(exc.ctx.get_help() + "\n")
                return int(exc.exit_code)
            exc.message = f"Missing command. See: {exc.ctx.command_path} --help"
        hint = dash_name_hint(args, exc)
        if hint:
            exc.message = f"{exc.message}. {hint}"
        from .ui.usage_hints import unknown_command_hint

        if suggestion := unknown_command_hint(hoist_global_options(args), exc, _VALUED):
            exc.message = f"{exc.message} {suggestion}"
        if as_json:
            from .ui.report import print_json

            code = "usage" if exc.exit_code == EXIT_USAGE else "error"
            body = {"code": code, "message": exc.format_message(), "exit_code": exc.exit_code}
            print_json(stderr, {"error": body})
        else:
            from typer import rich_utils

            rich_utils.rich_format_error(exc)
        return int(exc.exit_code)
    except SystemExit as exc:  # Click ends shell completion with sys.exit()
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        stderr.write(f"{exc.code}\n")
        return 1
    except BrokenPipeError:
        # `nemo status | head`: the reader went away; say nothing more (and have the
        # interpreter's last flush at exit write nowhere, not fail again). An Env's streams
        # belong to its caller.
        if env is None:
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 1
    except Exception as exc:  # a bug: one line, traceback with -v
        from .ui.report import report_crash

        report_crash(exc, stderr=stderr, as_json=as_json, verbose=verbose)
        return 1


def _say_without_typer(
    args: list[str], env: Env | None, stderr: TextIO, as_json: bool, verbose: bool, color: bool
) -> int | None:
    """A plain ``nemo say ...`` run without loading Typer (``say_line``: loading it cost more
    than the local edit itself); None when the line is anything else. The options go onto
    ``env`` as the Typer callback puts them; errors end as in ``_run``."""
    from .say_line import parse_say

    line = parse_say(args)
    if line is None:
        return None
    from .errors import NemoError, Terminated

    try:
        from .commands.chat import run_say
        from .env import Env

        options = {**_SAY_DEFAULTS, **line.options}
        run_say(Env(**options) if env is None else env.with_options(**options), line.text)
        return _interrupted(as_json, stderr) if Terminated.received else 0
    except NemoError as err:
        from .ui.report import report_error

        report_error(err, stderr=stderr, as_json=as_json, verbose=verbose, color=color)
        return err.exit_code
    except KeyboardInterrupt:  # Typer turns it into Exit(130)
        from .errors import EXIT_INTERRUPTED

        return EXIT_INTERRUPTED
    except EOFError:  # Typer writes a line end, then Click's Abort
        stderr.write("\n")
        return _interrupted(as_json, stderr)
    except BrokenPipeError:
        if env is None:  # as in _run: an Env's streams belong to its caller
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 1
    except Exception as exc:  # a bug: one line, traceback with -v
        from .ui.report import report_crash

        report_crash(exc, stderr=stderr, as_json=as_json, verbose=verbose)
        return 1


# What the Typer callback sets when an option is not given.
_SAY_DEFAULTS = {
    "json": False,
    "verbose": False,
    "no_color": False,
    "backend_choice": None,
    "session_override": None,
    "no_pictures": False,
}
