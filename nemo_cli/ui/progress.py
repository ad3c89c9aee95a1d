"""Progress bars for uploads, renders and downloads, fed by ``ProgressUpdate`` ticks.

Bars go to stderr (stdout stays clean for ``--json`` and pipes) and only on a terminal. One bar
per ``key``; the columns follow the unit: bytes show size, speed and time left; percent and
seconds show how far along the render is.

When stderr is not a terminal (a script, a log file, CI) a long run must not look dead: a task
that takes a while prints a plain line every ``LINE_EVERY_S`` seconds (``NEMO_PROGRESS_EVERY``)
while it moves, and its 100 % at the end (``ProgressLines``). Nothing with ``--json``: stderr
then carries only the JSON error, if any.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..backends.base import ProgressUpdate
from ..safe_text import markup, one_line
from .shorten import shorten_middle

if TYPE_CHECKING:
    from rich.progress import Progress, Task, TaskID

    from ..env import Env

BAR_WIDTH = 30
MIN_ROOM = 20  # cells a description keeps before the bar gets narrower
# The widest the columns after the bar get, with the spaces between columns: amount ("123.4
# MB/500.0 MB" or "100%"), speed ("12.3 MB/s"), time left ("0:00:12").
_OTHER_COLUMNS = {"bytes": 17 + 9 + 7 + 4, "percent": 4 + 0 + 7 + 4, "seconds": 15 + 0 + 7 + 4}
_PHASE_WORDS = {
    "upload": "Uploading",
    "download": "Downloading",
    "render": "Rendering",
    "probe": "Reading",
}
LINE_EVERY_S = 5.0  # a piped run says how far it is this often while it moves


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


def _plain_amount(update: ProgressUpdate) -> str:
    if update.unit == "seconds":
        if update.total:
            return f"{update.completed:.1f}/{update.total:.1f} s"
        return f"{update.completed:.1f} s"
    if update.unit == "bytes":
        from rich.filesize import decimal

        done = decimal(int(update.completed))
        return f"{done}/{decimal(int(update.total))}" if update.total else done
    return ""


class ProgressLines:
    """Progress as plain lines on a stream that is not a terminal: ``Rendering out.mp4: 40%
    (13.6/34.0 s)`` every ``every`` seconds while a task moves, and its ``100%`` at the end if
    it said anything before. A task done within ``every`` seconds says nothing (its result
    follows at once), so short commands keep their output as it was."""

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        every: float = LINE_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.write = write
        self.every = every
        self.clock = clock
        self._said: dict[tuple[str, str], tuple[float, float | None, bool]] = {}

    def __call__(self, update: ProgressUpdate) -> None:
        key = (update.phase, update.key)
        now = self.clock()
        said_at, said_done, spoke = self._said.setdefault(key, (now, None, False))
        if update.completed == said_done:
            return
        finished = bool(update.total) and update.completed >= (update.total or 0)
        if (spoke and finished) or (not finished and now - said_at >= self.every):
            self._say(update)
            self._said[key] = (now, update.completed, True)

    def _say(self, update: ProgressUpdate) -> None:
        if update.label:
            what = one_line(update.label, 60)
        else:
            what = f"{_PHASE_WORDS.get(update.phase, update.phase)} {one_line(update.key, 60)}"
        amount = _plain_amount(update)
        if not update.total:
            self.write(f"{what}: {amount}")
            return
        percent = max(0, min(100, int(update.completed * 100 / update.total)))
        self.write(f"{what}: {percent}%" + (f" ({amount})" if amount else ""))


class ProgressBars:
    """A ``ProgressFn`` drawing bars: ``with ProgressBars(env) as bars: backend.x(..., bars)``.
    Off a terminal it prints ``ProgressLines`` instead (nothing with ``--json``)."""

    def __init__(self, env: Env, *, transient: bool = False) -> None:
        self.env = env
        self.enabled = env.stderr_isatty and not env.json
        self.transient = transient
        self._progress: Progress | None = None
        self._tasks: dict[tuple[str, str], TaskID] = {}
        self._lines: ProgressLines | None = None
        if not env.stderr_isatty and not env.json:
            every = env.float_setting("NEMO_PROGRESS_EVERY", None, LINE_EVERY_S)
            self._lines = ProgressLines(self._write_line, every=every)

    def _write_line(self, text: str) -> None:
        self.env.stderr.write(text + "\n")
        self.env.stderr.flush()

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
                TextColumn("{task.description}", table_column=Column(no_wrap=True)),
                BarColumn(bar_width=self._bar_width),
                Amount(""),
                Speed(""),
                TimeRemainingColumn(),
                console=self.env.err_console,
                transient=self.transient,
                refresh_per_second=8,
            )
            self._progress.start()
        return self

    @property
    def _bar_width(self) -> int:
        """At most ``BAR_WIDTH``, narrower on a narrow terminal so a name keeps some room."""
        spare = self.env.err_console.width - 1 - _OTHER_COLUMNS["bytes"] - MIN_ROOM
        return max(5, min(BAR_WIDTH, spare))

    def _room(self, unit: str) -> int:
        """Cells left for the description on a line one cell narrower than the terminal (a
        line that fills the last column makes the terminal wrap the next thing echoed, a
        ``^C``, and the bar is then drawn twice)."""
        others = self._bar_width + _OTHER_COLUMNS.get(unit, _OTHER_COLUMNS["bytes"])
        return max(MIN_ROOM // 2, self.env.err_console.width - 1 - others)

    def __call__(self, update: ProgressUpdate) -> None:
        if self._lines is not None:
            self._lines(update)
        if self._progress is None:
            return
        key = (update.phase, update.key)
        task = self._tasks.get(key)
        if task is None:
            room = self._room(update.unit)
            if update.label:
                words = markup(shorten_middle(one_line(update.label, 200), room))
            else:
                verb = _PHASE_WORDS.get(update.phase, update.phase)
                name = shorten_middle(one_line(update.key, 200), max(3, room - len(verb) - 1))
                words = f"{verb} {markup(name)}"
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
