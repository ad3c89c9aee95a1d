"""``nemo_cli.rx``: patterns compiled on first use, and their compiled form kept between runs.
A pattern read back from the cache file must be the very pattern ``re.compile`` makes."""

from __future__ import annotations

import gc
import importlib
import marshal
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from nemo_cli import rx as R
from tests.understanding.score import TABLE, load_table

_MODULES = [
    "nemo_cli.backends.local.understand.parser",
    "nemo_cli.backends.local.understand.typos",
    "nemo_cli.backends.local.understand.talk",
    "nemo_cli.ui.translate",
]


def _all_patterns() -> list[R.Rx]:
    for name in _MODULES:
        importlib.import_module(name)
    return [o for o in gc.get_objects() if isinstance(o, R.Rx)]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Path]:
    """The module's cache state, emptied and pointed at a folder of the test's own."""
    saved = (R._file, R._known, dict(R._new))
    R._file, R._known = None, None
    R._new.clear()
    R.cache_in(tmp_path)
    yield tmp_path
    R._file, R._known = saved[0], saved[1]
    R._new.clear()
    R._new.update(saved[2])


def _same(a: re.Pattern[str], b: re.Pattern[str], texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    for text in texts:
        x, y = a.search(text), b.search(text)
        assert (x and (x.span(), x.groups())) == (y and (y.span(), y.groups())), (a, text)


def test_patterns_read_back_from_the_cache_are_the_same(fresh: Path) -> None:
    patterns = _all_patterns()
    assert len(patterns) > 200
    texts = [row.text.lower() for row in load_table(TABLE)][::7]
    made = [R._compile(p.pattern, p.flags) for p in patterns]
    R.save()
    files = list(fresh.glob("patterns-*.marshal"))
    assert len(files) == 1 and not R._new
    R._known = None  # a later run: read from the file
    for p, first in zip(patterns, made, strict=True):
        again = R._compile(p.pattern, p.flags)
        assert (p.pattern, int(p.flags)) in R._known  # type: ignore[operator]
        _same(again, re.compile(p.pattern, p.flags), texts)
        _same(first, again, texts)
    assert not R._new  # nothing compiled from the text the second time


def test_flags_are_kept(fresh: Path) -> None:
    R._compile("abc", re.I)
    R.save()
    R._known = None
    assert R._compile("abc", re.I).search("xABC") is not None


@pytest.mark.parametrize("content", [b"", b"garbage", marshal.dumps(("another python", {}))])
def test_a_damaged_or_foreign_file_is_ignored(fresh: Path, content: bytes) -> None:
    path = fresh / f"patterns-{__import__('sys').implementation.cache_tag}.marshal"
    path.write_bytes(content)
    assert R._compile(r"\bclip\s+(\d+)", 0).search("clip 12").group(1) == "12"  # type: ignore[union-attr]
    R.save()  # rewritten, whole
    R._known = None
    assert (r"\bclip\s+(\d+)", 0) in R._load()


def test_wrong_code_in_the_file_falls_back_to_compiling(fresh: Path) -> None:
    R._compile("a+b", 0)
    R.save()
    path = next(fresh.glob("patterns-*.marshal"))
    header, table = marshal.loads(path.read_bytes())
    flags, code, *rest = table[("a+b", 0)]
    table[("a+b", 0)] = (flags, [999999] * len(code), *rest)  # not valid sre code
    path.write_bytes(marshal.dumps((header, table)))
    R._known = None
    assert R._compile("a+b", 0).fullmatch("aab")


def test_without_a_cache_folder_nothing_is_written(tmp_path: Path) -> None:
    saved = (R._file, R._known)
    R._file, R._known = None, None
    try:
        R._compile("xyz+", 0)
        assert ("xyz+", 0) not in R._new
    finally:
        R._file, R._known = saved
