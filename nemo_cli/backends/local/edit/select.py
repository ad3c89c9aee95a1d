"""Edits that choose and order clips by what the user named ("use beach and sunset", "only the
first and last clip", "in the order 2, 3, 1", "it's too long"), and the intents whose values
depend on the timeline as it is: text over a clip, the clips' sound turned up or down.

Each takes the ``Editor`` and one intent, like ``clips`` and ``text``, and says what it did.
"""

from __future__ import annotations

from ....values import replace
from ..changes import (
    AllKept,
    AlreadyInOrder,
    AtLoudest,
    ClipsAtQuietest,
    ClipsChosen,
    ClipsKept,
    ClipsReordered,
    NotInSession,
    ShortenedBy,
    TitleTextChanged,
    TooShortToShorten,
)
from ..intents import AddText, ClipSound, Combine, Keep, Reorder, Shorten, Trim
from ..timeline import Clip
from . import clips, text, trim
from .state import Editor, next_id
from .steps import stepped

MIN_CUT_MS = 100  # a shorter cut is not worth making

VOLUME_CAP = 200  # percent: the clips' own sound can be raised, up to twice as loud


def combine(e: Editor, it: Combine) -> None:
    """Every upload in order, or only the files named, in the order named."""
    if not it.files:
        clips.combine(e)
        return
    by_name = {m.filename: m for m in e.visual_media()}
    items = [by_name[f] for f in it.files if f in by_name]
    if not items:
        e.cannot(NotInSession(it.files))
        return
    old = e.length
    existing = {c.source: c for c in e.clips}
    chosen: list[Clip] = []
    for item in items:
        used = [c.id for c in (*e.clips, *chosen)]
        chosen.append(existing.get(item.id) or clips._new_clip(e, item, next_id(used, "v")))
    e.set_clips(chosen)
    e.retime(old)
    e.did(ClipsChosen(tuple(c.name for c in chosen), e.length))


def _indexes(e: Editor, numbers: tuple[int, ...]) -> list[int] | None:
    found = [clips.clip_index(e, n) for n in numbers]
    if any(i is None for i in found):
        return None
    return list(dict.fromkeys(i for i in found if i is not None))


def keep(e: Editor, it: Keep) -> None:
    if not clips.need_video(e):
        return
    wanted = _indexes(e, it.clips)
    if wanted is None:
        return
    gone = [i for i in range(len(e.clips)) if i not in wanted]
    if not gone:
        e.did(AllKept())
        return
    removed = tuple(e.ref(i) for i in gone)
    old = e.length
    e.set_clips(c for i, c in enumerate(e.clips) if i in wanted)
    e.retime(old)
    e.did(ClipsKept(tuple(e.ref(i) for i in range(len(e.clips))), removed, e.length))


def reorder(e: Editor, it: Reorder) -> None:
    if not clips.need_video(e):
        return
    wanted = _indexes(e, it.order)
    if wanted is None:
        return
    order = wanted + [i for i in range(len(e.clips)) if i not in wanted]
    if order == list(range(len(e.clips))):
        e.did(AlreadyInOrder())
        return
    old = e.length
    e.set_clips(e.clips[i] for i in order)
    e.retime(old)
    e.did(ClipsReordered(tuple(c.name for c in e.clips)))


def shorten(e: Editor, it: Shorten) -> None:
    if not clips.need_video(e):
        return
    total = e.length
    target = max(1000, int(round(total * it.percent / 100 / 1000)) * 1000)
    if target >= total or total - target < MIN_CUT_MS:
        e.cannot(TooShortToShorten(total))
        return
    trim.trim(e, Trim(duration_ms=target))
    e.did(ShortenedBy(total))


def add_text(e: Editor, it: AddText) -> None:
    """Text over a clip ("while clip 2 plays"): the clip's span, or from its start for the
    length said; then as any text."""
    if it.replace and it.text:
        same = [t for t in e.texts if t.role == it.role]
        if same:
            old, new = same[0], replace(same[0], text=it.text)
            e.set_texts(new if t is old else t for t in e.texts)
            e.sync_title()
            e.did(TitleTextChanged(it.role, old.text, it.text))
            return
    if it.clip is not None and clips.need_video(e):
        i = clips.clip_index(e, it.clip)
        if i is None:
            return
        start, length = e.timeline.starts()[i], e.clips[i].duration_ms
        if it.duration_ms is not None and it.duration_ms > 0:
            length = min(length, it.duration_ms)
        it = replace(
            it,
            clip=None,
            start_ms=start,
            end_ms=start + length,
            duration_ms=None,
            at_end=False,
            whole=False,
        )
    text.add_text(e, it)


def clip_sound(e: Editor, it: ClipSound) -> None:
    """ "Turn the voice down": the clips' sound moves ``steps`` steps (``steps``) from where
    it is."""
    if it.steps and clips.need_video(e):
        chosen: list[Clip] = list(e.clips)
        if it.clip is not None:
            i = clips.clip_index(e, it.clip)
            if i is None:
                return
            chosen = [e.clips[i]]
        sounding = [c for c in chosen if c.kind != "image"] or chosen
        now = max((c.volume for c in sounding), default=100)
        new = min(stepped(now, it.steps), VOLUME_CAP)
        if new == now:
            e.cannot(ClipsAtQuietest(now) if it.steps < 0 else AtLoudest(False, now))
            return
        it = ClipSound(new, it.clip)
    clips.clip_sound(e, it)
