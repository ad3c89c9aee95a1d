"""Captions as text: words -> cues (chunking), style words, subtitle files in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_cli.backends.local.captions import subtitle_files
from nemo_cli.backends.local.captions.chunking import (
    LANDSCAPE,
    VERTICAL,
    chunk,
    layout_for,
    width,
    wrap,
)
from nemo_cli.backends.local.captions.cues import Cue
from nemo_cli.backends.local.captions.style import CaptionStyle
from nemo_cli.backends.local.captions.style_words import style_changes
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.speech.listen import audible_pieces
from nemo_cli.backends.local.speech.placement import Piece, place
from nemo_cli.backends.local.speech.transcript import Word, join_words
from nemo_cli.backends.local.timeline import Clip, Timeline
from nemo_cli.errors import InputError, UsageError


def words(
    text: str, start: float = 0.0, step: float = 0.3, gaps: dict[int, float] | None = None
) -> list[Word]:
    """Words of ``text`` each ``step`` long, one after another (plus ``gaps`` before index)."""
    out = []
    at = start
    for i, token in enumerate(text.split()):
        at += (gaps or {}).get(i, 0.0)
        out.append(Word(token, round(at, 3), round(at + step, 3)))
        at += step
    return out


# ---------------------------------------------------------------- joining and width


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["hello", "world"], "hello world"),
        (["你好", "世界"], "你好世界"),
        (["我", "用", "iPhone", "拍"], "我用 iPhone 拍"),
        (["안녕", "세상"], "안녕 세상"),  # Korean is written with spaces
        (["", "a"], "a"),
    ],
)
def test_join_words(tokens: list[str], text: str) -> None:
    assert join_words(tokens) == text


@pytest.mark.parametrize(("text", "columns"), [("abc", 3), ("你好", 4), ("a你", 3), ("", 0)])
def test_width(text: str, columns: int) -> None:
    assert width(text) == columns


# ---------------------------------------------------------------- wrapping


@pytest.mark.parametrize(
    ("text", "max_chars", "max_lines", "lines"),
    [
        ("one two three", 42, 2, ["one two three"]),
        # balanced: the break that makes the longer line shortest
        ("aaaa bbbb cccc dddd eeee", 15, 2, ["aaaa bbbb cccc", "dddd eeee"]),
        ("aaaa bbbb cccc dddd", 10, 2, ["aaaa bbbb", "cccc dddd"]),
        ("aaaa bbbb cccc dddd eeee", 10, 2, None),  # does not fit
        ("aaaa bbbb", 5, 1, None),
        ("supercalifragilistic", 5, 1, ["supercalifragilistic"]),  # a lone long word
    ],
)
def test_wrap(text: str, max_chars: int, max_lines: int, lines: list[str] | None) -> None:
    got = wrap(text.split(), max_chars, max_lines)
    assert (None if got is None else [" ".join(line) for line in got]) == lines


# ---------------------------------------------------------------- chunking


def test_landscape_cues_hold_two_lines_of_42_at_most() -> None:
    text = (
        "so today I want to show you how we built the new bridge over the river "
        "and why it took us nearly three years to finish the whole thing"
    )
    cues = chunk(words(text, step=0.25), LANDSCAPE)
    assert len(cues) > 1
    assert join_words(" ".join(c.text.split("\n")) for c in cues) == text
    for cue in cues:
        assert len(cue.lines) <= 2 and all(len(line) <= 42 for line in cue.lines)
        assert cue.end - cue.start <= 6000 + 250
        assert [w.text for w in cue.words] == " ".join(cue.lines).split()
    assert [c.start for c in cues] == sorted(c.start for c in cues)


def test_a_pause_starts_a_new_cue() -> None:
    cues = chunk(words("hello there general kenobi", gaps={2: 1.0}), LANDSCAPE)
    assert [c.text for c in cues] == ["hello there", "general kenobi"]
    assert (cues[0].start, cues[1].start) == (0, 1600)


def test_vertical_cues_are_two_or_three_words() -> None:
    cues = chunk(words("this is how we make the best coffee in town every morning"), VERTICAL)
    assert [c.text for c in cues] == [
        "this is how",
        "we make",
        "the best coffee",
        "in town",
        "every morning",
    ]
    assert all(len(c.lines) == 1 for c in cues)


def test_n_words_at_a_time() -> None:
    cues = chunk(words("one two three four five"), layout_for("16:9", 2))
    assert [c.text for c in cues] == ["one two", "three four", "five"]


def test_a_short_cue_stays_up_long_enough_without_covering_the_next() -> None:
    cues = chunk([Word("hi", 0.0, 0.2), Word("there", 0.9, 1.1)], LANDSCAPE)
    assert [(c.start, c.end) for c in cues] == [(0, 200), (900, 1700)] or len(cues) == 1
    apart = chunk([Word("hi", 0.0, 0.2), Word("there", 1.5, 1.7)], LANDSCAPE)
    assert [(c.start, c.end) for c in apart] == [(0, 800), (1500, 2300)]
    close = chunk(
        [Word("hi", 0.0, 0.2), Word("you", 0.25, 0.3), Word("there", 1.1, 1.2)],
        layout_for("16:9", 2),
    )
    assert [(c.start, c.end) for c in close] == [(0, 800), (1100, 1900)]


def test_chinese_lines_count_wide_characters_double() -> None:
    tokens = "我们 今天 去 城市 里 看看 天气 怎么样 然后 再 决定 明天 要 不要 出门 走走"
    cues = chunk(words(tokens), LANDSCAPE)
    for cue in cues:
        assert all(width(line) <= 42 for line in cue.lines)
        assert " " not in cue.text
    assert "".join(c.text.replace("\n", "") for c in cues) == tokens.replace(" ", "")


# ---------------------------------------------------------------- style words


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("add captions", {}),
        (
            "big yellow captions at the top with a box",
            {"size": "large", "color": "yellow", "position": "top", "background": "box"},
        ),
        ("captions in the middle, small", {"position": "center", "size": "small"}),
        ("put the subtitles at the bottom", {"position": "bottom"}),
        ("highlight the word being spoken", {"highlight": "yellow"}),
        (
            "white captions, highlight the spoken word in green",
            {"color": "white", "highlight": "green"},
        ),
        ("karaoke captions", {"highlight": "yellow"}),
        ("no highlight", {"highlight": None}),
        ("2 words at a time", {"words_per_cue": 2}),
        ("one word at a time", {"words_per_cue": 1}),
        ("three words per caption, outlined", {"words_per_cue": 3, "background": "outline"}),
        ("captions with no background", {"background": "outline"}),
        ("captions #ff8800", {"color": "#FF8800"}),
        ("加字幕", {}),
        ("黄色大字幕放在顶部", {"color": "yellow", "size": "large", "position": "top"}),
        ("字幕加背景框，逐字高亮", {"background": "box", "highlight": "yellow"}),
        ("每次两个词", {"words_per_cue": 2}),
        ("字幕居中，小字，描边", {"position": "center", "size": "small", "background": "outline"}),
        ("高亮当前的词，用红色", {"highlight": "red"}),
    ],
)
def test_style_changes(text: str, changes: dict[str, Any]) -> None:
    assert style_changes(text) == changes


def test_style_json_keeps_only_what_differs_and_forgives_bad_values() -> None:
    style = CaptionStyle(position="top", highlight="yellow")
    assert style.to_json() == {"position": "top", "highlight": "yellow"}
    assert CaptionStyle.from_json(style.to_json()) == style
    assert CaptionStyle.from_json({"position": "sideways", "size": "large", "x": 1}) == (
        CaptionStyle(size="large")
    )
    with pytest.raises(ValueError):
        CaptionStyle(color="not-a-colour")


# ---------------------------------------------------------------- subtitle files

SRT = """1
00:00:01,234 --> 00:00:03,500
Hello there,
general Kenobi.

2
00:00:04,001 --> 00:00:05,999
<i>You are</i> a bold one {with braces}.

3
01:02:03,004 --> 01:02:04,005
你好，世界
"""


def test_srt_round_trip_keeps_every_cue_to_the_millisecond(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text(SRT, encoding="utf-8")
    cues = subtitle_files.read(source)
    assert [(c.start, c.end, c.text) for c in cues] == [
        (1234, 3500, "Hello there,\ngeneral Kenobi."),
        (4001, 5999, "You are a bold one ."),
        (3723004, 3724005, "你好，世界"),
    ]
    again = tmp_path / "out.srt"
    assert subtitle_files.write(cues, again) == "srt"
    assert [(c.start, c.end, c.text) for c in subtitle_files.read(again)] == [
        (c.start, c.end, c.text) for c in cues
    ]


@pytest.mark.parametrize("fmt", ["vtt", "ass"])
def test_vtt_and_ass_round_trip(tmp_path: Path, fmt: str) -> None:
    cues = [Cue(1230, 2500, "first line\nsecond line"), Cue(3000, 4560, "{odd} back\\slash")]
    path = tmp_path / f"out.{fmt}"
    subtitle_files.write(cues, path)
    back = subtitle_files.read(path)
    assert [c.text for c in back][0] == "first line\nsecond line"
    assert "odd" in back[1].text and "back" in back[1].text
    tolerance = 0 if fmt == "vtt" else 10  # ASS keeps centiseconds
    for got, want in zip(back, cues, strict=True):
        assert abs(got.start - want.start) <= tolerance and abs(got.end - want.end) <= tolerance
    if fmt == "vtt":
        assert path.read_text(encoding="utf-8").startswith("WEBVTT")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("héllo".encode(), "héllo"),
        (b"\xef\xbb\xbfbom", "bom"),
        ("中文字幕，很好".encode("gb18030"), "中文字幕，很好"),
        ("café crème".encode("cp1252"), "café crème"),
        ("hi".encode("utf-16"), "hi"),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert subtitle_files.decode(data) == text


def test_a_file_that_is_not_subtitles_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.srt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="holds no captions"):
        subtitle_files.read(empty)
    garbage = tmp_path / "garbage.ass"
    garbage.write_bytes(b"\x00\x01 not at all")
    with pytest.raises(InputError):
        subtitle_files.read(garbage)


@pytest.mark.parametrize(
    ("name", "fmt", "chosen"),
    [
        ("a.srt", None, "srt"),
        ("a.VTT", None, "vtt"),
        ("a.ssa", None, "ass"),
        ("a.txt", "srt", "srt"),
        ("a.srt", "webvtt", "vtt"),
    ],
)
def test_format_for(name: str, fmt: str | None, chosen: str) -> None:
    assert subtitle_files.format_for(Path(name), fmt) == chosen


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"\.srt, \.vtt or \.ass"):
        subtitle_files.format_for(Path("a.txt"))


# ---------------------------------------------------------------- words on the timeline

SOURCE_WORDS = [
    Word("one", 0.5, 0.9),
    Word("two", 1.0, 1.4),
    Word("three", 1.9, 2.3),
    Word("four", 3.0, 3.6),
]


@pytest.mark.parametrize(
    ("piece", "placed"),
    [
        # the whole source from 0
        (
            Piece("m1", Path("a"), "a", 0.0, 5.0, 0.0),
            [("one", 0.5, 0.9), ("two", 1.0, 1.4), ("three", 1.9, 2.3), ("four", 3.0, 3.6)],
        ),
        # trimmed to 1.2-3.2, starting at 10 s on the timeline: "two" (middle 1.2) is kept and
        # clipped at the cut; "four" (middle 3.3) is cut off
        (Piece("m1", Path("a"), "a", 1.2, 3.2, 10.0), [("two", 10.0, 10.2), ("three", 10.7, 11.1)]),
        # twice as fast
        (
            Piece("m1", Path("a"), "a", 0.0, 4.0, 0.0, 2.0),
            [("one", 0.25, 0.45), ("two", 0.5, 0.7), ("three", 0.95, 1.15), ("four", 1.5, 1.8)],
        ),
        # half speed, from 2 s in the source
        (
            Piece("m1", Path("a"), "a", 2.0, 4.0, 1.0, 0.5),
            [("three", 1.0, 1.6), ("four", 3.0, 4.2)],
        ),
    ],
)
def test_place(piece: Piece, placed: list[tuple[str, float, float]]) -> None:
    assert [(w.text, w.start, w.end) for w in place(SOURCE_WORDS, piece)] == placed


def test_audible_pieces_are_the_clips_with_sound() -> None:
    media = [
        Media("m1", "/v/a.mp4", "a.mp4", has_audio=True),
        Media("m2", "/v/b.mp4", "b.mp4", has_audio=False),
        Media("m3", "/v/c.png", "c.png", file_type="image"),
    ]
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "a.mp4", duration_ms=4000, in_ms=2000, speed=1.5),
            Clip("v2", "m2", "b.mp4", duration_ms=2000),
            Clip("v3", "m3", "c.png", kind="image", duration_ms=3000),
            Clip("v4", "m1", "a.mp4", duration_ms=1000, volume=0),
            Clip("v5", "m1", "a.mp4", duration_ms=1000, in_ms=500),
        )
    )
    assert audible_pieces(timeline, media) == [
        Piece("m1", Path("/v/a.mp4"), "a.mp4", 2.0, 8.0, 0.0, 1.5),
        Piece("m1", Path("/v/a.mp4"), "a.mp4", 0.5, 1.5, 10.0, 1.0),
    ]


def test_transcript_lines_and_clock() -> None:
    from nemo_cli.commands.transcript import clock, lines

    assert [clock(s) for s in (0, 5.25, 75.25, 3600)] == ["0:00.0", "0:05.2", "1:15.2", "60:00.0"]
    heard = words("so here we go", gaps={2: 1.0})
    assert lines(heard) == [(0.0, "so here"), (1.6, "we go")]
