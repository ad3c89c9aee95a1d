"""The last check of a segmented export, read from its packets in one demux (no decode).

Every piece it is made of was decoded when it was made (piece_check.py), and the join is a
stream copy of those pieces with one set of parameters (segment_render.py compares their
``avcC`` before joining), so decoding the whole file again would repeat that work: for a
5-minute export, a decode of 5 minutes to re-export a file whose pieces were all in the cache.
What the join itself can get wrong is what its packets show, and that is checked here:

- both streams are there;
- the picture has exactly the timeline's frames, their timestamps one frame apart from the
  first (nothing missing, nothing twice: no frozen or skipped frame at a join) and decode
  timestamps that rise;
- the sound's packets follow each other without a gap or an overlap (no jump at a join) and
  reach the end;
- the container's length is the timeline's, within one frame.

When the sound was changed after the join (loudness normalisation re-encodes it), the sound is
decoded as well (``decode_sound``).
"""

from __future__ import annotations

from pathlib import Path

from ....errors import RenderError
from .packets import Stream, list_packets
from .piece_check import broken, check_grid, check_sound
from .rate import Rate
from .verify import AAC_FRAME


def sound_gap(stream: Stream) -> str | None:
    """What is wrong with the sound's packets (None: nothing): each must start where the one
    before ends."""
    packets = stream.packets
    for a, b in zip(packets, packets[1:], strict=False):
        if b.pts != a.pts + a.duration:
            at = float(b.pts * stream.time_base)
            off = float((b.pts - a.pts - a.duration) * stream.time_base) * 1000
            return f"jumps at {at:.2f} s ({off:+.0f} ms)"
    return None


def check_joined(
    path: Path,
    ffmpeg: str,
    *,
    frames: int,
    rate: Rate,
    shown: Path,
    decode_sound: bool = False,
) -> None:
    """Raise RenderError (``render_broken``) if ``path`` is not whole (see the module
    docstring); ``frames`` is the timeline's length in frames at ``rate``."""
    from .smart_cut import frame_step

    try:
        video, audio = list_packets(path, ffmpeg, ("0:v:0", "0:a:0"))
    except RenderError as exc:
        raise broken("the file", shown, f"cannot be read whole ({exc.message})") from exc
    if not video.packets:
        raise broken("the file", shown, "has no picture")
    if not audio.packets:
        raise broken("the file", shown, "has no sound")
    step = frame_step(video, rate)
    if step is None:
        raise broken("the picture", shown, "is not on the frame grid of the export's rate")
    problem = check_grid(video, frames, step)
    if problem:
        raise broken("the picture", shown, problem)
    gap = sound_gap(audio)
    if gap:
        raise broken("the sound", shown, gap)
    length = frames / rate.value
    last = audio.packets[-1]
    heard = float((last.pts + last.duration - audio.packets[0].pts) * audio.time_base)
    # an MP4's sound counts its samples: an AAC frame is AAC_FRAME of its ticks
    if heard < length - 1 / rate.value - float(AAC_FRAME * audio.time_base):
        raise broken("the sound", shown, f"stops at {heard:.2f} s of {length:.2f} s")
    claimed = video.claimed
    if claimed is None or abs(claimed - length) > 1 / rate.value + 0.011:
        said = f"{claimed:.2f} s" if claimed is not None else "no length"
        raise broken("the file", shown, f"says it lasts {said}; the timeline is {length:.2f} s")
    if decode_sound:
        check_sound(path, ffmpeg, length, shown=shown)
