"""The last line of defence before "Saved": does the rendered file's picture and sound reach its
end? (A clip whose streams end early is handled in the plan: its length is what can be read,
and a picture that stops before its sound is held. This catches whatever still slips by.)

It reads the header and the packets of the last seconds only, so it costs a fraction of a second
whatever the length of the video.
"""

from __future__ import annotations

from pathlib import Path

from ....errors import RenderError
from .probe import SHORT_S, TAIL_S, read_header
from .stream_ends import scan


def check_output(path: Path, duration: float, ffmpeg: str, shown: Path) -> None:
    """Raise RenderError when the picture or the sound of ``path`` stops more than ``SHORT_S``
    before ``duration`` seconds (``shown``: the name the user will see)."""
    header = read_header(path, ffmpeg)
    streams: list[tuple[str, int]] = []
    if header.video is not None:
        streams.append(("picture", header.video.index))
    streams += [("sound", track.index) for track in header.audio[:1]]
    if not streams:
        raise RenderError(f"The render of {shown} has no picture or sound: it was not saved.")
    since = header.start + duration - TAIL_S if duration > TAIL_S else None
    ends = scan(path, ffmpeg, [index for _, index in streams], since=since)
    for what, index in streams:
        end = ends.ends.get(index, header.start) - header.start
        if end < duration - SHORT_S:
            raise RenderError(
                f"The render came out broken: its {what} stops at {end:.1f} s of "
                f"{duration:.1f} s, so {shown} was not saved.",
                hint="A source file may be damaged: nemo status lists what it found in each.",
            )
