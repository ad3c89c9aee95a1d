"""Smart cut: a segment that only cuts a source which already matches the output is copied from
the source, and only the frames around its ends are encoded again.

"Use 12:00-12:30 of the lecture": the picture of that range is already what the export wants
(H.264, the output's size and frame rate, yuv420p, square pixels, nothing drawn over it, no
speed change: ``why_not``). Encoding it again costs a full 1080p encode and a generation of
quality. Instead the segment is made of up to three pieces (``plan_cut``):

- the **head**: from the in-point to the source's next keyframe, encoded (the frames before a
  keyframe refer to pictures before the in-point, so they cannot be copied);
- the **copy**: from that keyframe on, the source's packets as they are, up to the last point
  where every picture before the out-point has arrived and none after it (with B-frames the
  packets come out of display order, so this is where the set of pictures is whole);
- the **tail**: the few frames from there to the out-point, encoded.

Nothing is ever decoded from the source's start: every read seeks (``-ss`` before ``-i``) to
the keyframe before what it needs, and the listing of packets (packets.py) is a demux of the
range only.

Why the joins hold (the traps LosslessCut's users hit: frozen or repeated frames, "matrix"
garbage and audio jumps at the joins, mifi/lossless-cut #126, #330, #1834, #2912):

- **One set of parameters.** An MP4 declares the SPS and PPS of its picture once (``avcC``);
  a stream-copy join keeps the first file's. Encoded pieces are therefore made with the
  source's own x264 settings, read back from the SEI x264 writes into every stream it makes
  (x264_settings.py), and a one-frame trial encode (``family``, its verdict cached) must give
  the source's SPS and PPS byte for byte. Where that cannot be guaranteed the segment is
  encoded whole, as before: a source not made by x264 (a phone's hardware encoder: its
  parameter sets cannot be reproduced), settings x264 cannot be given back (custom quantiser
  matrices, interlacing, two passes), or a trial that still differs (another profile or level,
  other VUI). Differing sets with distinct ids would be valid H.264, but an ``avc1`` track
  declares its sets once, and decoders that reinitialise on a new SPS (players, hardware) drop
  the pictures they still hold at the switch: the frozen frame at the join.
- **Exact frames.** The grid is read from the packets: the range must hold exactly one packet
  per frame of the output's rate (a variable-rate stretch is encoded whole); the copy starts at
  an IDR picture (an open-GOP keyframe's leading pictures refer to the previous group: no copy)
  and its packet count and timestamps are checked after it is written, so a copy that started
  at an earlier keyframe (LosslessCut #126: "the not re-encoded part does not start at the cut
  point") is caught instead of shown twice.
- **Sound apart.** Segments carry no sound; the timeline's sound is one pass of its own
  (segments.py), cut to the sample, so no AAC frame is repeated at a join.

Every piece nemo encodes is decoded and checked like any segment; the copied packets are the
source's own bytes, checked by their count, timestamps, key flags and parameter sets, and the
finished segment is decoded around both of its joins (``check_segment``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ..media import Media
from .packets import Stream
from .rate import Rate, snap
from .segments import Segment

MIN_COPY_S = 1.0  # copying less than this is not worth the extra ffmpeg runs: encode it whole


def why_not(segment: Segment, media: Media | None, rate: Rate, size: tuple[int, int]) -> str | None:
    """Why ``segment`` cannot be cut from its source without encoding it (None: it can)."""
    sub = segment.timeline
    if len(sub.clips) != 1:
        return "it crossfades into the next clip"
    if segment.skip:
        return "a crossfade leads into it"
    if sub.texts or sub.captions is not None:
        return "a title or caption is drawn over it"
    clip = sub.clips[0]
    if media is None or media.file_type != "video" or clip.kind != "video":
        return "it is not a video clip"
    if clip.speed != 1.0:
        return "its speed changes"
    if media.video_codec != "h264":
        return f"its source is {media.video_codec or 'not H.264'}, not H.264"
    if media.pix_fmt != "yuv420p":
        return f"its source's pixels are {media.pix_fmt}, not yuv420p"
    if (media.width, media.height) != size:
        return f"its source is {media.width}x{media.height}, the export {size[0]}x{size[1]}"
    if media.sar != (1, 1) or media.rotation or media.alpha or media.hdr or media.group is not None:
        return "its source's picture is reshaped, turned, transparent or HDR"
    fps = media.fps or 0
    if snap(fps) != rate or abs(fps - rate.value) > 0.01:
        return f"its source runs at {fps:g} fps, the export at {rate.value:g}"
    known = (media.video_duration or media.duration or 0) * 1000
    if clip.in_ms + segment.frames * 1000 / rate.value > known - 1:
        return "its source's picture ends before the clip does"
    return None


@dataclass(frozen=True)
class Cut:
    """How a segment of ``head + copied + tail`` frames is made (timestamps in source ticks)."""

    head: int  # frames encoded from the in-point
    copy_from: int  # pts of the IDR the copy starts at
    copied: int  # packets copied from it, in file order: exactly these frames
    tail: int  # frames encoded after the copy, up to the out-point
    step: int  # one frame, in ticks

    @property
    def tail_from(self) -> int:
        return self.copy_from + self.copied * self.step

    @property
    def frames(self) -> int:
        return self.head + self.copied + self.tail


def frame_step(stream: Stream, rate: Rate) -> int | None:
    """One frame at ``rate`` in the stream's ticks, if it is a whole number of them."""
    step = Fraction(rate.den, rate.num) / stream.time_base
    return int(step) if step.denominator == 1 and step > 0 else None


def first_tick(stream: Stream, start_us: int) -> int:
    """The stream tick ffmpeg's accurate ``-ss`` keeps frames from: the seek point in
    microseconds rescaled to the stream's time base, rounded half away from zero."""
    exact = Fraction(start_us, 1_000_000) / stream.time_base
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def plan_cut(
    stream: Stream, start: int, frames: int, step: int, min_copy_s: float = MIN_COPY_S
) -> Cut | str:
    """The pieces of a segment of ``frames`` frames whose first frame is the first packet at or
    after tick ``start`` (see the module docstring); a reason string when it cannot be copied
    (or would copy less than ``min_copy_s``).

    ``stream`` lists the source's packets in file order from a keyframe at or before
    ``start`` to past the out-point. Pure."""
    packets = stream.packets
    wanted = [p for p in packets if p.pts >= start]
    if not wanted:
        return "the source has no frames there"
    first = min(p.pts for p in wanted)
    end = first + frames * step
    inside = sorted(p.pts for p in wanted if p.pts < end)
    if inside != list(range(first, end, step)):
        return "the source's frames are not evenly spaced at the export's rate there"
    keys = [i for i, p in enumerate(packets) if p.key and first <= p.pts < end]
    if not keys:
        return "the source has no keyframe inside the range"
    at = keys[0]
    copy_from = packets[at].pts
    # Scan from the keyframe in file order: a clean cut after packet j leaves exactly the
    # frames copy_from .. copy_from + n*step - 1 (no gap waiting for a later packet).
    copied = 0
    top = copy_from - step
    for count, p in enumerate(packets[at:], 1):
        if p.pts < copy_from:
            return "its keyframe opens a group whose first pictures refer to the one before"
        if p.pts >= end:
            break
        top = max(top, p.pts)
        if (top - copy_from) // step + 1 == count:
            copied = count
    if not copied or copied * step * stream.time_base < min_copy_s:
        return "less than a second could be copied"
    head = (copy_from - first) // step
    return Cut(head, copy_from, copied, frames - head - copied, step)
