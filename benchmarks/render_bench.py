"""How fast the local engine renders, against a hand-written ffmpeg command and moviepy.

The same edit three ways: two 1080p clips joined, background music at 35% mixed under the clips'
sound, the title "Urban Dreams" over the first 3 s, exported as 1920x1080 H.264 + AAC at the
"medium" quality (x264 veryfast, CRF 23) by all three:

1. nemo: the draft made by the instruction parser and editor, exported as ``nemo export`` does
   (runner.py: segments made into an empty render cache, each piece checked as it is made,
   the stream-copy join checked by its packets);
2. hand-written: one ffmpeg command a careful person would write for the same edit;
3. moviepy (if installed: ``pip install moviepy``; it is not a nemo dependency).

Targets: nemo <= 1.10x the hand-written command; moviepy >= 5x nemo. Then (not with --quick)
nemo's time for 12 s, 60 s and 300 s timelines, to show it scales linearly.

    .venv/bin/python benchmarks/render_bench.py            # 12 s edit + scaling
    .venv/bin/python benchmarks/render_bench.py --quick    # a 2 s edit, for CI smoke runs
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nemo_cli.backends.local.edit.apply import apply  # noqa: E402
from nemo_cli.backends.local.media import Media  # noqa: E402
from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe  # noqa: E402
from nemo_cli.backends.local.render.plan import build  # noqa: E402
from nemo_cli.backends.local.render.probe import probe  # noqa: E402
from nemo_cli.backends.local.render.runner import render  # noqa: E402
from nemo_cli.backends.local.render.segment_cache import SegmentCache  # noqa: E402
from nemo_cli.backends.local.render.titles import render_title  # noqa: E402
from nemo_cli.backends.local.store import media_entry  # noqa: E402
from nemo_cli.backends.local.timeline import EMPTY, Clip, Timeline  # noqa: E402
from nemo_cli.backends.local.understand import parse  # noqa: E402

QUALITY = "medium"
PRESET, CRF, AUDIO_BITRATE = "veryfast", 23, "160k"  # plan.QUALITY["medium"]
W, H, FPS = 1920, 1080, 30
TITLE = "Urban Dreams"
EDIT = f"combine my clips, add background music at 35% and the title '{TITLE}' for 3 seconds"


def run(args: list[str]) -> None:
    proc = subprocess.run(
        args, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(args[:6])}...\n{proc.stderr[-2000:]}")


def make_inputs(folder: Path, ff: str, first: float, second: float, music: float) -> list[Path]:
    """Two 1080p30 clips with stereo sound and a stereo music file (made fast, ultrafast)."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = []
    for name, pattern, seconds, tone in (
        ("clip1.mp4", "testsrc2", first, 440),
        ("clip2.mp4", "smptehdbars", second, 660),
    ):
        path = folder / name
        run(
            [
                ff,
                "-hide_banner",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"{pattern}=size={W}x{H}:rate={FPS}:duration={seconds}",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency={tone}:sample_rate=48000:duration={seconds}",
                "-ac",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                str(path),
            ]
        )
        clips.append(path)
    song = folder / "music.m4a"
    run(
        [
            ff,
            "-hide_banner",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=330:sample_rate=48000:duration={music}",
            "-ac",
            "2",
            "-c:a",
            "aac",
            str(song),
        ]
    )
    return [*clips, song]


def nemo_draft(files: list[Path], ff: str) -> tuple[Timeline, list[Media]]:
    """The timeline the local engine makes from the sentence in EDIT."""
    media = [replace(media_entry(p, probe(p, ff)), id=f"m{i}") for i, p in enumerate(files, 1)]
    result = apply(EMPTY, media, parse(EDIT))
    return result.timeline, media


def repeat_clips(timeline: Timeline, seconds: int) -> Timeline:
    """A longer timeline: the two clips again and again, music (looped) and title as before.
    Each repeat starts a little later in its file (and is as much shorter), so no two clips
    are the same picture: the render cache makes a picture seen twice once, which would make
    a longer timeline look cheaper than it is."""
    pattern, start = timeline.clips, 0
    clips: list[Clip] = []
    while start < seconds * 1000:
        for clip in pattern:
            shift = 40 * (len(clips) // len(pattern))  # ms: a frame and a bit at 30 fps
            d = min(clip.duration_ms - shift, seconds * 1000 - start)
            if d <= 0:
                break
            clips.append(
                replace(clip, id=f"v{len(clips) + 1}", duration_ms=d, in_ms=clip.in_ms + shift)
            )
            start += d
    music = tuple(replace(m, duration_ms=start) for m in timeline.music)
    return replace(timeline, clips=tuple(clips), music=music)


def first_export(timeline: Timeline, media: list[Media], out: Path, caches: Path, ff: str) -> Path:
    """An export into an empty render cache (a fresh folder each time): a first export."""
    caches.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(dir=caches))
    try:
        return render(
            timeline, media, out, QUALITY, ffmpeg=ff, force=True, cache=SegmentCache(cache)
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def timed(label: str, work: Callable[[], Path], ff: str, repeat: int = 1) -> float:
    """The best of ``repeat`` runs (the machine's noise only ever adds time)."""
    took = []
    for _ in range(repeat):
        started = time.perf_counter()
        out = work()
        took.append(time.perf_counter() - started)
    found = probe(out, ff)
    runs = f"best of {repeat}" if repeat > 1 else ""
    print(
        f"  {label:<14} {min(took):7.2f} s   -> {found.width}x{found.height} "
        f"{found.video_codec}/{found.audio_codec}, {found.duration:.2f} s  {runs}"
    )
    return min(took)


def hand_written(
    files: list[Path], seconds: float, first: float, title_png: Path, out: Path, ff: str
) -> Path:
    """The same edit as one ffmpeg command, written the way the ffmpeg docs suggest."""
    fit = (
        f"scale={W}:{H}:force_original_aspect_ratio=decrease,"
        f"pad={W}:{H}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={FPS},format=yuv420p"
    )
    graph = (
        f"[0:v]{fit}[v0];[1:v]{fit}[v1];"
        "[v0][0:a][v1][1:a]concat=n=2:v=1:a=1[v][a];"
        "[v][3:v]overlay=(W-w)/2:(H-h)/2:enable='between(t,0,3)'[vt];"
        "[2:a]volume=0.35[m];[a][m]amix=inputs=2:duration=first:normalize=0[ao]"
    )
    run(
        [
            ff,
            "-hide_banner",
            "-nostdin",
            "-y",
            "-i",
            str(files[0]),
            "-i",
            str(files[1]),
            "-stream_loop",
            "-1",
            "-i",
            str(files[2]),
            "-i",
            str(title_png),
            "-filter_complex",
            graph,
            "-map",
            "[vt]",
            "-map",
            "[ao]",
            "-c:v",
            "libx264",
            "-preset",
            PRESET,
            "-crf",
            str(CRF),
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            AUDIO_BITRATE,
            "-t",
            f"{seconds}",
            "-movflags",
            "+faststart",
            str(out),
        ]
    )
    return out


def with_moviepy(files: list[Path], seconds: float, title_png: Path, out: Path) -> Path:
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        ImageClip,
        VideoFileClip,
        afx,
        concatenate_videoclips,
    )

    clips = [VideoFileClip(str(p)).resized(height=H) for p in files[:2]]
    body = concatenate_videoclips(clips, method="compose")
    title = ImageClip(str(title_png)).with_duration(3).with_position("center")
    video = CompositeVideoClip([body, title], size=(W, H))
    music = AudioFileClip(str(files[2])).with_effects(
        [afx.AudioLoop(duration=seconds), afx.MultiplyVolume(0.35)]
    )
    video = video.with_audio(CompositeAudioClip([body.audio, music])).with_duration(seconds)
    video.write_videofile(
        str(out),
        fps=FPS,
        codec="libx264",
        audio_codec="aac",
        preset=PRESET,
        ffmpeg_params=["-crf", str(CRF), "-pix_fmt", "yuv420p"],
        audio_bitrate=AUDIO_BITRATE,
        logger=None,
        temp_audiofile=str(out.with_name("moviepy-audio.m4a")),
    )
    for clip in clips:
        clip.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 2 s edit, no scaling runs")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench-out" / "render", help="work folder"
    )
    parser.add_argument("--keep", action="store_true", help="keep the rendered files")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of nemo and of the hand-written command (best is kept; "
        "default 3 with --quick, else 2)",
    )
    options = parser.parse_args()

    ff = ffmpeg_exe()
    first, second = (1.2, 0.8) if options.quick else (7.0, 5.0)
    seconds = first + second
    work = options.out
    shutil.rmtree(work, ignore_errors=True)
    files = make_inputs(work / "inputs", ff, first, second, seconds)
    draft, media = nemo_draft(files, ff)
    assert abs(draft.length_ms / 1000 - seconds) < 0.01, draft.length_ms
    title_png = work / "title.png"
    render_title(TITLE, "large", W, H, title_png)
    job = build(draft, media, work / "x.mp4", QUALITY)
    print(
        f"Edit: {EDIT!r}\n  {seconds:g} s at {W}x{H}, quality {QUALITY} "
        f"(x264 {PRESET}, CRF {CRF}); stream copy: {job.stream_copy}\n"
    )

    repeat = options.repeat or (3 if options.quick else 2)
    times: dict[str, float] = {}
    times["nemo"] = timed(
        "nemo",
        lambda: first_export(draft, media, work / "nemo.mp4", work / "caches", ff),
        ff,
        repeat,
    )
    times["hand-written"] = timed(
        "hand-written",
        lambda: hand_written(files, seconds, first, title_png, work / "hand.mp4", ff),
        ff,
        repeat,
    )
    try:
        import moviepy  # noqa: F401
    except ImportError:
        print("  moviepy        skipped: not installed (pip install moviepy to compare)")
    else:
        times["moviepy"] = timed(
            "moviepy", lambda: with_moviepy(files, seconds, title_png, work / "moviepy.mp4"), ff
        )

    ratio = times["nemo"] / times["hand-written"]
    print(
        f"\n  nemo / hand-written = {ratio:.2f}x  (target <= 1.10x: "
        f"{'met' if ratio <= 1.10 else 'MISSED'})"
    )
    if "moviepy" in times:
        slower = times["moviepy"] / times["nemo"]
        print(
            f"  moviepy / nemo      = {slower:.2f}x  (target >= 5x: "
            f"{'met' if slower >= 5 else 'MISSED'})"
        )

    if not options.quick:
        print("\nTimeline scaling (nemo):")
        for length in (12, 60, 300):
            longer = repeat_clips(draft, length)
            took = timed(
                f"{length} s",
                partial(
                    first_export, longer, media, work / f"scale-{length}.mp4", work / "caches", ff
                ),
                ff,
            )
            print(f"  {'':<14} {took / length:7.3f} s per second of video")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
