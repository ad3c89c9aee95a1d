"""Loudness normalisation (issue 13): the words, the draft key, the two loudnorm passes as
plain data, and renders measured with ffmpeg's own ebur128: within 1 LU of the target."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import analysis_media as media
import pytest
from mediagen import ffmpeg_exe, make_clip, make_tone

from nemo_cli.backends.local.intents import Loudness, SetAspect
from nemo_cli.backends.local.render import loudness
from nemo_cli.backends.local.timeline import from_draft, to_draft
from nemo_cli.backends.local.understand import parse

ROWS = [
    ("normalize the audio", [Loudness()]),
    ("make it -14 LUFS", [Loudness(-14.0)]),
    ("export at -16 lufs", [Loudness(-16.0)]),
    ("make it loud enough for YouTube", [Loudness(-14.0, "YouTube")]),
    ("normalize loudness for tiktok", [Loudness(-14.0, "TikTok")]),
    ("podcast level", [Loudness(-16.0, "podcast")]),
    ("broadcast loudness", [Loudness(-23.0, "broadcast")]),
    ("响度标准化", [Loudness()]),
    ("把音量统一到播客标准", [Loudness(-16.0, "podcast")]),
    ("make it vertical for TikTok", [SetAspect("9:16")]),  # TikTok alone is not loudness
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_parse(text: str, expected: list) -> None:
    assert parse(text) == expected


def test_the_target_is_kept_in_the_draft() -> None:
    draft = {"t": [], "d": 0, "m": {"width": 1920, "height": 1080, "aspect": "16:9",
                                    "fit": "letterbox", "xfade": 0, "img_d": 3000,
                                    "lufs": -16.0}}  # fmt: skip
    timeline = from_draft(draft)
    assert timeline.loudness_lufs == -16.0
    assert to_draft(timeline) == draft
    for bad in ("loud", 3, -90, True, None):
        assert from_draft({**draft, "m": {**draft["m"], "lufs": bad}}).loudness_lufs is None


MEASURED = """[Parsed_loudnorm_0 @ 0x5]
{
	"input_i" : "-27.61",
	"input_tp" : "-4.47",
	"input_lra" : "18.06",
	"input_thresh" : "-39.20",
	"output_i" : "-16.58",
	"output_tp" : "-1.50",
	"output_lra" : "14.78",
	"output_thresh" : "-27.71",
	"normalization_type" : "dynamic",
	"target_offset" : "0.58"
}
"""


def test_the_two_passes_as_data() -> None:
    figures = loudness.parse_measure(MEASURED)
    assert figures == {"input_i": -27.61, "input_tp": -4.47, "input_lra": 18.06,
                       "input_thresh": -39.2, "target_offset": 0.58}  # fmt: skip
    assert loudness.parse_measure(MEASURED.replace('"-27.61"', '"-inf"')) is None
    assert loudness.parse_measure("no json here") is None
    args = loudness.apply_args(Path("/t/a.mp4"), Path("/t/b.mp4"), -14.0, figures, "ff")
    assert args[args.index("-af") + 1] == (
        "loudnorm=I=-14:TP=-1.5:LRA=11:measured_I=-27.61:measured_TP=-4.47:measured_LRA=18.06:"
        "measured_thresh=-39.2:offset=0.58:linear=true,aresample=48000"
    )
    assert args[args.index("-c:v") + 1] == "copy"  # the picture is not encoded again


def integrated(path: Path) -> float:
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-vn",
                           "-af", "ebur128", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", proc.stderr)[-1])


@pytest.mark.parametrize(("words", "target"), [("make it -14 LUFS", -14.0),
                                                ("podcast level", -16.0)])  # fmt: skip
def test_render_measures_the_target(nemo, tmp_path: Path, words: str, target: float) -> None:
    talk = media.make_speech(tmp_path / "talk.wav", ["Hello there, this is a quiet voice."], [])
    quiet = tmp_path / "quiet.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(talk.path), "-af", "volume=-12dB",
                    str(quiet)], check=True)  # fmt: skip
    clip = make_clip(tmp_path / "clip.mp4", talk.duration, tone=None)
    music = make_tone(tmp_path / "music.wav", 10.0, freq=220)
    for f in (clip, quiet, music):
        assert nemo("--backend", "local", "upload", str(f)).code == 0
    steps = ["combine my clips", "add music.wav at 20%", words]
    for step in steps:
        assert nemo("--backend", "local", "say", step).code == 0
    out = tmp_path / "out.mp4"
    assert nemo("--backend", "local", "export", "-o", str(out)).code == 0
    assert abs(integrated(out) - target) <= 1.0
