"""``python -m benchmarks [--quick]``: measure nemo, side by side with its references, in one run.

Prints one table (each figure, its reference, the ratio, the target, whether it is met) and
saves it in the output folder (``results.json`` and ``results.md``; ``results-quick.*`` with
``--quick``). Exit status 0 when every section ran, whatever the figures; 1 when a section
could not run (the table says which and why). ``--quick`` is CI's smoke run: small sizes, few
repetitions, no peers to install, under a minute; its figures prove the suite works, not how
fast nemo is.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import analysis, pictures, render_hook, roundtrip, speech, startup, streaming, transfer
from .emulator_host import EmulatorHost
from .peers import Peers
from .table import Row, markdown, save, summary
from .workspace import REPO, Workspace

SECTIONS = (
    "startup",
    "streaming",
    "upload",
    "download",
    "chat",
    "render",
    "analysis",
    "pictures",
    "speech",
)
MB = 1_000_000


@dataclass(frozen=True)
class Plan:
    """How much of everything a run measures."""

    startup_reps: int
    stream_sizes: tuple[int, ...]
    stream_key: int  # the size the 1.5x target applies to
    stream_reps: int
    upload_bytes: int
    download_bytes: int
    transfer_reps: int
    chat_turns: int


FULL = Plan(20, (1000, 10_000, 50_000), 10_000, 5, 500 * MB, 200 * MB, 5, 20)
QUICK = Plan(3, (300, 1000, 2000), 1000, 1, 20 * MB, 20 * MB, 1, 3)


def machine() -> dict[str, str]:
    """What the figures came from: CPUs, memory, CPU model, Python, load."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    if shutil.which("free"):
        out = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout
        mem = next((line.split() for line in out.splitlines() if line.startswith("Mem:")), [])
        memory = f"{mem[1]} total, {mem[6]} available" if len(mem) >= 7 else ""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return {
        "nproc": str(os.cpu_count() or "?"),
        "memory": memory,
        "cpu": model,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load average at start": load,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def _failed(section: str, exc: BaseException) -> Row:
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
    return Row(section, "section failed", None, "", target="runs", met=False, note=what)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: small and fast")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out", help="work folder")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--no-peers", action="store_true", help="do not install llm and sgpt")
    args = parser.parse_args(argv)

    plan = QUICK if args.quick else FULL
    wanted = set(args.only or SECTIONS)
    ws = Workspace(args.out, quick=args.quick)
    info = machine()
    started = time.monotonic()
    print(
        f"nemo benchmarks{' (quick)' if args.quick else ''}: "
        + ", ".join(f"{k} {v}" for k, v in info.items() if v),
        flush=True,
    )

    rows: list[Row] = []
    broken = False

    def section(name: str, run: Callable[[], list[Row]]) -> None:
        nonlocal broken
        if name not in wanted:
            return
        print(f"- {name} ...", flush=True)
        t0 = time.monotonic()
        try:
            new = run()
        except Exception as exc:  # the others still run; the table says what broke
            traceback.print_exc()
            broken = True
            new = [_failed(name, exc)]
        rows.extend(new)
        print(f"  {time.monotonic() - t0:.1f} s", flush=True)

    peers_wanted = not (args.quick or args.no_peers) and "startup" in wanted
    peers = Peers(ws.out / "peers-venv", wanted=peers_wanted)
    if peers.why_missing and "startup" in wanted and not args.quick:
        print(f"  peers: {peers.why_missing}", flush=True)
    section("startup", lambda: startup.measure(ws, peers, plan.startup_reps))

    needs_emulator = wanted & {"streaming", "upload", "download", "chat"}
    if needs_emulator:
        try:
            emu = EmulatorHost(ws)
        except Exception as exc:
            traceback.print_exc()
            broken = True
            rows.extend(_failed(name, exc) for name in SECTIONS if name in needs_emulator)
        else:
            with emu:
                section(
                    "streaming",
                    lambda: streaming.measure(
                        ws, emu, list(plan.stream_sizes), plan.stream_reps, plan.stream_key
                    ),
                )
                section(
                    "upload",
                    lambda: transfer.upload(ws, emu, plan.upload_bytes, plan.transfer_reps),
                )
                section(
                    "download",
                    lambda: transfer.download(ws, emu, plan.download_bytes, plan.transfer_reps),
                )
                section("chat", lambda: roundtrip.measure(ws, emu, plan.chat_turns))
    section("render", lambda: render_hook.measure(ws))
    section("analysis", lambda: analysis.measure(ws))
    section("pictures", lambda: pictures.measure(ws))
    section("speech", lambda: speech.measure(ws))

    if args.quick:  # too small and too few to judge: the run proves the suite works
        for row in rows:
            if row.figure != "section failed" and row.met is not None:
                row.met = None
    info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(markdown(rows))
    print()
    verdicts = "targets not judged (quick run)" if args.quick else summary(rows)
    print(f"{verdicts}; {time.monotonic() - started:.0f} s in all")
    if peers.ready:
        print(f"Peers: {peers.versions()}")
    saved = save(rows, ws.out, info, args.quick)
    print(f"Saved: {saved}")
    if args.quick:
        print(
            "Quick run: small sizes and few repetitions, to prove the suite works; "
            "run without --quick for the figures."
        )
    if broken:
        print("Some sections could not run: see the rows marked 'section failed'.")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
