"""`nemo analyze [PATH|NAME]`: what the engine hears and sees in one media file.

PATH is any file; NAME is a file already in the current local session (its name, or its name
without the extension). With neither, each file of the current timeline is analysed in turn
(every file of the session when none is on the timeline yet); ``--json`` then prints a list.
The analysis is the local engine's, from the cache when the same content was analysed before;
a bar appears when it takes more than a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import current_session
from ..env import Env
from ..errors import InputError, UsageError
from ..safe_text import one_line
from ..ui.report import print_json


def _session_media(env: Env) -> list[tuple[str, Path]]:
    """(file name, path) of each file in the current local session, if there is one."""
    from ..backends.local.store import SessionStore

    assert env.paths is not None
    sid = env.session_override or current_session(env.paths, "local")
    if not sid:
        return []
    session = SessionStore(env.paths.local_sessions_dir).load(sid)
    return [(m.filename, Path(m.path)) for m in session.media if m.path]


def _timeline_media(env: Env) -> list[tuple[str, Path]]:
    """(file name, path) of each file the current local session's timeline uses (clips, then
    music), each once; all the session's files when the timeline uses none."""
    from ..backends.local.store import SessionStore

    assert env.paths is not None
    sid = env.session_override or current_session(env.paths, "local")
    if not sid:
        return []
    session = SessionStore(env.paths.local_sessions_dir).load(sid)
    by_id = {m.id: m for m in session.media if m.path}
    timeline = session.timeline
    used = [clip.source for clip in timeline.clips] + [music.source for music in timeline.music]
    on_timeline = [by_id[i] for i in dict.fromkeys(used) if i in by_id]
    return [(m.filename, Path(m.path)) for m in on_timeline or list(by_id.values())]


def resolve(env: Env, target: str) -> tuple[Path, str]:
    """The file to analyse and the name to show for it."""
    if not target.strip():
        raise UsageError("Name a media file to analyse.", hint="Example: nemo analyze clip.mp4")
    path = Path(target).expanduser()
    if path.exists():
        return path.absolute(), path.name
    media = _session_media(env)
    wanted = target.strip().casefold()
    for rule in (
        lambda name: name == target.strip(),
        lambda name: name.casefold() == wanted,
        lambda name: Path(name).stem.casefold() == wanted,
    ):
        matches = [(name, p) for name, p in media if rule(name)]
        if len(matches) == 1:
            return matches[0][1], matches[0][0]
        if len(matches) > 1:
            names = ", ".join(one_line(name, 40) for name, _ in matches)
            raise UsageError(
                f"More than one file in the session is called that: {names}.",
                hint="Give the file's path instead.",
            )
    shown = one_line(target, 120)
    if media:
        names = ", ".join(one_line(name, 40) for name, _ in media[:8])
        raise InputError(
            f"No such file, and no file in the session called {shown}.",
            hint=f"The session holds: {names}.",
        )
    raise InputError(f"No such file: {shown}")


def run(env: Env, target: str | None) -> None:
    if target is not None:
        path, name = resolve(env, target)
        _analyse(env, [(name, path)], as_list=False)
        return
    files = _timeline_media(env)
    if not files:
        raise UsageError("Nothing to analyse: the session has no files. Run: nemo analyze FILE")
    _analyse(env, files, as_list=True)


def _analyse(env: Env, files: list[tuple[str, Path]], *, as_list: bool) -> None:
    """Analyse each file in turn and show it (text as each is done; JSON at the end)."""
    from ..backends.local.analyze.run import analyze
    from ..backends.local.render.ffmpeg import ffmpeg_exe
    from ..ui.analysis import lines
    from ..ui.slow_progress import AfterASecond

    ffmpeg = ffmpeg_exe(env.environ)
    found: list[dict[str, Any]] = []
    for number, (name, path) in enumerate(files):
        with AfterASecond(env) as bars:
            result = analyze(path, ffmpeg=ffmpeg, progress=bars, name=name)
        found.append(result.to_json())
        if not env.json:
            if number:
                env.console.print()
            width = env.console.width if env.stdout_isatty else None
            for line in lines(result, name=name, width=width):
                env.console.print(line, highlight=False)
    if env.json:
        print_json(env.stdout, found if as_list else found[0])
