"""A timeline file -> a new local session, edited by chat and rendered like any other.

Each file the timeline names is looked for on this computer (``media.resolve``: the path, then
relative to the timeline file, then by name beside it and in each ``--media`` folder), checked
like an upload and probed. Clips whose file is not found are left out and listed by name; if
no clip is found at all, nothing is created (``InputError``, exit 5). Making the new session
the current one is the caller's job (it is a setting of the CLI, not of the engine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ....errors import InputError, UsageError
from ....safe_text import one_line
from ..media import Media as SessionMedia
from ..store import SessionStore
from . import bridge, files, media, read
from .cut import FPS, Cut
from .cut import Media as CutMedia
from .edl_rate import EdlRate, rate_of
from .formats import TimelineFormat


@dataclass(frozen=True)
class Loaded:
    """What an import made: the new session, and what it had to leave out or change."""

    session_id: str
    format: TimelineFormat
    cut: Cut
    missing: list[str] = field(default_factory=list)  # file names not found
    unusable: dict[str, str] = field(default_factory=dict)  # file name -> why it was refused
    notes: list[str] = field(default_factory=list)  # what was changed, and why
    rate: EdlRate | None = None  # an EDL's frame rate, and where it came from


class _Finder:
    """Resolves, checks and probes each file a timeline names (once each): ``read.Resolver``."""

    def __init__(self, ffmpeg: str, base: Path, search: Sequence[Path]) -> None:
        self.ffmpeg = ffmpeg
        self.base, self.search = base, search
        self.entries: dict[str, SessionMedia] = {}  # path -> media entry (no id yet)
        self.unusable: dict[str, str] = {}  # file name -> why
        self._seen: dict[str, CutMedia | None] = {}

    def __call__(self, target: str, clip_name: str) -> CutMedia | None:
        key = target or clip_name
        if key not in self._seen:
            self._seen[key] = self._find(target, clip_name)
        return self._seen[key]

    def _find(self, target: str, clip_name: str) -> CutMedia | None:
        from ....media_files import check_local_file
        from ..render.probe import probe
        from ..store import media_entry

        path = media.resolve(target, self.base, self.search) or media.resolve(
            clip_name, self.base, self.search
        )
        if path is None:
            return None
        try:
            check_local_file(path)
            entry = media_entry(path, probe(path, self.ffmpeg))
        except InputError as err:
            self.unusable[path.name] = err.message
            return None
        self.entries[str(path)] = entry
        return bridge.media_of(entry)


def load_file(
    store: SessionStore,
    ffmpeg: str,
    path: Path,
    fmt: TimelineFormat,
    *,
    media_dirs: Sequence[Path] = (),
    fps: float | None = None,
) -> Loaded:
    """Read the timeline file ``path`` into a new session of ``store`` (see the docstring).
    ``fps``: the rate of an EDL's timecodes when the file does not say it (``edl_rate``)."""
    if fps is not None and fmt.name != "edl":
        raise UsageError(f"--fps is for EDL files: a {fmt.label} file says its own rate.")
    path = path.expanduser()
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    files.load_otio()
    text = files.read_text(path)
    rate = rate_of(text, fps) if fmt.name == "edl" else None
    timeline = files.parse(text, fmt, path.name, rate=rate.fps if rate else FPS)
    finder = _Finder(ffmpeg, path.resolve().parent, [Path(d) for d in media_dirs])
    result = read.read_cut(timeline, finder, scaled_handles=fmt.scaled_handles)
    missing = [media.file_name(m) or m for m in result.missing]
    if not result.cut.clips:
        where = f": {', '.join(one_line(m, 60) for m in missing[:5])}" if missing else ""
        raise InputError(
            f"No clip of {path.name} could be found on this computer{where}.",
            hint="Put the files beside the timeline file, or name their folder with --media DIR.",
        )
    session = store.create(title=result.cut.name.strip() or path.stem)
    with store.edit(session.id) as editing:
        ids = {p: editing.add_media(entry).id for p, entry in finder.entries.items()}
        editing.timeline = bridge.timeline_from_cut(result.cut, ids)  # new: nothing to undo
    notes = ([rate.note()] if rate else []) + result.notes
    return Loaded(session.id, fmt, result.cut, missing, finder.unusable, notes, rate)
