"""The render figures, from ``benchmarks/render_bench.py`` (the local engine's benchmark) and
``benchmarks/engine_bench.py`` (issue 15: the segment cache, smart cut, checks, memory).

render_bench.py is the local engine's own: this hook runs it in a subprocess (``--quick`` in
quick mode) with its work folder inside ours, and turns the summary it prints into table rows:

    nemo / hand-written = 1.05x  (target <= 1.10x: met)
    moviepy / nemo      = 9.63x  (target >= 5x: met)
      12 s             10.10 s   -> 1920x1080 h264/aac, 12.00 s      (scaling, after
                       0.842 s per second of video                    "Timeline scaling")

engine_bench.py prints its rows whole (``ROW {json}``); its generated media are kept in the
output folder (``media/engine``) for later runs.

If a script is missing, fails, or prints something else, the table says so in one row and
the rest of the run goes on.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from .table import Row
from .workspace import REPO, Workspace

SECTION = "render"
SCRIPT = REPO / "benchmarks" / "render_bench.py"
ENGINE = REPO / "benchmarks" / "engine_bench.py"

_TIME = re.compile(r"^\s+(nemo|hand-written|moviepy)\s+([\d.]+) s\b", re.M)
_RATIO = re.compile(r"^\s+(nemo / hand-written|moviepy / nemo)\s+=\s+([\d.]+)x", re.M)
_SKIPPED = re.compile(r"^\s+moviepy\s+skipped: (.*)$", re.M)
_SCALE = re.compile(r"^\s+(\d+) s\s+([\d.]+) s\b.*\n\s+([\d.]+) s per second of video", re.M)


def measure(ws: Workspace, timeout: float = 3600) -> list[Row]:
    return _render_bench(ws, timeout) + engine(ws, timeout * 3)


def engine(ws: Workspace, timeout: float) -> list[Row]:
    """engine_bench.py's rows (issue 15)."""
    argv = [ws.python, str(ENGINE), "--out", str(ws.work / "engine")]
    argv += ["--media", str(ws.out / "media" / "engine")] + (["--quick"] if ws.quick else [])
    out = _run_script(ws, argv, ENGINE, timeout)
    return engine_rows(out) if isinstance(out, str) else [out]


def engine_rows(text: str) -> list[Row]:
    """The ``ROW {json}`` lines engine_bench.py prints, as rows."""
    rows = []
    for line in text.splitlines():
        if line.startswith("ROW "):
            rows.append(Row(**json.loads(line[4:])))
    return rows or [_missing("engine_bench.py printed no rows")]


def _render_bench(ws: Workspace, timeout: float) -> list[Row]:
    if not SCRIPT.exists():
        return [_missing("benchmarks/render_bench.py is not there yet")]
    argv = [ws.python, str(SCRIPT), "--out", str(ws.work / "render")]
    if ws.quick:  # a smoke run: one render each is enough to prove it works
        argv += ["--quick", "--repeat", "1"]
    out = _run_script(ws, argv, SCRIPT, timeout)
    return parse(out, quick=ws.quick) if isinstance(out, str) else [out]


def _run_script(ws: Workspace, argv: list[str], script: Path, timeout: float) -> str | Row:
    """Run one benchmark script, keep its output in ``<script>.log``: its stdout, or the row
    that says why it gave none."""
    name = script.name
    try:
        proc = subprocess.run(
            argv,
            env=ws.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _missing(f"{name} took more than {timeout:.0f} s")
    ws.out.mkdir(parents=True, exist_ok=True)
    (ws.out / f"{script.stem}.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        return _missing(f"{name} failed ({last[:100]})")
    return proc.stdout


def parse(text: str, *, quick: bool) -> list[Row]:
    """Rows from render_bench.py's printed summary."""
    times = {name: float(value) for name, value in _TIME.findall(text)}
    ratios = {name: float(value) for name, value in _RATIO.findall(text)}
    edit = "2 s edit" if quick else "12 s edit"
    rows: list[Row] = []
    if "nemo" in times and "hand-written" in times:
        ratio = ratios.get("nemo / hand-written", times["nemo"] / times["hand-written"])
        rows.append(
            Row(
                SECTION,
                f"nemo, {edit} at 1080p",
                times["nemo"],
                "s",
                reference="hand-written ffmpeg",
                ref_value=times["hand-written"],
                ratio=ratio,
                target="<= 1.10x",
                met=ratio <= 1.10,
            )
        )
    if "moviepy" in times and "nemo" in times:
        ratio = ratios.get("moviepy / nemo", times["moviepy"] / times["nemo"])
        rows.append(
            Row(
                SECTION,
                f"moviepy, {edit} at 1080p",
                times["moviepy"],
                "s",
                reference="nemo",
                ref_value=times["nemo"],
                ratio=ratio,
                target=">= 5x slower",
                met=ratio >= 5.0,
            )
        )
    else:
        skipped = _SKIPPED.search(text)
        if skipped and "nemo" in times:
            rows.append(
                Row(
                    SECTION,
                    "moviepy",
                    None,
                    "s",
                    reference="nemo",
                    target=">= 5x slower",
                    note=f"not measured: {skipped.group(1).strip()}",
                )
            )
    for seconds, took, per_second in _SCALE.findall(text):
        rows.append(
            Row(
                SECTION,
                f"nemo, {seconds} s timeline",
                float(took),
                "s",
                target="reported",
                note=f"{float(per_second):.3f} s per second of video",
            )
        )
    if not rows:
        rows.append(_missing("render_bench.py printed no figures this hook knows"))
    return rows


def _missing(why: str) -> Row:
    return Row(SECTION, "render benchmark", None, "s", target="see issue 5", note=why)
