"""The working state of one ``edit.apply`` call: a private copy of the draft, the session's
media, and what was changed or could not be done (in English and Chinese).

Helpers here are shared by the edit operations (``clips``, ``trim``, ``music``, ``text``,
``frame``): reading
tracks, resolving clip numbers, re-timing the timeline after every change, and wording.
The draft layout is the local engine's schema in docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import copy
from typing import Any

from ....draft import seconds
from ....safe_text import one_line

VIDEO, AUDIO, TEXT = 0, 1, 7
TRACK_NAMES = {VIDEO: "Video", AUDIO: "BGM", TEXT: "Title"}
DEFAULT_M: dict[str, Any] = {
    "width": 1920,
    "height": 1080,
    "aspect": "16:9",
    "fit": "letterbox",
    "xfade": 0,
    "img_d": 3000,
}
DEFAULT_TEXT_MS = 3000
MIN_MS = 100  # shorter pieces are not worth keeping

Seg = dict[str, Any]


def num(value: Any, default: float = 0) -> float:
    """A finite number from a draft field, or ``default`` (drafts may come from anywhere)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    if value != value or value in (float("inf"), float("-inf")):
        return default
    return value


def ms(value: Any, default: int = 0) -> int:
    return int(round(num(value, default)))


# ---------------------------------------------------------------- wording


def dur(value: int) -> str:
    """10000 -> "10.0 s" (lengths in sentences)."""
    return f"{value / 1000:.1f} s"


def dur_zh(value: int) -> str:
    return f"{value / 1000:.1f} 秒"


def span(start: int, end: int) -> str:
    """0, 12000 -> "0-12s" (places on the timeline)."""
    return f"{seconds(start)}-{seconds(end)}s"


def span_zh(start: int, end: int) -> str:
    return f"{seconds(start)}-{seconds(end)}秒"


def clock(value: int) -> str:
    """5000 -> "0:05", 65500 -> "1:05.5" (points inside a source file)."""
    whole, rest = divmod(max(value, 0), 1000)
    text = f"{whole // 60}:{whole % 60:02d}"
    if rest:
        text += f".{rest:03d}".rstrip("0")
    return text


def factor(value: float) -> str:
    return f"{value:g}x"


def name(text: Any, limit: int = 60) -> str:
    """A file name or title from outside, safe to put in a sentence."""
    return one_line(str(text), limit) if text is not None else ""


def cap(text: str) -> str:
    """Upper-case the first letter only ("clip 2 ('b.mp4')" -> "Clip 2 ('b.mp4')")."""
    return text[:1].upper() + text[1:]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------- the state


def _normalized(draft: Any) -> dict[str, Any]:
    d: dict[str, Any] = copy.deepcopy(draft) if isinstance(draft, dict) else {}
    m = d.get("m")
    d["m"] = {**DEFAULT_M, **(m if isinstance(m, dict) else {})}
    tracks = d.get("t")
    d["t"] = [t for t in tracks if isinstance(t, dict)] if isinstance(tracks, list) else []
    for track in d["t"]:
        segs = track.get("sg")
        track["sg"] = [s for s in segs if isinstance(s, dict)] if isinstance(segs, list) else []
    d["d"] = ms(d.get("d"))
    return d


class Editor:
    def __init__(self, draft: Any, media: Any) -> None:
        self.draft = _normalized(draft)
        items = media if isinstance(media, list) else []
        self.media: list[dict[str, Any]] = [m for m in items if isinstance(m, dict)]
        self.changes: list[tuple[str, str]] = []
        self.problems: list[tuple[str, str]] = []

    # ------------------------------------------------------------ messages

    def say(self, en: str, zh: str) -> None:
        self.changes.append((en, zh))

    def problem(self, en: str, zh: str) -> None:
        if (en, zh) not in self.problems:
            self.problems.append((en, zh))

    # ------------------------------------------------------------ tracks and media

    @property
    def m(self) -> dict[str, Any]:
        meta: dict[str, Any] = self.draft["m"]
        return meta

    def track(self, tt: int) -> list[Seg]:
        """The segments of the first track of this type (created empty if missing)."""
        for track in self.draft["t"]:
            if track.get("tt") == tt:
                segs: list[Seg] = track["sg"]
                return segs
        track = {"tt": tt, "n": TRACK_NAMES[tt], "sg": []}
        self.draft["t"].append(track)
        return track["sg"]  # type: ignore[no-any-return]

    def set_track(self, tt: int, segs: list[Seg]) -> None:
        current = self.track(tt)
        current[:] = segs

    @property
    def video(self) -> list[Seg]:
        return self.track(VIDEO)

    @property
    def length(self) -> int:
        return ms(self.draft.get("d"))

    def media_by_id(self, media_id: Any) -> dict[str, Any] | None:
        return next((m for m in self.media if m.get("id") == media_id), None)

    def visual_media(self) -> list[dict[str, Any]]:
        return [m for m in self.media if m.get("file_type") in ("video", "image")]

    def source_ms(self, seg: Seg) -> int | None:
        """How long the segment's source file is, when known."""
        item = self.media_by_id(seg.get("src"))
        if not item or item.get("file_type") == "image":
            return None
        value = num(item.get("duration"), -1)
        return int(round(value * 1000)) if value > 0 else None

    @staticmethod
    def next_id(segs: list[Seg], prefix: str) -> str:
        used = {str(s.get("id")) for s in segs}
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    # ------------------------------------------------------------ clips

    def label(self, index: int) -> tuple[str, str]:
        seg = self.video[index]
        title = name(seg.get("n") or seg.get("src") or "")
        return f"clip {index + 1} ('{title}')", f"第 {index + 1} 段（{title}）"

    # ------------------------------------------------------------ timing

    def retime(self, old_length: int | None = None) -> None:
        """Recompute every video segment's start, the timeline length, and fit music and
        text to it. Music that reached the old end follows the new end."""
        old = self.length if old_length is None else old_length
        segs = self.video
        xfade = ms(self.m.get("xfade"))
        if len(segs) >= 2 and xfade > 0:
            limit = min(ms(s.get("d")) for s in segs) // 2
            if xfade > limit:
                xfade = max(0, limit - limit % 100)
                self.m["xfade"] = xfade
                self.say(
                    f"Shortened the crossfades to {dur(xfade)} to fit the shortest clip",
                    f"交叉淡化缩短为 {dur_zh(xfade)}，以适应最短的片段",
                )
        end = 0
        for i, seg in enumerate(segs):
            seg["d"] = max(ms(seg.get("d")), 1)
            seg["st"] = 0 if i == 0 else max(0, end - xfade)
            end = seg["st"] + seg["d"]
        self.draft["d"] = end
        self._fit_music(old, end)
        self._fit_text(end)

    def _fit_music(self, old: int, end: int) -> None:
        kept = []
        for seg in self.track(AUDIO):
            st, d = ms(seg.get("st")), ms(seg.get("d"))
            if st + d == old or st + d > end:
                d = end - st
            if d <= 0:
                self.say(
                    f"Removed the music '{name(seg.get('n'))}': the timeline ends before it starts",
                    f"已移除音乐「{name(seg.get('n'))}」：时间线在它开始之前就结束了",
                )
                continue
            seg["d"] = d
            item = self.media_by_id(seg.get("src"))
            length = num(item.get("duration"), 0) * 1000 if item else 0
            if length > 0:
                seg["loop"] = length - ms(seg.get("in")) < d
            kept.append(seg)
        self.set_track(AUDIO, kept)

    def _fit_text(self, end: int) -> None:
        kept = []
        for seg in self.track(TEXT):
            st, d = ms(seg.get("st")), ms(seg.get("d"))
            anchor = seg.get("anc")
            if anchor == "all":
                st, d = 0, end
            elif anchor == "end":
                st = max(0, end - d)
            if st >= end:
                kind = seg.get("k", "title")
                self.say(
                    f'Removed {kind} "{name(seg.get("tx"))}": it started after the new end',
                    f"已移除文字「{name(seg.get('tx'))}」：它在新的结尾之后才出现",
                )
                continue
            seg["st"], seg["d"] = st, min(d, end - st)
            kept.append(seg)
        self.set_track(TEXT, kept)
        self.sync_title()

    def sync_title(self) -> None:
        titles = sorted(
            (s for s in self.track(TEXT) if s.get("k", "title") == "title" and s.get("tx")),
            key=lambda s: ms(s.get("st")),
        )
        if titles:
            self.m["title"] = titles[0]["tx"]
        else:
            self.m.pop("title", None)

    # ------------------------------------------------------------ the end

    def finish(self) -> dict[str, Any]:
        order = {VIDEO: 0, AUDIO: 1, TEXT: 2}
        tracks = [t for t in self.draft["t"] if t.get("sg")]
        tracks.sort(key=lambda t: order.get(t.get("tt"), 3))  # type: ignore[arg-type]
        self.draft["t"] = tracks
        return self.draft
