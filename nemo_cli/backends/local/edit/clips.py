"""Edits of the video track: combine, reorder, remove, speed, clip sound, photo length and
crossfades (trims are in ``trim``). Each takes the ``Editor`` and one intent, replaces the
editor's timeline, and reports what it did or why it could not (``changes`` values)."""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath
from typing import Any

from ....values import replace
from ..changes import (
    AlreadyOnTimeline,
    ClipAlreadyThere,
    ClipMoved,
    ClipPlaced,
    ClipRemoved,
    ClipsAdded,
    ClipsCombined,
    ClipSpeedSet,
    ClipsReversed,
    ClipsSwapped,
    ClipsVolumeSet,
    ClipVolumeSet,
    CrossfadeSet,
    CrossfadesRemoved,
    NextToItself,
    NoClips,
    NoSuchClip,
    NoSuchPosition,
    NothingToCombine,
    NotUploaded,
    NotVisual,
    OnlyOneClip,
    OnlyPhotos,
    PhotoHasNoSpeed,
    PhotoLengthOutOfRange,
    PhotoLengthSet,
    SameClip,
    SpeedOutOfRange,
    SpeedSet,
    TooShortForCrossfades,
)
from ..intents import (
    LAST,
    AddClip,
    ClipSound,
    Crossfade,
    ImageDuration,
    Move,
    Remove,
    Reverse,
    Speed,
    Swap,
)
from ..media import Media
from ..timeline import Clip
from .state import MIN_MS, Editor, next_id

MIN_SPEED, MAX_SPEED = 0.25, 4.0
MAX_PHOTO_MS = 24 * 3600 * 1000  # a still over an hour of talk or music is a real use


def _new_clip(e: Editor, item: Media, clip_id: str) -> Clip:
    is_image = item.file_type == "image"
    length = item.duration if item.duration is not None else -1
    d = e.frame.image_ms if is_image or length <= 0 else int(round(length * 1000))
    return Clip(
        id=clip_id,
        source=item.id,
        name=item.filename or item.id,
        kind="image" if is_image else "video",
        duration_ms=max(d, 1),
    )


def combine(e: Editor, *, auto: bool = False) -> None:
    """Every video and image of the session on the video track, in upload order. Clips
    already on the track keep their trim, speed and sound."""
    items = e.visual_media()
    if not items:
        e.cannot(NothingToCombine())
        return
    old = e.length
    existing: dict[str, Clip] = {}
    for clip in e.clips:
        existing.setdefault(clip.source, clip)
    clips: list[Clip] = []
    for item in items:
        kept = existing.get(item.id)
        used = [c.id for c in (*existing.values(), *clips)]
        clips.append(kept or _new_clip(e, item, next_id(used, "v")))
    e.set_clips(clips)
    e.retime(old)
    if len(clips) == 1:
        e.did(ClipPlaced(clips[0].name, e.length))
    else:
        videos = sum(1 for c in clips if c.kind != "image")
        e.did(ClipsCombined(videos, len(clips) - videos, e.length, auto))


def _base(filename: str) -> str:
    return PureWindowsPath(PurePath(filename).name).name.lower()


def find_upload(e: Editor, wanted: str) -> Media | None:
    """The session's file called ``wanted``: by its name, else by its name without the
    extension ("talk" for talk.mp4); None (reported) when there is none."""
    key = _base(wanted)
    stem = PurePath(key).stem
    names = [(m, _base(m.filename or m.path)) for m in e.media]
    match = next((m for m, n in names if n == key), None) or next(
        (m for m, n in names if PurePath(n).stem == stem), None
    )
    if match is None:
        e.cannot(NotUploaded(wanted))
    return match


def add_clip(e: Editor, it: AddClip) -> None:
    """New clips from the files named, where they were asked for (the end by default)."""
    items: list[Media] = []
    for wanted in it.files:
        item = find_upload(e, wanted)
        if item is None:
            continue
        if not item.visual:
            e.cannot(NotVisual(item.filename or wanted, item.file_type))
            continue
        on = tuple(n for n, c in enumerate(e.clips, 1) if c.source == item.id)
        if on and not it.again:
            e.cannot(AlreadyOnTimeline(item.filename or wanted, on))
            continue
        items.append(item)
    if not items:
        return
    count = len(e.clips)
    anchor = it.after if it.after is not None else it.before
    if anchor is not None:
        j = clip_index(e, anchor)
        if j is None:
            return
        at = j + 1 if it.after is not None else j
    elif it.to is not None and it.to != LAST:
        at = it.to - 1 if it.to > 0 else count + 1 + it.to
        if not 0 <= at <= count:
            e.cannot(NoSuchPosition(it.to, count))
            return
    else:
        at = count
    old = e.length
    clips = list(e.clips)
    for n, item in enumerate(items):
        clips.insert(at + n, _new_clip(e, item, next_id([c.id for c in clips], "v")))
    e.set_clips(clips)
    e.retime(old)
    e.did(ClipsAdded(tuple(m.filename or m.id for m in items), at + 1, e.length))


def need_video(e: Editor, *, quiet: bool = False) -> bool:
    """Make sure the video track exists: build it from all media when it does not."""
    if e.clips:
        return True
    if e.visual_media():
        combine(e, auto=True)
        return bool(e.clips)
    if not quiet:
        e.cannot(NoClips())
    return False


def clip_index(e: Editor, number: int) -> int | None:
    """The index of clip ``number`` (1-based; negative counts from the end), or None."""
    count = len(e.clips)
    index = number - 1 if number > 0 else count + number
    if 0 <= index < count:
        return index
    if count == 0:
        need_video(e)
        return None
    e.cannot(NoSuchClip(number, count))
    return None


def move(e: Editor, it: Move) -> None:
    if not need_video(e):
        return
    i = clip_index(e, it.clip)
    if i is None:
        return
    old = e.length
    clips = list(e.clips)
    clip = clips[i]
    ref = e.ref(i)
    anchor = it.after if it.after is not None else it.before
    if anchor is not None:
        j = clip_index(e, anchor)
        if j is None:
            return
        if j == i:
            e.cannot(NextToItself())
            return
        target = clips[j]
        clips.pop(i)
        k = next(n for n, c in enumerate(clips) if c is target)
        clips.insert(k + 1 if it.after is not None else k, clip)
    else:
        to = it.to if it.to is not None else LAST
        k = len(clips) - 1 if to == LAST else (to - 1 if to > 0 else len(clips) + to)
        if not 0 <= k < len(clips):
            e.cannot(NoSuchPosition(to, len(clips)))
            return
        clips.insert(k, clips.pop(i))
    where = next(n for n, c in enumerate(clips) if c is clip) + 1
    if where == i + 1:
        e.did(ClipAlreadyThere(ref, where))
        return
    e.set_clips(clips)
    e.retime(old)
    e.did(ClipMoved(ref, where))


def swap(e: Editor, it: Swap) -> None:
    if not need_video(e):
        return
    i, j = clip_index(e, it.a), clip_index(e, it.b)
    if i is None or j is None:
        return
    if i == j:
        e.cannot(SameClip())
        return
    a, b = e.ref(i), e.ref(j)
    old = e.length
    clips = list(e.clips)
    clips[i], clips[j] = clips[j], clips[i]
    e.set_clips(clips)
    e.retime(old)
    e.did(ClipsSwapped(a, b))


def reverse(e: Editor, _: Reverse) -> None:
    if not need_video(e):
        return
    count = len(e.clips)
    if count < 2:
        e.cannot(OnlyOneClip())
        return
    old = e.length
    e.set_clips(reversed(e.clips))
    e.retime(old)
    e.did(ClipsReversed(count))


def remove(e: Editor, it: Remove) -> None:
    if not need_video(e):
        return
    i = clip_index(e, it.clip)
    if i is None:
        return
    ref = e.ref(i)
    old = e.length
    e.set_clips(c for n, c in enumerate(e.clips) if n != i)
    e.retime(old)
    e.did(ClipRemoved(ref, e.length))


# ---------------------------------------------------------------- speed, sound, photos, crossfades


def speed(e: Editor, it: Speed) -> None:
    if not MIN_SPEED <= it.factor <= MAX_SPEED:
        e.cannot(SpeedOutOfRange(MIN_SPEED, MAX_SPEED))
        return
    if not need_video(e):
        return
    old = e.length
    if it.clip is not None:
        i = clip_index(e, it.clip)
        if i is None:
            return
        clip = e.clips[i]
        if clip.kind == "image":
            e.cannot(PhotoHasNoSpeed(e.ref(i)))
            return
        before = clip.duration_ms
        clip = e.set_clip(i, **_at_speed(clip, it.factor))
        e.retime(old)
        e.did(ClipSpeedSet(e.ref(i), it.factor, before, clip.duration_ms))
        return
    if all(c.kind == "image" for c in e.clips):
        e.cannot(OnlyPhotos())
        return
    e.set_clips(c if c.kind == "image" else replace(c, **_at_speed(c, it.factor)) for c in e.clips)
    e.retime(old)
    e.did(SpeedSet(it.factor, e.length))


def _at_speed(clip: Clip, value: float) -> dict[str, Any]:
    """The fields of ``clip`` played at ``value``: the same source range, a new length."""
    return {"speed": value, "duration_ms": max(int(round(clip.source_ms / value)), 1)}


def clip_sound(e: Editor, it: ClipSound) -> None:
    if not need_video(e):
        return
    volume = max(0, min(it.volume, 200))
    if it.clip is not None:
        i = clip_index(e, it.clip)
        if i is None:
            return
        e.set_clip(i, volume=volume)
        e.did(ClipVolumeSet(e.ref(i), volume))
        return
    e.set_clips(replace(c, volume=volume) for c in e.clips)
    e.did(ClipsVolumeSet(volume))


def image_duration(e: Editor, it: ImageDuration) -> None:
    if it.ms < MIN_MS or it.ms > MAX_PHOTO_MS:
        e.cannot(PhotoLengthOutOfRange())
        return
    need_video(e, quiet=True)
    old = e.length
    e.set_frame(image_ms=it.ms)
    photos = sum(1 for c in e.clips if c.kind == "image")
    if photos:
        e.set_clips(replace(c, duration_ms=it.ms) if c.kind == "image" else c for c in e.clips)
        e.retime(old)
    e.did(PhotoLengthSet(it.ms, photos, e.length))


def crossfade(e: Editor, it: Crossfade) -> None:
    value = max(0, min(it.ms, 10_000))
    if value == 0:
        had = e.frame.crossfade_ms > 0
        old = e.length
        e.set_frame(crossfade_ms=0)
        e.retime(old)
        e.did(CrossfadesRemoved(had, e.length))
        return
    if not need_video(e):
        return
    limit = e.crossfade_limit()
    if limit is None:
        e.set_frame(crossfade_ms=value)
        e.did(CrossfadeSet(value, None))
        return
    final = min(value, limit - limit % 100)
    if final <= 0:
        e.cannot(TooShortForCrossfades())
        return
    old = e.length
    e.set_frame(crossfade_ms=final)
    e.retime(old)
    e.did(CrossfadeSet(final, e.length, value if final < value else None))
