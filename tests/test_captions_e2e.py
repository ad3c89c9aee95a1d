"""Captions end to end, as a user runs nemo: espeak-ng speech in a clip, "add captions", the
render (a frame during speech changes in the caption area only), the .srt export (the words
heard, in order, inside the speech), subtitle files in and out, and editing by transcript."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from mediagen import ffmpeg_exe, probe
from PIL import Image, ImageChops
from speechgen import (
    Speech,
    make_speech,
    speech_model,  # noqa: F401  (a fixture)
    with_model,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.slow
LOCAL = ("--backend", "local")


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    return make_speech(tmp_path_factory.mktemp("talk") / "talk.mp4")


def say(nemo: Any, text: str) -> Any:
    result = nemo(*LOCAL, "say", text)
    assert result.code == 0, result
    return result


def frame_at(video: Path, seconds: float, out: Path) -> Image.Image:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            str(out),
        ],
        check=True,
    )
    return Image.open(out).convert("RGB")


def srt_cues(path: Path) -> list[tuple[float, float, str]]:
    """An independent reading of an .srt: (start s, end s, text)."""
    stamp = r"(\d+):(\d\d):(\d\d),(\d{3})"
    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        m = re.match(rf"{stamp} --> {stamp}", lines[1])
        assert m, block
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append((start, end, " ".join(lines[2:])))
    return cues


def test_add_captions_burns_them_in_and_exports_the_words(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert nemo(*LOCAL, "upload", str(talk.path)).code == 0
    say(nemo, "combine my clips")
    plain = tmp_path / "plain.mp4"
    assert nemo(*LOCAL, "export", "-o", str(plain)).code == 0

    added = say(nemo, "add captions")
    assert re.search(
        r"Added \d+ captions from the speech \(English, \d+ words; white, bottom, medium\)",
        added.out,
    ), added.out
    captioned = tmp_path / "captioned.mp4"
    assert nemo(*LOCAL, "export", "-o", str(captioned)).code == 0
    assert abs((probe(captioned).duration or 0) - talk.duration) < 0.2

    # a frame during speech: different in the caption area, the same elsewhere
    lo, hi = talk.ranges[0]
    at = (lo + hi) / 2
    a, b = frame_at(plain, at, tmp_path / "a.png"), frame_at(captioned, at, tmp_path / "b.png")
    width, height = a.size
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 48 else 0)
    box = diff.getbbox()
    assert box is not None, "no captions in the frame"
    assert box[1] > height * 0.6, box  # the caption area: the bottom of the frame
    assert diff.crop((0, 0, width, int(height * 0.55))).getbbox() is None
    # between sentences (a pause) nothing is drawn
    gap = (talk.ranges[0][1] + talk.ranges[1][0]) / 2 + 0.3
    quiet = ImageChops.difference(
        frame_at(plain, gap, tmp_path / "c.png"), frame_at(captioned, gap, tmp_path / "d.png")
    )
    assert quiet.convert("L").point(lambda v: 255 if v > 48 else 0).getbbox() is None

    srt = tmp_path / "talk.srt"
    result = nemo(*LOCAL, "export", "-o", str(srt), "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["format"] == "srt"
    cues = srt_cues(srt)
    heard = json.loads(nemo("transcript", str(talk.path), "--json").out)["words"]
    assert " ".join(text for _, _, text in cues).split() == [w["word"] for w in heard]
    assert "quick brown fox" in " ".join(text for _, _, text in cues)
    for start, end, _ in cues:
        inside = [(a, b) for a, b in talk.ranges if a - 0.15 <= start <= b]
        assert inside, (start, talk.ranges)
        assert end <= inside[0][1] + 0.85  # a short cue stays up a little after the words

    vtt = tmp_path / "talk.vtt"
    assert nemo(*LOCAL, "export", "-o", str(vtt)).code == 0
    assert vtt.read_text(encoding="utf-8").startswith("WEBVTT")
    styled = tmp_path / "talk.captions"
    assert nemo(*LOCAL, "export", "-o", str(styled), "--format", "ass").code == 0
    assert "[V4+ Styles]" in styled.read_text(encoding="utf-8")


def test_captions_follow_a_trim_and_a_style(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert nemo(*LOCAL, "upload", str(talk.path)).code == 0
    say(nemo, "add captions, 2 words at a time, yellow")
    lo = talk.ranges[2][0]
    start = int(lo - 0.5)
    say(nemo, f"use 0:{start:02d}-0:{int(talk.duration):02d} of clip 1")
    srt = tmp_path / "trimmed.srt"
    assert nemo(*LOCAL, "export", "-o", str(srt)).code == 0
    cues = srt_cues(srt)
    assert all(len(text.split()) <= 2 for _, _, text in cues)
    words = " ".join(text for _, _, text in cues)
    assert "fox" not in words and "report" in words  # only the last sentence is left
    assert cues[0][0] == pytest.approx(lo - start, abs=0.3)  # moved with the trim
    status = json.loads(nemo(*LOCAL, "status", "--json").out)
    captions_track = [t for t in status["draft"]["t"] if "cap" in t]
    assert captions_track and captions_track[0]["cap"]["st"]["color"] == "yellow"


def test_editing_by_transcript_lists_the_cut_and_undoes(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
) -> None:
    assert nemo(*LOCAL, "upload", str(talk.path)).code == 0
    say(nemo, "combine my clips")
    cut = say(nemo, "delete from 'quick brown' to 'lazy dog'")
    assert re.search(
        r'Cut the stretch: "quick brown fox jumps over the lazy dog" at 0:01\.\d+ '
        r"\([\d.]+ s in all\); the video is now [\d.]+ s \(was [\d.]+ s\)",
        cut.out,
    ), cut.out
    words = [w["word"] for w in json.loads(nemo(*LOCAL, "transcript", "--json").out)["words"]]
    assert "fox" not in words and "please" in words and words[0] == "the"
    status = json.loads(nemo(*LOCAL, "status", "--json").out)
    assert status["duration_ms"] < talk.duration * 1000 - 1500
    sentence = say(nemo, "cut the sentence about the report")
    assert "Cut the sentence:" in sentence.out and "report" in sentence.out
    words = [w["word"] for w in json.loads(nemo(*LOCAL, "transcript", "--json").out)["words"]]
    assert "report" not in words
    say(nemo, "undo")
    say(nemo, "undo")
    words = [w["word"] for w in json.loads(nemo(*LOCAL, "transcript", "--json").out)["words"]]
    assert "fox" in words and "report" in words


def test_captions_follow_the_speech_not_the_instruction(
    nemo: Any,
    talk: Speech,
    with_model: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """加字幕 on English speech with the English model at hand: English captions (it asked for
    a Chinese model before); a language named (中文字幕) is kept to, and says what is missing."""
    assert nemo(*LOCAL, "upload", str(talk.path)).code == 0
    heard = say(nemo, "加字幕")
    assert re.search(r"已根据语音添加 \d+ 条字幕（英文，\d+ 个词；", heard.out), heard.out
    out = tmp_path / "captions.srt"
    assert nemo(*LOCAL, "export", "-o", str(out)).code == 0
    said = " ".join(text for _, _, text in srt_cues(out)).lower()
    assert "quick brown fox" in said and "before friday" in said
    result = nemo(*LOCAL, "say", "加中文字幕")
    assert result.code == 1
    message = result.err
    assert "No Chinese speech model is installed" in message
    assert "NEMO_SPEECH_MODEL" in message and "nemo --backend cloud" in message
    english = say(nemo, "add English captions")
    assert re.search(r"from the speech \(English, \d+ words;", english.out), english.out


def test_a_subtitle_file_round_trips_to_the_millisecond(nemo: Any, tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text(
        "1\n00:00:00,501 --> 00:00:02,003\nFirst line\nsecond line\n\n"
        "2\n00:00:02,250 --> 00:00:04,999\n你好，世界\n\n"
        "3\n00:01:05,007 --> 00:01:06,008\nlast\n",
        encoding="utf-8",
    )
    uploaded = nemo(*LOCAL, "upload", str(source), "--json")
    assert uploaded.code == 0, uploaded
    out = tmp_path / "out.srt"
    assert nemo(*LOCAL, "export", "-o", str(out)).code == 0
    assert srt_cues(out) == srt_cues(source)
    assert nemo(*LOCAL, "say", "undo").code == 0  # the upload made one undo step
    assert nemo(*LOCAL, "export", "-o", str(tmp_path / "none.srt")).code == 1


def test_a_subtitle_file_is_burned_in(nemo: Any, tmp_path: Path) -> None:
    from mediagen import make_clip

    clip = make_clip(tmp_path / "clip.mp4", 3.0, size="640x360", pattern="color")
    subs = tmp_path / "subs.vtt"
    subs.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:02.500\nHello there\n", encoding="utf-8")
    assert nemo(*LOCAL, "upload", str(clip), str(subs)).code == 0
    say(nemo, "combine my clips")
    out = tmp_path / "out.mp4"
    assert nemo(*LOCAL, "export", "-o", str(out)).code == 0
    during = frame_at(out, 1.5, tmp_path / "a.png")
    after = frame_at(out, 2.8, tmp_path / "b.png")
    diff = ImageChops.difference(during, after).convert("L").point(lambda v: 255 if v > 48 else 0)
    box = diff.getbbox()
    assert box is not None and box[1] > 360 * 0.6
