"""Peak memory of one local render by the number of clips on the timeline (issue 18).

The local engine renders a timeline with ONE ffmpeg that opens every input at once, so its peak
memory grows with the number of clips (each open decoder holds its frames and threads). This
measures that growth; it does not change it (segment rendering, issue 15, is the cure).

For N in (1, 10, 30): N different files (hard links to one clip made once, so the inputs are
N separate opens), combined into a vertical video by the engine's own editor, planned by
``render/plan.py``, and the plan's ffmpeg run here; its peak resident memory is the kernel's
high-water mark for that process (``os.wait4``).

    .venv/bin/python benchmarks/memory_bench.py              # 1080p H.264 clips
    .venv/bin/python benchmarks/memory_bench.py --4k-hevc    # 4K HEVC clips (phone footage)
    .venv/bin/python benchmarks/memory_bench.py --counts 1 10 30 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nemo_cli.backends.local.edit.apply import apply  # noqa: E402
from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe  # noqa: E402
from nemo_cli.backends.local.render.plan import build  # noqa: E402
from nemo_cli.backends.local.render.probe import probe  # noqa: E402
from nemo_cli.backends.local.store import media_entry  # noqa: E402
from nemo_cli.backends.local.timeline import EMPTY  # noqa: E402
from nemo_cli.backends.local.understand import parse  # noqa: E402


def make_clip(path: Path, ff: str, hevc_4k: bool, seconds: float) -> None:
    size, codec = (
        ("3840x2160", ["-c:v", "libx265", "-x265-params", "log-level=error"])
        if hevc_4k
        else ("1920x1080", ["-c:v", "libx264"])
    )
    subprocess.run(
        [
            ff,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}:rate=30:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            *codec,
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
    )


def peak_mb(args: list[str], ff: str) -> float:
    """Run the plan's ffmpeg; its peak resident memory in MB."""
    proc = subprocess.Popen(
        [ff, *args[1:]], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"ffmpeg failed: {proc.stderr.read().decode()[-1500:]}")  # type: ignore[union-attr]
    return usage.ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--4k-hevc", dest="hevc", action="store_true")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each clip")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "memory")
    options = parser.parse_args()
    ff = ffmpeg_exe()
    work = options.out
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = work / "clip.mp4"
    make_clip(source, ff, options.hevc, options.seconds)
    found = probe(source, ff)
    kind = "4K HEVC" if options.hevc else "1080p H.264"
    print(
        f"Peak memory of one render (ffmpeg), {kind} clips of {options.seconds:g} s, "
        "vertical, quality low:"
    )
    rows: list[tuple[int, float]] = []
    for count in options.counts:
        files = []
        for i in range(count):
            link = work / f"clip-{i:03d}.mp4"
            if not link.exists():
                os.link(source, link)
            files.append(link)
        media = [
            replace(media_entry(p, found), id=f"m{i}", path=str(p), filename=p.name)
            for i, p in enumerate(files, 1)
        ]
        # Vertical, so every clip is decoded and scaled (a lone 16:9 clip would be copied).
        timeline = apply(EMPTY, media, parse("combine my clips, vertical")).timeline
        job = build(timeline, media, work / "out.mp4", "low")
        mb = peak_mb(job.args, ff)
        rows.append((count, mb))
        print(f"  {count:>3} clips: {mb:7.0f} MB")
    if len(rows) > 1:
        (n0, m0), (n1, m1) = rows[0], rows[-1]
        print(f"  growth: {(m1 - m0) / (n1 - n0):.1f} MB per clip")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
