"""What the REPL and the commands both do: one chat turn, an upload, an export.

``repl.py`` and ``commands/`` both call these, so neither imports the other for them. Each
takes the ``Env`` (streams, consoles, settings) and an open ``Backend``; errors are raised as
``NemoError`` for the caller (the REPL reports and goes on, a command exits).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .draft import seconds
from .errors import NemoError, UsageError
from .media_files import CLOUD_MAX_BYTES, check_local_file, is_url
from .safe_text import markup, one_line

if TYPE_CHECKING:
    import datetime as dt

    from .backends.base import Backend, ExportResult, MediaInfo, ProgressFn, Quality
    from .backends.local.backend import LocalBackend
    from .backends.local.interchange.load import Loaded
    from .backends.local.render.frames import Shot
    from .env import Env
    from .ui.stream import StreamResult

QUALITIES = ("high", "medium", "low")


class OutputExists(NemoError):
    code = "output_exists"


# ---------------------------------------------------------------- one chat turn


def chat_turn(
    env: Env,
    backend: Backend,
    session_id: str,
    text: str,
    *,
    show_errors: bool = True,
    in_chat: bool = False,
    in_shell: bool = False,
) -> StreamResult:
    """Send one message and draw the reply; show the timeline if the reply pointed at it, and
    after an edit the thumbnails of the clips (on a terminal that shows pictures).
    ``in_chat``: the REPL's turn, so hints are worded as the chat understands them;
    ``in_shell``: `nemo say`'s, so they name the shell commands."""
    from .ui.stream import draw_stream

    result = draw_stream(
        env,
        backend.send(session_id, text),
        show_errors=show_errors,
        in_chat=in_chat,
        in_shell=in_shell,
    )
    if result.interrupted:
        return result
    if result.mentions_timeline and not result.timeline_shown:
        try:
            state = backend.session_state(session_id)
        except NemoError:
            return result  # the summary is a courtesy: the turn itself went through
        print_timeline(env, state.draft)
        result.timeline_shown = True
    if result.draft_changed and not env.json:
        show_strip(env, backend, session_id)
    return result


def turn_json(result: StreamResult, session_id: str) -> dict[str, Any]:
    """The object `say --json` prints (and the REPL, per turn, with --json)."""
    body: dict[str, Any] = {
        "reply": result.reply,
        "tool_calls": result.tool_calls,
        "draft_changed": result.draft_changed,
        "changes": result.changes,
        "session_id": session_id,
    }
    if result.unhandled:
        body["unhandled"] = result.unhandled  # the parts of the message that were not done
    return body


def print_timeline(env: Env, draft: dict[str, Any] | None, *, summary: bool = False) -> None:
    """The timeline picture on a terminal (with the one-line summary under it for ``status``,
    as ``nemo status`` shows it), the summary alone when piped, nothing with --json."""
    from .draft import summarize

    if env.json:
        return
    if env.stdout_isatty:
        from .ui.timeline import render_timeline

        env.console.print(render_timeline(draft, width=env.console.width, summary=summary))
    else:
        env.stdout.write(summarize(draft) + "\n")
        env.stdout.flush()


# ---------------------------------------------------------------- upload


def _prepare(backend: Backend, sources: Sequence[str]) -> list[str]:
    """Check all local files before anything is sent; return the sources to send, in order."""
    cloud = backend.name == "cloud"
    max_bytes = CLOUD_MAX_BYTES if cloud else None
    prepared: list[str] = []
    for source in sources:
        source = source.strip()
        if not source:
            continue
        if is_url(source):
            prepared.append(source)
            continue
        path = Path(source).expanduser()
        check_local_file(path, max_bytes, cloud=cloud)
        prepared.append(str(path.resolve()))
    if not prepared:
        raise UsageError(
            "Name at least one file or URL to upload.",
            hint="Example: nemo upload intro.mp4 music.mp3",
        )
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


def export_encoder(env: Env, encoder: str | None) -> str:
    """``encoder`` if given, else the config's, else "auto"; UsageError if unknown."""
    from .backends.local.render.encoders import check_choice

    if encoder is not None:
        return check_choice(encoder)
    configured = env.setting("encoder")
    if configured is None:
        return "auto"
    return check_choice(str(configured), " (config encoder)")


def default_name(session_id: str | None, now: dt.datetime | None = None, ext: str = ".mp4") -> str:
    import datetime as dt

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
        raise UsageError(
            f"The folder {target.parent} does not exist.",
            hint="Create it first, or choose another -o.",
        )
    if target.exists() and not force:
        raise OutputExists(
            f"{target} already exists.", hint="Use --force to overwrite it, or choose another -o."
        )
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
    encoder: str | None = None,
    progress: ProgressFn | None = None,
) -> ExportResult:
    """Render the session's draft to a file (shared by `export`, the REPL and `batch`).
    The backend refuses an empty timeline (EmptyDraft). ``progress`` replaces the progress
    bars (a `batch --jobs` job reports to its parent)."""
    from .backends.base import ExportRequest
    from .ui.progress import ProgressBars

    target = resolve_output(env, output, session_id, force=force)
    request = ExportRequest(
        output=target,
        quality=export_quality(env, quality),
        force=force,
        verify=verify,
        encoder=export_encoder(env, encoder),
    )
    if progress is not None:
        return backend.export(session_id, request, progress)
    with ProgressBars(env) as bars:
        return backend.export(session_id, request, bars)


def saved_detail(result: ExportResult) -> str:
    """What follows "Saved FILE": its size, the encoder that made its picture, how much of it
    came from the render cache, and how much a smart cut copied from its source without
    encoding it again."""
    size = f"{result.bytes / 1_000_000:.1f} MB"
    if result.encoder == "copy":
        return f"{size}, stream-copied"
    detail = f"{size}, {result.encoder}" if result.encoder else size
    if result.segments and result.reused == result.segments:
        detail += "; every clip's picture from the render cache"
    elif result.reused:
        detail += f"; {result.reused} of {result.segments} clips from the render cache"
    if result.copied_s >= 0.05:
        detail += f"; {result.copied_s:.1f} s copied without re-encoding (smart cut)"
    return detail


# ---------------------------------------------------------------- pictures
# Thumbnails and frames come from the edited timeline as the local engine will render it
# (backends/local/render/frames.py). The cloud renders on its servers from files nemo does not
# have, so these pictures come from local sessions only.


def _local(backend: Backend) -> LocalBackend | None:
    """The local engine, or None for a backend that renders elsewhere."""
    if backend.name != "local":
        return None
    from .backends.local.backend import LocalBackend

    return backend if isinstance(backend, LocalBackend) else None


def show_strip(env: Env, backend: Backend, session_id: str) -> bool:
    """Draw the timeline's thumbnails (one per clip) when pictures are on; True if drawn.
    A picture that cannot be made is noted in one dim line: the command goes on."""
    if not env.stdout_isatty:
        return False  # pictures are only ever drawn on a terminal (ui.pictures.detect)
    from .ui.pictures.show import Pictures

    pictures = Pictures(env)
    if not pictures.on:
        return False
    local = _local(backend)
    if local is None:
        return False
    from .ui.pictures.strip import Tile

    assert env.paths is not None
    try:
        thumbs = local.thumbnails(session_id, env.paths.cache)
    except NemoError as err:
        from rich.text import Text

        env.console.print(Text(f"(no thumbnails: {one_line(err.message, 200)})", style="dim"))
        return False
    tiles = [
        Tile(
            t.image,
            f"{t.shot.clip}. {t.shot.name}",
            f"{seconds(t.shot.start_ms)}-{seconds(t.shot.end_ms)}s",
        )
        for t in thumbs
    ]
    return pictures.strip(tiles)


def clock(ms: int) -> str:
    from .backends.local.render.frames import clock as frames_clock

    return frames_clock(ms)


def caption(shot: Shot) -> str:
    span = f"{seconds(shot.start_ms)}-{seconds(shot.end_ms)}s"
    return (
        f"{clock(shot.time_ms)} · clip {shot.clip} {one_line(shot.name, 60)} ({span}) · "
        f"{shot.width}x{shot.height}"
    )


def show_frame(
    env: Env,
    backend: Backend,
    session_id: str,
    time_ms: int,
    output: Path | None = None,
    *,
    force: bool = False,
    command: str = "nemo frame",
) -> dict[str, Any]:
    """The frame at ``time_ms``: drawn (pictures on), saved (``output``), or described."""
    from .ui.pictures.show import Pictures

    local = _local(backend)
    if local is None:
        raise UsageError(
            f"Frames are taken on this computer, with the local engine (the {backend.name} "
            "backend renders on its servers).",
            hint="Use a local session: nemo --backend local frame TIME",
        )
    assert env.paths is not None
    if output is not None:
        output = output.expanduser().absolute()
        if output.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise UsageError(f"{output.name}: nemo saves frames as .png or .jpg.")
        if output.exists() and not force:
            raise UsageError(f"{output} already exists.", hint="Use --force to overwrite it.")
        if not output.parent.is_dir():
            raise UsageError(f"The folder {output.parent} does not exist.")
    shot, image = local.frame(session_id, time_ms, env.paths.cache)
    if output is not None:
        _save(image, output)
    info = {
        "time_ms": time_ms,
        "clip": shot.clip,
        "name": shot.name,
        "width": image.width,
        "height": image.height,
        "path": str(output) if output else None,
    }
    if env.json:
        return info
    drawn = Pictures(env).image(image, caption(shot))
    if not drawn:
        env.console.print(markup(caption(shot)))
    if output is not None:
        env.console.print(f"[green]✓[/] Saved {markup(str(output))}")
    elif not drawn:
        from rich.text import Text

        env.console.print(
            Text(f"Save it as a picture with: {command} {clock(time_ms)} -o frame.png", style="dim")
        )
    return info


def _save(image: Any, output: Path) -> None:
    import io

    from .files import atomic_write_bytes

    buffer = io.BytesIO()
    fmt = "PNG" if output.suffix.lower() == ".png" else "JPEG"
    image.save(buffer, format=fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    atomic_write_bytes(output, buffer.getvalue())


# ---------------------------------------------------------------- import a timeline file


def is_timeline_upload(sources: Sequence[str]) -> bool:
    """True when an upload names a timeline file (.otio/.fcpxml/.xml/.edl): it is imported into
    a new session instead. A timeline file goes alone (UsageError with other files)."""
    from .backends.local.interchange.formats import is_timeline_file

    named = [s.strip() for s in sources if s.strip()]
    timelines = [s for s in named if not is_url(s) and is_timeline_file(s)]
    if timelines and len(named) > 1:
        raise UsageError(
            "A timeline file is imported on its own, into a new session.",
            hint=f"Run: nemo import {one_line(timelines[0], 80)}, then upload the other files.",
        )
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
    loaded = load_file(
        SessionStore(env.paths.local_sessions_dir),
        ffmpeg_exe(env.environ),
        source,
        formats.pick(source, fmt),
        media_dirs=media_dirs,
        fps=fps,
    )
    set_current_session(env.paths, "local", loaded.session_id)
    _report_import(env, loaded, in_repl=in_repl)
    return loaded.session_id


def _report_import(env: Env, loaded: Loaded, *, in_repl: bool) -> None:
    from .safe_text import markup
    from .ui.report import print_json

    cut = loaded.cut
    if env.json:
        print_json(
            env.stdout,
            {
                "session_id": loaded.session_id,
                "format": loaded.format.name,
                "clips": len(cut.clips),
                "music": len(cut.music),
                "titles": len(cut.texts),
                "fps": round(loaded.rate.fps, 3) if loaded.rate else None,
                "missing": loaded.missing,
                "unusable": loaded.unusable,
                "notes": loaded.notes,
            },
        )
        return
    parts = [f"{len(cut.clips)} clip{'' if len(cut.clips) == 1 else 's'}"]
    if cut.music:
        parts.append("music")
    if cut.texts:
        parts.append(f"{len(cut.texts)} title{'' if len(cut.texts) == 1 else 's'}")
    name = markup(one_line(cut.name or loaded.format.name, 80))
    env.console.print(
        f"[green]✓[/] Imported {name} ({', '.join(parts)}) into a new session "
        f"{markup(loaded.session_id)}."
    )
    if loaded.missing:
        names = ", ".join(one_line(m, 60) for m in loaded.missing)
        env.console.print(f"[yellow]Not found, left out:[/] {markup(names)}")
        env.console.print(
            "  Put them beside the timeline file, or name their folder with "
            "--media DIR, and import again."
        )
    for file_name, why in loaded.unusable.items():
        env.console.print(
            f"[yellow]Left out {markup(one_line(file_name, 60))}:[/] {markup(one_line(why, 200))}"
        )
    for note in loaded.notes:
        env.console.print(f"[dim]Note: {markup(one_line(note, 200))}[/]")
    env.console.print(
        'Next: status, or say "add background music", then export'
        if in_repl
        else 'Next: nemo status, or nemo say "add background music", then nemo export'
    )


# ---------------------------------------------------------------- export formats


def _output_formats() -> dict[str, tuple[tuple[str, ...], str]]:
    """``--format`` name -> (the extensions that choose it, what writes it). ``render`` renders
    the video; ``timeline`` writes the timeline for another editor (commands/export_timeline);
    ``captions`` the captions as .srt/.vtt/.ass (commands/captions_file).
    A new kind of output adds its rows here and its writer in ``_write_other``."""
    from .backends.local.interchange.formats import FORMATS as TIMELINE_FORMATS

    # .mov and .m4v hold the same H.264 + AAC MP4 that every player opens under those names.
    rows: dict[str, tuple[tuple[str, ...], str]] = {"mp4": ((".mp4", ".m4v", ".mov"), "render")}
    rows.update({f.name: (f.extensions, "timeline") for f in TIMELINE_FORMATS.values()})
    rows.update(
        {
            "srt": ((".srt",), "captions"),
            "vtt": ((".vtt",), "captions"),
            "ass": ((".ass", ".ssa"), "captions"),
        }
    )
    return rows


def output_format(output: Path | None, fmt: str | None) -> tuple[str, str]:
    """(format name, writer) for ``--format``, else ``-o``'s extension, else mp4.

    An extension nemo does not write (``-o cut.txt``, ``-o cut.mkv``) is refused rather than
    given an MP4 inside under a name that says otherwise."""
    rows = _output_formats()
    if fmt:
        name = fmt.lower().lstrip(".")
        if name not in rows:
            raise UsageError(f"Unknown format '{fmt}'.", hint=f"Use one of: {', '.join(rows)}.")
        return name, rows[name][1]
    suffix = output.suffix.lower() if output is not None and not output.is_dir() else ""
    for name, (extensions, writer) in rows.items():
        if suffix in extensions:
            return name, writer
    if suffix:
        assert output is not None
        known = " ".join(ext for extensions, _ in rows.values() for ext in extensions)
        raise UsageError(
            f"nemo does not write {suffix} files ({output.name}).",
            hint=f"Name the output with one of: {known} (or choose with --format).",
        )
    return "mp4", "render"
