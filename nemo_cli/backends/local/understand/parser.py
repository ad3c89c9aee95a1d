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

from ..intents import (
    AddClip,
    AddMusic,
    AddText,
    Combine,
    CutPauses,
    Intent,
    Keep,
    MusicVolume,
    Remove,
    Shorten,
    Trim,
)
from .detectors import parse_clause
from .known import NOTHING, Known
from .language import language_of
from .lexer import FILE_BASE, QUOTE_BASE, extract_quotes, normalize
from .lift import take_files, take_known_texts, take_unquoted
from .refs import clashes, lift_names, resolve
from .rephrase import early, rephrase
from .rx import rx
from .split import split_clauses
from .talk import QUESTION_KINDS, Talk, talk
from .typos import Guess, fix_chinese, fix_english

MAX_CHARS = 2000  # longer messages are read up to here
_CJK = rx(r"[\u3400-\u9fff]")
# A clause of only these says nothing to do: not an unhandled part.
_FILLER = rx(
    r"^(?:[\s\W]|please|pls|plz|thanks?|thank\s+you|thx|ok(?:ay)?|hey|hi|so|and|then|also|now|"
    r"just|can\s+you|could\s+you|would\s+you|will\s+you|for\s+me|too|as\s+well|"
    r"吧|啊|呢|哈|嘛|呀|哦|噢|一下|谢谢|好吗|好不好|可以吗|行吗|行不行|麻烦了?|拜托了?|帮我|给我|"
    r"请|顺便|然后|再|还有)*$"
)


# Saying what stays as it is ("but keep the music", "only the song", "只要背景音乐"): nothing to do.
_AS_IS = rx(
    r"^\s*(?:but\s+)?(?:keep|leave|only|just)\s+(?:the\s+|my\s+)?(?:background\s+)?(?:music|song|"
    r"bgm|soundtrack)(?:\s+(?:as\s+(?:it\s+)?is|on))?\s*$|^\s*(?:只要|保留|留着|只留)(?:背景)?(?:音乐|配乐|bgm|歌)\s*$"
)


class Reading:
    """What a message asks for: the edits, the parts not understood (as said), the typos read
    as something else, and a question or remark to answer instead of editing."""

    __slots__ = ("guesses", "intents", "language", "talk", "unhandled")

    def __init__(
        self,
        intents: list[Intent] | None = None,
        unhandled: list[str] | None = None,
        guesses: list[Guess] | None = None,
        talk: Talk | None = None,
        language: str = "en",  # "en" or "zh": the language of the reply
    ) -> None:
        self.intents = intents if intents is not None else []
        self.unhandled = unhandled if unhandled is not None else []
        self.guesses = guesses if guesses is not None else []
        self.talk = talk
        self.language = language

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in ("intents", "unhandled", "guesses", "talk", "language")
        )
        return f"Reading({fields})"


# A clause that only says where (after a clause that put a file in).
_PLACE = rx(
    r"^\s*(?:and\s+)?(?:put\s+it\s+|place\s+it\s+|make\s+it\s+)?(?:at|to|after|before|between|"
    r"in\s+front\s+of|as)\b|^\s*(?:就)?(?:放|接|插)(?:在|到)|^\s*(?:在|到)?\S{0,6}(?:后面|前面|中间|开头|最前面|"
    r"最后)\s*$"
)


def _later(first: int | None, then: int | None) -> int | None:
    return then if then is not None else first


def _tidy(intents: list[Intent]) -> list[Intent]:
    out: list[Intent] = []
    for intent in intents:
        prev = out[-1] if out else None
        if prev == intent:
            continue
        # "不要照片，其余的合成一个": the files chosen already say what to combine.
        if intent == Combine() and any(isinstance(i, Combine) and i.files for i in out):
            continue
        # "remove the videos, keep the photo": the keep restates what the removals leave.
        if isinstance(intent, Keep) and out and isinstance(prev, Remove):
            removed = {i.clip for i in out if isinstance(i, Remove)}
            if not removed & set(intent.clips):
                continue
        # "too long, make it 30 s": the length said replaces the guess.
        if isinstance(intent, Trim) and intent.clip is None and intent.duration_ms is not None:
            out = [i for i in out if not isinstance(i, Shorten)]
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
        if (
            isinstance(prev, CutPauses)
            and isinstance(intent, CutPauses)
            and (prev.clip == intent.clip)
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


# A message asked as a question: it starts with a question word, ends with a question mark, or
# (Chinese) asks "how much / what / how many / which".
_ASKS = rx(
    r"^\W*(?:how|what|which|who|where|when|is|are|does|do|did|has|have)\b|[?？]\s*$|多少|什么|几|哪"
)


def _text_unsaid(intent: Intent) -> bool:
    """A text asked for with nothing said about it (no words, place, size or time): all a
    question about the text ("what does the caption say?") reads as."""
    return isinstance(intent, AddText) and intent == AddText(None, role=intent.role)


def _restore(clause: str, quotes: list[str], files: list[str]) -> str:
    """A clause as the user said it, near enough: quotes and file names put back."""

    def repl(m: re.Match[str]) -> str:
        code = ord(m.group(0))
        if code >= FILE_BASE:
            i = code - FILE_BASE
            return files[i] if i < len(files) else ""
        i = code - QUOTE_BASE
        return f"'{quotes[i]}'" if i < len(quotes) else ""

    return re.sub(r"\s+", " ", re.sub("[\ue000-\ue7ff]", repl, clause)).strip(" ,.;:，。；：")


def _read_once(text: str, known: Known) -> Reading:
    body, quotes = extract_quotes(text[:MAX_CHARS])
    language = language_of(body, quotes)
    body = unicodedata.normalize("NFKC", body)
    body, guesses = fix_english(body, frozenset(m.stem for m in known.media))
    files: list[str] = []
    body = take_files(body, files, frozenset(m.name.lower() for m in known.media))
    body = take_known_texts(body, quotes, known.texts)
    body = take_unquoted(body, quotes, frozenset(m.stem for m in known.media))
    s = normalize(body)
    s = re.sub(r"\bin\s+and\s+(?:fade\s+)?out\b", "in&out", s)
    s = early(s)
    both = clashes(s, known)
    first = _read_clauses(s, quotes, list(files), known, guesses, language)
    if both:  # a file named like a command word: the reading that understands more wins; on a
        # tie, the command when it asks for other edits ("cut to the beat" with a beat.m4a is a
        # beat cut), else the file (it says which: "add beat" is that music)
        second = _read_clauses(s, quotes, list(files), known, guesses, language, plain=both)
        kinds = [i.kind for i in first.intents] != [i.kind for i in second.intents]
        if (second.intents or second.talk) and (
            len(second.unhandled) < len(first.unhandled)
            or (len(second.unhandled) == len(first.unhandled) and kinds)
        ):
            return second
    return first


def _read_clauses(
    s: str,
    quotes: list[str],
    files: list[str],
    known: Known,
    guesses: list[Guess],
    language: str,
    plain: frozenset[str] = frozenset(),
) -> Reading:
    """The normalised sentence ``s`` read clause by clause (names in ``plain`` are taken as
    files only where said as names)."""
    s = lift_names(s, files, known, plain)
    s = resolve(s, files, known, zh=bool(_CJK.search(s)))
    s = rephrase(s)
    intents: list[Intent] = []
    unhandled: list[str] = []
    clauses = split_clauses(s)
    prev: tuple[str, int] | None = None  # the last clause that put a file in, and where
    for clause in clauses:
        found = parse_clause(clause, quotes, files, known)
        if not found and prev and _PLACE.search(clause):
            # "把talk加进来，放在第一段后面": the place is the file's, said on its own
            again = parse_clause(f"{prev[0]} {clause}", quotes, files, known)
            if again and isinstance(again[0], AddClip) and again[0] != intents[prev[1]]:
                intents[prev[1]] = again[0]
                prev = None
                continue
        if found:
            at = len(intents)
            intents.extend(found)
            prev = (clause, at) if isinstance(found[0], AddClip) else None
        elif not (_FILLER.match(clause) or _AS_IS.match(clause)):
            unhandled.append(_restore(clause, quotes, files))
    asked = len(clauses) == 1 and _ASKS.search(s) is not None
    spoken = talk(s) if not intents or asked or all(map(_text_unsaid, intents)) else None
    if spoken and intents and spoken.kind in QUESTION_KINDS:
        # "how loud is the music", "字幕写的是什么": a question, not a complaint or a new text
        intents, unhandled = [], []
    elif intents:
        spoken = None
    if spoken and spoken.kind == "media_length":
        named = [files[ord(c) - FILE_BASE] for c in re.findall("[\ue400-\ue7ff]", s)]
        spoken = Talk(spoken.kind, named[0] if named else None)
    return Reading(_tidy(intents), [] if spoken else unhandled, guesses, spoken, language)


def read(text: str, known: Known = NOTHING) -> Reading:
    """Everything ``text`` asks for, knowing the session's media and clips (``known``).

    A Chinese clause that was not understood is read again with IME homophones of command
    words put right (字目 -> 字幕); the reply names every such guess.
    """
    if not isinstance(text, str) or not text.strip():
        return Reading()
    first = _read_once(text, known)
    if (first.unhandled or not first.intents) and _CJK.search(text):
        fixed, zh_guesses = fix_chinese(text)
        if zh_guesses:
            second = _read_once(fixed, known)
            if second.intents and (
                len(second.unhandled) < len(first.unhandled) or not first.intents
            ):
                return Reading(
                    second.intents,
                    second.unhandled,
                    [*second.guesses, *zh_guesses],
                    second.talk,
                    second.language,
                )
    return first


def parse(text: str) -> list[Intent]:
    """The edits ``text`` asks for, in order; [] when it asks for none we know."""
    return read(text).intents
