"""What to say after Click's "No such command": the command the user probably meant.

A new user types the edit itself at the shell (``nemo add captions``, ``nemo 'make it
vertical'``): Click reads the first word as a command name. Words that are not a typo of a
command read as an instruction, and the hint shows the same words through ``nemo say``; a file
name is shown through ``nemo upload``. A near-miss (``nemo exprot``) is a typo: Typer already
appends "Did you mean 'export'?", and this module adds that only when Typer did not.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
from typing import Any

# At or above this likeness the word is a typo of the command (exprot/export 0.83,
# sesion/session 0.92); below it a close word may still begin an instruction
# (speed/speech 0.73: "nemo speed up the clip").
_TYPO = 0.8
_FILE_NAME = re.compile(r"\S+\.[A-Za-z0-9]{2,5}")
_SAFE_IN_DOUBLE_QUOTES = re.compile(r'[^"$`\\!]*')


def _looks_like_file(word: str) -> bool:
    return "/" in word or bool(_FILE_NAME.fullmatch(word)) or os.path.exists(word)


def _quoted(text: str) -> str:
    """``text`` as one shell word, in double quotes where that is safe (as the docs write it)."""
    if _SAFE_IN_DOUBLE_QUOTES.fullmatch(text):
        return f'"{text}"'
    return shlex.quote(text)


def _command_words(args: list[str], valued: set[str]) -> list[str]:
    """The words of the line that are not options (nor the values of ``valued`` options)."""
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            words.extend(args[i + 1 :])
            break
        if arg in valued:
            i += 1
        elif not arg.startswith("-"):
            words.append(arg)
        i += 1
    return words


def unknown_command_hint(args: list[str], exc: BaseException, valued: set[str]) -> str | None:
    """For ``nemo add captions`` ("No such command 'add'"): ``Did you mean: nemo say "add
    captions"``; for ``nemo clip.mp4``: ``Did you mean: nemo upload clip.mp4``; for a typo
    Typer did not already answer: ``Did you mean: nemo export``. None for any other error.
    ``valued`` names the global options that take a value (their value is not a command)."""
    ctx = getattr(exc, "ctx", None)
    group: Any = getattr(ctx, "command", None)
    if ctx is None or getattr(ctx, "parent", None) is not None:
        return None  # a sub-group (`nemo session frob`): Typer's own suggestion stands
    if not hasattr(group, "list_commands") or not hasattr(group, "get_command"):
        return None
    words = _command_words(args, valued)
    if not words or group.get_command(ctx, words[0]) is not None:
        return None  # the error is about something else than the command name
    name, rest = words[0], words[1:]
    commands: list[str] = list(group.list_commands(ctx))
    close = difflib.get_close_matches(name, commands, n=1)
    typer_said = "Did you mean" in str(getattr(exc, "message", ""))
    if close:
        likeness = difflib.SequenceMatcher(None, name, close[0]).ratio()
        if likeness >= _TYPO or not rest or any(map(_looks_like_file, rest)):
            return None if typer_said else f"Did you mean: nemo {close[0]}"
    if not rest and _looks_like_file(name):
        return f"Did you mean: nemo upload {shlex.quote(name)}"
    said = f"nemo say {_quoted(' '.join(words))}"
    return f"Or: {said}" if typer_said else f"Did you mean: {said}"
