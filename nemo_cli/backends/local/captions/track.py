"""The captions of a timeline as they fall now: cues worked out from what the clips play.

Speech captions keep each source's words in source time (``Captions.heard``); each audible
clip (a video clip, not muted) places the words of the stretch it plays at its place on the
timeline, at its speed (``speech.placement``), and the words are cut into cues for the frame's
shape (``chunking``). So a cut, a trim, a speed change or a new order moves the captions with
the speech, and a muted or removed clip takes its words with it. Cues from a subtitle file
are kept as they were, cut at the end of the timeline.
"""

from __future__ import annotations

from pathlib import Path

from ..speech.placement import Piece, place
from ..speech.transcript import Word
from ..timeline import Timeline
from .chunking import chunk, layout_for
from .cues import Cue


def timeline_words(timeline: Timeline) -> list[Word]:
    """The words the timeline plays (timeline time), from the captions' transcripts."""
    captions = timeline.captions
    if captions is None:
        return []
    words: list[Word] = []
    for clip, start in zip(timeline.clips, timeline.starts(), strict=True):
        if clip.kind != "video" or clip.volume <= 0:
            continue
        heard = captions.words_of(clip.source)
        if not heard:
            continue
        piece = Piece(
            clip.source,
            Path(clip.source),
            clip.name,
            clip.in_ms / 1000,
            (clip.in_ms + clip.source_ms) / 1000,
            start / 1000,
            clip.speed,
        )
        words.extend(place(heard, piece))
    return sorted(words, key=lambda w: (w.start, w.end))


def cues_of(timeline: Timeline) -> list[Cue]:
    """The captions' cues on the timeline as it is now (none without captions)."""
    captions = timeline.captions
    if captions is None:
        return []
    length = timeline.length_ms
    if captions.origin == "file":
        if not timeline.clips:  # nothing to cut them to yet: the file's cues as they are
            return list(captions.cues)
        return [Cue(c.start, min(c.end, length), c.text) for c in captions.cues if c.start < length]
    layout = layout_for(timeline.frame.aspect, captions.style.words_per_cue)
    return [c for c in chunk(timeline_words(timeline), layout) if c.start < length]
