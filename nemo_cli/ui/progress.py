"""Progress bars for uploads, renders and downloads, fed by ``ProgressUpdate`` ticks.

Bars go to stderr (stdout stays clean for ``--json`` and pipes) and only on a terminal. One bar
per ``key``; the columns follow the unit: bytes show size, speed and time left; percent and
seconds show how far along the render is.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..backends.base import ProgressUpdate
from ..safe_text import markup, one_line

if TYPE_CHECKING:
    from rich.progress import Progress, Task, TaskID

    from ..env import Env

_PHASE_WORDS = {"upload": "Uploading", "download": "Downloading", "render": "Rendering",
                "probe": "Reading"}


def _amount(task: Task) -> str:
    unit = task.fields.get("unit", "bytes")
    done, total = task.completed, task.total
    if unit == "percent":
        return f"{done:>3.0f}%"
    if unit == "seconds":
        return f"{done:.1f}/{total:.1f} s" if total else f"{done:.1f} s"
    from rich.filesize import decimal

    return f"{decimal(int(done))}/{decimal(int(total))}" if total else decimal(int(done))


def _speed(task: Task) -> str:
    if task.fields.get("unit", "bytes") != "bytes" or not task.speed:
        return ""
    from rich.filesize import decimal

    return f"{decimal(int(task.speed))}/s"


class ProgressBars:
    """A ``ProgressFn`` drawing bars: ``with ProgressBars(env) as bars: backend.x(..., bars)``."""

    def __init__(self, env: Env, *, transient: bool = False) -> None:
        self.env = env
        self.enabled = env.stderr_isatty and not env.json
        self.transient = transient
        self._progress: Progress | None = None
        self._tasks: dict[tuple[str, str], TaskID] = {}

    def __enter__(self) -> ProgressBars:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.table import Column

            class Amount(TextColumn):
                def render(self, task: Task) -> Any:
                    from rich.text import Text

                    return Text(_amount(task))

            class Speed(TextColumn):
                def render(self, task: Task) -> Any:
                    from rich.text import Text

                    return Text(_speed(task), style="dim")

            self._progress = Progress(
                TextColumn("{task.description}", table_column=Column(ratio=2, no_wrap=True)),
                BarColumn(bar_width=30),
                Amount(""),
                Speed(""),
                TimeRemainingColumn(),
                console=self.env.err_console,
                transient=self.transient,
                refresh_per_second=8,
            )
            self._progress.start()
        return self

    def __call__(self, update: ProgressUpdate) -> None:
        if self._progress is None:
            return
        key = (update.phase, update.key)
        task = self._tasks.get(key)
        if task is None:
            if update.label:
                words = markup(one_line(update.label, 60))
            else:
                verb = _PHASE_WORDS.get(update.phase, update.phase)
                words = f"{verb} {markup(one_line(update.key, 40))}"
            task = self._progress.add_task(words, total=update.total, unit=update.unit)
            self._tasks[key] = task
        self._progress.update(task, completed=update.completed, total=update.total)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
