"""The timeline picture, compared as exact text (STYLE.md habit 7)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from rich.console import Console

from nemo_cli.draft import parse_draft
from nemo_cli.ui.timeline import clock, render_timeline

URBAN: dict[str, Any] = {
    "t": [
        {
            "tt": 0,
            "n": "Video",
            "sg": [
                {"n": "clip1.mp4", "st": 0, "d": 5000, "v": 100},
                {"n": "clip2.mp4", "st": 5000, "d": 7000},
            ],
        },
        {"tt": 1, "sg": [{"n": "music.wav", "st": 0, "d": 12000, "v": 35}]},
        {"tt": 7, "sg": [{"tx": "Urban Dreams", "st": 0, "d": 3000}]},
    ],
    "d": 12000,
    "m": {"title": "Urban Dreams", "width": 1920, "height": 1080},
}
# Cloud-style aliases, a long name, a 1-second clip, a fractional volume, minutes on the axis.
LONG: dict[str, Any] = {
    "t": [
        {
            "tt": 0,
            "sg": [
                {"fileName": "a" * 50 + ".mp4", "duration": 95000},
                {"name": "b.mp4", "dur": 1000},
                {"url": "https://cdn.example.com/x/c.mp4", "d": 30000},
            ],
        },
        {"tt": 1, "sg": [{"title": "x", "start": 0, "duration_ms": 126000, "volume": 0.2}]},
    ],
    "d": 126000,
}
# Markup and an escape sequence in a name, two video tracks, an unknown track type.
ODD: dict[str, Any] = {
    "t": [
        {"tt": 0, "sg": [{"n": "[bold]red[/bold]\x1b[31m.mp4", "st": 0, "d": 4000, "v": 0}]},
        {"tt": 0, "sg": [{"n": "b.mp4", "st": 0, "d": 4000}]},
        {"tt": 5, "sg": [{"name": "sticker", "s": 1000, "e": 2000}]},
    ],
    "d": 4000,
}


def draw(draft: Any, width: int = 80, summary: bool = False) -> str:
    buf = StringIO()
    console = Console(file=buf, width=80, color_system=None, force_terminal=True)
    console.print(render_timeline(draft, width=width, summary=summary))
    return buf.getvalue()


def test_urban_dreams_with_summary() -> None:
    assert draw(URBAN, summary=True) == (
        'Timeline · 12s · 1920x1080 · "Urban Dreams"\n'
        "       0s          2s          4s          6s          8s          10s      12s\n"
        "       ┬───────────┬───────────┬───────────┬───────────┬───────────┬──────────┬\n"
        "Video  [clip1.mp4 0-5s──────────────][clip2.mp4 5-12s─────────────────────────]\n"
        "BGM    [music.wav 0-12s 35%───────────────────────────────────────────────────]\n"
        'Title  ["Urban Dreams"──]\n'
        "Timeline (3 tracks): 1. Video: clip1.mp4 (0-5s), clip2.mp4 (5-12s) 2. BGM: \n"
        'music.wav (0-12s, 35%) 3. Title: "Urban Dreams" (0-3s)\n'
    )


def test_minutes_long_names_and_tiny_clips() -> None:
    assert draw(LONG) == (
        "Timeline · 2:06\n"
        "       0:00     0:15    0:30     0:45    1:00     1:15    1:30     1:45    2:00\n"
        "       ┬────────┬───────┬────────┬───────┬────────┬───────┬────────┬────────┬──\n"
        "Video  [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.…]▌[c.mp4 96-126s──]\n"
        "BGM    [x 0-126s 20%──────────────────────────────────────────────────────────]\n"
    )


def test_narrow_terminal_drops_details_before_cutting_names() -> None:
    assert draw(URBAN, width=40) == (
        'Timeline · 12s · 1920x1080 · "Urban Dreams"\n'
        "       0s           5s            10s\n"
        "       ┬────────────┬─────────────┬────\n"
        "Video  [clip1.mp4──][clip2.mp4 5-12s──]\n"
        "BGM    [music.wav 0-12s 35%───────────]\n"
        'Title  ["Urba…]\n'
    )


def test_markup_and_escapes_in_names_are_shown_literally() -> None:
    assert draw(ODD) == (
        "Timeline · 4s\n"
        "         0s       0.5s     1s      1.5s     2s       2.5s    3s       3.5s   4s\n"
        "         ┬────────┬────────┬───────┬────────┬────────┬───────┬────────┬───────┬\n"
        "Video    [[bold]red[/bold].mp4 0-4s muted─────────────────────────────────────]\n"
        "Video 2  [b.mp4 0-4s──────────────────────────────────────────────────────────]\n"
        "Track                      [sticker 1-2s───]\n"
    )


@pytest.mark.parametrize("draft", [None, {}, {"t": []}, "not json", {"t": [{"tt": 0, "sg": []}]}])
def test_empty_timelines(draft: Any) -> None:
    assert draw(draft, summary=True) == "Timeline is empty.\n"


def test_accepts_a_parsed_draft() -> None:
    assert draw(parse_draft(URBAN)) == draw(URBAN)


@pytest.mark.parametrize("width", [20, 40, 60, 80, 100, 132])
def test_rows_fit_the_width(width: int) -> None:
    text = render_timeline(LONG, width=width).plain
    assert all(len(line) < max(width, 20) for line in text.splitlines()[1:]), text


CLOCKS = [
    (0, 12000, "0s"),
    (2500, 12000, "2.5s"),
    (12000, 12000, "12s"),
    (65000, 126000, "1:05"),
    (0, 126000, "0:00"),
    (3_725_000, 4_000_000, "1:02:05"),
]


@pytest.mark.parametrize(("ms", "total", "expected"), CLOCKS)
def test_clock(ms: int, total: int, expected: str) -> None:
    assert clock(ms, total) == expected


def test_wide_characters_keep_the_bars_aligned() -> None:
    from rich.cells import cell_len

    from nemo_cli.ui.timeline import render_timeline

    draft = {"t": [
        {"tt": 0, "sg": [{"n": "a.mp4", "st": 0, "d": 9000}]},
        {"tt": 7, "sg": [{"tx": "城市之梦", "st": 0, "d": 3000},
                         {"tx": "再见了朋友们大家好", "st": 3000, "d": 1000}]},
    ], "d": 9000}
    lines = render_timeline(draft, width=60).plain.splitlines()
    video, title = lines[-2], lines[-1]
    gutter = video.index("[")
    cols = cell_len(video) - gutter
    # the title row's bars end where their time ends, counted in terminal cells
    first_end = title.index("]") + 1
    assert cell_len(title[:first_end]) == gutter + round(3000 * cols / 9000)
    second_end = title.index("]", first_end) + 1
    assert cell_len(title[:second_end]) == gutter + round(4000 * cols / 9000)
    assert "城市之梦" in title and "…" in title


def test_a_huge_duration_keeps_the_axis_to_a_few_ticks() -> None:
    from nemo_cli.ui.timeline import _axis

    labels, ruler = _axis(10**9, 80)
    assert ruler.count("┬") <= 80 // 8 + 1


def test_overlapping_titles_get_rows_of_their_own() -> None:
    draft = {
        "t": [
            {"tt": 0, "sg": [{"n": "a.mp4", "st": 0, "d": 12000}]},
            {"tt": 7, "sg": [{"tx": "Urban Dreams", "st": 0, "d": 3000},
                             {"tx": "Shot on a phone", "st": 1000, "d": 4000},
                             {"tx": "The end", "st": 9000, "d": 3000}]},
        ],
        "d": 12000,
    }  # fmt: skip
    assert draw(draft, width=72) == (
        "Timeline · 12s\n"
        "       0s         2s        4s         6s         8s        10s     12s\n"
        "       ┬──────────┬─────────┬──────────┬──────────┬─────────┬─────────┬\n"
        "Video  [a.mp4 0-12s───────────────────────────────────────────────────]\n"
        'Title  ["Urban Dreams"]                                ["The end"─────]\n'
        '            ["Shot on a phone"───]\n'
    )
