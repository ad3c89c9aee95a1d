"""The thumbnail strip: how long the chat waits for it after an edit.

Ten clips (1280x720, 30 fps, 4 s each, H.264 with x264's default keyframe interval, so each
middle frame is decoded from the clip's first frame, 60 frames in) on a local timeline with a
title over the first. Measured inside one process, as the chat calls it
(``frames.thumbnails``: plan the shots, one ffmpeg run, cut, title, cache):

- first time (the cache emptied before each run): target < 0.5 s;
- cached (nothing changed since the last call): target < 50 ms;
- the cached strip drawn as half-block cells on a 100-column console (thumbnails from the
  cache, the layout, the cells): reported.

Medians of several runs; ``--quick`` uses three clips and one run.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .table import Row
from .workspace import Workspace

SECTION = "pictures"
CLIPS, QUICK_CLIPS = 10, 3
FIRST_RUNS, CACHED_RUNS = 5, 20


def _clips(folder: Path, count: int, ffmpeg: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"clip{i + 1}.mp4"
        if not path.exists():
            source = f"testsrc2=size=1280x720:rate=30:duration=4,hue=h={i * 36}"
            subprocess.run(
                [
                    ffmpeg,
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    source,
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-pix_fmt",
                    "yuv420p",
                    str(path),
                ],
                check=True,
            )
        paths.append(path)
    return paths


def _median(runs: int, prepare: Callable[[], None], work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(ws: Workspace) -> list[Row]:
    from nemo_cli.backends.local.backend import LocalBackend
    from nemo_cli.config import Paths
    from nemo_cli.env import Env
    from nemo_cli.ui.pictures.detect import Decision
    from nemo_cli.ui.pictures.show import Pictures
    from nemo_cli.ui.pictures.strip import Tile

    count = QUICK_CLIPS if ws.quick else CLIPS
    first_runs, cached_runs = (1, 3) if ws.quick else (FIRST_RUNS, CACHED_RUNS)
    root = ws.work / "pictures"
    paths = Paths(root / "config", root / "state", root / "data", root / "cache")
    env = Env(paths=paths, environ={})
    backend = LocalBackend(env)
    clips = _clips(root / "clips", count, backend.ffmpeg)
    sid = backend.create_session().session_id
    backend.upload(sid, [str(c) for c in clips])
    list(backend.send(sid, "combine my clips, add the title 'Urban Dreams' for 2 seconds"))
    cache = paths.cache

    def take() -> Any:
        return backend.thumbnails(sid, cache)

    def empty() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    first = _median(first_runs, empty, take)
    take()
    cached = _median(cached_runs, lambda: None, take)

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def draw() -> None:
        out = Env(stdout=Tty(), stdin=Tty(), paths=paths, environ={}, width=100)
        pictures = Pictures(out, Decision("blocks", "truecolor", "benchmark"))
        tiles = [Tile(t.image, f"{t.shot.clip}. {t.shot.name}") for t in take()]
        pictures.strip(tiles)

    drawn = _median(cached_runs, lambda: None, draw)
    what = f"{count} clips 1280x720"
    return [
        Row(
            SECTION,
            f"thumbnail strip, first time ({what}, one ffmpeg run)",
            first * 1000,
            "ms",
            target="< 500 ms",
            met=first < 0.5,
        ),
        Row(
            SECTION,
            f"thumbnail strip, cached ({what})",
            cached * 1000,
            "ms",
            target="< 50 ms",
            met=cached < 0.05,
        ),
        Row(
            SECTION,
            "cached strip drawn as half-block cells (100 columns)",
            drawn * 1000,
            "ms",
            note="thumbnails from the cache, layout, cells",
        ),
    ]
