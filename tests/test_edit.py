"""The local engine's editor and replies: table tests (starting draft, media, instruction -> key
fields of the new draft, exact changes and problems), exact whole drafts, purity, the replies'
text, and a property: parse() + apply() never raise.

Drafts and media are written here as session.json holds them (dicts); ``edit`` reads them into
the engine's types (``timeline.from_draft``, ``Media.from_json``) and the tests compare the
draft the result writes (``timeline.to_draft``)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nemo_cli.backends.local import changes as ch
from nemo_cli.backends.local import intents as it
from nemo_cli.backends.local.edit.apply import EditResult, apply
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.messages import MESSAGES, word, words
from nemo_cli.backends.local.reply import compose_reply, history_message, not_understood
from nemo_cli.backends.local.timeline import EMPTY, from_draft, to_draft
from nemo_cli.backends.local.understand import parse

# ---------------------------------------------------------------- media sets


def _video(mid: str, filename: str, seconds: float, audio: bool = True) -> dict[str, Any]:
    return {
        "id": mid,
        "path": f"/media/{filename}",
        "filename": filename,
        "file_type": "video",
        "duration": seconds,
        "width": 1280,
        "height": 720,
        "fps": 30.0,
        "rotation": 0,
        "has_audio": audio,
        "size": 1000,
        "mtime": 0,
    }


def _audio(mid: str, filename: str, seconds: float) -> dict[str, Any]:
    return {
        "id": mid,
        "path": f"/media/{filename}",
        "filename": filename,
        "file_type": "audio",
        "duration": seconds,
        "width": None,
        "height": None,
        "fps": None,
        "rotation": 0,
        "has_audio": True,
        "size": 1000,
        "mtime": 0,
    }


def _image(mid: str, filename: str) -> dict[str, Any]:
    return {
        "id": mid,
        "path": f"/media/{filename}",
        "filename": filename,
        "file_type": "image",
        "duration": None,
        "width": 800,
        "height": 600,
        "fps": None,
        "rotation": 0,
        "has_audio": False,
        "size": 1000,
        "mtime": 0,
    }


A, B, C = _video("m1", "a.mp4", 5.0), _video("m2", "b.mp4", 4.0), _video("m3", "c.mp4", 6.0)
LOFI = _audio("m4", "lofi.wav", 12.0)
MEDIA: dict[str, list[dict[str, Any]]] = {
    "none": [],
    "two_clips": [A, B],
    "clips_music": [A, B, LOFI],
    "three_clips_music": [A, B, C, LOFI, _audio("m5", "short.mp3", 3.0)],
    "photos_music": [
        _image("p1", "p1.jpg"),
        _image("p2", "p2.png"),
        _image("p3", "p3.jpg"),
        _audio("s1", "song.mp3", 20.0),
    ],
    "mixed": [A, _image("p1", "p.jpg"), LOFI],
    "audio_only": [LOFI],
    "silent_music": [_video("m1", "a.mp4", 5.0, audio=False), LOFI],
}


def empty_draft() -> dict[str, Any]:
    return to_draft(EMPTY)


def edit(draft: Any, media: list[dict[str, Any]], intents: list[Any]) -> EditResult:
    """``apply`` on a draft and media as the session file holds them."""
    return apply(from_draft(draft), [Media.from_json(m) for m in media], intents)


def draft_of(result: EditResult) -> dict[str, Any]:
    return to_draft(result.timeline)


# ---------------------------------------------------------------- starting drafts

M = {"width": 1920, "height": 1080, "aspect": "16:9", "fit": "letterbox", "xfade": 0, "img_d": 3000}


def _seg(sid: str, item: dict[str, Any], st: int, d: int) -> dict[str, Any]:
    kind = "image" if item["file_type"] == "image" else "video"
    return {
        "id": sid,
        "src": item["id"],
        "n": item["filename"],
        "k": kind,
        "st": st,
        "d": d,
        "in": 0,
        "sp": 1.0,
        "v": 100,
    }


DRAFTS: dict[str, dict[str, Any]] = {
    "empty": empty_draft(),
    "combined": {
        "t": [{"tt": 0, "n": "Video", "sg": [_seg("v1", A, 0, 5000), _seg("v2", B, 5000, 4000)]}],
        "d": 9000,
        "m": dict(M),
    },
    "xfade": {
        "t": [{"tt": 0, "n": "Video", "sg": [_seg("v1", A, 0, 5000), _seg("v2", B, 4000, 4000)]}],
        "d": 8000,
        "m": {**M, "xfade": 1000},
    },
    "full": {
        "t": [
            {
                "tt": 0,
                "n": "Video",
                "sg": [
                    _seg("v1", A, 0, 5000),
                    _seg("v2", B, 5000, 4000),
                    _seg("v3", C, 9000, 6000),
                ],
            },
            {
                "tt": 1,
                "n": "BGM",
                "sg": [
                    {
                        "id": "a1",
                        "src": "m4",
                        "n": "lofi.wav",
                        "st": 0,
                        "d": 15000,
                        "in": 0,
                        "v": 35,
                        "fi": 0,
                        "fo": 0,
                        "loop": True,
                    }
                ],
            },
            {
                "tt": 7,
                "n": "Title",
                "sg": [
                    {
                        "id": "x1",
                        "tx": "Urban Dreams",
                        "st": 0,
                        "d": 3000,
                        "pos": "center",
                        "size": "large",
                        "k": "title",
                    }
                ],
            },
        ],
        "d": 15000,
        "m": {"title": "Urban Dreams", **M},
    },
    "four": {  # clip 4 is a 2 s piece of a.mp4
        "t": [
            {
                "tt": 0,
                "n": "Video",
                "sg": [
                    _seg("v1", A, 0, 5000),
                    _seg("v2", B, 5000, 4000),
                    _seg("v3", C, 9000, 6000),
                    _seg("v4", A, 15000, 2000),
                ],
            }
        ],
        "d": 17000,
        "m": dict(M),
    },
    "photos": {
        "t": [
            {
                "tt": 0,
                "n": "Video",
                "sg": [
                    _seg("v1", _image("p1", "p1.jpg"), 0, 3000),
                    _seg("v2", _image("p2", "p2.png"), 3000, 3000),
                    _seg("v3", _image("p3", "p3.jpg"), 6000, 3000),
                ],
            }
        ],
        "d": 9000,
        "m": dict(M),
    },
}


def view(draft: dict[str, Any], key: str) -> Any:
    """The key fields the table compares."""
    tracks = {t["tt"]: t["sg"] for t in draft["t"]}
    if key == "d":
        return draft["d"]
    if key == "tracks":
        return [t["tt"] for t in draft["t"]]
    if key.startswith("m."):
        return draft["m"].get(key[2:])
    if key == "video":
        return [(s["src"], s["st"], s["d"]) for s in tracks.get(0, [])]
    if key == "clips":
        return [(s["n"], s["in"], s["d"], s["sp"], s["v"]) for s in tracks.get(0, [])]
    if key == "music":
        return [
            (s["n"], s["st"], s["d"], s["v"], s["fi"], s["fo"], s["loop"])
            for s in tracks.get(1, [])
        ]
    if key == "text":
        return [(s["tx"], s["st"], s["d"], s["pos"], s["size"]) for s in tracks.get(7, [])]
    raise KeyError(key)


HEADLINE = (
    "combine my clips, add background music at 35% and a title 'Urban Dreams' for 3 seconds, "
    "vertical"
)
NO_MUSIC = 'There is no background music yet: say "add background music" first'
NO_CLIPS = (
    "There are no clips on the timeline yet: upload a video or photo first (nemo upload clip.mp4)"
)

# (draft, media, instruction, expected key fields, changes, problems)
ROWS: list[tuple[str, str, str, dict[str, Any], list[str], list[str]]] = [
    # ---- combine, and building the timeline when an edit needs one
    (
        "empty",
        "two_clips",
        "combine my clips",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)], "d": 9000, "tracks": [0]},
        ["Combined 2 clips into a 9.0 s timeline"],
        [],
    ),
    (
        "empty",
        "none",
        "combine my clips",
        {"d": 0, "tracks": []},
        [],
        ["There are no clips or photos to combine: upload some first (nemo upload clip.mp4)"],
    ),
    (
        "empty",
        "photos_music",
        "make a slideshow",
        {"video": [("p1", 0, 3000), ("p2", 3000, 3000), ("p3", 6000, 3000)], "d": 9000},
        ["Combined 3 photos into a 9.0 s timeline"],
        [],
    ),
    (
        "empty",
        "mixed",
        "merge everything",
        {"video": [("m1", 0, 5000), ("p1", 5000, 3000)]},
        ["Combined 1 clip and 1 photo into a 8.0 s timeline"],
        [],
    ),
    (
        "combined",
        "clips_music",
        "combine my clips",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)]},
        ["Combined 2 clips into a 9.0 s timeline"],
        [],
    ),
    (
        "empty",
        "clips_music",
        "add background music",
        {
            "video": [("m1", 0, 5000), ("m2", 5000, 4000)],
            "music": [("lofi.wav", 0, 9000, 35, 0, 0, False)],
            "tracks": [0, 1],
        },
        ["Put your 2 clips on the timeline (9.0 s)", "Added music 'lofi.wav' to 0-9s at 35%"],
        [],
    ),
    (
        "empty",
        "two_clips",
        "add background music",
        {"d": 9000, "tracks": [0]},
        ["Put your 2 clips on the timeline (9.0 s)"],
        ["Upload an audio file first: nemo upload music.mp3"],
    ),
    ("empty", "audio_only", "add background music", {"d": 0, "tracks": []}, [], [NO_CLIPS]),
    (
        "empty",
        "silent_music",
        "add music",
        {"music": [("lofi.wav", 0, 5000, 100, 0, 0, False)]},
        ["Put 'a.mp4' on the timeline (5.0 s)", "Added music 'lofi.wav' to 0-5s at 100%"],
        [],
    ),
    (
        "empty",
        "clips_music",
        HEADLINE,
        {
            "d": 9000,
            "m.title": "Urban Dreams",
            "m.width": 1080,
            "m.height": 1920,
            "m.aspect": "9:16",
            "text": [("Urban Dreams", 0, 3000, "center", "large")],
        },
        [
            "Combined 2 clips into a 9.0 s timeline",
            "Added music 'lofi.wav' to 0-9s at 35%",
            'Added title "Urban Dreams" (0-3s, center)',
            "Switched to vertical 9:16 (1080x1920)",
        ],
        [],
    ),
    (
        "empty",
        "two_clips",
        "make it vertical",
        {"d": 9000, "m.aspect": "9:16"},
        ["Put your 2 clips on the timeline (9.0 s)", "Switched to vertical 9:16 (1080x1920)"],
        [],
    ),
    (
        "empty",
        "none",
        "make it square",
        {"m.aspect": "1:1", "m.width": 1080, "m.height": 1080},
        ["Switched to square 1:1 (1080x1080)"],
        [],
    ),
    ("empty", "none", "trim clip 1 to 2 seconds", {"tracks": []}, [], [NO_CLIPS]),
    # ---- reorder
    (
        "combined",
        "two_clips",
        "put clip 2 first",
        {"video": [("m2", 0, 4000), ("m1", 4000, 5000)]},
        ["Moved clip 2 ('b.mp4') to position 1"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "put clip 1 first",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)]},
        ["Clip 1 ('a.mp4') is already at position 1"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "swap clip 1 and 2",
        {"video": [("m2", 0, 4000), ("m1", 4000, 5000)]},
        ["Swapped clip 1 ('a.mp4') and clip 2 ('b.mp4')"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "swap clip 1 and 3",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)]},
        [],
        ["There is no clip 3: the session has 2 clips"],
    ),
    (
        "combined",
        "two_clips",
        "reverse the order",
        {"video": [("m2", 0, 4000), ("m1", 4000, 5000)]},
        ["Reversed the order of the 2 clips"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "move clip 1 to position 5",
        {"d": 9000},
        [],
        ["There is no position 5: the session has 2 clips"],
    ),
    (
        "full",
        "three_clips_music",
        "put clip 3 first",
        {"video": [("m3", 0, 6000), ("m1", 6000, 5000), ("m2", 11000, 4000)]},
        ["Moved clip 3 ('c.mp4') to position 1"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "put clip 1 after clip 3",
        {"video": [("m2", 0, 4000), ("m3", 4000, 6000), ("m1", 10000, 5000)]},
        ["Moved clip 1 ('a.mp4') to position 3"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "move the last clip before clip 1",
        {"video": [("m3", 0, 6000), ("m1", 6000, 5000), ("m2", 11000, 4000)]},
        ["Moved clip 3 ('c.mp4') to position 1"],
        [],
    ),
    # ---- one edit after another: "then", "after that", "然后", "再" (each clause read once)
    (
        "four",
        "three_clips_music",
        "remove clip 2, then swap clip 1 and 3",
        {"video": [("m1", 0, 2000), ("m3", 2000, 6000), ("m1", 8000, 5000)], "d": 13000},
        [
            "Removed clip 2 ('b.mp4'); the timeline is now 13.0 s",
            "Swapped clip 1 ('a.mp4') and clip 3 ('a.mp4')",
        ],
        [],
    ),
    (
        "four",
        "three_clips_music",
        "删除第2段和第3段，然后交换第1段和第2段",
        {"video": [("m1", 0, 2000), ("m1", 2000, 5000)], "d": 7000},
        [
            "Removed clip 3 ('c.mp4'); the timeline is now 11.0 s",
            "Removed clip 2 ('b.mp4'); the timeline is now 7.0 s",
            "Swapped clip 1 ('a.mp4') and clip 2 ('a.mp4')",
        ],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "swap clip 1 and 2, after that remove clip 3",
        {"video": [("m2", 0, 4000), ("m1", 4000, 5000)], "d": 9000},
        [
            "Swapped clip 1 ('a.mp4') and clip 2 ('b.mp4')",
            "Removed clip 3 ('c.mp4'); the timeline is now 9.0 s",
        ],
        [],
    ),
    (
        "four",
        "three_clips_music",
        "删除第4段再交换第1段和第3段",
        {"video": [("m3", 0, 6000), ("m2", 6000, 4000), ("m1", 10000, 5000)]},
        [
            "Removed clip 4 ('a.mp4'); the timeline is now 15.0 s",
            "Swapped clip 1 ('a.mp4') and clip 3 ('c.mp4')",
        ],
        [],
    ),
    # ---- remove
    (
        "combined",
        "two_clips",
        "remove clip 5",
        {"d": 9000},
        [],
        ["There is no clip 5: the session has 2 clips"],
    ),
    (
        "combined",
        "two_clips",
        "remove clip 2",
        {"video": [("m1", 0, 5000)], "d": 5000},
        ["Removed clip 2 ('b.mp4'); the timeline is now 5.0 s"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "delete the last clip",
        {"video": [("m1", 0, 5000)], "d": 5000},
        ["Removed clip 2 ('b.mp4'); the timeline is now 5.0 s"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "remove clips 1 and 2",
        {"tracks": [], "d": 0},
        [
            "Removed clip 2 ('b.mp4'); the timeline is now 5.0 s",
            "Removed clip 1 ('a.mp4'); the timeline is now empty",
        ],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "remove clip 3",
        {"d": 9000, "music": [("lofi.wav", 0, 9000, 35, 0, 0, False)]},
        ["Removed clip 3 ('c.mp4'); the timeline is now 9.0 s"],
        [],
    ),
    # ---- trim
    (
        "combined",
        "two_clips",
        "use 0:01-0:03 of clip 2",
        {"clips": [("a.mp4", 0, 5000, 1.0, 100), ("b.mp4", 1000, 2000, 1.0, 100)], "d": 7000},
        ["Trimmed clip 2 ('b.mp4') to 0:01-0:03 (2.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "trim clip 1 to 2 seconds",
        {"video": [("m1", 0, 2000), ("m2", 2000, 4000)], "d": 6000},
        ["Trimmed clip 1 ('a.mp4') to 0:00-0:02 (2.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "trim clip 1 to 8 seconds",
        {"d": 9000},
        [],
        ["Clip 1 ('a.mp4') is only 5.0 s long: using 0:00-0:05"],
    ),
    (
        "combined",
        "two_clips",
        "use 0:07-0:09 of clip 1",
        {"d": 9000},
        [],
        ["Clip 1 ('a.mp4') is only 5.0 s long: nothing is at 0:07"],
    ),
    (
        "combined",
        "two_clips",
        "remove the first 2 seconds of clip 2",
        {"clips": [("a.mp4", 0, 5000, 1.0, 100), ("b.mp4", 2000, 2000, 1.0, 100)], "d": 7000},
        ["Trimmed clip 2 ('b.mp4') to 0:02-0:04 (2.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "use the last 3 seconds of clip 1",
        {"clips": [("a.mp4", 2000, 3000, 1.0, 100), ("b.mp4", 0, 4000, 1.0, 100)]},
        ["Trimmed clip 1 ('a.mp4') to 0:02-0:05 (3.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "cut it to 6 seconds",
        {"video": [("m1", 0, 5000), ("m2", 5000, 1000)], "d": 6000},
        ["Cut the timeline to 6.0 s"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "cut it to 30 seconds",
        {"d": 9000},
        [],
        [
            "The timeline is 9.0 s long, already shorter than the 30 s asked: cutting cannot "
            "make it longer (show the photos longer or add clips)"
        ],
    ),
    (
        "combined",
        "two_clips",
        "cut the first 2 seconds",
        {"clips": [("a.mp4", 2000, 3000, 1.0, 100), ("b.mp4", 0, 4000, 1.0, 100)], "d": 7000},
        ["Cut the timeline to 7.0 s (kept 0:02-0:09)"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "cut it to 10 seconds",
        {
            "video": [("m1", 0, 5000), ("m2", 5000, 4000), ("m3", 9000, 1000)],
            "d": 10000,
            "music": [("lofi.wav", 0, 10000, 35, 0, 0, False)],
        },
        ["Cut the timeline to 10.0 s"],
        [],
    ),
    (
        "photos",
        "photos_music",
        "trim clip 2 to 1 second",
        {"video": [("p1", 0, 3000), ("p2", 3000, 1000), ("p3", 4000, 3000)]},
        ["Clip 2 ('p2.png') now shows for 1.0 s"],
        [],
    ),
    # ---- speed and sound
    (
        "combined",
        "two_clips",
        "speed up clip 2 2x",
        {"clips": [("a.mp4", 0, 5000, 1.0, 100), ("b.mp4", 0, 2000, 2.0, 100)], "d": 7000},
        ["Clip 2 ('b.mp4') now plays at 2x (4.0 s -> 2.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "slow motion 0.5x",
        {"video": [("m1", 0, 10000), ("m2", 10000, 8000)]},
        ["All clips now play at 0.5x (timeline 18.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "speed up 10x",
        {"d": 9000},
        [],
        ["Speed must be between 0.25x and 4x"],
    ),
    (
        "photos",
        "photos_music",
        "speed up 2x",
        {"d": 9000},
        [],
        ["There are only photos on the timeline: speed applies to video clips"],
    ),
    (
        "combined",
        "two_clips",
        "mute the clips",
        {"clips": [("a.mp4", 0, 5000, 1.0, 0), ("b.mp4", 0, 4000, 1.0, 0)]},
        ["Muted the clips' own sound"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "mute clip 2",
        {"clips": [("a.mp4", 0, 5000, 1.0, 100), ("b.mp4", 0, 4000, 1.0, 0)]},
        ["Muted clip 2 ('b.mp4')"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "original sound at 50%",
        {"clips": [("a.mp4", 0, 5000, 1.0, 50), ("b.mp4", 0, 4000, 1.0, 50)]},
        ["Set the clips' own sound to 50%"],
        [],
    ),
    # ---- crossfades and photos
    (
        "combined",
        "two_clips",
        "crossfade 1 second between clips",
        {"video": [("m1", 0, 5000), ("m2", 4000, 4000)], "d": 8000, "m.xfade": 1000},
        ["Added 1.0 s crossfades between clips (timeline 8.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "crossfade 3 seconds",
        {"d": 7000, "m.xfade": 2000},
        [
            "Added 2.0 s crossfades between clips (timeline 7.0 s, shortened from 3.0 s to fit the "
            "shortest clip)"
        ],
        [],
    ),
    (
        "combined",
        "two_clips",
        "no transitions",
        {"d": 9000, "m.xfade": 0},
        ["Clips cut straight to the next (no crossfades)"],
        [],
    ),
    (
        "xfade",
        "two_clips",
        "no transitions",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)], "d": 9000},
        ["Removed the crossfades: clips cut straight to the next (timeline 9.0 s)"],
        [],
    ),
    (
        "xfade",
        "two_clips",
        "trim clip 2 to 1 second",
        {"video": [("m1", 0, 5000), ("m2", 4500, 1000)], "d": 5500, "m.xfade": 500},
        [
            "Shortened the crossfades to 0.5 s to fit the shortest clip",
            "Trimmed clip 2 ('b.mp4') to 0:00-0:01 (1.0 s)",
        ],
        [],
    ),
    (
        "xfade",
        "two_clips",
        "cut it to 6 seconds",
        {"video": [("m1", 0, 5000), ("m2", 4000, 2000)], "d": 6000},
        ["Cut the timeline to 6.0 s"],
        [],
    ),
    (
        "photos",
        "photos_music",
        "each photo 2 seconds",
        {"video": [("p1", 0, 2000), ("p2", 2000, 2000), ("p3", 4000, 2000)], "m.img_d": 2000},
        ["Each photo now shows for 2.0 s (3 photos, timeline 6.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "each photo 2 seconds",
        {"m.img_d": 2000, "d": 9000},
        ["Photos will show for 2.0 s each (there are none on the timeline yet)"],
        [],
    ),
    # ---- frame
    (
        "combined",
        "two_clips",
        "fill the frame",
        {"m.fit": "fill"},
        ["Clips now fill the 1920x1080 frame (cropped, no black bars)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "letterbox",
        {"m.fit": "letterbox"},
        [
            "Clips already fit inside the 1920x1080 frame (whole picture, black bars where shapes "
            "differ)"
        ],
        [],
    ),
    (
        "combined",
        "two_clips",
        "make it 16:9",
        {"m.aspect": "16:9"},
        ["The video is already landscape 16:9 (1920x1080)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "make it vertical with no black bars",
        {"m.aspect": "9:16", "m.fit": "fill", "m.width": 1080},
        [
            "Switched to vertical 9:16 (1080x1920)",
            "Clips now fill the 1080x1920 frame (cropped, no black bars)",
        ],
        [],
    ),
    # ---- music
    ("combined", "two_clips", "music volume 20%", {"tracks": [0]}, [], [NO_MUSIC]),
    ("combined", "two_clips", "fade out at the end", {"tracks": [0]}, [], [NO_MUSIC]),
    (
        "combined",
        "two_clips",
        "remove the music",
        {"tracks": [0]},
        [],
        ["There is no music to remove"],
    ),
    (
        "combined",
        "clips_music",
        "add lofi.wav as background music at 50% and fade it in over 2 seconds",
        {"music": [("lofi.wav", 0, 9000, 50, 2000, 0, False)]},
        ["Added music 'lofi.wav' to 0-9s at 50%", "Music fades in over 2.0 s"],
        [],
    ),
    (
        "combined",
        "clips_music",
        "add music from 0:03",
        {"music": [("lofi.wav", 3000, 6000, 35, 0, 0, False)]},
        ["Added music 'lofi.wav' to 3-9s at 35%"],
        [],
    ),
    (
        "combined",
        "clips_music",
        "use 'nothing.mp3' as music",
        {"tracks": [0]},
        [],
        [
            "There is no audio file named 'nothing.mp3' in this session "
            "(audio files here: lofi.wav): "
            "upload it first (nemo upload nothing.mp3)"
        ],
    ),
    (
        "combined",
        "clips_music",
        "use a.mp4 as music",
        {"tracks": [0]},
        [],
        ["'a.mp4' is a video, not an audio file: upload the music as mp3, wav, m4a or aac"],
    ),
    (
        "full",
        "three_clips_music",
        "music volume 20%",
        {"music": [("lofi.wav", 0, 15000, 20, 0, 0, True)]},
        ["Set the music volume to 20% (was 35%)"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "make the music quieter",
        {"music": [("lofi.wav", 0, 15000, 25, 0, 0, True)]},
        ["Set the music volume to 25% (was 35%)"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "make the music a lot quieter",
        {"music": [("lofi.wav", 0, 15000, 17, 0, 0, True)]},
        ["Set the music volume to 17% (was 35%)"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "music louder",
        {"music": [("lofi.wav", 0, 15000, 50, 0, 0, True)]},
        ["Set the music volume to 50% (was 35%)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "turn the clips down",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000)]},
        ["Set the clips' own sound to 70%"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "fade in and out",
        {"music": [("lofi.wav", 0, 15000, 35, 2000, 2000, True)]},
        ["Music fades in over 2.0 s and out over 2.0 s"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "remove the music",
        {"tracks": [0, 7]},
        ["Removed the music 'lofi.wav'"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "use short.mp3 as music",
        {"music": [("short.mp3", 0, 15000, 35, 0, 0, True)]},
        ["Added music 'short.mp3' to 0-15s at 35% (looped), replacing 'lofi.wav'"],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "add background music at 50%",
        {"music": [("lofi.wav", 0, 15000, 50, 0, 0, True)]},
        ["Music 'lofi.wav' plays 0-15s at 50%"],
        [],
    ),
    # ---- titles and captions
    (
        "combined",
        "two_clips",
        "add a title for the first 3 seconds",
        {"tracks": [0]},
        [],
        ['What should the title say? Put the text in quotes, e.g. title "Urban Dreams"'],
    ),
    (
        "combined",
        "two_clips",
        "caption 'hello' at the bottom from 0:04 to 0:08",
        {"text": [("hello", 4000, 4000, "bottom", "medium")], "m.title": None},
        ['Added caption "hello" (4-8s, bottom)'],
        [],
    ),
    (
        "combined",
        "two_clips",
        "add text 'The End' at the end",
        {"text": [("The End", 6000, 3000, "center", "medium")]},
        ['Added text "The End" (6-9s, center)'],
        [],
    ),
    (
        "combined",
        "two_clips",
        "title 'Late' from 0:20",
        {"tracks": [0]},
        [],
        ["The timeline is only 9.0 s long: a title at 20s would never show"],
    ),
    (
        "combined",
        "two_clips",
        "title 'Hi' throughout",
        {"text": [("Hi", 0, 9000, "center", "large")]},
        ['Added title "Hi" (0-9s, center)'],
        [],
    ),
    (
        "combined",
        "two_clips",
        "caption 'a', caption 'b'",
        {"text": [("a", 0, 3000, "bottom", "medium"), ("b", 3000, 3000, "bottom", "medium")]},
        ['Added caption "a" (0-3s, bottom)', 'Added caption "b" (3-6s, bottom)'],
        [],
    ),
    (
        "full",
        "three_clips_music",
        'title "New Name"',
        {"text": [("New Name", 0, 3000, "center", "large")], "m.title": "New Name"},
        ['Replaced title "Urban Dreams" with "New Name" (0-3s, center)'],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "remove the titles",
        {"tracks": [0, 1], "m.title": None},
        ['Removed title "Urban Dreams"'],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "put the title at the bottom",
        {"text": [("Urban Dreams", 0, 3000, "bottom", "large")]},
        ['Updated title "Urban Dreams" (0-3s, bottom, large)'],
        [],
    ),
    (
        "full",
        "three_clips_music",
        "make the title smaller, and show it from 0:02",
        {"text": [("Urban Dreams", 2000, 3000, "center", "small")]},
        ['Updated title "Urban Dreams" (2-5s, center, small)'],
        [],
    ),
    # "add subtitles" without text: captions from speech (nothing heard in these test clips)
    (
        "combined",
        "two_clips",
        "add subtitles",
        {"tracks": [0]},
        [],
        ["No speech was heard in the clips, so there are no captions to add"],
    ),
    (
        "combined",
        "two_clips",
        "add a caption at the bottom",
        {"tracks": [0]},
        [],
        ['What should the caption say? Put the text in quotes, e.g. caption "Urban Dreams"'],
    ),
    (
        "combined",
        "two_clips",
        "remove the titles",
        {"tracks": [0]},
        [],
        ["There is no title to remove"],
    ),
    # ---- several at once, and the store's kinds
    (
        "full",
        "three_clips_music",
        "delete clip 2, then make it square and fill the frame",
        {
            "video": [("m1", 0, 5000), ("m3", 5000, 6000)],
            "m.aspect": "1:1",
            "m.fit": "fill",
            "music": [("lofi.wav", 0, 11000, 35, 0, 0, False)],
        },
        [
            "Removed clip 2 ('b.mp4'); the timeline is now 11.0 s",
            "Switched to square 1:1 (1080x1080)",
            "Clips now fill the 1080x1080 frame (cropped, no black bars)",
        ],
        [],
    ),
    # ---- halves, each clip, "by"
    (
        "combined",
        "two_clips",
        "cut clip 1 in half",
        {"video": [("m1", 0, 2500), ("m2", 2500, 4000)]},
        ["Trimmed clip 1 ('a.mp4') to 0:00-0:02.5 (2.5 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "keep the second half of the video",
        {"video": [("m1", 0, 500), ("m2", 500, 4000)]},
        ["Cut the timeline to 4.5 s (kept 0:04.5-0:09)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "only keep the first 3 seconds of each clip",
        {"video": [("m1", 0, 3000), ("m2", 3000, 3000)]},
        [
            "Trimmed clip 1 ('a.mp4') to 0:00-0:03 (3.0 s)",
            "Trimmed clip 2 ('b.mp4') to 0:00-0:03 (3.0 s)",
        ],
        [],
    ),
    (
        "combined",
        "two_clips",
        "shorten clip 1 by 2 seconds",
        {"video": [("m1", 0, 3000), ("m2", 3000, 4000)]},
        ["Trimmed clip 1 ('a.mp4') to 0:00-0:03 (3.0 s)"],
        [],
    ),
    # ---- files added by name to a timeline that has clips
    (
        "combined",
        "three_clips_music",
        "add c.mp4",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000), ("m3", 9000, 6000)]},
        ["Added 'c.mp4' as clip 3 (timeline 15.0 s)"],
        [],
    ),
    (
        "combined",
        "three_clips_music",
        "put c.mp4 at the start",
        {"video": [("m3", 0, 6000), ("m1", 6000, 5000), ("m2", 11000, 4000)]},
        ["Added 'c.mp4' as clip 1 (timeline 15.0 s)"],
        [],
    ),
    (
        "combined",
        "three_clips_music",
        "insert c.mp4 after clip 1",
        {"video": [("m1", 0, 5000), ("m3", 5000, 6000), ("m2", 11000, 4000)]},
        ["Added 'c.mp4' as clip 2 (timeline 15.0 s)"],
        [],
    ),
    (
        "combined",
        "three_clips_music",
        "add c.mp4 before clip 9",
        {"d": 9000},
        [],
        ["There is no clip 9: the session has 2 clips"],
    ),
    (
        "combined",
        "two_clips",
        "add a.mp4",
        {"d": 9000},
        [],
        ["'a.mp4' is already on the timeline (clip 1): say \"add a.mp4 again\" for another copy"],
    ),
    (
        "combined",
        "two_clips",
        "把a.mp4加到最后",
        {"d": 9000},
        [],
        ["'a.mp4' is already on the timeline (clip 1): say \"add a.mp4 again\" for another copy"],
    ),
    (
        "combined",
        "two_clips",
        "add a.mp4 again",
        {"video": [("m1", 0, 5000), ("m2", 5000, 4000), ("m1", 9000, 5000)]},
        ["Added 'a.mp4' as clip 3 (timeline 14.0 s)"],
        [],
    ),
    (
        "combined",
        "two_clips",
        "add zzz.mp4",
        {"d": 9000},
        [],
        [
            "There is no video or photo named 'zzz.mp4' in this session: upload it first (nemo "
            "upload zzz.mp4)"
        ],
    ),
    (
        "empty",
        "three_clips_music",
        "add c.mp4 and b.mp4",
        {"video": [("m3", 0, 6000), ("m2", 6000, 4000)]},
        ["Added 'c.mp4', 'b.mp4' as clips 1-2 (timeline 10.0 s)"],
        [],
    ),
    ("combined", "two_clips", "undo", {"video": [("m1", 0, 5000), ("m2", 5000, 4000)]}, [], []),
    ("full", "three_clips_music", "start over", {"d": 15000, "tracks": [0, 1, 7]}, [], []),
]


@pytest.mark.parametrize(
    ("draft", "media", "text", "fields", "changes", "problems"),
    ROWS,
    ids=[f"{d}:{t}" for d, _, t, *_ in ROWS],
)
def test_apply_table(
    draft: str,
    media: str,
    text: str,
    fields: dict[str, Any],
    changes: list[str],
    problems: list[str],
) -> None:
    start = copy.deepcopy(DRAFTS[draft])
    result = edit(start, MEDIA[media], parse(text))
    assert {key: view(draft_of(result), key) for key in fields} == fields
    assert words(result.changes) == changes
    assert words(result.problems) == problems
    assert start == DRAFTS[draft]  # the input is never changed
    assert all(word(v, "zh") for v in [*result.changes, *result.problems])  # each has Chinese


def test_quieter_and_louder_walk_a_ladder_of_3_db_steps() -> None:
    """Issue: a third "make the music quieter" was refused at 5%. Each step is ~3 dB; the
    lowest step (1%) is still sound, lower is muting (its own words); louder climbs back the
    same rungs."""
    draft = copy.deepcopy(DRAFTS["full"])
    said: list[str] = []
    for _ in range(10):
        result = edit(draft, MEDIA["three_clips_music"], parse("make the music quieter"))
        draft = draft_of(result)
        said += words([*result.changes, *result.problems])
    assert said == [
        "Set the music volume to 25% (was 35%)",
        "Set the music volume to 17% (was 25%)",
        "Set the music volume to 12% (was 17%)",
        "Set the music volume to 8% (was 12%)",
        "Set the music volume to 6% (was 8%)",
        "Set the music volume to 4% (was 6%)",
        "Set the music volume to 3% (was 4%)",
        "Set the music volume to 2% (was 3%)",
        "Set the music volume to 1% (was 2%)",
        'The music is at 1% already, the lowest step: say "mute the music" to take it out, '
        'or give a level ("music at 0%")',
    ]
    for text in ("make the music louder", "music a lot louder", "音乐大声点"):
        draft = draft_of(edit(draft, MEDIA["three_clips_music"], parse(text)))
    assert view(draft, "music")[0][3] == 6  # 1 -> 2 -> 4 -> 6
    draft = draft_of(edit(draft, MEDIA["three_clips_music"], parse("set the music to 0%")))
    assert view(draft, "music")[0][3] == 0  # a level said goes below the lowest step
    result = edit(draft, MEDIA["three_clips_music"], parse("mute the music"))
    assert words(result.changes) == ["Removed the music 'lofi.wav'"]
    top = copy.deepcopy(DRAFTS["full"])
    top = draft_of(edit(top, MEDIA["three_clips_music"], parse("music at 200%")))
    result = edit(top, MEDIA["three_clips_music"], parse("music louder"))
    assert words(result.problems) == ["The music is at 200% already, as loud as it goes"]


def test_table_is_big_enough() -> None:
    assert len(ROWS) >= 60


# ---------------------------------------------------------------- exact drafts


def test_headline_edit_gives_this_exact_draft() -> None:
    result = edit(empty_draft(), MEDIA["clips_music"], parse(HEADLINE))
    assert draft_of(result) == {
        "t": [
            {
                "tt": 0,
                "n": "Video",
                "sg": [
                    {
                        "id": "v1",
                        "src": "m1",
                        "n": "a.mp4",
                        "k": "video",
                        "st": 0,
                        "d": 5000,
                        "in": 0,
                        "sp": 1.0,
                        "v": 100,
                    },
                    {
                        "id": "v2",
                        "src": "m2",
                        "n": "b.mp4",
                        "k": "video",
                        "st": 5000,
                        "d": 4000,
                        "in": 0,
                        "sp": 1.0,
                        "v": 100,
                    },
                ],
            },
            {
                "tt": 1,
                "n": "BGM",
                "sg": [
                    {
                        "id": "a1",
                        "src": "m4",
                        "n": "lofi.wav",
                        "st": 0,
                        "d": 9000,
                        "in": 0,
                        "v": 35,
                        "fi": 0,
                        "fo": 0,
                        "loop": False,
                    },
                ],
            },
            {
                "tt": 7,
                "n": "Title",
                "sg": [
                    {
                        "id": "x1",
                        "tx": "Urban Dreams",
                        "st": 0,
                        "d": 3000,
                        "pos": "center",
                        "size": "large",
                        "k": "title",
                    },
                ],
            },
        ],
        "d": 9000,
        "m": {
            "width": 1080,
            "height": 1920,
            "aspect": "9:16",
            "fit": "letterbox",
            "xfade": 0,
            "img_d": 3000,
            "title": "Urban Dreams",
        },
    }
    json.dumps(draft_of(result))  # the store writes it as JSON


def test_the_headline_edit_reports_typed_changes() -> None:
    """What changed comes back as values; the sentences are worded from them (messages)."""
    result = edit(empty_draft(), MEDIA["clips_music"], parse(HEADLINE))
    assert result.changes == [
        ch.ClipsCombined(videos=2, photos=0, length_ms=9000),
        ch.MusicAdded("lofi.wav", 0, 9000, volume=35, looped=False),
        ch.TitleAdded("title", "Urban Dreams", 0, 3000, "center"),
        ch.AspectSet("9:16", 1080, 1920),
    ]
    assert result.problems == []
    removed = edit(DRAFTS["full"], MEDIA["three_clips_music"], parse("remove clip 2, clip 9"))
    assert removed.changes == [ch.ClipRemoved(ch.ClipRef(2, "b.mp4"), 11000)]
    assert removed.problems == [ch.NoSuchClip(9, 3)]  # removes run from the back


def test_every_change_and_problem_has_english_and_chinese_words() -> None:
    kinds = {getattr(ch, n) for n in dir(ch) if isinstance(getattr(ch, n), type)}
    kinds -= {ch.ClipRef}
    assert kinds - set(MESSAGES) == set()


def test_a_session_of_edits_step_by_step() -> None:
    media = MEDIA["three_clips_music"]
    draft = empty_draft()
    for text in (
        "combine my clips",
        "crossfade 1 second",
        "use 0:01-0:04 of clip 3",
        "add lofi.wav at 40%",
        "add text 'The End' at the end",
        "put clip 3 first",
    ):
        draft = draft_of(edit(draft, media, parse(text)))
    # c (3 s), a (5 s), b (4 s), 1 s overlaps: 0-3, 2-7, 6-10
    assert view(draft, "video") == [("m3", 0, 3000), ("m1", 2000, 5000), ("m2", 6000, 4000)]
    assert view(draft, "clips")[0] == ("c.mp4", 1000, 3000, 1.0, 100)
    assert draft["d"] == 10000
    assert view(draft, "music") == [("lofi.wav", 0, 10000, 40, 0, 0, False)]
    # text anchored at the end moves with it
    assert view(draft, "text") == [("The End", 7000, 3000, "center", "medium")]


def test_empty_draft_is_fresh_each_time() -> None:
    one = empty_draft()
    one["m"]["width"] = 1
    assert empty_draft() == {"t": [], "d": 0, "m": M}


def test_history_intents_leave_the_draft_alone() -> None:
    draft = DRAFTS["full"]
    for intent in (it.Undo(), it.Redo(), it.Reset()):
        result = edit(draft, MEDIA["three_clips_music"], [intent])
        assert result == EditResult(from_draft(draft))
        assert draft_of(result) == draft


@pytest.mark.parametrize(
    "draft",
    [
        None,
        {},
        {"t": "x", "m": None},
        {"t": [{"tt": 0, "sg": [{"d": "x"}, 3]}], "d": float("nan")},
        {"t": [{"tt": 1, "sg": [{"st": -5, "d": 10**12}]}], "d": 5, "m": {"xfade": -3}},
    ],
)
def test_strange_drafts_do_not_crash(draft: Any) -> None:
    for text in ("combine my clips", "add music, vertical", "crossfade 1s", "cut it to 3 seconds"):
        result = edit(draft, MEDIA["clips_music"], parse(text))
        json.dumps(draft_of(result))


# ---------------------------------------------------------------- Chinese wording


@pytest.mark.parametrize(
    ("draft", "media", "text", "changes_zh", "problems_zh"),
    [
        ("empty", "two_clips", "合并我的视频", ["已把 2 个片段合并成 9.0 秒的时间线"], []),
        ("combined", "two_clips", "删除第5段", [], ["没有第 5 段：当前只有 2 段"]),
        (
            "combined",
            "clips_music",
            "加背景音乐，音量百分之二十",
            ["已添加音乐「lofi.wav」：0-9秒，音量 20%"],
            [],
        ),
        (
            "combined",
            "two_clips",
            "标题“城市之梦”前3秒",
            ["已添加标题“城市之梦”（0-3秒，中间）"],
            [],
        ),
        ("combined", "two_clips", "竖屏", ["已切换为竖屏 9:16（1080x1920）"], []),
        (
            "combined",
            "three_clips_music",
            "把c.mp4加到最前面",
            ["已把「c.mp4」加为第 1 段（时间线 15.0 秒）"],
            [],
        ),
        (
            "combined",
            "two_clips",
            "加上a.mp4",
            [],
            ["「a.mp4」已经在时间线上（第 1 段）：要再加一份请说“再加一次a.mp4”"],
        ),
        (
            "combined",
            "two_clips",
            "第二段加速2倍",
            ["第 2 段（b.mp4）现在以 2x 播放（4.0 秒 -> 2.0 秒）"],
            [],
        ),
    ],
)
def test_chinese_messages(
    draft: str, media: str, text: str, changes_zh: list[str], problems_zh: list[str]
) -> None:
    result = edit(DRAFTS[draft], MEDIA[media], parse(text))
    assert (words(result.changes, "zh"), words(result.problems, "zh")) == (changes_zh, problems_zh)


# ---------------------------------------------------------------- replies


def test_reply_lists_the_changes_and_ends_with_the_hint() -> None:
    intents = parse("combine my clips, remove clip 9")
    result = edit(empty_draft(), MEDIA["two_clips"], intents)
    # Not "Done": part of it was not (issue #12).
    assert compose_reply(result, intents, "en") == (
        "Here is what I changed:\n"
        "- Combined 2 clips into a 9.0 s timeline\n"
        "\n"
        "I couldn't do everything:\n"
        "- There is no clip 9: the session has 2 clips\n"
        "\n"
        "Type `export` when you're happy, or `status` to see the timeline."
    )


def test_reply_in_chinese() -> None:
    intents = parse("合并我的视频")
    result = edit(empty_draft(), MEDIA["two_clips"], intents)
    assert compose_reply(result, intents, "zh") == (
        "好的，已完成：\n- 已把 2 个片段合并成 9.0 秒的时间线\n\n"
        "满意的话输入 `export`（或“导出”），输入 `status` 查看时间线。"
    )


def test_reply_when_nothing_could_be_done() -> None:
    intents = parse("music volume 20%")
    result = edit(DRAFTS["combined"], MEDIA["two_clips"], intents)
    assert compose_reply(result, intents, "en") == (
        "I couldn't make that change:\n"
        f"- {NO_MUSIC}\n"
        "\n"
        "Type `status` to see the timeline, or `/help` for examples."
    )


def test_reply_to_undo_and_history_messages() -> None:
    intents = parse("undo")
    result = edit(DRAFTS["combined"], MEDIA["two_clips"], intents)
    assert compose_reply(result, intents, "en") == history_message("undo", True, "en")
    assert history_message("undo", True, "en") == (
        "Undid the last change.\n\n"
        "Type `export` when you're happy, or `status` to see the timeline."
    )
    assert history_message("redo", False, "zh") == (
        "没有可以重做的操作。\n\n输入 `status` 查看时间线，或输入 `/help` 查看示例。"
    )


def test_not_understood_is_honest_and_gives_examples() -> None:
    assert not_understood("make it look like a status update", "en") == (
        'I didn\'t understand "make it look like a status update" as an edit. The local engine '
        "understands instructions like:\n"
        "- `combine my clips`\n"
        "- `add background music at 35%`\n"
        '- `title "Urban Dreams" for the first 3 seconds`\n'
        "- `make it vertical` (9:16 for TikTok, Reels, Shorts)\n"
        "- `trim clip 1 to 4 seconds`\n"
        "- `crossfade 1 second between clips`\n"
        "\n"
        "For free-form AI generation and editing, use the cloud backend: `nemo --backend cloud`."
    )
    zh = not_understood("帮我做一个好看的视频", "zh")
    assert zh.startswith("我没能把“帮我做一个好看的视频”理解成剪辑指令。")
    assert zh.endswith("请使用云端后端：`nemo --backend cloud`。")
    assert zh.count("\n- ") == 6


def test_not_understood_neutralises_the_echoed_text() -> None:
    reply = not_understood("\x1b]52;c;aGk=\x07make `it` pop\r\nnow", "en")
    assert reply.startswith("I didn't understand \"make 'it' pop now\" as an edit.")
    assert "\x1b" not in reply and "\r" not in reply


# ---------------------------------------------------------------- never raises

_WORDS = (
    "combine merge clip clips 2 3 first second last the and , . 'x' \"y\" title caption text "
    "music bgm 35% 0:05 - 0:12 to of seconds 3s 1.5 sec minutes 2x faster slow speed up swap "
    "remove delete trim cut use keep fade in out crossfade transitions no mute sound vertical "
    "square fill letterbox fit each photo undo redo reset 合并 第 段 个 二 两 三 秒 分 百分之 "
    "音乐 标题 字幕 删除 交换 竖屏 淡入 淡出 “ ” 倍 加速 和 然后 ， lofi.wav short.mp3 a.mp4 "
    "at from between for after before position 0 -1 volume quieter 0.1 0:00.05 at the end"
)
_PHRASES = st.lists(st.sampled_from(_WORDS.split(" ")), max_size=12).map(" ".join)
_TEXTS = st.text(max_size=80) | _PHRASES


def _consistent(draft: dict[str, Any]) -> None:
    json.dumps(draft)
    video = [s for t in draft["t"] if t["tt"] == 0 for s in t["sg"]]
    end, xfade = 0, draft["m"]["xfade"]
    for i, seg in enumerate(video):
        assert seg["d"] > 0 and seg["in"] >= 0
        assert seg["st"] == (0 if i == 0 else end - xfade)
        end = seg["st"] + seg["d"]
    assert draft["d"] == end
    for track in draft["t"]:
        assert track["sg"]
        if track["tt"] in (1, 7):
            assert all(s["st"] >= 0 and s["d"] > 0 and s["st"] + s["d"] <= end for s in track["sg"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXTS, min_size=1, max_size=4), st.sampled_from(sorted(MEDIA)))
def test_parse_and_apply_never_raise(texts: list[str], media: str) -> None:
    draft = DRAFTS["full"]
    for text in texts:
        result = edit(draft, MEDIA[media], parse(text))
        _consistent(draft_of(result))
        compose_reply(result, parse(text), "zh")
        draft = draft_of(result)
