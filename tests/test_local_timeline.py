"""backends/local/timeline.py: the typed timeline and its one conversion to and from the draft.

The property: every draft the engine writes reads back into the same timeline and writes the
same draft again (``to_draft(from_draft(d)) == d``), for timelines made by random edits on
random media. Plus the normalising pass on drafts the engine did not write."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nemo_cli.backends.local import intents as it
from nemo_cli.backends.local.edit.apply import apply
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.timeline import (
    EMPTY,
    Clip,
    Frame,
    Music,
    Text,
    Timeline,
    from_draft,
    to_draft,
)


def _media(mid: str, kind: str, seconds: float | None, audio: bool = True) -> Media:
    return Media(mid, f"/m/{mid}.x", f"{mid}.{ {'audio': 'mp3', 'image': 'png'}.get(kind, 'mp4')}",
                 kind, seconds, has_audio=audio)  # type: ignore[arg-type]  # fmt: skip


MEDIA = [
    _media("m1", "video", 5.0),
    _media("m2", "video", 2.5, audio=False),
    _media("m3", "image", None, audio=False),
    _media("m4", "audio", 12.0),
    _media("m5", "audio", 1.5),
    _media("m6", "video", 0.4),
]

clip_no = st.integers(-3, 5).filter(bool)
ms = st.integers(0, 20_000)
maybe_ms = st.none() | ms
INTENTS = st.one_of(
    st.just(it.Combine()),
    st.builds(it.Move, clip_no, st.none() | clip_no),
    st.builds(it.Move, clip_no, after=clip_no),
    st.builds(it.Swap, clip_no, clip_no),
    st.just(it.Reverse()),
    st.builds(it.Remove, clip_no),
    st.builds(it.Trim, st.none() | clip_no, maybe_ms, maybe_ms, maybe_ms),
    st.builds(it.Trim, st.none() | clip_no, cut_start_ms=ms),
    st.builds(it.Trim, st.none() | clip_no, keep_last_ms=ms),
    st.builds(it.AddMusic, st.none() | st.sampled_from(["m4.mp3", "m5.mp3", "m1.mp4", "x.mp3"]),
              st.none() | st.integers(0, 250), maybe_ms, maybe_ms),
    st.builds(it.MusicVolume, st.none() | st.integers(0, 250), st.none() | st.integers(-30, 30)),
    st.builds(it.MusicFade, maybe_ms, maybe_ms),
    st.just(it.RemoveMusic()),
    st.builds(it.ClipSound, st.integers(0, 200), st.none() | clip_no),
    st.builds(it.AddText, st.none() | st.sampled_from(["Urban Dreams", "城市之梦", "The End"]),
              st.sampled_from(["title", "caption", "text"]), maybe_ms, maybe_ms, maybe_ms,
              st.booleans(), st.booleans(),
              st.none() | st.sampled_from(["top", "center", "bottom"]),
              st.none() | st.sampled_from(["small", "medium", "large"])),
    st.builds(it.RemoveText, st.none() | st.sampled_from(["title", "caption", "text"])),
    st.builds(it.SetAspect, st.sampled_from(["16:9", "9:16", "1:1"])),
    st.builds(it.SetFit, st.sampled_from(["letterbox", "fill"])),
    st.builds(it.ImageDuration, st.integers(0, 700_000)),
    st.builds(it.Speed, st.floats(0.1, 5.0).map(lambda f: round(f, 3)), st.none() | clip_no),
    st.builds(it.Crossfade, st.integers(0, 12_000)),
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(INTENTS, min_size=1, max_size=4), min_size=1, max_size=5),
       st.lists(st.sampled_from(MEDIA), unique=True, max_size=6))  # fmt: skip
def test_every_draft_the_engine_writes_round_trips(
    turns: list[list[Any]], media: list[Media]
) -> None:
    timeline = EMPTY
    for intents in turns:
        timeline = apply(timeline, media, intents).timeline
        draft = to_draft(timeline)
        assert from_draft(draft) == timeline
        assert to_draft(from_draft(draft)) == draft
        assert json.loads(json.dumps(draft)) == draft  # what session.json stores


def test_the_documented_draft() -> None:
    """docs/ARCHITECTURE.md's example, field by field."""
    draft = {
        "t": [
            {"tt": 0, "n": "Video", "sg": [
                {"id": "v1", "src": "m1", "n": "clip1.mp4", "k": "video", "st": 0, "d": 5000,
                 "in": 0, "sp": 1.0, "v": 100}]},
            {"tt": 1, "n": "BGM", "sg": [
                {"id": "a1", "src": "m3", "n": "music.wav", "st": 0, "d": 5000, "in": 0, "v": 35,
                 "fi": 1000, "fo": 2000, "loop": True}]},
            {"tt": 7, "n": "Title", "sg": [
                {"id": "x1", "tx": "Urban Dreams", "st": 0, "d": 3000, "pos": "center",
                 "size": "large", "k": "title"}]},
        ],
        "d": 5000,
        "m": {"width": 1920, "height": 1080, "aspect": "16:9", "fit": "letterbox", "xfade": 0,
              "img_d": 3000, "title": "Urban Dreams"},
    }  # fmt: skip
    timeline = from_draft(draft)
    assert timeline == Timeline(
        clips=(Clip("v1", "m1", "clip1.mp4", "video", 5000),),
        music=(Music("a1", "m3", "music.wav", 0, 5000, 0, 35, 1000, 2000, True),),
        texts=(Text("x1", "Urban Dreams", 0, 3000, "center", "large", "title"),),
        frame=Frame(),
        title="Urban Dreams",
    )
    assert to_draft(timeline) == draft


def test_starts_and_length_follow_the_crossfade() -> None:
    clips = tuple(Clip(f"v{n}", "m1", "a", duration_ms=d) for n, d in enumerate((2000, 3000, 1000)))
    timeline = Timeline(clips=clips, frame=Frame(crossfade_ms=500))
    assert timeline.starts() == [0, 1500, 4000]
    assert timeline.length_ms == 5000
    assert [s["st"] for s in to_draft(timeline)["t"][0]["sg"]] == [0, 1500, 4000]
    assert EMPTY.length_ms == 0 and to_draft(EMPTY) == {"t": [], "d": 0, "m": {
        "width": 1920, "height": 1080, "aspect": "16:9", "fit": "letterbox", "xfade": 0,
        "img_d": 3000}}  # fmt: skip


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (None, EMPTY),
        ("not a draft", EMPTY),
        ({"t": "x", "m": None}, EMPTY),
        # a segment that is not an object, a clip of no length, bad numbers: defaults
        ({"t": [{"tt": 0, "sg": [3, {"src": "m1", "d": 0},
                                 {"src": "m1", "d": 900.4, "sp": "fast", "v": None, "in": -5}]}]},
         Timeline(clips=(Clip("v2", "m1", "m1", duration_ms=900),))),
        # music without a length covers the timeline after its start; loop unless said
        ({"t": [{"tt": 0, "sg": [{"src": "m1", "d": 4000}]}, {"tt": 1, "sg": [{"src": "m2",
          "st": 1000}]}]},
         Timeline(clips=(Clip("v1", "m1", "m1", duration_ms=4000),),
                  music=(Music("a1", "m2", "m2", 1000, 3000, loop=True),))),
        # text: nothing to draw is left out; a title is large unless said, other text medium
        ({"t": [{"tt": 7, "sg": [{"tx": "  "}, {"tx": "Hi", "d": "long"},
                                 {"tx": "Note", "k": "caption", "pos": "side", "anc": "end"}]}]},
         Timeline(texts=(Text("x2", "Hi", size="large"),
                         Text("x3", "Note", role="caption", anchor="end")))),
        # the frame: a size that is not one follows the aspect; xfade never negative
        ({"m": {"aspect": "9:16", "width": "wide", "xfade": -3, "img_d": 0, "fit": "zoom"}},
         Timeline(frame=Frame.sized("9:16"))),
    ],
)  # fmt: skip
def test_drafts_from_elsewhere_are_normalised(draft: Any, expected: Timeline) -> None:
    assert from_draft(draft) == expected


def test_the_types_are_frozen_values() -> None:
    clip = Clip("v1", "m1", "a.mp4")
    with pytest.raises(dataclasses.FrozenInstanceError):
        clip.duration_ms = 5  # type: ignore[misc]
    assert not hasattr(clip, "__dict__")  # slotted
    assert dataclasses.replace(clip, speed=2.0) == Clip("v1", "m1", "a.mp4", speed=2.0)
