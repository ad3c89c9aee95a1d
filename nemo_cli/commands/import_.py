"""`nemo import FILE` (and `nemo upload FILE` of a timeline file): a timeline from another editor
(.otio, .fcpxml, FCP 7 .xml, .edl) becomes a new local session, then is edited by chat and
rendered like any other.

Each file the timeline names is looked for on this computer (interchange/media.py: the path, then
relative to the timeline file, then by name beside it and in each ``--media`` folder), checked
like an upload and probed. Clips whose file is not found are left out and listed by name; if no
clip is found at all, nothing is created (exit 5). The new session becomes the current one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..backends.select import choose
from ..config import set_current_session
from ..env import Env
from ..errors import InputError, UsageError
from ..safe_text import markup, one_line
from ..ui.report import print_json

if TYPE_CHECKING:
    from ..backends.local.interchange.cut import Media
    from ..backends.local.interchange.formats import TimelineFormat


def _format(path: Path, fmt: str | None) -> TimelineFormat:
    from ..backends.local.interchange.formats import EXTENSIONS, FORMATS, by_extension

    if fmt:
        found = FORMATS.get(fmt.lower().lstrip("."))
        if found is None:
            raise UsageError(f"Unknown timeline format '{fmt}'.",
                             hint=f"Use one of: {', '.join(FORMATS)}.")  # fmt: skip
        return found
    by_name = by_extension(path)
    if by_name is None:
        raise InputError(f"{path} is not a timeline file nemo reads.",
                         hint=f"Timeline files: {' '.join(EXTENSIONS)} (or say --format).")
    return by_name


class _Finder:
    """Resolves, checks and probes each file a timeline names (once each)."""

    def __init__(self, env: Env, base: Path, search: Sequence[Path]) -> None:
        from ..backends.local.render.ffmpeg import ffmpeg_exe

        self.ffmpeg = ffmpeg_exe(env.environ)
        self.base, self.search = base, search
        self.entries: dict[str, dict[str, Any]] = {}  # path -> session media entry
        self.unusable: dict[str, str] = {}  # name -> why
        self._seen: dict[str, Media | None] = {}

    def __call__(self, target: str, clip_name: str) -> Media | None:
        key = target or clip_name
        if key not in self._seen:
            self._seen[key] = self._find(target, clip_name)
        return self._seen[key]

    def _find(self, target: str, clip_name: str) -> Media | None:
        from ..backends.local.interchange.bridge import media_of
        from ..backends.local.interchange.media import resolve
        from ..backends.local.render.probe import probe
        from ..backends.local.store import media_entry
        from ..media_files import check_local_file

        path = resolve(target, self.base, self.search) or resolve(clip_name, self.base,
                                                                  self.search)  # fmt: skip
        if path is None:
            return None
        try:
            check_local_file(path)
            entry = media_entry(path, probe(path, self.ffmpeg))
        except InputError as err:
            self.unusable[path.name] = err.message
            return None
        self.entries[str(path)] = entry
        return media_of(entry)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(env: Env, source: Path, fmt: str | None = None, media_dirs: Sequence[Path] = ()) -> None:
    from ..backends.local.interchange import bridge, files, media, read
    from ..backends.local.store import SessionStore

    assert env.paths is not None
    choice = choose(env)
    if choice.name != "local":
        raise UsageError(
            f"An imported timeline becomes a local session (the {choice.name} backend is "
            f"active: {choice.reason}).",
            hint=f"Import it with: nemo --backend local import {one_line(str(source), 80)}",
        )
    timeline_format = _format(source, fmt)
    path = source.expanduser()
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    files.load_otio()
    timeline = files.read(path, timeline_format)
    finder = _Finder(env, path.resolve().parent, [Path(d) for d in media_dirs])
    result = read.read_cut(timeline, finder, scaled_handles=timeline_format.scaled_handles)
    missing = [media.file_name(m) or m for m in result.missing]
    if not result.cut.clips:
        where = f": {', '.join(one_line(m, 60) for m in missing[:5])}" if missing else ""
        raise InputError(
            f"No clip of {path.name} could be found on this computer{where}.",
            hint="Put the files beside the timeline file, or name their folder with --media DIR.",
        )
    store = SessionStore(env.paths.local_sessions_dir)
    title = result.cut.name.strip() or path.stem
    session = store.create(title=title)
    with store.edit(session.id) as editing:
        ids = {p: editing.add_media(entry)["id"] for p, entry in finder.entries.items()}
        editing.draft = bridge.draft_from_cut(result.cut, ids)
    set_current_session(env.paths, "local", session.id)
    _report(env, session.id, timeline_format.name, result, missing, finder.unusable)


def _report(env: Env, session_id: str, fmt: str, result: Any, missing: list[str],
            unusable: dict[str, str]) -> None:  # fmt: skip
    cut = result.cut
    if env.json:
        print_json(env.stdout, {
            "session_id": session_id, "format": fmt, "clips": len(cut.clips),
            "music": len(cut.music), "titles": len(cut.texts), "missing": missing,
            "unusable": unusable, "notes": result.notes,
        })  # fmt: skip
        return
    parts = [_plural(len(cut.clips), "clip")]
    if cut.music:
        parts.append("music")
    if cut.texts:
        parts.append(_plural(len(cut.texts), "title"))
    env.console.print(f"[green]✓[/] Imported {markup(one_line(cut.name or fmt, 80))} "
                      f"({', '.join(parts)}) into a new session {markup(session_id)}.")
    if missing:
        names = ", ".join(one_line(m, 60) for m in missing)
        env.console.print(f"[yellow]Not found, left out:[/] {markup(names)}")
        env.console.print("  Put them beside the timeline file, or name their folder with "
                          "--media DIR, and import again.")  # fmt: skip
    for name, why in unusable.items():
        env.console.print(f"[yellow]Left out {markup(one_line(name, 60))}:[/] {markup(why)}")
    for note in result.notes:
        env.console.print(f"[dim]Note: {markup(one_line(note, 200))}[/]")
    env.console.print('Next: nemo status, or nemo say "add background music", then nemo export')


def is_timeline_upload(sources: Sequence[str]) -> bool:
    """True when an upload names a timeline file (it is imported, not uploaded)."""
    from ..backends.local.interchange.formats import is_timeline_file
    from ..media_files import is_url

    timelines = [s for s in sources if not is_url(s) and is_timeline_file(s.strip())]
    if timelines and len([s for s in sources if s.strip()]) > 1:
        raise UsageError("A timeline file is imported on its own, into a new session.",
                         hint=f"Run: nemo import {one_line(timelines[0], 80)}, then upload "
                         "the other files.")  # fmt: skip
    return bool(timelines)

