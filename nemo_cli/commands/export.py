"""`nemo export`: render the current timeline to an MP4 on disk.

The output path is settled here, before the backend starts: ``-o`` (a file, or a directory to put
the default name in), else ``output_dir`` from the config, else the current directory, with a
name made of the session id and the time. An existing file is never overwritten without
``--force``. The backend writes a temporary name and renames it when complete.
"""

from __future__ import annotations

from pathlib import Path

from ..actions import (
    export_current,
    export_encoder,
    export_quality,
    output_format,
    resolve_output,
    saved_detail,
)
from ..backends.base import ExportRequest, ExportResult
from ..backends.select import open_backend
from ..config import current_session
from ..env import Env
from ..errors import EmptyDraft, UsageError
from ..safe_text import markup
from ..ui.progress import ProgressBars
from ..ui.report import print_json


def _pending_output(env: Env, backend: str, render_id: str | None) -> Path | None:
    """Where an interrupted cloud export meant to write, so --resume finishes the same file."""
    if backend != "cloud":
        return None
    from ..backends.cloud.records import pending_renders

    assert env.paths is not None
    records = pending_renders(env.paths)
    record = records.get(render_id) if render_id else records.newest()
    return Path(str(record["output"])) if record and record.get("output") else None


def _report(env: Env, result: ExportResult) -> None:
    if env.json:
        print_json(
            env.stdout,
            {
                "path": str(result.path),
                "render_id": result.render_id,
                "bytes": result.bytes,
                "url": result.url,
                **({"encoder": result.encoder} if result.encoder else {}),
                **({"copied_seconds": result.copied_s} if result.copied_s else {}),
                **(
                    {"segments": result.segments, "reused": result.reused}
                    if result.segments
                    else {}
                ),
                **({"notes": result.notes} if result.notes else {}),
            },
        )
        return
    for note in result.notes:
        env.console.print(f"[yellow]![/] {markup(note)}")
    env.console.print(f"[green]✓[/] Saved {markup(str(result.path))} ({saved_detail(result)})")


def run(
    env: Env,
    *,
    output: Path | None,
    quality: str | None,
    fmt: str | None,
    force: bool,
    resume: bool,
    render_id: str | None,
    cancel: bool,
    verify: bool = True,
    encoder: str | None = None,
) -> None:
    name, writer = output_format(output, fmt)
    if writer != "render":
        if resume or cancel or render_id:
            raise UsageError(
                f"--resume, --cancel and --render-id are for video renders, not {name} files."
            )
        _write_other(env, writer, name, output, force=force)
        return
    if resume and cancel:
        raise UsageError("Use --resume or --cancel, not both.")
    encoder = export_encoder(env, encoder)  # a bad name is a usage error before anything runs
    if render_id and not (resume or cancel):
        raise UsageError("--render-id goes with --resume or --cancel.")
    assert env.paths is not None
    backend = open_backend(env)
    try:
        if cancel:
            message = backend.cancel_export(render_id)
            if env.json:
                print_json(env.stdout, {"cancelled": render_id, "message": message})
            else:
                env.console.print(markup(message))
            return
        session_id = env.session_override or current_session(env.paths, backend.name)
        if resume:
            output = output or _pending_output(env, backend.name, render_id)
            target = resolve_output(env, output, session_id, force=force)
            quality_ = export_quality(env, quality)
            request = ExportRequest(output=target, quality=quality_, force=force)
            with ProgressBars(env) as bars:
                result = backend.resume_export(render_id, request, bars)
        else:
            if not session_id:
                raise EmptyDraft(
                    "There is no session yet, so nothing to export.",
                    hint="Start with: nemo upload clip.mp4",
                )
            result = export_current(
                env,
                backend,
                session_id,
                output,
                quality,
                force=force,
                verify=verify,
                encoder=encoder,
            )
    finally:
        backend.close()
    _report(env, result)


def _write_other(env: Env, writer: str, name: str, output: Path | None, *, force: bool) -> None:
    """Write a file that is not a render (the writers of ``actions._output_formats``)."""
    if writer == "timeline":
        from . import export_timeline

        export_timeline.run(env, name, output, force=force)
        return
    if writer == "captions":
        from .captions_file import export_captions

        export_captions(env, output, name, force=force)
        return
    raise UsageError(f"nemo cannot write {name} files yet.")
