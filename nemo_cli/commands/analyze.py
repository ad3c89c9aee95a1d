"""`nemo analyze PATH|NAME`: what the engine hears and sees in one media file.

PATH is any file; NAME is a file already in the current local session (its name, or its name
without the extension). The analysis is the local engine's, from the cache when the same
content was analysed before; a bar appears when it takes more than a second.
"""

from __future__ import annotations

from pathlib import Path

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
            raise UsageError(f"More than one file in the session is called that: {names}.",
                             hint="Give the file's path instead.")  # fmt: skip
    shown = one_line(target, 120)
    if media:
        names = ", ".join(one_line(name, 40) for name, _ in media[:8])
        raise InputError(f"No such file, and no file in the session called {shown}.",
                         hint=f"The session holds: {names}.")  # fmt: skip
    raise InputError(f"No such file: {shown}")


def run(env: Env, target: str) -> None:
    from ..backends.local.analyze.run import analyze
    from ..backends.local.render.ffmpeg import ffmpeg_exe
    from ..ui.slow_progress import AfterASecond

    path, name = resolve(env, target)
    ffmpeg = ffmpeg_exe(env.environ)
    with AfterASecond(env) as bars:
        result = analyze(path, ffmpeg=ffmpeg, progress=bars, name=name)
    if env.json:
        print_json(env.stdout, result.to_json())
    else:
        from ..ui.analysis import lines

        for line in lines(result, name=name):
            env.console.print(line, highlight=False)
