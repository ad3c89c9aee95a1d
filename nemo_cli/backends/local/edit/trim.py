"""Trims: one clip ("use 0:05-0:12 of clip 2", "trim clip 1 to 4 seconds") or the whole
timeline ("cut it to 30 seconds", "cut the last 2 seconds")."""

from __future__ import annotations

from ....values import replace
from ..changes import (
    BeyondSource,
    ClipSplit,
    ClipTrimmed,
    NothingLeft,
    NothingLeftOfClip,
    NothingToCut,
    PhotoShown,
    SplitOutside,
    TimelineCut,
    TrimClamped,
)
from ..intents import SplitClip, Trim
from ..timeline import Clip
from .clips import clip_index, need_video
from .state import MIN_MS, Editor, next_id


def _source_range(e: Editor, clip: Clip, it: Trim) -> tuple[int, int]:
    """The wanted range of the source (ms) for a trim of one clip."""
    sp = clip.speed
    src_in, length = clip.in_ms, clip.source_ms
    a: float
    b: float
    if it.start_ms is not None or it.end_ms is not None:
        a = it.start_ms if it.start_ms is not None else src_in
        if it.end_ms is not None:
            b = it.end_ms
        elif it.duration_ms is not None:
            b = a + it.duration_ms * sp
        else:
            b = e.source_ms(clip) or src_in + length
    elif it.duration_ms is not None:
        a, b = src_in, src_in + it.duration_ms * sp
    elif it.cut_start_ms is not None:
        a, b = src_in + it.cut_start_ms * sp, src_in + length
    elif it.cut_end_ms is not None:
        a, b = src_in, src_in + length - it.cut_end_ms * sp
    elif it.keep_last_ms is not None:
        a, b = src_in + length - it.keep_last_ms * sp, src_in + length
    elif it.share is not None:
        a, b = src_in + length * it.share[0], src_in + length * it.share[1]
    else:
        a, b = src_in, src_in + length
    return int(round(a)), int(round(b))


def _trim_photo(e: Editor, i: int, it: Trim) -> None:
    d = e.clips[i].duration_ms
    if it.duration_ms is not None:
        new = it.duration_ms
    elif it.end_ms is not None:
        new = it.end_ms - (it.start_ms or 0)
    elif it.keep_last_ms is not None:
        new = it.keep_last_ms
    elif it.share is not None:
        new = round(d * (it.share[1] - it.share[0]))
    else:
        new = d - (it.cut_start_ms or 0) - (it.cut_end_ms or 0)
    if new < MIN_MS:
        e.cannot(NothingLeftOfClip(e.ref(i)))
        return
    old = e.length
    e.set_clip(i, duration_ms=new)
    e.retime(old)
    e.did(PhotoShown(e.ref(i), new))


def trim(e: Editor, it: Trim) -> None:
    if not need_video(e):
        return
    if it.every:  # "the first 5 seconds of each clip": each video, as if named one by one
        for n, clip in enumerate(e.clips, 1):
            if clip.kind != "image":
                _trim_clip(e, n - 1, it)
        return
    if it.clip is None:
        _trim_timeline(e, it)
        return
    i = clip_index(e, it.clip)
    if i is not None:
        _trim_clip(e, i, it)


def _trim_clip(e: Editor, i: int, it: Trim) -> None:
    clip = e.clips[i]
    if clip.kind == "image":
        _trim_photo(e, i, it)
        return
    ref = e.ref(i)
    a, b = _source_range(e, clip, it)
    a = max(a, 0)
    full = e.source_ms(clip)
    if full is not None and a >= full:
        e.cannot(BeyondSource(ref, full, a))
        return
    clamped = full is not None and b > full
    if full is not None and b > full:
        b = full
        e.cannot(TrimClamped(ref, full, a, b))
    if b - a < MIN_MS:
        e.cannot(NothingLeftOfClip(ref))
        return
    new_d = int(round((b - a) / clip.speed))
    if a == clip.in_ms and new_d == clip.duration_ms:
        if not clamped:
            e.did(ClipTrimmed(ref, a, b, new_d, already=True))
        return
    old = e.length
    e.set_clip(i, in_ms=a, duration_ms=new_d)
    e.retime(old)
    e.did(ClipTrimmed(ref, a, b, new_d))


def _cut(e: Editor, a: int, b: int) -> None:
    """Keep what plays between ``a`` and ``b`` on the timeline (places as they were before)."""
    kept: list[tuple[Clip, int]] = []
    for clip, st in zip(e.clips, e.timeline.starts(), strict=True):
        if st >= b or st + clip.duration_ms <= a:
            continue
        if st + clip.duration_ms > b:
            clip = replace(clip, duration_ms=b - st)
        if st < a:
            cut = a - st
            in_ms = clip.in_ms + (int(round(cut * clip.speed)) if clip.kind != "image" else 0)
            clip = replace(clip, in_ms=in_ms, duration_ms=clip.duration_ms - cut)
        kept.append((clip, st))
    e.set_clips(clip for clip, _ in kept)


def _trim_timeline(e: Editor, it: Trim) -> None:
    total = e.length
    if it.start_ms is not None or it.end_ms is not None:
        a = it.start_ms or 0
        b = (
            it.end_ms
            if it.end_ms is not None
            else (a + it.duration_ms if it.duration_ms is not None else total)
        )
    elif it.duration_ms is not None:
        a, b = 0, it.duration_ms
    elif it.cut_start_ms is not None:
        a, b = it.cut_start_ms, total
    elif it.cut_end_ms is not None:
        a, b = 0, total - it.cut_end_ms
    elif it.keep_last_ms is not None:
        a, b = total - it.keep_last_ms, total
    elif it.share is not None:
        a, b = round(total * it.share[0]), round(total * it.share[1])
    else:
        a, b = 0, total
    a, b = max(a, 0), min(b, total)
    if a == 0 and b == total:
        asked = it.duration_ms if it.start_ms is None and it.end_ms is None else None
        e.cannot(NothingToCut(total, asked))
        return
    if b - a < MIN_MS:
        e.cannot(NothingLeft())
        return
    old = e.length
    _cut(e, a, b)
    e.retime(old)
    e.did(TimelineCut(e.length, a, b))


def split(e: Editor, it: SplitClip) -> None:
    """One clip in two, both kept: the second part starts in the source where the first ends
    (pieces of one video join by a plain cut, so the timeline keeps its length)."""
    if not need_video(e):
        return
    if it.clip is not None:
        found = clip_index(e, it.clip)
        if found is None:
            return
        i, length = found, e.clips[found].duration_ms
        at = it.at_ms if it.at_ms is not None else round(length * (it.share or 0.5))
    else:  # where it plays on the timeline
        where = it.at_ms if it.at_ms is not None else round(e.length * (it.share or 0.5))
        starts = e.timeline.starts()
        inside = [
            n
            for n, (c, st) in enumerate(zip(e.clips, starts, strict=True))
            if st <= where < st + c.duration_ms
        ]
        if not inside:
            e.cannot(SplitOutside(None, where, e.length))
            return
        i = inside[-1]
        length, at = e.clips[i].duration_ms, where - starts[i]
    clip = e.clips[i]
    if at < MIN_MS or length - at < MIN_MS:
        e.cannot(SplitOutside(e.ref(i), at, length))
        return
    moved = int(round(at * clip.speed)) if clip.kind != "image" else 0
    second = replace(
        clip,
        id=next_id((c.id for c in e.clips), "v"),
        duration_ms=length - at,
        in_ms=clip.in_ms + moved,
    )
    parts = list(e.clips)
    parts[i : i + 1] = [replace(clip, duration_ms=at), second]
    old = e.length
    e.set_clips(parts)
    e.retime(old)
    e.did(ClipSplit(e.ref(i), at, at, length - at))
