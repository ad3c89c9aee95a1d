"""Printing errors and JSON results: the only place an error becomes text for the user."""

from __future__ import annotations

import json
import os
import re
from typing import Any, TextIO

from ..errors import Interrupted, NemoError, redact
from ..safe_text import clean

# JSON escapes C0 controls itself; DEL and the C1 controls (U+009B is an 8-bit CSI) and the
# line/paragraph separators are escaped here too, so JSON shown on a terminal is inert.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def print_json(stream: TextIO, obj: Any) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    text = _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    stream.write(text + "\n")
    stream.flush()


def terminal_width(stream: TextIO) -> int | None:
    """The width to wrap at when ``stream`` is a terminal (``COLUMNS`` wins, as for Rich);
    None for a pipe or a file, whose reader gets whole lines."""
    try:
        if not stream.isatty():
            return None
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() else os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return None


def wrap_words(text: str, width: int | None, indent: int = 0) -> str:
    """``text`` broken at spaces to fit ``width`` columns (continuation lines indented by
    ``indent``), so the terminal never cuts a word in two. Words longer than a line (paths,
    addresses) stay whole. No width: the text as it is."""
    if not width or width <= indent + 10:
        return text
    import textwrap  # (only for a terminal's width)

    return "\n".join(
        textwrap.fill(
            line,
            width=width,
            subsequent_indent=" " * indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        or line
        for line in text.split("\n")
    )


def report_error(
    err: NemoError,
    *,
    stderr: TextIO,
    as_json: bool,
    verbose: bool,
    color: bool = False,
    width: int | None = None,
) -> None:
    """One line saying what went wrong, a second saying what to do (if known); on a terminal
    (or with ``width``) each is wrapped at word boundaries."""
    if as_json:
        print_json(stderr, err.to_json())
    else:
        width = width or terminal_width(stderr)
        red, dim, reset = ("\x1b[31m", "\x1b[2m", "\x1b[0m") if color else ("", "", "")
        if isinstance(err, Interrupted):  # the user's own Ctrl-C is news, not an error
            stderr.write(f"{wrap_words(clean(err.message), width)}\n")
        else:
            # Wrapped as plain text (the colour codes take no columns), then coloured.
            text = wrap_words(f"Error: {clean(err.message)}", width, indent=len("Error: "))
            stderr.write(f"{red}Error:{reset}{text[len('Error:') :]}\n")
        if err.hint:
            stderr.write(f"{dim}{wrap_words(clean(err.hint), width)}{reset}\n")
    if verbose:
        import traceback

        stderr.write(redact("".join(traceback.format_exception(err))))
    stderr.flush()


def report_crash(exc: BaseException, *, stderr: TextIO, as_json: bool, verbose: bool) -> None:
    """An exception nemo did not expect: still one line, the traceback only with -v."""
    message = redact(f"Unexpected error: {type(exc).__name__}: {exc}")
    if as_json:
        print_json(stderr, {"error": {"code": "internal", "message": message, "exit_code": 1}})
    else:
        stderr.write(clean(message) + "\n")
        if not verbose:
            stderr.write("Run again with -v to see the traceback, and please report it.\n")
    if verbose:
        import traceback

        stderr.write(redact("".join(traceback.format_exception(exc))))
    stderr.flush()
