"""Every piece of a stream-copy join starts its decode timestamps the same number of frames
before its first picture, so the join's decode timestamps advance one frame at a time.

With B-frames, x264 sends pictures out of display order and the container starts the decode
timestamps ``delay`` frames early (2 with a B-pyramid, 1 with plain B-frames, 0 without:
x264's ``i_bframe_delay``). A piece too short for B-frames (one or two frames) has no delay.
Joined after a piece that has one, its first decode timestamp lands ``delay`` frames past the
previous piece's last plus one: the last picture before the join is then stored as lasting
three frames, the track says it is longer than its pictures, and players that trust the
sample durations hold that picture. So a piece with less delay than its settings' is
remuxed with its decode timestamps moved back (``setts``); its pictures are untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import plan as planner
from .packets import Stream
from .segments import TIMESCALE


def expected_delay(options: Sequence[str]) -> int | None:
    """The delay libx264 gives pictures encoded with these video options (None: not x264, or
    not known)."""
    if "libx264" not in options:
        return None
    bframes, pyramid = 3, 2  # x264's defaults, kept by every preset but ultrafast
    if "-preset" in options and options[options.index("-preset") + 1] == "ultrafast":
        bframes = 0
    if "-x264-params" in options:
        for pair in options[options.index("-x264-params") + 1].split(":"):
            name, _, value = pair.partition("=")
            if name == "bframes" and value.isdigit():
                bframes = int(value)
            elif name == "b-pyramid":
                pyramid = {"none": 0, "strict": 1, "normal": 2}.get(value, 0)
                if value.isdigit():
                    pyramid = int(value)
    if not bframes:
        return 0
    return 2 if pyramid else 1


def delay_of(stream: Stream, step: int) -> int:
    """The measured delay of a piece: how far its first decode timestamp is before its first
    picture, in frames."""
    if not stream.packets or step <= 0:
        return 0
    first = min(p.pts for p in stream.packets)
    return max(0, (first - stream.packets[0].dts) // step)


def shift_command(source: Path, output: Path, ticks: int) -> list[str]:
    """``source`` remuxed with every decode timestamp ``ticks`` earlier (pure)."""
    return [
        *planner.HEAD,
        "-i",
        f"file:{source}",
        "-map",
        "0:v:0",
        "-c",
        "copy",
        "-bsf:v",
        f"setts=dts=DTS-{ticks}",
        "-video_track_timescale",
        str(TIMESCALE),
        "-f",
        "mp4",
        str(output),
    ]
