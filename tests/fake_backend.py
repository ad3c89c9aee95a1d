"""A real Backend for chat tests: scripted replies, a draft that edits change, files on disk.

Not a mock: it implements the whole ``Backend`` protocol, keeps its sessions and drafts, and
``send`` is a generator like the real ones (its ``finally`` runs when the stream is closed).
A reply is scripted per message as a list of events, or a function of the backend returning
them; unscripted messages get a short echo.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from nemo_cli.backends.base import (
    Credits,
    Done,
    DraftChanged,
    Event,
    ExportRequest,
    ExportResult,
    MediaInfo,
    ProgressFn,
    SessionInfo,
    SessionState,
    TextDelta,
    ToolActivity,
    no_progress,
)
from nemo_cli.config import Paths
from nemo_cli.draft import diff_drafts, is_exportable
from nemo_cli.env import Env
from nemo_cli.errors import EmptyDraft, SessionNotFound

Script = list[Event] | Callable[["FakeBackend", str], list[Event]]

MUSIC_DRAFT: dict[str, Any] = {
    "t": [
        {"tt": 0, "sg": [{"n": "city.mp4", "st": 0, "d": 10000}]},
        {"tt": 1, "sg": [{"n": "Lo-fi", "st": 0, "d": 10000, "v": 35}]},
    ],
    "d": 10000,
    "m": {"width": 1920, "height": 1080},
}
VIDEO_DRAFT: dict[str, Any] = {
    "t": [{"tt": 0, "sg": [{"n": "city.mp4", "st": 0, "d": 10000}]}],
    "d": 10000,
    "m": {"width": 1920, "height": 1080},
}


class Terminal(io.StringIO):
    """A captured stdout that says it is a terminal (Rich then draws as on a real one)."""

    def isatty(self) -> bool:
        return True


def make_env(
    tmp_path: Path, *, tty: bool = False, json: bool = False, stdin: str = "", **environ: str
) -> Env:
    """An Env on captured streams, a temporary home, 80 columns, no colour."""
    paths = Paths(tmp_path / "config", tmp_path / "state", tmp_path / "data")
    return Env(
        stdin=io.StringIO(stdin),
        stdout=Terminal() if tty else io.StringIO(),
        stderr=io.StringIO(),
        environ=environ,
        paths=paths,
        json=json,
        no_color=True,
        width=80,
    )


def chunks(text: str, size: int = 7) -> list[Event]:
    """``text`` as TextDelta pieces of ``size`` characters, then Done."""
    pieces: list[Event] = [TextDelta(text[i : i + size]) for i in range(0, len(text), size)]
    return [*pieces, Done(text)]


def edit(
    backend: FakeBackend,
    draft: dict[str, Any],
    text: str = "",
    tool: str = "edit_timeline",
    before: dict[str, Any] | None = None,
) -> list[Event]:
    """A turn that replaces the session's draft (or ``before``) with ``draft``: tool events,
    the text, the change."""
    if before is None:
        before = backend.drafts[backend.last_session]
    backend.drafts[backend.last_session] = draft
    events: list[Event] = [
        ToolActivity(tool, "call", "editing timeline..."),
        ToolActivity(tool, "result", "editing timeline..."),
    ]
    if text:
        events.extend(chunks(text)[:-1])
    events.append(DraftChanged(before, draft, diff_drafts(before, draft)))
    events.append(Done(text, [tool]))
    return events


class FakeBackend:
    def __init__(self, name: str = "local", scripts: dict[str, Script] | None = None) -> None:
        self.name = name
        self.scripts: dict[str, Script] = dict(scripts or {})
        self.sessions: list[str] = []
        self.drafts: dict[str, dict[str, Any] | None] = {}
        self.media: dict[str, list[MediaInfo]] = {}
        self.sent: list[tuple[str, str]] = []
        self.exports: list[ExportRequest] = []
        self.streams_closed = 0
        self.closed = False
        self.last_session = ""
        self._ids = itertools.count(1)

    # -- sessions

    def create_session(self, language: str | None = None) -> SessionInfo:
        sid = f"{self.name}-s{next(self._ids)}"
        self.sessions.append(sid)
        self.drafts[sid] = None
        self.media[sid] = []
        return SessionInfo(sid, self.name)

    def list_sessions(self) -> list[SessionInfo]:
        return [SessionInfo(s, self.name) for s in self.sessions]

    def _check(self, session_id: str) -> None:
        if session_id not in self.drafts:
            raise SessionNotFound(f"Session not found: {session_id}")

    def session_state(self, session_id: str) -> SessionState:
        self._check(session_id)
        return SessionState(session_id, self.drafts[session_id], list(self.media[session_id]))

    # -- chat

    def send(self, session_id: str, text: str) -> Iterator[Event]:
        self._check(session_id)
        self.sent.append((session_id, text))
        self.last_session = session_id
        script = self.scripts.get(text)
        if script is None:
            events = chunks(f"You said: {text}")
        elif callable(script):
            events = script(self, text)
        else:
            events = list(script)
        try:
            yield from events
        finally:
            self.streams_closed += 1

    # -- media and export

    def upload(
        self, session_id: str, sources: Sequence[str], progress: ProgressFn = no_progress
    ) -> list[MediaInfo]:
        self._check(session_id)
        out = [MediaInfo(Path(s).name, "video", 5.0, 320, 240) for s in sources]
        self.media[session_id].extend(out)
        return out

    def credits(self) -> Credits:
        return Credits(100, 0, 100)

    def export(
        self, session_id: str, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        self._check(session_id)
        if not is_exportable(self.drafts[session_id]):  # as the real backends refuse it
            raise EmptyDraft("The timeline is empty: there is nothing to export yet.")
        self.exports.append(request)
        request.output.write_bytes(b"\0" * 1000)
        return ExportResult(request.output, 1000)

    def resume_export(
        self, render_id: str | None, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        return self.export(self.last_session, request, progress)

    def cancel_export(self, render_id: str | None) -> str:
        return "Nothing to cancel."

    def live_session(self, session_id: str) -> str:
        return session_id

    def close(self) -> None:
        self.closed = True
