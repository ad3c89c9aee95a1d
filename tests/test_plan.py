"""render/plan.py: the timeline -> one ffmpeg command, compared exactly (argument list and
filtergraph), without running ffmpeg.

Drafts and media entries are written here as session.json holds them; ``plan`` and ``build``
below read them into the engine's types (``timeline.from_draft``, ``Media.from_json``) first."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import plan as planner
from nemo_cli.backends.local.render.plan import RenderPlan, atempo, concat_list_text, sec
from nemo_cli.backends.local.timeline import from_draft
from nemo_cli.errors import InputError


def build(
    draft: dict[str, Any], items: list[dict[str, Any]], *args: Any, **kwargs: Any
) -> RenderPlan:
    return planner.build(from_draft(draft), [Media.from_json(m) for m in items], *args, **kwargs)


def plan(
    draft: dict[str, Any], items: list[dict[str, Any]], *args: Any, **kwargs: Any
) -> list[str]:
    return build(draft, items, *args, **kwargs).args


def frame_size(draft: dict[str, Any], *, preview: bool) -> tuple[int, int]:
    return planner.frame_size(from_draft(draft), preview=preview)


def video_spans(draft: dict[str, Any]) -> list[tuple[int, int, str]]:
    return planner.video_spans(from_draft(draft))


def crossfade_ms(draft: dict[str, Any], lengths: list[int]) -> int:
    return planner.crossfade_ms(from_draft(draft), lengths)


HEAD = [
    "ffmpeg",
    "-hide_banner",
    "-nostdin",
    "-y",
    "-loglevel",
    "error",
    "-progress",
    "pipe:1",
    "-nostats",
]
AF = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
OUT = Path("/out/.video.partial.mp4")
WORK = Path("/work")


def letterbox(w: int, h: int) -> str:
    return (
        f"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2:"
        f"out_range=tv,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black"
    )


def fill(w: int, h: int) -> str:
    return f"scale={w}:{h}:force_original_aspect_ratio=increase:out_range=tv,crop={w}:{h}"


def encode(preset: str, crf: int, bitrate: str, total: str, title: str | None = None) -> list[str]:
    meta = ["-metadata", f"title={title}"] if title else []
    return [
        "-c:v",
        "libx264",
        "-preset",
        preset,
        "-crf",
        str(crf),
        "-pix_fmt",
        "yuv420p",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
        "-c:a",
        "aac",
        "-b:a",
        bitrate,
        "-ar",
        "48000",
        "-ac",
        "2",
        "-t",
        total,
        *meta,
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(OUT),
    ]


def media(mid: str, name: str, kind: str = "video", **kw: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": mid,
        "path": f"/m/{name}",
        "filename": name,
        "file_type": kind,
        "duration": 2.0,
        "width": 320,
        "height": 240,
        "fps": 30.0,
        "rotation": 0,
        "has_audio": True,
        "video_codec": "h264",
        "audio_codec": "aac",
        "pix_fmt": "yuv420p",
        "sample_rate": 44100,
        "channels": 2,
    }
    if kind == "image":
        entry.update(
            duration=None,
            fps=None,
            has_audio=False,
            video_codec="png",
            audio_codec=None,
            pix_fmt="rgb24",
            sample_rate=None,
            channels=None,
        )
    if kind == "audio":
        entry.update(width=None, height=None, fps=None, video_codec=None, pix_fmt=None)
    entry.update(kw)
    return entry


def draft(
    video: list[dict[str, Any]],
    music: list[dict[str, Any]] | None = None,
    text: list[dict[str, Any]] | None = None,
    **meta: Any,
) -> dict[str, Any]:
    tracks: list[dict[str, Any]] = [{"tt": 0, "n": "Video", "sg": video}]
    if music:
        tracks.append({"tt": 1, "n": "BGM", "sg": music})
    if text:
        tracks.append({"tt": 7, "n": "Title", "sg": text})
    m = {
        "width": 1920,
        "height": 1080,
        "aspect": "16:9",
        "fit": "letterbox",
        "xfade": 0,
        "img_d": 3000,
        **meta,
    }
    return {"t": tracks, "d": sum(s["d"] for s in video), "m": m}


def seg(src: str, d: int, **kw: Any) -> dict[str, Any]:
    return {
        "id": "v" + src,
        "src": src,
        "n": src,
        "k": "video",
        "st": 0,
        "d": d,
        "in": 0,
        "sp": 1.0,
        "v": 100,
        **kw,
    }


A = media("m1", "a.mp4")
B = media("m2", "b.mp4", has_audio=False, audio_codec=None, sample_rate=None, channels=None)
SONG = media("m3", "song.wav", "audio", duration=15.0, audio_codec="pcm_s16le")
PHOTO = media("m4", "p.png", "image", width=4000, height=3000)
PHOTO2 = media("m5", "q.jpg", "image")


# ---------------------------------------------------------------- whole commands


def test_one_clip() -> None:
    args = plan(draft([seg("m1", 2000)]), [A], OUT, "high", workdir=WORK)
    assert args == [
        *HEAD,
        "-t",
        "2",
        "-i",
        "file:/m/a.mp4",
        "-filter_complex",
        f"[0:v]setpts=PTS-STARTPTS,fps=30,{letterbox(1920, 1080)},setsar=1,format=yuv420p[v0];"
        f"[0:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=2[a0]",
        "-map",
        "[v0]",
        "-map",
        "[a0]",
        *encode("medium", 20, "192k", "2"),
    ]


def test_a_mono_clip_is_heard_at_full_level_on_both_channels() -> None:
    mono = media("m1", "a.mp4", channels=1)
    args = plan(draft([seg("m1", 2000)]), [mono], OUT, "high", workdir=WORK)
    graph = args[args.index("-filter_complex") + 1]
    assert f"[0:a]asetpts=PTS-STARTPTS,pan=stereo|c0=c0|c1=c0,{AF},apad" in graph


def test_the_documented_example_two_clips_music_and_title() -> None:
    """The draft of docs/ARCHITECTURE.md: clips, looped music at 35% with fades, a title."""
    d = draft(
        [seg("m1", 2000, n="clip1.mp4"), seg("m2", 1500, n="clip2.mp4", st=2000, **{"in": 500})],
        music=[
            {
                "id": "a1",
                "src": "m3",
                "n": "song.wav",
                "st": 0,
                "d": 3500,
                "in": 0,
                "v": 35,
                "fi": 1000,
                "fo": 2000,
                "loop": True,
            }
        ],
        text=[
            {"id": "x1", "tx": "Urban Dreams", "st": 0, "d": 3000, "pos": "center", "size": "large"}
        ],
        title="Urban Dreams",
    )
    job = build(d, [A, B, SONG], OUT, "medium", workdir=WORK)
    assert job.args == [
        *HEAD,
        "-t",
        "2",
        "-i",
        "file:/m/a.mp4",
        "-ss",
        "0.5",
        "-t",
        "1.5",
        "-i",
        "file:/m/b.mp4",
        "-i",
        "file:/work/title-0.png",
        "-t",
        "3.5",
        "-i",
        "file:/m/song.wav",
        "-filter_complex",
        f"[0:v]setpts=PTS-STARTPTS,fps=30,{letterbox(1920, 1080)},setsar=1,format=yuv420p[v0];"
        # The join is a plain cut: clip 1's sound fades out over its last 10 ms so it does not
        # stop mid-wave (a click); clip 2 has no sound, so it has nothing to fade in.
        f"[0:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=2,afade=t=out:st=1.99:d=0.01[a0];"
        f"[1:v]setpts=PTS-STARTPTS,fps=30,{letterbox(1920, 1080)},setsar=1,format=yuv420p[v1];"
        "anullsrc=r=48000:cl=stereo,atrim=duration=1.5[a1];"
        "[v0][a0][v1][a1]concat=n=2:v=1:a=1[vcat][acat];"
        "[vcat][2:v]overlay=x=(W-w)/2:y=(H-h)/2:enable='between(t,0,3)'[vt0];"
        "[3:a]asetpts=PTS-STARTPTS,volume=0.35,afade=t=in:st=0:d=1,"
        f"afade=t=out:st=1.5:d=2,{AF}[m0];"
        "[acat][m0]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mix]",
        "-map",
        "[vt0]",
        "-map",
        "[mix]",
        *encode("veryfast", 23, "160k", "3.5", title="Urban Dreams"),
    ]
    assert job.duration == 3.5
    assert job.sources == (Path("/m/a.mp4"), Path("/m/b.mp4"), Path("/m/song.wav"))
    assert [(t.path, t.text, t.size, t.width, t.height) for t in job.titles] == [
        (Path("/work/title-0.png"), "Urban Dreams", "large", 1920, 1080)
    ]
    assert (job.width, job.height, job.stream_copy, job.concat_list) == (1920, 1080, False, None)


def test_preview_vertical_fill_is_small_and_fast() -> None:
    d = draft([seg("m1", 2000)], aspect="9:16", width=1080, height=1920, fit="fill")
    args = plan(d, [A], OUT, "high", preview=True, workdir=WORK)
    assert args == [
        *HEAD,
        "-t",
        "2",
        "-i",
        "file:/m/a.mp4",
        "-filter_complex",
        f"[0:v]setpts=PTS-STARTPTS,fps=30,{fill(270, 480)},setsar=1,format=yuv420p[v0];"
        f"[0:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=2[a0]",
        "-map",
        "[v0]",
        "-map",
        "[a0]",
        *encode("ultrafast", 30, "96k", "2"),
    ]


def test_crossfades_chain_xfade_and_acrossfade_at_each_join() -> None:
    d = draft([seg("m1", 2000), seg("m2", 2000), seg("m1", 1000)], xfade=400)
    args = plan(d, [A, B], OUT, "low", workdir=WORK)
    graph = args[args.index("-filter_complex") + 1].split(";")
    assert graph[6:] == [
        "[v0][v1]xfade=transition=fade:duration=0.4:offset=1.6[vx1]",
        "[a0][a1]acrossfade=d=0.4[ax1]",
        "[vx1][v2]xfade=transition=fade:duration=0.4:offset=3.2[vx2]",
        "[ax1][a2]acrossfade=d=0.4[ax2]",
    ]
    assert args[args.index("-map") : args.index("-map") + 4] == ["-map", "[vx2]", "-map", "[ax2]"]
    assert args[args.index("-t", args.index("-c:v")) + 1] == "4.2"  # 5 s - 2 x 0.4 s


def test_crossfade_longer_than_half_a_clip_is_shortened() -> None:
    d = draft([seg("m1", 2000), seg("m2", 600)], xfade=1000)
    graph = plan(d, [A, B], OUT, workdir=WORK)
    assert (
        "[v0][v1]xfade=transition=fade:duration=0.3:offset=1.7[vx1]"
        in graph[graph.index("-filter_complex") + 1]
    )


def test_images_are_scaled_once_and_held_for_their_duration() -> None:
    d = draft(
        [
            {"id": "i1", "src": "m4", "k": "image", "st": 0, "d": 1500},
            {"id": "i2", "src": "m5", "k": "image", "st": 1500, "d": 2000},
        ]
    )
    args = plan(d, [PHOTO, PHOTO2], OUT, "low", workdir=WORK)
    assert args == [
        *HEAD,
        "-i",
        "file:/m/p.png",
        "-i",
        "file:/m/q.jpg",
        "-filter_complex",
        f"[0:v]{letterbox(1920, 1080)},setsar=1,format=yuv420p,fps=30,"
        "tpad=stop_mode=clone:stop_duration=1.5,trim=duration=1.5,setpts=PTS-STARTPTS[v0];"
        "anullsrc=r=48000:cl=stereo,atrim=duration=1.5[a0];"
        f"[1:v]{letterbox(1920, 1080)},setsar=1,format=yuv420p,fps=30,"
        "tpad=stop_mode=clone:stop_duration=2,trim=duration=2,setpts=PTS-STARTPTS[v1];"
        "anullsrc=r=48000:cl=stereo,atrim=duration=2[a1];"
        "[v0][a0][v1][a1]concat=n=2:v=1:a=1[vcat][acat]",
        "-map",
        "[vcat]",
        "-map",
        "[acat]",
        *encode("ultrafast", 28, "128k", "3.5"),
    ]


def test_a_photo_stays_a_still_whatever_the_draft_calls_it() -> None:
    d = draft([{"id": "i1", "src": "m4", "k": "video", "st": 0, "d": 1500, "sp": 2.0}])
    args = plan(d, [PHOTO], OUT, "low", workdir=WORK)
    assert args[9:11] == ["-i", "file:/m/p.png"]
    assert args[12].startswith(
        f"[0:v]{letterbox(1920, 1080)},setsar=1,format=yuv420p,fps=30,"
        "tpad=stop_mode=clone:stop_duration=1.5,"
    )


def test_speed_volume_and_mute() -> None:
    d = draft([seg("m1", 1000, sp=2.0, v=50), seg("m1", 2000, sp=0.25, v=0)])
    args = plan(d, [A], OUT, "low", workdir=WORK)
    assert args[9:15] == ["-t", "2", "-i", "file:/m/a.mp4", "-t", "0.5"]
    assert args[args.index("-filter_complex") + 1].split(";")[:4] == [
        f"[0:v]setpts=(PTS-STARTPTS)/2,fps=30,{letterbox(1920, 1080)},setsar=1,format=yuv420p[v0]",
        # A plain cut to a muted clip: this one's sound fades out over its last 10 ms.
        f"[0:a]asetpts=PTS-STARTPTS,atempo=2,volume=0.5,{AF},apad,atrim=duration=1,"
        "afade=t=out:st=0.99:d=0.01[a0]",
        f"[1:v]setpts=(PTS-STARTPTS)/0.25,fps=30,{letterbox(1920, 1080)},setsar=1,"
        "format=yuv420p[v1]",
        "anullsrc=r=48000:cl=stereo,atrim=duration=2[a1]",
    ]


def test_a_source_shorter_than_the_draft_holds_its_last_frame() -> None:
    d = draft([seg("m1", 2000, **{"in": 1000})])
    graph = plan(d, [A], OUT, workdir=WORK)
    assert graph[graph.index("-filter_complex") + 1].split(";")[0] == (
        f"[0:v]setpts=PTS-STARTPTS,fps=30,{letterbox(1920, 1080)},setsar=1,format=yuv420p,"
        "tpad=stop_mode=clone:stop_duration=1[v0]"
    )


# ---------------------------------------------------------------- music


def _music_part(d: dict[str, Any], songs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    args = plan(d, [A, *songs], OUT, workdir=WORK)
    graph = args[args.index("-filter_complex") + 1].split(";")
    return args[args.index("file:/m/a.mp4") + 1 : args.index("-filter_complex")], graph[2:]


@pytest.mark.parametrize(
    ("song", "music", "inputs", "graph"),
    [
        (  # a long song is cut with -t, no loop
            SONG,
            {"src": "m3", "st": 0, "d": 2000, "v": 100, "loop": True},
            ["-t", "2", "-i", "file:/m/song.wav"],
            [f"[1:a]asetpts=PTS-STARTPTS,volume=1,{AF}[m0]"],
        ),
        (  # a short one loops to cover the timeline
            media("m3", "jingle.mp3", "audio", duration=0.5),
            {"src": "m3", "d": 2000, "v": 20},
            ["-stream_loop", "-1", "-t", "2", "-i", "file:/m/jingle.mp3"],
            [f"[1:a]asetpts=PTS-STARTPTS,volume=0.2,{AF}[m0]"],
        ),
        (  # unless looping is off
            media("m3", "jingle.mp3", "audio", duration=0.5),
            {"src": "m3", "d": 2000, "v": 20, "loop": False},
            ["-t", "2", "-i", "file:/m/jingle.mp3"],
            [f"[1:a]asetpts=PTS-STARTPTS,volume=0.2,{AF}[m0]"],
        ),
        (  # a mono song goes to both channels at full level
            media("m3", "mono.wav", "audio", duration=9.0, channels=1),
            {"src": "m3", "d": 2000},
            ["-t", "2", "-i", "file:/m/mono.wav"],
            [f"[1:a]asetpts=PTS-STARTPTS,volume=1,pan=stereo|c0=c0|c1=c0,{AF}[m0]"],
        ),
        (  # in-point, a late start (delayed), and fades shorter than the piece
            SONG,
            {"src": "m3", "st": 500, "d": 5000, "in": 3000, "v": 35, "fi": 300, "fo": 700},
            ["-ss", "3", "-t", "1.5", "-i", "file:/m/song.wav"],
            [
                "[1:a]asetpts=PTS-STARTPTS,volume=0.35,afade=t=in:st=0:d=0.3,"
                f"afade=t=out:st=0.8:d=0.7,{AF},adelay=delays=500:all=1[m0]"
            ],
        ),
    ],
)
def test_music(
    song: dict[str, Any], music: dict[str, Any], inputs: list[str], graph: list[str]
) -> None:
    found_inputs, found_graph = _music_part(draft([seg("m1", 2000)], music=[music]), [song])
    assert found_inputs == inputs
    assert found_graph == [
        *graph,
        "[a0][m0]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mix]",
    ]


def test_music_from_a_missing_or_silent_file_is_left_out() -> None:
    d = draft([seg("m1", 2000)], music=[{"src": "m9", "d": 2000}, {"src": "m2", "d": 2000}])
    args = plan(d, [A, B], OUT, workdir=WORK)
    assert "amix" not in args[args.index("-filter_complex") + 1]


# ---------------------------------------------------------------- titles


def test_title_positions_times_and_clamping() -> None:
    text = [
        {"tx": "Top", "st": 0, "d": 1000, "pos": "top", "size": "small"},
        {"tx": "Low", "st": 1500, "d": 5000, "pos": "bottom", "size": "medium"},
        {"tx": "Too late", "st": 2000, "d": 1000},
        {"tx": "  ", "st": 0, "d": 1000},
    ]
    job = build(draft([seg("m1", 2000)], text=text), [A], OUT, workdir=WORK)
    graph = job.args[job.args.index("-filter_complex") + 1].split(";")
    assert graph[2:] == [
        "[v0][1:v]overlay=x=(W-w)/2:y=65:enable='between(t,0,1)'[vt0]",
        "[vt0][2:v]overlay=x=(W-w)/2:y=H-h-65:enable='between(t,1.5,2)'[vt1]",
    ]
    assert [(t.path.name, t.text, t.size) for t in job.titles] == [
        ("title-0.png", "Top", "small"),
        ("title-1.png", "Low", "medium"),
    ]


# ---------------------------------------------------------------- stream copy

HD: dict[str, Any] = dict(width=1920, height=1080, fps=30.0, sample_rate=48000, channels=2)
C1 = media("m1", "c1.mp4", duration=3.0, **HD)
C2 = media("m2", "it's.mp4", duration=2.0, **HD)
COPYABLE = draft([seg("m1", 3000), seg("m2", 2000)], title="Trip")


def test_matching_clips_are_stream_copied_with_the_concat_demuxer() -> None:
    job = build(COPYABLE, [C1, C2], OUT, "high", workdir=WORK)
    assert job.stream_copy
    assert job.args == [
        *HEAD,
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        "file:/work/inputs.txt",
        "-map",
        "0:v:0",
        "-map",
        "0:a:0",
        "-c",
        "copy",
        "-metadata",
        "title=Trip",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(OUT),
    ]
    assert job.concat_list == (WORK / "inputs.txt", "file '/m/c1.mp4'\nfile '/m/it'\\''s.mp4'\n")
    assert job.duration == 5.0


def _spoil(change: str) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    d, items, preview = copy.deepcopy(COPYABLE), [dict(C1), dict(C2)], False
    segs = d["t"][0]["sg"]
    if change == "title":
        d["t"].append({"tt": 7, "sg": [{"tx": "Hi", "st": 0, "d": 1000}]})
    elif change == "music":
        d["t"].append({"tt": 1, "sg": [{"src": "m1", "d": 5000, "v": 30}]})
    elif change == "trim":
        segs[0].update({"in": 500, "d": 2500})
    elif change == "shorter":
        segs[0]["d"] = 2000
    elif change == "speed":
        segs[0]["sp"] = 2.0
    elif change == "volume":
        segs[1]["v"] = 50
    elif change == "xfade":
        d["m"]["xfade"] = 500
    elif change == "size":
        items[1].update(width=1280, height=720)
    elif change == "fps":
        items[1]["fps"] = 25.0
    elif change == "audio rate":
        items[1]["sample_rate"] = 44100
    elif change == "no audio":
        items[1]["has_audio"] = False
    elif change == "codec":
        items[1]["video_codec"] = "hevc"
    elif change == "rotation":
        items[1]["rotation"] = 90
    elif change == "image":
        items[1]["file_type"] = "image"
    elif change == "preview":
        preview = True
    return d, items, preview


@pytest.mark.parametrize(
    ("change", "copied"),
    [
        ("nothing", True),
        ("title", False),
        ("music", False),
        ("trim", False),
        ("shorter", False),
        ("speed", False),
        ("volume", False),
        ("xfade", False),
        ("size", False),
        ("fps", False),
        ("audio rate", False),
        ("no audio", False),
        ("codec", False),
        ("rotation", False),
        ("image", False),
        ("preview", False),
    ],
)
def test_anything_that_needs_re_encoding_turns_stream_copy_off(change: str, copied: bool) -> None:
    d, items, preview = _spoil(change)
    assert build(d, items, OUT, preview=preview, workdir=WORK).stream_copy is copied


# ---------------------------------------------------------------- helpers and errors


@pytest.mark.parametrize(
    ("meta", "preview", "size"),
    [
        ({"width": 1920, "height": 1080}, False, (1920, 1080)),
        ({"aspect": "9:16"}, False, (1080, 1920)),
        ({"aspect": "1:1"}, False, (1080, 1080)),
        ({}, False, (1920, 1080)),
        ({"width": "wide", "height": None, "aspect": "16:9"}, False, (1920, 1080)),
        ({"width": 1281, "height": 721}, False, (1280, 720)),
        ({"width": 1920, "height": 1080}, True, (480, 270)),
        ({"width": 1080, "height": 1920}, True, (270, 480)),
        ({"width": 1080, "height": 1080}, True, (480, 480)),
        ({"width": 320, "height": 240}, True, (320, 240)),
    ],
)
def test_frame_size(meta: dict[str, Any], preview: bool, size: tuple[int, int]) -> None:
    assert frame_size({"m": meta}, preview=preview) == size


@pytest.mark.parametrize(
    ("ms", "text"),
    [(0, "0"), (5000, "5"), (1500, "1.5"), (1234.5, "1.234"), (33.3333, "0.033"), (120000, "120")],
)
def test_sec(ms: float, text: str) -> None:
    assert sec(ms) == text


@pytest.mark.parametrize(
    ("speed", "filters"),
    [
        (1.0, []),
        (2.0, ["atempo=2"]),
        (1.5, ["atempo=1.5"]),
        (0.5, ["atempo=0.5"]),
        (0.25, ["atempo=0.5", "atempo=0.5"]),
        (0.3, ["atempo=0.5", "atempo=0.6"]),
        (4.0, ["atempo=4"]),
    ],
)
def test_atempo(speed: float, filters: list[str]) -> None:
    assert atempo(speed) == filters


def test_video_spans_follow_the_crossfades() -> None:
    d = draft([seg("m1", 2000, n="a"), seg("m2", 3000, n="b"), seg("m1", 1000, n="c")], xfade=500)
    assert video_spans(d) == [(0, 2000, "a"), (1500, 4500, "b"), (4000, 5000, "c")]
    # (lengths are the clips' own: a crossfade needs two runs, and fits the shortest)
    assert crossfade_ms(draft([seg("m1", 2000)], xfade=500), [2000]) == 0
    assert crossfade_ms(draft([seg("m1", 2000), seg("m2", 600)], xfade=500), [2000, 600]) == 300


# Three pieces of one source (two pauses cut out of m1), then another clip, with crossfades.
PIECES = draft(
    [
        seg("m1", 1500, n="a"),
        seg("m1", 300, n="a", **{"in": 2000}),
        seg("m1", 1000, n="a", **{"in": 2500}),
        seg("m2", 2000, n="b"),
    ],
    xfade=500,
)


def test_pieces_of_one_source_join_by_a_plain_cut_even_with_crossfades() -> None:
    # Pieces never overlap (a crossfade would lay one sentence over the next); the crossfade
    # joins the run of pieces (2.8 s) to the next clip, and is not shortened by a short piece.
    assert video_spans(PIECES) == [
        (0, 1500, "a"),
        (1500, 1800, "a"),
        (1800, 2800, "a"),
        (2300, 4300, "b"),
    ]
    assert crossfade_ms(PIECES, [1500, 300, 1000, 2000]) == 500
    assert from_draft(PIECES).starts() == [0, 1500, 1800, 2300]
    args = plan(PIECES, [A, B], OUT, "low", workdir=WORK)
    graph = args[args.index("-filter_complex") + 1].split(";")
    assert [c for c in graph if "[a0]" in c or "[a1]" in c or "[a2]" in c][:3] == [
        f"[0:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=1.5,afade=t=out:st=1.49:d=0.01[a0]",
        f"[1:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=0.3,afade=t=in:st=0:d=0.01,"
        "afade=t=out:st=0.29:d=0.01[a1]",
        f"[2:a]asetpts=PTS-STARTPTS,{AF},apad,atrim=duration=1,afade=t=in:st=0:d=0.01[a2]",
    ]
    assert graph[8:] == [
        "[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[vr0][ar0]",
        "[v3]settb=AVTB[vr1]",  # xfade wants one time base on both sides: concat's
        "[vr0][vr1]xfade=transition=fade:duration=0.5:offset=2.3[vx1]",
        "[ar0][a3]acrossfade=d=0.5[ax1]",
    ]
    assert args[args.index("-t", args.index("-c:v")) + 1] == "4.3"


def test_concat_list_quotes() -> None:
    assert concat_list_text([Path("/a b/c.mp4"), Path("/x/'y'.mp4")]) == (
        "file '/a b/c.mp4'\nfile '/x/'\\''y'\\''.mp4'\n"
    )


@pytest.mark.parametrize(
    ("d", "items", "message"),
    [
        ({"t": [], "d": 0, "m": {}}, [], "The timeline is empty: there is nothing to render."),
        (draft([seg("m1", 0)]), [A], "The timeline is empty: there is nothing to render."),
        (
            draft([seg("m7", 1000, n="gone.mp4")]),
            [A],
            "The clip 'gone.mp4' refers to a file that is not in this session any more.",
        ),
        (
            draft([seg("m3", 1000, n="song.wav")]),
            [SONG],
            "'song.wav' is an audio file: it cannot go on the video track.",
        ),
    ],
)
def test_drafts_that_cannot_render(
    d: dict[str, Any], items: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        plan(d, items, OUT, workdir=WORK)
    assert caught.value.message == message


def test_defensive_reading_of_odd_segments() -> None:
    """Unknown keys are ignored, bad numbers fall back to defaults, nothing raises."""
    d = draft([seg("m1", 2000, sp="fast", v=None, extra={"x": 1}, **{"in": "soon"})])
    d["t"].append({"tt": 7, "sg": ["not a segment", {"tx": "Hi", "d": "long"}]})
    args = plan(d, [A], OUT, workdir=WORK)
    graph = args[args.index("-filter_complex") + 1]
    assert "setpts=PTS-STARTPTS,fps=30" in graph
    assert "enable='between(t,0,2)'" in graph  # default 3 s, clamped to the 2 s timeline


@pytest.mark.parametrize(
    ("floor", "setting"),
    # The source's own noise floor + 12 dB (render/denoise.py), within what afftdn accepts;
    # a source that was not analysed gets -40 dB.
    [(-54.2, "nf=-42"), (-34.3, "nf=-22"), (-20.0, "nf=-20"), (-100.0, "nf=-80"), (None, "nf=-40")],
)
def test_denoise_is_set_from_the_measured_noise_floor(floor: float | None, setting: str) -> None:
    d = draft([seg("m1", 2000, v=50)], dn=True)
    args = plan(d, [A], OUT, workdir=WORK, noise={"m1": floor})
    assert args[args.index("-filter_complex") + 1].split(";")[1] == (
        f"[0:a]asetpts=PTS-STARTPTS,afftdn=nr=20:{setting},volume=0.5,{AF},apad,"
        "atrim=duration=2[a0]"
    )
    assert not build(d, [A], OUT, workdir=WORK).stream_copy


# ---------------------------------------------------------------- issue 18: what files people have


PAL_DV = media("m5", "dv.mp4", width=720, height=576, sar="64:45")


@pytest.mark.parametrize(
    ("meta", "fit"),
    [
        ({}, "scale=1920:1080:out_range=tv,setsar=1,pad=1920:1080:(ow-iw)/2:(oh-ih)/2:color=black"),
        (
            {"aspect": "9:16", "width": 1080, "height": 1920},
            "scale=1080:608:out_range=tv,setsar=1,pad=1080:1920:(ow-iw)/2:(oh-ih)/2:color=black",
        ),
        (
            {"aspect": "9:16", "width": 1080, "height": 1920, "fit": "fill"},
            "scale=3414:1920:out_range=tv,setsar=1,crop=1080:1920",
        ),
        (
            {"aspect": "1:1", "width": 1080, "height": 1080},
            "scale=1080:608:out_range=tv,setsar=1,pad=1080:1080:(ow-iw)/2:(oh-ih)/2:color=black",
        ),
    ],
)
def test_non_square_pixels_are_fitted_by_the_shape_they_show(
    meta: dict[str, Any], fit: str
) -> None:
    graph = plan(draft([seg("m5", 2000)], **meta), [PAL_DV], OUT, workdir=WORK)
    first = graph[graph.index("-filter_complex") + 1].split(";")[0]
    assert first == f"[0:v]setpts=PTS-STARTPTS,fps=30,{fit},setsar=1,format=yuv420p[v0]"


@pytest.mark.parametrize(
    ("colour", "head"),
    [
        (
            {"range": "tv", "space": "bt2020nc", "primaries": "bt2020", "transfer": "arib-std-b67"},
            "zscale=tin=arib-std-b67:pin=bt2020:min=bt2020nc:rin=tv:t=linear:npl=203",
        ),
        (
            {"space": "bt2020nc", "primaries": "bt2020", "transfer": "smpte2084"},
            "zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:t=linear:npl=203",
        ),
    ],
    ids=["HLG", "PQ"],
)
def test_hdr_is_tone_mapped_to_bt709_after_the_fit(colour: dict[str, str], head: str) -> None:
    hdr = media(
        "m6",
        "hdr.mp4",
        width=1920,
        height=1080,
        video_codec="hevc",
        pix_fmt="yuv420p10le",
        color=colour,
    )
    args = plan(draft([seg("m6", 2000)]), [hdr], OUT, workdir=WORK)
    first = args[args.index("-filter_complex") + 1].split(";")[0]
    assert first == (
        f"[0:v]setpts=PTS-STARTPTS,fps=30,{letterbox(1920, 1080)},{head},format=gbrpf32le,"
        "zscale=p=bt709,tonemap=tonemap=mobius:param=0.7:desat=0,zscale=t=bt709:m=bt709:r=tv,"
        "setsar=1,format=yuv420p[v0]"
    )
    sdr = plan(draft([seg("m1", 2000)]), [A], OUT, workdir=WORK)
    assert "zscale" not in " ".join(sdr)
    assert args[args.index("-colorspace") : args.index("-c:a")] == [
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
    ]


def test_a_picture_with_transparent_parts_is_laid_over_black() -> None:
    logo = media("m7", "logo.png", "image", alpha=True, pix_fmt="rgba")
    args = plan(draft([seg("m7", 2000, k="image")]), [logo], OUT, workdir=WORK)
    first = args[args.index("-filter_complex") + 1].split(";")[0]
    assert first.startswith(
        f"[0:v]format=gbrap,premultiply=inplace=1,{letterbox(1920, 1080)},"
        "setsar=1,format=yuv420p,fps=30,"
    )


@pytest.mark.parametrize(
    ("fps", "label", "text"),
    [
        (25.0, "25", "25"),
        (29.97, "29.97", "30000/1001"),
        (29.98, "29.97", "30000/1001"),
        (23.98, "23.976", "24000/1001"),
        (24.0, "24", "24"),
        (30.0, "30", "30"),
        (50.0, "50", "50"),
        (59.94, "59.94", "60000/1001"),
        (60.0, "60", "60"),
        (120.0, "60", "60"),
        (119.88, "59.94", "60000/1001"),
        (240.0, "60", "60"),
        (15.0, "30", "30"),
        (12.5, "25", "25"),
        (12.0, "24", "24"),
        (10.0, "30", "30"),
        (0.0, "30", "30"),
    ],
)
def test_rates_snap_to_the_standard_ones(fps: float, label: str, text: str) -> None:
    from nemo_cli.backends.local.render.rate import snap

    assert (snap(fps).label, snap(fps).text) == (label, text)


@pytest.mark.parametrize(
    ("clips", "meta", "rate"),
    [
        ([("m60", 3000), ("m24", 2000)], {}, "fps=60"),  # most of the timeline is 60 fps
        ([("m60", 1000), ("m24", 2000)], {}, "fps=24000/1001"),
        ([("m60", 3000)], {"fps": 24}, "fps=24"),  # "24 fps film look"
        ([("m24", 3000)], {"fps": 29.97}, "fps=30000/1001"),
        ([("p", 3000)], {}, "fps=30"),  # photos alone
    ],
)
def test_the_output_rate_is_the_timelines_own_unless_asked(
    clips: list[tuple[str, int]], meta: dict[str, Any], rate: str
) -> None:
    items = [
        media("m60", "sixty.mp4", fps=60.0),
        media("m24", "film.mp4", fps=23.98),
        media("p", "photo.png", "image"),
    ]
    segs = [seg(src, d, k="image" if src == "p" else "video") for src, d in clips]
    args = plan(draft(segs, **meta), items, OUT, workdir=WORK)
    graph = args[args.index("-filter_complex") + 1]
    assert all(
        f"{rate}," in part
        for part in graph.split(";")
        if part.startswith("[") and ":v]" in part.split("]")[0] + "]"
    )


def test_a_clip_at_another_rate_is_not_stream_copied() -> None:
    whole = media("m1", "a.mp4", width=1920, height=1080, duration=2.0)
    copied = build(draft([seg("m1", 2000)]), [whole], OUT, workdir=WORK)
    assert copied.stream_copy
    assert not build(draft([seg("m1", 2000)], fps=60), [whole], OUT, workdir=WORK).stream_copy
    cut = media("m1", "a.mp4", width=1920, height=1080, duration=2.0, video_duration=1.0)
    assert not build(draft([seg("m1", 2000)]), [cut], OUT, workdir=WORK).stream_copy


TWO_TRACKS = media(
    "m8",
    "film.mp4",
    audio_stream=1,
    audio_streams=[
        {"index": 1, "codec": "aac", "channels": 2, "title": "Commentary", "default": False},
        {"index": 2, "codec": "aac", "channels": 1, "language": "fra", "default": True},
    ],
)


@pytest.mark.parametrize(
    ("clip", "pad"),
    [
        ({}, f"[0:2]asetpts=PTS-STARTPTS,pan=stereo|c0=c0|c1=c0,{AF}"),  # the default: 0:2
        ({"at": 0}, f"[0:1]asetpts=PTS-STARTPTS,{AF}"),
    ],  # "use the commentary track"
)
def test_the_sound_is_the_default_track_or_the_one_picked(clip: dict[str, Any], pad: str) -> None:
    args = plan(draft([seg("m8", 2000, **clip)]), [TWO_TRACKS], OUT, workdir=WORK)
    assert args[args.index("-filter_complex") + 1].split(";")[1] == (
        f"{pad},apad,atrim=duration=2[a0]"
    )


def test_a_photo_in_tiles_is_read_whole_and_held() -> None:
    tiles = media("m9", "IMG_0002.heic", "image", video_codec="hevc", grid=0)
    args = plan(draft([seg("m9", 2000, k="image")]), [tiles], OUT, workdir=WORK)
    assert args[args.index("-filter_complex") + 1].split(";")[0] == (
        f"[0:g:0]{letterbox(1920, 1080)},setsar=1,format=yuv420p,loop=loop=-1:size=1,fps=30,"
        "tpad=stop_mode=clone:stop_duration=2,trim=duration=2,setpts=PTS-STARTPTS[v0]"
    )


@pytest.mark.parametrize(
    ("entry", "matrix"),
    [
        # HD that does not say its matrix is BT.709, as players take it (ffmpeg would take
        # BT.601 and convert every picture to the BT.709 output, shifting its colours)
        (media("m7", "hd.mp4", width=1920, height=1080), ":in_color_matrix=bt709"),
        (media("m7", "hd.mp4", width=1280, height=720), ":in_color_matrix=bt709"),
        (media("m7", "tall.mp4", width=720, height=1280), ":in_color_matrix=bt709"),
        # SD is BT.601: converted to BT.709, as it must be
        (media("m7", "sd.mp4", width=720, height=576), ""),
        (media("m7", "small.mp4"), ""),
        # a file that says its matrix is taken at its word
        (media("m7", "hd.mp4", width=1920, height=1080, color={"space": "bt470bg"}), ""),
        # photos: JPEG is BT.601 by definition, PNG is RGB
        (media("m7", "photo.jpg", "image", width=1920, height=1080), ""),
    ],
)
def test_an_untagged_hd_video_is_taken_for_bt709(entry: dict[str, Any], matrix: str) -> None:
    vertical = {"aspect": "9:16", "width": 1080, "height": 1920}  # never a stream copy
    clip = seg("m7", 2000, k=entry["file_type"])
    args = plan(draft([clip], **vertical), [entry], OUT, workdir=WORK)
    first = args[args.index("-filter_complex") + 1].split(";")[0]
    scale = first.split(",")[2 if entry["file_type"] == "video" else 0]
    assert scale.endswith(f"out_range=tv{matrix}")
