"""Captions and cuts by speech in the pure edit step (words given, as the backend hears them)."""

from __future__ import annotations

from nemo_cli.backends.local.changes import (
    CaptionsAdded,
    NoCaptions,
    SpeechCut,
    SpeechNotFound,
)
from nemo_cli.backends.local.edit.apply import apply
from nemo_cli.backends.local.intents import AddCaptions, CutSpeech, Speed, StyleCaptions, Trim
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.messages import word
from nemo_cli.backends.local.speech.transcript import Word
from nemo_cli.backends.local.timeline import Clip, Timeline, from_draft, to_draft

MEDIA = [Media("m1", "/v/talk.mp4", "talk.mp4", duration=10.0, has_audio=True)]
CLIPS = Timeline(clips=(Clip("v1", "m1", "talk.mp4", duration_ms=10_000),))
HEARD = (
    (
        "m1",
        (
            Word("so", 0.5, 0.7),
            Word("um", 0.8, 1.1),
            Word("welcome", 1.2, 1.6),
            Word("uh", 2.0, 2.3),
            Word("to", 2.4, 2.5),
            Word("the", 2.5, 2.6),
            Word("show", 2.6, 3.0),
            Word("pricing", 5.0, 5.5),
            Word("is", 5.5, 5.6),
            Word("ten", 5.6, 5.9),
            Word("dollars", 5.9, 6.4),
        ),
    ),
)


def test_captions_follow_speed_and_trim_and_survive_the_draft() -> None:
    added = apply(CLIPS, MEDIA, [AddCaptions(heard=HEARD)])
    assert isinstance(added.changes[0], CaptionsAdded)
    assert word(added.changes[0]) == (
        "Added 2 captions from the speech (11 words; white, bottom, medium)"
    )
    cues = added.timeline.caption_cues()
    assert [(c.start, c.end, c.text) for c in cues] == [
        (500, 3000, "so um welcome uh to the show"),
        (5000, 6400, "pricing is ten dollars"),
    ]
    faster = apply(added.timeline, MEDIA, [Speed(2.0, 1)]).timeline
    assert [(c.start, c.end) for c in faster.caption_cues()] == [(250, 1500), (2500, 3300)]
    trimmed = apply(added.timeline, MEDIA, [Trim(1, start_ms=4000, end_ms=8000)]).timeline
    assert [(c.start, c.end, c.text) for c in trimmed.caption_cues()] == [
        (1000, 2400, "pricing is ten dollars"),
    ]
    assert from_draft(to_draft(trimmed)) == trimmed


def test_style_changes_and_their_words() -> None:
    none = apply(CLIPS, MEDIA, [StyleCaptions((("color", "yellow"),))])
    assert none.problems == [NoCaptions()]
    styled = apply(
        CLIPS,
        MEDIA,
        [AddCaptions(heard=HEARD), StyleCaptions((("highlight", "red"), ("words_per_cue", 2)))],
    )
    assert word(styled.changes[-1]) == (
        "Captions now: white, bottom, medium, the spoken word in red, 2 words at a time"
    )
    assert (
        word(styled.changes[-1], "zh")
        == "字幕现在：白色，底部，中号，逐字高亮（红色），每次 2 个词"
    )
    assert [c.text for c in styled.timeline.caption_cues()][:2] == ["so um", "welcome uh"]


def test_cut_the_filler_words() -> None:
    result = apply(CLIPS, MEDIA, [AddCaptions(heard=HEARD), CutSpeech("fillers", heard=HEARD)])
    cut = result.changes[-1]
    assert isinstance(cut, SpeechCut)
    assert cut.cuts == (("um", 800), ("uh", 2000))
    assert (cut.before_ms, cut.after_ms) == (10_000, 10_000 - 360 - 360)
    assert word(cut) == (
        'Cut 2 filler words: "um" at 0:00.8; "uh" at 0:02 (0.7 s in all); '
        "the video is now 9.3 s (was 10.0 s)"
    )
    clips = result.timeline.clips
    assert [(c.id, c.in_ms, c.duration_ms) for c in clips] == [
        ("v1", 0, 770),
        ("v2", 1130, 840),
        ("v3", 2330, 7670),
    ]
    words = [c.text for c in result.timeline.caption_cues()]
    assert " ".join(words).split() == [
        "so",
        "welcome",
        "to",
        "the",
        "show",
        "pricing",
        "is",
        "ten",
        "dollars",
    ]


def test_cut_between_phrases_and_the_sentence_about_a_topic() -> None:
    between = apply(CLIPS, MEDIA, [CutSpeech("between", "welcome", "the show", heard=HEARD)])
    change = between.changes[0]
    assert isinstance(change, SpeechCut) and change.cuts == (("welcome uh to the show", 1200),)
    sentence = apply(CLIPS, MEDIA, [CutSpeech("sentence", "prices", heard=HEARD)])
    change = sentence.changes[0]
    assert isinstance(change, SpeechCut) and change.cuts == (("pricing is ten dollars", 5000),)
    assert sentence.timeline.length_ms == 10_000 - (6400 - 5000 + 60)
    missing = apply(CLIPS, MEDIA, [CutSpeech("sentence", "weather", heard=HEARD)])
    assert missing.problems == [SpeechNotFound("sentence", "weather")]
    assert word(missing.problems[0]) == 'No sentence about "weather" is said in the clips'
