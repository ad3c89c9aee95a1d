"""One clause of an instruction -> the intents it asks for.

Detectors (``detect_clips``, ``detect_layers``) run in a fixed priority order and the first
that recognises the clause wins; a few kinds that often share a clause with another
("vertical, no black bars", "add music fading in") are looked for as well.
"""

from __future__ import annotations

from collections.abc import Callable

from . import detect_clips as C
from . import detect_layers as L
from .clause import Clause, Found
from .intent_types import Intent

Detector = Callable[[Clause], "Found | None"]
DETECTORS: tuple[Detector, ...] = (
    L.undo, L.redo, C.crossfade, L.fade, L.remove_music, L.clip_sound, L.music_volume,
    L.remove_text, L.text, L.aspect, L.fit, C.image_duration, C.speed, C.swap, C.reverse,
    C.move, C.trim, C.remove_clip, C.combine, L.add_music, L.reset,
)  # fmt: skip
# Kinds that often share a clause with the one found first.
COMPANIONS: dict[Detector, tuple[Detector, ...]] = {
    L.aspect: (L.fit,),
    L.fit: (L.aspect,),
    C.combine: (L.aspect, L.fit, C.crossfade),
    L.add_music: (L.fade,),
    L.music_volume: (L.fade,),
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
