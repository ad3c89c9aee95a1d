"""A local session's draft and media <-> a ``Cut``: the one place that knows nemo's storage.

``cut_from_session`` reads the local engine's draft (docs/ARCHITECTURE.md, "The local engine's
draft") with the session's media entries; ``draft_from_cut`` writes a draft the engine can edit
and render, given the media ids of the session it goes into. When the typed timeline replaces
the dict draft, only this module changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..edit.state import DEFAULT_M
from .cut import Clip, Cut, Media, Music, Text

_VIDEO, _AUDIO, _TEXT = 0, 1, 7
_SETTINGS = ("aspect", "fit", "img_d")


def _num(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return float(value)


def _ms(value: Any, default: int = 0) -> int:
    return int(round(_num(value, default)))


def _segments(draft: Mapping[str, Any], tt: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for track in draft.get("t") or []:
        if isinstance(track, dict) and track.get("tt") == tt:
            found.extend(s for s in track.get("sg") or [] if isinstance(s, dict))
    return found


def media_of(entry: Mapping[str, Any]) -> Media:
    """A session media entry as the interchange sees it."""
    path = str(entry.get("path") or "")
    kind = entry.get("file_type")
    duration = _num(entry.get("duration"), -1)
    fps = _num(entry.get("fps"), 0)
    return Media(
        path=path,
        name=str(entry.get("filename") or Path(path).name or "media"),
        kind=kind if kind in ("video", "image", "audio") else "video",
        duration_ms=int(round(duration * 1000)) if duration > 0 and kind != "image" else None,
        has_audio=bool(entry.get("has_audio")),
        fps=fps or None,
    )


def cut_from_session(
    name: str, draft: Mapping[str, Any], media: Sequence[Mapping[str, Any]]
) -> Cut:
    """The session's timeline as a ``Cut``. Segments whose media is gone are left out."""
    by_id = {str(m.get("id")): media_of(m) for m in media if m.get("path")}
    meta = draft.get("m") if isinstance(draft.get("m"), dict) else {}
    assert isinstance(meta, dict)
    clips = []
    for seg in _segments(draft, _VIDEO):
        item = by_id.get(str(seg.get("src")))
        if item is None:
            continue
        clips.append(Clip(
            media=item,
            start_ms=_ms(seg.get("st")),
            dur_ms=max(_ms(seg.get("d")), 1),
            in_ms=_ms(seg.get("in")),
            speed=_num(seg.get("sp"), 1.0) or 1.0,
            volume=_num(seg.get("v"), 100.0),
        ))  # fmt: skip
    music = []
    for seg in _segments(draft, _AUDIO):
        item = by_id.get(str(seg.get("src")))
        if item is None:
            continue
        music.append(Music(
            media=item,
            start_ms=_ms(seg.get("st")),
            dur_ms=max(_ms(seg.get("d")), 1),
            in_ms=_ms(seg.get("in")),
            volume=_num(seg.get("v"), 100.0),
            fade_in_ms=_ms(seg.get("fi")),
            fade_out_ms=_ms(seg.get("fo")),
            loop=bool(seg.get("loop")),
        ))  # fmt: skip
    texts = []
    for seg in _segments(draft, _TEXT):
        text = seg.get("tx")
        if not isinstance(text, str) or not text.strip():
            continue
        kind = seg.get("k")
        texts.append(Text(
            text=text,
            start_ms=_ms(seg.get("st")),
            dur_ms=max(_ms(seg.get("d")), 1),
            kind=kind if kind in ("title", "caption", "text") else "title",
            pos=str(seg.get("pos") or "center"),
            size=str(seg.get("size") or "large"),
        ))  # fmt: skip
    return Cut(
        name=name,
        clips=tuple(clips),
        music=tuple(music),
        texts=tuple(texts),
        xfade_ms=_ms(meta.get("xfade")) if len(clips) > 1 else 0,
        width=_ms(meta.get("width"), 1920),
        height=_ms(meta.get("height"), 1080),
        settings={k: meta[k] for k in _SETTINGS if k in meta},
    )


def _aspect(width: int, height: int) -> tuple[str, int, int]:
    """The engine's aspect (16:9, 9:16 or 1:1) nearest to a frame size, with its size."""
    from ..render.plan import ASPECT_SIZES

    ratio = width / height if width > 0 and height > 0 else 16 / 9
    name = min(ASPECT_SIZES, key=lambda a: abs(ASPECT_SIZES[a][0] / ASPECT_SIZES[a][1] - ratio))
    w, h = ASPECT_SIZES[name]
    return name, w, h


def draft_from_cut(cut: Cut, media_ids: Mapping[str, str]) -> dict[str, Any]:
    """A local-engine draft for ``cut``; ``media_ids`` maps each media path to its session id.

    Clips play one after another, each ``xfade`` before the previous one ends, as the engine
    plays them; the timeline's length is the end of the last clip; music and titles past it
    are cut to it (the engine never lets them extend the timeline).
    """
    aspect, width, height = _aspect(cut.width, cut.height)
    meta: dict[str, Any] = {**DEFAULT_M, "width": width, "height": height, "aspect": aspect}
    meta.update({k: v for k, v in cut.settings.items() if k in _SETTINGS and k != "aspect"})
    xfade = cut.xfade_ms if len(cut.clips) > 1 else 0
    meta["xfade"] = xfade
    video: list[dict[str, Any]] = []
    end = 0
    for n, clip in enumerate(cut.clips, 1):
        start = 0 if n == 1 else max(0, end - xfade)
        video.append({
            "id": f"v{n}", "src": media_ids[clip.media.path], "n": clip.media.name,
            "k": clip.kind, "st": start, "d": clip.dur_ms, "in": clip.in_ms,
            "sp": round(clip.speed, 4), "v": round(clip.volume, 1),
        })  # fmt: skip
        end = start + clip.dur_ms
    audio: list[dict[str, Any]] = []
    for n, item in enumerate(m for m in cut.music if m.start_ms < end):
        length = min(item.dur_ms, end - item.start_ms)
        source = item.media.duration_ms
        audio.append({
            "id": f"a{n + 1}", "src": media_ids[item.media.path], "n": item.media.name,
            "st": item.start_ms, "d": length, "in": item.in_ms, "v": round(item.volume, 1),
            "fi": item.fade_in_ms, "fo": item.fade_out_ms,
            "loop": bool(source and source - item.in_ms < length) or item.loop and not source,
        })  # fmt: skip
    texts: list[dict[str, Any]] = []
    for n, text in enumerate(t for t in cut.texts if t.start_ms < end):
        texts.append({
            "id": f"x{n + 1}", "tx": text.text, "k": text.kind, "st": text.start_ms,
            "d": min(text.dur_ms, end - text.start_ms), "pos": text.pos, "size": text.size,
        })  # fmt: skip
    titles = sorted((t for t in texts if t["k"] == "title"), key=lambda t: int(t["st"]))
    if titles:
        meta["title"] = titles[0]["tx"]
    tracks = [
        {"tt": tt, "n": label, "sg": segs}
        for tt, label, segs in ((_VIDEO, "Video", video), (_AUDIO, "BGM", audio),
                                (_TEXT, "Title", texts))  # fmt: skip
        if segs
    ]
    return {"t": tracks, "d": end, "m": meta}
