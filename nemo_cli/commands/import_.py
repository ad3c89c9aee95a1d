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
    choice = choose(env)
    import_timeline(env, choice.name, source, fmt=fmt, media_dirs=media_dirs, fps=fps,
                    why_backend=choice.reason)  # fmt: skip
