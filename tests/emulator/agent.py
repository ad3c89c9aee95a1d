"""A small deterministic stand-in for the cloud's editing agent.

It reads the user's message for three requests and edits the session's draft for each:

- "combine" / "merge" / "join" / "stitch" / 合并 / 拼接: the session's uploaded videos and
  images, in upload order, on a video track (tt 0);
- "music" / "bgm" / 音乐 / 配乐: a background-music track (tt 1), the first uploaded audio
  file or a stock "Lo-fi Chill" track, at the message's "NN%" volume (50% if none);
- title 'X' / title "X" / "X" as (a|the) title / 标题「X」: a text track (tt 7) for 0-3 s.

Anything else gets a friendly text and no edit. The segments it writes deliberately mix the
field names of docs/ARCHITECTURE.md's alias table, as the real service's are undocumented.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from . import state

_COMBINE = re.compile(r"\b(combine|merge|join|stitch|concatenate)\b|合并|拼接", re.IGNORECASE)
_MUSIC = re.compile(r"\b(music|bgm|soundtrack)\b|音乐|配乐", re.IGNORECASE)
_VOLUME = re.compile(r"(\d{1,3})\s*%")
_QUOTED = r"(?:'([^']+)'|\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|「([^」]+)」)"
_TITLES = (
    re.compile(r"\btitle\s*[:=]?\s*" + _QUOTED, re.IGNORECASE),
    re.compile(_QUOTED + r"\s+as\s+(?:a\s+|the\s+)?title\b", re.IGNORECASE),
    re.compile(r"标题\s*[:：]?\s*" + _QUOTED),
)
TITLE_MS = 3000
STOCK_MUSIC = "Lo-fi Chill"

GREETING = (
    "Hi! I'm your video editing assistant. I can combine your clips, add background music "
    '(for example "add music at 35%") or put a title on your video (for example '
    "title 'My Trip'). What would you like to do?"
)
NO_CLIPS = (
    "I don't see any videos in this session yet. Upload some clips first, then ask me to "
    "combine them."
)
OUTRO = "Click Export to download."


@dataclass
class ToolCall:
    name: str
    args: dict[str, Any]
    response: dict[str, Any] = field(default_factory=lambda: {"status": "success"})


@dataclass
class Turn:
    """What the agent does with one message: tool calls, the reply, the new draft (or None)."""

    calls: list[ToolCall]
    text: str
    draft: dict[str, Any] | None


def title_of(message: str) -> str | None:
    for pattern in _TITLES:
        match = pattern.search(message)
        if match:
            return next(g for g in match.groups() if g)
    return None


def _seconds(ms: int) -> str:
    secs = ms / 1000
    return f"{secs:g}"


def _video_segment(index: int, media: dict[str, Any], start: int, dur: int) -> dict[str, Any]:
    """Three styles in turn, each spelling name/start/length/source differently."""
    seg_id = f"v{index + 1}"
    name, url = media["filename"], media["cdn_url"]
    style = index % 3
    if style == 0:
        return {"id": seg_id, "name": name, "start": start, "duration": dur, "url": url}
    if style == 1:
        return {"id": seg_id, "fileName": name, "startTime": start, "dur": dur, "cdn_url": url}
    return {"id": seg_id, "title": name, "s": start, "e": start + dur, "source": url}


def _media_ms(media: dict[str, Any]) -> int:
    if media.get("file_type") == "image":
        return 3000
    return int(round((media.get("duration") or 5.0) * 1000))


def _track(draft: dict[str, Any], tt: int) -> dict[str, Any] | None:
    return next((t for t in draft["t"] if t.get("tt") == tt), None)


def _set_track(draft: dict[str, Any], tt: int, segments: list[dict[str, Any]]) -> None:
    draft["t"] = [t for t in draft["t"] if t.get("tt") != tt]
    draft["t"].append({"tt": tt, "sg": segments})
    draft["t"].sort(key=lambda t: t.get("tt", 0))


def _end_ms(seg: dict[str, Any]) -> int:
    start = next((seg[k] for k in ("start", "startTime", "s", "offset", "start_ms") if k in seg), 0)
    if "e" in seg or "endTime" in seg:
        return int(seg.get("e", seg.get("endTime", 0)))
    length = next((seg[k] for k in ("duration", "dur", "duration_ms", "d") if k in seg), 0)
    return int(start + length)


def _timeline_ms(draft: dict[str, Any]) -> int:
    video = _track(draft, 0)
    tracks = [video] if video else draft["t"]
    return max((_end_ms(s) for t in tracks for s in t.get("sg", [])), default=0)


def _combine(draft: dict[str, Any], media: list[dict[str, Any]]) -> tuple[ToolCall, str] | None:
    clips = [m for m in media if m.get("file_type") in ("video", "image")]
    if not clips:
        return None
    segments, start = [], 0
    for i, clip in enumerate(clips):
        dur = _media_ms(clip)
        segments.append(_video_segment(i, clip, start, dur))
        start += dur
    _set_track(draft, 0, segments)
    call = ToolCall("merge_clips", {"clip_ids": [c["id"] for c in clips]})
    if len(clips) == 1:
        return call, f"I've put your clip on the timeline ({_seconds(start)} seconds)."
    return call, f"I've merged your {len(clips)} clips into a {_seconds(start)}-second timeline."


def _music(
    draft: dict[str, Any], media: list[dict[str, Any]], message: str, stock_url: str
) -> tuple[ToolCall, str]:
    match = _VOLUME.search(message)
    percent = int(match.group(1)) if match else 50
    audio = next((m for m in media if m.get("file_type") == "audio"), None)
    name = audio["filename"] if audio else STOCK_MUSIC
    url = audio["cdn_url"] if audio else stock_url
    length = _timeline_ms(draft) or (_media_ms(audio) if audio else 10000)
    segment = {
        "id": "a1",
        "label": name,
        "offset": 0,
        "duration_ms": length,
        "volume": percent / 100,
        "src": url,
    }
    _set_track(draft, 1, [segment])
    call = ToolCall("add_background_music", {"music": name, "volume": percent})
    return call, f"I added background music ({name}) at {percent}% volume."


def _title(draft: dict[str, Any], title: str) -> tuple[ToolCall, str]:
    segment = {"id": "t1", "text": title, "startTime": 0, "endTime": TITLE_MS}
    _set_track(draft, 7, [segment])
    draft.setdefault("m", {})["title"] = title
    call = ToolCall("add_text", {"text": title, "start": 0, "end": TITLE_MS // 1000})
    return call, f'I added the title "{title}" for the first {TITLE_MS // 1000} seconds.'


def respond(
    message: str,
    draft: dict[str, Any] | None,
    media: list[dict[str, Any]],
    stock_music_url: str,
) -> Turn:
    new = copy.deepcopy(draft) if draft else state.empty_draft()
    new.setdefault("t", [])
    new.setdefault("m", {"width": 1920, "height": 1080})
    calls: list[ToolCall] = []
    sentences: list[str] = []
    if _COMBINE.search(message):
        done = _combine(new, media)
        if done is None:
            sentences.append(NO_CLIPS)
        else:
            calls.append(done[0])
            sentences.append(done[1])
    if _MUSIC.search(message):
        call, sentence = _music(new, media, message, stock_music_url)
        calls.append(call)
        sentences.append(sentence)
    title = title_of(message)
    if title:
        call, sentence = _title(new, title)
        calls.append(call)
        sentences.append(sentence)
    if not calls:
        return Turn([], " ".join(sentences) or GREETING, None)
    new["d"] = _timeline_ms(new)
    return Turn(calls, " ".join([*sentences, OUTRO]), new)


def chunks(text: str, words: int = 3) -> list[str]:
    """The text in pieces of a few words, each keeping its trailing space (as ADK streams)."""
    pieces = re.findall(r"\S+\s*", text)
    return ["".join(pieces[i : i + words]) for i in range(0, len(pieces), words)] or [text]
