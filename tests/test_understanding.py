"""The instruction table (tests/understanding/instructions.txt) and its scorer: the table is
well formed, the scorer reads a draft's facts and judges them exactly."""

from __future__ import annotations

from collections import Counter

from tests.understanding.score import CLASSES, Row, judge_facts, load_table
from tests.understanding.session import MEDIA, facts, state


def test_the_table_is_big_enough_and_covers_every_class_in_both_languages() -> None:
    rows = load_table()
    langs = Counter(r.lang for r in rows)
    assert len(rows) >= 400
    assert langs["zh"] / len(rows) >= 0.38
    assert {(r.cls, r.lang) for r in rows} == {(c, lang) for c in CLASSES for lang in ("en", "zh")}
    assert len({(r.state, r.text) for r in rows}) == len(rows), "a row is there twice"


def test_facts_of_the_starting_states() -> None:
    assert facts(state("C"), MEDIA) == {
        "clips": ["beach", "bars", "sunset"], "d": 43.0, "cv": "100", "music": "-",
        "mvol": None, "mfi": None, "mfo": None, "aspect": "16:9", "fit": "letterbox",
        "xfade": 0.0, "texts": [],
    }  # fmt: skip
    f = facts(state("F"), MEDIA)
    assert (f["music"], f["mvol"], f["aspect"], f["fit"]) == ("summer_song", 35.0, "9:16", "fill")
    assert f["texts"] == [("Beach Day", 0.0, 3.0, "center"), ("so fun", 10.0, 14.0, "bottom")]


def _row(state_name: str, expect: str) -> Row:
    return Row(1, state_name, "media", "x", expect, "ok")


def test_facts_of_trimmed_and_timed_clips() -> None:
    draft = state("C")
    clips = draft["t"][0]["sg"]
    clips[0].update(**{"in": 4000, "d": 7000})
    clips[2]["d"] = 5000
    clips[1].update(sp=2.0, d=8000, v=0)
    f = facts(draft, MEDIA)
    assert f["clips"] == ["beach[4-11]", "bars[0-16]x2", "sunset[5s]"]
    assert f["cv"] == "100,0"


def test_judge_checks_named_facts_and_that_the_rest_is_unchanged() -> None:
    before = facts(state("C"), MEDIA)
    after = facts(state("C"), MEDIA)
    after["clips"] = ["sunset", "beach", "bars"]
    assert judge_facts(_row("C", "clips=sunset,beach,bars"), before, after) == []
    assert judge_facts(_row("C", "clips=beach,bars"), before, after)
    after["fit"] = "fill"
    assert judge_facts(_row("C", "clips=sunset,beach,bars"), before, after) == [
        "fit: 'fill' (unchanged 'letterbox' expected)"
    ]


def test_judge_directions_wildcards_and_texts() -> None:
    before = facts(state("F"), MEDIA)
    after = facts(state("F"), MEDIA)
    after["mvol"] = 20.0
    assert judge_facts(_row("F", "mvol<"), before, after) == []
    assert judge_facts(_row("F", "mvol>"), before, after)
    after["texts"] = [("Beach Day", 0.0, 3.0, "center"), ("so fun", 10.0, 14.0, "bottom"),
                      ("bye", 42.0, 43.0, "center")]  # fmt: skip
    assert judge_facts(_row("F", "mvol=* ; texts=Beach Day@0-3|so fun@*|bye@42-43"),
                       before, after) == []  # fmt: skip
    assert judge_facts(_row("F", "mvol=* ; texts=Beach Day@0-3|bye@42-43"), before, after)
    assert judge_facts(_row("F", "mvol=* ; texts=Beach Day@0-3|so fun@*|bye@42-43/top"),
                       before, after)  # fmt: skip
