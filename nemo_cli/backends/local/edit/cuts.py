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

import math
from collections.abc import Sequence
from dataclasses import replace

from ..analyze.pauses import PauseRule, pause_cuts
from ..analyze.ranges import Range, subtract, total
from ..intents import CutPauses, RemoveStill, SplitScenes
from ..timeline import Clip
from .clips import clip_index, need_video
from .state import MIN_MS, Editor, next_id, plural

LISTED = 8  # cuts listed in a reply before "and N more"


def tenths(seconds: float) -> str:
    """3.24 -> "0:03.2": a point in a source, as editors show cuts."""
    t = math.floor(seconds * 10 + 0.5)  # half up, as people round
    return f"{t // 600}:{t // 10 % 60:02d}.{t % 10}"


def _listed(cuts: Sequence[Range]) -> str:
    shown = ", ".join(f"{tenths(a)}-{tenths(b)}" for a, b in cuts[:LISTED])
    more = len(cuts) - LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def _listed_zh(cuts: Sequence[Range]) -> str:
    shown = "、".join(f"{tenths(a)}-{tenths(b)}" for a, b in cuts[:LISTED])
    more = len(cuts) - LISTED
    return f"{shown} 等（另有 {more} 处）" if more > 0 else shown


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
            and clip.kind == prev.kind == "video"
            and (clip.source, clip.speed, clip.volume) == (prev.source, prev.speed, prev.volume)
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


def _analysis_missing(e: Editor, index: int) -> None:
    label, label_zh = e.label(index)
    e.problem(f"Could not listen to {label}: its file was not analysed",
              f"无法分析{label_zh}的声音和画面")  # fmt: skip


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
    found: list[Range] = []
    silent: list[tuple[str, str]] = []
    for i in reversed(targets):
        clip = e.clips[i]
        analysis = e.analyses.get(clip.source)
        if analysis is None:
            _analysis_missing(e, i)
            continue
        if not analysis.speech:
            silent.append(e.label(i))
            continue
        start, end = _span(clip)
        cuts = pause_cuts(analysis.speech, start, end, rule)
        if cuts:
            _split(e, i, subtract([(start, end)], cuts))
            found[:0] = cuts
    e.retime(old)
    if found:
        seconds = total(found)
        e.say(
            f"Cut {plural(len(found), 'pause')}, {seconds:.1f} s in all: {_listed(found)}",
            f"剪掉了 {len(found)} 处停顿，共 {seconds:.1f} 秒：{_listed_zh(found)}",
        )
        return
    for label, label_zh in silent[::-1]:
        e.problem(f"Heard no speech in {label}", f"在{label_zh}中没有听到说话")
    if not silent or len(silent) < len(targets):
        limit = f"{rule.longer_than:g} s"
        over = f" (and up to {rule.keep_over:g} s)" if rule.keep_over is not None else ""
        e.problem(f"Found no pauses longer than {limit}{over} to cut",
                  f"没有找到超过 {rule.longer_than:g} 秒的停顿")  # fmt: skip


# ---------------------------------------------------------------- black and frozen parts


def remove_still(e: Editor, it: RemoveStill) -> None:
    targets = _targets(e, it.clip)
    if targets is None:
        return
    old = e.length
    removed: list[Range] = []
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
            removed[:0] = gone
        elif gone:
            label, label_zh = e.label(i)
            e.problem(f"{label.capitalize()} is all black or frozen: remove it instead",
                      f"{label_zh}全是黑屏或静止画面：可以直接删除它")  # fmt: skip
    e.retime(old)
    what = " or ".join(w for w, on in (("black", it.black), ("frozen", it.frozen)) if on)
    what_zh = "或".join(w for w, on in (("黑屏", it.black), ("静止画面", it.frozen)) if on)
    if removed:
        e.say(
            f"Removed {plural(len(removed), f'{what} stretch').replace('stretchs', 'stretches')}, "
            f"{total(removed):.1f} s in all: {_listed(removed)}",
            f"删除了 {len(removed)} 段{what_zh}，共 {total(removed):.1f} 秒：{_listed_zh(removed)}",
        )
    else:
        e.problem(f"Found no {what} stretches to remove", f"没有找到可删除的{what_zh}")


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
        label, label_zh = e.label(i)
        count = _split(e, i, list(zip(bounds, bounds[1:], strict=False)))
        made += 1
        e.say(f"Split {label} at {plural(len(cuts), 'scene change')} into {count} clips",
              f"已在 {len(cuts)} 处场景切换把{label_zh}拆成 {count} 段")  # fmt: skip
    if not made:
        e.problem("Found no scene changes to split at", "没有找到场景切换")
