"""One clause of an instruction -> the intents it asks for.

Detectors run in a fixed priority order and the first that recognises the clause wins; a few
kinds that often share a clause with another ("vertical, no black bars", "add music fading
in") are looked for as well.
"""

from __future__ import annotations

from collections.abc import Callable

from ..intents import Intent
from . import detect_captions as V
from . import detect_clips as C
from . import detect_complaints as Q
from . import detect_cuts as K
from . import detect_frame as F
from . import detect_history as H
from . import detect_levels as L
from . import detect_media as M
from . import detect_select as SEL
from . import detect_sound as S
from . import detect_text as T
from .clause import Clause, Found
from .known import NOTHING, Known
from .rx import rx

Detector = Callable[[Clause], "Found | None"]
DETECTORS: tuple[Detector, ...] = (
    H.undo,
    H.redo,
    V.cut_speech,
    K.beat,
    K.pauses,
    K.still,
    K.scenes,
    L.loudness,
    L.duck,
    L.denoise,
    Q.complaint,
    M.sound_track,
    C.crossfade,
    S.fade,
    S.remove_music,
    S.clip_sound,
    S.music_volume,
    T.remove_text,
    V.captions,
    T.text,
    C.add_clip,
    C.split,
    C.half,
    SEL.select,
    F.aspect,
    F.fit,
    M.frame_rate,
    C.image_duration,
    C.speed,
    C.swap,
    C.reverse,
    C.move,
    C.trim,
    C.remove_clip,
    C.combine,
    S.add_music,
    C.total_length,
    H.reset,
)
# Kinds that often share a clause with the one found first.
COMPANIONS: dict[Detector, tuple[Detector, ...]] = {
    F.aspect: (F.fit, C.total_length, M.frame_rate),
    F.fit: (F.aspect,),
    C.combine: (F.aspect, F.fit, C.crossfade, C.total_length, M.frame_rate),
    SEL.select: (F.aspect, F.fit, C.crossfade),
    C.add_clip: (F.aspect, F.fit),
    M.frame_rate: (C.combine, F.aspect, F.fit),
    S.add_music: (S.fade,),
    S.music_volume: (S.fade,),
}


# Politeness around a clause ("clip 2 first pls", "黑边去掉吧"): not part of the edit.
_POLITE = rx(
    r"^\s*(?:please|pls|plz|hey|ok(?:ay)?|so)\s+|\s+(?:please|pls|plz|thanks|thx)\s*$|"
    r"(?<=[\u3400-\u9fff])(?:吧|哈|呀|啊|呢|嘛|哦)\s*$"
)


def parse_clause(
    s: str, quotes: list[str], files: list[str], known: Known = NOTHING
) -> list[Intent]:
    """The intents one clause asks for, in the order they were said ([] if none)."""
    s = _POLITE.sub("", s)
    if not s.strip():
        return []
    clause = Clause(s, quotes, files, known)
    for detector in DETECTORS:
        found = detector(clause)
        if found:
            for extra in COMPANIONS.get(detector, ()):
                found += extra(clause) or []
            found.sort(key=lambda item: item[0])
            return [intent for _, intent in found]
    return []
