"""Smart cut (render/smart_cut.py and its helpers): tables for every pure step (the cut planned
from packets, x264's settings given back, which segments qualify, NAL units, avcC, packet
listings, decode delays, the checks), then real renders of an x264 recording with B-frames:
the copied frames are the source's own, bit for bit; the encoded frames around the joins match
a full re-encode; frame counts, timestamps, parameter sets and the sound hold across joins."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Result
from mediagen import ffmpeg_exe, make_clip, make_recording

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import runner
from nemo_cli.backends.local.render.decode_delay import delay_of, expected_delay
from nemo_cli.backends.local.render.h264_units import X264_UUID, split_annexb
from nemo_cli.backends.local.render.join_check import check_joined, sound_gap
from nemo_cli.backends.local.render.mp4_avcc import avc_config, parse_avcc
from nemo_cli.backends.local.render.packets import Packet, Stream, parse, timestamp
from nemo_cli.backends.local.render.piece_check import check_grid
from nemo_cli.backends.local.render.pool import threads_each, workers
from nemo_cli.backends.local.render.probe import probe
from nemo_cli.backends.local.render.rate import Rate
from nemo_cli.backends.local.render.segment_cache import SegmentCache
from nemo_cli.backends.local.render.segment_render import render_segmented
from nemo_cli.backends.local.render.segments import Segment, split
from nemo_cli.backends.local.render.smart_cut import Cut, first_tick, frame_step, plan_cut, why_not
from nemo_cli.backends.local.render.x264_settings import translate
from nemo_cli.backends.local.store import media_entry
from nemo_cli.backends.local.timeline import Clip, Frame, Text, Timeline

FF = ffmpeg_exe()
TB = Fraction(1, 15360)
STEP = 512  # one frame at 30 fps in 1/15360

# ---------------------------------------------------------------- the cut, from packets

# x264's order with a B-pyramid: each group's keyframe, then (anchor, middle B, the two
# others) per four frames, as display offsets in file order.
GOP = [0, 4, 2, 1, 3, 7, 5, 6]


def _stream(*groups: list[int], start: int = 0, drop: tuple[int, ...] = ()) -> Stream:
    """Packets of groups of 8 frames in file order (each group's first a keyframe)."""
    packets = []
    n = 0
    for g, group in enumerate(groups):
        for i, offset in enumerate(group):
            frame = start + 8 * g + offset
            if frame not in drop:
                packets.append(Packet((n - 2) * STEP, frame * STEP, STEP, 100, i == 0))
            n += 1
    return Stream(TB, tuple(packets))


# An open GOP: the keyframe at 8 comes before frame 7, which refers across it.
BEFORE_OPEN = [0, 4, 2, 1, 3, 6, 5]
OPEN = [0, -1, 4, 2, 1, 3, 7, 5, 6]


@pytest.mark.parametrize(
    ("stream", "start", "frames", "expected"),
    [
        # in-point inside a group: 5 frames encoded up to the keyframe at 8, then 8..12 copied
        # (after 12 arrives, 13 and 14 wait for 15: not a clean end), 13 and 14 encoded
        (_stream(GOP, GOP, GOP), 3, 12, Cut(5, 8 * STEP, 5, 2, STEP)),
        # on a keyframe: nothing before it to encode
        (_stream(GOP, GOP, GOP), 8, 7, Cut(0, 8 * STEP, 5, 2, STEP)),
        # the out-point where the pictures are whole: nothing after the copy
        (_stream(GOP, GOP, GOP), 8, 5, Cut(0, 8 * STEP, 5, 0, STEP)),
        # a whole group and the start of the next are copied
        (_stream(GOP, GOP, GOP), 2, 19, Cut(6, 8 * STEP, 13, 0, STEP)),
        # the in-point between frames: the first frame at or after it
        (_stream(GOP, GOP, GOP), 3 * STEP - 100, 12, Cut(5, 8 * STEP, 5, 2, STEP)),
        (_stream(GOP, GOP, GOP), 9, 5, "the source has no keyframe inside the range"),
        (
            _stream(GOP, GOP, GOP, drop=(10,)),
            3,
            12,
            "the source's frames are not evenly spaced at the export's rate there",
        ),
        (
            _stream(BEFORE_OPEN, OPEN, GOP),
            3,
            12,
            "its keyframe opens a group whose first pictures refer to the one before",
        ),
    ],
)
def test_the_cut_is_planned_from_the_packets(
    stream: Stream, start: int, frames: int, expected: Cut | str
) -> None:
    tick = start if start > 100 else start * STEP
    cut = plan_cut(stream, tick, frames, STEP, min_copy_s=0)
    assert cut == expected
    if isinstance(cut, Cut):
        assert cut.frames == frames


def test_a_cut_that_copies_under_a_second_is_not_made() -> None:
    assert plan_cut(_stream(GOP, GOP, GOP), 3 * STEP, 12, STEP) == (
        "less than a second could be copied"
    )


@pytest.mark.parametrize(
    ("us", "tb", "tick"),
    [
        (12_400_000, TB, 190464),  # 12.4 s: exactly frame 372
        (12_410_000, TB, 190618),  # 190617.6 rounds up
        (0, TB, 0),
        (-21_333, Fraction(1, 48000), -1024),
        (1_400_000, Fraction(1, 90000), 126000),
    ],
)
def test_first_tick_rounds_as_ffmpeg_does(us: int, tb: Fraction, tick: int) -> None:
    assert first_tick(Stream(tb, ()), us) == tick


@pytest.mark.parametrize(
    ("ticks", "tb", "text"),
    [
        (215552, TB, "14.033333"),
        (184320, TB, "12.000000"),
        (-1024, TB, "-0.066667"),
        (3003, Fraction(1, 90000), "0.033367"),
    ],
)
def test_timestamps_are_given_to_the_microsecond(ticks: int, tb: Fraction, text: str) -> None:
    assert timestamp(ticks, tb) == text


@pytest.mark.parametrize(
    ("tb", "rate", "step"),
    [
        (TB, Rate(30), 512),
        (Fraction(1, 30000), Rate(30000, 1001), 1001),
        (Fraction(1, 90000), Rate(25), 3600),
        (Fraction(1, 1000), Rate(30), None),  # 33.3 ticks: not a whole number
        (Fraction(1, 120000), Rate(24000, 1001), 5005),
    ],
)
def test_a_frame_in_ticks(tb: Fraction, rate: Rate, step: int | None) -> None:
    assert frame_step(Stream(tb, ()), rate) == step


# ---------------------------------------------------------------- x264's settings given back

VERYFAST = (
    "cabac=1 ref=1 deblock=1:0:0 analyse=0x3:0x113 me=hex subme=2 psy=1 psy_rd=1.00:0.00 "
    "mixed_ref=0 me_range=16 chroma_me=1 trellis=0 8x8dct=1 cqm=0 deadzone=21,11 fast_pskip=1 "
    "chroma_qp_offset=0 threads=3 lookahead_threads=1 sliced_threads=0 nr=0 decimate=1 "
    "interlaced=0 bluray_compat=0 constrained_intra=0 bframes=3 b_pyramid=2 b_adapt=1 b_bias=0 "
    "direct=1 weightb=1 open_gop=0 weightp=1 keyint=60 keyint_min=6 scenecut=40 intra_refresh=0 "
    "rc_lookahead=10 rc=crf mbtree=1 crf=23.0 qcomp=0.60 qpmin=0 qpmax=69 qpstep=4 ip_ratio=1.40 "
    "aq=1:1.00"
)


def test_x264s_record_becomes_its_options() -> None:
    params = translate(VERYFAST).params
    assert params is not None
    assert params.split(":") == [
        "cabac=1",
        "ref=1",
        "deblock=0,0",
        "partitions=i4x4,i8x8,p8x8,b8x8",
        "me=hex",
        "subme=2",
        "psy=1",
        "psy-rd=1.00,0.00",
        "mixed-refs=0",
        "merange=16",
        "chroma-me=1",
        "trellis=0",
        "8x8dct=1",
        "cqm=flat",
        "deadzone-inter=21",
        "deadzone-intra=11",
        "fast-pskip=1",
        "chroma-qp-offset=0",  # subme 2: psy-RD is off, nothing was taken off
        "nr=0",
        "dct-decimate=1",
        "bluray-compat=0",
        "constrained-intra=0",
        "bframes=3",
        "b-pyramid=2",
        "b-adapt=1",
        "b-bias=0",
        "direct=spatial",
        "weightb=1",
        "open-gop=0",
        "weightp=1",
        "keyint=60",
        "keyint-min=6",
        "scenecut=40",
        "intra-refresh=0",
        "rc-lookahead=10",
        "mbtree=1",
        "crf=23.0",
        "qcomp=0.60",
        "qpmin=0",
        "qpmax=69",
        "qpstep=4",
        "ipratio=1.40",
        "aq-mode=1",
        "aq-strength=1.00",
    ]


@pytest.mark.parametrize(
    ("record", "offset"),
    [
        # x264 took 2 off for psy-RD (subme >= 6) and 1 or 2 for psy-trellis: given back
        ("psy=1 psy_rd=1.00:0.15 subme=7 trellis=1 chroma_qp_offset=-3 rc=crf", 0),
        ("psy=1 psy_rd=1.00:0.30 subme=7 trellis=1 chroma_qp_offset=-5 rc=crf", -1),
        ("psy=1 psy_rd=1.00:0.00 subme=7 trellis=1 chroma_qp_offset=-2 rc=crf", 0),
        ("psy=1 psy_rd=0.20:0.00 subme=7 trellis=0 chroma_qp_offset=-1 rc=crf", 0),
        ("psy=0 subme=9 trellis=2 chroma_qp_offset=0 rc=crf", 0),
        ("psy=1 psy_rd=1.00:0.00 subme=2 chroma_qp_offset=0 rc=crf", 0),
    ],
)
def test_the_chroma_offset_is_given_back_before_psy(record: str, offset: int) -> None:
    params = translate(record).params
    assert params is not None and f"chroma-qp-offset={offset}" in params.split(":")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("cqm=2 rc=crf", "the source uses its own quantiser matrices"),
        ("interlaced=tff rc=crf", "the source is interlaced"),
        ("rc=2pass bitrate=2000", "the source was encoded in two passes"),
        ("crop_rect=0,0,0,8 rc=crf", "x264 setting crop_rect cannot be repeated"),
        ("cabac=1", "x264's rate control is not recorded"),
        ("deadzone=a,b rc=crf", "x264's settings could not be read"),
    ],
)
def test_settings_that_cannot_be_given_back(record: str, reason: str) -> None:
    assert translate(record).params is None
    assert translate(record).reason == reason


@pytest.mark.parametrize(
    ("record", "part"),
    [
        ("deblock=0:0:0 rc=crf", "no-deblock=1"),
        ("deblock=1:-1:-1 rc=crf", "deblock=-1,-1"),
        ("analyse=0:0 rc=crf", "partitions=none"),
        ("aq=0 rc=crf", "aq-mode=0"),
        ("rc=cbr bitrate=2000 vbv_maxrate=2000 vbv_bufsize=4000 nal_hrd=cbr", "nal-hrd=cbr"),
        ("direct=3 rc=crf", "direct=auto"),
    ],
)
def test_option_rows(record: str, part: str) -> None:
    params = translate(record).params
    assert params is not None and part in params.split(":")


# ---------------------------------------------------------------- which segments qualify


def _media(**changes: object) -> Media:
    base = Media(
        id="m1",
        path="/x/lecture.mp4",
        filename="lecture.mp4",
        file_type="video",
        duration=2400.0,
        width=1920,
        height=1080,
        fps=30.0,
        has_audio=True,
        video_codec="h264",
        audio_codec="aac",
        pix_fmt="yuv420p",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _segment(**clip: object) -> Segment:
    timeline = Timeline(
        clips=(replace(Clip("v1", "m1", "lecture", duration_ms=30000, in_ms=720000), **clip),),  # type: ignore[arg-type]
    )
    return split(timeline, Rate(30))[0]


@pytest.mark.parametrize(
    ("segment", "media", "reason"),
    [
        (_segment(), _media(), None),
        (_segment(speed=2.0), _media(), "its speed changes"),
        (_segment(), _media(video_codec="hevc"), "its source is hevc, not H.264"),
        (
            _segment(),
            _media(width=1280, height=720),
            "its source is 1280x720, the export 1920x1080",
        ),
        (
            _segment(),
            _media(pix_fmt="yuv420p10le"),
            "its source's pixels are yuv420p10le, not yuv420p",
        ),
        (_segment(), _media(fps=25.0), "its source runs at 25 fps, the export at 30"),
        (_segment(), _media(fps=29.97), "its source runs at 29.97 fps, the export at 30"),
        (
            _segment(),
            _media(rotation=90),
            "its source's picture is reshaped, turned, transparent or HDR",
        ),
        (
            _segment(),
            _media(sar=(4, 3)),
            "its source's picture is reshaped, turned, transparent or HDR",
        ),
        (_segment(), _media(duration=730.0), "its source's picture ends before the clip does"),
        (_segment(), _media(file_type="image"), "it is not a video clip"),
        (_segment(), None, "it is not a video clip"),
    ],
)
def test_which_segments_can_be_cut(
    segment: Segment, media: Media | None, reason: str | None
) -> None:
    assert why_not(segment, media, Rate(30), (1920, 1080)) == reason


def test_a_title_or_a_crossfade_keeps_a_segment_encoded() -> None:
    clip = Clip("v1", "m1", "lecture", duration_ms=30000, in_ms=720000)
    titled = Timeline(clips=(clip,), texts=(Text("x1", "Hi", start_ms=1000),))
    assert why_not(split(titled, Rate(30))[0], _media(), Rate(30), (1920, 1080)) == (
        "a title or caption is drawn over it"
    )
    other = Clip("v2", "m2", "intro", duration_ms=5000)
    faded = Timeline(clips=(clip, other), frame=Frame(crossfade_ms=500))
    first, second = split(faded, Rate(30))
    assert why_not(first, _media(), Rate(30), (1920, 1080)) == "it crossfades into the next clip"
    assert why_not(second, _media(id="m2"), Rate(30), (1920, 1080)) == ("a crossfade leads into it")


# ---------------------------------------------------------------- bytes: NAL units, avcC


def test_nal_units_parameter_sets_and_x264s_record() -> None:
    sei = (
        b"\x06\x05\x40"
        + X264_UUID
        + b"x264 - core 165 - H.264/MPEG-4 AVC codec - options: cabac=1 rc=crf\x00\x80"
    )
    data = b"\x00\x00\x00\x01\x67\x64\x00\x28" + b"\x00\x00\x01\x68\xef" + b"\x00\x00\x01" + sei
    data += b"\x00\x00\x01\x65\x88\x84\x00\x00"
    unit = split_annexb(data)
    assert [u[0] & 0x1F for u in unit.units] == [7, 8, 6, 5]
    assert unit.parameter_sets == ((b"\x67\x64\x00\x28",), (b"\x68\xef",))
    assert unit.idr
    assert unit.x264_options == "cabac=1 rc=crf"
    assert not split_annexb(b"\x00\x00\x01\x41\x9a").idr
    assert split_annexb(b"\x00\x00\x01\x65\x88").x264_options is None


@pytest.mark.parametrize(
    ("record", "sets"),
    [
        (
            bytes.fromhex("01640028ffe1000467640028010002") + bytes.fromhex("68ef"),
            ((bytes.fromhex("67640028"),), (bytes.fromhex("68ef"),)),
        ),
        (bytes.fromhex("01640028ffe0" + "00"), ((), ())),
        (bytes.fromhex("02640028"), None),  # not version 1
        (bytes.fromhex("01640028ffe1000967"), None),  # cut short
    ],
)
def test_avcc_records(record: bytes, sets: object) -> None:
    config = parse_avcc(record)
    assert (config.parameter_sets if config else None) == sets


# ---------------------------------------------------------------- packet listings and checks


def test_framecrc_lines_become_packets() -> None:
    lines = [
        "#extradata 0:       46, 0x50c51021",
        "#tb 0: 1/15360",
        "#tb 1: 1/48000",
        "0,      -1024,          0,      512,    48834, 0x4350cf39",
        "0,       -512,       1024,      512,    27053, 0xdf319773, F=0x0",
        "1,          0,          0,     1024,      371, 0x12345678",
        "1,       1024,       1024,     1024,      370, 0x12345679, F=0x1",
        "0, -9223372036854775808, -9223372036854775808, 0, 10, 0x0",
        "not a line",
    ]
    video, audio = parse(lines, 2)
    assert video.time_base == TB and video.extradata == "46:0x50c51021"
    assert video.packets == (
        Packet(-1024, 0, 512, 48834, True),
        Packet(-512, 1024, 512, 27053, False),
    )
    assert [p.key for p in audio.packets] == [True, True]
    assert audio.time_base == Fraction(1, 48000)


def _grid(pts: list[int], dts: list[int] | None = None, key: bool = True) -> Stream:
    dts = dts if dts is not None else [p - 2 for p in range(len(pts))]
    return Stream(
        Fraction(1, 30),
        tuple(
            Packet(d, p, 1, 1, key and i == 0)
            for i, (p, d) in enumerate(zip(pts, dts, strict=True))
        ),
    )


@pytest.mark.parametrize(
    ("stream", "frames", "problem"),
    [
        (_grid([0, 2, 1, 3]), 4, None),
        (_grid([0, 2, 1, 3]), 5, "has 4 frames instead of 5"),
        (_grid([0, 2, 2, 3]), 4, "has frames missing, repeated or out of step"),
        (_grid([0, 3, 1, 4]), 4, "has frames missing, repeated or out of step"),
        (_grid([0, 1, 2], [0, 0, 1]), 3, "has decode timestamps that do not rise"),
        (_grid([0, 1, 2], [-2, -1, 2]), 3, "has a picture stored as lasting longer than a frame"),
        (_grid([0, 1], key=False), 2, "does not start with a keyframe"),
    ],
)
def test_a_pictures_packets_are_checked(stream: Stream, frames: int, problem: str | None) -> None:
    assert check_grid(stream, frames, 1) == problem


@pytest.mark.parametrize(
    ("pts", "problem"),
    [
        ([0, 1024, 2048], None),
        ([0, 1024, 3072], "jumps at 0.06 s (+21 ms)"),
        ([0, 1024, 1536], "jumps at 0.03 s (-11 ms)"),
    ],
)
def test_the_sound_must_not_jump(pts: list[int], problem: str | None) -> None:
    stream = Stream(Fraction(1, 48000), tuple(Packet(p, p, 1024, 300, True) for p in pts))
    assert sound_gap(stream) == problem


@pytest.mark.parametrize(
    ("options", "delay"),
    [
        (["-c:v", "libx264", "-preset", "medium", "-crf", "20"], 2),
        (["-c:v", "libx264", "-preset", "ultrafast", "-crf", "28"], 0),
        (["-c:v", "libx264", "-x264-params", "bframes=3:b-pyramid=0"], 1),
        (["-c:v", "libx264", "-x264-params", "bframes=0:b-pyramid=2"], 0),
        (["-c:v", "libx264", "-x264-params", "bframes=2:b-pyramid=normal"], 2),
        (["-c:v", "h264_nvenc"], None),
    ],
)
def test_the_decode_delay_of_settings(options: list[str], delay: int | None) -> None:
    assert expected_delay(options) == delay


def test_the_measured_decode_delay() -> None:
    assert delay_of(_grid([0, 2, 1, 3]), 1) == 2
    assert delay_of(_grid([0, 1], [0, 1]), 1) == 0


@pytest.mark.parametrize(
    ("cores", "env", "running", "threads"),
    [
        (1, {}, 1, None),
        (2, {}, 1, None),
        (4, {}, 2, 2),
        (8, {}, 2, 4),
        (16, {}, 4, 4),
        (2, {"NEMO_RENDER_JOBS": "2"}, 2, 1),
        (2, {"NEMO_RENDER_JOBS": "zero"}, 1, None),
    ],
)
def test_how_many_pieces_at_once(
    cores: int, env: dict[str, str], running: int, threads: int | None
) -> None:
    assert workers(cores, env) == running
    assert threads_each(cores, running) == threads


# ---------------------------------------------------------------- real renders


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """8 s of 320x240 at 30 fps, x264 veryfast with B-frames, a keyframe every half second."""
    path = make_recording(tmp_path_factory.mktemp("rec") / "lecture.mp4", 8.0, keyint=15)
    return Media.from_json({**media_entry(path, probe(path, FF)).to_json(), "id": "m1"})


FRAME = Frame(width=320, height=240)


def _framemd5(path: Path, *pre: str) -> list[str]:
    proc = subprocess.run(
        [FF, "-hide_banner", "-loglevel", "error", *pre, "-i", str(path), "-map", "0:v:0"]
        + ["-f", "framemd5", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [ln.split(",")[-1].strip() for ln in proc.stdout.splitlines() if ln and ln[0] != "#"]


def _source_frames(media: Media, in_ms: int, frames: int) -> list[str]:
    """The source's own frames of a range, decoded (as the plan's seek picks them)."""
    proc = subprocess.run(
        [FF, "-hide_banner", "-loglevel", "error", "-ss", f"{in_ms / 1000:.3f}", "-i", media.path]
        + ["-map", "0:v:0", "-vf", "setpts=PTS-STARTPTS,fps=30", "-frames:v", str(frames)]
        + ["-f", "framemd5", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [ln.split(",")[-1].strip() for ln in proc.stdout.splitlines() if ln and ln[0] != "#"]


def _psnr(a: Path, b: Path) -> list[float]:
    proc = subprocess.run(
        [FF, "-hide_banner", "-i", str(a), "-i", str(b), "-lavfi"]
        + ["[0:v][1:v]psnr=stats_file=-", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.findall(r"psnr_avg:(inf|[\d.]+)", proc.stdout)
    return [float("inf") if v == "inf" else float(v) for v in found]


def _pts(path: Path) -> list[int]:
    proc = subprocess.run(
        [FF, "-hide_banner", "-loglevel", "error", "-i", str(path), "-map", "0:v:0"]
        + ["-c", "copy", "-f", "framecrc", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(int(ln.split(",")[2]) for ln in proc.stdout.splitlines() if ln and ln[0] != "#")


def _render(
    timeline: Timeline, media: list[Media], out: Path, cache: Path, **options: object
) -> object:
    work = out.with_suffix(".work")
    work.mkdir()
    return render_segmented(
        timeline,
        media,
        out,
        "high",
        ffmpeg=FF,
        cache=SegmentCache(cache),
        workdir=work,
        rate=Rate(30),
        **options,  # type: ignore[arg-type]
    )


def _copied_run(got: list[str], source: list[str]) -> range:
    """The frames of ``got`` that are the source's own, as one run (asserted to be one)."""
    same = [i for i, (a, b) in enumerate(zip(got, source, strict=True)) if a == b]
    assert same, "no frame was copied"
    assert same == list(range(same[0], same[-1] + 1)), "the copied frames are not one run"
    return range(same[0], same[-1] + 1)


@pytest.mark.slow
def test_a_range_of_a_recording_is_copied_between_two_short_encodes(
    recording: Media, tmp_path: Path
) -> None:
    """2.37-5.37 s of the recording: its frames 72..161 (the first at or after 2.37 s). Frames
    75 (the keyframe at 2.5 s) to the last clean point before 5.37 s are copied, bit for bit;
    the three before and the few after are encoded, and match a full re-encode."""
    timeline = Timeline(
        clips=(Clip("v1", "m1", "lecture", duration_ms=3000, in_ms=2370),), frame=FRAME
    )
    notes: list[str] = []
    done = runner.Rendered()
    out = runner.render(
        timeline,
        [recording],
        tmp_path / "cut.mp4",
        "high",
        ffmpeg=FF,
        cache=SegmentCache(tmp_path / "cache"),
        notes=notes,
        done=done,
    )
    full = runner.render(timeline, [recording], tmp_path / "full.mp4", "high", ffmpeg=FF)
    got = _framemd5(out)
    assert len(got) == 90 == len(_framemd5(full))
    copied = _copied_run(got, _source_frames(recording, 2370, 90))
    assert copied.start == 3  # 2.4, 2.433, 2.467 s are encoded; the keyframe at 2.5 s is copied
    assert len(copied) >= 90 - 3 - 4  # at most a B-pyramid's worth encoded at the end
    pts = _pts(out)
    assert pts == list(range(pts[0], pts[0] + 90 * 4000, 4000))  # one frame apart, none twice
    # the frames on both sides of each join look like the full re-encode's
    psnr = _psnr(out, full)
    assert len(psnr) == 90 and min(psnr) > 32
    # one set of parameters: the source's own
    source_sets = avc_config(Path(recording.path))
    assert source_sets is not None and avc_config(out) == source_sets
    assert notes == []  # good news is not a warning: the saved line says it (test_cli_export)
    assert done.copied == pytest.approx(len(copied) / 30, abs=0.001)


@pytest.mark.slow
def test_pieces_of_one_recording_joined_by_plain_cuts_are_each_copied(
    recording: Media, tmp_path: Path
) -> None:
    """What a pause cut leaves: three pieces of the recording, each cut from it; the joins
    between pieces are frame-exact and the sound runs on without a jump."""
    pieces = ((300, 2100), (2900, 1800), (5250, 2000))
    timeline = Timeline(
        clips=tuple(
            Clip(f"v{n}", "m1", "lecture", duration_ms=d, in_ms=i)
            for n, (i, d) in enumerate(pieces, 1)
        ),
        frame=FRAME,
    )
    done = _render(timeline, [recording], tmp_path / "cut.mp4", tmp_path / "cache")
    assert done.cut == 3 and done.family == "m1"  # type: ignore[attr-defined]
    got = _framemd5(tmp_path / "cut.mp4")
    wanted = [f for i, d in pieces for f in _source_frames(recording, i, round(d * 30 / 1000))]
    assert len(got) == len(wanted) == 177
    at = 0
    for _, d in pieces:  # each piece has a copied run inside it
        n = round(d * 30 / 1000)
        run = _copied_run(got[at : at + n], wanted[at : at + n])
        assert len(run) >= n - 15 - 4
        at += n
    # the file as a whole: frames on the grid, the sound's packets without a gap, its length
    check_joined(tmp_path / "cut.mp4", FF, frames=177, rate=Rate(30), shown=tmp_path / "x")
    # Again: everything from the cache, nothing encoded or copied.
    again = _render(timeline, [recording], tmp_path / "again.mp4", tmp_path / "cache")
    assert (again.reused, again.cut, again.sound_reused) == (3, 0, True)  # type: ignore[attr-defined]
    assert _framemd5(tmp_path / "again.mp4") == got


@pytest.mark.slow
def test_a_title_over_one_piece_encodes_it_with_the_recordings_settings(
    recording: Media, tmp_path: Path
) -> None:
    """The titled piece cannot be copied: it is encoded with the recording's own x264
    settings, so it joins the piece that is copied (one set of parameters in the file)."""
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "lecture", duration_ms=2000, in_ms=400),
            Clip("v2", "m1", "lecture", duration_ms=3000, in_ms=3100),
        ),
        texts=(Text("x1", "Chapter 1", start_ms=0, duration_ms=1500),),
        frame=FRAME,
    )
    done = _render(timeline, [recording], tmp_path / "mixed.mp4", tmp_path / "cache")
    assert done.cut == 1  # type: ignore[attr-defined]
    assert done.reasons == {0: "a title or caption is drawn over it"}  # type: ignore[attr-defined]
    full = runner.render(timeline, [recording], tmp_path / "full.mp4", "high", ffmpeg=FF)
    psnr = _psnr(tmp_path / "mixed.mp4", full)
    assert len(psnr) == 150 and min(psnr) > 30
    assert avc_config(tmp_path / "mixed.mp4") == avc_config(Path(recording.path))


@pytest.mark.slow
def test_a_recording_not_made_by_x264_is_encoded_whole(tmp_path: Path) -> None:
    """OpenH264's parameter sets cannot be made again by x264: no copy, a normal encode."""
    path = make_recording(tmp_path / "phone.mp4", 4.0, codec=["-c:v", "libopenh264", "-g", "15"])
    media = Media.from_json({**media_entry(path, probe(path, FF)).to_json(), "id": "m1"})
    timeline = Timeline(
        clips=(Clip("v1", "m1", "phone", duration_ms=2000, in_ms=700),), frame=FRAME
    )
    done = _render(timeline, [media], tmp_path / "out.mp4", tmp_path / "cache")
    assert done.cut == 0  # type: ignore[attr-defined]
    assert done.reasons == {  # type: ignore[attr-defined]
        0: "its source was not encoded by x264, so its parameter sets cannot be made again"
    }
    assert len(_framemd5(tmp_path / "out.mp4")) == 60


@pytest.mark.slow
def test_segments_made_side_by_side_join_as_one_after_another(
    recording: Media, tmp_path: Path
) -> None:
    """Two pieces at once (as on a machine with 4 cores or more) give the same frames, in the
    same order, as one after the other."""
    other = make_clip(tmp_path / "b.mp4", 2.0, rate=25, tone=660)
    media = [
        recording,
        Media.from_json({**media_entry(other, probe(other, FF)).to_json(), "id": "m2"}),
    ]
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "lecture", duration_ms=1500, speed=1.5),
            Clip("v2", "m2", "b", duration_ms=1800),
            Clip("v3", "m1", "lecture", duration_ms=1200, in_ms=4000, speed=2.0),
        ),
        frame=FRAME,
    )
    alone = _render(timeline, media, tmp_path / "one.mp4", tmp_path / "c1", running=1)
    side = _render(timeline, media, tmp_path / "two.mp4", tmp_path / "c2", running=2)
    assert alone.encoded == side.encoded == 3  # type: ignore[attr-defined]
    assert _pts(tmp_path / "one.mp4") == _pts(tmp_path / "two.mp4")
    psnr = _psnr(tmp_path / "one.mp4", tmp_path / "two.mp4")
    assert len(psnr) == 135 and min(psnr) > 35


@pytest.mark.slow
def test_a_user_cutting_a_range_of_a_recording_is_told_what_was_copied(
    nemo: Callable[..., Result], tmp_path: Path
) -> None:
    """As a person runs it: upload a 1080p recording, ask for a range in plain words, export.
    The saved line (and --json) say how much was copied without re-encoding; the file lasts
    the range and its frames are the recording's own where copied."""
    lecture = make_recording(tmp_path / "lecture.mp4", 4.0, size="1920x1080", keyint=15)
    assert nemo("upload", str(lecture)).code == 0
    said = nemo("say", "keep 1.2 to 3.6 of the lecture")
    assert said.code == 0, said
    out = tmp_path / "cut.mp4"
    exported = nemo("export", "-o", str(out))
    assert exported.code == 0, exported
    line = " ".join(exported.out.split())
    assert re.search(r"Saved .*cut\.mp4 \([\d.]+ MB, x264; [\d.]+ s copied without", line), line
    assert "re-encoding (smart cut)" in line and "!" not in line  # good news, not a warning
    again = nemo("--json", "export", "-o", str(tmp_path / "again.mp4"))
    assert again.code == 0, again
    copied = json.loads(again.out)["copied_seconds"]
    assert 1.5 <= copied <= 2.4  # the keyframes at 1.5, 2.0, 2.5 ... s: 1.5 s to the out-point
    found = probe(out, FF)
    assert found.duration == pytest.approx(2.4, abs=0.04)
    got = _framemd5(out)
    source = _source_frames(
        Media.from_json(media_entry(lecture, probe(lecture, FF)).to_json()), 1200, 72
    )
    assert len(got) == 72
    assert sum(a == b for a, b in zip(got, source, strict=True)) >= 72 - 9 - 6
