"""How captions look: a small set of choices a person can name in words.

Stored in the draft beside the captions (``to_json``/``from_json``), turned into an ASS style
by ``ass.py``. Colours are names (``COLORS``) or ``#RRGGBB``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

POSITIONS = ("bottom", "center", "top")
SIZES = ("small", "medium", "large")
BACKGROUNDS = ("outline", "box")

COLORS = {
    "white": "FFFFFF",
    "yellow": "FFE600",
    "red": "FF3030",
    "green": "3CDC50",
    "blue": "3C8CFF",
    "cyan": "00E5FF",
    "magenta": "FF40C0",
    "pink": "FF8CC8",
    "orange": "FF9A1F",
    "purple": "A060FF",
    "black": "000000",
}
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def rgb(color: str) -> str:
    """``yellow`` or ``#ffe600`` -> ``FFE600``. Raises ValueError for anything else."""
    if color.lower() in COLORS:
        return COLORS[color.lower()]
    match = _HEX.match(color)
    if not match:
        raise ValueError(f"not a colour: {color}")
    return match.group(1).upper()


@dataclass(frozen=True)
class CaptionStyle:
    position: str = "bottom"  # one of POSITIONS
    size: str = "medium"  # one of SIZES
    color: str = "white"
    background: str = "outline"  # "outline": dark edge around letters; "box": a dark box
    highlight: str | None = None  # the colour of the word being spoken (karaoke); None: off
    words_per_cue: int | None = None  # "2 words at a time"; None: the frame's layout decides

    def __post_init__(self) -> None:
        if self.position not in POSITIONS:
            raise ValueError(f"position must be one of {POSITIONS}")
        if self.size not in SIZES:
            raise ValueError(f"size must be one of {SIZES}")
        if self.background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {BACKGROUNDS}")
        rgb(self.color)
        if self.highlight is not None:
            rgb(self.highlight)
        if self.words_per_cue is not None and not 1 <= self.words_per_cue <= 12:
            raise ValueError("words_per_cue must be 1 to 12")

    def changed(self, **changes: Any) -> CaptionStyle:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """Only what differs from the defaults (a draft stays small)."""
        default = CaptionStyle()
        return {k: v for k, v in asdict(self).items() if getattr(default, k) != v}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CaptionStyle:
        """A style from a draft; unknown keys and bad values fall back to the defaults."""
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        style = cls()
        for key, value in data.items():
            if key in known:
                try:
                    style = replace(style, **{key: value})
                except (ValueError, TypeError):
                    continue
        return style
