"""``nemo --help`` from a cache, so the top-level help costs no more than ``--version``.

Building the help means importing Typer and inspecting every command: about 55 ms, twice the
interpreter's own start-up. The text only changes when nemo, Typer or ``cli.py`` change, or
with the width Click wraps it to, so the first ``nemo --help`` renders it through Typer as
usual and keeps it in the user cache directory under a name made of all of those; later ones
print the kept text. Any problem with the cache (unreadable, unwritable) just means rendering
through Typer again. Only the exact command lines ``nemo --help`` and ``nemo -h`` use it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__

HELP_ARGS = (["--help"], ["-h"])


def _columns() -> int:
    """The terminal width as ``shutil.get_terminal_size`` reports it (without importing it)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _stamp(path: str | None) -> str:
    if not path:
        return "none"
    try:
        st = os.stat(path)
    except OSError:
        return "none"
    return f"{st.st_mtime_ns:x}{st.st_size:x}"


def cache_file() -> Path:
    """Where the help for this nemo, Typer, ``cli.py`` and width is kept."""
    import importlib.util

    import platformdirs

    width = max(min(_columns(), 80) - 2, 50)  # Click's HelpFormatter rule
    spec = importlib.util.find_spec("typer")
    typer_stamp = _stamp(spec.origin if spec else None)
    cli_stamp = _stamp(str(Path(__file__).with_name("cli.py")))
    name = f"help-{__version__}-w{width}-{cli_stamp}-{typer_stamp}.txt"
    return Path(platformdirs.user_cache_dir("nemo", appauthor=False)) / name


def show_help(run: Callable[[list[str]], int], args: list[str]) -> int:
    """Print the top-level help: the kept text, or Typer's (then kept for next time)."""
    try:
        text = cache_file().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        text = ""
    if text.startswith("Usage:"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run(args)
    text = buffer.getvalue()
    if code == 0 and text.startswith("Usage:"):
        _keep(text)
    sys.stdout.write(text)
    sys.stdout.flush()
    return code


def _keep(text: str) -> None:
    """Save the help; drop what was kept for another version, or for this width before
    ``cli.py`` or Typer changed."""
    from .files import atomic_write_text, locked

    try:
        path = cache_file()
        version, width = path.name.split("-")[1:3]
        with locked(path.parent / "help"):
            for old in path.parent.glob("help-*.txt"):
                parts = old.name.split("-")
                stale = len(parts) != 5 or parts[1] != version or parts[2] == width
                if old != path and stale:
                    with contextlib.suppress(OSError):
                        old.unlink()
            atomic_write_text(path, text)
    except Exception:  # a cache that cannot be written is no error: Typer renders next time
        return
