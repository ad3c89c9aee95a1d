"""Editing by transcript: cut filler words, a stretch from one phrase to another, or the
sentence about a topic, out of the clips.

The words arrive in the intent (heard by the backend, source time), are placed on the
timeline as the clips play them, and the chosen spans are cut out of the clips: a clip that
holds a cut becomes the pieces around it (same source, later in-points). Every cut is listed
with its place and length, and the timeline's length before and after; the whole message is
one undo step.
"""

from __future__ import annotations

from dataclasses import replace

from ..changes import NoSpeechHeard, SpeechCut, SpeechNotFound
from ..intents import CutSpeech
from ..speech.find import Span, between, fillers, sentence_about
from ..speech.transcript import Word
from ..timeline import Captions, Clip
from .state import MIN_MS, Editor, next_id

PAD_MS = 30  # a cut reaches this far past each end of the words, so no half syllable stays


def _timeline_words(e: Editor, heard: tuple[tuple[str, tuple[Word, ...]], ...]) -> list[Word]:
    """The words the clips play now, placed as captions place them."""
    return replace(e.timeline, captions=Captions(heard=heard)).spoken_words()


def _spans(words: list[Word], it: CutSpeech) -> list[Span]:
    if it.what == "fillers":
        return fillers(words)
    found = (
        between(words, it.first, it.last)
        if it.what == "between"
        else (sentence_about(words, it.first))
    )
    return [found] if found else []


def cut_ranges(e: Editor, ranges: list[tuple[int, int]]) -> None:
    """Cut ``ranges`` (timeline ms, sorted, apart) out of the clips."""
    kept: list[Clip] = []
    used = [c.id for c in e.clips]
    for clip, start in zip(e.clips, e.timeline.starts(), strict=True):
        pieces = [(start, start + clip.duration_ms)]
        for a, b in ranges:
            pieces = [
                p
                for lo, hi in pieces
                for p in ((lo, min(hi, a)), (max(lo, b), hi))
                if p[1] - p[0] > 0
            ]
        first = True
        for lo, hi in pieces:
            if hi - lo < MIN_MS:
                continue
            clip_id = clip.id if first else next_id(used, "v")
            used.append(clip_id)
            first = False
            kept.append(
                replace(
                    clip,
                    id=clip_id,
                    in_ms=clip.in_ms + round((lo - start) * clip.speed),
                    duration_ms=hi - lo,
                )
            )
    e.set_clips(kept)


def cut_speech(e: Editor, it: CutSpeech) -> None:
    words = _timeline_words(e, it.heard)
    if not words:
        e.cannot(NoSpeechHeard(on_timeline=True))
        return
    spans = _spans(words, it)
    if not spans:
        e.cannot(SpeechNotFound(it.what, it.first, it.last))
        return
    ranges = [(max(0, round(s.start * 1000) - PAD_MS), round(s.end * 1000) + PAD_MS) for s in spans]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    before = e.length
    cut_ranges(e, merged)
    e.retime(before)
    after = e.length
    cuts = tuple((span.text, round(span.start * 1000)) for span in spans)
    e.did(SpeechCut(it.what, cuts, before - after, before, after))
