"""The words recognised in a stretch of audio, with their times: what recognition returns, what
the cache stores, what captions are cut from and what ``nemo transcript --json`` prints.

Times are seconds (floats, kept to the millisecond) because that is how recognisers and the
JSON output speak; captions convert to integer milliseconds once, when they are cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ....rx import rx
from ....values import frozen


@frozen
class Word:
    text: str
    start: float  # seconds
    end: float  # seconds
    conf: float = 1.0  # 0..1, the recogniser's confidence

    def shifted(self, offset: float, scale: float = 1.0) -> Word:
        """The word ``offset`` seconds later, its times first divided by ``scale`` (a speed)."""
        return Word(
            self.text,
            round(self.start / scale + offset, 3),
            round(self.end / scale + offset, 3),
            self.conf,
        )

    def to_json(self) -> dict[str, Any]:
        return {"word": self.text, "start": self.start, "end": self.end, "conf": self.conf}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Word:
        return cls(
            str(data["word"]),
            float(data["start"]),
            float(data["end"]),
            float(data.get("conf", 1.0)),
        )


# Scripts written without spaces between words: kana, CJK ideographs (Korean is spaced).
_UNSPACED = rx("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def is_cjk(char: str) -> bool:
    """A character of a script written without spaces between words (Chinese, Japanese)."""
    return bool(_UNSPACED.match(char))


def join_words(words: Iterable[str]) -> str:
    """Words as running text: spaces between words, none between two CJK words (Vosk's Chinese
    models put a space between every word, which a reader of Chinese would not)."""
    text = ""
    for word in words:
        if not word:
            continue
        if text and not (is_cjk(text[-1]) and is_cjk(word[0])):
            text += " "
        text += word
    return text


@frozen
class Transcript:
    words: tuple[Word, ...]
    model: str = ""  # the name of the model that heard it
    language: str | None = None  # "en", "zh", ... when the model's language is known
    duration: float = 0.0  # seconds of audio heard

    @property
    def text(self) -> str:
        return join_words(w.text for w in self.words)

    def between(self, start: float, end: float) -> list[Word]:
        """The words whose middle lies in [start, end): a word cut by a trim belongs to the side
        holding most of it."""
        return [w for w in self.words if start <= (w.start + w.end) / 2 < end]

    def to_json(self) -> dict[str, Any]:
        return {"words": [w.to_json() for w in self.words], "text": self.text}

    def to_store(self) -> dict[str, Any]:
        """What the cache keeps: the JSON output plus what heard it."""
        return {
            **self.to_json(),
            "model": self.model,
            "language": self.language,
            "duration": self.duration,
        }

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> Transcript:
        words = tuple(Word.from_json(w) for w in data.get("words", []))
        language = data.get("language")
        return cls(
            words,
            model=str(data.get("model", "")),
            language=str(language) if language else None,
            duration=float(data.get("duration", 0.0)),
        )


def words_json(words: Sequence[Word]) -> dict[str, Any]:
    """``{"words": [...], "text": ...}`` for any list of words (a timeline's, a file's)."""
    return {"words": [w.to_json() for w in words], "text": join_words(w.text for w in words)}
