"""`nemo verify FILE [--json]`: is this video whole?

Duration, both streams, every frame decoded without an error, plus black and frozen stretches
and loudness (render/verify.py). A broken file exits 7 (after its report is printed); findings
that are only worth a look (a black stretch, a still, quiet sound) leave the exit code 0.
"""

from __future__ import annotations

from pathlib import Path

from ..env import Env
from ..errors import InputError, RenderError
from ..safe_text import markup
from ..ui.report import print_json


def run(env: Env, path: Path) -> None:
    from ..backends.local.render.ffmpeg import ffmpeg_exe
    from ..backends.local.render.verify import verify

    path = path.expanduser()
    if path.is_dir():
        raise InputError(f"{path} is a folder: nemo verify checks one video file.")
    if not path.exists():
        raise InputError(f"No such file: {path}")
    report = verify(path.absolute(), ffmpeg_exe(env.environ), deep=True)
    if env.json:
        print_json(env.stdout, report.to_json())
    else:
        name = markup(path.name)
        facts = []
        if report.duration is not None:
            facts.append(f"{report.duration:.2f} s")
        if report.frames is not None:
            facts.append(f"{report.frames} frames")
        if report.loudness is not None:
            facts.append(f"{report.loudness:.1f} LUFS")
        mark = "[green]✓[/]" if report.ok else "[red]✗[/]"
        verdict = "whole" if report.ok else "broken"
        env.console.print(f"{mark} {name} is {verdict} ({', '.join(facts) or 'nothing decoded'})")
        for problem in report.problems:
            sign = "[red]✗[/]" if problem.broken else "[yellow]![/]"
            env.console.print(f"  {sign} {markup(problem.message)}")
    if not report.ok:
        first = next(p for p in report.problems if p.broken)
        raise RenderError(f"{path.name} is broken: {first.message}", code="broken_file")
