"""Progress off a terminal: plain lines every few seconds and at the end of a long task, so a
long export in a script or CI is never silent; and a real piped export shows them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mediagen import make_clip

from nemo_cli.backends.base import ProgressUpdate
from nemo_cli.ui.progress import ProgressLines


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _run(ticks: list[tuple[float, ProgressUpdate]], every: float = 10.0) -> list[str]:
    said: list[str] = []
    clock = Clock()
    lines = ProgressLines(said.append, every=every, clock=clock)
    for at, update in ticks:
        clock.now = at
        lines(update)
    return said


def R(done: float, total: float | None = 34.0) -> ProgressUpdate:
    return ProgressUpdate("render", "out.mp4", done, total, unit="seconds")


def test_a_long_task_says_how_far_it_is_every_few_seconds_and_when_done() -> None:
    ticks = [
        (0.0, R(0)),
        (4, R(3.5)),
        (10, R(4)),
        (11, R(14)),
        (14, R(20)),
        (21, R(20)),
        (22, R(34)),
    ]
    assert _run(ticks) == [
        "Rendering out.mp4: 11% (4.0/34.0 s)",
        "Rendering out.mp4: 58% (20.0/34.0 s)",
        "Rendering out.mp4: 100% (34.0/34.0 s)",
    ]


def test_a_quick_task_says_nothing() -> None:
    assert _run([(0.0, R(0)), (1, R(17)), (4.9, R(34))]) == []
    quick = [
        (0.0, ProgressUpdate("probe", "a.mp4", 0, 100, unit="percent")),
        (0.1, ProgressUpdate("probe", "a.mp4", 100, 100, unit="percent")),
    ]
    assert _run(quick) == []


def test_unknown_totals_and_bytes() -> None:
    up = [
        (0.0, ProgressUpdate("upload", "a.mp4", 0, None, unit="bytes")),
        (12.0, ProgressUpdate("upload", "a.mp4", 5_000_000, None, unit="bytes")),
        (0.0, ProgressUpdate("download", "b.mp4", 0, 10**6, unit="bytes")),
        (13.0, ProgressUpdate("download", "b.mp4", 500_000, 10**6, unit="bytes")),
    ]
    assert _run(up) == ["Uploading a.mp4: 5.0 MB", "Downloading b.mp4: 50% (500.0 kB/1.0 MB)"]


@pytest.mark.slow
def test_a_piped_export_prints_progress_lines_on_stderr(nemo: Any, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", 3.0)
    for step in (("upload", str(clip)), ("say", "combine my clips")):
        assert nemo("--backend", "local", *step).code == 0
    result = nemo(
        "--backend",
        "local",
        "export",
        "-o",
        str(tmp_path / "out.mp4"),
        env={"NEMO_PROGRESS_EVERY": "0.001"},
    )  # a line at every tick
    assert result.code == 0, result
    lines = [ln for ln in result.err.splitlines() if ln.startswith("Rendering out.mp4: ")]
    assert lines and lines[-1] == "Rendering out.mp4: 100% (3.0/3.0 s)", result.err
    quiet = nemo("--backend", "local", "--json", "export", "-o", str(tmp_path / "q.mp4"))
    assert quiet.code == 0 and quiet.err == "", quiet
    assert json.loads(quiet.out)["path"].endswith("q.mp4")
