"""`nemo frame TIME [-o FILE.png]`: one frame of the edited timeline, as it will render.

The work (shared with the chat's "show me 0:12") is ``actions.show_frame``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EmptyDraft, UsageError
from ..router import parse_time
from ..safe_text import one_line
from ..ui.report import print_json

if TYPE_CHECKING:
    from ..env import Env


def run(env: Env, when: str, output: Path | None, force: bool = False) -> None:
    from ..actions import show_frame
    from ..backends.select import open_backend
    from ..config import current_session

    time_ms = parse_time(when)
    if time_ms is None:
        raise UsageError(
            f"'{one_line(when, 40)}' is not a time.",
            hint="Give seconds or minutes:seconds, e.g. nemo frame 12 or 0:12.",
        )
    assert env.paths is not None
    backend = open_backend(env)
    try:
        session_id = env.session_override or current_session(env.paths, backend.name)
        if not session_id:
            raise EmptyDraft(
                "There is no session yet, so no frame to show.",
                hint="Start with: nemo upload clip.mp4",
            )
        info = show_frame(env, backend, session_id, time_ms, output, force=force)
    finally:
        backend.close()
    if env.json:
        print_json(env.stdout, info)
