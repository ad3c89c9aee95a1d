"""`nemo export -o NAME.srt|.vtt|.ass`: the captions of the current local timeline as a file.

The extension decides the format; ``--format srt|vtt|ass`` overrides it (commands/export).
The cues are those the video shows (after every cut, trim and speed change); ``.ass``
carries their style too.
"""

from __future__ import annotations

from pathlib import Path

from ..actions import resolve_output
from ..backends.select import choose
from ..config import current_session
from ..env import Env
from ..errors import EmptyDraft, UsageError
from ..safe_text import markup
from ..ui.report import print_json


def export_captions(env: Env, output: Path | None, fmt: str, *, force: bool) -> None:
    from ..backends.local.backend import LocalBackend
    from ..backends.local.captions import fonts, subtitle_files

    assert env.paths is not None
    picked = choose(env)
    if picked.name != "local":
        raise UsageError(
            f"Captions files are written from the local engine's timeline (the {picked.name} "
            f"backend is active: {picked.reason}).",
            hint=f"nemo --backend local export -o captions.{fmt}",
        )
    session_id = env.session_override or current_session(env.paths, "local")
    if not session_id:
        raise EmptyDraft(
            "There is no local session yet, so there are no captions to export.",
            hint="Start with: nemo upload talk.mp4",
        )
    session = LocalBackend(env).store.load(session_id)
    timeline = session.timeline
    cues = timeline.caption_cues()
    if timeline.captions is None or not cues:
        raise EmptyDraft(
            "There are no captions on the timeline to export.",
            hint='Add them first: nemo say "add captions" (or upload a .srt file)',
        )
    target = resolve_output(env, output, session_id, force=force)
    if output is None or output.expanduser().is_dir():
        target = target.with_suffix(f".{fmt}")
    family = "Aileron"
    if fmt == "ass":
        import tempfile

        with tempfile.TemporaryDirectory(prefix="nemo-fonts-") as work:
            family = fonts.folder_for((c.text for c in cues), Path(work), env.environ).family
    frame = timeline.frame
    subtitle_files.write(
        cues,
        target,
        fmt,
        style=timeline.captions.style,
        width=frame.width,
        height=frame.height,
        font=family,
    )
    if env.json:
        print_json(
            env.stdout,
            {"path": str(target), "format": fmt, "cues": len(cues), "bytes": target.stat().st_size},
        )
        return
    count = f"{len(cues)} caption{'' if len(cues) == 1 else 's'}"
    env.console.print(f"[green]✓[/] Saved {markup(str(target))} ({count}, {fmt})")
