"""Hints worded for the chat: the shell commands a message suggests, as the chat says them.

Errors and replies are written for the shell ("Upload clips (nemo upload a.mp4), then say what
to do: nemo say \"combine my clips\""). Inside the chat the same advice reads "upload a.mp4"
and "combine my clips": words the chat understands. Commands the chat has no words for
(``nemo export --resume``, ``nemo login``) stay as they are: typed in the chat, a line
starting with ``nemo`` runs that command.
"""

from __future__ import annotations

import re

_SAY = re.compile(r"\bnemo say\s+(?:\"([^\"]+)\"|“([^”]+)”|'([^']+)')")
_COMMAND = re.compile(r"\bnemo (upload|status|credits|export)\b(?!\s+--)")
_NEW = re.compile(r"\bnemo session new\b")


def for_chat(text: str) -> str:
    """``text`` with ``nemo say "X"`` -> ``X``, ``nemo upload F`` -> ``upload F``,
    ``nemo export``/``status``/``credits`` -> the bare word, ``nemo session new`` -> ``/new``."""
    if "nemo " not in text:
        return text
    text = _SAY.sub(lambda m: next(g for g in m.groups() if g), text)
    text = _NEW.sub("/new", text)
    return _COMMAND.sub(lambda m: m.group(1), text)
