"""The encoder settings that give a source's own parameter sets (SPS and PPS) again, so pictures
nemo encodes can be joined to pictures copied from it (smart_cut.py explains why they must be
byte for byte the same).

Found once per source: read x264's settings from the source's first picture (h264_units.py),
turn them into ``-x264-params`` (x264_settings.py), encode one frame through the very filters
and options a segment uses, and compare that frame's ``avcC`` with the source's parameter
sets. ``force-cfr`` is the one setting that shapes the SPS (its fixed-frame-rate flag) without
being written in x264's record (``--tune zerolatency`` turns it on), so a second trial adds it.
The verdict, a ``Family`` or the reason there is none, is kept in the render cache under a key
of the source's content, the ffmpeg binary, the frame size and rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ....errors import ConfigError
from ....files import atomic_write_json, read_json
from ..child import Children, capture
from ..media import Media
from .h264_units import read_unit
from .mp4_avcc import avc_config
from .probe_facts import Colour
from .rate import Rate
from .segment_cache import fingerprint
from .segments import Segment, binary_id, key_of, segment_command
from .x264_settings import translate

VERSION = "family-1"
VARIANTS = ("", ":force-cfr=1")


@dataclass(frozen=True)
class Family:
    """How to encode pictures that join a source's copied ones: the video encoder options
    (replacing the plan's ``-c:v ...``) and the parameter sets they were seen to make."""

    source: str  # media id
    options: tuple[str, ...]
    look: str
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]

    @property
    def parameter_sets(self) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        return self.sps, self.pps

    def to_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options),
            "look": self.look,
            "sps": [s.hex() for s in self.sps],
            "pps": [p.hex() for p in self.pps],
        }


def encoder_options(params: str) -> list[str]:
    return ["-c:v", "libx264", "-x264-params", params, "-pix_fmt", "yuv420p"]


def look_of(colour: Colour) -> str:
    """The source's colour description laid on a picture (``setparams``), so every picture of
    the export, whatever file it came from, is described as the source's are (an SPS carries
    the description: other words, other bytes)."""
    return (
        f"setparams=range={colour.range or 'unknown'}"
        f":color_primaries={colour.primaries or 'unknown'}"
        f":color_trc={colour.transfer or 'unknown'}"
        f":colorspace={colour.space or 'unknown'}"
    )


def _record(root: Path, item: Media, segment: Segment, rate: Rate, ffmpeg: str) -> Path:
    frame = segment.timeline.frame
    key = key_of(
        VERSION,
        fingerprint(Path(item.path)),
        binary_id(ffmpeg),
        rate.text,
        (frame.width, frame.height, frame.fit),
        item.colour,
    )
    return root / "families" / f"{key}.json"


def _read(path: Path, source: str) -> Family | str | None:
    try:
        data = read_json(path, default=None, what="smart-cut record")
    except ConfigError:  # a damaged record is found again, never trusted
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("none"), str):
        return str(data["none"])
    try:
        return Family(
            source,
            tuple(str(o) for o in data["options"]),
            str(data["look"]),
            tuple(bytes.fromhex(s) for s in data["sps"]),
            tuple(bytes.fromhex(p) for p in data["pps"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def family_of(
    segment: Segment,
    item: Media,
    media: list[Media],
    rate: Rate,
    *,
    ffmpeg: str,
    root: Path,
    workdir: Path,
    children: Children | None = None,
) -> Family | str:
    """The family of ``item`` (the source of ``segment``, a smart-cut candidate), or why it
    has none. Remembered under ``root`` (the render cache)."""
    record = _record(root, item, segment, rate, ffmpeg)
    known = _read(record, item.id) if record.is_file() else None
    if known is not None:
        return known
    found = _find(segment, item, media, rate, ffmpeg, workdir, children)
    record.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_json(record, found.to_json() if isinstance(found, Family) else {"none": found})
    return found


def _find(
    segment: Segment,
    item: Media,
    media: list[Media],
    rate: Rate,
    ffmpeg: str,
    workdir: Path,
    children: Children | None,
) -> Family | str:
    path = Path(item.path)
    unit = read_unit(path, ffmpeg, children=children)
    written = unit.x264_options
    if not written:
        return "its source was not encoded by x264, so its parameter sets cannot be made again"
    sps, pps = unit.parameter_sets
    if not sps or not pps:
        return "its source's first picture carries no parameter sets"
    translation = translate(written)
    if translation.params is None:
        return translation.reason
    clip = segment.timeline.clips[0]
    one = replace(clip, in_ms=0, duration_ms=max(200, round(3000 / rate.value)))
    trial = Segment(segment.index, replace(segment.timeline, clips=(one,)), 0, 1, 0)
    look = look_of(item.colour)
    for n, extra in enumerate(VARIANTS):
        options = encoder_options(translation.params + extra)
        folder = workdir / f"family-{item.id}-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / "one.mp4"
        command, _ = segment_command(trial, media, out, "high", folder, rate.value, options, look)
        code, _, _ = capture([ffmpeg, *command[1:]], children)
        config = avc_config(out) if code == 0 else None
        if config is not None and config.parameter_sets == (sps, pps):
            return Family(item.id, tuple(options), look, sps, pps)
    return "x264 does not make the source's parameter sets again from its recorded settings"
