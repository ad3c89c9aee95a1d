"""Cutting a normalised instruction into clauses.

The sentence is cut at commas, "and", "then", "，", "然后"...; a piece that means nothing alone
is glued back to the one before it ("swap clip 1 | and 2"), or borrows its verb ("remove clip
2 | and clip 3").
"""

from __future__ import annotations

import re

from .detectors import parse_clause

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPLIT = re.compile(
    r"(\s*(?:[,;!?。，；！？、\n]|\.(?=\s|$)|…)+\s*(?:(?:and|then|also|plus|but)\s+)*"
    r"|\s+(?:and\s+then|and|then|also|plus|but|with|&)\s+"
    r"|\s*(?:然后|并且|接着|同时|还有|另外|以及|再把|(?<!合)并(?!且)|和|跟|及|再)\s*)"
)
_CLIP_START = re.compile(
    r"^(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))"
    r"\s+(?:clip|video|segment|part|shot|scene|one)|第\s*\d|最后\s*1?\s*[个段条])"
)
_BARE = re.compile(r"^\d+$")


def _carry(prev: str, piece: str) -> str | None:
    """'remove clip 2' + 'clip 3' -> 'remove clip 3': the piece borrows the verb before it."""
    ref = re.search(
        r"(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
        r"(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:clip|video|one)|"
        r"第\s*\d|最后\s*1?\s*[个段条])",
        prev,
    )
    if not ref or not prev[: ref.start()].strip():
        return None
    verb = prev[: ref.start()]
    piece = piece.strip()
    if _CLIP_START.match(piece):
        return verb + piece
    if _BARE.match(piece):
        return verb + (f"第{piece}段" if _CJK.search(verb) else f"clip {piece}")
    return None


def split_clauses(s: str, quotes: list[str], files: list[str]) -> list[str]:
    parts = _SPLIT.split(s)
    pieces, seps = parts[0::2], parts[1::2] + [""]
    out: list[str] = []
    cache: dict[str, bool] = {}

    def means(text: str) -> bool:
        if text not in cache:
            cache[text] = bool(parse_clause(text, quotes, files))
        return cache[text]

    pending_sep = ""
    for piece, sep in zip(pieces, seps, strict=True):
        if not piece.strip():
            pending_sep += sep
            continue
        if not out or means(piece) and means(out[-1]):
            out.append(piece)
        else:
            carried = _carry(out[-1], piece)
            merged = out[-1] + pending_sep + piece
            if carried and means(out[-1]) and means(carried):
                out.append(carried)
            elif means(out[-1]) and not means(merged):
                out.append(piece)  # means nothing alone, and only spoils the clause before it
            else:
                out[-1] = merged
        pending_sep = sep
    return out
