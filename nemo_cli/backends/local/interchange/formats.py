"""The timeline file formats: one row each, chosen by the file's extension or by --format.

Each row says which OpenTimelineIO adapter reads and writes it, and what the format can carry,
so ``build`` makes a timeline the adapter can write and the reply can say plainly what a format
leaves out. Adding a format is adding a row. Nothing here imports OpenTimelineIO.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ....errors import InputError, UsageError


@dataclass(frozen=True)
class TimelineFormat:
    name: str  # the --format value
    extensions: tuple[str, ...]  # the first is the one written by default
    adapter: str  # the OpenTimelineIO adapter
    label: str  # what a person calls it
    transitions: bool  # crossfades as dissolves
    titles: str  # "generators" (a title track), "markers" (named markers), or "" (none)
    music: bool  # an audio track for the music
    levels: bool  # clip and music volume
    clip_sound: bool  # the clips' own sound on its own audio track
    speed: bool  # clip speed
    scaled_handles: bool = False  # a dissolve's frames from a sped-up clip count with its speed
    # What nemo has that the format cannot hold, by feature (see ``features``), for the reply.
    lost: tuple[tuple[str, str], ...] = ()


FORMATS: dict[str, TimelineFormat] = {
    f.name: f
    for f in (
        TimelineFormat(
            "otio",
            (".otio",),
            "otio_json",
            "OpenTimelineIO",
            transitions=True,
            titles="generators",
            music=True,
            levels=True,
            clip_sound=True,
            speed=True,
            scaled_handles=True,
        ),
        TimelineFormat(
            "fcp7",
            (".xml",),
            "fcp_xml",
            "Final Cut Pro 7 XML (Premiere, Resolve, Kdenlive)",
            transitions=True,
            titles="markers",
            music=True,
            levels=True,
            clip_sound=True,
            speed=True,
            lost=(
                ("titles", "title position and size (titles are clip markers)"),
                ("fades", "music fades"),
            ),
        ),
        TimelineFormat(
            "fcpxml",
            (".fcpxml",),
            "fcpx_xml",
            "Final Cut Pro X XML",
            transitions=False,
            titles="markers",
            music=True,
            levels=False,
            clip_sound=True,
            speed=False,
            lost=(
                ("crossfades", "crossfades (the cut is in their middle)"),
                ("speed", "clip speed"),
                ("volumes", "volumes"),
                ("fades", "music fades"),
                ("titles", "title position and size (titles are clip markers)"),
            ),
        ),
        TimelineFormat(
            "edl",
            (".edl",),
            "cmx_3600",
            "CMX 3600 EDL",
            transitions=True,
            titles="markers",
            music=True,
            levels=False,
            clip_sound=False,
            speed=True,
            lost=(
                ("volumes", "volumes"),
                ("fades", "music fades"),
                ("clip_sound", "the clips' own sound"),
                ("titles", "title position, size, length and letter case (titles are LOC markers)"),
            ),
        ),
    )
}

EXTENSIONS: dict[str, str] = {ext: f.name for f in FORMATS.values() for ext in f.extensions}


def by_extension(path: Path) -> TimelineFormat | None:
    """The timeline format a file name asks for, or None (not a timeline file)."""
    name = EXTENSIONS.get(path.suffix.lower())
    return FORMATS[name] if name else None


def pick(path: Path, name: str | None = None) -> TimelineFormat:
    """The format ``name`` (``--format``) says, else the one ``path``'s extension says."""
    if name:
        found = FORMATS.get(name.lower().lstrip("."))
        if found is None:
            raise UsageError(
                f"Unknown timeline format '{name}'.", hint=f"Use one of: {', '.join(FORMATS)}."
            )
        return found
    by_name = by_extension(path)
    if by_name is None:
        raise InputError(
            f"{path.name} is not a timeline file nemo reads.",
            hint=f"Timeline files: {' '.join(EXTENSIONS)} (or say --format).",
        )
    return by_name


def is_timeline_file(path: str | Path) -> bool:
    return by_extension(Path(path)) is not None


def lost_in(fmt: TimelineFormat, features: set[str]) -> list[str]:
    """What of ``features`` (the ones a timeline uses) ``fmt`` cannot hold, in words."""
    return [text for feature, text in fmt.lost if feature in features]
