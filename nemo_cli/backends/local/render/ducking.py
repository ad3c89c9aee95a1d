"""Ducking: the music dips under the clips' speech, as a volume envelope computed from the
speech the analysis found (``analyze``), not from a compressor's guess at what is voice.

``timeline_speech`` moves each clip's speech ranges (source time) onto the timeline, through
the clip's in-point, speed and start; muted clips do not count. ``envelope`` is the ``volume``
filter for one music segment: 1 outside speech, ``-db`` dB inside, with ``RAMP_S`` ramps, and
pauses shorter than two ramps bridged so the music does not pump between words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..analyze.ranges import Range, clamp, fill_gaps, normalise
from ..timeline import Timeline

RAMP_S = 0.15


def timeline_speech(timeline: Timeline, speech: Mapping[str, Sequence[Range]]) -> list[Range]:
    """Where someone speaks on the timeline (seconds)."""
    out: list[Range] = []
    for clip, start_ms in zip(timeline.clips, timeline.starts(), strict=True):
        if clip.kind != "video" or clip.volume <= 0:
            continue
        first = clip.in_ms / 1000
        start = start_ms / 1000
        for a, b in clamp(speech.get(clip.source, ()), first, first + clip.source_ms / 1000):
            out.append((start + (a - first) / clip.speed, start + (b - first) / clip.speed))
    return normalise(out)


def envelope(spoken: Sequence[Range], db: int, offset: float = 0.0) -> str | None:
    """The ``volume`` filter dipping ``db`` dB over ``spoken`` (timeline seconds), for a music
    segment whose own time 0 is the timeline's ``offset``; None when there is nothing to dip."""
    if db <= 0:
        return None
    local = fill_gaps(((a - offset, b - offset) for a, b in spoken if b > offset), 2 * RAMP_S)
    if not local:
        return None
    depth = 1 - 10 ** (-db / 20)
    r = RAMP_S
    terms = "+".join(
        f"clip((t-{a - r:.3f})/{r:g},0,1)*clip(({b + r:.3f}-t)/{r:g},0,1)" for a, b in local
    )
    return f"volume='1-{depth:.4f}*min(1,{terms})':eval=frame"
