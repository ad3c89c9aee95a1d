"""`nemo status` as text: on a terminal the timeline picture alone (the one-line summary
would repeat it); piped, the summary line (no picture). Through the real CLI."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from mediagen import make_clip

SUMMARY = "Timeline (1 track): 1. Video: a.mp4 (0-2s), b.mp4 (2-3s)"


def _in_a_pty(*args: str) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "nemo_cli", *args],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


@pytest.mark.slow
def test_the_picture_is_not_followed_by_the_summary(nemo: Any, tmp_path: Path) -> None:
    for name, seconds in (("a.mp4", 2.0), ("b.mp4", 1.0)):
        path = make_clip(tmp_path / name, seconds)
        assert nemo("--backend", "local", "upload", str(path)).code == 0
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    shown = _in_a_pty("--backend", "local", "--no-pictures", "status")
    assert "Timeline · 3s" in shown and "[a.mp4 0-2s" in shown
    assert "Timeline (" not in shown
    piped = nemo("--backend", "local", "status")
    assert piped.code == 0, piped
    assert SUMMARY in piped.out.splitlines()
    assert "Timeline ·" not in piped.out
