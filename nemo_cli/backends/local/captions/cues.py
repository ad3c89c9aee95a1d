"""A caption cue: what is shown, from when to when (milliseconds on the timeline)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..speech.transcript import Word


@dataclass(frozen=True)
class Cue:
    start: int  # ms
    end: int  # ms
    text: str  # the lines, joined by "\n"
    # The recognised words inside the cue, with timeline times (karaoke highlighting follows
    # them). Cues read from a subtitle file have none.
    words: tuple[Word, ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.words:
            data["words"] = [w.to_json() for w in self.words]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cue:
        return cls(
            int(data["start"]),
            int(data["end"]),
            str(data["text"]),
            tuple(Word.from_json(w) for w in data.get("words", [])),
        )
