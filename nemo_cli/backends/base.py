"""The Backend protocol and the typed values that cross it.

Both backends (the embedded local engine and the NemoVideo cloud) implement ``Backend``. The
REPL, ``say``, ``upload``, ``status``, ``export`` and ``batch`` speak only this protocol, and
the UI draws only these events, so either backend works under every command unchanged.

A chat turn is ``backend.send(session_id, text)``: an iterator of events, produced apart from
drawing them (the UI consumes them). Its last event is ``Done``; a failure either arrives as an
``ErrorEvent`` (the server said so in the stream) or is raised as a ``NemoError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from ..values import field, frozen, record

# ---------------------------------------------------------------- chat events


@frozen
class TextDelta:
    """A piece of the reply's text, in order. Raw: the UI translates and escapes it."""

    text: str


@frozen
class ToolActivity:
    """The agent is using a tool. ``label`` is short and human ("editing timeline...")."""

    name: str
    phase: Literal["call", "result"]
    label: str


@frozen
class Heartbeat:
    """The server is alive but has nothing to say yet."""


@frozen
class DraftChanged:
    """The timeline changed during this turn. ``changes`` are sentences saying what changed (the
    cloud's from draft.diff_drafts; the local engine's worded from its change values)."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changes: list[str]


@frozen
class Done:
    """The turn is over. ``text`` is the whole reply as the backend sent it (may be empty)."""

    text: str
    tool_calls: list[str] = field(default_factory=list)
    # The parts of the message that were not understood or not done (the reply names them),
    # and False when nothing in it was understood at all (``nemo say`` then exits 1).
    unhandled: list[str] = field(default_factory=list)
    understood: bool = True


@frozen
class ErrorEvent:
    """The backend reported an error inside the stream (model error, server exception)."""

    message: str
    code: str | None = None


Event = TextDelta | ToolActivity | Heartbeat | DraftChanged | Done | ErrorEvent


# ---------------------------------------------------------------- values


@record
class SessionInfo:
    session_id: str
    backend: str
    task_id: str | None = None
    created_at: str | None = None  # ISO-8601
    title: str | None = None


@record
class MediaInfo:
    filename: str
    file_type: Literal["video", "image", "audio", "subtitles"]
    duration: float | None = None  # seconds
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    url: str | None = None  # cloud: cdn_url; local: the source path
    has_audio: bool | None = None
    notes: list[str] = field(default_factory=list)  # what to know before editing with it

    def facts(self) -> str:
        """``video, 5.0 s, 1280x720``: what a media list shows beside the name."""
        facts: list[str] = [self.file_type]
        if self.duration:
            facts.append(f"{self.duration:.1f} s")
        if self.width and self.height:
            facts.append(f"{self.width}x{self.height}")
        return ", ".join(facts)

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "file_type": self.file_type,
            "duration": self.duration,
            "width": self.width,
            "height": self.height,
            **({"notes": self.notes} if self.notes else {}),
        }


@record
class SessionState:
    session_id: str
    draft: dict[str, Any] | None
    media: list[MediaInfo] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    # What an export would write, when the backend knows: width, height, fps (a label such as
    # "29.97") and fps_from ("clips": the timeline's own rate, "asked", "default").
    output: dict[str, Any] | None = None


@record
class Credits:
    available: float
    frozen: float
    total: float
    unlimited: bool = False  # the local engine: rendering is free


Quality = Literal["high", "medium", "low"]


@record
class ExportRequest:
    output: Path  # the final path; the backend writes a temporary name and renames it
    quality: Quality = "high"
    format: str = "mp4"
    force: bool = False  # overwrite an existing output
    verify: bool = True  # decode the result and check it before calling it done (local)
    encoder: str = "auto"  # the local engine's video encoder: auto, x264, nvenc, qsv, vaapi, amf


@record
class ExportResult:
    path: Path
    bytes: int
    render_id: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)  # what the render did that one should know
    encoder: str | None = None  # the encoder that made the picture ("copy": none); local only
    copied_s: float = 0.0  # seconds of picture a smart cut copied from a source; local only
    segments: int = 0  # the export's segments, and how many came from the render cache;
    reused: int = 0  # local only (0 and 0: a single pass)


@frozen
class ProgressUpdate:
    """One tick of a long operation, for a progress bar.

    ``phase``: "upload" | "render" | "download" | "probe". ``unit``: "bytes" | "percent" |
    "seconds". ``total`` is None when unknown. ``key`` tells bars apart (a file name, a render id).
    """

    phase: str
    key: str
    completed: float
    total: float | None
    unit: str = "bytes"
    label: str = ""


ProgressFn = Callable[[ProgressUpdate], None]


def no_progress(_: ProgressUpdate) -> None:
    return None


# ---------------------------------------------------------------- the protocol


@runtime_checkable
class Backend(Protocol):
    name: str  # "local" | "cloud"

    def create_session(self, language: str | None = None) -> SessionInfo: ...

    def list_sessions(self) -> list[SessionInfo]: ...

    def session_state(self, session_id: str) -> SessionState: ...

    def send(self, session_id: str, text: str) -> Iterator[Event]: ...

    def upload(
        self, session_id: str, sources: Sequence[str], progress: ProgressFn = no_progress
    ) -> list[MediaInfo]: ...

    def credits(self) -> Credits: ...

    def export(
        self, session_id: str, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult: ...

    def resume_export(
        self, render_id: str | None, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult: ...

    def cancel_export(self, render_id: str | None) -> str: ...

    def live_session(self, session_id: str) -> str:
        """The session now standing for ``session_id``: itself, or the one that replaced it
        (the cloud replaces a session it lost)."""
        ...

    def close(self) -> None: ...
