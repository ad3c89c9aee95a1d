"""Edits of the video track: combine, reorder, remove, speed, clip sound, photo length and
crossfades (trims are in ``trim``). Each takes the ``Editor`` and one intent, replaces the
editor's timeline, and says what it did (or why it could not)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..intents import (
    LAST,
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
from .state import MIN_MS, Editor, cap, dur, dur_zh, factor, name, next_id, plural

MIN_SPEED, MAX_SPEED = 0.25, 4.0


def _new_clip(e: Editor, item: Media, clip_id: str) -> Clip:
    is_image = item.file_type == "image"
    length = item.duration if item.duration is not None else -1
    d = e.frame.image_ms if is_image or length <= 0 else int(round(length * 1000))
    return Clip(id=clip_id, source=item.id, name=item.filename or item.id,
                kind="image" if is_image else "video", duration_ms=max(d, 1))  # fmt: skip


def _what(clips: list[Clip]) -> tuple[str, str]:
    videos = sum(1 for c in clips if c.kind != "image")
    photos = len(clips) - videos
    en = " and ".join(
        p for p in (videos and plural(videos, "clip"), photos and plural(photos, "photo")) if p
    )
    zh = "和 ".join(p for p in (videos and f"{videos} 个片段", photos and f"{photos} 张照片") if p)
    return en, zh


def combine(e: Editor, *, auto: bool = False) -> None:
    """Every video and image of the session on the video track, in upload order. Clips
    already on the track keep their trim, speed and sound."""
    items = e.visual_media()
    if not items:
        e.problem(
            "There are no clips or photos to combine: upload some first (nemo upload clip.mp4)",
            "没有可以合并的视频或照片：请先上传（nemo upload clip.mp4）",
        )
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
    total, total_zh = dur(e.length), dur_zh(e.length)
    what, what_zh = _what(clips)
    if len(clips) == 1:
        title = name(clips[0].name)
        e.say(
            f"Put '{title}' on the timeline ({total})", f"已把「{title}」放到时间线上（{total_zh}）"
        )
    elif auto:
        e.say(
            f"Put your {what} on the timeline ({total})",
            f"已把你的 {what_zh}放到时间线上（{total_zh}）",
        )
    else:
        e.say(
            f"Combined {what} into a {total} timeline",
            f"已把 {what_zh}合并成 {total_zh}的时间线",
        )


def need_video(e: Editor, *, quiet: bool = False) -> bool:
    """Make sure the video track exists: build it from all media when it does not."""
    if e.clips:
        return True
    if e.visual_media():
        combine(e, auto=True)
        return bool(e.clips)
    if not quiet:
        e.problem(
            "There are no clips on the timeline yet: upload a video or photo first "
            "(nemo upload clip.mp4)",
            "时间线上还没有片段：请先上传视频或照片（nemo upload clip.mp4）",
        )
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
    e.problem(
        f"There is no clip {number}: the session has {plural(count, 'clip')}",
        f"没有第 {number} 段：当前只有 {count} 段",
    )
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
    label, label_zh = e.label(i)
    anchor = it.after if it.after is not None else it.before
    if anchor is not None:
        j = clip_index(e, anchor)
        if j is None:
            return
        if j == i:
            e.problem("A clip cannot move next to itself", "片段不能移动到它自己旁边")
            return
        target = clips[j]
        clips.pop(i)
        k = next(n for n, c in enumerate(clips) if c is target)
        clips.insert(k + 1 if it.after is not None else k, clip)
    else:
        to = it.to if it.to is not None else LAST
        k = len(clips) - 1 if to == LAST else (to - 1 if to > 0 else len(clips) + to)
        if not 0 <= k < len(clips):
            e.problem(
                f"There is no position {to}: the session has {plural(len(clips), 'clip')}",
                f"没有第 {to} 个位置：当前只有 {len(clips)} 段",
            )
            return
        clips.insert(k, clips.pop(i))
    where = next(n for n, c in enumerate(clips) if c is clip) + 1
    if where == i + 1:
        e.say(
            f"{cap(label)} is already at position {where}",
            f"{label_zh}已经在第 {where} 位",
        )
        return
    e.set_clips(clips)
    e.retime(old)
    e.say(f"Moved {label} to position {where}", f"已把{label_zh}移到第 {where} 位")


def swap(e: Editor, it: Swap) -> None:
    if not need_video(e):
        return
    i, j = clip_index(e, it.a), clip_index(e, it.b)
    if i is None or j is None:
        return
    if i == j:
        e.problem("Those are the same clip: nothing to swap", "这是同一段：无需交换")
        return
    (a, a_zh), (b, b_zh) = e.label(i), e.label(j)
    old = e.length
    clips = list(e.clips)
    clips[i], clips[j] = clips[j], clips[i]
    e.set_clips(clips)
    e.retime(old)
    e.say(f"Swapped {a} and {b}", f"已交换{a_zh}和{b_zh}")


def reverse(e: Editor, _: Reverse) -> None:
    if not need_video(e):
        return
    count = len(e.clips)
    if count < 2:
        e.problem("There is only one clip: nothing to reverse", "只有一段：无需倒序")
        return
    old = e.length
    e.set_clips(reversed(e.clips))
    e.retime(old)
    e.say(f"Reversed the order of the {count} clips", f"已把 {count} 段的顺序倒过来")


def remove(e: Editor, it: Remove) -> None:
    if not need_video(e):
        return
    i = clip_index(e, it.clip)
    if i is None:
        return
    label, label_zh = e.label(i)
    old = e.length
    e.set_clips(c for n, c in enumerate(e.clips) if n != i)
    e.retime(old)
    if e.clips:
        rest, rest_zh = f"the timeline is now {dur(e.length)}", f"时间线现在是 {dur_zh(e.length)}"
    else:
        rest, rest_zh = "the timeline is now empty", "时间线现在是空的"
    e.say(f"Removed {label}; {rest}", f"已删除{label_zh}；{rest_zh}")


# ---------------------------------------------------------------- speed, sound, photos, crossfades


def speed(e: Editor, it: Speed) -> None:
    if not MIN_SPEED <= it.factor <= MAX_SPEED:
        e.problem(
            f"Speed must be between {factor(MIN_SPEED)} and {factor(MAX_SPEED)}",
            f"速度必须在 {factor(MIN_SPEED)} 到 {factor(MAX_SPEED)} 之间",
        )
        return
    if not need_video(e):
        return
    old = e.length
    if it.clip is not None:
        i = clip_index(e, it.clip)
        if i is None:
            return
        clip = e.clips[i]
        label, label_zh = e.label(i)
        if clip.kind == "image":
            e.problem(f"{cap(label)} is a photo: speed applies to video clips",
                      f"{label_zh}是照片：速度只对视频片段有效")  # fmt: skip
            return
        before = clip.duration_ms
        clip = e.set_clip(i, **_at_speed(clip, it.factor))
        e.retime(old)
        e.say(
            f"{cap(label)} now plays at {factor(it.factor)} "
            f"({dur(before)} -> {dur(clip.duration_ms)})",
            f"{label_zh}现在以 {factor(it.factor)} 播放"
            f"（{dur_zh(before)} -> {dur_zh(clip.duration_ms)}）",
        )
        return
    if all(c.kind == "image" for c in e.clips):
        e.problem("There are only photos on the timeline: speed applies to video clips",
                  "时间线上只有照片：速度只对视频片段有效")  # fmt: skip
        return
    e.set_clips(c if c.kind == "image" else replace(c, **_at_speed(c, it.factor)) for c in e.clips)
    e.retime(old)
    e.say(
        f"All clips now play at {factor(it.factor)} (timeline {dur(e.length)})",
        f"所有片段现在以 {factor(it.factor)} 播放（时间线 {dur_zh(e.length)}）",
    )


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
        label, label_zh = e.label(i)
        if volume == 0:
            e.say(f"Muted {label}", f"已把{label_zh}静音")
        else:
            e.say(f"Set the sound of {label} to {volume}%", f"{label_zh}的原声设为 {volume}%")
        return
    e.set_clips(replace(c, volume=volume) for c in e.clips)
    if volume == 0:
        e.say("Muted the clips' own sound", "已把片段原声静音")
    elif volume == 100:
        e.say("Kept the clips' own sound (100%)", "已保留片段原声（100%）")
    else:
        e.say(f"Set the clips' own sound to {volume}%", f"片段原声设为 {volume}%")


def image_duration(e: Editor, it: ImageDuration) -> None:
    if it.ms < MIN_MS or it.ms > 600_000:
        e.problem("A photo can show for 0.1 s to 10 minutes", "每张照片可以显示 0.1 秒到 10 分钟")
        return
    need_video(e, quiet=True)
    old = e.length
    e.set_frame(image_ms=it.ms)
    photos = sum(1 for c in e.clips if c.kind == "image")
    if photos:
        e.set_clips(replace(c, duration_ms=it.ms) if c.kind == "image" else c for c in e.clips)
        e.retime(old)
        e.say(
            f"Each photo now shows for {dur(it.ms)} ({plural(photos, 'photo')}, "
            f"timeline {dur(e.length)})",
            f"每张照片现在显示 {dur_zh(it.ms)}（{photos} 张，时间线 {dur_zh(e.length)}）",
        )
    else:
        e.say(
            f"Photos will show for {dur(it.ms)} each (there are none on the timeline yet)",
            f"照片将每张显示 {dur_zh(it.ms)}（时间线上还没有照片）",
        )


def crossfade(e: Editor, it: Crossfade) -> None:
    value = max(0, min(it.ms, 10_000))
    if value == 0:
        had = e.frame.crossfade_ms > 0
        old = e.length
        e.set_frame(crossfade_ms=0)
        e.retime(old)
        if had:
            e.say(
                "Removed the crossfades: clips cut straight to the next "
                f"(timeline {dur(e.length)})",
                f"已去掉交叉淡化：片段直接切换（时间线 {dur_zh(e.length)}）",
            )
        else:
            e.say("Clips cut straight to the next (no crossfades)", "片段直接切换（没有交叉淡化）")
        return
    if not need_video(e):
        return
    clips = e.clips
    if len(clips) < 2:
        e.set_frame(crossfade_ms=value)
        e.say(
            f"Crossfades set to {dur(value)}: they show once there are two or more clips",
            f"交叉淡化设为 {dur_zh(value)}：有两段或以上时生效",
        )
        return
    limit = min(c.duration_ms for c in clips) // 2
    final = min(value, limit - limit % 100)
    if final <= 0:
        e.problem("The clips are too short for crossfades", "片段太短，无法加交叉淡化")
        return
    old = e.length
    e.set_frame(crossfade_ms=final)
    e.retime(old)
    note = f", shortened from {dur(value)} to fit the shortest clip" if final < value else ""
    note_zh = f"，已从 {dur_zh(value)} 缩短以适应最短的片段" if final < value else ""
    e.say(
        f"Added {dur(final)} crossfades between clips (timeline {dur(e.length)}{note})",
        f"已在片段之间加入 {dur_zh(final)} 的交叉淡化（时间线 {dur_zh(e.length)}{note_zh}）",
    )
