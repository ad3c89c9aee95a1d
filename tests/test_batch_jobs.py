"""`nemo batch --jobs N`: jobs at once, each in a `nemo` process of its own, with real renders.

Two jobs run at the same time (their processes are seen alive together, not timed); a failed
job does not stop the others and the exit code is the batch's as before; the lines of jobs
running together stay whole and name their job; Ctrl-C or SIGTERM stops every job: exit 130,
no ffmpeg left, no partial file.
"""

from __future__ import annotations

import contextlib
import json
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result
from emulator.nemo_process import alive, children, finish, start, wait_for
from mediagen import make_clip, make_image, probe

from nemo_cli.commands.batch_parallel import default_jobs

SIGNALS = pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["int", "term"])


def _cmdline(pid: int) -> list[bytes]:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return []


def _jobs(pid: int) -> list[int]:
    """The batch's job processes (``nemo ... batch --child K``)."""
    return [c for c in children(pid) if b"--child" in _cmdline(c)]


def _renders(pid: int) -> list[int]:
    """The render ffmpeg processes of the batch's jobs."""
    found = []
    for job in _jobs(pid):
        with contextlib.suppress(OSError):
            for c in children(job):
                line = _cmdline(c)
                if b"-progress" in line and line and b"ffmpeg" in line[0]:
                    found.append(c)
    return found


def _own_renders(pid: int) -> list[int]:
    """The render ffmpeg processes of a batch running its jobs in order, itself."""
    return [
        c
        for c in children(pid)
        if b"-progress" in _cmdline(c) and b"ffmpeg" in (_cmdline(c) or [b""])[0]
    ]


def _write_jobs(path: Path, *jobs: str) -> Path:
    path.write_text("\n".join(jobs), encoding="utf-8")
    return path


def _job(name: str, files: list[Path], words: str, output: str, quality: str = "low") -> str:
    listed = ", ".join(f'"{f}"' for f in files)
    return (
        f'[[job]]\nname = "{name}"\nfiles = [{listed}]\ninstructions = ["{words}"]\n'
        f'output = "{output}"\nquality = "{quality}"\n'
    )


def test_the_default_is_half_the_cores() -> None:
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs() == max(1, (cores or 1) // 2)


def test_jobs_must_be_at_least_one(nemo: Callable[..., Result], tmp_path: Path) -> None:
    jobs = _write_jobs(tmp_path / "jobs.toml", _job("a", [], "combine my clips", "a.mp4"))
    done = nemo("batch", str(jobs), "--jobs", "0")
    assert done.code == 2, done
    assert "--jobs takes a number of jobs from 1 up, not 0." in done.err


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_two_jobs_run_at_once_and_a_failed_one_stops_no_other(
    tmp_path: Path, isolated_home: Path
) -> None:
    a = make_clip(tmp_path / "a.mp4", seconds=1.0)
    b = make_clip(tmp_path / "b.mp4", seconds=2.0, tone=660)
    jobs = _write_jobs(
        tmp_path / "jobs.toml",
        _job("first", [a], "combine my clips", "out/first.mp4"),
        _job("broken", [tmp_path / "nope.mp4"], "combine my clips", "out/broken.mp4"),
        _job("second", [b], "combine my clips", "out/second.mp4"),
    )
    (tmp_path / "out").mkdir()
    proc = start(["--backend", "local", "batch", str(jobs), "--jobs", "2"], {})
    together = 0
    while proc.poll() is None and together < 2:
        together = max(together, len(_jobs(proc.pid)))
        time.sleep(0.02)
    done = finish(proc)
    assert together == 2, done  # two jobs' processes alive at the same time
    assert done.code == 5, done  # the failed job's code, as a batch run in order gives
    assert probe(tmp_path / "out" / "first.mp4").duration == pytest.approx(1.0, abs=0.05)
    assert probe(tmp_path / "out" / "second.mp4").duration == pytest.approx(2.0, abs=0.05)
    assert not (tmp_path / "out" / "broken.mp4").exists()
    # Each job's line is whole and named (in the order they ended), then the summary in the
    # file's order.
    lines = done.out.splitlines()
    ended = sorted(ln for ln in lines if ln[:1] in "✓✗")
    assert ended == [
        f"✓ [1/3] first → {tmp_path / 'out' / 'first.mp4'}",
        f"✓ [3/3] second → {tmp_path / 'out' / 'second.mp4'}",
        f"✗ [2/3] broken: No such file: {tmp_path / 'nope.mp4'}",
    ]
    rows = [ln.split("│")[1].strip() for ln in lines if ln.startswith("│")]
    assert [r for r in rows if r] == ["first", "broken", "second"]  # (a long error wraps)
    # Piped, what a running job does is said in lines that name it.
    said = [ln for ln in done.err.splitlines() if ln.startswith("[")]
    assert "[1/3] first: rendering" in said and "[3/3] second: rendering" in said
    assert done.err.splitlines()[-1] == "Error: 1 of 3 jobs failed."


@pytest.mark.slow
def test_parallel_jobs_report_json_in_the_files_order(
    nemo: Callable[..., Result], tmp_path: Path
) -> None:
    a = make_clip(tmp_path / "a.mp4", seconds=1.0)
    jobs = tmp_path / "jobs.json"
    jobs.write_text(
        json.dumps(
            {
                "jobs": [
                    {
                        "name": "x",
                        "files": [str(a)],
                        "instructions": "combine my clips",
                        "quality": "low",
                    },
                    {
                        "name": "y",
                        "files": [str(a)],
                        "instructions": ["combine my clips", "vertical"],
                        "quality": "low",
                        "encoder": "x264",
                    },
                ]
            }
        )
    )
    done = nemo("--backend", "local", "--json", "batch", str(jobs), "-j", "2")
    assert done.code == 0, done
    report = json.loads(done.out)
    assert [(j["name"], j["ok"]) for j in report["jobs"]] == [("x", True), ("y", True)]
    assert report["failed"] == 0
    assert len({j["session_id"] for j in report["jobs"]}) == 2
    assert probe(tmp_path / "x.mp4").video_codec == "h264"
    shape = probe(tmp_path / "y.mp4")
    assert (shape.width, shape.height) == (1080, 1920)
    assert done.err == ""  # --json: no lines about the jobs on stderr


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@SIGNALS
@pytest.mark.parametrize("at_once", [1, 2])
def test_ctrl_c_stops_every_job_and_leaves_no_file_and_no_ffmpeg(
    tmp_path: Path, isolated_home: Path, sig: signal.Signals, at_once: int
) -> None:
    still = make_image(tmp_path / "still.png", size="320x240")
    long = "show each photo for 600 seconds"  # ten minutes: never done by itself
    jobs = _write_jobs(
        tmp_path / "jobs.toml",
        _job("one", [still], long, "out/one.mp4"),
        _job("two", [still], long, "out/two.mp4"),
        _job("three", [still], long, "out/three.mp4"),
    )
    out = tmp_path / "out"
    out.mkdir()
    proc = start(["--backend", "local", "batch", str(jobs), "--jobs", str(at_once)], {})
    if at_once == 1:  # in order, in this process: the next job never starts
        wait_for(proc, lambda: len(_own_renders(proc.pid)) == 1, "the first job's render")
        workers, ffmpegs = [], _own_renders(proc.pid)
        last = "Stopped: nothing was written."
    else:
        wait_for(proc, lambda: len(_renders(proc.pid)) == 2, "both jobs' renders")
        workers, ffmpegs = _jobs(proc.pid), _renders(proc.pid)
        assert len(workers) == 2
        last = "Stopped: 2 running jobs stopped; nothing partial was written."
    proc.send_signal(sig)
    done = finish(proc)
    assert done.code == 130, done
    assert done.err.splitlines()[-1] == last
    assert not [(p, _cmdline(p)) for p in workers + ffmpegs if alive(p)], done
    assert list(out.iterdir()) == []
    cache = isolated_home / "cache" / "nemo" / "render"
    assert not [p for p in cache.rglob("*") if ".partial" in p.name]
