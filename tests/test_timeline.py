"""The timeline picture, compared as exact text (STYLE.md habit 7)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from engine_drafts import ON_THE_BEAT, PAUSED
from rich.console import Console

from nemo_cli.draft import parse_draft
from nemo_cli.draft_edits import DraftEdits, read_edits
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
        "Title  [Urban…]\n"  # cut: its words, not a quote mark
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

    draft = {
        "t": [
            {"tt": 0, "sg": [{"n": "a.mp4", "st": 0, "d": 9000}]},
            {
                "tt": 7,
                "sg": [
                    {"tx": "城市之梦", "st": 0, "d": 3000},
                    {"tx": "再见了朋友们大家好", "st": 3000, "d": 1000},
                ],
            },
        ],
        "d": 9000,
    }
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
            {
                "tt": 7,
                "sg": [
                    {"tx": "Urban Dreams", "st": 0, "d": 3000},
                    {"tx": "Shot on a phone", "st": 1000, "d": 4000},
                    {"tx": "The end", "st": 9000, "d": 3000},
                ],
            },
        ],
        "d": 12000,
    }
    assert draw(draft, width=72) == (
        "Timeline · 12s\n"
        "       0s         2s        4s         6s         8s        10s     12s\n"
        "       ┬──────────┬─────────┬──────────┬──────────┬─────────┬─────────┬\n"
        "Video  [a.mp4 0-12s───────────────────────────────────────────────────]\n"
        'Title  ["Urban Dreams"]                                ["The end"─────]\n'
        '            ["Shot on a phone"───]\n'
    )


# ---------------------------------------------------------------- what the engine cut and set


def test_pause_cuts_are_marked_under_the_clips() -> None:
    assert draw(PAUSED) == (
        "Timeline · 9.5s · 1920x1080\n"
        "       0s             2s             4s             6s              8s\n"
        "       ┬──────────────┬──────────────┬──────────────┬───────────────┬──────────\n"
        "Video  [talk.mp4 0-5.2s───────────────────────][talk.mp4──────][talk.mp4──────]\n"
        "Cuts                                           ▲0.8s           ▲2.6s\n"
        "Pauses over 1s cut: 2 cuts, 3.5s in all\n"
        "Sound: -14 LUFS · background noise reduced\n"
    )


def test_the_beat_grid_shows_with_the_cuts_on_it() -> None:
    assert draw(ON_THE_BEAT, summary=True) == (
        "Timeline · 9.2s · 1920x1080\n"
        "       0s              2s             4s              6s             8s\n"
        "       ┬───────────────┬──────────────┬───────────────┬──────────────┬─────────\n"
        "Video  [talk.mp4 0-5.2s────────────────────────][talk.mp4─────][talk.mp4──────]\n"
        "Cuts                                            ▲0.8s          ▲2.8s\n"
        "Beats    ╵   ╵   ╵   ╵   ╵  ╵   ╵   ╵   ╵   ╵   ┃   ╵   ╵   ╵  ┃   ╵   ╵   ╵  ╵\n"
        "BGM    [song.wav 0-9.2s 35%───────────────────────────────────────────────────]\n"
        "Pauses over 1s cut: 2 cuts, 3.6s in all\n"
        "Beats: song.wav, 120 BPM, clips cut on every beat\n"
        "Sound: -14 LUFS · song.wav ducks 12 dB under speech · background noise reduced\n"
        "Timeline (2 tracks): 1. Video: talk.mp4 (0-5.2s), talk.mp4 (5.2-7.2s), talk.mp4 \n"
        "(7.2-9.2s) 2. BGM: song.wav (0-9.2s, 35%)\n"
    )


def test_dense_beats_are_thinned_and_said_so() -> None:
    beats = [500 * i for i in range(1, 120)]  # 120 BPM over a minute: 0.6 columns a beat
    draft = {
        "t": [
            {
                "tt": 0,
                "sg": [
                    {"n": "a.mp4", "st": 0, "d": 30000},
                    {"n": "b.mp4", "st": 30000, "d": 30000},
                ],
            },
            {"tt": 1, "sg": [{"n": "song.wav", "st": 0, "d": 60000, "v": 100}]},
        ],
        "d": 60000,
        "m": {
            "beat": {"n": "song.wav", "bpm": 120, "every": 4, "at": beats},
            "pause": {"gt": 500, "keep": 2000, "to": 300},
        },
    }
    assert draw(draft) == (
        "Timeline · 1:00\n"
        "       0:00        0:10        0:20        0:30        0:40        0:50    1:00\n"
        "       ┬───────────┬───────────┬───────────┬───────────┬───────────┬──────────┬\n"
        "Video  [a.mp4 0-30s───────────────────────][b.mp4 30-60s──────────────────────]\n"
        "Beats   ╵ ╵ ╵  ╵ ╵  ╵ ╵ ╵  ╵ ╵  ╵ ╵ ╵  ╵ ╵ ┃╵ ╵ ╵  ╵ ╵  ╵ ╵ ╵  ╵ ╵  ╵ ╵ ╵  ╵ ╵\n"
        "BGM    [song.wav 0-60s 100%───────────────────────────────────────────────────]\n"
        "Pauses over 0.5s shortened to 0.3s, over 2s kept: none cut now\n"
        "Beats: song.wav, 120 BPM, clips cut on every 4 beats (a mark every 4 beats)\n"
    )


def test_a_cloud_draft_has_none_of_it() -> None:
    assert "Cuts" not in draw(URBAN) and "Beats" not in draw(URBAN)
    assert read_edits(parse_draft(URBAN)) == DraftEdits()


def test_engine_writes_these_drafts() -> None:
    """The drafts above are the engine's own (so the pictures are of what users get)."""
    from nemo_cli.backends.local.analyze.result import Analysis
    from nemo_cli.backends.local.edit.apply import apply
    from nemo_cli.backends.local.intents import (
        AddMusic,
        BeatCut,
        CutPauses,
        Denoise,
        Duck,
        Loudness,
    )
    from nemo_cli.backends.local.media import Media
    from nemo_cli.backends.local.timeline import Clip, Timeline, to_draft

    talk = Media(id="m1", path="/m/talk.mp4", filename="talk.mp4", duration=13.0, has_audio=True)
    song = Media(
        id="m9",
        path="/m/song.wav",
        filename="song.wav",
        file_type="audio",
        duration=20.0,
        has_audio=True,
    )
    heard = {
        "m1": Analysis("/m/talk.mp4", 13.0, speech=((1, 3), (3.3, 5), (6.2, 8), (11, 12))),
        "m9": Analysis(
            "/m/song.wav", 20.0, tempo_bpm=120.0, beats=tuple(0.25 + 0.5 * i for i in range(30))
        ),
    }
    one = Timeline(clips=(Clip("v1", "m1", "talk.mp4", duration_ms=13000),))
    paused = apply(
        one,
        [talk, song],
        [CutPauses(longer_than_ms=1000), Loudness(-14.0, "YouTube"), Denoise()],
        heard,
    ).timeline
    assert to_draft(paused) == PAUSED
    beat = apply(paused, [talk, song], [AddMusic(), BeatCut(), Duck(12)], heard).timeline
    assert to_draft(beat) == ON_THE_BEAT


def _captioned(*cues: tuple[str, int, int]) -> dict[str, Any]:
    """A 9:16 timeline of 24 s with these caption cues (text, start ms, length ms)."""
    return {
        "t": [
            {"tt": 0, "sg": [{"n": "clip1.mp4", "st": 0, "d": 24000}]},
            {"tt": 7, "cap": {}, "sg": [{"tx": t, "st": st, "d": d} for t, st, d in cues]},
        ],
        "d": 24000,
        "m": {"width": 1080, "height": 1920},
    }


WORDS = ["So", "this", "is", "the", "city", "at", "night", "and", "here", "we", "go"]
CAPTION_ROWS = [
    # (cues, width) -> the Captions row
    # Wide enough: one bar a cue, quoted, with its times.
    (
        [("Hi", 0, 6000), ("Bye", 12000, 6000)],
        80,
        '["Hi" 0-6s──────]                 ["Bye" 12-18s────]',
    ),
    # A cue too narrow for its quoted words shows the words cut (it showed `["…]`).
    (
        [("Hello", 0, 1800), ("Bye", 12000, 6000)],
        80,
        '[He…]                             ["Bye" 12-18s────]',
    ),
    # Word-long cues back to back: one bar, the words running through it.
    ([(w, i * 1500, 1400) for i, w in enumerate(WORDS)], 80, f'["{" ".join(WORDS)}"]'),
    ([(w, i * 1500, 1400) for i, w in enumerate(WORDS)], 50, "[So this is the city at n…]"),
    # A pause longer than a column ends a run; a cut never ends in a space ("See …").
    (
        [
            ("Welcome to the city", 0, 2500),
            ("It never sleeps", 2600, 2000),
            ("See you", 12000, 3000),
        ],
        60,
        "[Welcom…]               [See…─]",
    ),
]


@pytest.mark.parametrize(("cues", "width", "row"), CAPTION_ROWS)
def test_caption_cues_read_as_words(cues: list[tuple[str, int, int]], width: int, row: str) -> None:
    lines = draw(_captioned(*cues), width=width).splitlines()
    assert lines[4] == "Captions  " + row
