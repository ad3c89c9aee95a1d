"""Finding speech by its words: fillers, "from X to Y", the sentence about a topic."""

from __future__ import annotations

import pytest

from nemo_cli.backends.local.speech.find import (
    Span,
    between,
    fillers,
    find,
    sentence_about,
    sentences,
    stem,
)
from nemo_cli.backends.local.speech.transcript import Word


def said(text: str, pauses: dict[int, float] | None = None, step: float = 0.3) -> list[Word]:
    """Words each ``step`` long, back to back, with ``pauses`` (seconds) before some indexes."""
    out = []
    at = 0.0
    for i, token in enumerate(text.split()):
        at += (pauses or {}).get(i, 0.0)
        out.append(Word(token, round(at, 3), round(at + step, 3)))
        at += step
    return out


TALK = said(
    "so um welcome everyone uh today we look at the plan "
    "so any way the pricing is ten dollars a month "
    "moving on let us talk about the team",
    pauses={11: 1.0, 21: 1.0},
)


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def test_fillers() -> None:
    assert texts(fillers(TALK)) == ["um", "uh"]
    assert fillers(TALK)[0] == Span(1, 1, 0.3, 0.6, "um")
    assert texts(fillers(said("well um uh er I think 嗯 呃 so"))) == ["um uh er", "嗯呃"]
    assert fillers(said("number umbrella")) == []


@pytest.mark.parametrize(
    ("phrase", "found"),
    [
        ("welcome everyone", "welcome everyone"),
        ("So anyway", "so any way"),  # heard as two words, asked as one
        ("the pricing", "the pricing"),
        ("pric", None),  # not on a word boundary
        ("ten dollars!", "ten dollars"),
        ("nothing like this", None),
        ("", None),
    ],
)
def test_find(phrase: str, found: str | None) -> None:
    span = find(TALK, phrase)
    assert (span.text if span else None) == found


def test_between_includes_both_phrases() -> None:
    span = between(TALK, "so anyway", "moving on")
    assert span is not None
    assert span.text == "so any way the pricing is ten dollars a month moving on"
    assert (span.start, span.end) == (TALK[11].start, TALK[22].end)
    # the end phrase is looked for after the start phrase
    assert between(TALK, "the team", "welcome") is None
    assert between(TALK, "not said", "moving on") is None


def test_sentences_are_cut_at_pauses() -> None:
    assert texts(sentences(TALK)) == [
        "so um welcome everyone uh today we look at the plan",
        "so any way the pricing is ten dollars a month",
        "moving on let us talk about the team",
    ]
    assert sentences([]) == []


@pytest.mark.parametrize(
    ("topic", "sentence"),
    [
        ("pricing", "so any way the pricing is ten dollars a month"),
        ("prices", "so any way the pricing is ten dollars a month"),
        ("the team", "moving on let us talk about the team"),
        ("weather", None),
    ],
)
def test_sentence_about(topic: str, sentence: str | None) -> None:
    span = sentence_about(TALK, topic)
    assert (span.text if span else None) == sentence


def test_chinese() -> None:
    words = said("大家 好 嗯 今天 我们 聊聊 价格 问题 然后 说 团队", pauses={8: 1.0})
    assert texts(fillers(words)) == ["嗯"]
    span = between(words, "今天我们", "价格")
    assert span is not None and span.text == "今天我们聊聊价格"
    about = sentence_about(words, "价格")
    assert about is not None and about.text == "大家好嗯今天我们聊聊价格问题"


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("pricing", "pric"),
        ("prices", "pric"),
        ("price", "pric"),
        ("priced", "pric"),
        ("the", "the"),
        ("Team's", "team"),
        ("is", "is"),
    ],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed
