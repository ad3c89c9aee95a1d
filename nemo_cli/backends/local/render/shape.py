"""The shape of a picture as people see it: coded size times pixel shape (SAR).

A PAL DV file is 720x576 with SAR 64:45: each pixel is 64/45 as wide as tall, so it shows as
1024x576 (16:9). The fit scales the picture as displayed, not as coded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def parse_sar(value: Any) -> tuple[int, int]:
    """``"64:45"`` -> (64, 45); missing or nonsense -> (1, 1)."""
    match = re.fullmatch(r"\s*(\d+)[:/](\d+)\s*", str(value or ""))
    if not match or not int(match.group(1)) or not int(match.group(2)):
        return (1, 1)
    return (int(match.group(1)), int(match.group(2)))


def display_size(entry: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The media entry's picture size as displayed (after rotation and pixel shape)."""
    width, height = entry.get("width"), entry.get("height")
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0:
        return (width if isinstance(width, int) else None,
                height if isinstance(height, int) else None)  # fmt: skip
    num, den = parse_sar(entry.get("sar"))
    if num == den:
        return (width, height)
    return (round(width * num / den), height)
