"""The working state of one ``edit.apply`` call: the timeline as it is so far (each change makes
a new immutable ``Timeline``), the session's media, and what was changed or could not be done
(``changes`` values, worded later by ``messages``).

Helpers here are shared by the edit operations (``clips``, ``trim``, ``music``, ``text``,
``frame``): replacing parts of the timeline, finding media, re-timing after a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..changes import Change, ClipRef, CrossfadeShortened, MusicDropped, Problem, TitleDropped
from ..media import Media
from ..timeline import Clip, Frame, Music, Text, Timeline, first_title

if TYPE_CHECKING:
    from ..analyze.result import Analysis

MIN_MS = 100  # shorter pieces are not worth keeping


def next_id(used: Iterable[str], prefix: str) -> str:
    """The first of ``prefix``1, ``prefix``2, ... not in ``used``."""
    taken = set(used)
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


# ---------------------------------------------------------------- the state


class Editor:
    def __init__(
        self,
        timeline: Timeline,
        media: Sequence[Media],
        analyses: Mapping[str, Analysis] | None = None,
    ) -> None:
        self.timeline = timeline
        self.media: tuple[Media, ...] = tuple(media)
        # What the engine heard and saw in each source, by media id (only for the edits that
        # need it: the backend analyses the sources before it applies them).
        self.analyses: Mapping[str, Analysis] = analyses or {}
        self.changes: list[Change] = []
        self.problems: list[Problem] = []

    # ------------------------------------------------------------ what happened

    def did(self, change: Change) -> None:
        self.changes.append(change)

    def cannot(self, problem: Problem) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

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

    def ref(self, index: int) -> ClipRef:
        """The clip at ``index`` as the user sees it (number, name)."""
        clip = self.clips[index]
        return ClipRef(index + 1, clip.name or clip.source)

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
                self.did(CrossfadeShortened(xfade))
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
                self.did(MusicDropped(music.name))
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
                self.did(TitleDropped(text.role, text.text))
                continue
            kept.append(replace(text, start_ms=st, duration_ms=min(d, end - st)))
        self.set_texts(kept)
        self.sync_title()

    def sync_title(self) -> None:
        """The video's name follows the title that shows first."""
        self.timeline = replace(self.timeline, title=first_title(self.texts))
