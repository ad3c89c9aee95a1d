"""``nemo say ...`` read without Typer: the command scripts run most, made as cheap as a command
can be.

Loading Typer and building nemo's command tree takes longer than a whole local edit (issue #12:
a local ``nemo say`` must cost at most 3x ``python -c pass``). ``say`` has one argument, the
words of the message, and the global options (``--backend``, ``--session``, ``--json``,
``-v/--verbose``, ``--no-color``, ``--no-pictures``), accepted anywhere before ``--`` as
``entry.hoist_global_options`` accepts them. ``parse_say`` reads exactly that; anything else
(``--help``, an unknown or misplaced option, a bad ``--backend`` value, no words) gives None and
Typer reads the line as before, so its errors and help stay exactly Typer's.
"""

from __future__ import annotations

from typing import Any

_FLAGS = {
    "--json": "json",
    "-v": "verbose",
    "--verbose": "verbose",
    "--no-color": "no_color",
    "--no-pictures": "no_pictures",
}
_VALUED = {"--backend": "backend_choice", "--session": "session_override"}
BACKENDS = ("local", "cloud", "auto")  # what the Typer callback accepts for --backend


class SayLine:
    """``options``: Env's keyword arguments, as the Typer callback sets them; ``text``: the
    words joined by spaces, as the Typer command joins them."""

    __slots__ = ("options", "text")

    def __init__(self, options: dict[str, Any], text: str) -> None:
        self.options = options
        self.text = text


def parse_say(args: list[str]) -> SayLine | None:
    """``nemo [globals] say [globals] WORDS... [-- WORDS...]`` -> its options and text, or None
    when the line is anything else (Typer then reads it)."""
    options: dict[str, Any] = {}
    words: list[str] = []
    command = False
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if arg == "--":
            if not command:
                return None
            words.extend(args[i + 1 :])
            break
        if arg in _FLAGS:
            options[_FLAGS[arg]] = True
        elif arg in _VALUED:
            if i + 1 >= len(args):
                return None
            options[_VALUED[arg]] = args[i + 1]
            i += 1
        elif eq and name in _VALUED:
            options[_VALUED[name]] = value
        elif arg.startswith("-") and arg != "-":
            return None  # --help, -h, --version, an option say does not have: Typer's answer
        elif not command:
            if arg != "say":
                return None
            command = True
        else:
            words.append(arg)
        i += 1
    if not command or not words:
        return None
    if options.get("backend_choice", "local") not in BACKENDS:
        return None
    return SayLine(options, " ".join(words))
