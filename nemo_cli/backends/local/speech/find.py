"""Finding stretches of speech by their words: what editing by transcript cuts.

- ``fillers``: the hesitation sounds ("um", "uh", "er", 嗯, 呃), each a span.
- ``between``: from one phrase to another ("delete from 'so anyway' to 'moving on'"), both
  phrases included.
- ``sentences`` / ``sentence_about``: the recogniser gives no punctuation, so a sentence is a
  run of words between pauses; the one about a topic holds a word of the same stem
  ("pricing" finds "price", "prices") or, in Chinese, the topic's characters.

Phrases are matched on letters and digits only, lower-cased, with the spaces between words
ignored, and must begin and end on word boundaries: "so any way" (as a recogniser may hear
it) matches "so anyway", and Chinese matches whatever way the model split the characters into
words. Times are those of the words given (a file's or the timeline's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .transcript import Word, join_words

FILLERS = frozenset(
    {
        "um",
        "umm",
        "uh",
        "uhh",
        "uhm",
        "er",
        "erm",
        "ah",
        "hmm",
        "mm",
        "嗯",
        "呃",
        "额",
        "呃呃",
        "嗯嗯",
    }
)
SENTENCE_GAP = 0.6  # seconds: a pause this long ends a sentence
_KEEP = re.compile(r"[\w]", re.UNICODE)
# Words too common to tell one sentence from another.
# fmt: off
_STOP = frozenset({
    "the", "and", "for", "with", "about", "from", "that", "this", "these", "those", "there",
    "their", "what", "when", "where", "which", "who", "how", "why", "was", "were", "are",
    "has", "have", "had", "its", "our", "your", "you", "they", "them", "then", "than",
    "into", "onto", "over", "also", "just", "very", "some", "any", "all",
})
# fmt: on
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "e", "y")


@dataclass(frozen=True)
class Span:
    """Words ``first`` to ``last`` (indexes, inclusive) of the list searched, and their times."""

    first: int
    last: int
    start: float
    end: float
    text: str

    @classmethod
    def of(cls, words: Sequence[Word], first: int, last: int) -> Span:
        chosen = words[first : last + 1]
        return cls(first, last, chosen[0].start, chosen[-1].end, join_words(w.text for w in chosen))


def _letters(text: str) -> str:
    return "".join(_KEEP.findall(text.lower())).replace("_", "")


class _Index:
    """The words' letters run together, with which word each letter came from."""

    def __init__(self, words: Sequence[Word]) -> None:
        self.text = ""
        self.owner: list[int] = []
        self.starts: set[int] = set()  # positions where a word begins
        self.ends: set[int] = set()  # positions just after a word ends
        for i, word in enumerate(words):
            letters = _letters(word.text)
            if not letters:
                continue
            self.starts.add(len(self.text))
            self.text += letters
            self.owner.extend([i] * len(letters))
            self.ends.add(len(self.text))

    def find(self, phrase: str, after: int = 0) -> tuple[int, int] | None:
        """The first and last word of the first match of ``phrase`` starting at a letter at
        or after ``after``, on word boundaries."""
        needle = _letters(phrase)
        if not needle:
            return None
        at = self.text.find(needle, after)
        while at != -1:
            end = at + len(needle)
            if at in self.starts and end in self.ends:
                return self.owner[at], self.owner[end - 1]
            at = self.text.find(needle, at + 1)
        return None

    def letter_of(self, word_index: int) -> int:
        return self.owner.index(word_index) if word_index in self.owner else len(self.text)


def fillers(words: Sequence[Word]) -> list[Span]:
    """Each filler word (a run of them is one span)."""
    spans: list[Span] = []
    run: list[int] = []
    for i, word in enumerate(words):
        if _letters(word.text) in FILLERS:
            run.append(i)
            continue
        if run:
            spans.append(Span.of(words, run[0], run[-1]))
            run = []
    if run:
        spans.append(Span.of(words, run[0], run[-1]))
    return spans


def find(words: Sequence[Word], phrase: str) -> Span | None:
    """The first place ``phrase`` is said."""
    found = _Index(words).find(phrase)
    return Span.of(words, *found) if found else None


def between(words: Sequence[Word], start_phrase: str, end_phrase: str) -> Span | None:
    """From the first ``start_phrase`` to the first ``end_phrase`` after it, both included."""
    index = _Index(words)
    first = index.find(start_phrase)
    if first is None:
        return None
    last = index.find(end_phrase, index.letter_of(first[1]) + 1)
    if last is None:
        return None
    return Span.of(words, first[0], last[1])


def sentences(words: Sequence[Word], gap: float = SENTENCE_GAP) -> list[Span]:
    """Runs of words between pauses of ``gap`` seconds or more."""
    spans: list[Span] = []
    first = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or words[i].start - words[i - 1].end >= gap:
            if i > first:
                spans.append(Span.of(words, first, i - 1))
            first = i
    return spans


def stem(word: str) -> str:
    """A crude English stem: enough for "pricing" and "prices" to meet at "pric"."""
    word = _letters(word)
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def sentence_about(words: Sequence[Word], topic: str, gap: float = SENTENCE_GAP) -> Span | None:
    """The first sentence that mentions ``topic`` (any of its words, by stem; Chinese by
    characters)."""
    topic_letters = _letters(topic)
    if not topic_letters:
        return None
    cjk = any(ord(c) > 0x2E80 for c in topic_letters)
    wanted = {stem(t) for t in topic.split() if len(_letters(t)) >= 3 and _letters(t) not in _STOP}
    for span in sentences(words, gap):
        said = words[span.first : span.last + 1]
        if cjk:
            if topic_letters in _letters(join_words(w.text for w in said)):
                return span
        elif wanted and any(stem(w.text) in wanted for w in said if len(_letters(w.text)) >= 3):
            return span
    return None
