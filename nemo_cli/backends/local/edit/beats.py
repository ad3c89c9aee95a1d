"""Cuts on the beat ("cut to the beat", "change clips on every 2nd beat", "photos to the
beat", 卡点): the clips' lengths change so that every cut between them lands on a beat of the
first music on the timeline, and the video ends on one.

The beats are the music's (``Editor.analyses``), moved onto the timeline by where the music
starts and its in-point, and continued at its tempo past the last one found. Each cut goes to
the beat nearest to where it was (``every`` = 1), or to the ``every``-th beat after the clip's
start. A video never runs past the end of its source: its cut goes to a beat it can reach, or
stays where it was (said in the reply). Photos can take any length, so they get whole beats.
"""

from __future__ import annotations

from dataclasses import replace

from ..analyze import beatgrid
from ..changes import BeatCutsSet, BeatsOutOfReach, MusicNotAnalysed, NoBeat, NoMusicForBeats
from ..intents import BeatCut
from ..timeline import Clip
from .clips import need_video
from .state import MIN_MS, Editor

HORIZON_S = 3600.0  # how far past the last beat found the grid goes on at the tempo


def _grid(e: Editor) -> tuple[list[float], str, float] | None:
    """The beat times on the timeline (seconds), the music's name and its tempo."""
    if not e.music:
        e.cannot(NoMusicForBeats())
        return None
    music = e.music[0]
    analysis = e.analyses.get(music.source)
    title = music.name
    if analysis is None:
        e.cannot(MusicNotAnalysed(title))
        return None
    if analysis.tempo_bpm is None or not analysis.beats:
        e.cannot(NoBeat(title))
        return None
    offset = (music.start_ms - music.in_ms) / 1000
    end = music.end_ms / 1000
    times = beatgrid.grid(analysis.beats, analysis.tempo_bpm, until=HORIZON_S)
    grid = [round(b + offset, 3) for b in times if MIN_MS / 1000 <= b + offset <= end + 1e-6]
    return grid, title, analysis.tempo_bpm


def _reach(e: Editor, clip: Clip) -> float:
    """How long (seconds on the timeline) the clip can last from its in-point."""
    if clip.kind != "video":
        return float("inf")
    source = e.source_ms(clip)
    if source is None:
        return clip.duration_ms / 1000
    return max(0.0, (source - clip.in_ms) / 1000 / clip.speed)


def beat_cut(e: Editor, it: BeatCut) -> None:
    if not need_video(e):
        return
    found = _grid(e)
    if found is None:
        return
    grid, title, tempo = found
    old = e.length
    xfade = e.frame.crossfade_ms / 1000
    start = 0.0
    clips: list[Clip] = []
    moved = stuck = 0
    for k, clip in enumerate(e.clips):
        last = k == len(e.clips) - 1
        overlap = 0.0 if last else xfade
        length = clip.duration_ms / 1000
        here = start + length - overlap  # where the cut after this clip is now
        reachable = [
            g for g in grid if start + MIN_MS / 1000 <= g <= start + _reach(e, clip) - overlap
        ]
        if not reachable:
            clips.append(clip)
            start = here
            stuck += 1
            continue
        if it.every == 1:
            cut = min(reachable, key=lambda g: (abs(g - here), g))
        else:
            ahead = [g for g in grid if g >= start + MIN_MS / 1000]
            want = ahead[min(it.every, len(ahead)) - 1]
            cut = max((g for g in reachable if g <= want), default=reachable[0])
        clips.append(replace(clip, duration_ms=round((cut - start + overlap) * 1000)))
        moved += 1
        start = cut
    e.set_clips(clips)
    e.retime(old)
    e.did(BeatCutsSet(title, tempo, it.every, moved))
    if stuck:
        e.cannot(BeatsOutOfReach(stuck))
