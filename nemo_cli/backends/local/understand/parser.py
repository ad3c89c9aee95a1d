"""Edit instructions (English or Chinese) -> a list of intents, in the order they were said.

    parse('combine my clips, add music at 35% and a title "Urban Dreams" for 3 s, vertical')
    -> [Combine(), AddMusic(volume=35), AddText("Urban Dreams", duration_ms=3000),
        SetAspect("9:16")]

How: quoted text and file names are lifted out first (``lexer.extract_quotes``, ``lift``:
placeholders stand in their place, so "title 'Remove clip 2'" stays a title); the rest is
normalised (``lexer.normalize``: lower case, numbers as digits); the sentence is cut into
clauses by its words (``split``); the detectors read each clause once (``detectors``);
``_tidy`` merges what was said twice.

``parse`` is pure and never raises; text it does not understand gives ``[]``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..intents import AddMusic, CutPauses, Intent, MusicVolume, Remove
from .detectors import parse_clause
from .language import language_of
from .lexer import extract_quotes, normalize
from .lift import take_files, take_unquoted
from .split import split_clauses

MAX_CHARS = 2000  # longer messages are read up to here


def _later(first: int | None, then: int | None) -> int | None:
    return then if then is not None else first


def _tidy(intents: list[Intent]) -> list[Intent]:
    out: list[Intent] = []
    for intent in intents:
        prev = out[-1] if out else None
        if prev == intent:
            continue
        # "replace the music | with beats.mp3": the second names the file.
        if isinstance(prev, AddMusic) and isinstance(intent, AddMusic) and prev == AddMusic():
            out[-1] = intent
            continue
        # "add background music, at 35%": one music intent, not two.
        if (
            isinstance(prev, AddMusic)
            and isinstance(intent, MusicVolume)
            and prev.volume is None
            and intent.volume is not None
        ):
            out[-1] = AddMusic(prev.file, intent.volume, prev.start_ms, prev.end_ms)
            continue
        # "remove the pauses, but keep pauses over 2 s": one rule, not two cuts.
        if isinstance(prev, CutPauses) and isinstance(intent, CutPauses) and (
            prev.clip == intent.clip
        ):
            out[-1] = CutPauses(
                longer_than_ms=_later(prev.longer_than_ms, intent.longer_than_ms),
                keep_over_ms=_later(prev.keep_over_ms, intent.keep_over_ms),
                shorten_to_ms=_later(prev.shorten_to_ms, intent.shorten_to_ms),
                clip=prev.clip,
            )
            continue
        out.append(intent)
    # "remove clips 1 and 2" means the clips as numbered now: remove from the back first.
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and isinstance(out[j], Remove):
            j += 1
        if j - i > 1:
            run = [x for x in dict.fromkeys(out[i:j]) if isinstance(x, Remove)]
            ordered = sorted((r for r in run if r.clip < 0), key=lambda r: r.clip)
            ordered += sorted((r for r in run if r.clip > 0), key=lambda r: -r.clip)
            out[i:j] = ordered
            j = i + len(ordered)
        i = max(j, i + 1)
    return out


@dataclass(frozen=True)
class Reading:
    """What an instruction asks for (``intents``, in order) and the language it is written in
    ("en" or "zh"), read in one pass: the quotes are lifted out once for both."""

    intents: list[Intent]
    language: str


def read(text: str) -> Reading:
    """The edits ``text`` asks for and its language; no intents when it asks for none we know."""
    if not isinstance(text, str) or not text.strip():
        return Reading([], "en")
    body, quotes = extract_quotes(text[:MAX_CHARS])
    language = language_of(body, quotes)
    body = unicodedata.normalize("NFKC", body)
    files: list[str] = []
    body = take_files(body, files)
    body = take_unquoted(body, quotes)
    s = normalize(body)
    s = re.sub(r"\bin\s+and\s+(?:fade\s+)?out\b", "in&out", s)
    intents: list[Intent] = []
    for clause in split_clauses(s):
        intents.extend(parse_clause(clause, quotes, files))
    return Reading(_tidy(intents), language)


def parse(text: str) -> list[Intent]:
    """The edits ``text`` asks for, in order; [] when it asks for none we know."""
    return read(text).intents
