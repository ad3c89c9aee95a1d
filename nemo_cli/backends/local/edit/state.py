"""The working state of one ``edit.apply`` call: the timeline as it is so far (each change makes
a new immutable ``Timeline``), the session's media, and what was changed or could not be done
(in English and Chinese).

Helpers here are shared by the edit operations (``clips``, ``trim``, ``music``, ``text``,
``frame``): replacing parts of the timeline, finding media, re-timing after a change, wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ....draft import seconds
from ....safe_text import one_line
from ..media import Media
from ..timeline import Clip, Frame, Music, Text, Timeline, first_title

MIN_MS = 100  # shorter pieces are not worth keeping


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


def name(text: str | None, limit: int = 60) -> str:
    """A file name or title from outside, safe to put in a sentence."""
    return one_line(str(text), limit) if text is not None else ""


def cap(text: str) -> str:
    """Upper-case the first letter only ("clip 2 ('b.mp4')" -> "Clip 2 ('b.mp4')")."""
    return text[:1].upper() + text[1:]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def next_id(used: Iterable[str], prefix: str) -> str:
    """The first of ``prefix``1, ``prefix``2, ... not in ``used``."""
    taken = set(used)
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


# ---------------------------------------------------------------- the state


class Editor:
    def __init__(self, timeline: Timeline, media: Sequence[Media]) -> None:
        self.timeline = timeline
        self.media: tuple[Media, ...] = tuple(media)
        self.changes: list[tuple[str, str]] = []
        self.problems: list[tuple[str, str]] = []

    # ------------------------------------------------------------ messages

    def say(self, en: str, zh: str) -> None:
        self.changes.append((en, zh))

    def problem(self, en: str, zh: str) -> None:
        if (en, zh) not in self.problems:
            self.problems.append((en, zh))

    # ------------------------------------------------------------ the timeline's parts

    @property
    def clips(self) -> tuple[Clip, ...]:
        return self.timeline.clips

    @property
    def music(self) -> tuple[Music, ...]:
        return self.timeline.music

    @property
    def texts(self) -> tuple[Text, ...]:
        return self.timeline.texts

    @property
    def frame(self) -> Frame:
        return self.timeline.frame

    @property
    def length(self) -> int:
        return self.timeline.length_ms

    def set_clips(self, clips: Iterable[Clip]) -> None:
        """Replace the video track; callers re-time (``retime``) when lengths changed."""
        self.timeline = replace(self.timeline, clips=tuple(clips))

    def set_clip(self, index: int, **changes: Any) -> Clip:
        """Change fields of one clip; returns the new clip."""
        clip = replace(self.clips[index], **changes)
        self.set_clips((*self.clips[:index], clip, *self.clips[index + 1 :]))
        return clip

    def set_music(self, music: Iterable[Music]) -> None:
        self.timeline = replace(self.timeline, music=tuple(music))

    def set_texts(self, texts: Iterable[Text]) -> None:
        self.timeline = replace(self.timeline, texts=tuple(texts))

    def set_frame(self, **changes: Any) -> None:
        self.timeline = replace(self.timeline, frame=replace(self.frame, **changes))

    # ------------------------------------------------------------ media

    def media_by_id(self, media_id: str) -> Media | None:
        return next((m for m in self.media if m.id == media_id), None)

    def visual_media(self) -> list[Media]:
        return [m for m in self.media if m.visual]

    def source_ms(self, clip: Clip) -> int | None:
        """How long the clip's source file is, when known."""
        item = self.media_by_id(clip.source)
        return item.duration_ms if item else None

    def label(self, index: int) -> tuple[str, str]:
        clip = self.clips[index]
        title = name(clip.name or clip.source)
        return f"clip {index + 1} ('{title}')", f"第 {index + 1} 段（{title}）"

    # ------------------------------------------------------------ timing

    def retime(self, old_length: int) -> None:
        """After the clips changed: keep crossfades within the shortest clip, and fit music and
        text to the new length. Music that reached the old end (``old_length``) follows the
        new end."""
        clips = self.clips
        xfade = self.frame.crossfade_ms
        if len(clips) >= 2 and xfade > 0:
            limit = min(c.duration_ms for c in clips) // 2
            if xfade > limit:
                xfade = max(0, limit - limit % 100)
                self.set_frame(crossfade_ms=xfade)
                self.say(
                    f"Shortened the crossfades to {dur(xfade)} to fit the shortest clip",
                    f"交叉淡化缩短为 {dur_zh(xfade)}，以适应最短的片段",
                )
        end = self.length
        self._fit_music(old_length, end)
        self._fit_text(end)

    def _fit_music(self, old: int, end: int) -> None:
        kept = []
        for music in self.music:
            st, d = music.start_ms, music.duration_ms
            if st + d == old or st + d > end:
                d = end - st
            if d <= 0:
                self.say(
                    f"Removed the music '{name(music.name)}': the timeline ends before it starts",
                    f"已移除音乐「{name(music.name)}」：时间线在它开始之前就结束了",
                )
                continue
            item = self.media_by_id(music.source)
            length = (item.duration or 0) * 1000 if item else 0
            loop = length - music.in_ms < d if length > 0 else music.loop
            kept.append(replace(music, duration_ms=d, loop=loop))
        self.set_music(kept)

    def _fit_text(self, end: int) -> None:
        kept = []
        for text in self.texts:
            st, d = text.start_ms, text.duration_ms
            if text.anchor == "all":
                st, d = 0, end
            elif text.anchor == "end":
                st = max(0, end - d)
            if st >= end:
                self.say(
                    f'Removed {text.role} "{name(text.text)}": it started after the new end',
                    f"已移除文字「{name(text.text)}」：它在新的结尾之后才出现",
                )
                continue
            kept.append(replace(text, start_ms=st, duration_ms=min(d, end - st)))
        self.set_texts(kept)
        self.sync_title()

    def sync_title(self) -> None:
        """The video's name follows the title that shows first."""
        self.timeline = replace(self.timeline, title=first_title(self.texts))
