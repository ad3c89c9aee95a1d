"""Each piece of a segmented render is checked once, when it is made, before it enters the cache:
a cache entry is a checked piece, so a later export that reuses it need not decode it again.

- A picture nemo encoded is decoded whole: no decoding error, exactly the frames it must have.
- The sound is decoded whole: no error, and it lasts the timeline's length.
- Packets copied from a source (smart_cut.py) are the source's own bytes: they are checked by
  their count, their timestamps on the frame grid and their key flags (``check_grid``), and the
  segment they end up in is decoded around its joins.

The finished export is then a stream copy of checked pieces, which join_check.py checks by its
packets instead of decoding it all again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ....errors import RenderError
from ....safe_text import one_line
from ..child import Children, capture
from .packets import Stream
from .plan import AUDIO_RATE
from .verify import AAC_FRAME, Decoded, decode_command, parse_decode_log

_HZ_RE = re.compile(r"Stream #0:\d+.*?: Audio: .*?, (?P<hz>\d+) Hz")


@dataclass(frozen=True)
class Piece:
    decoded: Decoded
    sample_rate: int | None  # the sound's, as the file declares it


def decode_piece(
    path: Path,
    ffmpeg: str,
    *,
    video: bool,
    audio: bool,
    seek: float | None = None,
    frames: int | None = None,
    children: Children | None = None,
    threads: int | None = None,
) -> Piece:
    """Decode ``path`` (or ``frames`` pictures from the keyframe at or before ``seek``)."""
    args = decode_command(
        path,
        video=video,
        audio=audio,
        deep=False,
        ffmpeg=ffmpeg,
        seek=seek,
        frames=frames,
        threads=threads,
    )
    try:
        code, out, err = capture(args, children)
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    stderr = err.decode("utf-8", errors="replace")
    decoded = parse_decode_log(stderr, out.decode("ascii", errors="replace"))
    if code != 0 and not decoded.errors:
        said = [ln for ln in stderr.splitlines() if ln.strip()][-2:]
        decoded = Decoded(decoded.frames, decoded.audio_samples, tuple(said) or (f"exit {code}",))
    hz = _HZ_RE.search(stderr)
    return Piece(decoded, int(hz["hz"]) if hz else None)


def broken(what: str, shown: Path, problem: str) -> RenderError:
    return RenderError(
        f"The render came out broken: {what} {problem}. {shown} was not saved.",
        hint="Export again; if it fails the same way, a source file may be damaged "
        "(check it with nemo verify FILE).",
        code="render_broken",
    )


def check_picture(
    path: Path,
    ffmpeg: str,
    frames: int,
    *,
    what: str,
    shown: Path,
    children: Children | None = None,
    threads: int | None = None,
) -> None:
    """An encoded picture: decoded whole, with exactly ``frames`` frames and no error."""
    piece = decode_piece(path, ffmpeg, video=True, audio=False, children=children, threads=threads)
    decoded = piece.decoded
    if decoded.errors:
        raise broken(what, shown, "could not be decoded: " + one_line(decoded.errors[0], 160))
    if decoded.frames != frames:
        raise broken(what, shown, f"has {decoded.frames} frames instead of {frames}")


def check_sound(
    path: Path,
    ffmpeg: str,
    seconds: float,
    *,
    shown: Path,
    children: Children | None = None,
) -> None:
    """The timeline's sound: decoded whole, without error, lasting ``seconds`` (an AAC
    encoder may end on a whole frame, so up to one frame more)."""
    piece = decode_piece(path, ffmpeg, video=False, audio=True, children=children)
    decoded, hz = piece.decoded, piece.sample_rate or AUDIO_RATE
    if decoded.errors:
        said = one_line(decoded.errors[0], 160)
        raise broken("the sound", shown, f"could not be decoded: {said}")
    heard = (decoded.audio_samples or 0) / hz
    if heard < seconds - AAC_FRAME / hz - 0.001:
        raise broken("the sound", shown, f"stops at {heard:.2f} s of {seconds:.2f} s")


def check_grid(stream: Stream, frames: int, step: int) -> str | None:
    """What is wrong with a picture's packets (None: nothing): one packet per frame, their
    timestamps exactly ``step`` apart from the first (none missing, none twice: no frozen or
    skipped frame), decode timestamps rising one frame at a time (a jump stores the picture
    before it as lasting longer: decode_delay.py), the first a keyframe."""
    packets = stream.packets
    if len(packets) != frames:
        return f"has {len(packets)} frames instead of {frames}"
    if not packets:
        return None
    if not packets[0].key:
        return "does not start with a keyframe"
    pts = sorted(p.pts for p in packets)
    if pts != list(range(pts[0], pts[0] + frames * step, step)):
        return "has frames missing, repeated or out of step"
    if any(b.dts <= a.dts for a, b in zip(packets, packets[1:], strict=False)):
        return "has decode timestamps that do not rise"
    if any(b.dts - a.dts != step for a, b in zip(packets, packets[1:], strict=False)):
        return "has a picture stored as lasting longer than a frame"
    return None


def same_sets(sets: Sequence[object]) -> bool:
    """All the parameter sets given are equal (and there is at least one)."""
    return bool(sets) and all(s == sets[0] for s in sets)
