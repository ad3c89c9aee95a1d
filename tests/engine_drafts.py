"""Drafts exactly as the local engine writes them after the analysis edits, shared by the
picture and status tests (test_timeline.test_engine_writes_these_drafts checks they are the
engine's own)."""

from __future__ import annotations

from typing import Any

# As the local engine writes it after "cut pauses longer than 1 s", "make it loud enough for
# YouTube" and "reduce the background noise" on a 13 s talk (test_engine_writes_these_drafts).
PAUSED: dict[str, Any] = {
    "t": [
        {
            "tt": 0,
            "n": "Video",
            "sg": [
                {
                    "id": "v1",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 0,
                    "d": 5250,
                    "in": 0,
                    "sp": 1.0,
                    "v": 100,
                },
                {
                    "id": "v2",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 5250,
                    "d": 2150,
                    "in": 6100,
                    "sp": 1.0,
                    "v": 100,
                    "cut": 850,
                },
                {
                    "id": "v3",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 7400,
                    "d": 2100,
                    "in": 10900,
                    "sp": 1.0,
                    "v": 100,
                    "cut": 2650,
                },
            ],
        }
    ],
    "d": 9500,
    "m": {
        "width": 1920,
        "height": 1080,
        "aspect": "16:9",
        "fit": "letterbox",
        "xfade": 0,
        "img_d": 3000,
        "lufs": -14.0,
        "dn": True,
        "pause": {"gt": 1000},
    },
}
# ... then "add music", "cut to the beat" (120 BPM) and "lower the music when someone talks".
BEATS = [250 + 500 * i for i in range(19)]
ON_THE_BEAT: dict[str, Any] = {
    "t": [
        {
            "tt": 0,
            "n": "Video",
            "sg": [
                {
                    "id": "v1",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 0,
                    "d": 5250,
                    "in": 0,
                    "sp": 1.0,
                    "v": 100,
                },
                {
                    "id": "v2",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 5250,
                    "d": 2000,
                    "in": 6100,
                    "sp": 1.0,
                    "v": 100,
                    "cut": 850,
                },
                {
                    "id": "v3",
                    "src": "m1",
                    "n": "talk.mp4",
                    "k": "video",
                    "st": 7250,
                    "d": 2000,
                    "in": 10900,
                    "sp": 1.0,
                    "v": 100,
                    "cut": 2800,
                },
            ],
        },
        {
            "tt": 1,
            "n": "BGM",
            "sg": [
                {
                    "id": "a1",
                    "src": "m9",
                    "n": "song.wav",
                    "st": 0,
                    "d": 9250,
                    "in": 0,
                    "v": 35,
                    "fi": 0,
                    "fo": 0,
                    "loop": False,
                    "duck": 12,
                },
            ],
        },
    ],
    "d": 9250,
    "m": {
        "width": 1920,
        "height": 1080,
        "aspect": "16:9",
        "fit": "letterbox",
        "xfade": 0,
        "img_d": 3000,
        "lufs": -14.0,
        "dn": True,
        "pause": {"gt": 1000},
        "beat": {"src": "m9", "n": "song.wav", "bpm": 120.0, "every": 1, "b": BEATS, "at": BEATS},
    },
}
