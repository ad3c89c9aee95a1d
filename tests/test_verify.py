"""`nemo verify` and the check every render passes: the log parser and the judge on tables, the
command on real files made here (whole, cut short, black, frozen, silent), and a render whose
ffmpeg writes a shorter video than the timeline being refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mediagen import ffmpeg_exe, make_clip

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import runner
from nemo_cli.backends.local.render.probe import Probe, probe
from nemo_cli.backends.local.render.verify import (
    Decoded,
    Expected,
    Problem,
    decode_command,
    judge,
    parse_decode_log,
    verify,
)
from nemo_cli.backends.local.store import media_entry
from nemo_cli.backends.local.timeline import Clip, Timeline
from nemo_cli.errors import RenderError

FF = ffmpeg_exe()

# ---------------------------------------------------------------- the log, parsed

LOG = """\
[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:x.mp4':
[h264 @ 0x55] [error] Invalid NAL unit size (2883 > 1055).
[h264 @ 0x55] [error] missing picture in access unit with size 1059
[blackdetect @ 0x7f] [info] black_start:0 black_end:1.5 black_duration:1.5
[freezedetect @ 0x7f] [info] lavfi.freezedetect.freeze_start: 2.0
[freezedetect @ 0x7f] [info] lavfi.freezedetect.freeze_duration: 2.5
[freezedetect @ 0x7f] [info] lavfi.freezedetect.freeze_end: 4.5
[freezedetect @ 0x7f] [info] lavfi.freezedetect.freeze_start: 8
[Parsed_astats_3 @ 0x7f] [info] Overall
[Parsed_astats_3 @ 0x7f] [info] Number of samples: 480000
[Parsed_ebur128_4 @ 0x7f] [info] Summary:

  Integrated loudness:
    I:         -21.8 LUFS
    Threshold: -31.8 LUFS
"""
PROGRESS = "frame=100\nprogress=continue\nframe=300\nprogress=end\n"


def test_the_decode_log_is_read_into_findings() -> None:
    assert parse_decode_log(LOG, PROGRESS, duration=10.0) == Decoded(
        frames=300,
        audio_samples=480000,
        errors=(
            "Invalid NAL unit size (2883 > 1055).",
            "missing picture in access unit with size 1059",
        ),
        black=((0.0, 1.5),),
        frozen=((2.0, 4.5), (8.0, 10.0)),  # the last still lasts to the end
        loudness=-21.8,
    )


@pytest.mark.parametrize(
    ("log", "progress", "expected"),
    [
        ("", "", Decoded()),
        ("[x @ 0x1] [warning] something odd\n", "frame=5\n", Decoded(frames=5)),
        ("[x @ 0x1] [fatal] cannot open\n", "", Decoded(errors=("cannot open",))),
        ("    I:         -inf LUFS\n", "", Decoded()),
        ("    I:         -70.0 LUFS\n", "", Decoded(loudness=-70.0)),
    ],
)
def test_log_rows(log: str, progress: str, expected: Decoded) -> None:
    assert parse_decode_log(log, progress) == expected


def test_the_decode_command_is_plain_data() -> None:
    assert decode_command(Path("/v/a.mp4"), video=True, audio=True, deep=False) == [
        "ffmpeg",
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "level+info",
        "-progress",
        "pipe:1",
        "-skip_loop_filter",
        "all",
        "-i",
        "file:/v/a.mp4",
        "-filter_complex",
        "[0:a:0]astats=measure_perchannel=none:measure_overall=Number_of_samples[a]",
        "-map",
        "0:v:0",
        "-map",
        "[a]",
        "-fps_mode",
        "passthrough",
        "-f",
        "null",
        "-",
    ]
    deep = decode_command(Path("/v/a.mp4"), video=True, audio=False, deep=True)
    assert "-skip_loop_filter" not in deep  # its detectors look at finished pictures
    assert deep[deep.index("-filter_complex") + 1] == (
        "[0:v:0]scale=w=320:h=-2:flags=fast_bilinear,blackdetect=d=1,freezedetect=n=0.003:d=2[v]"
    )


# ---------------------------------------------------------------- the judge, on tables

VIDEO = Probe("video", "mov", 10.0, 320, 240, 30.0, has_audio=True, sample_rate=48000)
SILENT_VIDEO = Probe("video", "mov", 10.0, 320, 240, 30.0)
WHOLE = Decoded(frames=300, audio_samples=480000)


def kinds(problems: list[Problem]) -> list[tuple[str, bool]]:
    return [(p.kind, p.broken) for p in problems]


@pytest.mark.parametrize(
    ("found", "decoded", "expected", "result"),
    [
        (VIDEO, WHOLE, None, []),
        (VIDEO, WHOLE, Expected(10.0, 30), []),
        (VIDEO, WHOLE, Expected(10.03, 30), []),  # within a frame
        (
            VIDEO,
            WHOLE,
            Expected(10.1, 30),
            [("duration", True), ("frames", True), ("audio_length", True)],
        ),
        (VIDEO, Decoded(frames=299, audio_samples=480000), Expected(10.0, 30), [("frames", True)]),
        (SILENT_VIDEO, Decoded(frames=300), None, [("no_audio", False)]),
        (SILENT_VIDEO, Decoded(frames=300), Expected(10.0, 30), [("no_audio", True)]),
        (VIDEO, Decoded(frames=150, audio_samples=480000), None, [("frames", True)]),
        (VIDEO, Decoded(frames=300, audio_samples=240000), None, [("audio_length", True)]),
        (
            VIDEO,
            Decoded(frames=300, audio_samples=480000, errors=("bad",)),
            None,
            [("decode", True)],
        ),
        (
            VIDEO,
            Decoded(frames=300, audio_samples=480000, black=((2.0, 4.0),)),
            None,
            [("black", False)],
        ),
        (
            VIDEO,
            Decoded(frames=300, audio_samples=480000, black=((0.0, 10.0),)),
            None,
            [("black", True)],
        ),
        (
            VIDEO,
            Decoded(frames=300, audio_samples=480000, frozen=((0.0, 10.0),)),
            None,
            [("frozen", False)],
        ),
        (
            Probe("audio", "wav", 10.0, has_audio=True, sample_rate=48000),
            Decoded(audio_samples=480000),
            None,
            [("no_video", True)],
        ),
        (VIDEO, Decoded(frames=0, audio_samples=480000), None, [("frames", True)]),
        # A stream copy's frames are its files' own: only a picture that stops early counts.
        (
            VIDEO,
            Decoded(frames=297, audio_samples=480000),
            Expected(10.0, 30, slack=0.1, exact_frames=False),
            [],
        ),
        (
            VIDEO,
            Decoded(frames=150, audio_samples=480000),
            Expected(10.0, 30, slack=0.1, exact_frames=False),
            [("frames", True)],
        ),
        # A decode that counted nothing cannot vouch for the render.
        (VIDEO, Decoded(audio_samples=480000), Expected(10.0, 30), [("frames", True)]),
        # The frame grid is the render's rate, not a fixed 30.
        (VIDEO, Decoded(frames=250, audio_samples=480000), Expected(10.0, 25), []),
        (VIDEO, Decoded(frames=300, audio_samples=480000), Expected(10.0, 25), [("frames", True)]),
    ],
)
def test_judge_rows(
    found: Probe, decoded: Decoded, expected: Expected | None, result: list[tuple[str, bool]]
) -> None:
    assert kinds(judge(found, decoded, expected)) == result


# ---------------------------------------------------------------- real files


def _ffmpeg(*args: str) -> None:
    proc = subprocess.run(
        [FF, "-hide_banner", "-loglevel", "error", "-y", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def _verify_cli(path: Path) -> tuple[int, dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "nemo_cli", "verify", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.slow
def test_a_whole_file_passes_with_its_facts(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "whole.mp4", 3.0, rate=30)
    code, report = _verify_cli(clip)
    assert code == 0
    assert report["ok"] is True and report["problems"] == []
    assert report["frames"] == 90
    assert report["duration"] == pytest.approx(3.0, abs=0.05)
    assert -40 < float(report["loudness_lufs"]) < -10  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_file_cut_short_is_broken_and_exits_7(tmp_path: Path) -> None:
    whole = tmp_path / "whole.mp4"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=30:duration=6",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=6",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        "-shortest",
        "-movflags",
        "+faststart",
        str(whole),
    )
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    code, report = _verify_cli(cut)
    assert code == 7
    assert report["ok"] is False
    found = {p["kind"] for p in report["problems"]}  # type: ignore[union-attr,index]
    assert {"decode", "frames", "audio_length"} <= found
    # Cut before its index: not readable at all, still a broken video (not a bad input).
    plain = tmp_path / "plain.mp4"
    make_clip(plain, 3.0)
    head = tmp_path / "head.mp4"
    head.write_bytes(plain.read_bytes()[:2000])
    code, report = _verify_cli(head)
    assert code == 7
    assert [p["kind"] for p in report["problems"]] == ["unreadable"]  # type: ignore[union-attr,index]


@pytest.mark.slow
def test_black_frozen_and_silent_stretches_are_found(tmp_path: Path) -> None:
    path = tmp_path / "odd.mp4"
    # 2 s moving, 2 s black, 3 s of one still frame; no sound at all.
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=30:duration=2",
        "-f",
        "lavfi",
        "-i",
        "color=c=black:size=320x240:rate=30:duration=2",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=320x240:rate=1:duration=1",
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=48000:cl=stereo",
        "-filter_complex",
        "[2:v]fps=30,tpad=stop_mode=clone:stop_duration=3,trim=duration=3,"
        "setpts=PTS-STARTPTS[still];"
        "[0:v][1:v][still]concat=n=3:v=1:a=0[v]",
        "-map",
        "[v]",
        "-map",
        "3:a",
        "-t",
        "7",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        str(path),
    )
    report = verify(path, FF, deep=True)
    assert report.ok  # odd, but whole
    by_kind = {p.kind: p for p in report.problems}
    assert set(by_kind) == {"black", "frozen", "silent"}
    assert by_kind["black"].start == pytest.approx(2.0, abs=0.1)
    assert by_kind["black"].end == pytest.approx(4.0, abs=0.1)
    frozen = [p for p in report.problems if p.kind == "frozen"]
    assert any(
        p.start is not None and p.start <= 4.2 and p.end is not None and p.end >= 6.8
        for p in frozen
    )


@pytest.mark.slow
def test_a_render_that_comes_out_short_is_refused_unless_not_verified(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", 3.0, rate=30)
    media = Media.from_json({**media_entry(clip, probe(clip, FF)).to_json(), "id": "m1"})
    timeline = Timeline(clips=(Clip("v1", "m1", "a.mp4", duration_ms=3000),))
    # An ffmpeg that cuts every render at 1 s: the file is fine as a file, not as the render.
    fake = tmp_path / "short-ffmpeg"
    fake.write_text(
        f"#!{sys.executable}\nimport os, sys\nargs = sys.argv[1:]\n"
        "if 'pipe:1' in args and '-filter_complex' in args and 'null' not in args:\n"
        "    args[-1:-1] = ['-t', '1']\n"
        f"os.execv({FF!r}, [{FF!r}, *args])\n"
    )
    fake.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RenderError) as caught:
        runner.render(timeline, [media], out / "x.mp4", ffmpeg=str(fake))
    assert caught.value.code == "render_broken"
    assert "the timeline is 3.00 s" in caught.value.message
    assert "90" in caught.value.message  # the frames the timeline has
    assert list(out.iterdir()) == []  # nothing left behind
    done = runner.render(timeline, [media], out / "x.mp4", ffmpeg=str(fake), verify=False)
    assert done.is_file()
    good = runner.render(timeline, [media], out / "y.mp4", ffmpeg=FF)
    assert verify(good, FF).frames == 90


@pytest.mark.slow
def test_the_quick_check_finds_damaged_pictures(tmp_path: Path) -> None:
    """The check of every render skips the deblocking filter; a damaged slice is still found
    (and a whole file still passes)."""
    from nemo_cli.backends.local.render.piece_check import check_picture

    whole = tmp_path / "whole.mp4"
    _ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3"),
        *("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(whole)),
    )
    check_picture(whole, FF, 90, what="segment 1", shown=tmp_path / "out.mp4")
    data = bytearray(whole.read_bytes())
    for n in range(2, 9):  # the pictures' bytes (the index is at the end): not the headers
        at = len(data) * n // 12
        data[at : at + 48] = bytes(range(48))
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    with pytest.raises(RenderError) as caught:
        check_picture(damaged, FF, 90, what="segment 1", shown=tmp_path / "out.mp4")
    assert caught.value.code == "render_broken"
    assert "segment 1 could not be decoded" in caught.value.message
