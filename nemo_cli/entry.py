"""The `nemo` console script: the one place where errors become messages and exit codes.

``nemo --version`` is answered before anything heavy is imported, and ``nemo --help`` from a
cache once Typer has rendered it (``help_cache``). Global options
(``--backend``, ``--session``, ``--json``, ``-v/--verbose``, ``--no-color``) are accepted
anywhere on the line (``nemo credits --json`` as well as ``nemo --json credits``): they are
moved in front of the command before Typer parses the line.
"""

from __future__ import annotations

import contextlib
import os
import sys

from . import __version__

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
            return (f"To name a file that starts with a dash, put -- before it "
                    f"({command} -- {word}) or write ./{word}.")  # fmt: skip
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
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"nemo {__version__}\n")
        return
    if args in (["--help"], ["-h"]):
        from .help_cache import show_help

        sys.exit(show_help(run, args))
    handle_sigterm()
    sys.exit(run(args))


def _interrupted(as_json: bool) -> int:
    """Ctrl-C or SIGTERM reached the top: say which, exit 130."""
    from .errors import EXIT_INTERRUPTED, Interrupted, Terminated
    from .ui.report import report_error

    said = "Terminated." if Terminated.received else "Interrupted."
    report_error(Interrupted(said), stderr=sys.stderr, as_json=as_json, verbose=False)
    return EXIT_INTERRUPTED


def run(args: list[str]) -> int:
    """Run one command line; returns the exit code. Never raises."""
    from .errors import EXIT_INTERRUPTED, EXIT_USAGE, NemoError, remember_secret

    remember_secret(os.environ.get("NEMO_TOKEN"))
    as_json = _wants_json(args)
    verbose = "-v" in args or "--verbose" in args
    color = not ("--no-color" in args or "NO_COLOR" in os.environ) and sys.stderr.isatty()
    try:
        from typer import Abort, BadParameter, Exit

        # Click's base exception, wherever this Typer version keeps Click (vendored or not).
        click_exception = next(c for c in BadParameter.__mro__ if c.__name__ == "ClickException")
        from .cli import app
        from .fast_params import command

        result = command(app).main(
            args=hoist_global_options(args), prog_name="nemo", standalone_mode=False
        )
        status = result if isinstance(result, int) else 0
        from .errors import Terminated

        # Typer turns a Ctrl-C into exit code 130; a command may also have caught a SIGTERM
        # and ended "normally" (the REPL at its prompt): either way, say so and exit 130.
        if status == EXIT_INTERRUPTED or Terminated.received:
            return _interrupted(as_json)
        return status
    except NemoError as err:
        from .ui.report import report_error

        report_error(err, stderr=sys.stderr, as_json=as_json, verbose=verbose, color=color)
        return err.exit_code
    except KeyboardInterrupt:
        return _interrupted(as_json)
    except Exit as exc:
        return int(exc.exit_code or 0)
    except Abort:  # Click's name for a Ctrl-C (or SIGTERM) it caught: it printed a newline
        return _interrupted(as_json)
    except click_exception as exc:  # type: ignore[misc]
        hint = dash_name_hint(args, exc)
        if hint:
            exc.message = f"{exc.message}. {hint}"
        if as_json:
            from .ui.report import print_json

            code = "usage" if exc.exit_code == EXIT_USAGE else "error"
            body = {"code": code, "message": exc.format_message(), "exit_code": exc.exit_code}
            print_json(sys.stderr, {"error": body})
        else:
            from typer import rich_utils

            rich_utils.rich_format_error(exc)
        return exc.exit_code
    except BrokenPipeError:
        # `nemo status | head`: the reader went away; say nothing more.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 1
    except Exception as exc:  # a bug: one line, traceback with -v
        from .ui.report import report_crash

        report_crash(exc, stderr=sys.stderr, as_json=as_json, verbose=verbose)
        return 1
