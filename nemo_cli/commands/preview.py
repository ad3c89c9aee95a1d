"""`nemo preview`: a fast low-resolution render of the current local draft and a storyboard.

Both files go to the state directory (``previews/<session>.mp4`` and ``-storyboard.png``) and
are replaced by the next preview. The cloud renders on its servers, so this is local only.
"""

from __future__ import annotations

from pathlib import Path

from ..backends.select import choose
from ..config import current_session
from ..env import Env
from ..errors import EmptyDraft, UsageError
from ..safe_text import markup
from ..ui.progress import ProgressBars
from ..ui.report import print_json


def run(env: Env) -> None:
    assert env.paths is not None
    choice = choose(env)
    if choice.name != "local":
        raise UsageError(
            f"nemo preview renders on this computer, with the local engine "
            f"(the {choice.name} backend is active: {choice.reason}).",
            hint="Preview a local session with: nemo --backend local preview",
        )
    from ..backends.local.backend import LocalBackend

    session_id = env.session_override or current_session(env.paths, "local")
    if not session_id:
        raise EmptyDraft(
            "There is no local session yet, so nothing to preview.",
            hint="Start with: nemo upload clip.mp4",
        )
    backend = LocalBackend(env)
    with ProgressBars(env, transient=True) as bars:
        result = backend.preview(session_id, bars)
    if env.json:
        print_json(
            env.stdout,
            {
                "path": str(result.path),
                "storyboard": str(result.storyboard),
                "duration_ms": result.duration_ms,
            },
        )
        return
    env.console.print(
        f"[green]✓[/] Preview ({result.duration_ms / 1000:g} s): {markup(str(result.path))}"
    )
    env.console.print(f"  Storyboard: {markup(str(result.storyboard))}")
    _show_storyboard(env, result.storyboard)
    env.console.print("Happy with it? nemo export -o video.mp4")


def _show_storyboard(env: Env, path: Path) -> None:
    """The storyboard inline, as wide as the terminal, where pictures are shown."""
    from ..ui.pictures.show import Pictures

    pictures = Pictures(env)
    if not pictures.on:
        return
    from PIL import Image

    with Image.open(path) as opened:
        board = opened.convert("RGB")
    pictures.image(board, max_cells=env.console.width - 1)
