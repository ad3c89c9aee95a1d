"""Regular expressions compiled when first used, and compiled once per install, not per run.

The local engine's parser holds a few hundred patterns (the phrase tables, the rewrites, the
detectors). Python compiles a pattern from its text on every run, and for these that took
longer than a whole ``nemo say`` may (some 60 ms of CPU for all of them). So:

- ``rx(pattern)`` looks like a compiled pattern to its users and compiles itself on its first
  call: a message only compiles what its words reach.
- With ``cache_in(folder)`` (the local backend names nemo's cache folder), what Python's
  regex compiler made of each pattern (its ``_sre`` code) is kept in one file there and read
  back by later runs, which then skip parsing and compiling. The file is written at exit when
  this run compiled something new. It is keyed by the interpreter (the ``_sre`` code format
  changes with it, see ``_sre.MAGIC``); a file from another version, a damaged file, or
  Python without ``_sre`` (not CPython) means compiling as usual: the results are the same
  patterns either way (``tests/test_rx.py`` compares them).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_known: dict[tuple[str, int], _Entry] | None = None  # read from the file, on first compile
_new: dict[tuple[str, int], _Entry] = {}  # compiled by this run
_file: Path | None = None
MAX_ENTRIES = 4000  # a file grown past this (patterns of many versions) starts afresh


def _header() -> str:
    import _sre

    from . import __version__

    return f"nemo {__version__} sre {_sre.MAGIC} {sys.version}"


def cache_in(folder: Path) -> None:
    """Keep compiled patterns in ``folder`` (read on first use, written at exit if new)."""
    global _file, _known
    path = folder / f"patterns-{sys.implementation.cache_tag}.marshal"
    if path == _file:
        return
    if _file is None:
        import atexit

        atexit.register(save)
    _file, _known = path, None


def _load() -> dict[tuple[str, int], _Entry]:
    if _file is None:
        return {}
    import marshal

    try:
        header, table = marshal.loads(_file.read_bytes())
        if header == _header() and isinstance(table, dict):
            return table
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: compile as usual
        pass
    return {}


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    global _known
    flags = int(flags)  # a RegexFlag cannot be kept in the file
    if _known is None:
        _known = _load()
    entry = _known.get((pattern, flags))
    if entry is not None:
        try:
            import _sre

            compiled: re.Pattern[str] = _sre.compile(pattern, *entry)
            return compiled
        except Exception:  # noqa: BLE001 - not this interpreter's code after all
            pass
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        # What re._compiler.compile does, keeping the code it hands to _sre.
        parsed = _parser.parse(pattern, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
        entry = (
            flags | parsed.state.flags,
            code,
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        compiled = _sre.compile(pattern, *entry)
    except Exception:  # noqa: BLE001 - another regex engine: the public way
        return re.compile(pattern, flags)
    if _file is not None:
        _new[(pattern, flags)] = entry
    return compiled


def save() -> None:
    """Write the patterns compiled by this run into the cache file (nothing new: no write)."""
    if not _new or _file is None:
        return
    import contextlib
    import marshal

    from .files import atomic_write_bytes

    table = _load()
    if len(table) > MAX_ENTRIES:
        table = {}
    table.update(_new)
    with contextlib.suppress(Exception):  # a cache that cannot be written is only slower
        atomic_write_bytes(_file, marshal.dumps((_header(), table)))
        _new.clear()


class Rx:
    """A ``re.Pattern`` compiled on first use (the methods the parser calls)."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _compile(self.pattern, self.flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"rx({self.pattern!r})"


def rx(pattern: str, flags: int = 0) -> Rx:
    return Rx(pattern, flags)
