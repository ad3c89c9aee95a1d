"""Cutting a normalised instruction into clauses, by its words alone (no detector runs here:
each clause is read by the detectors once, afterwards).

The sentence is cut at commas, "and", "then", "after that", "，", "然后", "再"...; then each
piece either starts a clause or belongs to the one before it:

- a piece that names an edit of its own (a *cue*: "swap", "music", "title", "vertical", a verb
  before a clip, a trim verb with a time...) starts a clause, unless the clause before has no
  cue yet ("please | combine my clips", "把第一段 | 和第二段交换");
- a piece that is only clips or numbers continues the clause before: it borrows its verb
  ("remove clip 2 | and clip 3" -> "remove clip 3", "删除第2段 | 和第3段" -> "删除第3段"),
  except after a verb that takes two clips, where it is glued on ("swap clip 1 | and 3");
- anything else ("for 3 s", "at 35%", "'Urban Dreams'") says more about the clause before and
  is glued to it.

So "remove clip 2, then swap clip 1 and 3" is "remove clip 2" + "swap clip 1 and 3".
"""

from __future__ import annotations

from . import phrases as P
from .clause import clip_refs
from .lexer import find_times
from .rx import rx

_CJK = rx(r"[\u3400-\u9fff]")
_SPLIT = rx(
    r"(\s*(?:[,;!?。，；！？、\n]|\.(?=\s|$)|…)+\s*"
    r"(?:(?:and|then|also|plus|but|after\s+that|afterwards)\s+)*"
    r"|\s+(?:and\s+then|and\s+after\s+that|after\s+that|afterwards|and|then|also|plus|but|with|&|"
    r"n|an'|'n'?)\s+"
    # 再 before a degree ("再小一点", "再调低点") is "more", not "then"
    r"|\s*(?:然后|并且|接着|之后再|之后|同时|还有|另外|以及|再把|(?<!合)并(?!且)|和|跟|及|"
    r"再(?![小大轻响快慢短长低高多少调降提稍往]))\s*)"
)
_CLIP_START = rx(
    r"^(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))"
    r"\s+(?:clip|video|segment|part|shot|scene|one)|第\s*\d|最后\s*1?\s*[个段条])"
)
_BARE = rx(r"^\d+$")
_CARRY_REF = rx(
    r"(?:the\s+)?(?:(?:clip|video|segment|part|shot|scene)s?\s*#?\d|"
    r"(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:clip|video|one)|"
    r"第\s*\d|最后\s*1?\s*[个段条])"
)

# Words that name a kind of edit by themselves.
_CUES = (
    P.UNDO,
    P.REDO,
    P.RESET,
    P.COMBINE,
    P.SWAP,
    P.REVERSE,
    P.SPEED,
    P.CROSSFADE,
    P.FADE,
    P.NO_FADE,
    P.REMOVE_MUSIC,
    P.MUSIC_NOUN,
    P.VOLUME_WORD,
    P.MUTE,
    P.KEEP_SOUND,
    P.REMOVE_TEXT,
    P.TEXT_ROLE,
    P.IMAGE_NOUN,
    P.AUDIO_FILE,
    P.SOUND_WORD,
    P.UNSUPPORTED,
    *(rule for _, rule in P.ASPECTS),
    *(rule for _, rule in P.FIT_RULES),
)
# Verbs that act on the clip named after them ("put clip 3 first", "删除第2段").
_CLIP_VERBS = (P.MOVE_VERB, P.REMOVE_VERB, P.TRIM_VERB, P.CUT_VERB, P.KEEP_VERB, P.SWAP)


def has_cue(piece: str) -> bool:
    """Does ``piece`` name an edit of its own (see the module docstring)?"""
    if any(rule.search(piece) for rule in _CUES):
        return True
    if P.QUOTE.search(piece) and P.TEXT_VERB.search(piece):
        return True  # "add 'Hello'"
    if find_times(piece) and (
        P.TRIM_VERB.search(piece) or P.CUT_VERB.search(piece) or P.LENGTH_WORD.search(piece)
    ):
        return True  # "make it 30 seconds", "cut 2 seconds off the end"
    marked, refs, where = clip_refs(piece)
    if not refs:
        return False
    if P.BARE_MOVE.fullmatch(marked):
        return True  # "clip 3 first"
    before = piece[: where[0]]
    return any(verb.search(before) for verb in _CLIP_VERBS)


def _carry(prev: str, piece: str) -> str | None:
    """'remove clip 2' + 'clip 3' -> 'remove clip 3': the piece borrows the verb before it."""
    ref = _CARRY_REF.search(prev)
    if not ref or not prev[: ref.start()].strip():
        return None
    verb = prev[: ref.start()]
    if P.SWAP.search(verb):
        return None  # "swap clip 1 | and 3": the verb takes two clips
    piece = piece.strip()
    if _CLIP_START.match(piece):
        return verb + piece
    if _BARE.match(piece):
        return verb + (f"第{piece}段" if _CJK.search(verb) else f"clip {piece}")
    return None


_REQUEST = rx(
    r"\s*(?:please\s+|pls\s+|also\s+|and\s+)?(?:make|add|put|turn|change|remove|delete|give|apply|"
    r"set|get\s+rid|take|insert|include|replace|blur|colou?r|translate|let'?s|can\s+you|could\s+"
    r"you|i\s+want|i'?d\s+like|do)\b"
    r"|\s*(?:再|顺便|然后|还要|另外)?(?:加|去|把|给|做|弄|换|改|调|美颜|翻译|删|帮我)"
)


def split_clauses(s: str) -> list[str]:
    """The clauses of the normalised instruction ``s``, in order."""
    parts = _SPLIT.split(s)
    if len(parts) == 1:
        return [s]  # one piece: nothing to decide (and no cue to look for)
    pieces, seps = parts[0::2], parts[1::2] + [""]
    out: list[str] = []
    cued: list[bool] = []
    pending_sep = ""
    for piece, sep in zip(pieces, seps, strict=True):
        if not piece.strip():
            pending_sep += sep
            continue
        cue = has_cue(piece)
        carried = _carry(out[-1], piece) if out and cued[-1] and not cue else None
        # A request of its own that names no edit we know ("and add some stickers", "顺便美颜
        # 一下") is still a clause of its own: glued on, it would hide that it was not done.
        request = carried is None and _REQUEST.match(piece) is not None
        starts = cue or request
        if not out or (starts and cued[-1]):
            out.append(piece)
            cued.append(starts)
        elif carried:
            out.append(carried)
            cued.append(True)
        else:
            out[-1] += pending_sep + piece
            cued[-1] = cued[-1] or cue
        pending_sep = sep
    return out
