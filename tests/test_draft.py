"""Table tests for the draft reader: parse, summarise, diff. Every bug fixed adds a row."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_cli.draft import diff_drafts, is_exportable, parse_draft, summarize

VIDEO = {"tt": 0, "sg": [{"n": "city timelapse", "st": 0, "d": 10000}]}
BGM = {"tt": 1, "sg": [{"n": "Lo-fi", "st": 0, "d": 10000, "v": 35}]}
TITLE = {"tt": 7, "sg": [{"tx": "Urban Dreams", "st": 0, "d": 3000}]}
FULL = {"t": [VIDEO, BGM, TITLE], "d": 10000, "m": {"title": "x", "width": 1920, "height": 1080}}

SUMMARY_ROWS = [
    # (name, draft, exact summary)
    ("contract example", FULL,
     'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) '
     '3. Title: "Urban Dreams" (0-3s)'),
    ("none", None, "Timeline is empty."),
    ("empty dict", {}, "Timeline is empty."),
    ("no segments", {"t": [{"tt": 0, "sg": []}]}, "Timeline is empty."),
    ("draft as JSON string", json.dumps({"t": [VIDEO]}),
     "Timeline (1 track): 1. Video: city timelapse (0-10s)"),
    ("long key names", {"tracks": [{"type": "video", "segments": [
        {"name": "a.mp4", "start": 0, "duration": 2500}]}]},
     "Timeline (1 track): 1. Video: a.mp4 (0-2.5s)"),
    ("sequential clips without start",
     {"t": [{"tt": 0, "sg": [{"n": "a.mp4", "d": 5000}, {"n": "b.mp4", "d": 4000}]}]},
     "Timeline (1 track): 1. Video: a.mp4 (0-5s), b.mp4 (5-9s)"),
    ("every clip is named",
     {"t": [{"tt": 0, "sg": [{"n": f"c{i}", "d": 1000} for i in range(6)]}]},
     "Timeline (1 track): 1. Video: c0 (0-1s), c1 (1-2s), c2 (2-3s), c3 (3-4s), c4 (4-5s), "
     "c5 (5-6s)"),
    ("four titles, none left out",
     {"t": [{"tt": 7, "sg": [{"tx": f"T{i}", "st": 0, "d": 37000} for i in range(4)]}]},
     'Timeline (1 track): 1. Title: "T0" (0-37s), "T1" (0-37s), "T2" (0-37s), "T3" (0-37s)'),
    ("volume as fraction", {"t": [{"tt": 1, "sg": [{"name": "m.mp3", "s": 0, "e": 4000,
                                                   "volume": 0.5}]}]},
     "Timeline (1 track): 1. BGM: m.mp3 (0-4s, 50%)"),
    ("name from url", {"t": [{"tt": 0, "sg": [{"url": "https://cdn.x/v/clip%201.mp4?sig=1",
                                              "d": 1000}]}]},
     "Timeline (1 track): 1. Video: clip 1.mp4 (0-1s)"),
    ("unnamed clip", {"t": [{"tt": 0, "sg": [{"d": 1000}]}]},
     "Timeline (1 track): 1. Video: clip 1 (0-1s)"),
    ("unknown track type", {"t": [{"tt": 42, "sg": [{"n": "fx", "d": 1000}]}]},
     "Timeline (1 track): 1. Track: fx (0-1s)"),
    ("string track types", {"t": [{"tt": "audio", "sg": [{"n": "vo.wav", "d": 1500}]}]},
     "Timeline (1 track): 1. BGM: vo.wav (0-1.5s)"),
    ("minutes", {"t": [{"tt": 0, "sg": [{"n": "long", "st": 60000, "d": 65000}]}]},
     "Timeline (1 track): 1. Video: long (60-125s)"),
    ("control chars in names",
     {"t": [{"tt": 7, "sg": [{"tx": "Hi\x1b[31m\x07 there", "d": 1000}]}]},
     'Timeline (1 track): 1. Title: "Hi there" (0-1s)'),
    ("garbage segments skipped", {"t": [{"tt": 0, "sg": [None, 3, "x", {"n": "ok", "d": 1000}]}]},
     "Timeline (1 track): 1. Video: ok (0-1s)"),
    ("garbage tracks skipped", {"t": [None, 1, {"tt": 0}, {"tt": 0, "sg": {"n": "x"}}, VIDEO]},
     "Timeline (1 track): 1. Video: city timelapse (0-10s)"),
    ("negative and absurd numbers", {"t": [{"tt": 0, "sg": [{"n": "x", "st": -5, "d": "abc"}]}]},
     "Timeline (1 track): 1. Video: x (0-0s)"),
    ("bool is not a number", {"t": [{"tt": 1, "sg": [{"n": "m", "d": 1000, "v": True}]}]},
     "Timeline (1 track): 1. BGM: m (0-1s)"),
    ("many captions are counted",
     {"t": [VIDEO, {"tt": 7, "n": "Captions", "cap": {}, "sg": [
         {"tx": f"line {i}", "st": 500 + i * 1500, "d": 1500} for i in range(8)]}]},
     "Timeline (2 tracks): 1. Video: city timelapse (0-10s) 2. Captions: 8 cues (0.5-12.5s)"),
    ("a few captions are quoted",
     {"t": [{"tt": 7, "n": "Captions", "cap": {}, "sg": [
         {"tx": f"line {i}", "st": i * 1000, "d": 1000} for i in range(3)]}]},
     'Timeline (1 track): 1. Captions: "line 0" (0-1s), "line 1" (1-2s), "line 2" (2-3s)'),
]


@pytest.mark.parametrize(
    ("name", "draft", "expected"), SUMMARY_ROWS, ids=[r[0] for r in SUMMARY_ROWS]
)
def test_summarize(name: str, draft: object, expected: str) -> None:
    assert summarize(draft) == expected


def test_parse_fields() -> None:
    d = parse_draft(FULL)
    assert d.duration_ms == 10000
    assert (d.width, d.height, d.title) == (1920, 1080, "x")
    assert [t.kind for t in d.tracks] == ["video", "audio", "text"]
    assert [t.label for t in d.tracks] == ["Video", "BGM", "Title"]
    seg = d.tracks[1].segments[0]
    assert (seg.name, seg.start_ms, seg.end_ms, seg.volume) == ("Lo-fi", 0, 10000, 35.0)
    assert d.tracks[2].segments[0].text == "Urban Dreams"


def test_duration_falls_back_to_last_end() -> None:
    assert parse_draft({"t": [VIDEO, TITLE]}).duration_ms == 10000


DIFF_ROWS = [
    ("same", FULL, FULL, []),
    ("music added", {"t": [VIDEO], "d": 10000}, {"t": [VIDEO, BGM], "d": 10000},
     ["Added music 'Lo-fi' to 0-10s at 35%"]),
    ("title added", {"t": [VIDEO]}, {"t": [VIDEO, TITLE]},
     ['Added title "Urban Dreams" at 0-3s']),
    ("clips added to empty", None, {"t": [VIDEO]},
     ["Added clip 'city timelapse' at 0-10s"]),
    ("music removed", {"t": [VIDEO, BGM]}, {"t": [VIDEO]}, ["Removed music 'Lo-fi'"]),
    ("volume changed", {"t": [BGM]},
     {"t": [{"tt": 1, "sg": [{"n": "Lo-fi", "st": 0, "d": 10000, "v": 20}]}]},
     ["Changed music 'Lo-fi': volume 35% -> 20%"]),
    ("title moved", {"t": [TITLE]},
     {"t": [{"tt": 7, "sg": [{"tx": "Urban Dreams", "st": 1000, "d": 3000}]}]},
     ['Changed title "Urban Dreams": 0-3s -> 1-4s']),
    ("clip trimmed", {"t": [VIDEO], "d": 10000},
     {"t": [{"tt": 0, "sg": [{"n": "city timelapse", "st": 0, "d": 8000}]}], "d": 8000},
     ["Changed clip 'city timelapse': 0-10s -> 0-8s"]),
    ("format changed", {"t": [VIDEO], "m": {"width": 1920, "height": 1080}},
     {"t": [VIDEO], "m": {"width": 1080, "height": 1920}},
     ["Changed the format to 1080x1920 (9:16)"]),
    ("square", {"t": [VIDEO], "m": {"width": 1920, "height": 1080}},
     {"t": [VIDEO], "m": {"width": 1080, "height": 1080}},
     ["Changed the format to 1080x1080 (1:1)"]),
    ("clip removed", {"t": [{"tt": 0, "sg": [{"n": "a", "d": 1000}, {"n": "b", "d": 1000}]}]},
     {"t": [{"tt": 0, "sg": [{"n": "a", "d": 1000}]}]}, ["Removed clip 'b'"]),
    ("other change", {"t": [VIDEO], "m": {"x": 1}}, {"t": [VIDEO], "m": {"x": 2}},
     ["Updated the timeline"]),
    ("everything cleared", {"t": [VIDEO, BGM]}, {"t": []},
     ["Removed clip 'city timelapse'", "Removed music 'Lo-fi'"]),
]


@pytest.mark.parametrize(("name", "before", "after", "expected"), DIFF_ROWS,
                         ids=[r[0] for r in DIFF_ROWS])
def test_diff(name: str, before: object, after: object, expected: list[str]) -> None:
    assert diff_drafts(before, after) == expected


@pytest.mark.parametrize(
    ("draft", "expected"),
    [(FULL, True), (None, False), ({}, False), ({"t": [{"tt": 0, "sg": []}]}, False),
     ({"t": [{"tt": 7, "sg": [{"tx": "a"}]}]}, True), ("not json", False), ([1, 2], False)],
)
def test_is_exportable(draft: object, expected: bool) -> None:
    assert is_exportable(draft) is expected


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["t", "tt", "sg", "d", "m", "n", "st", "v", "tx", "e",
                                       "url", "width", "height", "x"]) | st.text(max_size=3),
                      children, max_size=5),
    max_leaves=30,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_json, _json)
def test_reader_never_raises(a: object, b: object) -> None:
    summarize(a)
    diff_drafts(a, b)
    is_exportable(a)
