"""Drawing a chat turn: the backend's events in, what a person sees out.

``draw_stream(env, events)`` consumes the events of one turn (backends/base.py) and returns a
``StreamResult``. The text is split into lines as it arrives; each finished line is cleaned
(``safe_text``), translated from GUI words (``ui.translate``) and drawn once:

- on a terminal, as markdown (``ui.mdline``) printed above a small Rich ``Live`` area that
  holds only the unfinished tail and a spinner. The live area never grows past a few lines, so
  a reply taller than the screen neither flickers nor repeats, and each chunk costs only its
  own length (the whole text is never re-rendered). Refresh is capped at 12 per second.
- when stdout is not a terminal, as plain text, line by line; notices go to stderr.
- with ``--json``, not at all (the caller prints one object at the end).

Tool activity shows as a spinner label, never as raw JSON. While the backend is quiet but
alive (heartbeats), "Still working..." appears every ``env.progress_interval`` seconds. When
the timeline changed and the reply said nothing, the changes are said in words, with the
timeline. Ctrl-C stops the drawing, closes the stream and returns (``interrupted``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..backends.base import (
    Done,
    DraftChanged,
    ErrorEvent,
    Event,
    Heartbeat,
    TextDelta,
    ToolActivity,
)
from ..safe_text import clean, one_line
from .chat_words import for_chat
from .mdline import MarkdownLines
from .shell_words import for_shell
from .translate import mentions_timeline, translate

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from ..env import Env

REFRESH_PER_SECOND = 12
TAIL_LINES = 4  # at most this many screen lines of the unfinished line are shown live
STILL_WORKING = "Still working..."
STOPPED = "Stopped."


@dataclass
class StreamResult:
    reply: str = ""  # the reply as shown: cleaned and translated
    raw: str = ""  # the reply as the backend sent it
    tool_calls: list[str] = field(default_factory=list)
    draft_changed: bool = False
    changes: list[str] = field(default_factory=list)
    after: dict[str, Any] | None = None  # the draft after the turn, when it changed
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False
    timeline_shown: bool = False  # the summary or picture was drawn after the reply
    unhandled: list[str] = field(default_factory=list)  # parts of the message not done
    understood: bool = True  # False: nothing in the message was understood

    @property
    def mentions_timeline(self) -> bool:
        """The reply pointed at the timeline ("preview it in the timeline")."""
        return mentions_timeline(self.raw)


# ---------------------------------------------------------------- outputs


class SilentOutput:
    """``--json``: draw nothing. Also the base of the other outputs (every method a no-op)."""

    def start(self) -> None: ...
    def line(self, text: str) -> None: ...
    def tail(self, pieces: list[str]) -> None: ...
    def end_text(self) -> None: ...
    def activity(self, label: str | None) -> None: ...
    def waiting(self) -> None: ...
    def notice(self, text: str) -> None: ...
    def error(self, text: str) -> None: ...
    def changes(self, sentences: list[str], draft: dict[str, Any] | None) -> bool:
        return False

    def stop(self) -> None: ...


class PlainOutput(SilentOutput):
    """stdout is not a terminal: the reply's text as it is, one line at a time."""

    def __init__(self, env: Env) -> None:
        self.out = env.stdout
        self.err = env.stderr

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def notice(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()

    def error(self, text: str) -> None:
        self.notice(f"Error: {text}")

    def changes(self, sentences: list[str], draft: dict[str, Any] | None) -> bool:
        from ..draft import summarize

        for sentence in sentences:
            self.line(sentence)
        if draft is not None:
            self.line(summarize(draft))
        return draft is not None


def tail_text(pieces: list[str], limit: int) -> str:
    """The last ``limit`` characters of the unfinished line, cleaned and translated.

    Reads pieces from the end only, so drawing the tail costs the same on a line of any length.
    """
    taken: list[str] = []
    size = 0
    for piece in reversed(pieces[-(limit + 64) :]):
        taken.append(piece)
        size += len(piece)
        if size >= limit + 64:  # a margin, so an escape sequence cut at the start is whole
            break
    text = translate(clean("".join(reversed(taken))))
    return text[-limit:] if size > limit else text


class _LiveView:
    """The live area: held table rows, the unfinished tail of the reply, a spinner."""

    def __init__(self, clock: Callable[[], float], held: list[str]) -> None:
        from rich.spinner import Spinner

        self.clock = clock
        self.pieces: list[str] = []
        self.held = held
        self.label: str | None = "Thinking..."
        self.since = clock()
        self.spinner = Spinner("dots", style="cyan")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 20)
        for row in self.held[-TAIL_LINES:]:
            yield Text(row, no_wrap=True, overflow="ellipsis")
        tail = tail_text(self.pieces, width * TAIL_LINES) if self.pieces else ""
        if tail:
            yield Text(tail)
        label = self.label
        if label:
            waited = int(self.clock() - self.since)
            note = f" ({waited}s)" if waited >= 3 else ""
            self.spinner.update(text=Text(label + note, style="dim"))
            yield self.spinner


class TerminalOutput(SilentOutput):
    """A terminal: markdown lines printed once above a small live area (transient).

    Refreshes come from our own ticker thread, and every refresh and every print holds one
    lock: Rich's own auto-refresh could write its redraw between a print's "erase the live
    area" and the print itself, leaving a stale copy of a line on the screen.
    """

    def __init__(self, env: Env, clock: Callable[[], float]) -> None:
        self.console = env.console
        self.markdown = MarkdownLines()
        self.view = _LiveView(clock, self.markdown.pending)
        self.live: Any = None
        self.lock = threading.RLock()
        self.stopped = threading.Event()
        self.ticker: threading.Thread | None = None

    def start(self) -> None:
        from rich.live import Live

        self.live = Live(
            self.view,
            console=self.console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        with self.lock:
            self.live.start(refresh=True)
        self.ticker = threading.Thread(target=self._tick, name="nemo-live", daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        while not self.stopped.wait(1 / REFRESH_PER_SECOND):
            with self.lock:
                if self.live is not None and not self.stopped.is_set():
                    self.live.refresh()

    def _print(self, *renderables: RenderableType) -> None:
        with self.lock:
            self.view.held = self.markdown.pending
            if renderables:
                self.console.print(*renderables)

    def line(self, text: str) -> None:
        self._print(*self.markdown.feed(text))

    def tail(self, pieces: list[str]) -> None:
        self.view.pieces = pieces
        if pieces:
            self.view.label = None

    def end_text(self) -> None:
        self.view.pieces = []
        self._print(*self.markdown.flush())

    def activity(self, label: str | None) -> None:
        if label != self.view.label:
            self.view.since = self.view.clock()
        self.view.label = label

    def waiting(self) -> None:
        if self.view.label is None:
            self.activity("Working...")

    def notice(self, text: str) -> None:
        self._print(Text(text, style="dim"))

    def error(self, text: str) -> None:
        self._print(Text("Error: ", style="bold red") + Text(text))

    def changes(self, sentences: list[str], draft: dict[str, Any] | None) -> bool:
        from .timeline import render_timeline

        for sentence in sentences:
            self._print(Text("✓ ", style="green") + Text(sentence))
        if draft is None:
            return False
        # The picture alone: the one-line summary says the same again (pipes get that).
        self._print(render_timeline(draft, width=self.console.width))
        return True

    def stop(self) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join()
            self.ticker = None
        with self.lock:
            if self.live is not None:
                self.live.stop()
                self.live = None


# ---------------------------------------------------------------- the drawer


class _Drawer:
    """Turns events into calls on an output, and remembers what the turn amounted to."""

    def __init__(
        self,
        env: Env,
        output: SilentOutput,
        clock: Callable[[], float],
        show_errors: bool,
        in_chat: bool = False,
        in_shell: bool = False,
    ) -> None:
        self.output = output
        self.show_errors = show_errors
        self.in_chat = in_chat
        self.in_shell = in_shell
        self.clock = clock
        self.interval = env.progress_interval
        self.result = StreamResult()
        self.shown: list[str] = []
        self.partial: list[str] = []  # pieces of the unfinished line, joined when it ends
        self.raw: list[str] = []  # every piece, joined once at the end
        self.got_text = False
        self.draft: DraftChanged | None = None
        self.done: Done | None = None
        self.quiet_since = clock()

    def text(self, chunk: str) -> None:
        if not chunk:
            return
        self.got_text = True
        self.raw.append(chunk)
        if "\n" in chunk:
            first, *middle, last = chunk.split("\n")
            finished = ["".join(self.partial) + first, *middle]
            # The live area moves on to the new tail before the finished lines are printed,
            # so it never shows a line that is also printed above it.
            self.partial = [last] if last else []
            self.output.tail(self.partial)
            for line in finished:
                self._line(line)
        else:
            self.partial.append(chunk)
            self.output.tail(self.partial)

    def _line(self, raw_line: str) -> None:
        line = translate(clean(raw_line))
        if self.in_chat:
            line = for_chat(line)
        elif self.in_shell:
            line = for_shell(line)
        self.shown.append(line)
        self.output.line(line)

    def end_text(self) -> None:
        last, self.partial = "".join(self.partial), []
        self.output.tail(self.partial)
        if last:
            self._line(last)
        self.output.end_text()

    def feed(self, event: Event) -> None:
        now = self.clock()
        if isinstance(event, TextDelta):
            self.quiet_since = now
            self.text(event.text)
        elif isinstance(event, ToolActivity):
            self.quiet_since = now
            if event.phase == "call":
                self.result.tool_calls.append(event.name)
            self.output.activity(one_line(event.label or event.name, 60))
        elif isinstance(event, Heartbeat):
            self.output.waiting()
            if now - self.quiet_since >= self.interval:
                self.output.notice(STILL_WORKING)
                self.quiet_since = now
        elif isinstance(event, DraftChanged):
            self.draft = event
        elif isinstance(event, ErrorEvent):
            message = one_line(event.message, 500) or "The backend reported an error."
            self.result.errors.append(message)
            if self.show_errors:
                self.output.error(message)
        elif isinstance(event, Done):
            self.done = event

    def finish(self, interrupted: bool) -> StreamResult:
        result = self.result
        if self.done is not None and not self.got_text and self.done.text:
            self.text(self.done.text)
        self.end_text()
        self.output.activity(None)
        if self.done is not None and self.done.tool_calls and not result.tool_calls:
            result.tool_calls = list(self.done.tool_calls)
        if self.done is not None:
            result.unhandled = [one_line(u, 300) for u in self.done.unhandled]
            result.understood = self.done.understood
        result.raw = "".join(self.raw)
        result.reply = "\n".join(self.shown).strip("\n")
        result.interrupted = interrupted
        if interrupted:
            self.output.notice(STOPPED)
        elif self.draft is not None:
            result.draft_changed = True
            result.after = self.draft.after
            result.changes = [one_line(c, 300) for c in self.draft.changes]
            said_nothing = not result.reply.strip()
            if said_nothing and not result.changes:
                result.changes = ["Updated the timeline"]
            if said_nothing or isinstance(self.output, TerminalOutput):
                sentences = result.changes if said_nothing else []
                result.timeline_shown = self.output.changes(sentences, result.after)
        return result


def _close(events: Iterable[Event]) -> None:
    close = getattr(events, "close", None)
    if callable(close):
        # A stream that fails to close is gone already; the turn is over either way.
        with contextlib.suppress(Exception):
            close()


def make_output(env: Env, clock: Callable[[], float] = time.monotonic) -> SilentOutput:
    """The output for this environment: silent (--json), terminal, or plain."""
    if env.json:
        return SilentOutput()
    if env.stdout_isatty:
        return TerminalOutput(env, clock)
    return PlainOutput(env)


def draw_stream(
    env: Env,
    events: Iterable[Event],
    *,
    output: SilentOutput | None = None,
    clock: Callable[[], float] = time.monotonic,
    show_errors: bool = True,
    in_chat: bool = False,
    in_shell: bool = False,
) -> StreamResult:
    """Draw one turn's events; returns what was shown. NemoErrors from the stream propagate
    (after what arrived so far is drawn); Ctrl-C returns with ``interrupted`` set.
    ``show_errors=False`` leaves in-stream errors to the caller (``result.errors``).
    ``in_chat``: the REPL's turn, whose hints are worded for the chat (``ui.chat_words``);
    ``in_shell``: `nemo say`'s, whose hints are worded for the shell (``ui.shell_words``)."""
    output = output if output is not None else make_output(env, clock)
    drawer = _Drawer(env, output, clock, show_errors, in_chat, in_shell)
    interrupted = False
    iterator: Iterator[Event] = iter(events)
    output.start()
    try:
        for event in iterator:
            drawer.feed(event)
    except KeyboardInterrupt:
        interrupted = True
        _close(iterator)
    finally:
        try:
            result = drawer.finish(interrupted)
        finally:
            output.stop()
    return result
