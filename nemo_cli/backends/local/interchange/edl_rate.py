"""The frame rate of a CMX 3600 EDL: its timecodes count frames, and the file rarely says how
many make a second.

In order: the rate given with ``--fps``; ``FCM: DROP FRAME`` (or a timecode written with
``;``), which exists only at 29.97 fps (59.94 when the title says so or a timecode counts past
29); a rate in the title (``TITLE: Promo 25fps``, ``Promo_24p``); else 30, the rate nemo
writes. A rate that the timecodes contradict (a frame number it cannot count to) is refused
with a clear message rather than read wrong. Pure functions: nothing here imports
OpenTimelineIO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ....errors import InputError, UsageError
from .cut import FPS

NTSC = {23.976: 24000 / 1001, 29.97: 30000 / 1001, 47.952: 48000 / 1001, 59.94: 60000 / 1001}
# The timecode rates OpenTimelineIO counts (its RationalTime.is_valid_timecode_rate).
RATES: tuple[float, ...] = (
    24000 / 1001,
    24,
    25,
    30000 / 1001,
    30,
    48000 / 1001,
    48,
    50,
    60000 / 1001,
    60,
)
_TITLE = re.compile(r"^TITLE:(?P<title>.*)$", re.MULTILINE | re.IGNORECASE)
_FCM = re.compile(r"^FCM:\s*(?P<mode>.*?)\s*$", re.MULTILINE | re.IGNORECASE)
_TITLE_RATE = re.compile(r"(?<![\d.])(\d{2}(?:\.\d{1,3})?)\s*(?:fps|p)(?![a-z])", re.IGNORECASE)
_TIMECODE = re.compile(r"\b\d{2}:\d{2}:\d{2}[:;.](\d{2})\b")


@dataclass(frozen=True)
class EdlRate:
    fps: float  # exact: 29.97 is 30000/1001
    source: str  # where it came from: "--fps", "the file's FCM", "its title", "default"

    @property
    def label(self) -> str:
        """29.97 for 30000/1001, 25 for 25."""
        return f"{round(self.fps, 3):g}"

    def note(self) -> str:
        """What the reply says about it."""
        if self.source == "default":
            return (
                f"EDL timecodes read at {self.label} fps (the file does not say its rate; "
                "if it was cut at another, import it again with --fps N)"
            )
        return f"EDL timecodes read at {self.label} fps ({self.source})"


def exact(fps: float) -> float:
    """A rate as typed (29.97, 23.976, 25) -> the rate timecodes count (30000/1001, ...)."""
    for typed, value in NTSC.items():
        if abs(fps - typed) < 0.006 or abs(fps - value) < 1e-6:
            return value
    for value in RATES:
        if abs(fps - value) < 1e-6:
            return value
    shown = ", ".join(f"{round(r, 3):g}" for r in RATES)
    raise UsageError(f"{fps:g} fps is not a timecode rate.", hint=f"Use one of: {shown}.")


def _title_rate(text: str) -> float | None:
    title = _TITLE.search(text)
    if title is None:
        return None
    for found in _TITLE_RATE.finditer(title["title"]):
        try:
            return exact(float(found.group(1)))
        except UsageError:
            continue  # "Take 12p" is no rate
    return None


def _highest_frame(text: str) -> int:
    """The highest frame number in the event lines' timecodes (-1 if there are none)."""
    return max((int(m.group(1)) for m in _TIMECODE.finditer(text)), default=-1)


def rate_of(text: str, given: float | None = None) -> EdlRate:
    """The rate to read the EDL ``text`` at (see the module docstring)."""
    titled = _title_rate(text)
    fcm = _FCM.search(text)
    drop = (
        fcm is not None and re.fullmatch(r"DROP\s*FRAME", fcm["mode"], re.IGNORECASE) is not None
    ) or re.search(r"\b\d{2}:\d{2}:\d{2};\d{2}\b", text) is not None
    highest = _highest_frame(text)
    if given is not None:
        rate = EdlRate(exact(given), "--fps")
    elif drop:
        fast = highest >= 30 or titled is not None and titled > 50
        rate = EdlRate(NTSC[59.94] if fast else NTSC[29.97], "the file's FCM: DROP FRAME")
    elif titled is not None:
        rate = EdlRate(titled, "its title")
    else:
        rate = EdlRate(FPS, "default")
    if highest >= round(rate.fps):
        raise InputError(
            f"The EDL's timecodes count up to frame {highest}, which {rate.label} fps "
            f"({rate.source}) does not have.",
            hint="Say the rate it was cut at: nemo import FILE --fps 50 (or 60, 59.94...).",
        )
    return rate
