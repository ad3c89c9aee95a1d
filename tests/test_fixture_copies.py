"""tests/fixtures/ holds byte-exact copies of the shared ADK stream fixtures, so a fresh clone
tests without the shared folder. Where the shared folder sits beside the repo, they must match."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
NAMES = ["adk-run-sse-streaming.txt", "adk-run-sse-errors.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_copy_matches_shared(name: str) -> None:
    ours = (HERE / name).read_bytes()
    assert ours.startswith(b"data: ") and ours.endswith(b"\n\n")
    if SHARED.is_dir():
        assert ours == (SHARED / name).read_bytes()
