"""Understand: an instruction in English or Chinese -> intents (``..intents``).

lexer (quotes, numbers, times) -> lift (file names, unquoted titles) -> split (clauses) ->
detectors (one clause -> intents) -> parser (``parse``, the whole sentence).
"""

from .parser import parse

__all__ = ["parse"]
