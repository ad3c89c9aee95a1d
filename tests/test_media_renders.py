"""Issue 18: every kind of file people have renders right, through the real CLI, checked by
probing and by pixels with ffmpeg readings independent of nemo's own probe:

- picture area (``cropdetect``) matches the shape the file is seen in (non-square pixels);
- picture present to the end (frame count, and the picture and sound lengths of the output);
- colours within a tolerance of a reference (HDR tone-mapped; PNG alpha over black);
- the sound track that plays is the default one, or the one asked for (band level at its tone);
- the output rate follows the footage (60, 23.976) or what was asked.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import corpus
import pytest
from mediagen import ffmpeg_exe, make_clip

LOCAL = ("--backend", "local")


def _ffmpeg(*args: str) -> str:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stderr


def _rgb(path: Path, at: float, size: str) -> bytes:
    """One frame at ``at`` seconds as raw RGB, scaled to ``size``."""
    return subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            str(at),
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-s",
            size,
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout


def mean_difference(a: bytes, b: bytes) -> float:
    assert len(a) == len(b) and a
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def picture_area(path: Path) -> tuple[int, int]:
    """The size of the non-black part of the picture (``cropdetect``), late in the video."""
    text = _ffmpeg(
        "-ss",
        "0.5",
        "-i",
        str(path),
        "-vf",
        "cropdetect=limit=0.1:round=2:reset=1",
        "-frames:v",
        "10",
        "-f",
        "null",
        "-",
    )
    found = re.findall(r"crop=(\d+):(\d+):\d+:\d+", text)
    assert found, text[-2000:]
    return int(found[-1][0]), int(found[-1][1])


def streams(path: Path) -> dict[str, Any]:
    """Frame count, rate and the picture's and sound's lengths, read from the packets."""
    text = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            "0",
            "-c",
            "copy",
            "-f",
            "framecrc",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bases = {int(k): int(n) / int(d) for k, n, d in re.findall(r"#tb (\d+): (\d+)/(\d+)", text)}
    kinds = dict(re.findall(r"#media_type (\d+): (\w+)", text))
    ends: dict[str, float] = {}
    frames = 0
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        k, _, pts, duration, *_ = (
            int(x) if x.strip().lstrip("-").isdigit() else 0 for x in line.split(",")
        )
        kind = kinds[str(k)]
        ends[kind] = max(ends.get(kind, 0.0), (pts + duration) * bases[k])
        frames += kind == "video"
    header = _ffmpeg("-i", str(path))
    rate = re.search(r"Video: .*?, (\d+(?:\.\d+)?) fps", header)
    return {
        "frames": frames,
        "video": round(ends.get("video", 0), 2),
        "audio": round(ends.get("audio", 0), 2),
        "fps": float(rate[1]) if rate else None,
        "header": header,
    }


def band_level(path: Path, hz: int) -> float:
    """The sound's mean level (dB) in a narrow band around ``hz``."""
    text = _ffmpeg(
        "-i", str(path), "-af", f"bandpass=f={hz}:width_type=q:w=8,volumedetect", "-f", "null", "-"
    )
    found = re.search(r"mean_volume: (-?\d+(?:\.\d+)?) dB", text)
    assert found, text[-1500:]
    return float(found[1])


def make_video(
    nemo: Any, tmp_path: Path, files: list[Path], *edits: str, name: str = "out.mp4"
) -> tuple[Path, Any]:
    """Upload ``files``, say each edit (default: combine them), export; the output and the
    export's result."""
    assert nemo(*LOCAL, "session", "new").code == 0
    up = nemo(*LOCAL, "upload", *map(str, files))
    assert up.code == 0, up
    for edit in edits or ("combine my clips",):
        said = nemo(*LOCAL, "say", edit)
        assert said.code == 0, said
    out = tmp_path / name
    result = nemo(*LOCAL, "export", "-o", str(out), "--quality", "low")
    assert result.code == 0, result
    assert out.is_file()
    return out, result


# ---------------------------------------------------------------- non-square pixels


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edits", "frame", "area"),
    [
        (("combine my clips",), (1920, 1080), (1920, 1080)),
        (("combine my clips", "make it vertical"), (1080, 1920), (1080, 608)),
    ],
    ids=["16:9", "vertical"],
)
def test_pal_dv_is_shown_16_9(
    nemo: Any, tmp_path: Path, edits: tuple[str, ...], frame: tuple[int, int], area: tuple[int, int]
) -> None:
    dv = corpus.anamorphic(tmp_path / "pal-dv.mp4")
    out, _ = make_video(nemo, tmp_path, [dv], *edits)
    assert f"{frame[0]}x{frame[1]}" in streams(out)["header"]
    width, height = picture_area(out)
    assert abs(width - area[0]) <= 4 and abs(height - area[1]) <= 4, (width, height)


# ---------------------------------------------------------------- streams that end early


@pytest.mark.slow
def test_an_interrupted_copy_renders_what_it_holds_to_the_end(nemo: Any, tmp_path: Path) -> None:
    cut = corpus.truncated(tmp_path / "interrupted.mp4")
    out, result = make_video(nemo, tmp_path, [cut])
    found = streams(out)
    assert 1.0 < found["video"] < 2.5  # not the 6.0 s its header claims
    assert abs(found["video"] - found["audio"]) < 0.1
    assert abs(found["frames"] - found["video"] * 25) <= 2  # a picture in every frame
    assert "Saved" in result.out


@pytest.mark.slow
def test_sound_longer_than_the_picture_holds_its_last_frame(nemo: Any, tmp_path: Path) -> None:
    clip = corpus.long_audio(tmp_path / "long-audio.mp4")
    out, result = make_video(nemo, tmp_path, [clip])
    found = streams(out)
    assert found["video"] == pytest.approx(6.0, abs=0.05)
    assert found["audio"] == pytest.approx(6.0, abs=0.05)
    assert found["frames"] == pytest.approx(150, abs=2)
    # the held frame is the picture's last, not black
    assert mean_difference(_rgb(out, 5.5, "32x18"), _rgb(out, 2.9, "32x18")) < 8
    assert (
        "long-audio.mp4: its picture stops 3.0 s before the clip ends; the last frame is "
        "held." in " ".join(result.out.split())
    )


# ---------------------------------------------------------------- animated WebP


@pytest.mark.slow
@pytest.mark.parametrize("seconds", [1.0, 6.0])
def test_an_animated_webp_plays_its_whole_length(nemo: Any, tmp_path: Path, seconds: float) -> None:
    sticker = corpus.animated_webp(tmp_path / "sticker.webp", seconds)
    out, _ = make_video(nemo, tmp_path, [sticker])
    found = streams(out)
    assert found["video"] == pytest.approx(seconds, abs=0.05)
    assert found["frames"] == pytest.approx(seconds * 30, abs=1)  # 10 fps -> the 30 fps frame
    # it moves to the end: the last second is not one frozen picture
    late = [_rgb(out, seconds - t, "32x24") for t in (0.45, 0.1)]
    assert mean_difference(*late) > 1


# ---------------------------------------------------------------- HDR


@pytest.mark.slow
@pytest.mark.parametrize("transfer", ["arib-std-b67", "smpte2084"], ids=["HLG", "PQ"])
def test_hdr_is_tone_mapped_to_sdr_and_tagged_bt709(
    nemo: Any, tmp_path: Path, transfer: str
) -> None:
    clip = corpus.hdr(tmp_path / "phone.mp4", transfer)
    out, _ = make_video(nemo, tmp_path, [clip])
    assert "yuv420p(tv, bt709" in streams(out)["header"]
    # The clip was made from this SDR picture (white at HDR reference white): tone-mapped
    # back, it should look like it; left untouched (what nemo did before), it does not.
    reference = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"{corpus.SDR_SOURCE}:duration=1",
            "-frames:v",
            "1",
            "-vf",
            "scale=1920:1080",
            "-s",
            "64x36",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    rendered = _rgb(out, 0, "64x36")
    untouched = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(clip),
            "-frames:v",
            "1",
            "-vf",
            "scale=1920:1080,format=yuv420p",
            "-s",
            "64x36",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert mean_difference(rendered, reference) < 20
    assert mean_difference(untouched, reference) > 40


# ---------------------------------------------------------------- sound tracks


@pytest.mark.slow
def test_the_default_track_is_heard_and_another_can_be_picked(nemo: Any, tmp_path: Path) -> None:
    film = corpus.two_tracks(tmp_path / "film.mp4", first=440, second=1760)
    out, _ = make_video(nemo, tmp_path, [film])
    assert band_level(out, 1760) > band_level(out, 440) + 20  # the default: the second track
    said = nemo(*LOCAL, "say", "use the commentary track")
    assert said.code == 0 and "now plays its Commentary (eng) sound track" in said.out, said
    picked = tmp_path / "commentary.mp4"
    assert nemo(*LOCAL, "export", "-o", str(picked), "--quality", "low").code == 0
    assert band_level(picked, 440) > band_level(picked, 1760) + 20


# ---------------------------------------------------------------- transparency, photos


@pytest.mark.slow
def test_a_png_with_white_under_its_alpha_is_laid_over_black(nemo: Any, tmp_path: Path) -> None:
    logo = corpus.alpha_png(tmp_path / "logo.png", "640x360")
    out, _ = make_video(nemo, tmp_path, [logo])
    frame = _rgb(out, 1.0, "16x9")
    left = frame[(4 * 16 + 2) * 3 : (4 * 16 + 2) * 3 + 3]  # row 4, column 2: the clear half
    right = frame[(4 * 16 + 13) * 3 : (4 * 16 + 13) * 3 + 3]  # column 13: the opaque half
    assert max(left) < 24, left.hex()
    assert min(right) > 230, right.hex()


@pytest.mark.slow
def test_a_heic_photo_shows_its_colour(nemo: Any, tmp_path: Path) -> None:
    photo = corpus.heic(tmp_path / "IMG_0001.heic", (640, 360), (200, 100, 50))
    out, _ = make_video(nemo, tmp_path, [photo])
    assert mean_difference(_rgb(out, 1.0, "4x4"), bytes((200, 100, 50)) * 16) < 8


@pytest.mark.slow
def test_an_iphone_heic_in_tiles_shows_whole(nemo: Any, tmp_path: Path) -> None:
    """An iPhone stores a photo in 512x512 tiles; the render shows the whole picture, not the
    first tile: red on the left half, blue on the right."""
    photo = corpus.heic(
        tmp_path / "IMG_0002.heic", (1024, 512), (220, 30, 30), right=(30, 30, 220), tile=512
    )
    out, _ = make_video(nemo, tmp_path, [photo])
    frame = _rgb(out, 1.0, "16x9")
    left, right = frame[(4 * 16 + 3) * 3 :][:3], frame[(4 * 16 + 12) * 3 :][:3]
    assert mean_difference(left, bytes((220, 30, 30))) < 25, left.hex()
    assert mean_difference(right, bytes((30, 30, 220))) < 25, right.hex()


# ---------------------------------------------------------------- frame rate


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rate", "fps", "frames"), [("60", 60.0, 120), ("24000/1001", 23.98, 48)], ids=["60", "23.976"]
)
def test_the_footage_keeps_its_frame_rate(
    nemo: Any, tmp_path: Path, rate: str, fps: float, frames: int
) -> None:
    clip = corpus.at_rate(tmp_path / "clip.mp4", rate, seconds=2.0)
    out, _ = make_video(nemo, tmp_path, [clip])
    found = streams(out)
    assert found["fps"] == fps
    assert abs(found["frames"] - frames) <= 1
    status = nemo(*LOCAL, "status")
    assert f"at {'23.976' if fps < 24 else '60'} fps (the clips' own rate)" in status.out


@pytest.mark.slow
def test_a_rate_that_is_asked_for(nemo: Any, tmp_path: Path) -> None:
    clip = corpus.at_rate(tmp_path / "clip.mp4", "60", seconds=1.0)
    out, _ = make_video(nemo, tmp_path, [clip], "combine my clips", "24 fps film look")
    assert streams(out)["fps"] == 24.0
    status = json.loads(nemo(*LOCAL, "status", "--json").out)
    assert status["output"] == {"width": 1920, "height": 1080, "fps": "24", "fps_from": "asked"}


# ---------------------------------------------------------------- formats refused before


@pytest.mark.slow
def test_the_formats_refused_before_render(nemo: Any, tmp_path: Path) -> None:
    videos = [corpus.refused_format(tmp_path, n) for n, _, k in corpus.FORMATS if k == "video"]
    out, _ = make_video(nemo, tmp_path, videos)
    found = streams(out)
    assert found["video"] == pytest.approx(len(videos) * 1.0, abs=0.5)
    assert found["audio"] == pytest.approx(found["video"], abs=0.1)
    assert abs(found["frames"] - found["video"] * 25) <= 3


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n, _, k in corpus.FORMATS if k == "audio"])
def test_each_sound_format_refused_before_plays_as_music(
    nemo: Any, tmp_path: Path, name: str
) -> None:
    song = corpus.refused_format(tmp_path, name)
    clip = make_clip(tmp_path / "clip.mp4", 1.0, tone=None)
    out, _ = make_video(
        nemo, tmp_path, [clip, song], "combine my clips", f"add {name} as background music"
    )
    assert band_level(out, 440) > -45  # the song's 440 Hz tone is heard


# ---------------------------------------------------------------- the last line of defence


def test_a_render_whose_picture_stops_early_is_never_saved(tmp_path: Path) -> None:
    """An ffmpeg that writes a file whose picture stops half-way (the broken output of issue 18)
    and says it succeeded: the export fails (exit 7's error) and leaves no file."""
    from nemo_cli.backends.local.media import Media
    from nemo_cli.backends.local.render.probe import probe
    from nemo_cli.backends.local.render.runner import render
    from nemo_cli.backends.local.store import media_entry
    from nemo_cli.backends.local.timeline import Clip, Timeline
    from nemo_cli.errors import RenderError

    broken = corpus.long_audio(tmp_path / "broken.mp4", picture=3.0, sound=6.0)
    source = make_clip(tmp_path / "six.mp4", 6.0)
    fake = tmp_path / "ffmpeg"
    fake.write_text(
        "#!/bin/sh\n"
        # the render check's decode (ending "-f null -") runs the real ffmpeg
        'case "$*" in *"null -") ;;'
        ' *-progress*) for last; do :; done; cp "' + str(broken) + '" "$last";'
        " exit 0;; esac\n"
        f'exec "{ffmpeg_exe()}" "$@"\n'
    )
    fake.chmod(0o755)
    item = Media.from_json(
        {**media_entry(source, probe(source, ffmpeg_exe())).to_json(), "id": "m1"}
    )
    timeline = Timeline(clips=(Clip("v1", "m1", "six.mp4", duration_ms=6000),))
    out = tmp_path / "out.mp4"
    with pytest.raises(RenderError) as caught:
        render(timeline, [item], out, "low", ffmpeg=str(fake))
    # One check runs on every render (verify.py's decode, which took over output_check's job).
    assert caught.value.message.startswith(
        "The render came out broken: Its picture stops at 3.0 s of 6.0 s (75 of 150 frames)."
    )
    # (frames of the source's 25 fps: the check counts at the plan's rate)
    assert caught.value.message.endswith(f"{out} was not saved.")
    assert caught.value.exit_code == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4", "ffmpeg", "home", "six.mp4"]
