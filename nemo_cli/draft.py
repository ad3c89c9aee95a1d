"""The compact draft format, shared by both backends: parse it, summarise it, diff two of them.

A draft is ``{"t": [track...], "d": duration_ms, "m": {"title", "width", "height", ...}}``;
a track ``{"tt": 0|1|7, "sg": [segment...]}`` (0 video, 1 audio, 7 text). The cloud does not
document what is inside a segment, so every field is read through a list of aliases
(docs/ARCHITECTURE.md), and nothing here raises on a shape it did not expect: a draft that
cannot be read is an empty one. Names are cleaned of control characters, because drafts come
from outside; callers still escape markup before using them inside Rich markup.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import unquote, urlsplit

from .safe_text import one_line
from .values import field, record

NAME_KEYS = ("n", "name", "title", "fileName", "filename", "label")
START_KEYS = ("st", "s", "start", "startTime", "start_ms", "offset")
DUR_KEYS = ("d", "dur", "duration", "duration_ms")
END_KEYS = ("e", "end", "endTime", "end_ms")
VOLUME_KEYS = ("v", "vol", "volume")
TEXT_KEYS = ("tx", "text", "content", "caption")
SOURCE_KEYS = ("src", "url", "source", "path", "cdn_url")

_KINDS = {0: "video", 1: "audio", 7: "text"}
_KIND_NAMES = {
    "video": "video",
    "audio": "audio",
    "music": "audio",
    "bgm": "audio",
    "text": "text",
    "title": "text",
    "caption": "text",
    "subtitle": "text",
}
LABELS = {"video": "Video", "audio": "BGM", "text": "Title", "other": "Track"}
# What one segment of each kind is called in a sentence ("Added music 'Lo-fi' ...").
NOUNS = {"video": "clip", "audio": "music", "text": "title", "other": "item"}


@record
class Segment:
    name: str | None
    start_ms: int
    end_ms: int
    volume: float | None = None  # percent
    text: str | None = None
    source: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.text or self.name or ""


@record
class Track:
    kind: str  # "video" | "audio" | "text" | "other"
    label: str
    segments: list[Segment]
    name: str | None = None


@record
class Draft:
    tracks: list[Track]
    duration_ms: int
    width: int | None = None
    height: int | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- reading


def _load(obj: Any) -> dict[str, Any]:
    if isinstance(obj, str | bytes):
        try:
            obj = json.loads(obj)
        except (ValueError, RecursionError):
            return {}
    return obj if isinstance(obj, dict) else {}


def _first(seg: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in seg and seg[key] is not None:
            return seg[key]
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


# The longest time a draft may claim (11.6 days): beyond it a number from the server is
# nonsense, and what draws the timeline must not work in proportion to it.
MAX_MS = 10**9


def _ms(value: Any) -> int | None:
    num = _number(value)
    if num is None:
        return None
    return max(0, min(int(round(num)), MAX_MS))


def _text(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        cleaned = one_line(str(value))
        return cleaned or None
    return None


def _name_from_source(source: str) -> str | None:
    try:
        path = urlsplit(source).path if "://" in source else source
    except ValueError:
        return None
    base = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return one_line(base) or None


def _kind(track: dict[str, Any]) -> str:
    value = _first(track, ("tt", "type", "trackType", "kind"))
    if isinstance(value, bool):
        return "other"
    if isinstance(value, int | float):
        return _KINDS.get(int(value), "other") if math.isfinite(value) else "other"
    if isinstance(value, str):
        if value.strip().isdigit():
            return _KINDS.get(int(value), "other")
        return _KIND_NAMES.get(value.strip().lower(), "other")
    return "other"


def _segments(raw_list: list[Any], kind: str) -> list[Segment]:
    segments: list[Segment] = []
    cursor = 0
    for raw in raw_list:
        if not isinstance(raw, dict):
            continue
        start = _ms(_first(raw, START_KEYS))
        if start is None:
            start = cursor
        dur = _ms(_first(raw, DUR_KEYS))
        end = _ms(_first(raw, END_KEYS))
        if dur is None:
            dur = max(0, end - start) if end is not None else 0
        volume = _number(_first(raw, VOLUME_KEYS))
        if volume is not None:
            volume = volume * 100 if volume <= 1.0 else volume
            volume = max(0.0, min(volume, 10000.0))
        source = _first(raw, SOURCE_KEYS)
        source = source if isinstance(source, str) else None
        name = _text(_first(raw, NAME_KEYS))
        if name is None and source:
            name = _name_from_source(source)
        text = _text(_first(raw, TEXT_KEYS))
        if kind == "text" and text is None:
            text, name = name, None
        end = min(start + dur, MAX_MS)
        segments.append(Segment(name, start, end, volume, text, source, raw))
        cursor = end
    return segments


def parse_draft(obj: Any) -> Draft:
    """Read a draft of any shape; what cannot be read is left out (never raises)."""
    data = _load(obj)
    tracks: list[Track] = []
    raw_tracks = _first(data, ("t", "tracks"))
    for raw in raw_tracks if isinstance(raw_tracks, list) else []:
        if not isinstance(raw, dict):
            continue
        raw_segs = _first(raw, ("sg", "segments"))
        if not isinstance(raw_segs, list):
            continue
        kind = _kind(raw)
        segments = _segments(raw_segs, kind)
        if segments:
            label = "Captions" if "cap" in raw else LABELS[kind]  # the local engine's captions
            tracks.append(Track(kind, label, segments, _text(_first(raw, ("n", "name")))))
    meta = _first(data, ("m", "meta", "metadata"))
    meta = meta if isinstance(meta, dict) else {}
    ends = [s.end_ms for t in tracks for s in t.segments]
    duration = _ms(_first(data, ("d", "duration")))
    if not duration:
        duration = max(ends, default=0)
    width, height = _ms(meta.get("width")), _ms(meta.get("height"))
    return Draft(
        tracks, duration, width or None, height or None, _text(meta.get("title")), meta, data
    )


def is_exportable(obj: Any) -> bool:
    """Ready to export when some track has a non-empty segment list."""
    data = _load(obj)
    tracks = _first(data, ("t", "tracks"))
    if not isinstance(tracks, list):
        return False
    for track in tracks:
        if isinstance(track, dict):
            segs = _first(track, ("sg", "segments"))
            if isinstance(segs, list) and segs:
                return True
    return False


# ---------------------------------------------------------------- words


def seconds(ms: int) -> str:
    """12000 -> "12", 2500 -> "2.5"."""
    text = f"{ms / 1000:.1f}"
    return text[:-2] if text.endswith(".0") else text


def span(seg: Segment) -> str:
    return f"{seconds(seg.start_ms)}-{seconds(seg.end_ms)}s"


def _quoted(kind: str, label: str) -> str:
    return f'"{label}"' if kind == "text" else label


def _segment_brief(kind: str, seg: Segment) -> str:
    extra = f", {seg.volume:.0f}%" if kind == "audio" and seg.volume is not None else ""
    return f"{_quoted(kind, seg.label)} ({span(seg)}{extra})"


def _unnamed(track: Track) -> None:
    for i, seg in enumerate(track.segments, 1):
        if not seg.label:
            seg.name = f"{NOUNS[track.kind]} {i}"


# More captions than this are counted, not quoted: a one-line summary is no transcript.
CUES_QUOTED = 3


def _track_brief(track: Track) -> str:
    """A track's segments in a few words: each one, or for captions ``24 cues (0-12s)``."""
    cues = track.segments
    if track.label == "Captions" and len(cues) > CUES_QUOTED:
        first, last = min(s.start_ms for s in cues), max(s.end_ms for s in cues)
        return f"{len(cues)} cues ({seconds(first)}-{seconds(last)}s)"
    _unnamed(track)
    return ", ".join(_segment_brief(track.kind, s) for s in track.segments)


def summarize(obj: Any) -> str:
    """``Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) ...``"""
    draft = obj if isinstance(obj, Draft) else parse_draft(obj)
    if not draft.tracks:
        return "Timeline is empty."
    parts = []
    for i, track in enumerate(draft.tracks, 1):
        parts.append(f"{i}. {track.label}: {_track_brief(track)}")
    count = len(draft.tracks)
    return f"Timeline ({count} track{'s' if count != 1 else ''}): " + " ".join(parts)


# ---------------------------------------------------------------- diff


def _aspect(w: int, h: int) -> str:
    g = math.gcd(w, h) or 1
    return f"{w // g}:{h // g}"


def _by_kind(draft: Draft) -> dict[str, list[Track]]:
    out: dict[str, list[Track]] = {}
    for track in draft.tracks:
        _unnamed(track)
        out.setdefault(track.kind, []).append(track)
    return out


def _added(kind: str, seg: Segment) -> str:
    label = _quoted(kind, seg.label) if kind == "text" else f"'{seg.label}'"
    if kind == "audio":
        vol = f" at {seg.volume:.0f}%" if seg.volume is not None else ""
        return f"Added music {label} to {span(seg)}{vol}"
    return f"Added {NOUNS[kind]} {label} at {span(seg)}"


def _removed(kind: str, seg: Segment) -> str:
    label = _quoted(kind, seg.label) if kind == "text" else f"'{seg.label}'"
    return f"Removed {NOUNS[kind]} {label}"


def _changed(kind: str, old: Segment, new: Segment) -> str | None:
    details = []
    if (old.start_ms, old.end_ms) != (new.start_ms, new.end_ms):
        details.append(f"{span(old)} -> {span(new)}")
    if old.volume != new.volume:
        was = f"{old.volume:.0f}%" if old.volume is not None else "default"
        now = f"{new.volume:.0f}%" if new.volume is not None else "default"
        details.append(f"volume {was} -> {now}")
    if not details:
        return None
    label = _quoted(kind, new.label) if kind == "text" else f"'{new.label}'"
    return f"Changed {NOUNS[kind]} {label}: " + ", ".join(details)


def _diff_segments(kind: str, old: list[Segment], new: list[Segment]) -> list[str]:
    out: list[str] = []
    unmatched = list(old)
    for seg in new:
        match = next((o for o in unmatched if o.label == seg.label), None)
        if match is None:
            out.append(_added(kind, seg))
            continue
        unmatched.remove(match)
        sentence = _changed(kind, match, seg)
        if sentence:
            out.append(sentence)
    out.extend(_removed(kind, seg) for seg in unmatched)
    return out


def diff_drafts(before: Any, after: Any) -> list[str]:
    """Sentences saying what changed from ``before`` to ``after``; [] when nothing did."""
    old, new = parse_draft(before), parse_draft(after)
    changes: list[str] = []
    old_kinds, new_kinds = _by_kind(old), _by_kind(new)
    for kind in ("video", "audio", "text", "other"):
        old_tracks, new_tracks = old_kinds.get(kind, []), new_kinds.get(kind, [])
        for i in range(max(len(old_tracks), len(new_tracks))):
            o = old_tracks[i].segments if i < len(old_tracks) else []
            n = new_tracks[i].segments if i < len(new_tracks) else []
            changes.extend(_diff_segments(kind, o, n))
    if (new.width, new.height) != (old.width, old.height) and new.width and new.height:
        changes.append(
            f"Changed the format to {new.width}x{new.height} ({_aspect(new.width, new.height)})"
        )
    if not changes and _load(before) != _load(after):
        changes.append("Updated the timeline")
    return changes
