"""Frames of the edited timeline (backends/local/render/frames.py): what a moment shows (a
table), the ffmpeg arguments (exact), and real pictures taken from clips made here, checked
by their pixels: the clip's colour, letterbox bars, a title drawn over it, a crossfade's
blend, an in-point; the cache (an edit takes again only the clips that changed); and
``nemo frame``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from mediagen import ffmpeg_exe
from PIL import Image

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import frames
from nemo_cli.backends.local.render.frames import Layer, Shot, Take, TitleLayer, grab_args
from nemo_cli.backends.local.timeline import from_draft
from nemo_cli.errors import UsageError

FF = ffmpeg_exe()


def color_clip(path: Path, *colors: str, seconds: float = 2.0, size: str = "320x240") -> Path:
    """An H.264 clip showing each colour in turn, ``seconds`` each (no sound)."""
    args = [FF, "-hide_banner", "-loglevel", "error", "-y"]
    for color in colors:
        args += ["-f", "lavfi", "-i", f"color=c={color}:size={size}:rate=25:duration={seconds}"]
    pads = "".join(f"[{i}:v]" for i in range(len(colors)))
    args += [
        "-filter_complex",
        f"{pads}concat=n={len(colors)}:v=1:a=0[v]",
        "-map",
        "[v]",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        str(path),
    ]
    subprocess.run(args, check=True, capture_output=True)
    return path


def media(mid: str, path: Path | str, seconds: float = 2.0, kind: str = "video") -> Media:
    """A session's media entry, as session.json holds it, read as the engine reads it."""
    return Media.from_json(
        {
            "id": mid,
            "path": str(path),
            "filename": Path(path).name,
            "file_type": kind,
            "duration": seconds,
            "fps": 25.0,
        }
    )


def shot_at(timeline: dict[str, Any], entries: list[Media], time_ms: int) -> Shot:
    return frames.shot_at(from_draft(timeline), entries, time_ms)


def draft(
    *clips: dict[str, Any],
    titles: tuple[dict[str, Any], ...] = (),
    xfade: int = 0,
    fit: str = "letterbox",
) -> dict[str, Any]:
    tracks: list[dict[str, Any]] = [{"tt": 0, "sg": list(clips)}]
    if titles:
        tracks.append({"tt": 7, "sg": list(titles)})
    return {
        "t": tracks,
        "d": 0,
        "m": {"width": 1920, "height": 1080, "aspect": "16:9", "fit": fit, "xfade": xfade},
    }


def seg(src: str, d: int, **kw: Any) -> dict[str, Any]:
    return {"src": src, "n": f"{src}.mp4", "k": "video", "d": d, **kw}


def near(pixel: tuple[int, ...], color: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))


RED, BLUE, LIME = (255, 0, 0), (0, 0, 255), (0, 255, 0)


# ---------------------------------------------------------------- what a moment shows


SHOTS = [
    # (time ms, [(media path, source ms, weight)], titles, clip number)
    (0, [("/m/a.mp4", 0, 1.0)], ["Hi"], 1),
    (1500, [("/m/a.mp4", 1500, 1.0)], ["Hi"], 1),
    (2999, [("/m/a.mp4", 2999, 1.0)], [], 1),
    (3000, [("/m/a.mp4", 3000, 1.0), ("/m/b.mp4", 1000, 0.0)], [], 2),
    # b starts at 4000 - 1000 (crossfade) = 3000... a ends at 4000: 3500 is inside the fade
    (3500, [("/m/a.mp4", 3500, 0.5), ("/m/b.mp4", 1000 + 500 * 2, 0.5)], [], 2),
    # b: in-point 1 s, speed 2: 4 s into the timeline is 1 s into b -> 1000 + 2 * 1000
    (4000, [("/m/b.mp4", 3000, 1.0)], [], 2),
    # past the end of b's file (4 s long): the render holds its last frame
    (5900, [("/m/b.mp4", 3960, 1.0)], ["End"], 2),
]


@pytest.mark.parametrize(("time_ms", "layers", "titles", "clip"), SHOTS)
def test_what_a_moment_shows(
    time_ms: int, layers: list[tuple[str, int, float]], titles: list[str], clip: int
) -> None:
    timeline = draft(
        seg("a", 4000),
        seg("b", 3000, **{"in": 1000, "sp": 2.0}),
        titles=(
            {"tx": "Hi", "st": 0, "d": 2000},
            {"tx": "End", "st": 5000, "d": 5000, "pos": "bottom"},
        ),
        xfade=1000,
    )
    shot = shot_at(timeline, [media("a", "/m/a.mp4", 4.0), media("b", "/m/b.mp4", 4.0)], time_ms)
    assert [(x.path, x.at_ms, x.weight) for x in shot.layers] == layers
    assert [t.text for t in shot.titles] == titles
    assert shot.clip == clip
    assert (shot.width, shot.height, shot.fit) == (1920, 1080, "letterbox")


def test_a_moment_off_the_timeline_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"6 s long|0:06"):
        shot_at(draft(seg("a", 6000)), [media("a", "/m/a.mp4", 6.0)], 6000)


def test_one_ffmpeg_run_takes_every_frame() -> None:
    takes = [
        Take(Layer("/m/a.mp4", "video", 1500), "letterbox"),
        Take(Layer("/m/p.png", "image", 0), "fill"),
    ]
    outputs = ["/t/0.rgb", "/t/1.rgb"]
    assert grab_args(takes, (320, 180), outputs) == [
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-threads",
        "1",
        "-ss",
        "1.500",
        "-an",
        "-sn",
        "-dn",
        "-i",
        "file:/m/a.mp4",
        "-an",
        "-sn",
        "-dn",
        "-i",
        "file:/m/p.png",
        # Each frame an output of its own, so the clips are decoded side by side.
        "-map",
        "0:v:0",
        "-frames:v",
        "1",
        "-vf",
        "scale=320:180:force_original_aspect_ratio=decrease,"
        "pad=320:180:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-y",
        "file:/t/0.rgb",
        "-map",
        "1:v:0",
        "-frames:v",
        "1",
        "-vf",
        "scale=320:180:force_original_aspect_ratio=increase,crop=320:180,setsar=1",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-y",
        "file:/t/1.rgb",
    ]


DECODER_THREADS = [
    # (inputs, cores) -> threads per decoder (0: ffmpeg's choice)
    ((1, 2), 0),  # one frame alone: every core on it
    ((2, 2), 1),
    ((10, 2), 1),
    ((3, 8), 0),
    ((1, 1), 1),
    ((1, 0), 1),  # cores unknown
]


@pytest.mark.parametrize(("given", "threads"), DECODER_THREADS)
def test_decoder_threads(given: tuple[int, int], threads: int) -> None:
    assert frames.decoder_threads(*given) == threads


def test_the_cache_key_follows_what_decides_the_pixels() -> None:
    base = shot_at(draft(seg("a", 2000)), [media("a", "/m/a.mp4")], 1000)
    size = (320, 180)
    same = shot_at(draft(seg("a", 2000)), [media("a", "/m/a.mp4")], 1000)
    assert base.key(size, {}) == same.key(size, {})
    titled = shot_at(
        draft(seg("a", 2000), titles=({"tx": "Hi", "st": 0, "d": 2000},)),
        [media("a", "/m/a.mp4")],
        1000,
    )
    assert titled.titles == (TitleLayer("Hi", "large", "center"),)
    others = {
        titled.key(size, {}),
        base.key((160, 90), {}),
        shot_at(draft(seg("a", 2000), fit="fill"), [media("a", "/m/a.mp4")], 1000).key(size, {}),
        shot_at(draft(seg("a", 2000)), [media("a", "/m/a.mp4")], 500).key(size, {}),
    }
    assert base.key(size, {}) not in others and len(others) == 4
    assert titled.key(size, {"NEMO_TITLE_FONT": "/f.ttf"}) != titled.key(size, {})


# ---------------------------------------------------------------- real pictures


@pytest.fixture
def clips(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "clips"
    folder.mkdir()
    return {
        "red": color_clip(folder / "red.mp4", "red"),
        "blue": color_clip(folder / "blue.mp4", "blue"),
        "two": color_clip(folder / "two.mp4", "red", "lime", seconds=1.0),
    }


def test_thumbnails_show_each_clip_fitted_and_titled(
    tmp_path: Path, clips: dict[str, Path]
) -> None:
    timeline = draft(
        seg("r", 2000),
        seg("b", 2000),
        seg("t", 1000, **{"in": 1000}),
        titles=({"tx": "URBAN DREAMS", "st": 2000, "d": 2000},),
    )
    entries = [media("r", clips["red"]), media("b", clips["blue"]), media("t", clips["two"])]
    thumbs = frames.thumbnails(from_draft(timeline), entries, FF, tmp_path / "cache", environ={})
    assert [t.shot.clip for t in thumbs] == [1, 2, 3]
    assert [t.cached for t in thumbs] == [False, False, False]
    red, blue, two = (t.image for t in thumbs)
    assert red.size == (320, 180)
    # 4:3 clips in a 16:9 frame: black bars left and right, the clip's colour in the middle
    assert near(red.getpixel((3, 90)), (0, 0, 0)) and near(red.getpixel((160, 20)), RED)
    assert near(blue.getpixel((160, 20)), BLUE)
    # the title over the second clip: white letters where the frame is otherwise blue
    band = [blue.getpixel((x, 90)) for x in range(40, 280)]
    assert any(min(p[:3]) > 200 for p in band)
    assert not any(min(red.getpixel((x, 90))[:3]) > 200 for x in range(40, 280))
    # the third clip starts 1 s into its file, where it is lime, not red
    assert near(two.getpixel((160, 90)), LIME)


def test_an_edit_takes_again_only_the_clips_that_changed(
    tmp_path: Path, clips: dict[str, Path]
) -> None:
    entries = [media("r", clips["red"]), media("b", clips["blue"])]
    cache = tmp_path / "cache"
    first = frames.thumbnails(
        from_draft(draft(seg("r", 2000), seg("b", 2000))), entries, FF, cache, environ={}
    )
    # Nothing to take: ffmpeg is not even looked for (finding it runs `ffmpeg -version`).
    unused = lambda: pytest.fail("ffmpeg looked for")  # noqa: E731
    again = frames.thumbnails(
        from_draft(draft(seg("r", 2000), seg("b", 2000))), entries, unused, cache, environ={}
    )
    assert [t.cached for t in first] == [False, False]
    assert [t.cached for t in again] == [True, True]
    assert [t.image.tobytes() for t in again] == [t.image.tobytes() for t in first]
    # A title over the second clip changes its picture only.
    titled = draft(seg("r", 2000), seg("b", 2000), titles=({"tx": "Hi", "st": 2000, "d": 2000},))
    after = frames.thumbnails(from_draft(titled), entries, lambda: FF, cache, environ={})
    assert [t.cached for t in after] == [True, False]


def test_a_frame_inside_a_crossfade_blends_the_two_clips(
    tmp_path: Path, clips: dict[str, Path]
) -> None:
    timeline = draft(seg("r", 2000), seg("b", 2000), xfade=1000)
    entries = [media("r", clips["red"]), media("b", clips["blue"])]
    shot, image = frames.frame(
        from_draft(timeline), entries, 1500, FF, tmp_path / "cache", environ={}
    )
    assert image.size == (1920, 1080)
    assert [x.weight for x in shot.layers] == [0.5, 0.5]
    assert near(image.getpixel((960, 300)), (128, 0, 128))


def test_nemo_frame_saves_the_frame_as_it_will_render(
    nemo: Any, tmp_path: Path, clips: dict[str, Path]
) -> None:
    assert nemo("--backend", "local", "upload", str(clips["red"]), str(clips["blue"])).code == 0
    said = nemo("--backend", "local", "say", "combine my clips")
    assert said.code == 0, said
    out = tmp_path / "f.png"
    done = nemo("--backend", "local", "frame", "0:03", "-o", str(out))
    assert done.code == 0, done
    assert "0:03 · clip 2 blue.mp4 (2-4s) · 1920x1080" in done.out
    with Image.open(out) as picture:
        assert picture.size == (1920, 1080)
        assert near(picture.convert("RGB").getpixel((960, 540)), BLUE)
    assert nemo("--backend", "local", "frame", "3", "-o", str(out)).code == 2  # exists
    as_json = nemo("--backend", "local", "--json", "frame", "1.5")
    assert as_json.code == 0 and '"clip": 1' in as_json.out and '"path": null' in as_json.out
    late = nemo("--backend", "local", "frame", "9")
    assert late.code == 2 and "no frame at 0:09" in late.err
    assert nemo("--backend", "local", "frame", "soon").code == 2


def test_thumbnails_may_skip_unneeded_frames_but_a_frame_is_exact() -> None:
    takes = [
        Take(Layer("/m/a.mp4", "video", 1500), "letterbox", early_ms=400),
        Take(Layer("/m/p.png", "image", 0), "letterbox", early_ms=400),
    ]
    outputs = ["/t/0.rgb", "/t/1.rgb"]
    fast = grab_args(takes, (320, 180), outputs, exact=False, cores=4)
    assert fast[4:23] == [
        "-threads",
        "0",
        "-skip_frame",
        "noref",
        "-skip_loop_filter",
        "all",
        "-noaccurate_seek",
        "-ss",
        "1.500",
        "-an",
        "-sn",
        "-dn",
        "-i",
        "file:/m/a.mp4",
        "-an",
        "-sn",
        "-dn",
        "-i",
        "file:/m/p.png",
    ]
    # The moment or later, or a keyframe at most 0.4 s before it; a still has no keyframes.
    chain = "select='gte(t,0)+key*gte(t,-0.400)',setpts=PTS-STARTPTS,scale="
    assert fast[fast.index("0:v:0") + 4].startswith(chain)
    assert fast[fast.index("1:v:0") + 4].startswith("scale=")
    assert ":flags=area," in fast[fast.index("0:v:0") + 4]  # shrunk by area averaging
    exact = grab_args(takes, (320, 180), outputs)
    for option in ("-skip_frame", "-skip_loop_filter", "-noaccurate_seek"):
        assert option not in exact
    assert not [a for a in exact if "select=" in a or "flags=area" in a]


EARLY = [
    # (clip's place on the timeline, ms) -> how far before its middle a keyframe will do
    ((0, 4000), 400),
    ((2000, 3000), 100),
    ((0, 60_000), 1000),  # at most a second
]


@pytest.mark.parametrize(("place", "early"), EARLY)
def test_how_early_a_keyframe_will_do(place: tuple[int, int], early: int) -> None:
    start, end = place
    shot = Shot((start + end) // 2, (), (), 1920, 1080, "letterbox", 1, "a", start, end)
    assert shot.early_ms == early


def keyframed_clip(path: Path, *, red_until: float, keyframes: str, seconds: float = 4) -> Path:
    """A 25 fps clip, red then blue (at ``red_until`` s), with keyframes only at ``keyframes``
    ("0,1.7": no others, not even at the change of colour)."""
    source = f"color=c=red:size=320x240:rate=25:duration={seconds}"
    subprocess.run(
        [
            FF,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            source,
            "-vf",
            f"drawbox=c=blue:t=fill:enable='gte(t,{red_until})'",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-x264-params",
            "keyint=1000:scenecut=0",
            "-force_key_frames",
            keyframes,
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


def test_a_thumbnail_takes_a_keyframe_just_before_the_middle(tmp_path: Path) -> None:
    # Red until 1.8 s, blue after; the middle of the 4 s clip is 2 s.
    close = keyframed_clip(tmp_path / "close.mp4", red_until=1.8, keyframes="0,1.7")
    far = keyframed_clip(tmp_path / "far.mp4", red_until=1.8, keyframes="0")
    for path, colour in ((close, RED), (far, BLUE)):
        timeline = from_draft(draft(seg("a", 4000)))
        entries = [media("a", path, 4.0)]
        (thumb,) = frames.thumbnails(timeline, entries, FF, tmp_path / path.stem, environ={})
        # 0.3 s before the middle (within 0.4 s, a tenth of the clip): that keyframe, red;
        # with none near, the middle itself, blue.
        assert near(thumb.image.getpixel((160, 90)), colour), path.name
        # The frame of the timeline is exact either way.
        _, image = frames.frame(timeline, entries, 2000, FF, tmp_path / "f", environ={})
        assert near(image.getpixel((960, 540)), BLUE)


def test_a_clip_longer_than_its_file_shows_its_last_frame(tmp_path: Path) -> None:
    # B-frames at the end (x264's default): the fast way may find no frame there at all.
    clip = tmp_path / "b.mp4"
    subprocess.run(
        [
            FF,
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25:duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
    )
    timeline = from_draft(draft(seg("b", 4000)))  # 4 s on the timeline, 1 s of file
    (thumb,) = frames.thumbnails(timeline, [media("b", clip, 1.0)], FF, tmp_path / "c", environ={})
    assert thumb.image.size == (320, 180)
    assert thumb.shot.layers[0].at_ms == 960  # held on the last frame (25 fps)


def _ffmpeg_children() -> list[int]:
    """This process's children that run ffmpeg (from /proc: alive or not yet reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"ffmpeg" in command:
            found.append(int(entry.name))
    return found


def test_ctrl_c_while_taking_frames_leaves_no_ffmpeg_and_no_file(
    tmp_path: Path, clips: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    running: list[list[int]] = []

    def ctrl_c() -> None:  # comes while ffmpeg runs (the titles are drawn then)
        running.append(_ffmpeg_children())
        raise KeyboardInterrupt

    take = Take(Layer(str(clips["red"]), "video", 1000), "letterbox")
    with pytest.raises(KeyboardInterrupt):
        frames._run(FF, [take], (320, 180), False, ctrl_c)
    assert running and running[0]  # ffmpeg was running when Ctrl-C came
    assert _ffmpeg_children() == []  # killed and reaped
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("nemo-frames-")]
