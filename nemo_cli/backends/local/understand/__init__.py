"""Understand: an instruction in English or Chinese -> intents (``..intents``).

lexer (quotes, numbers, times) -> lift (file names, unquoted titles) -> split (clauses) ->
detectors (one clause -> intents) -> parser (``parse``, the whole sentence).

``parse`` is loaded on first use, so importing one module of the package (``typos``,
``known``) does not load the whole parser.
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse"]


def __getattr__(name: str) -> Any:
    if name == "parse":
        from .parser import parse

        return parse
    raise AttributeError(name)
