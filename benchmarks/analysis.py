"""The analysis figures (issue 13): its cost beside the bare ffmpeg passes, a cache hit, and
the tempo error on tracks of known BPM.

- **Analysis vs bare passes**: ``nemo analyze`` (a fresh cache) on a 10-minute 1080p H.264 +
  AAC file (5 s in a quick run), against what a script would run for the same facts: the five
  ffmpeg passes (silencedetect, ebur128, scdet, blackdetect, freezedetect), one after another.
  A second reference is nemo's own single decode run alone (no PCM read, no voice detector,
  no beat tracker): the ratio to it is what the Python side costs.
- **Second analysis**: ``analyze()`` in this process when the cache holds the file (the
  fingerprint and the JSON read), best of several; the whole ``nemo analyze`` command is noted.
- **BPM error**: click tracks at 90, 120 and 128 BPM and a drum pattern at 120 (kick on the
  beat, hi-hats between), generated here; error = |found - true|.

The 10-minute file is made once and kept in the output folder (``media/``) for later runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from .table import Row
from .workspace import REPO, Workspace

SECTION = "analysis"


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed: {proc.stderr[-300:]}")
    return took


def _long_file(folder: Path, seconds: int) -> Path:
    """1080p25 moving pattern with a cut every 20 s, a tone and a 120 BPM click."""
    path = folder / f"analysis-{seconds}s-1080p.mp4"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.mp4")
    click = "if(lt(mod(t\\,0.5)\\,0.03)\\,sin(2*PI*1000*t)*exp(-mod(t\\,0.5)*100)\\,0)"
    _run(
        [
            _ffmpeg(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=1920x1080:r=25:d={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"aevalsrc='0.2*sin(2*PI*220*t)+{click}':s=48000:d={seconds}",
            "-vf",
            "hue=H=2*PI*floor(t/20)/7",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-movflags",
            "+faststart",
            str(partial),
        ]
    )
    partial.rename(path)
    return path


def _bare_passes(path: Path) -> list[list[str]]:
    head = [_ffmpeg(), "-v", "info", "-nostdin", "-i", str(path)]
    return [
        [*head, "-map", "0:a:0", "-af", "silencedetect=noise=-35dB:d=0.2", "-f", "null", "-"],
        [*head, "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"],
        [*head, "-map", "0:v:0", "-vf", "scdet", "-f", "null", "-"],
        [*head, "-map", "0:v:0", "-vf", "blackdetect", "-f", "null", "-"],
        [*head, "-map", "0:v:0", "-vf", "freezedetect", "-f", "null", "-"],
    ]


def _own_decode(path: Path) -> list[str]:
    """nemo's single decode with its PCM thrown away: the floor of nemo's own approach."""
    from nemo_cli.backends.local.analyze import passes

    args = passes.build(path, audio=True, video=True, ffmpeg=_ffmpeg())
    pipe = args.index("pipe:1")
    return [*args[:pipe], "-y", "/dev/null", *args[pipe + 1 :]]


def _cache_hit_ms(path: Path, root: Path, reps: int) -> float:
    from nemo_cli.backends.local.analyze.run import analyze

    analyze(path, ffmpeg=_ffmpeg(), root=root)  # fills the cache
    best = float("inf")
    for _ in range(reps):
        started = time.perf_counter()
        analyze(path, ffmpeg=_ffmpeg(), root=root)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _bpm_rows(ws: Workspace, seconds: float) -> list[Row]:
    sys.path.insert(0, str(REPO / "tests"))
    import analysis_media

    from nemo_cli.backends.local.analyze.run import analyze

    rows = []
    folder = ws.work / "tempo"
    folder.mkdir(parents=True, exist_ok=True)
    tracks = [(f"click track at {b} BPM", b, "clicks") for b in (90, 120, 128)]
    tracks.append(("drum pattern at 120 BPM", 120, "drums"))
    for label, bpm, kind in tracks:
        path = folder / f"{kind}{bpm}.wav"
        if kind == "clicks":
            analysis_media.make_clicks(path, bpm, seconds)
        else:
            analysis_media.make_drums(path, bpm, seconds)
        found = analyze(path, ffmpeg=_ffmpeg(), root=folder / "cache").tempo_bpm
        error = abs(found - bpm) if found is not None else None
        rows.append(
            Row(
                SECTION,
                f"BPM error, {label}",
                error,
                "BPM",
                target="<= 1 BPM",
                met=None if error is None else error <= 1.0,
                note=f"found {found}" if found is not None else "no tempo found",
            )
        )
    return rows


def measure(ws: Workspace) -> list[Row]:
    seconds = 5 if ws.quick else 600
    media = _long_file(ws.out / "media", seconds)
    label = f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"
    bare = sum(_run(args) for args in _bare_passes(media))
    alone = _run(_own_decode(media))
    cache = ws.work / "cache"
    started = time.perf_counter()
    command = [*ws.nemo, "analyze", str(media), "--json"]
    env = ws.env(XDG_CACHE_HOME=str(cache))
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    nemo = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"nemo analyze failed: {proc.stderr[-300:]}")
    facts = json.loads(proc.stdout)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, check=True)
    whole_hit = time.perf_counter() - started
    hit_ms = _cache_hit_ms(media, ws.work / "cache-inproc", 3 if ws.quick else 10)
    note = f"{len(facts['scenes'])} cuts, tempo {facts['tempo_bpm']}, {len(facts['beats'])} beats"
    return [
        Row(
            SECTION,
            f"nemo analyze, {label} 1080p",
            nemo,
            "s",
            reference="5 bare ffmpeg passes",
            ref_value=bare,
            ratio=nemo / bare,
            target="<= 1.3x",
            met=nemo / bare <= 1.3,
            note=note,
        ),
        Row(
            SECTION,
            f"nemo analyze vs its own decode alone, {label} 1080p",
            nemo,
            "s",
            reference="the one ffmpeg decode, no Python",
            ref_value=alone,
            ratio=nemo / alone,
            target="<= 1.3x",
            met=nemo / alone <= 1.3,
        ),
        Row(
            SECTION,
            "second analysis (cache hit)",
            hit_ms,
            "ms",
            target="<= 50 ms",
            met=hit_ms <= 50,
            note=f"whole nemo analyze command {whole_hit * 1000:.0f} ms",
        ),
        *_bpm_rows(ws, 6.0 if ws.quick else 30.0),
    ]
