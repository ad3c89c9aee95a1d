"""Styled captions: the ASS document, and libass drawing it onto real frames with the font that
ships with Pillow."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pysubs2
import pytest
from mediagen import ffmpeg_exe
from PIL import Image, ImageChops

from nemo_cli.backends.local.captions import ass, burn, fonts
from nemo_cli.backends.local.captions.chunking import chunk, layout_for
from nemo_cli.backends.local.captions.cues import Cue
from nemo_cli.backends.local.captions.style import CaptionStyle
from nemo_cli.backends.local.speech.transcript import Word

WORDS = [
    Word("the", 0.2, 0.4),
    Word("quick", 0.4, 0.8),
    Word("brown", 0.8, 1.1),
    Word("fox", 1.3, 1.6),
    Word("jumps", 1.6, 2.0),
]


def doc(style: CaptionStyle, width: int = 1920, height: int = 1080) -> pysubs2.SSAFile:
    cues = chunk(WORDS, layout_for(ass.aspect_of(width, height), style.words_per_cue))
    return pysubs2.SSAFile.from_string(ass.to_text(cues, style, width, height, font="Aileron"))


def test_plain_captions_one_event_per_cue_at_the_bottom() -> None:
    subs = doc(CaptionStyle())
    assert [(e.start, e.end, e.text) for e in subs] == [(200, 2000, "the quick brown fox jumps")]
    style = subs.styles[ass.STYLE_NAME]
    assert (style.fontname, int(style.alignment), style.marginv) == ("Aileron", 2, 76)
    assert style.fontsize == 65  # medium: 6% of the frame's shorter side
    assert subs.info["PlayResX"] == "1920" and subs.info["PlayResY"] == "1080"


def test_vertical_captions_keep_inside_the_safe_area() -> None:
    subs = doc(CaptionStyle(size="large"), 1080, 1920)
    style = subs.styles[ass.STYLE_NAME]
    # clear of the apps' buttons (right) and captions (bottom fifth)
    assert (style.marginl, style.marginr, style.marginv) == (86, 173, 422)
    assert style.fontsize == 86
    assert [e.text for e in subs] == ["the quick brown", "fox jumps"]
    top = doc(CaptionStyle(position="top"), 1080, 1920).styles[ass.STYLE_NAME]
    assert (int(top.alignment), top.marginv) == (8, 230)


def test_colour_and_box() -> None:
    subs = doc(CaptionStyle(color="yellow", background="box"))
    text_style = subs.styles[ass.STYLE_NAME]
    assert (text_style.primarycolor.r, text_style.primarycolor.g, text_style.primarycolor.b) == (
        0xFF,
        0xE6,
        0x00,
    )
    box = subs.styles[ass.BOX_STYLE]
    assert box.borderstyle == 3 and box.primarycolor.a == 0xFF  # the box only, no letters
    layers = sorted((e.layer, e.style) for e in subs)
    assert layers == [(0, ass.BOX_STYLE), (1, ass.STYLE_NAME)]


def test_karaoke_lights_one_word_at_a_time_and_keeps_the_lines() -> None:
    subs = doc(CaptionStyle(highlight="yellow"))
    lit = r"{\c&H00E6FF&}"
    assert [(e.start, e.end, e.text) for e in subs] == [
        (200, 400, lit + r"the{\r} quick brown fox jumps"),
        (400, 800, r"the " + lit + r"quick{\r} brown fox jumps"),
        (800, 1300, r"the quick " + lit + r"brown{\r} fox jumps"),
        (1300, 1600, r"the quick brown " + lit + r"fox{\r} jumps"),
        (1600, 2000, r"the quick brown fox " + lit + r"jumps{\r}"),
    ]


def test_karaoke_on_two_lines_and_in_chinese() -> None:
    cue = Cue(
        0,
        2000,
        "我们今天\n去城市",
        (
            Word("我们", 0.0, 0.5),
            Word("今天", 0.5, 1.0),
            Word("去", 1.0, 1.3),
            Word("城市", 1.3, 2.0),
        ),
    )
    text = ass.to_text([cue], CaptionStyle(highlight="red"), 1920, 1080, font="X")
    events = pysubs2.SSAFile.from_string(text).events
    assert events[2].text == r"我们今天\N{\c&H3030FF&}去{\r}城市"
    edited = Cue(0, 2000, "not the words", cue.words)  # text edited by hand: one line of words
    assert ass.word_lines(edited) == [list(cue.words)]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a\nb", r"a\Nb"), ("{\\b1}x", "(⧵b1)x"), ("50% off", "50% off")],
)
def test_escape(text: str, escaped: str) -> None:
    assert ass.escape(text) == escaped


# ---------------------------------------------------------------- burn-in through libass


def frame(tmp_path: Path, vf: str | None, name: str, size: str = "640x360") -> Image.Image:
    out = tmp_path / f"{name}.png"
    args = [
        ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"color=c=0x336699:size={size}:rate=10:duration=2",
    ]
    if vf:
        args += ["-vf", vf]
    subprocess.run(
        [*args, "-ss", "0.5", "-frames:v", "1", str(out)], check=True, capture_output=True
    )
    return Image.open(out).convert("RGB")


@pytest.mark.parametrize(
    "style", [CaptionStyle(), CaptionStyle(background="box", highlight="yellow")]
)
def test_burned_captions_change_the_caption_area_only(tmp_path: Path, style: CaptionStyle) -> None:
    folder = tmp_path / "odd 'name' [1],2;3"  # a path ffmpeg's filter syntax must survive
    folder.mkdir()
    ass_file = folder / "captions.ass"
    cues = chunk(WORDS, layout_for("16:9"))
    font = fonts.bundled_folder(tmp_path / "fonts")
    ass_file.write_text(ass.to_text(cues, style, 640, 360, font=font.family), encoding="utf-8")
    plain = frame(tmp_path, None, "plain")
    drawn = frame(tmp_path, burn.subtitles_filter(ass_file, font.path), "drawn")
    diff = ImageChops.difference(plain, drawn).convert("L").point(lambda v: 255 if v > 40 else 0)
    box = diff.getbbox()
    assert box is not None, "no caption was drawn"
    left, top, right, bottom = box
    assert top > 360 * 0.6 and bottom < 360 - 15  # in the bottom band, clear of the edge
    assert left > 20 and right < 620 and right - left > 150  # centred, a real line of text


def test_libass_draws_with_the_font_from_the_package(tmp_path: Path) -> None:
    font = fonts.bundled_folder(tmp_path / "fonts")
    assert font.family == "Aileron"
    assert [p.name for p in font.path.iterdir()] == [fonts.BUNDLED_FILE]
    ass_file = tmp_path / "c.ass"
    ass_file.write_text(
        ass.to_text([Cue(0, 2000, "Hello")], CaptionStyle(), 640, 360, font=font.family),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "verbose",
            "-f",
            "lavfi",
            "-i",
            "color=size=640x360:rate=5:duration=1",
            "-vf",
            burn.subtitles_filter(ass_file, font.path),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fontselect: (Aileron, 400, 0) -> Aileron-Regular" in proc.stderr


def test_text_the_bundled_font_lacks_is_drawn_with_the_titles_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("no DejaVu Sans on this machine to stand for a fallback font")
    monkeypatch.setenv("NEMO_TITLE_FONT", str(dejavu))
    plain = fonts.folder_for(["plain words"], tmp_path / "a")  # no fallback needed
    assert plain.family == "Aileron" and plain.path == tmp_path / "a" / "fonts"
    assert [p.name for p in plain.path.iterdir()] == [fonts.BUNDLED_FILE]
    font = fonts.folder_for(["café crème"], tmp_path)
    assert font.family == "DejaVu Sans"
    assert sorted(p.name for p in font.path.iterdir()) == [fonts.BUNDLED_FILE, "fallback.ttf"]
    ass_file = tmp_path / "c.ass"
    ass_file.write_text(
        ass.to_text([Cue(0, 2000, "café crème")], CaptionStyle(), 640, 360, font=font.family),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "verbose",
            "-f",
            "lavfi",
            "-i",
            "color=size=640x360:rate=5:duration=1",
            "-vf",
            burn.subtitles_filter(ass_file, font.path),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fontselect: (DejaVu Sans, 400, 0) -> DejaVuSans" in proc.stderr
