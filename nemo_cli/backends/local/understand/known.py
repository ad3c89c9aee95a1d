"""What the parser may know of the session: the uploaded media and the clips on the timeline,
by name and kind, so "the photo", "the last video", "beach" or "那张图" can be read as clips
(or, before anything is on the timeline, as files to use)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from ....values import frozen

if TYPE_CHECKING:
    from ..media import Media
    from ..timeline import Timeline


@frozen
class Item:
    name: str  # the file name as uploaded ("Beach.mp4")
    kind: str  # "video", "image" or "audio"

    @property
    def stem(self) -> str:
        """The name without its extension, lower case ("beach")."""
        return PurePath(self.name).stem.lower()

    @property
    def visual(self) -> bool:
        return self.kind in ("video", "image")


@frozen
class Known:
    media: tuple[Item, ...] = ()  # in upload order
    clips: tuple[Item, ...] = ()  # the video track, in order
    music: bool = False  # music is on the timeline
    texts: tuple[str, ...] = ()  # the titles and captions on the video

    @property
    def visual_media(self) -> tuple[Item, ...]:
        return tuple(m for m in self.media if m.visual)

    def clip_numbers(self, item: Item) -> list[int]:
        """The 1-based clip numbers showing ``item`` on the timeline."""
        return [n for n, clip in enumerate(self.clips, 1) if clip.name == item.name]


NOTHING = Known()


def known_of(media: Sequence[Media], timeline: Timeline) -> Known:
    """The session's uploads and its video track, by name and kind."""
    items = {m.id: Item(m.filename or PurePath(m.path).name, m.file_type) for m in media}
    clips = tuple(items[c.source] for c in timeline.clips if c.source in items)
    return Known(
        tuple(items.values()), clips, bool(timeline.music), tuple(t.text for t in timeline.texts)
    )
