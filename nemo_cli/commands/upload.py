"""`nemo upload PATH|URL...`: check every file first, then send them one by one with a bar each.

Nothing is sent if any local file is bad. If the server refuses a file part-way, the error says
which files were already uploaded (they stay in the session), so nothing is half-done unseen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..backends.base import Backend, MediaInfo
from ..backends.select import open_backend
from ..env import Env
from ..errors import NemoError, UsageError
from ..media_files import CLOUD_MAX_BYTES, check_local_file, is_url
from ..ui.progress import ProgressBars
from ..ui.report import print_json
from ..ui.safe import markup, one_line


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
                         hint="Example: nemo upload intro.mp4 music.mp3")
    return prepared


def upload_sources(
    env: Env, backend: Backend, session_id: str, sources: Sequence[str]
) -> list[MediaInfo]:
    """Upload ``sources`` to the session; returns what the backend made of each file."""
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


def run(env: Env, sources: list[str]) -> None:
    from ..sessions import ensure_session
    from . import import_

    if import_.is_timeline_upload(sources):  # .otio/.fcpxml/.xml/.edl: a new session
        source = next(s for s in sources if s.strip())
        import_.run(env, Path(source.strip()))
        return

    backend = open_backend(env)
    try:
        session_id = ensure_session(env, backend)
        media = upload_sources(env, backend, session_id, sources)
    finally:
        backend.close()
    if env.json:
        print_json(env.stdout, {"session_id": session_id,
                                "files": [m.to_json() for m in media]})
        return
    for m in media:
        env.console.print(f"[green]✓[/] {markup(one_line(m.filename, 80))} [dim]({m.facts()})[/]")
    count = len(media)
    env.console.print(
        f"Added {count} file{'s' if count != 1 else ''} to session {markup(session_id)}. "
        "Next: nemo say \"combine my clips, add background music\""
    )
