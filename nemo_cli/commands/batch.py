"""`nemo batch JOBS.toml|JOBS.json`: several jobs, each with its own files, words and render.

A job file (paths are relative to the job file's folder)::

    [[job]]
    name = "teaser"  # optional; default job-1, job-2, ...
    files = ["a.mp4", "b.mp4", "music.mp3"]
    instructions = ["combine my clips", "add background music at 30%"]  # or one string
    output = "out/teaser.mp4"  # optional; default <name>.mp4 beside the job file
    quality = "medium"  # optional
    encoder = "x264"  # optional (default: config encoder, else auto)
    force = true  # optional: overwrite an existing output

JSON: ``{"jobs": [ {...}, ... ]}`` or a bare list. Each job gets a new session (the current
session is left alone) and a failed job does not stop the others. The exit code is 0 only if
every job succeeded (the failed jobs' code when they agree, else 1). ``--jobs N`` runs N jobs
at once, each in a ``nemo`` process of its own (batch_parallel.py); one at a time, they run in
order in this process. Ctrl-C stops them all.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..backends.base import (
    Backend,
    Done,
    ErrorEvent,
    Heartbeat,
    ProgressFn,
    ProgressUpdate,
    ToolActivity,
)
from ..backends.select import open_backend
from ..env import Env
from ..errors import InputError, Interrupted, NemoError, RenderError, UsageError
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
    encoder: str | None = None


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
        encoder = entry.get("encoder")
        jobs.append(
            Job(
                name,
                files,
                words,
                out_path,
                str(quality) if quality else None,
                bool(entry.get("force", False)),
                str(encoder) if encoder else None,
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


def run_job(
    env: Env, backend: Backend, job: Job, note: Any, progress: ProgressFn | None = None
) -> Outcome:
    """One job: a new session, its files, its words, its render. A failure is the outcome's;
    an interruption stops the whole batch."""
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
            env,
            backend,
            info.session_id,
            job.output,
            job.quality,
            force=job.force,
            encoder=job.encoder,
            progress=progress,
        )
        outcome.ok, outcome.path, outcome.bytes = True, str(result.path), result.bytes
    except Interrupted:
        raise
    except NemoError as err:
        outcome.error, outcome.exit_code = err.message, err.exit_code
    return outcome


def run(env: Env, jobs_file: Path, workers: int | None = None, child: int | None = None) -> None:
    """``nemo batch JOBS [--jobs N]``: ``workers`` jobs at once (default: what the cores allow,
    batch_parallel.default_jobs). ``child`` runs that one job for a parallel batch."""
    from .batch_parallel import default_jobs, run_parallel

    if workers is not None and workers < 1:
        raise UsageError(f"--jobs takes a number of jobs from 1 up, not {workers}.")
    jobs = load_jobs(jobs_file.expanduser())
    if child is not None:
        run_child(env, jobs, child)
        return
    workers = min(workers or default_jobs(), len(jobs))
    if workers > 1:
        finish(env, run_parallel(env, jobs_file.expanduser(), jobs, workers))
        return
    finish(env, run_in_order(env, jobs))


def job_label(i: int, jobs: list[Job]) -> str:
    """``[2/5] teaser``: how a job is named in the lines a batch prints (Rich markup)."""
    return f"[{i}/{len(jobs)}] {markup(one_line(jobs[i - 1].name, 40))}"


def outcome_line(i: int, jobs: list[Job], outcome: Outcome) -> str:
    prefix = job_label(i, jobs)
    if outcome.ok:
        return f"[green]✓[/] {prefix} → {markup(outcome.path or '')}"
    return f"[red]✗[/] {prefix}: {markup(outcome.error or '')}"


def run_in_order(env: Env, jobs: list[Job]) -> list[Outcome]:
    """The jobs one after another, in this process."""
    backend = open_backend(env)
    outcomes: list[Outcome] = []
    try:
        for i, job in enumerate(jobs, 1):
            prefix = job_label(i, jobs)
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
                env.console.print(outcome_line(i, jobs, outcome))
    finally:
        backend.close()
    return outcomes


def run_child(env: Env, jobs: list[Job], index: int) -> None:
    """Job ``index`` (from 1) of a parallel batch, in a process of its own: what it does, how
    far its render is and its outcome, as JSON lines on stdout for the batch that started it
    (batch_parallel.py). Exits with the job's code."""
    import time

    if not 1 <= index <= len(jobs):
        raise UsageError(f"There is no job {index} (the file lists {len(jobs)}).")

    def emit(event: dict[str, Any]) -> None:
        env.stdout.write(json.dumps(event) + "\n")
        env.stdout.flush()

    last = [0.0]

    def progress(update: ProgressUpdate) -> None:
        now = time.monotonic()
        if now - last[0] < CHILD_PROGRESS_EVERY and update.completed != update.total:
            return
        last[0] = now
        emit({"progress": [update.completed, update.total]})

    backend = open_backend(env)
    try:
        outcome = run_job(env, backend, jobs[index - 1], lambda m: emit({"note": str(m)}), progress)
    finally:
        backend.close()
    emit({"outcome": outcome_fields(outcome)})
    if not outcome.ok:
        err = NemoError(outcome.error or "The job failed.", code="job_failed")
        err.exit_code = outcome.exit_code or 1
        raise err


CHILD_PROGRESS_EVERY = 0.25  # seconds between a child's progress lines


def outcome_fields(outcome: Outcome) -> dict[str, Any]:
    """An outcome as JSON (without its job, which both sides know by its number)."""
    return {
        "ok": outcome.ok,
        "session_id": outcome.session_id,
        "path": outcome.path,
        "bytes": outcome.bytes,
        "error": outcome.error,
        "exit_code": outcome.exit_code,
        "changes": outcome.changes,
    }


def finish(env: Env, outcomes: list[Outcome]) -> None:
    """The summary (a table, or the JSON report) and the exit code of the batch."""
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
