"""Cuts inside clips, from what the engine heard and saw in their sources (``Editor.analyses``):
the pauses in speech, the black and frozen stretches, the scene changes.

A clip is one range of a source; a cut turns it into several clips of the same source, one per
range kept, in order (the first keeps the clip's id), so every later edit, the render and
undo work on them as on any clip. One instruction is one undo step, however many cuts.

Cutting the pauses of every clip first joins back the pieces of an earlier pause cut
(neighbours from one source, in order, at the same speed and volume), so a new rule replaces
the old one: "cut pauses longer than 1 s", then "keep pauses over 2 s" keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..analyze.pauses import PauseRule, pause_cuts
from ..analyze.ranges import Range, subtract
from ..changes import (
    AllStill,
    ClipNotAnalysed,
    NoPauses,
    NoScenes,
    NoSpeech,
    NoStill,
    PausesCut,
    ScenesSplit,
    StillRemoved,
)
from ..intents import CutPauses, RemoveStill, SplitScenes
from ..timeline import Clip, Pauses, continues
from .clips import clip_index, need_video
from .state import MIN_MS, Editor, next_id


def _span(clip: Clip) -> Range:
    """The range of its source a clip plays, in seconds."""
    return clip.in_ms / 1000, (clip.in_ms + clip.source_ms) / 1000


def _targets(e: Editor, number: int | None) -> list[int] | None:
    """The clips to work on: the one named, or every video clip; None when there are none."""
    if not need_video(e):
        return None
    if number is not None:
        i = clip_index(e, number)
        return None if i is None else [i]
    return [i for i, c in enumerate(e.clips) if c.kind == "video"]


def _rejoin(e: Editor) -> None:
    """Join neighbours cut from one source back into one clip (see the module docstring)."""
    joined: list[Clip] = []
    for clip in e.clips:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and continues(prev, clip)
            and (clip.speed, clip.volume) == (prev.speed, prev.volume)
            and clip.in_ms >= prev.in_ms + prev.source_ms - 1
        ):
            end = clip.in_ms + clip.source_ms
            joined[-1] = replace(prev, duration_ms=round((end - prev.in_ms) / prev.speed))
        else:
            joined.append(clip)
    e.set_clips(joined)


def _split(e: Editor, index: int, keep: Sequence[Range]) -> int:
    """Replace clip ``index`` by one clip per kept source range; returns how many."""
    clip = e.clips[index]
    used = {c.id for c in e.clips}
    pieces: list[Clip] = []
    for start, end in keep:
        in_ms = round(start * 1000)
        length = round((round(end * 1000) - in_ms) / clip.speed)
        if length < MIN_MS:
            continue
        piece_id = clip.id if not pieces else next_id(used, "v")
        used.add(piece_id)
        pieces.append(replace(clip, id=piece_id, in_ms=in_ms, duration_ms=length))
    e.set_clips((*e.clips[:index], *pieces, *e.clips[index + 1 :]))
    return len(pieces)


def _name(e: Editor, clip: Clip) -> str:
    """The name of the file a clip plays, as the user uploaded it."""
    item = e.media_by_id(clip.source)
    return (item.filename if item else None) or clip.name or clip.source


def _analysis_missing(e: Editor, index: int) -> None:
    e.cannot(ClipNotAnalysed(e.ref(index)))


def _ms(ranges: Sequence[Range]) -> tuple[tuple[int, int], ...]:
    return tuple((round(a * 1000), round(b * 1000)) for a, b in ranges)


# ---------------------------------------------------------------- pauses


def cut_pauses(e: Editor, it: CutPauses) -> None:
    old = e.length
    if it.clip is None and e.clips:
        _rejoin(e)
    targets = _targets(e, it.clip)
    if targets is None:
        return
    rule = PauseRule(
        longer_than=(it.longer_than_ms if it.longer_than_ms is not None else 500) / 1000,
        keep_over=None if it.keep_over_ms is None else it.keep_over_ms / 1000,
        shorten_to=None if it.shorten_to_ms is None else it.shorten_to_ms / 1000,
    )
    found: dict[str, list[Range]] = {}  # the cuts, by the name of the file they were in
    silent: list[int] = []
    for i in reversed(targets):
        clip = e.clips[i]
        analysis = e.analyses.get(clip.source)
        if analysis is None:
            _analysis_missing(e, i)
            continue
        if not analysis.speech:
            silent.append(i)
            continue
        start, end = _span(clip)
        cuts = pause_cuts(analysis.speech, start, end, rule)
        if cuts:
            _split(e, i, subtract([(start, end)], cuts))
            found.setdefault(_name(e, clip), [])[:0] = cuts
    e.retime(old)
    if found:
        e.timeline = replace(
            e.timeline,
            pauses=Pauses(round(rule.longer_than * 1000), it.keep_over_ms, it.shorten_to_ms),
        )
        for name, cuts in reversed(found.items()):  # in the order the files play
            e.did(PausesCut(name, _ms(sorted(cuts))))
        return
    if it.clip is None:  # the pieces of earlier cuts were joined back: no rule holds now
        e.timeline = replace(e.timeline, pauses=None)
    for i in silent[::-1]:
        e.cannot(NoSpeech(e.ref(i)))
    if len(silent) < len(targets):
        e.cannot(NoPauses(round(rule.longer_than * 1000), it.keep_over_ms))


# ---------------------------------------------------------------- black and frozen parts


def remove_still(e: Editor, it: RemoveStill) -> None:
    targets = _targets(e, it.clip)
    if targets is None:
        return
    old = e.length
    removed: dict[str, list[Range]] = {}
    for i in reversed(targets):
        clip = e.clips[i]
        analysis = e.analyses.get(clip.source)
        if analysis is None:
            _analysis_missing(e, i)
            continue
        still = [*(analysis.black if it.black else ()), *(analysis.frozen if it.frozen else ())]
        start, end = _span(clip)
        keep = subtract([(start, end)], still)
        gone = subtract([(start, end)], keep)
        if gone and keep:
            _split(e, i, keep)
            removed.setdefault(_name(e, clip), [])[:0] = gone
        elif gone:
            e.cannot(AllStill(e.ref(i)))
    e.retime(old)
    for name, gone in reversed(removed.items()):
        e.did(StillRemoved(name, it.black, it.frozen, _ms(sorted(gone))))
    if not removed:
        e.cannot(NoStill(it.black, it.frozen))


# ---------------------------------------------------------------- scenes


def split_scenes(e: Editor, it: SplitScenes) -> None:
    targets = _targets(e, it.clip)
    if targets is None:
        return
    made = 0
    for i in reversed(targets):
        clip = e.clips[i]
        analysis = e.analyses.get(clip.source)
        if analysis is None:
            _analysis_missing(e, i)
            continue
        start, end = _span(clip)
        cuts = [t for t in analysis.scenes if start + MIN_MS / 1000 < t < end - MIN_MS / 1000]
        if not cuts:
            continue
        bounds = [start, *cuts, end]
        ref = e.ref(i)
        count = _split(e, i, list(zip(bounds, bounds[1:], strict=False)))
        made += 1
        e.did(ScenesSplit(ref, len(cuts), count))
    if not made:
        e.cannot(NoScenes())
