"""The changes that turn one timeline into another, as the typed values an edit returns.

Undo and redo move the session between whole timelines (the store keeps timelines, not the
edits that made them); to say *which* change they took back or made again, this reads the
difference between the two and names it with the same values the edits use (``changes``), so
it is worded through the one EN/ZH table like any edit: "Undid the last change: added title
"Urban Dreams" (0-3s, center)." Clips, music and texts are matched by their ids, which stay
with them while they are on the timeline.
"""

from __future__ import annotations

from ..changes import (
    AspectSet,
    Change,
    ClipMoved,
    ClipPlaced,
    ClipRef,
    ClipRemoved,
    ClipsCombined,
    ClipSpeedSet,
    ClipsReversed,
    ClipsSwapped,
    ClipTrimmed,
    ClipVolumeSet,
    CrossfadeSet,
    CrossfadesRemoved,
    FitSet,
    MusicAdded,
    MusicFadesSet,
    MusicRemoved,
    MusicVolumeSet,
    StartedOver,
    TitleAdded,
    TitleRemoved,
    TitleReplaced,
    TitleUpdated,
)
from ..timeline import Clip, Timeline


def changes_between(before: Timeline, after: Timeline) -> tuple[Change, ...]:
    """What was done to ``before`` to make ``after`` (empty when they are the same)."""
    if before.clips and not (after.clips or after.music or after.texts):
        return (StartedOver(),)
    return (
        *_clips(before, after),
        *_music(before, after),
        *_texts(before, after),
        *_frame(before, after),
    )


def _ref(timeline: Timeline, clip: Clip) -> ClipRef:
    return ClipRef(timeline.clips.index(clip) + 1, clip.name)


def _clips(before: Timeline, after: Timeline) -> list[Change]:
    if not before.clips and after.clips:
        if len(after.clips) == 1:
            return [ClipPlaced(after.clips[0].name, after.length_ms)]
        photos = sum(1 for c in after.clips if c.kind == "image")
        return [ClipsCombined(len(after.clips) - photos, photos, after.length_ms)]
    old = {c.id: c for c in before.clips}
    new = {c.id: c for c in after.clips}
    out: list[Change] = [
        ClipRemoved(_ref(before, c), after.length_ms) for c in before.clips if c.id not in new
    ]
    out += [ClipPlaced(c.name, after.length_ms) for c in after.clips if c.id not in old]
    for clip in after.clips:
        was = old.get(clip.id)
        if was is None:
            continue
        ref = _ref(after, clip)
        trimmed = (was.in_ms, was.duration_ms) != (clip.in_ms, clip.duration_ms)
        if trimmed and was.speed == clip.speed:
            out.append(
                ClipTrimmed(ref, clip.in_ms, round(clip.in_ms + clip.source_ms), clip.duration_ms)
            )
        if was.speed != clip.speed:
            out.append(ClipSpeedSet(ref, clip.speed, was.duration_ms, clip.duration_ms))
        if was.volume != clip.volume:
            out.append(ClipVolumeSet(ref, clip.volume))
    out += _order(before, after, old, new)
    return out


def _order(
    before: Timeline, after: Timeline, old: dict[str, Clip], new: dict[str, Clip]
) -> list[Change]:
    """A new order of the clips both timelines have: a swap, a reversal, or moves."""
    kept_before = [c.id for c in before.clips if c.id in new]
    kept_after = [c.id for c in after.clips if c.id in old]
    if kept_before == kept_after:
        return []
    if kept_after == kept_before[::-1] and len(kept_after) > 2:
        return [ClipsReversed(len(kept_after))]
    moved = [i for i, (a, b) in enumerate(zip(kept_before, kept_after, strict=True)) if a != b]
    clips = {c.id: c for c in after.clips}
    if len(moved) == 2:
        first, second = (clips[kept_after[i]] for i in moved)
        return [ClipsSwapped(_ref(after, first), _ref(after, second))]
    return [
        ClipMoved(_ref(after, clips[kept_after[i]]), _ref(after, clips[kept_after[i]]).number)
        for i in moved[:1]
    ]


def _music(before: Timeline, after: Timeline) -> list[Change]:
    old = {m.id: m for m in before.music}
    new = {m.id: m for m in after.music}
    out: list[Change] = [MusicRemoved(m.name) for m in before.music if m.id not in new]
    for music in after.music:
        was = old.get(music.id)
        if was is None:
            out.append(MusicAdded(music.name, music.start_ms, music.end_ms, music.volume, False))
            continue
        if was.volume != music.volume:
            out.append(MusicVolumeSet(music.volume, was.volume))
        if (was.fade_in_ms, was.fade_out_ms) != (music.fade_in_ms, music.fade_out_ms):
            out.append(MusicFadesSet(music.fade_in_ms or None, music.fade_out_ms or None))
    return out


def _texts(before: Timeline, after: Timeline) -> list[Change]:
    old = {t.id: t for t in before.texts}
    new = {t.id: t for t in after.texts}
    gone = [t for t in before.texts if t.id not in new]
    out: list[Change] = []
    for text in after.texts:
        was = old.get(text.id)
        place = (text.start_ms, text.end_ms, text.position)
        if was is None:
            # A new title in place of one of its kind (the title edit replaces the title).
            instead = next((t for t in gone if t.role == text.role), None)
            if instead is not None:
                gone.remove(instead)
                out.append(TitleReplaced(text.role, instead.text, text.text, *place))
            else:
                out.append(TitleAdded(text.role, text.text, *place))
        elif was.text != text.text:
            out.append(TitleReplaced(text.role, was.text, text.text, *place))
        elif was != text:
            out.append(TitleUpdated(text.role, text.text, *place, text.size))
    return [*(TitleRemoved(t.role, t.text) for t in gone), *out]


def _frame(before: Timeline, after: Timeline) -> list[Change]:
    was, now = before.frame, after.frame
    out: list[Change] = []
    if (was.aspect, was.width, was.height) != (now.aspect, now.width, now.height):
        out.append(AspectSet(now.aspect, now.width, now.height))
    if was.fit != now.fit:
        out.append(FitSet(now.fit, now.width, now.height))
    if was.crossfade_ms != now.crossfade_ms:
        if now.crossfade_ms:
            length = after.length_ms if len(after.clips) > 1 else None
            out.append(CrossfadeSet(now.crossfade_ms, length))
        else:
            out.append(CrossfadesRemoved(True, after.length_ms))
    return out
