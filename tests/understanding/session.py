"""The known session the instruction table is scored against, and a draft's facts.

Media (upload order): beach.mp4 (video 24 s), bars.mp4 (video 16 s), sunset.jpg (photo),
summer_song.mp3 (music 60 s). States: E (empty timeline), C (the three clips in a row, 43 s,
16:9 letterbox) and F (C + 9:16 fill + music at 35 % + a title and a caption); U is C in a
session with more uploads that are not on the timeline (talk.mp4, intro.mov, logo.png,
片尾.mp4, beat.m4a, square.png: files to add by name, and names that are command words).
The drafts are written in the documented local draft format (docs/ARCHITECTURE.md), not
made by the engine, so a bug in the engine cannot shift the starting point.
"""

from __future__ import annotations

import copy
from pathlib import PurePath
from typing import Any


def _media(mid: str, name: str, kind: str, seconds: float | None, audio: bool) -> dict[str, Any]:
    w, h = (None, None) if kind == "audio" else (1920, 1080)
    return {
        "id": mid,
        "path": f"/media/{name}",
        "filename": name,
        "file_type": kind,
        "duration": seconds,
        "width": w,
        "height": h,
        "fps": 30.0 if kind == "video" else None,
        "rotation": 0,
        "has_audio": audio,
        "size": 1000,
        "mtime": 0,
    }


BEACH = _media("m1", "beach.mp4", "video", 24.0, True)
BARS = _media("m2", "bars.mp4", "video", 16.0, True)
SUNSET = _media("m3", "sunset.jpg", "image", None, False)
SONG = _media("m4", "summer_song.mp3", "audio", 60.0, True)
MEDIA = [BEACH, BARS, SUNSET, SONG]
# State U's uploads beyond MEDIA, not on its timeline.
MORE = [
    _media("m5", "talk.mp4", "video", 10.0, True),
    _media("m6", "intro.mov", "video", 4.0, True),
    _media("m7", "logo.png", "image", None, False),
    _media("m8", "片尾.mp4", "video", 3.0, True),
    _media("m9", "beat.m4a", "audio", 30.0, True),
    _media("m10", "square.png", "image", None, False),
]
IMG_D = 3000

_META = {
    "title": None,
    "width": 1920,
    "height": 1080,
    "aspect": "16:9",
    "fit": "letterbox",
    "xfade": 0,
    "img_d": IMG_D,
}


def _clip(sid: str, media: dict[str, Any], st: int, d: int) -> dict[str, Any]:
    kind = "image" if media["file_type"] == "image" else "video"
    return {
        "id": sid,
        "src": media["id"],
        "n": media["filename"],
        "k": kind,
        "st": st,
        "d": d,
        "in": 0,
        "sp": 1.0,
        "v": 100,
    }


def _state_e() -> dict[str, Any]:
    meta = dict(_META)
    del meta["title"]
    return {"t": [], "d": 0, "m": meta}


def _state_c() -> dict[str, Any]:
    clips = [
        _clip("v1", BEACH, 0, 24000),
        _clip("v2", BARS, 24000, 16000),
        _clip("v3", SUNSET, 40000, IMG_D),
    ]
    meta = dict(_META)
    del meta["title"]
    return {"t": [{"tt": 0, "n": "Video", "sg": clips}], "d": 43000, "m": meta}


def _state_f() -> dict[str, Any]:
    draft = _state_c()
    draft["m"].update(aspect="9:16", width=1080, height=1920, fit="fill", title="Beach Day")
    music = {
        "id": "a1",
        "src": "m4",
        "n": "summer_song.mp3",
        "st": 0,
        "d": 43000,
        "in": 0,
        "v": 35,
        "fi": 0,
        "fo": 0,
        "loop": False,
    }
    texts = [
        {
            "id": "x1",
            "tx": "Beach Day",
            "st": 0,
            "d": 3000,
            "pos": "center",
            "size": "large",
            "k": "title",
        },
        {
            "id": "x2",
            "tx": "so fun",
            "st": 10000,
            "d": 4000,
            "pos": "bottom",
            "size": "medium",
            "k": "caption",
        },
    ]
    draft["t"] += [{"tt": 1, "n": "BGM", "sg": [music]}, {"tt": 7, "n": "Title", "sg": texts}]
    return draft


STATES = {"E": _state_e, "C": _state_c, "F": _state_f, "U": _state_c}


def state(name: str) -> dict[str, Any]:
    """A fresh copy of the starting draft called ``name`` (E, C, F or U)."""
    return copy.deepcopy(STATES[name]())


def media_of(name: str) -> list[dict[str, Any]]:
    """The uploads of the session in state ``name``."""
    return copy.deepcopy(MEDIA + MORE if name == "U" else MEDIA)


# ---------------------------------------------------------------- facts


def _num(value: float) -> str:
    return f"{round(value, 3):g}"


def _stem(name: str) -> str:
    return PurePath(name).stem


def _track(draft: dict[str, Any], kind: int) -> list[dict[str, Any]]:
    for track in draft.get("t") or []:
        if isinstance(track, dict) and track.get("tt") == kind:
            return [s for s in track.get("sg") or [] if isinstance(s, dict)]
    return []


def _clip_fact(seg: dict[str, Any], media: dict[str, dict[str, Any]], img_d: int) -> str:
    """``name``, ``name[a-b]`` (source range, s), ``name[Ns]`` (a photo shown N s, when not the
    default 3 s), with ``xS`` appended for a speed other than 1."""
    item = media.get(str(seg.get("src")), {})
    name = _stem(str(item.get("filename") or seg.get("n") or "?"))
    d = int(seg.get("d") or 0)
    if seg.get("k") == "image" or item.get("file_type") == "image":
        return name if d == img_d else f"{name}[{_num(d / 1000)}s]"
    speed = float(seg.get("sp") or 1.0)
    start = int(seg.get("in") or 0)
    end = start + d * speed
    full = item.get("duration")
    whole = start == 0 and full is not None and abs(end - full * 1000) < 1 and speed == 1.0
    fact = name if whole else f"{name}[{_num(start / 1000)}-{_num(end / 1000)}]"
    return fact if speed == 1.0 else f"{fact}x{_num(speed)}"


def facts(draft: dict[str, Any], media: list[dict[str, Any]]) -> dict[str, Any]:
    """What a user would check on the timeline, in the table's notation (see instructions.txt)."""
    by_id = {m["id"]: m for m in media}
    meta = draft.get("m") or {}
    clips = _track(draft, 0)
    videos = [s for s in clips if s.get("k") != "image"]
    volumes = [_num(float(s.get("v", 100))) for s in videos]
    music = _track(draft, 1)
    song = music[0] if music else None
    texts = sorted(
        (
            float(s.get("st") or 0) / 1000,
            str(s.get("tx") or ""),
            float((s.get("st") or 0) + (s.get("d") or 0)) / 1000,
            str(s.get("pos") or ""),
        )
        for s in _track(draft, 7)
    )
    return {
        "clips": [_clip_fact(s, by_id, IMG_D) for s in clips],
        "d": float(draft.get("d") or 0) / 1000,
        "cv": ",".join(volumes) if len(set(volumes)) > 1 else (volumes[0] if volumes else "-"),
        "music": _stem(str(by_id.get(str(song.get("src")), {}).get("filename") or song.get("n")))
        if song
        else "-",
        "mvol": float(song.get("v", 100)) if song else None,
        "mfi": float(song.get("fi") or 0) / 1000 if song else None,
        "mfo": float(song.get("fo") or 0) / 1000 if song else None,
        "aspect": str(meta.get("aspect") or "16:9"),
        "fit": str(meta.get("fit") or "letterbox"),
        "xfade": float(meta.get("xfade") or 0) / 1000,
        "texts": [(tx, st, end, pos) for st, tx, end, pos in texts],
    }
