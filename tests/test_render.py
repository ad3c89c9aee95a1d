"""Real renders of tiny inputs (320x240, 2-3 s), checked with probe.py, frame grabs and
volumedetect: sizes per aspect, codecs, durations, titles, music level, letterbox vs fill,
slideshows, stream copy, progress, failures, and Ctrl-C / SIGTERM mid-render."""

from __future__ import annotations

import io
import json
import math
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mediagen import make_clip, make_image
from PIL import Image

import nemo_cli
from nemo_cli.backends.base import ProgressUpdate
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import plan as planner
from nemo_cli.backends.local.render import runner
from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe
from nemo_cli.backends.local.render.plan import RenderPlan
from nemo_cli.backends.local.render.probe import probe
from nemo_cli.backends.local.render.titles import render_title
from nemo_cli.backends.local.store import media_entry
from nemo_cli.backends.local.timeline import from_draft
from nemo_cli.errors import InputError, NemoError, RenderError

pytestmark = pytest.mark.slow
FF = ffmpeg_exe()
REPO = Path(nemo_cli.__file__).resolve().parent.parent


def _ffmpeg(*args: str) -> str:
    proc = subprocess.run(
        [FF, "-hide_banner", "-nostdin", "-y", *args], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def solid(path: Path, color: str, seconds: float, size: str = "320x240") -> Path:
    """A clip of one colour with a quiet tone (easy to check pixels on)."""
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"color=c={color}:size={size}:rate=30:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=300:duration={seconds}",
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
    )
    return path


def stereo_tone(path: Path, seconds: float) -> Path:
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-ac", "2", str(path))
    return path


def entry(path: Path, mid: str) -> dict[str, Any]:
    return {**media_entry(path, probe(path, FF)).to_json(), "id": mid}


# Drafts and media entries are written here as session.json holds them; these read them into
# the engine's types first.
def render(draft: dict[str, Any], media: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Path:
    return runner.render(from_draft(draft), [Media.from_json(m) for m in media], *args, **kwargs)


def build(
    draft: dict[str, Any], media: list[dict[str, Any]], *args: Any, **kwargs: Any
) -> RenderPlan:
    return planner.build(from_draft(draft), [Media.from_json(m) for m in media], *args, **kwargs)


def video_track(*segs: tuple[str, int], kind: str = "video", v: int = 100) -> dict[str, Any]:
    out, start = [], 0
    for n, (src, d) in enumerate(segs, 1):
        out.append(
            {
                "id": f"v{n}",
                "src": src,
                "n": src,
                "k": kind,
                "st": start,
                "d": d,
                "in": 0,
                "sp": 1.0,
                "v": v,
            }
        )
        start += d
    return {"tt": 0, "n": "Video", "sg": out}


def draft(tracks: list[dict[str, Any]], d: int, **meta: Any) -> dict[str, Any]:
    m = {
        "width": 1920,
        "height": 1080,
        "aspect": "16:9",
        "fit": "letterbox",
        "xfade": 0,
        "img_d": 3000,
        **meta,
    }
    return {"t": tracks, "d": d, "m": m}


def frame_at(video: Path, seconds: float) -> Image.Image:
    proc = subprocess.run(
        [
            FF,
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-ss",
            str(seconds),
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-f",
            "image2pipe",
            "-c:v",
            "png",
            "pipe:1",
        ],
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(proc.stdout)).convert("RGB")


def mean_volume(path: Path) -> float:
    text = _ffmpeg("-i", str(path), "-af", "volumedetect", "-f", "null", "-")
    match = re.search(r"mean_volume: (-?[\d.]+) dB", text)
    assert match, text
    return float(match.group(1))


def pixels(img: Image.Image) -> list[Any]:
    data = img.load()
    assert data is not None
    return [data[x, y] for y in range(img.height) for x in range(img.width)]


def close(rgb: Any, target: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, target, strict=False))


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render-media")
    return {
        "a": make_clip(folder / "a.mp4", 2.0, rate=30),
        "b": make_clip(folder / "b.mp4", 1.0, rate=30, tone=None, pattern="rgbtestsrc"),
        "red": solid(folder / "red.mp4", "red", 2.5),
        "blue": solid(folder / "blue.mp4", "blue", 2.5),
        "song": stereo_tone(folder / "song.wav", 1.0),
        "p1": make_image(folder / "p1.png", size="200x150", color="red"),
        "p2": make_image(folder / "p2.jpg", size="150x200", color="blue"),
    }


# ---------------------------------------------------------------- the output file


@pytest.mark.parametrize(
    ("aspect", "size"), [("16:9", (480, 270)), ("9:16", (270, 480)), ("1:1", (480, 480))]
)
def test_each_aspect_gives_its_frame_size(
    assets: dict[str, Path], tmp_path: Path, aspect: str, size: tuple[int, int]
) -> None:
    w, h = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}[aspect]
    d = draft([video_track(("m1", 2000))], 2000, aspect=aspect, width=w, height=h)
    out = render(d, [entry(assets["a"], "m1")], tmp_path / "out.mp4", ffmpeg=FF, preview=True)
    found = probe(out, FF)
    assert (found.width, found.height, found.video_codec, found.audio_codec) == (
        *size,
        "h264",
        "aac",
    )
    assert found.duration is not None and abs(found.duration - 2.0) <= 0.1


def test_full_size_export_with_title_and_music(assets: dict[str, Path], tmp_path: Path) -> None:
    media = [entry(assets["a"], "m1"), entry(assets["b"], "m2"), entry(assets["song"], "m3")]
    d = draft(
        [
            video_track(("m1", 2000), ("m2", 1000)),
            {
                "tt": 1,
                "sg": [
                    {"src": "m3", "st": 0, "d": 3000, "v": 35, "fi": 500, "fo": 500, "loop": True}
                ],
            },
            {
                "tt": 7,
                "sg": [
                    {"tx": "Urban Dreams", "st": 0, "d": 2000, "pos": "center", "size": "large"}
                ],
            },
        ],
        3000,
        title="Urban Dreams",
    )
    (tmp_path / "out").mkdir()
    out = render(d, media, tmp_path / "out" / "urban.mp4", "low", ffmpeg=FF)
    found = probe(out, FF)
    assert (found.width, found.height, found.fps) == (1920, 1080, 30.0)
    assert (found.video_codec, found.pix_fmt, found.audio_codec) == ("h264", "yuv420p", "aac")
    assert (found.sample_rate, found.channels) == (48000, 2)
    assert found.duration is not None and abs(found.duration - 3.0) <= 0.1
    data = out.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: playable while downloading
    assert "title           : Urban Dreams" in _probe_text(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["urban.mp4"]


def _probe_text(path: Path) -> str:
    return subprocess.run(
        [FF, "-hide_banner", "-i", str(path)], capture_output=True, text=True, check=False
    ).stderr


def test_title_shows_in_its_time_range_only(assets: dict[str, Path], tmp_path: Path) -> None:
    media = [entry(assets["blue"], "m1"), entry(assets["red"], "m2")]
    d = draft(
        [
            video_track(("m1", 2500), ("m2", 2500)),
            {
                "tt": 7,
                "sg": [{"tx": "HELLO", "st": 0, "d": 3000, "pos": "center", "size": "large"}],
            },
        ],
        5000,
        width=320,
        height=240,
    )
    out = render(d, media, tmp_path / "t.mp4", "low", ffmpeg=FF)

    def white_in_middle(img: Image.Image) -> int:
        box = img.crop((100, 100, 220, 140))
        return sum(1 for px in pixels(box) if min(px) > 200)

    during, after = frame_at(out, 1.0), frame_at(out, 4.0)
    assert white_in_middle(during) > 50
    assert white_in_middle(after) == 0
    assert close(during.getpixel((10, 10)), (0, 0, 255))  # the picture around it is untouched
    assert close(after.getpixel((10, 10)), (255, 0, 0))


def test_music_level_follows_the_draft_volume(assets: dict[str, Path], tmp_path: Path) -> None:
    """Clips muted, music alone: 100% keeps the file's level (amix does not scale it down), 25%
    is 12 dB quieter."""
    media = [entry(assets["a"], "m1"), entry(assets["song"], "m2")]
    levels = {}
    for volume in (100, 25):
        d = draft(
            [
                video_track(("m1", 2000), v=0),
                {"tt": 1, "sg": [{"src": "m2", "st": 0, "d": 2000, "v": volume, "loop": True}]},
            ],
            2000,
            width=320,
            height=240,
        )
        levels[volume] = mean_volume(
            render(d, media, tmp_path / f"v{volume}.mp4", "low", ffmpeg=FF)
        )
    assert abs(levels[100] - mean_volume(assets["song"])) <= 1.0
    assert abs((levels[25] - levels[100]) - 20 * math.log10(0.25)) <= 1.0


@pytest.mark.parametrize(("fit", "edge"), [("letterbox", (0, 0, 0)), ("fill", (255, 0, 0))])
def test_letterbox_bars_or_fill(
    assets: dict[str, Path], tmp_path: Path, fit: str, edge: tuple[int, int, int]
) -> None:
    d = draft([video_track(("m1", 1000))], 1000, fit=fit)
    out = render(d, [entry(assets["red"], "m1")], tmp_path / "f.mp4", ffmpeg=FF, preview=True)
    img = frame_at(out, 0.5)
    assert img.size == (480, 270)
    assert close(img.getpixel((10, 135)), edge)  # 4:3 in 16:9: bars at the sides
    assert close(img.getpixel((470, 135)), edge)
    assert close(img.getpixel((240, 135)), (255, 0, 0))


def test_image_slideshow_durations(assets: dict[str, Path], tmp_path: Path) -> None:
    media = [entry(assets["p1"], "m1"), entry(assets["p2"], "m2")]
    d = draft([video_track(("m1", 1500), ("m2", 2000), kind="image")], 3500, width=320, height=240)
    out = render(d, media, tmp_path / "show.mp4", "low", ffmpeg=FF)
    found = probe(out, FF)
    assert found.duration is not None and abs(found.duration - 3.5) <= 0.1
    assert found.has_audio
    assert close(frame_at(out, 0.7).getpixel((160, 120)), (255, 0, 0))
    assert close(frame_at(out, 1.3).getpixel((160, 120)), (255, 0, 0))
    assert close(frame_at(out, 1.7).getpixel((160, 120)), (0, 0, 255))
    assert close(frame_at(out, 3.3).getpixel((160, 120)), (0, 0, 255))
    assert close(frame_at(out, 2.5).getpixel((5, 120)), (0, 0, 0))  # portrait photo: bars


def _video_hashes(path: Path) -> list[str]:
    text = subprocess.run(
        [FF, "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:v", "-f", "framemd5", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line.rsplit(",", 1)[1].strip()
        for line in text.splitlines()
        if line and not line.startswith("#")
    ]


def test_stream_copy_is_chosen_and_joins_the_clips_unchanged(tmp_path: Path) -> None:
    one = make_clip(tmp_path / "one.mp4", 2.0, rate=30)
    two = make_clip(tmp_path / "two's.mp4", 1.0, rate=30, pattern="rgbtestsrc")
    media = [entry(one, "m1"), entry(two, "m2")]
    d = draft([video_track(("m1", 2000), ("m2", 1000))], 3000, width=320, height=240)
    assert build(d, media, tmp_path / "x.mp4").stream_copy
    out = render(d, media, tmp_path / "joined.mp4", ffmpeg=FF)
    found = probe(out, FF)
    assert found.duration is not None and abs(found.duration - 3.0) <= 0.1
    assert (found.width, found.height, found.has_audio) == (320, 240, True)
    assert _video_hashes(out) == _video_hashes(one) + _video_hashes(two)


def test_progress_reaches_the_duration(assets: dict[str, Path], tmp_path: Path) -> None:
    ticks: list[ProgressUpdate] = []
    d = draft([video_track(("m1", 2000))], 2000, width=320, height=240)
    render(
        d, [entry(assets["a"], "m1")], tmp_path / "p.mp4", "low", ffmpeg=FF, progress=ticks.append
    )
    assert {(t.phase, t.key, t.unit, t.total) for t in ticks} == {
        ("render", "p.mp4", "seconds", 2.0)
    }
    done = [t.completed for t in ticks]
    assert done[0] == 0.0 and done[-1] == 2.0 and done == sorted(done)


def test_existing_output_is_kept_unless_forced(assets: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"precious")
    d = draft([video_track(("m1", 1000))], 1000, width=320, height=240)
    media = [entry(assets["a"], "m1")]
    with pytest.raises(NemoError, match="keep.mp4 already exists") as caught:
        render(d, media, out, ffmpeg=FF)
    assert caught.value.code == "output_exists"
    assert out.read_bytes() == b"precious"
    render(d, media, out, "low", ffmpeg=FF, force=True)
    assert probe(out, FF).video_codec == "h264"


# ---------------------------------------------------------------- failures


def test_ffmpeg_failure_shows_the_tail_of_its_stderr(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"junk" * 100)
    media = [
        {"id": "m1", "path": str(junk), "file_type": "video", "duration": 2.0, "has_audio": False}
    ]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    d = draft([video_track(("m1", 1000))], 1000, width=320, height=240)
    with pytest.raises(RenderError) as caught:
        render(d, media, out_dir / "x.mp4", ffmpeg=FF)
    message = caught.value.message
    assert message.startswith("The render failed: ffmpeg exited with code ")
    assert "Its last lines:\n  " in message
    assert "junk.mp4" in message and "Invalid data found" in message
    assert caught.value.exit_code == 7
    assert list(out_dir.iterdir()) == []


def _fake_ffmpeg(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-ffmpeg"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


def test_a_moved_source_is_named_before_ffmpeg_starts(tmp_path: Path) -> None:
    marker = tmp_path / "ffmpeg-ran"
    fake = _fake_ffmpeg(tmp_path, f"touch '{marker}'\n")
    media = [
        {
            "id": "m1",
            "path": str(tmp_path / "moved.mp4"),
            "file_type": "video",
            "duration": 2.0,
            "has_audio": True,
        }
    ]
    d = draft([video_track(("m1", 1000))], 1000)
    with pytest.raises(InputError) as caught:
        render(d, media, tmp_path / "x.mp4", ffmpeg=fake)
    assert caught.value.message == (
        f"moved.mp4 was moved or deleted since it was uploaded: {tmp_path / 'moved.mp4'}"
    )
    assert not marker.exists()
    assert not (tmp_path / "x.mp4").exists()


def test_a_full_disk_is_said_plainly_and_the_partial_file_removed(
    assets: dict[str, Path], tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    fake = _fake_ffmpeg(
        tmp_path,
        'for last; do :; done\nprintf "half a video" > "$last"\n'
        'echo "[out#0/mp4] Error writing trailer: No space left on device" >&2\nexit 1\n',
    )
    d = draft([video_track(("m1", 1000))], 1000)
    with pytest.raises(RenderError) as caught:
        render(d, [entry(assets["a"], "m1")], out_dir / "x.mp4", ffmpeg=fake)
    assert caught.value.message == f"Not enough disk space to write {out_dir / 'x.mp4'}."
    assert caught.value.code == "disk_full"
    assert list(out_dir.iterdir()) == []


def test_a_run_that_writes_nothing_is_a_failure(assets: dict[str, Path], tmp_path: Path) -> None:
    fake = _fake_ffmpeg(tmp_path, "exit 0\n")
    d = draft([video_track(("m1", 1000))], 1000)
    with pytest.raises(RenderError, match="ffmpeg finished but wrote nothing to .*x.mp4"):
        render(d, [entry(assets["a"], "m1")], tmp_path / "x.mp4", ffmpeg=fake)
    assert not (tmp_path / "x.mp4").exists()


# ---------------------------------------------------------------- Ctrl-C and SIGTERM

CHILD = """
import json, sys
from pathlib import Path
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render.runner import render
from nemo_cli.backends.local.timeline import from_draft
from nemo_cli.errors import Interrupted
job = json.loads(sys.argv[1])

def progress(update):
    if update.completed > 0:
        print("RENDERING", flush=True)

try:
    render(from_draft(job["draft"]), [Media.from_json(m) for m in job["media"]], Path(job["out"]),
           "high", ffmpeg=job["ffmpeg"], progress=progress)
except Interrupted as err:
    print("INTERRUPTED:", err.message, flush=True)
    sys.exit(130)
print("FINISHED", flush=True)
"""


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupting_a_render_leaves_no_file_and_no_ffmpeg(
    tmp_path: Path, sig: signal.Signals
) -> None:
    # An hour-long still: a render that is never over by itself while the test runs.
    photo = make_image(tmp_path / "still.png", size="320x240")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    job = {
        "draft": draft([video_track(("m1", 3_600_000), kind="image")], 3_600_000),
        "media": [entry(photo, "m1")],
        "out": str(out_dir / "long-render.mp4"),
        "ffmpeg": FF,
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(job)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first == "RENDERING\n", first + child.stderr.read() if child.stderr else ""
    ffmpegs = [
        pid
        for pid in _children(child.pid)
        if "ffmpeg" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    ]
    assert len(ffmpegs) == 1
    assert any(p.name.endswith(".partial.mp4") for p in out_dir.iterdir())
    os.kill(child.pid, sig)
    said = child.stdout.readline()
    # ffmpeg must be gone by the time the render reports the interruption, not merely later.
    assert not _alive(ffmpegs[0])
    rest, err = child.communicate()
    assert child.returncode == 130, err
    assert said + rest == "INTERRUPTED: Stopped: nothing was written.\n"
    assert list(out_dir.iterdir()) == []


# ---------------------------------------------------------------- title pictures


def test_title_png_is_transparent_and_wraps_long_text(tmp_path: Path) -> None:
    short = render_title("Hi", "large", 1920, 1080, tmp_path / "a.png")
    long = render_title(
        "A much longer title that cannot fit on one line of a vertical video",
        "large",
        1080,
        1920,
        tmp_path / "b.png",
    )
    with Image.open(tmp_path / "a.png") as opened:
        img = opened.copy()
    assert img.mode == "RGBA" and img.size == short
    assert pixels(img)[0][3] == 0  # transparent around the letters
    assert max(px[3] for px in pixels(img)) == 255
    assert long[0] <= 1080 and long[1] > 2 * short[1]  # wrapped onto several lines
    assert all(n % 2 == 0 for n in short + long)  # even sizes for yuv420p overlays


def test_a_mono_clip_keeps_its_level_on_each_channel(tmp_path: Path) -> None:
    """A mono clip (solid() has a mono tone) plays at its own level on both stereo channels
    (re-encoded: the frame size differs, so no stream copy)."""
    clip = solid(tmp_path / "mono.mp4", "blue", 2)
    media = [entry(clip, "m1")]
    assert media[0]["channels"] == 1
    out = render(
        draft([video_track(("m1", 2000))], 2000, width=640, height=480),
        media,
        tmp_path / "out.mp4",
        "low",
        ffmpeg=FF,
    )
    left = tmp_path / "left.wav"
    _ffmpeg("-i", str(out), "-af", "pan=mono|c0=c0", str(left))
    assert abs(mean_volume(left) - mean_volume(clip)) <= 1.0


def _centre_yuv(path: Path) -> tuple[int, int, int]:
    """Y, U, V of the first picture's centre, as the file stores them."""
    proc = subprocess.run(
        [FF, "-v", "error", "-i", str(path), "-frames:v", "1", "-vf", "crop=2:2"]
        + ["-pix_fmt", "yuv444p", "-f", "rawvideo", "-"],
        capture_output=True,
        check=True,
    )
    y, u, v = proc.stdout[0], proc.stdout[4], proc.stdout[8]
    return y, u, v


@pytest.mark.slow
def test_an_untagged_hd_recordings_colours_are_kept(tmp_path: Path) -> None:
    """A 720p file that does not say its colour matrix is BT.709 (as players show it): the
    BT.709 export keeps its numbers. (Taken for BT.601, every picture was converted: this
    blue came out 4 steps of V off.)"""
    source = tmp_path / "untagged.mp4"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=0x3366CC:size=1280x720:rate=30:duration=1",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-qp",
        "0",
        "-pix_fmt",
        "yuv420p",
        str(source),
    )
    assert probe(source, FF).colour.space is None
    d = draft([video_track(("m1", 1000))], 1000)
    out = render(d, [entry(source, "m1")], tmp_path / "out.mp4", "high", ffmpeg=FF)
    before, after = _centre_yuv(source), _centre_yuv(out)
    assert all(abs(a - b) <= 2 for a, b in zip(before, after, strict=True)), (before, after)
