"""`nemo import FILE` (and `nemo upload FILE` of a timeline file): a timeline from another editor
(.otio, .fcpxml, FCP 7 .xml, .edl) becomes a new local session, then is edited by chat and
rendered like any other. The work is ``actions.import_timeline`` (shared with the REPL, where
a dropped timeline file is imported the same way) over backends/local/interchange/load.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..actions import import_timeline
from ..backends.select import choose
from ..env import Env


def run(
    env: Env,
    source: Path,
    fmt: str | None = None,
    media_dirs: Sequence[Path] = (),
    fps: float | None = None,
) -> None:
    if fmt is None:
        _refuse_media(source)
    choice = choose(env)
    import_timeline(
        env, choice.name, source, fmt=fmt, media_dirs=media_dirs, fps=fps, why_backend=choice.reason
    )


def _refuse_media(source: Path) -> None:
    """A media or subtitle file given to `import` is one to upload: say so, with the command."""
    import shlex

    from ..backends.local.interchange.formats import is_timeline_file
    from ..errors import InputError
    from ..media_files import file_type_for
    from ..safe_text import one_line

    kind = file_type_for(source.name)
    if kind is None or is_timeline_file(source):
        return
    what = {"subtitles": "a subtitle", "audio": "an audio", "image": "an image"}.get(
        kind, f"a {kind}"
    )
    name = one_line(source.name, 80)
    raise InputError(
        f"{name} is {what} file: import reads timelines (.otio .xml .fcpxml .edl).",
        hint=f"Add it to the session with: nemo upload {shlex.quote(one_line(str(source), 200))}",
    )
