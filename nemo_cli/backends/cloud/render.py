"""Cloud export: submit the draft, poll the render, download the result, cancel, resume.

A submitted render's id is written to ``renders.json`` at once and forgotten only when its
file is downloaded (or it failed, or was cancelled), so Ctrl-C while polling, a crash or a
closed laptop never orphans it: ``nemo export --resume`` picks up the newest one.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import ApiError, Interrupted, NetworkError, RenderError, UsageError
from ...safe_text import one_line
from ..base import ExportRequest, ExportResult, ProgressFn, ProgressUpdate, no_progress
from .api import CloudApi
from .download import download
from .records import Records

DONE, FAILED, CANCELLED = "completed", "failed", "cancelled"
POLL_NETWORK_RETRIES = 3
_STATUS = {
    "completed": DONE,
    "complete": DONE,
    "done": DONE,
    "succeeded": DONE,
    "success": DONE,
    "finished": DONE,
    "failed": FAILED,
    "failure": FAILED,
    "error": FAILED,
    "cancelled": CANCELLED,
    "canceled": CANCELLED,
}


@dataclass(frozen=True)
class Poll:
    status: str  # completed | failed | cancelled | pending | processing (or what the server says)
    progress: float  # 0-100
    url: str | None
    error: str | None


def read_poll(data: Any) -> Poll:
    """Either poll shape -> Poll: ``{id, status, progress, outputUrl, error?}`` (the envelope's
    data) or ``{"status": ..., "output": {"url": ...}}``."""
    obj = data if isinstance(data, dict) else {}
    output = obj.get("output")
    url = obj.get("outputUrl") or obj.get("output_url") or obj.get("url")
    if not url and isinstance(output, dict):
        url = output.get("url") or output.get("outputUrl")
    elif not url and isinstance(output, str):
        url = output
    raw = str(obj.get("status") or "").strip().lower()
    status = _STATUS.get(raw, raw or (DONE if url else "pending"))
    try:
        progress = float(obj.get("progress") or 0)
    except (TypeError, ValueError):
        progress = 0.0
    progress = 100.0 if status == DONE else min(100.0, max(0.0, progress))
    error = obj.get("error") or obj.get("errorMessage") or obj.get("message")
    if isinstance(error, dict):
        error = error.get("message") or error.get("error")
    return Poll(status, progress, str(url) if url else None, str(error) if error else None)


def _duplicate_id(err: ApiError) -> bool:
    text = err.message.lower()
    return err.status == 409 or "duplicate" in text or "already exists" in text


def _resume_hint(render_id: str) -> str:
    return f"Pick it up with: nemo export --resume --render-id {render_id}"


class Renders:
    def __init__(
        self,
        api: CloudApi,
        pending: Records,
        *,
        poll_interval: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api = api
        self.pending = pending
        self.poll_interval = poll_interval
        self.sleep = sleep
        self.clock = clock
        self._last_ms = 0

    # ------------------------------------------------------------ steps

    def new_id(self) -> str:
        """``render_<unix-ms>``, never the same twice from this process."""
        ms = max(int(self.clock() * 1000), self._last_ms + 1)
        self._last_ms = ms
        return f"render_{ms}"

    def submit(self, session_id: str, draft: Any, request: ExportRequest) -> str:
        """Submit; a duplicate id is retried once with a new one. Remembers the id.

        The id is remembered *before* the call: if nemo is stopped (or the connection drops)
        while the cloud is accepting the job, ``--resume`` can still find it. It is forgotten
        again when the cloud answers that it refused the job."""
        for attempt in (1, 2):
            ident = self.new_id()
            body = {
                "id": ident,
                "sessionId": session_id,
                "draft": draft,
                "output": {"format": request.format, "quality": request.quality},
            }
            self.pending.put(self._record(ident, session_id, request))
            try:
                data = self.api.submit_render(body)
            except KeyboardInterrupt:
                raise Interrupted(
                    f"Export interrupted while the cloud was taking render {ident}.",
                    hint=_resume_hint(ident),
                ) from None
            except ApiError as err:
                self.pending.drop(ident)
                if attempt == 1 and _duplicate_id(err):
                    continue
                raise
            given = data.get("id") if isinstance(data, dict) else None
            if given and str(given) != ident:
                self.pending.put(self._record(str(given), session_id, request))
                self.pending.drop(ident)
                ident = str(given)
            return ident
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _record(ident: str, session_id: str, request: ExportRequest) -> dict[str, Any]:
        return {
            "id": ident,
            "session_id": session_id,
            "output": str(request.output),
            "quality": request.quality,
            "format": request.format,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }

    def wait(self, render_id: str, progress: ProgressFn = no_progress) -> str:
        """Poll until the render is done; returns the output URL. A few network failures in a
        row are waited out (a render takes minutes; Wi-Fi blinks)."""
        unreachable = 0
        while True:
            try:
                poll = read_poll(self.api.poll_render(render_id))
            except NetworkError:
                unreachable += 1
                if unreachable > POLL_NETWORK_RETRIES:
                    raise
                self.sleep(self.poll_interval)
                continue
            except ApiError as err:
                if err.status == 404:
                    self.pending.drop(render_id)
                    raise RenderError(
                        f"The cloud no longer knows render {render_id}.",
                        hint="Start a new export with: nemo export",
                    ) from None
                raise
            unreachable = 0
            progress(
                ProgressUpdate(
                    "render", render_id, poll.progress, 100, "percent", label=poll.status
                )
            )
            if poll.status == DONE:
                if poll.url:
                    return poll.url
                raise RenderError(
                    f"Render {render_id} finished but gave no download address.",
                    hint=_resume_hint(render_id),
                )
            if poll.status in (FAILED, CANCELLED):
                self.pending.drop(render_id)
                said = one_line(poll.error or "", 200)
                if poll.status == CANCELLED:
                    raise RenderError(f"The cloud render {render_id} was cancelled.")
                raise RenderError(
                    f"The cloud render failed: {said}" if said else "The cloud render failed.",
                    hint="Try the export again; if it keeps failing, simplify the timeline.",
                )
            self.sleep(self.poll_interval)

    # ------------------------------------------------------------ the Backend's operations

    def export(
        self, session_id: str, draft: Any, request: ExportRequest, progress: ProgressFn
    ) -> ExportResult:
        _check_output(request)
        render_id = self.submit(session_id, draft, request)
        return self._finish(render_id, request, progress)

    def resume(
        self, render_id: str | None, request: ExportRequest, progress: ProgressFn
    ) -> ExportResult:
        ident = render_id or self._newest()
        if not ident:
            raise UsageError(
                "There is no interrupted cloud export to resume.",
                hint="Start one with: nemo export",
            )
        _check_output(request)
        return self._finish(ident, request, progress)

    def cancel(self, render_id: str | None) -> str:
        ident = render_id or self._newest()
        if not ident:
            raise UsageError("There is no pending cloud render to cancel.")
        try:
            self.api.cancel_render(ident)
        except ApiError as err:
            if err.status != 404:
                raise
            self.pending.drop(ident)
            return f"Render {ident} was no longer pending on the cloud; nemo forgot it."
        self.pending.drop(ident)
        return f"Cancelled render {ident}."

    def _newest(self) -> str | None:
        entry = self.pending.newest()
        return str(entry["id"]) if entry else None

    def _finish(self, render_id: str, request: ExportRequest, progress: ProgressFn) -> ExportResult:
        try:
            url = self.wait(render_id, progress)
            size = download(self.api.core, url, request.output, key=render_id, progress=progress)
        except KeyboardInterrupt:
            raise Interrupted(
                f"Export interrupted: the cloud render {render_id} carries on without nemo.",
                hint=_resume_hint(render_id),
            ) from None
        except NetworkError as err:
            err.hint = f"The render is kept on the cloud. {_resume_hint(render_id)}"
            raise
        except RenderError as err:
            if err.code in ("disk_full", "write_failed"):
                err.hint = (
                    "Free some space or choose another folder with -o. The render is kept on "
                    f"the cloud. {_resume_hint(render_id)}"
                )
            raise
        self.pending.drop(render_id)
        return ExportResult(request.output, size, render_id, url)


def _check_output(request: ExportRequest) -> None:
    if request.output.is_dir():
        raise UsageError(f"{request.output} is a directory.", hint="Give a file name with -o.")
    if request.output.exists() and not request.force:
        raise UsageError(
            f"{request.output} already exists.",
            hint="Use --force to overwrite it, or -o to choose another name.",
        )
