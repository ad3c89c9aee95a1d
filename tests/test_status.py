"""`nemo status` with what the local engine cut and set from what it heard: the JSON's
``edits`` and the text (a terminal gets the picture, test_timeline.py; a pipe the notes)."""

from __future__ import annotations

import json
from pathlib import Path

from engine_drafts import ON_THE_BEAT, PAUSED
from fake_backend import MUSIC_DRAFT, FakeBackend, make_env

from nemo_cli.backends.base import SessionState
from nemo_cli.commands.status import _report, status_json


def test_json_edits_of_a_pause_cut_and_beat_cut_draft() -> None:
    edits = status_json("local", "s1", SessionState("s1", ON_THE_BEAT))["edits"]
    assert edits == {
        "pauses": {"longer_than_ms": 1000, "keep_over_ms": None, "shorten_to_ms": None},
        "pieces": [
            {
                "name": "talk.mp4",
                "clips": [1, 2, 3],
                "cuts": [{"at_ms": 5250, "cut_ms": 850}, {"at_ms": 7250, "cut_ms": 2800}],
            }
        ],
        "beats": {
            "music": "song.wav",
            "bpm": 120.0,
            "every": 1,
            "at_ms": [250 + 500 * i for i in range(19)],
        },
        "loudness_lufs": -14.0,
        "ducking": [{"music": "song.wav", "db": 12}],
        "denoise": True,
    }


def test_json_edits_of_a_plain_draft_are_empty() -> None:
    assert status_json("cloud", "1", SessionState("1", MUSIC_DRAFT))["edits"] == {
        "pauses": None,
        "pieces": [],
        "beats": None,
        "loudness_lufs": None,
        "ducking": [],
        "denoise": False,
    }
    assert status_json("local", None, None)["edits"]["pieces"] == []


def test_piped_status_says_what_the_draft_holds(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    _report(env, FakeBackend("local"), "the default", "s1", SessionState("s1", PAUSED))
    assert env.stdout.getvalue().splitlines()[1:] == [
        "Session: s1",
        "Media: none yet (nemo upload FILE...)",
        "Timeline (1 track): 1. Video: talk.mp4 (0-5.2s), talk.mp4 (5.2-7.4s), talk.mp4 (7.4-9.5s)",
        "Pauses over 1s cut: 2 cuts, 3.5s in all",
        "Sound: -14 LUFS · background noise reduced",
    ]


def test_status_json_from_the_cli_has_the_edits(tmp_path: Path) -> None:
    env = make_env(tmp_path, json=True)
    _report(env, FakeBackend("local"), "the default", "s1", SessionState("s1", PAUSED))
    data = json.loads(env.stdout.getvalue())
    assert data["edits"]["pauses"] == {
        "longer_than_ms": 1000,
        "keep_over_ms": None,
        "shorten_to_ms": None,
    }
    assert [c["cut_ms"] for c in data["edits"]["pieces"][0]["cuts"]] == [850, 2650]
