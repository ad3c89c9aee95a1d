"""The misbehaviour half of ``Emulator``: methods that queue faults or make renders fail.

Each queues a ``Fault`` for the next ``times`` requests to one endpoint (``times=None``: every
request until ``clear_faults``); tests/emulator/README.md lists what each does.
"""

from __future__ import annotations

from typing import Any

from .faults import FAULT_FIELDS, Fault, FaultQueues
from .state import Render, Store


class Misbehaviour:
    faults: FaultQueues
    store: Store
    _render_failures: list[dict[str, Any]]

    def misbehave(self, endpoint: str, *, times: int | None = 1, **fields: Any) -> Fault:
        """Queue a fault with any combination of ``Fault`` fields (see faults.py)."""
        unknown = set(fields) - FAULT_FIELDS
        if unknown:
            raise ValueError(f"unknown fault fields {sorted(unknown)}")
        return self.faults.add(endpoint, Fault(times=times, **fields))

    def fail(
        self,
        endpoint: str,
        *,
        code: int | None = None,
        status: int | None = None,
        shape: str = "code",
        message: str | None = None,
        retry_after: int | str | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        times: int | None = 1,
    ) -> Fault:
        """Answer the next ``times`` calls with an error. A ``code`` (1001, 1002, 2001, 4001,
        4002) gets the default HTTP status of that code unless ``status`` is given; a status
        alone gets the envelope with ``code`` = the status; ``shape`` is "code", "success" or
        "detail" ({"detail": message}); ``body`` is sent raw."""
        if code is None and status is None and body is None:
            raise ValueError("give a code, a status or a body")
        return self.misbehave(
            endpoint,
            times=times,
            code=code,
            status=status,
            shape=shape,
            message=message,
            retry_after=retry_after,
            body=body,
            content_type=content_type,
        )

    def stall(
        self, endpoint: str, seconds: float, *, within: bool = False, times: int | None = 1
    ) -> Fault:
        """Sleep before the status line, or (``within``) half-way through the body / after
        the first SSE event."""
        key = "stall_within" if within else "stall_before"
        return self.misbehave(endpoint, times=times, **{key: seconds})

    def trickle(
        self, endpoint: str, *, chunk: int = 1, delay: float = 0.01, times: int | None = 1
    ) -> Fault:
        return self.misbehave(endpoint, times=times, trickle_bytes=chunk, trickle_delay=delay)

    def drop_stream(self, after_events: int, *, times: int | None = 1) -> Fault:
        """Cut /run_sse after ``after_events`` events (the edit still happens)."""
        return self.misbehave("run_sse", times=times, drop_after_events=after_events)

    def heartbeats(
        self,
        every: float,
        duration: float,
        *,
        forms: tuple[str, ...] = ("comment", "empty", "empty_object"),
        times: int | None = 1,
    ) -> Fault:
        """Before the reply, a heartbeat every ``every`` s for ``duration`` s, cycling forms."""
        return self.misbehave(
            "run_sse",
            times=times,
            heartbeat_every=every,
            heartbeat_for=duration,
            heartbeat_forms=tuple(forms),
        )

    def no_text(self, *, times: int | None = 1) -> Fault:
        """Edits end after the function call/response events: no text at all."""
        return self.misbehave("run_sse", times=times, no_text=True)

    def model_error(
        self,
        code: str = "SAFETY",
        message: str = "The request was blocked.",
        *,
        times: int | None = 1,
    ) -> Fault:
        """The stream is one event with errorCode/errorMessage; no edit happens."""
        return self.misbehave("run_sse", times=times, model_error=(code, message))

    def stream_exception(
        self,
        message: str = "upstream quota exceeded",
        *,
        error_type: str = "RuntimeError",
        times: int | None = 1,
    ) -> Fault:
        """The stream is one ``data: {"error": ..., "error_details": ...}`` line; no edit."""
        return self.misbehave("run_sse", times=times, stream_exception=(error_type, message))

    def long_reply(self, chunks: int, *, text: str = "", times: int | None = 1) -> Fault:
        """The reply is ``chunks`` partial text events (then the full text, turnComplete)."""
        return self.misbehave(
            "run_sse", times=times, long_reply_chunks=chunks, long_reply_text=text
        )

    def cdn_drop(self, after_bytes: int, *, times: int | None = 1) -> Fault:
        """The next download stops after ``after_bytes`` body bytes (connection closed)."""
        return self.misbehave("cdn", times=times, drop_after_bytes=after_bytes)

    def clear_faults(self, endpoint: str | None = None) -> None:
        self.faults.clear(endpoint)

    def fail_render(
        self,
        message: str = "Render failed: out of GPU memory",
        *,
        at_poll: int = 1,
        render_id: str | None = None,
        times: int = 1,
    ) -> None:
        """Make a render end ``failed`` with ``message`` on its ``at_poll``-th poll: the
        given existing render, or else the next ``times`` submitted ones."""
        if render_id is not None:
            with self.store.lock:
                render = self.store.render(render_id)
                if render is None:
                    raise KeyError(f"no render {render_id}")
                render.fail_message, render.fail_at_poll = message, render.polls + at_poll
            return
        self._render_failures.append({"message": message, "at_poll": at_poll, "times": times})

    def apply_render_failure(self, render: Render) -> None:
        with self.store.lock:
            if not self._render_failures:
                return
            failure = self._render_failures[0]
            render.fail_message, render.fail_at_poll = failure["message"], failure["at_poll"]
            failure["times"] -= 1
            if failure["times"] <= 0:
                self._render_failures.pop(0)
