"""`nemo upload PATH|URL...`: check every file first, then send them one by one with a bar each.

Nothing is sent if any local file is bad. If the server refuses a file part-way, the error says
which files were already uploaded (they stay in the session), so nothing is half-done unseen.
"""

from __future__ import annotations

from ..actions import is_timeline_upload, upload_sources
from ..backends.select import open_backend
from ..env import Env
from ..safe_text import markup, one_line
from ..ui.report import print_json


def run(env: Env, sources: list[str]) -> None:
    from pathlib import Path

    from ..sessions import ensure_session
    from . import import_

    if is_timeline_upload(sources):  # .otio/.fcpxml/.xml/.edl: a new session
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
        print_json(env.stdout, {"session_id": session_id, "files": [m.to_json() for m in media]})
        return
    for m in media:
        env.console.print(f"[green]✓[/] {markup(one_line(m.filename, 80))} [dim]({m.facts()})[/]")
        for note in m.notes:
            env.console.print(f"  [yellow]![/] {markup(one_line(note, 300))}")
    count = len(media)
    env.console.print(
        f"Added {count} file{'s' if count != 1 else ''} to session {markup(session_id)}. "
        'Next: nemo say "combine my clips, add background music"'
    )
