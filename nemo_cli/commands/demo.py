"""`nemo demo-media DIR`: two short sample clips and a music track, made with ffmpeg.

Enough to try the whole job offline in a minute: upload them, describe an edit, export.
Nothing is overwritten: a file that already exists stops the command before anything is made.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..env import Env
from ..errors import RenderError, UsageError
from ..safe_text import markup
from ..ui.report import print_json

# A soft C - Am - F - G progression, two seconds a chord, each chord swelling in and out.
CHORDS = (
    (261.63, 329.63, 392.00),
    (220.00, 261.63, 329.63),
    (174.61, 220.00, 261.63),
    (196.00, 246.94, 293.66),
)
MUSIC_SECONDS = 15


@dataclass(frozen=True)
class Sample:
    name: str
    description: str
    inputs: tuple[str, ...]  # lavfi sources
    codec: tuple[str, ...]


def _chord_expression() -> str:
    def pick(note: int) -> str:
        expr = f"{CHORDS[-1][note]}"
        for i in range(len(CHORDS) - 2, -1, -1):
            expr = f"if(eq(mod(floor(t/2),4),{i}),{CHORDS[i][note]},{expr})"
        return expr

    tones = "+".join(f"sin(2*PI*({pick(n)})*t)" for n in range(3))
    return f"0.12*({tones})*sin(PI*mod(t,2)/2)"


def samples() -> list[Sample]:
    video = (
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-shortest",
    )
    return [
        Sample(
            "clip1.mp4",
            "5 s test pattern with a 440 Hz tone, 1280x720",
            ("testsrc2=size=1280x720:rate=30:duration=5", "sine=frequency=440:duration=5"),
            video,
        ),
        Sample(
            "clip2.mp4",
            "4 s moving colours with a 660 Hz tone, 1280x720",
            (
                "gradients=size=1280x720:rate=30:speed=0.02:duration=4",
                "sine=frequency=660:duration=4",
            ),
            video,
        ),
        Sample(
            "music.m4a",
            f"{MUSIC_SECONDS} s of soft chords (C Am F G)",
            (f"aevalsrc=exprs='{_chord_expression()}':c=stereo:s=44100:d={MUSIC_SECONDS}",),
            ("-c:a", "aac", "-b:a", "128k"),
        ),
    ]


def _make(ffmpeg: str, sample: Sample, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial{target.suffix}")
    args = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    for source in sample.inputs:
        args += ["-f", "lavfi", "-i", source]
    args += [*sample.codec, "-f", "mp4", f"file:{partial}"]
    try:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, check=False)
        if proc.returncode != 0:
            tail = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
            raise RenderError(f"ffmpeg could not make {target.name}: " + " / ".join(tail))
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def run(env: Env, directory: Path) -> None:
    from ..backends.local.render.ffmpeg import ffmpeg_exe

    folder = directory.expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder.")
    todo = [(s, folder / s.name) for s in samples()]
    taken = [str(path) for _, path in todo if path.exists()]
    if taken:
        raise UsageError(
            f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''}: nemo does not "
            "overwrite files.",
            hint="Choose another folder, e.g. nemo demo-media ./nemo-samples",
        )
    ffmpeg = ffmpeg_exe(env.environ)
    folder.mkdir(parents=True, exist_ok=True)
    for sample, path in todo:
        _make(ffmpeg, sample, path)
    paths = [str(path) for _, path in todo]
    upload = "nemo upload " + " ".join(shlex.quote(p) for p in paths)
    steps = [
        upload,
        'nemo say "combine my clips, add background music at 35% and the title '
        "'Urban Dreams' for 3 seconds\"",
        "nemo export -o urban-dreams.mp4",
    ]
    if env.json:
        print_json(env.stdout, {"directory": str(folder), "files": paths, "next": steps})
        return
    env.console.print(f"Wrote sample media to {markup(str(folder))}:")
    for sample, path in todo:
        env.console.print(f"  [green]✓[/] {markup(path.name)} [dim]({sample.description})[/]")
    env.console.print("\nTry:")
    for step in steps:
        env.console.print(f"  {markup(step)}")
