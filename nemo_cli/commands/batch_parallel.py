"""`nemo batch --jobs N`: N jobs at once, each in a `nemo` process of its own.

Why processes, not threads: a job is a session, uploads, edits and a render, and each stage
runs children of its own (ffmpeg for probes, the analysis, the segments, the check). In a
process per job all of them stay under the clean-up one `nemo export` already has: Ctrl-C
and SIGTERM kill and reap its ffmpeg and leave no partial file
(tests/test_reliability_signals.py), and no job can disturb another's state. Each child runs
``nemo --json --backend B batch JOBS --child K`` (commands/batch.py ``run_child``) in a
session of its own, so a terminal's Ctrl-C reaches this process only, which stops them all
with one SIGTERM each; the child writes JSON lines: what it is doing, how far its render is,
its outcome.

The default N is half the cores, at least 1: x264 already spreads one render over every core,
so two renders on two cores only take turns; with more cores, jobs overlap their serial parts
(Python's start, the probes, the sound pass, the check) with each other's encodes. On a
2-core machine the default is 1: the jobs run in order in this process, as they always did.

On a terminal, one live line per running job (its stage, its render's percentage) sits under
the lines of the jobs done; piped, a job's stages and, every few seconds, its progress are
lines prefixed with the job. The summary (or the --json report) follows in the file's order.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..backends.local.child import drain, stop
from ..env import Env
from ..errors import Interrupted
from ..safe_text import markup, one_line
from .batch import Job, Outcome, job_label, outcome_line

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.live import Live

STOP_GRACE = 30.0  # seconds a stopped job gets to stop its ffmpeg and remove its partial file
_Event = tuple[int, dict[str, Any] | None]  # (job number, event); None: its output ended


def default_jobs() -> int:
    """Half the cores this process may use, at least 1 (see the module docstring)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores // 2)


@dataclass
class _Child:
    """A running job: its process, what it last said, how far its render is."""

    number: int
    proc: subprocess.Popen[bytes]
    readers: list[threading.Thread]
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=20))
    note: str = "starting"
    done: float = 0.0
    total: float | None = None
    outcome: dict[str, Any] | None = None
    said_at: float = 0.0  # when its stage or progress was last said as a line (piped)
    said: str = ""  # ... and what its progress line said

    @property
    def doing(self) -> str:
        what = one_line(self.note, 60)
        if self.total:
            return f"{what} {min(100, round(100 * self.done / self.total))}%"
        return what


def _command(env: Env, jobs_file: Path, number: int) -> list[str]:
    from ..backends.select import choose

    args = [sys.executable, "-m", "nemo_cli", "--json", "--no-color", "--no-pictures"]
    args += ["--backend", choose(env).name, *(["--verbose"] if env.verbose else [])]
    return [*args, "batch", str(jobs_file), "--child", str(number)]


def _read(number: int, stream: Any, events: queue.Queue[_Event]) -> None:
    """A child's JSON lines onto ``events``; then None: it is ending."""
    for raw in iter(stream.readline, b""):
        try:
            event = json.loads(raw.decode("utf-8", "replace"))
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict):
            events.put((number, event))
    events.put((number, None))


def _start(env: Env, jobs_file: Path, number: int, events: queue.Queue[_Event]) -> _Child:
    own_group: dict[str, Any] = {"start_new_session": True} if os.name == "posix" else {}
    proc = subprocess.Popen(
        _command(env, jobs_file, number),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env.environ),
        **own_group,
    )
    assert proc.stdout is not None and proc.stderr is not None
    child = _Child(number, proc, [])
    child.readers = [
        threading.Thread(target=_read, args=(number, proc.stdout, events), daemon=True),
        threading.Thread(target=drain, args=(proc.stderr, child.tail), daemon=True),
    ]
    for reader in child.readers:
        reader.start()
    return child


def _ended(job: Job, child: _Child) -> Outcome:
    """The outcome the child reported, or what its exit says when it reported none."""
    code = child.proc.wait()
    for reader in child.readers:
        reader.join(timeout=5)
    for stream in (child.proc.stdout, child.proc.stderr):
        if stream is not None:
            stream.close()
    said = child.outcome
    if said is not None:
        return Outcome(
            job,
            ok=bool(said.get("ok")),
            session_id=said.get("session_id"),
            path=said.get("path"),
            bytes=int(said.get("bytes") or 0),
            error=said.get("error"),
            exit_code=int(said.get("exit_code") or 0),
            changes=list(said.get("changes") or []),
        )
    return Outcome(job, error=_last_error(child.tail, code), exit_code=code if code > 0 else 1)


def _last_error(tail: deque[str], code: int) -> str:
    """The message of the child's JSON error (stderr), else its last line."""
    for line in reversed(tail):
        try:
            message = json.loads(line)["error"]["message"]
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
        return one_line(str(message), 300)
    if tail:
        return one_line(tail[-1], 300)
    return f"the job's process ended with code {code}"


def _signal_stop(proc: subprocess.Popen[bytes]) -> None:
    """Ask a child to stop the way Ctrl-C would (it cleans up and exits 130)."""
    if proc.poll() is not None:
        return
    try:
        if os.name == "posix":
            proc.send_signal(signal.SIGTERM)
        else:
            proc.terminate()
    except OSError:
        pass


def _stop_all(children: list[_Child]) -> None:
    """Every running job stopped, waited for (up to ``STOP_GRACE``), then killed if still
    there; a second Ctrl-C ends the wait."""
    for child in children:
        _signal_stop(child.proc)
    deadline = time.monotonic() + STOP_GRACE
    try:
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except KeyboardInterrupt:
        pass  # a second Ctrl-C: stop waiting, kill what is left
    finally:
        for child in children:
            stop(child.proc)
            for stream in (child.proc.stdout, child.proc.stderr):
                if stream is not None:
                    stream.close()


class _View:
    """What the batch shows while jobs run (see the module docstring); nothing with --json."""

    def __init__(self, env: Env, jobs: list[Job]) -> None:
        self.env, self.jobs = env, jobs
        self.live: Live | None = None
        self.lock = threading.Lock()
        self.running: dict[int, _Child] = {}
        self.waiting = 0
        self.every = env.float_setting("NEMO_PROGRESS_EVERY", None, 5.0)

    def __enter__(self) -> _View:
        if self.env.stderr_isatty and not self.env.json:
            from rich.live import Live

            self.live = Live(
                console=self.env.err_console,
                get_renderable=self._picture,
                transient=True,
                refresh_per_second=8,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live is not None:
            self.live.stop()

    def _picture(self) -> RenderableType:
        from rich.spinner import Spinner
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, 1))
        with self.lock:
            rows = [(n, c.doing) for n, c in sorted(self.running.items())]
            waiting = self.waiting
        for number, doing in rows:
            label = Text.from_markup(job_label(number, self.jobs))
            grid.add_row(Spinner("dots"), label + Text(f": {doing}"))
        if waiting:
            grid.add_row("", Text(f"{waiting} more waiting", style="dim"))
        return grid

    def _line(self, text: str) -> None:
        """A plain line about a running job on stderr (piped runs only)."""
        if self.live is None and not self.env.json:
            self.env.err_console.print(text, soft_wrap=True)

    def update(self, running: dict[int, _Child], waiting: int) -> None:
        with self.lock:
            self.running, self.waiting = dict(running), waiting

    def noted(self, child: _Child) -> None:
        child.said_at, child.said = time.monotonic(), ""
        self._line(f"{job_label(child.number, self.jobs)}: {markup(one_line(child.note, 60))}")

    def moved(self, child: _Child) -> None:
        """Its progress as a line every ``every`` seconds while it moves, and its 100 % if it
        said how far it was before (as ui/progress.ProgressLines does for one render)."""
        now = time.monotonic()
        finished = child.total is not None and child.done >= child.total
        due = now - child.said_at >= self.every or (finished and child.said)
        if due and child.doing != child.said:
            child.said_at, child.said = now, child.doing
            self._line(f"{job_label(child.number, self.jobs)}: {markup(child.doing)}")

    def finished(self, number: int, outcome: Outcome) -> None:
        if self.env.json:
            return
        line = outcome_line(number, self.jobs, outcome)
        if self.live is not None and self.env.stdout_isatty:
            self.live.console.print(line)  # above the live lines, on the same terminal
        else:
            self.env.console.print(line)


def run_parallel(env: Env, jobs_file: Path, jobs: list[Job], workers: int) -> list[Outcome]:
    """Run ``jobs`` (read from ``jobs_file``), ``workers`` at a time; their outcomes in order.

    Ctrl-C or SIGTERM stops every running job (each removes its partial file and its ffmpeg)
    and raises Interrupted; the jobs not started yet never start."""
    events: queue.Queue[_Event] = queue.Queue()
    waiting = list(range(1, len(jobs) + 1))
    running: dict[int, _Child] = {}
    outcomes: dict[int, Outcome] = {}
    try:
        with _View(env, jobs) as view:
            while waiting or running:
                while waiting and len(running) < workers:
                    number = waiting.pop(0)
                    try:
                        running[number] = _start(env, jobs_file, number, events)
                    except OSError as exc:
                        outcomes[number] = Outcome(
                            jobs[number - 1], error=f"Cannot start the job: {exc}", exit_code=1
                        )
                        view.finished(number, outcomes[number])
                view.update(running, len(waiting))
                try:
                    number, event = events.get(timeout=0.25)
                except queue.Empty:
                    continue
                child = running[number]
                if event is None:
                    outcomes[number] = _ended(jobs[number - 1], child)
                    del running[number]
                    view.update(running, len(waiting))
                    view.finished(number, outcomes[number])
                elif "note" in event:
                    child.note = str(event["note"])
                    child.total = None
                    view.noted(child)
                elif "progress" in event:
                    done, total = event["progress"]
                    child.done, child.total = float(done or 0), float(total) if total else None
                    view.moved(child)
                elif "outcome" in event and isinstance(event["outcome"], dict):
                    child.outcome = event["outcome"]
    except KeyboardInterrupt:
        stopped = len(running)
        _stop_all(list(running.values()))
        plural = "s" if stopped != 1 else ""
        raise Interrupted(
            f"Stopped: {stopped} running job{plural} stopped; nothing partial was written."
        ) from None
    return [outcomes[n] for n in range(1, len(jobs) + 1)]
