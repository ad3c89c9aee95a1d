"""A render with a hardware encoder that fails part-way is done again with libx264.

A GPU encoder that passed its one-frame test can still fail in a real export (the GPU's
memory is full, its sessions are all taken by other programs, the driver gives up on a size).
The render is then run again, whole, with libx264: the segments of one export must all come
from one encoder (their SPS and PPS must match to be joined by stream copy), so re-encoding
only the segment that failed would make a file that does not play. Segments the hardware
encoder finished stay in the cache under their own keys; the sound pass is reused from it.
The export's notes say what happened.

What is not the encoder's doing is not retried: a full disk, an interruption, or a failed
ffmpeg run that did not use the hardware encoder (the sound pass, the join, the loudness
pass). A render that fails its check (verify.py) with a hardware encoder is retried: a broken
stream from the GPU is one of the failures this is for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ....errors import RenderError
from ....safe_text import one_line
from .encoders import Encoding, encoding_for
from .ffmpeg_run import without_context

T = TypeVar("T")


def encoder_failed(error: RenderError, used: Encoding) -> bool:
    """Whether ``error`` may be the hardware encoder's doing (see the module docstring)."""
    if not used.hardware or error.code == "disk_full":
        return False
    return not error.command or used.codec in error.command


def _why(error: RenderError) -> str:
    lines = [ln.strip() for ln in error.message.splitlines() if ln.strip()]
    return one_line(without_context(lines[-1]), 160) if lines else "no reason given"


def with_fallback(
    attempt: Callable[[Encoding], T], used: Encoding, quality: str, notes: list[str]
) -> tuple[T, Encoding]:
    """``attempt(used)``; if the hardware encoder fails, ``attempt`` with libx264 at
    ``quality`` (saying so in ``notes``). Returns the result and the encoding that made it."""
    try:
        return attempt(used), used
    except RenderError as error:
        if not encoder_failed(error, used):
            raise
        why = _why(error)
    x264 = encoding_for("x264", quality)
    result = attempt(x264)
    notes.append(
        f"The {used.name} encoder failed part-way ({why}); the video was encoded with x264."
    )
    return result, x264
