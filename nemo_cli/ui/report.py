"""Printing errors and JSON results: the only place an error becomes text for the user."""

from __future__ import annotations

import json
import re
import traceback
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


def report_error(
    err: NemoError, *, stderr: TextIO, as_json: bool, verbose: bool, color: bool = False
) -> None:
    """One line saying what went wrong, a second saying what to do (if known)."""
    if as_json:
        print_json(stderr, err.to_json())
    else:
        red, dim, reset = ("\x1b[31m", "\x1b[2m", "\x1b[0m") if color else ("", "", "")
        if isinstance(err, Interrupted):  # the user's own Ctrl-C is news, not an error
            stderr.write(f"{clean(err.message)}\n")
        else:
            stderr.write(f"{red}Error:{reset} {clean(err.message)}\n")
        if err.hint:
            stderr.write(f"{dim}{clean(err.hint)}{reset}\n")
    if verbose:
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
        stderr.write(redact("".join(traceback.format_exception(exc))))
    stderr.flush()
