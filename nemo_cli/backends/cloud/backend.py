"""``CloudBackend``: the ``Backend`` protocol over the NemoVideo cloud API.

It wires the pieces together (``HttpCore`` -> ``CloudApi`` -> chat / upload / render) and
recovers a lost session: when the cloud says a session does not exist (code 1002, or HTTP 404
"Session not found"), a new one is created, made current, the user is told, and the operation
is tried once more on it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ...config import current_session, set_current_session
from ...errors import ApiError, EmptyDraft, SessionNotFound
from ...safe_text import one_line
from ..base import (
    Credits,
    Event,
    ExportRequest,
    ExportResult,
    MediaInfo,
    ProgressFn,
    SessionInfo,
    SessionState,
    no_progress,
)
from .api import CloudApi
from .http import HttpCore, Tuning
from .records import known_sessions, pending_renders
from .render import Renders

if TYPE_CHECKING:
    import httpx

    from ...env import Env

T = TypeVar("T")
FILE_TYPES = ("video", "image", "audio")


class CloudBackend:
    name = "cloud"

    def __init__(
        self,
        env: Env,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        tuning: Tuning | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        assert env.paths is not None
        self.env = env
        self.paths = env.paths
        self.core = HttpCore(
            env.api_base, env.environ, transport=transport, sleep=sleep, tuning=tuning
        )
        self.api = CloudApi(self.core, self.paths, env.environ)
        self.renders = Renders(
            self.api, pending_renders(self.paths), poll_interval=env.poll_interval, sleep=sleep
        )
        self.notify = notify or self._print_notice
        self._replaced: dict[str, str] = {}  # lost session id -> the one that replaced it

    # ------------------------------------------------------------ sessions

    def create_session(self, language: str | None = None) -> SessionInfo:
        lang = language or str(self.env.setting("language") or "") or "en"
        data = self.api.create_session(lang)
        sid = data.get("session_id") if isinstance(data, dict) else None
        if sid in (None, ""):
            raise ApiError("The cloud created a session but sent no session id.")
        task = data.get("task_id")
        info = SessionInfo(
            session_id=str(sid),
            backend=self.name,
            task_id=str(task) if task not in (None, "") else None,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        known_sessions(self.paths).put(
            {"id": info.session_id, "task_id": info.task_id, "created_at": info.created_at}
        )
        return info

    def list_sessions(self) -> list[SessionInfo]:
        """The sessions nemo created (the cloud cannot list them), plus the current one."""
        out = [
            SessionInfo(
                str(r["id"]), self.name, r.get("task_id"), r.get("created_at"), r.get("title")
            )
            for r in known_sessions(self.paths).all()
        ]
        current = current_session(self.paths, self.name)
        if current and all(s.session_id != current for s in out):
            out.append(SessionInfo(current, self.name))
        return out

    def session_state(self, session_id: str) -> SessionState:
        return self._recovering(session_id, self._state)

    def _state(self, session_id: str) -> SessionState:
        data = self.api.state(session_id)
        data = data if isinstance(data, dict) else {}
        state = data.get("state")
        state = state if isinstance(state, dict) else {}
        return SessionState(
            session_id=session_id,
            draft=_draft(state.get("draft")),
            media=media_list(state.get("video_infos")),
            raw=data,
        )

    def live_session(self, session_id: str) -> str:
        """The session that now stands for ``session_id`` (itself, or what replaced it)."""
        while session_id in self._replaced:
            session_id = self._replaced[session_id]
        return session_id

    def _recovering(self, session_id: str, run: Callable[[str], T]) -> T:
        """``run(session_id)``; if the cloud lost the session, once more on a new current one.

        The replacement is remembered: a caller that keeps the old id (the REPL) reaches the
        new session from then on, instead of starting yet another empty one each time."""
        session_id = self.live_session(session_id)
        try:
            return run(session_id)
        except SessionNotFound:
            fresh = self.create_session().session_id
            self._replaced[session_id] = fresh
            set_current_session(self.paths, self.name, fresh)
            self.notify(
                f"The cloud session {session_id} no longer exists; "
                f"started a new one ({fresh}) and made it current."
            )
            return run(fresh)

    def _print_notice(self, message: str) -> None:
        if self.env.json:
            self.env.stderr.write(json.dumps({"notice": message}) + "\n")
            self.env.stderr.flush()
        else:
            from ...safe_text import markup

            self.env.err_console.print(f"[yellow]Note:[/] {markup(message)}")

    # ------------------------------------------------------------ chat

    def send(self, session_id: str, text: str) -> Iterator[Event]:
        from .chat import stream_turn

        def begin(sid: str) -> tuple[str, dict[str, Any] | None, httpx.Response]:
            before = self._state(sid).draft
            return sid, before, self.api.open_chat(sid, text)

        sid, before, response = self._recovering(session_id, begin)
        yield from stream_turn(self.core, response, before, lambda: self._state(sid).draft)

    # ------------------------------------------------------------ media

    def upload(
        self, session_id: str, sources: Sequence[str], progress: ProgressFn = no_progress
    ) -> list[MediaInfo]:
        from ...media_files import CLOUD_MAX_BYTES, check_local_file, is_url
        from .progress_file import ProgressFile

        files: list[Path] = []
        urls: list[str] = []
        for source in sources:  # every check before anything is sent
            if is_url(source):
                urls.append(source.strip())
            else:
                path = Path(source).expanduser()
                check_local_file(path, CLOUD_MAX_BYTES, cloud=True)
                files.append(path)

        def run(sid: str) -> list[MediaInfo]:
            media: list[MediaInfo] = []
            for path in files:
                with ProgressFile(path, progress) as file:
                    data = self.api.upload_file(sid, file)
                media.extend(media_list(data.get("files") if isinstance(data, dict) else None))
            if urls:
                data = self.api.upload_urls(sid, urls)
                media.extend(media_list(data.get("files") if isinstance(data, dict) else None))
            return media

        return self._recovering(session_id, run)

    def credits(self) -> Credits:
        data = self.api.credits()
        data = data if isinstance(data, dict) else {}
        available, frozen = _number(data.get("available")), _number(data.get("frozen"))
        total = _number(data.get("total")) if data.get("total") is not None else available + frozen
        return Credits(available, frozen, total)

    # ------------------------------------------------------------ export

    def export(
        self, session_id: str, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        from ...draft import is_exportable

        state = self.session_state(session_id)
        if not is_exportable(state.draft):
            raise EmptyDraft(
                "The timeline is empty: there is nothing to export yet.",
                hint='Upload media and describe the edit first, e.g. nemo say "combine my clips"',
            )
        return self.renders.export(state.session_id, state.draft, request, progress)

    def resume_export(
        self, render_id: str | None, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        return self.renders.resume(render_id, request, progress)

    def cancel_export(self, render_id: str | None) -> str:
        return self.renders.cancel(render_id)

    def close(self) -> None:
        self.core.close()


# ---------------------------------------------------------------- reading replies defensively


def _draft(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return None
    return value if isinstance(value, dict) else None


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number else 0.0  # NaN -> 0


def _optional(value: Any, kind: type[int] | type[float]) -> Any:
    try:
        return kind(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def media_info(obj: dict[str, Any]) -> MediaInfo:
    from ...media_files import file_type_for

    url = obj.get("cdn_url") or obj.get("url") or obj.get("src")
    name = obj.get("filename") or obj.get("name") or obj.get("file_name")
    if not name and url:
        name = str(url).split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    name = one_line(str(name or "media"), 120)
    kind = str(obj.get("file_type") or obj.get("type") or "").lower()
    if kind not in FILE_TYPES:
        kind = file_type_for(name) or "video"
    return MediaInfo(
        filename=name,
        file_type=kind,  # type: ignore[arg-type]
        duration=_optional(obj.get("duration"), float),
        width=_optional(obj.get("width"), int),
        height=_optional(obj.get("height"), int),
        fps=_optional(obj.get("fps"), float),
        url=str(url) if url else None,
    )


def media_list(value: Any) -> list[MediaInfo]:
    """A list (or an id -> info mapping) of media objects from a reply; oddities skipped."""
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(items, list):
        return []
    return [media_info(item) for item in items if isinstance(item, dict)]
