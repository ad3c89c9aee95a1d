"""Render engine 2.0 (issue 15), measured: what the segment cache, the smart cut, the checks and
the side-by-side pieces cost and save, each against its reference in the same run.

Exports are made at the default quality ("high": x264 medium, CRF 20), as ``nemo export``
makes them.

1. A 5-minute, 10-clip 1080p timeline (1280x720 sources, so every segment is encoded; a title
   over the first clip, music at 35%): the first export (empty cache), the export again after
   changing the title's words (target <= 0.25x the first), and again with no change
   (target <= 0.05x). Then ``nemo verify`` on the file (the command, a whole process: a deep
   check, with black and frozen stretches and loudness; target <= 0.15x the first export).
2. A 30 s range of a 40-minute 1080p30 H.264 recording (x264 veryfast, CRF 28, a keyframe
   every 2 s, as OBS records; a 60 s picture joined to itself by stream copy) exported alone,
   as the smart cut makes it (empty cache, so the one-frame trial of the source's settings is
   counted), against one hand-written ffmpeg command re-encoding that range from a seek at the
   same quality (target <= 0.2x); in turns, medians.
3. Peak memory of an export (the whole process tree: Python and every ffmpeg it runs) with
   30 clips against 1 clip (target <= 1.3x).
4. Two pieces at once against one at a time on this machine (reported); the export in
   segments, as many at once as the pool chooses here, against the single pass (target:
   never slower, <= 1.05x with this machine's noise).

Every figure is printed as ``ROW <json>`` (a ``benchmarks.table.Row``), for render_hook.py.

    .venv/bin/python benchmarks/engine_bench.py            # everything (tens of minutes)
    .venv/bin/python benchmarks/engine_bench.py --quick    # small media, a few seconds each
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.table import Row  # noqa: E402
from nemo_cli.backends.local.media import Media  # noqa: E402
from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe  # noqa: E402
from nemo_cli.backends.local.render.probe import probe  # noqa: E402
from nemo_cli.backends.local.render.runner import Rendered, render  # noqa: E402
from nemo_cli.backends.local.render.segment_cache import SegmentCache  # noqa: E402
from nemo_cli.backends.local.store import media_entry  # noqa: E402
from nemo_cli.backends.local.timeline import Clip, Frame, Music, Text, Timeline  # noqa: E402

SECTION = "render"
# The export's default quality ("high": x264 medium, CRF 20), as `nemo export` makes a file;
# the side-by-side row uses "medium" (x264 veryfast, CRF 23), as the 12 s edit does.
QUALITY = "high"
PRESET, CRF, AUDIO_BITRATE = "medium", 20, "192k"  # plan.QUALITY["high"]
POOL_QUALITY = "medium"


@dataclass(frozen=True)
class Sizes:
    """What the run generates: full, or small for --quick."""

    clips: int
    clip_s: float
    clip_size: str
    frame: tuple[int, int]
    piece_s: int
    loops: int
    source_size: str
    cut_in_ms: int
    cut_ms: int
    memory_clips: int
    memory_clip_s: float
    turns: int


FULL = Sizes(10, 30.0, "1280x720", (1920, 1080), 60, 40, "1920x1080", 721_300, 30_000, 30, 4.0, 3)
QUICK = Sizes(3, 2.0, "320x240", (640, 360), 6, 10, "320x240", 31_300, 3_000, 3, 1.0, 1)


def emit(row: Row) -> None:
    print("ROW " + json.dumps(asdict(row)), flush=True)


def run(args: list[str]) -> None:
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(args[:8])}...\n{proc.stderr[-2000:]}")


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def media_of(paths: list[Path], ff: str) -> list[Media]:
    return [
        Media.from_json({**media_entry(p, probe(p, ff)).to_json(), "id": f"m{n}"})
        for n, p in enumerate(paths, 1)
    ]


# ---------------------------------------------------------------- generated media


def make_clip(path: Path, ff: str, seconds: float, size: str, hue: int, tone: int) -> Path:
    """A clip of its own look (testsrc2 turned by ``hue``) and sound, made fast."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}")
    run(
        [ff, "-hide_banner", "-y", "-f", "lavfi"]
        + ["-i", f"testsrc2=size={size}:rate=30:duration={seconds}", "-f", "lavfi"]
        + ["-i", f"sine=frequency={tone}:sample_rate=48000:duration={seconds}"]
        + ["-vf", f"hue=h={hue}", "-ac", "2", "-c:v", "libx264", "-preset", "ultrafast"]
        + ["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-f", "mp4", str(scratch)]
    )
    scratch.replace(path)
    return path


def make_music(path: Path, ff: str, seconds: float) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        run(
            [ff, "-hide_banner", "-y", "-f", "lavfi"]
            + ["-i", f"sine=frequency=330:sample_rate=48000:duration={seconds}"]
            + ["-ac", "2", "-c:a", "aac", str(path)]
        )
    return path


def make_recording(folder: Path, ff: str, sizes: Sizes) -> Path:
    """The long recording: a picture of ``piece_s`` seconds (x264 veryfast, CRF 28, a keyframe
    every 2 s) joined to itself ``loops`` times by stream copy (a piece without sound lasts
    exactly its frames, so the joins keep the frame rate), with a tone the whole length."""
    total = sizes.piece_s * sizes.loops
    final = folder / f"recording-{sizes.source_size}-{total}s.mp4"
    if final.exists():
        return final
    folder.mkdir(parents=True, exist_ok=True)
    piece = folder / f".piece-{sizes.source_size}.mp4"
    run(
        [ff, "-hide_banner", "-y", "-f", "lavfi"]
        + ["-i", f"testsrc2=size={sizes.source_size}:rate=30:duration={sizes.piece_s}"]
        + ["-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-g", "60"]
        + ["-pix_fmt", "yuv420p", "-an", str(piece)]
    )
    listing = folder / ".pieces.txt"
    listing.write_text(f"file '{piece.name}'\n" * sizes.loops, encoding="utf-8")
    scratch = final.with_name(f".{final.name}")
    run(
        [ff, "-hide_banner", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
        + ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={total}"]
        + ["-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-ac", "2"]
        + ["-shortest", "-f", "mp4", str(scratch)]
    )
    scratch.replace(final)
    piece.unlink()
    listing.unlink()
    return final


# ---------------------------------------------------------------- 1. edits and checks


def edit_clips(media_dir: Path, ff: str, sizes: Sizes, count: int) -> list[Path]:
    """The first ``count`` of the edits' clips (each a colour and a tone of its own; kept)."""
    return [
        make_clip(
            media_dir / f"clip{n}-{sizes.clip_size}-{sizes.clip_s:g}s.mp4",
            ff,
            sizes.clip_s,
            sizes.clip_size,
            n * 36,
            300 + 40 * n,
        )
        for n in range(count)
    ]


def edit_timeline(media: list[Media], sizes: Sizes, title: str) -> Timeline:
    clips = tuple(
        Clip(f"v{n}", m.id, m.filename, duration_ms=round(sizes.clip_s * 1000))
        for n, m in enumerate(media[:-1], 1)
    )
    length = sum(c.duration_ms for c in clips)
    width, height = sizes.frame
    return Timeline(
        clips=clips,
        texts=(Text("x1", title, start_ms=0, duration_ms=3000),),
        music=(Music("a1", media[-1].id, "music", duration_ms=length, volume=35),),
        frame=Frame(width=width, height=height),
        title=title,
    )


def edits(work: Path, media_dir: Path, ff: str, sizes: Sizes, quick: bool) -> None:
    paths = edit_clips(media_dir, ff, sizes, sizes.clips)
    paths.append(
        make_music(
            media_dir / f"music-{sizes.clips * sizes.clip_s:g}s.m4a", ff, sizes.clips * sizes.clip_s
        )
    )
    media = media_of(paths, ff)
    cache = SegmentCache(work / "cache")
    out = work / "edit.mp4"
    length = (
        f"{sizes.clips * sizes.clip_s / 60:g}-minute"
        if not quick
        else f"{sizes.clips * sizes.clip_s:g} s"
    )
    what = f"{length} {sizes.clips}-clip {sizes.frame[1]}p timeline"

    def export(title: str) -> float:
        return timed(
            lambda: render(
                edit_timeline(media, sizes, title),
                media,
                out,
                QUALITY,
                ffmpeg=ff,
                force=True,
                cache=cache,
            )
        )

    first = export("Urban Dreams")
    emit(Row(SECTION, f"nemo, first export of a {what}", first, "s", target="reported"))
    changed = export("Urban Nights")
    emit(
        Row(
            SECTION,
            "re-export after one title change",
            changed,
            "s",
            reference="first export",
            ref_value=first,
            ratio=changed / first,
            target="<= 0.25x",
            met=changed / first <= 0.25,
        )
    )
    same = statistics.median(export("Urban Nights") for _ in range(3))
    emit(
        Row(
            SECTION,
            "re-export with no change (median of 3)",
            same,
            "s",
            reference="first export",
            ref_value=first,
            ratio=same / first,
            target="<= 0.05x",
            met=same / first <= 0.05,
        )
    )
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    check = [sys.executable, "-m", "nemo_cli", "verify", str(out), "--json"]
    subprocess.run(check, env=env, capture_output=True, check=False)  # warm-up: bytecode
    took = timed(lambda: subprocess.run(check, env=env, capture_output=True, check=True))
    emit(
        Row(
            SECTION,
            f"nemo verify on that {length} file (deep: black, frozen, loudness)",
            took,
            "s",
            reference="its first export",
            ref_value=first,
            ratio=took / first,
            target="<= 0.15x",
            met=took / first <= 0.15,
        )
    )


# ---------------------------------------------------------------- 2. the smart cut


def hand_cut(source: Path, in_ms: int, length_ms: int, out: Path, ff: str) -> None:
    """The range re-encoded from a seek, as one would write it by hand."""
    run(
        [ff, "-hide_banner", "-nostdin", "-y", "-ss", f"{in_ms / 1000:.3f}", "-i", str(source)]
        + ["-t", f"{length_ms / 1000:.3f}", "-c:v", "libx264", "-preset", PRESET]
        + ["-crf", str(CRF), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", AUDIO_BITRATE]
        + ["-movflags", "+faststart", str(out)]
    )


def smart_cut(work: Path, media_dir: Path, ff: str, sizes: Sizes, quick: bool) -> None:
    source = make_recording(media_dir, ff, sizes)
    media = media_of([source], ff)
    width, height = (int(x) for x in sizes.source_size.split("x"))
    timeline = Timeline(
        clips=(Clip("v1", "m1", "lecture", duration_ms=sizes.cut_ms, in_ms=sizes.cut_in_ms),),
        frame=Frame(width=width, height=height),
    )
    ours: list[float] = []
    theirs: list[float] = []
    done = Rendered()
    for turn in range(sizes.turns):
        cache = work / f"cut-cache-{turn}"
        shutil.rmtree(cache, ignore_errors=True)
        ours.append(
            timed(
                lambda cache=cache: render(
                    timeline,
                    media,
                    work / "cut.mp4",
                    QUALITY,
                    ffmpeg=ff,
                    force=True,
                    cache=SegmentCache(cache),
                    done=done,
                )
            )
        )
        theirs.append(
            timed(lambda: hand_cut(source, sizes.cut_in_ms, sizes.cut_ms, work / "hand.mp4", ff))
        )
    mine, ref = statistics.median(ours), statistics.median(theirs)
    minutes = sizes.piece_s * sizes.loops / 60
    emit(
        Row(
            SECTION,
            f"smart cut: {sizes.cut_ms / 1000:g} s of a {minutes:g}-minute {height}p H.264 "
            f"recording, exported alone (median of {sizes.turns})",
            mine,
            "s",
            reference="re-encoding it from a seek (ffmpeg)",
            ref_value=ref,
            ratio=mine / ref,
            target="<= 0.2x",
            met=mine / ref <= 0.2,
            note=f"{done.copied:.1f} s copied" if done.copied else "not cut: see the log",
        )
    )


# ---------------------------------------------------------------- 3. memory, 4. side by side


_EXPORT = """
import json, os, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render.runner import render
from nemo_cli.backends.local.render.segment_cache import SegmentCache
from nemo_cli.backends.local.timeline import Clip, Frame, Timeline
media = [Media.from_json(m) for m in json.loads({media!r})]
clips = tuple(Clip(f"v{{n}}", m.id, m.filename, duration_ms={clip_ms}) for n, m in enumerate(media))
render(Timeline(clips=clips, frame=Frame(width={w}, height={h})), media, Path({out!r}), "low",
       ffmpeg={ff!r}, force=True, cache=SegmentCache(Path({cache!r})))
"""


def peak_mb(
    work: Path, media: list[Media], clip_s: float, frame: tuple[int, int], ff: str
) -> float:
    """Peak resident memory of one export, Python and every ffmpeg it ran (``wait4`` gives
    the largest of the process and the children it waited for)."""
    cache = work / f"mem-cache-{len(media)}"
    shutil.rmtree(cache, ignore_errors=True)
    code = _EXPORT.format(
        repo=str(REPO),
        media=json.dumps([m.to_json() for m in media]),
        clip_ms=round(clip_s * 1000),
        w=frame[0],
        h=frame[1],
        out=str(work / f"mem-{len(media)}.mp4"),
        cache=str(cache),
        ff=ff,
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit("the memory run failed")
    return usage.ru_maxrss / 1024


def memory(work: Path, media_dir: Path, ff: str, sizes: Sizes) -> None:
    paths = [
        make_clip(
            media_dir / f"mem{n}-{sizes.source_size}-{sizes.memory_clip_s:g}s.mp4",
            ff,
            sizes.memory_clip_s,
            sizes.source_size,
            n * 11 % 360,
            200 + 10 * n,
        )
        for n in range(sizes.memory_clips)
    ]
    media = media_of(paths, ff)
    frame = tuple(int(x) for x in sizes.source_size.split("x"))
    one = peak_mb(work, media[:1], sizes.memory_clip_s, (frame[1], frame[0]), ff)
    many = peak_mb(work, media, sizes.memory_clip_s, (frame[1], frame[0]), ff)
    emit(
        Row(
            SECTION,
            f"peak memory of an export, {sizes.memory_clips} clips (vertical {frame[1]}p)",
            many,
            "MB",
            reference="1 clip",
            ref_value=one,
            ratio=many / one,
            target="<= 1.3x",
            met=many / one <= 1.3,
        )
    )


def side_by_side(work: Path, media_dir: Path, ff: str, sizes: Sizes) -> None:
    """The same 4-segment timeline made with one piece at a time and with two at once."""
    from nemo_cli.backends.local.render.pool import cores, workers
    from nemo_cli.backends.local.render.rate import Rate
    from nemo_cli.backends.local.render.segment_render import render_segmented

    paths = edit_clips(media_dir, ff, sizes, 4)
    media = media_of(paths, ff)
    length = min(sizes.clip_s, 12.0)
    width, height = sizes.frame
    timeline = Timeline(
        clips=tuple(
            Clip(f"v{n}", m.id, m.filename, duration_ms=round(length * 1000))
            for n, m in enumerate(media)
        ),
        frame=Frame(width=width, height=height),
    )
    took: dict[int, list[float]] = {1: [], 2: []}
    for turn in range(sizes.turns):
        for running in (1, 2):
            folder = work / f"pool-{running}-{turn}"
            shutil.rmtree(folder, ignore_errors=True)
            (folder / "w").mkdir(parents=True)
            took[running].append(
                timed(
                    lambda folder=folder, running=running: render_segmented(
                        timeline,
                        media,
                        folder / "out.mp4",
                        POOL_QUALITY,
                        ffmpeg=ff,
                        cache=SegmentCache(folder / "cache"),
                        workdir=folder / "w",
                        rate=Rate(30),
                        running=running,
                    )
                )
            )
    one, two = statistics.median(took[1]), statistics.median(took[2])
    emit(
        Row(
            SECTION,
            f"4 segments, two at once on {cores()} cores (median of {sizes.turns})",
            two,
            "s",
            reference="one at a time",
            ref_value=one,
            ratio=two / one,
            target="reported",
        )
    )
    # The export as `nemo export` makes it (segments, as many at once as the pool chooses for
    # these cores, each piece checked) against the single pass (one ffmpeg, then its check).
    ways: dict[str, list[float]] = {"segments": [], "single": []}
    for turn in range(sizes.turns):
        for way in ways:
            folder = work / f"way-{way}-{turn}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            cache = SegmentCache(folder / "cache") if way == "segments" else None
            ways[way].append(
                timed(
                    lambda folder=folder, cache=cache: render(
                        timeline,
                        media,
                        folder / "out.mp4",
                        POOL_QUALITY,
                        ffmpeg=ff,
                        force=True,
                        cache=cache,
                    )
                )
            )
    made, single = statistics.median(ways["segments"]), statistics.median(ways["single"])
    emit(
        Row(
            SECTION,
            f"export of 4 clips in segments ({workers(cores())} at once on {cores()} cores; "
            f"median of {sizes.turns})",
            made,
            "s",
            reference="the single pass",
            ref_value=single,
            ratio=made / single,
            target="<= 1.05x",
            met=made / single <= 1.05,
            note="never slower; 5% is this machine's run-to-run noise",
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small media, one turn each")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench-out" / "engine", help="work folder"
    )
    parser.add_argument(
        "--media",
        type=Path,
        default=REPO / "bench-out" / "media" / "engine",
        help="generated media (kept)",
    )
    parser.add_argument("--only", nargs="*", help="parts to run: edits cut memory pool")
    options = parser.parse_args()
    ff = ffmpeg_exe()
    sizes = QUICK if options.quick else FULL
    work = options.out
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The render cache, the smart-cut verdicts and the analyses stay in the work folder.
    os.environ["XDG_CACHE_HOME"] = str(work / "xdg-cache")
    parts: dict[str, Callable[[], None]] = {
        "edits": lambda: edits(work, options.media, ff, sizes, options.quick),
        "cut": lambda: smart_cut(work, options.media, ff, sizes, options.quick),
        "memory": lambda: memory(work, options.media, ff, sizes),
        "pool": lambda: side_by_side(work, options.media, ff, sizes),
    }
    # a quick run leaves out the side-by-side comparison (two turns of a 4-clip export)
    for name in options.only or (["edits", "cut", "memory"] if options.quick else list(parts)):
        parts[name]()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
