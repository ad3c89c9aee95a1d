"""Write and read timeline files through OpenTimelineIO's adapters.

OpenTimelineIO comes with the ``nemo-video[interchange]`` extra; ``load_otio`` says how to get
it when it is missing. Files are written atomically. Adapter failures become ``InputError``
(reading a file that is not what its name says) or ``NemoError`` (writing), one line each.

Gaps in the CMX 3600 adapter (1.0) are filled here, on the text it writes and the timeline
it reads: it writes only the first track, so the music track's events are appended after the
picture's (as ``A`` events, which its reader puts on track A1); its source-out for a speed
change divides by the speed instead of multiplying (OpenTimelineIO issue 1458), so those
source-outs are rewritten; a dissolve's event repeats the outgoing clip's LOC markers and M2
speed, which its reader then gives to the incoming clip, so the repeats are dropped; its
reader takes the outgoing clip's file for the incoming one (it ignores ``* TO CLIP:``), so that
is set back; and build.reel_name keeps spaces out of reel names, which its reader splits on.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ....errors import InputError, NemoError
from ....files import atomic_write_text
from .cut import FPS
from .formats import TimelineFormat

if TYPE_CHECKING:
    import opentimelineio as otio

INSTALL_HINT = "Install it with: pip install 'nemo-video[interchange]'"


class MissingExtra(NemoError):
    code = "missing_extra"


def load_otio() -> ModuleType:
    """The ``opentimelineio`` module, or a clear error naming the extra that brings it."""
    try:
        import opentimelineio
    except ImportError:  # the extra is not installed
        raise MissingExtra(
            "Timeline files (.otio, .fcpxml, .xml, .edl) need OpenTimelineIO, "
            "which is not installed.",
            hint=INSTALL_HINT,
        ) from None
    module: ModuleType = opentimelineio
    return module


def _adapter_error(fmt: TimelineFormat, exc: Exception) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{fmt.label}: {type(exc).__name__}{': ' + text if text else ''}"


def to_string(timeline: otio.schema.Timeline, fmt: TimelineFormat) -> str:
    otio_mod = load_otio()
    try:
        text: str = otio_mod.adapters.write_to_string(timeline, adapter_name=fmt.adapter)
        if fmt.name == "edl":
            text = _drop_repeated_locators(text + _edl_audio_events(timeline, text))
            text = _fix_speed_source_out(text)
    except NemoError:
        raise
    except Exception as exc:  # the adapters raise anything from KeyError to their own errors
        raise NemoError(
            f"Could not write the timeline as {_adapter_error(fmt, exc)}", code="timeline_write"
        ) from exc
    return text


def write(timeline: otio.schema.Timeline, fmt: TimelineFormat, path: Path) -> None:
    atomic_write_text(path, to_string(timeline, fmt))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None


def parse(text: str, fmt: TimelineFormat, name: str, *, rate: float = FPS) -> otio.schema.Timeline:
    """The timeline in ``text`` (the file ``name``); a file with several sequences gives its
    first. ``rate``: the frame rate an EDL's timecodes count (``edl_rate``); the other formats
    say theirs."""
    otio_mod = load_otio()
    options = {"rate": rate} if fmt.name == "edl" else {}
    try:
        result = otio_mod.adapters.read_from_string(text, adapter_name=fmt.adapter, **options)
    except Exception as exc:
        raise InputError(
            f"{name} could not be read as {_adapter_error(fmt, exc)}",
            hint="Check that the file is complete and of the kind its name says.",
        ) from exc
    if not isinstance(result, otio_mod.schema.Timeline):
        found = list(result.find_children(descended_from_type=otio_mod.schema.Timeline))
        if not found:
            raise InputError(f"{name} holds no timeline.")
        result = found[0]
    if fmt.name == "edl":
        _incoming_clip_files(result)
    return result


def read(path: Path, fmt: TimelineFormat, *, rate: float = FPS) -> otio.schema.Timeline:
    """The timeline in the file ``path`` (see ``parse``)."""
    return parse(read_text(path), fmt, path.name, rate=rate)


# ---------------------------------------------------------------- CMX 3600 gaps

_EVENT = re.compile(
    r"^(?P<num>\d{3,6})(?P<mid>\s+\S+\s+\S+\s+(?:C|D\s+\d+)\s+)"
    r"(?P<src_in>\S+) (?P<src_out>\S+) (?P<rec_in>\S+) (?P<rec_out>\S+)\s*$"
)
_M2 = re.compile(r"^M2\s+.*?\s(?P<fps>-?\d+(?:\.\d+)?)\s+\S+\s*$")


def _edl_audio_events(timeline: otio.schema.Timeline, written: str) -> str:
    """The audio tracks' events, numbered on from the picture's (the adapter writes track 1)."""
    import opentimelineio as otio
    from otio_cmx3600_adapter.cmx_3600 import EDLWriter

    last = max(
        (int(m["num"]) for line in written.splitlines() if (m := _EVENT.match(line))), default=0
    )
    tracks = timeline.tracks
    lines: list[str] = []
    for index, track in enumerate(tracks):
        if track.kind != otio.schema.TrackKind.Audio or not any(
            isinstance(c, otio.schema.Clip) for c in track
        ):
            continue
        text = EDLWriter(tracks, FPS, "avid").get_content_for_track_at_index(index, title=None)
        for line in text.splitlines():
            if (m := _EVENT.match(line)) is not None:
                last += 1
                line = f"{last:03d}{line[len(m['num']) :]}"
            lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


def _fix_speed_source_out(text: str) -> str:
    """Source-out = source-in + record length x speed, for events with an M2 speed line."""
    import opentimelineio as otio

    lines = text.splitlines()
    for i, line in enumerate(lines):
        event = _EVENT.match(line)
        if event is None:
            continue
        speed = None
        for follow in lines[i + 1 :]:
            if _EVENT.match(follow):
                break
            if (m2 := _M2.match(follow)) is not None:
                speed = float(m2["fps"]) / FPS
        if speed is None:
            continue
        tc = otio.opentime.from_timecode
        src_in = tc(event["src_in"], FPS)
        record = tc(event["rec_out"], FPS) - tc(event["rec_in"], FPS)
        src_out = src_in + otio.opentime.RationalTime(round(record.value * speed), FPS)
        fixed = otio.opentime.to_timecode(src_out, FPS)
        lines[i] = (
            f"{event['num']}{event['mid']}{event['src_in']} {fixed} "
            f"{event['rec_in']} {event['rec_out']}"
        )
    return "\n".join(lines) + "\n"


def _drop_repeated_locators(text: str) -> str:
    """A dissolve's event repeats the outgoing clip's comments (already written with its own
    event) before the incoming clip's; its reader gives all of them to the incoming clip. Drop
    the repeated LOC and M2 lines: the outgoing part ends where the incoming one starts (its
    M2 line, if any, then ``* TO CLIP NAME``)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        event = _EVENT.match(line)
        if event is None or " D " not in event["mid"]:
            continue
        block_end = i
        while block_end < len(lines) and not _EVENT.match(lines[block_end]):
            block_end += 1
        block = lines[i:block_end]
        to = next((n for n, b in enumerate(block) if b.startswith("* TO CLIP NAME")), 0)
        if to and block[to - 1].startswith("M2"):
            to -= 1
        out += [b for b in block[:to] if not b.startswith(("M2", "* LOC:"))] + block[to:]
        i = block_end
    return "\n".join(out) + "\n"


def _incoming_clip_files(timeline: otio.schema.Timeline) -> None:
    """Give each dissolve's incoming clip the file of its ``* TO CLIP:`` comment."""
    import opentimelineio as otio

    for clip in timeline.find_clips():
        comments = clip.metadata.get("cmx_3600", {}).get("comments", [])
        for comment in comments:
            head, _, value = str(comment).partition(":")
            if head.strip().upper() == "TO CLIP" and value.strip():
                clip.media_reference = otio.schema.ExternalReference(target_url=value.strip())
                clip.name = value.strip().replace("\\", "/").rsplit("/", 1)[-1]
