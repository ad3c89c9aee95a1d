"""What the REPL and the commands both do: one chat turn, an upload, an export.

``repl.py`` and ``commands/`` both call these, so neither imports the other for them. Each
takes the ``Env`` (streams, consoles, settings) and an open ``Backend``; errors are raised as
``NemoError`` for the caller (the REPL reports and goes on, a command exits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NemoError, UsageError
from .media_files import CLOUD_MAX_BYTES, check_local_file, is_url
from .safe_text import one_line

if TYPE_CHECKING:
    from .backends.base import Backend, ExportResult, MediaInfo, Quality
    from .backends.local.interchange.load import Loaded
    from .env import Env
    from .ui.stream import StreamResult

QUALITIES = ("high", "medium", "low")


class OutputExists(NemoError):
    code = "output_exists"


# ---------------------------------------------------------------- one chat turn


def chat_turn(
    env: Env, backend: Backend, session_id: str, text: str, *, show_errors: bool = True
) -> StreamResult:
    """Send one message and draw the reply; show the timeline if the reply pointed at it."""
    from .ui.stream import draw_stream

    result = draw_stream(env, backend.send(session_id, text), show_errors=show_errors)
    if result.mentions_timeline and not result.timeline_shown and not result.interrupted:
        try:
            state = backend.session_state(session_id)
        except NemoError:
            return result  # the summary is a courtesy: the turn itself went through
        print_timeline(env, state.draft)
        result.timeline_shown = True
    return result


def turn_json(result: StreamResult, session_id: str) -> dict[str, Any]:
    """The object `say --json` prints (and the REPL, per turn, with --json)."""
    return {
        "reply": result.reply,
        "tool_calls": result.tool_calls,
        "draft_changed": result.draft_changed,
        "changes": result.changes,
        "session_id": session_id,
    }


def print_timeline(env: Env, draft: dict[str, Any] | None) -> None:
    """The timeline picture on a terminal, its one-line summary when piped, nothing with --json."""
    from .draft import summarize

    if env.json:
        return
    if env.stdout_isatty:
        from .ui.timeline import render_timeline

        env.console.print(render_timeline(draft, width=env.console.width, summary=True))
    else:
        env.stdout.write(summarize(draft) + "\n")
        env.stdout.flush()


# ---------------------------------------------------------------- upload


def _prepare(backend: Backend, sources: Sequence[str]) -> list[str]:
    """Check all local files before anything is sent; return the sources to send, in order."""
    max_bytes = CLOUD_MAX_BYTES if backend.name == "cloud" else None
    prepared: list[str] = []
    for source in sources:
        source = source.strip()
        if not source:
            continue
        if is_url(source):
            prepared.append(source)
            continue
        path = Path(source).expanduser()
        check_local_file(path, max_bytes)
        prepared.append(str(path.resolve()))
    if not prepared:
        raise UsageError("Name at least one file or URL to upload.",
                         hint="Example: nemo upload intro.mp4 music.mp3")  # fmt: skip
    return prepared


def upload_sources(
    env: Env, backend: Backend, session_id: str, sources: Sequence[str]
) -> list[MediaInfo]:
    """Upload ``sources`` to the session; returns what the backend made of each file.

    Every local file is checked before anything is sent. If one fails part-way, the error says
    which files were already uploaded (they stay in the session)."""
    from .ui.progress import ProgressBars

    prepared = _prepare(backend, sources)
    done: list[MediaInfo] = []
    with ProgressBars(env) as bars:
        for source in prepared:
            try:
                done.extend(backend.upload(session_id, [source], bars))
            except NemoError as err:
                if done:
                    names = ", ".join(one_line(m.filename, 60) for m in done)
                    note = f"Already uploaded (kept in the session): {names}."
                    err.hint = f"{note} {err.hint}" if err.hint else note
                raise
    return done


# ---------------------------------------------------------------- export


def export_quality(env: Env, quality: str | None) -> Quality:
    """``quality`` if given, else the config's, else "high"; UsageError if unknown."""
    value = (quality or env.setting("quality") or "high").lower()
    if value not in QUALITIES:
        raise UsageError(f"Unknown quality '{value}'.", hint="Use high, medium or low.")
    return value  # type: ignore[return-value]


def default_name(session_id: str | None, now: dt.datetime | None = None, ext: str = ".mp4") -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    safe_sid = "".join(c for c in (session_id or "render") if c.isalnum() or c in "-_")[:40]
    return f"nemo-{safe_sid or 'render'}-{stamp}{ext}"


def resolve_output(
    env: Env, output: Path | None, session_id: str | None, *, force: bool, ext: str = ".mp4"
) -> Path:
    """Where the export goes: ``output`` (a file, or a folder for the default name), else the
    config's ``output_dir``, else here. Never an existing file without ``force``."""
    if output is None:
        base = Path(str(env.setting("output_dir") or ".")).expanduser()
        target = base / default_name(session_id, ext=ext)
    else:
        target = output.expanduser()
        if target.is_dir():
            target = target / default_name(session_id, ext=ext)
    target = target.resolve()
    if not target.parent.is_dir():
        raise UsageError(f"The folder {target.parent} does not exist.",
                         hint="Create it first, or choose another -o.")  # fmt: skip
    if target.exists() and not force:
        raise OutputExists(f"{target} already exists.",
                           hint="Use --force to overwrite it, or choose another -o.")  # fmt: skip
    return target


def export_current(
    env: Env,
    backend: Backend,
    session_id: str,
    output: Path | None = None,
    quality: str | None = None,
    *,
    force: bool = False,
    verify: bool = True,
) -> ExportResult:
    """Render the session's draft to a file (shared by `export`, the REPL and `batch`).
    The backend refuses an empty timeline (EmptyDraft)."""
    from .backends.base import ExportRequest
    from .ui.progress import ProgressBars

    target = resolve_output(env, output, session_id, force=force)
    request = ExportRequest(output=target, quality=export_quality(env, quality), force=force,
                            verify=verify)  # fmt: skip
    with ProgressBars(env) as bars:
        return backend.export(session_id, request, bars)


# ---------------------------------------------------------------- import a timeline file


def is_timeline_upload(sources: Sequence[str]) -> bool:
    """True when an upload names a timeline file (.otio/.fcpxml/.xml/.edl): it is imported into
    a new session instead. A timeline file goes alone (UsageError with other files)."""
    from .backends.local.interchange.formats import is_timeline_file

    named = [s.strip() for s in sources if s.strip()]
    timelines = [s for s in named if not is_url(s) and is_timeline_file(s)]
    if timelines and len(named) > 1:
        raise UsageError("A timeline file is imported on its own, into a new session.",
                         hint=f"Run: nemo import {one_line(timelines[0], 80)}, then upload "
                         "the other files.")  # fmt: skip
    return bool(timelines)


def import_timeline(
    env: Env,
    backend_name: str,
    source: Path,
    *,
    fmt: str | None = None,
    media_dirs: Sequence[Path] = (),
    fps: float | None = None,
    why_backend: str = "",
    in_repl: bool = False,
) -> str:
    """Load a timeline file into a new local session, make it current, say what came in and
    what was left out; returns the new session's id. Shared by `import`, `upload` of a
    timeline file and the REPL's upload (a file dropped into the terminal)."""
    from .backends.local.interchange import formats
    from .backends.local.interchange.load import load_file
    from .backends.local.render.ffmpeg import ffmpeg_exe
    from .backends.local.store import SessionStore
    from .config import set_current_session

    assert env.paths is not None
    if backend_name != "local":
        why = f": {why_backend}" if why_backend else ""
        raise UsageError(
            f"An imported timeline becomes a local session (the {backend_name} backend is "
            f"active{why}).",
            hint=f"Import it with: nemo --backend local import {one_line(str(source), 80)}",
        )
    loaded = load_file(SessionStore(env.paths.local_sessions_dir), ffmpeg_exe(env.environ),
                       source, formats.pick(source, fmt), media_dirs=media_dirs,
                       fps=fps)  # fmt: skip
    set_current_session(env.paths, "local", loaded.session_id)
    _report_import(env, loaded, in_repl=in_repl)
    return loaded.session_id


def _report_import(env: Env, loaded: Loaded, *, in_repl: bool) -> None:
    from .safe_text import markup
    from .ui.report import print_json

    cut = loaded.cut
    if env.json:
        print_json(env.stdout, {
            "session_id": loaded.session_id, "format": loaded.format.name,
            "clips": len(cut.clips), "music": len(cut.music), "titles": len(cut.texts),
            "fps": round(loaded.rate.fps, 3) if loaded.rate else None,
            "missing": loaded.missing, "unusable": loaded.unusable, "notes": loaded.notes,
        })  # fmt: skip
        return
    parts = [f"{len(cut.clips)} clip{'' if len(cut.clips) == 1 else 's'}"]
    if cut.music:
        parts.append("music")
    if cut.texts:
        parts.append(f"{len(cut.texts)} title{'' if len(cut.texts) == 1 else 's'}")
    name = markup(one_line(cut.name or loaded.format.name, 80))
    env.console.print(f"[green]✓[/] Imported {name} ({', '.join(parts)}) into a new session "
                      f"{markup(loaded.session_id)}.")  # fmt: skip
    if loaded.missing:
        names = ", ".join(one_line(m, 60) for m in loaded.missing)
        env.console.print(f"[yellow]Not found, left out:[/] {markup(names)}")
        env.console.print("  Put them beside the timeline file, or name their folder with "
                          "--media DIR, and import again.")  # fmt: skip
    for file_name, why in loaded.unusable.items():
        env.console.print(f"[yellow]Left out {markup(one_line(file_name, 60))}:[/] "
                          f"{markup(one_line(why, 200))}")  # fmt: skip
    for note in loaded.notes:
        env.console.print(f"[dim]Note: {markup(one_line(note, 200))}[/]")
    env.console.print('Next: status, or say "add background music", then export' if in_repl
                      else 'Next: nemo status, or nemo say "add background music", then '
                      "nemo export")  # fmt: skip
