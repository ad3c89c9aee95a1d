"""`nemo batch JOBS.toml|JOBS.json`: several jobs, each with its own files, words and render.

A job file (paths are relative to the job file's folder)::

    [[job]]
    name = "teaser"  # optional; default job-1, job-2, ...
    files = ["a.mp4", "b.mp4", "music.mp3"]
    instructions = ["combine my clips", "add background music at 30%"]  # or one string
    output = "out/teaser.mp4"  # optional; default <name>.mp4 beside the job file
    quality = "medium"  # optional
    force = true  # optional: overwrite an existing output

JSON: ``{"jobs": [ {...}, ... ]}`` or a bare list. Each job gets a new session (the current
session is left alone), runs in order, and a failed job does not stop the others. The exit code
is 0 only if every job succeeded.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..backends.base import Backend, Done, ErrorEvent, Heartbeat, ToolActivity
from ..backends.select import open_backend
from ..env import Env
from ..errors import InputError, NemoError, RenderError, UsageError
from ..safe_text import markup, one_line
from ..sessions import language_setting
from ..ui.report import print_json


@dataclass
class Job:
    name: str
    files: list[str]
    instructions: list[str]
    output: Path
    quality: str | None = None
    force: bool = False


@dataclass
class Outcome:
    job: Job
    ok: bool = False
    session_id: str | None = None
    path: str | None = None
    bytes: int = 0
    error: str | None = None
    exit_code: int = 0
    changes: list[str] = field(default_factory=list)


def _as_list(value: Any, what: str, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise UsageError(f"Job '{name}': '{what}' must be a string or a list of strings.")


def load_jobs(path: Path) -> list[Job]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"No such job file: {path}") from None
    except (IsADirectoryError, OSError) as exc:
        raise InputError(f"Cannot read the job file {path}: {exc}") from None
    try:
        if path.suffix.lower() == ".json":
            data: Any = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        tomllib.TOMLDecodeError,
        RecursionError,
    ) as exc:
        raise UsageError(f"The job file {path} is not valid: {exc}") from None
    entries = (
        data
        if isinstance(data, list)
        else (data.get("job") or data.get("jobs") if isinstance(data, dict) else None)
    )
    if not isinstance(entries, list) or not entries:
        raise UsageError(
            f"The job file {path} lists no jobs.",
            hint="Write one [[job]] table per job (see nemo batch --help).",
        )
    base = path.parent
    jobs: list[Job] = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise UsageError(f"Job {i} in {path} is not a table/object.")
        name = str(entry.get("name") or f"job-{i}")
        files = [
            str((base / f).expanduser()) if "://" not in f else f
            for f in _as_list(entry.get("files"), "files", name)
        ]
        words = _as_list(entry.get("instructions"), "instructions", name)
        output = entry.get("output")
        out_path = base / (str(output) if output else f"{name}.mp4")
        quality = entry.get("quality")
        jobs.append(
            Job(
                name,
                files,
                words,
                out_path,
                str(quality) if quality else None,
                bool(entry.get("force", False)),
            )
        )
    return jobs


def _talk(backend: Backend, session_id: str, text: str, note: Any) -> list[str]:
    """Send one instruction; returns the change sentences. An in-stream error fails the job."""
    from ..backends.base import DraftChanged

    changes: list[str] = []
    for event in backend.send(session_id, text):
        if isinstance(event, ToolActivity):
            note(event.label)
        elif isinstance(event, Heartbeat):
            note("still working...")
        elif isinstance(event, DraftChanged):
            changes.extend(event.changes)
        elif isinstance(event, ErrorEvent):
            raise RenderError(f"The edit failed: {event.message}")
        elif isinstance(event, Done):
            break
    return changes


def run_job(env: Env, backend: Backend, job: Job, note: Any) -> Outcome:
    from ..actions import export_current, upload_sources

    outcome = Outcome(job)
    try:
        info = backend.create_session(language_setting(env))
        outcome.session_id = info.session_id
        if job.files:
            note(f"uploading {len(job.files)} file{'s' if len(job.files) != 1 else ''}")
            upload_sources(env, backend, info.session_id, job.files)
        for text in job.instructions:
            note(f"editing: {one_line(text, 40)}")
            outcome.changes.extend(_talk(backend, info.session_id, text, note))
        note("rendering")
        result = export_current(
            env, backend, info.session_id, job.output, job.quality, force=job.force
        )
        outcome.ok, outcome.path, outcome.bytes = True, str(result.path), result.bytes
    except NemoError as err:
        outcome.error, outcome.exit_code = err.message, err.exit_code
    return outcome


def run(env: Env, jobs_file: Path) -> None:
    jobs = load_jobs(jobs_file.expanduser())
    backend = open_backend(env)
    outcomes: list[Outcome] = []
    try:
        for i, job in enumerate(jobs, 1):
            prefix = f"[{i}/{len(jobs)}] {markup(one_line(job.name, 40))}"
            if env.stderr_isatty and not env.json:
                with env.err_console.status(prefix) as status:
                    outcome = run_job(
                        env,
                        backend,
                        job,
                        lambda msg, s=status, p=prefix: s.update(
                            f"{p}: {markup(one_line(str(msg), 60))}"
                        ),
                    )
            else:
                outcome = run_job(env, backend, job, lambda msg: None)
            outcomes.append(outcome)
            if not env.json:
                if outcome.ok:
                    env.console.print(f"[green]✓[/] {prefix} → {markup(outcome.path or '')}")
                else:
                    env.console.print(f"[red]✗[/] {prefix}: {markup(outcome.error or '')}")
    finally:
        backend.close()
    failed = [o for o in outcomes if not o.ok]
    if env.json:
        print_json(
            env.stdout,
            {
                "jobs": [
                    {
                        "name": o.job.name,
                        "ok": o.ok,
                        "session_id": o.session_id,
                        "path": o.path,
                        "bytes": o.bytes,
                        "error": o.error,
                    }
                    for o in outcomes
                ],
                "failed": len(failed),
            },
        )
    else:
        _summary(env, outcomes)
    if failed:
        codes = {o.exit_code for o in failed}
        err = NemoError(f"{len(failed)} of {len(outcomes)} jobs failed.", code="batch_failed")
        err.exit_code = codes.pop() if len(codes) == 1 else 1
        raise err


def _summary(env: Env, outcomes: list[Outcome]) -> None:
    from rich.table import Table

    table = Table(title="Batch summary", show_lines=False)
    for col in ("job", "result", "output / error"):
        table.add_column(col)
    for o in outcomes:
        result = "[green]ok[/]" if o.ok else "[red]failed[/]"
        detail = o.path if o.ok else o.error
        table.add_row(markup(one_line(o.job.name, 30)), result, markup(detail or ""))
    env.console.print(table)
