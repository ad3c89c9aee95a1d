"""One clause of an instruction -> the intents it asks for.

Detectors run in a fixed priority order and the first that recognises the clause wins; a few
kinds that often share a clause with another ("vertical, no black bars", "add music fading
in") are looked for as well.
"""

from __future__ import annotations

from collections.abc import Callable

from ..intents import Intent
from . import detect_clips as C
from . import detect_cuts as K
from . import detect_frame as F
from . import detect_history as H
from . import detect_levels as L
from . import detect_media as M
from . import detect_sound as S
from . import detect_text as T
from .clause import Clause, Found

Detector = Callable[[Clause], "Found | None"]
DETECTORS: tuple[Detector, ...] = (
    H.undo, H.redo, K.beat, K.pauses, K.still, K.scenes, L.loudness, L.duck, L.denoise,
    M.sound_track, C.crossfade, S.fade, S.remove_music, S.clip_sound, S.music_volume,
    T.remove_text, T.text, F.aspect, F.fit, M.frame_rate, C.image_duration, C.speed, C.swap,
    C.reverse, C.move, C.trim, C.remove_clip, C.combine, S.add_music, H.reset,
)  # fmt: skip
# Kinds that often share a clause with the one found first.
COMPANIONS: dict[Detector, tuple[Detector, ...]] = {
    F.fit: (F.aspect,),
    C.combine: (F.aspect, F.fit, C.crossfade, M.frame_rate),
    F.aspect: (F.fit, M.frame_rate),
    M.frame_rate: (C.combine, F.aspect, F.fit),
    S.add_music: (S.fade,),
    S.music_volume: (S.fade,),
}


def parse_clause(s: str, quotes: list[str], files: list[str]) -> list[Intent]:
    """The intents one clause asks for, in the order they were said ([] if none)."""
    if not s.strip():
        return []
    clause = Clause(s, quotes, files)
    for detector in DETECTORS:
        found = detector(clause)
        if found:
            for extra in COMPANIONS.get(detector, ()):
                found += extra(clause) or []
            found.sort(key=lambda item: item[0])
            return [intent for _, intent in found]
    return []
