"""Misbehaviour on request: a queue of faults per endpoint, consumed one per request.

A ``Fault`` says how the next ``times`` requests to one endpoint go wrong. Its fields combine
(heartbeats, then a drop after two events; a stall, then an error). The ``Emulator`` methods
(``fail``, ``stall``, ``drop_stream``...) build them; ``misbehave`` takes any combination.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields

ENDPOINTS = (
    "anonymous-token",
    "create-session",
    "run_sse",
    "upload",
    "credits",
    "state",
    "render-submit",
    "render-poll",
    "render-cancel",
    "cdn",
)

HEARTBEAT_FORMS: dict[str, bytes] = {
    "comment": b": ping\n\n",
    "empty": b"data: \n\n",
    "empty_object": b"data: {}\n\n",
}

# Fields that only make sense on the chat stream.
_SSE_ONLY = (
    "drop_after_events",
    "heartbeat_every",
    "no_text",
    "model_error",
    "stream_exception",
    "long_reply_chunks",
)


@dataclass
class Fault:
    """How a request goes wrong. ``times=None``: every request until ``clear_faults``."""

    times: int | None = 1
    # -- answer with an error instead of the normal reply
    status: int | None = None
    code: int | None = None
    message: str | None = None
    shape: str = "code"  # "code" | "success" | "detail"
    retry_after: int | str | None = None
    body: bytes | None = None  # a raw body, sent as is (with content_type)
    content_type: str = "application/json"
    location: str | None = None  # a redirect's Location: "cdn", "api" or a URL (redirects.py)
    # -- timing
    stall_before: float = 0.0  # seconds before the status line
    stall_within: float = 0.0  # seconds after the first event / the first half of the body
    trickle_bytes: int = 0  # write the response this many bytes at a time...
    trickle_delay: float = 0.0  # ...sleeping this long between writes
    # -- cutting the connection (no terminating chunk, the socket closed)
    drop_after_bytes: int | None = None  # body bytes (JSON endpoints, the CDN)
    drop_after_events: int | None = None  # SSE events (run_sse)
    no_ranges: bool = False  # the CDN: no Accept-Ranges, and Range headers ignored (full 200)
    # -- the chat stream's content
    heartbeat_every: float = 0.0
    heartbeat_for: float = 0.0
    heartbeat_forms: tuple[str, ...] = ("comment", "empty", "empty_object")
    no_text: bool = False
    model_error: tuple[str, str] | None = None  # (errorCode, errorMessage)
    stream_exception: tuple[str, str] | None = None  # (error type, message)
    long_reply_chunks: int = 0
    long_reply_text: str = ""

    @property
    def is_error(self) -> bool:
        return self.status is not None or self.code is not None or self.body is not None

    def check(self, endpoint: str) -> None:
        if endpoint not in ENDPOINTS:
            raise ValueError(f"unknown endpoint key {endpoint!r}; one of {', '.join(ENDPOINTS)}")
        if endpoint != "run_sse":
            defaults = Fault()
            for name in _SSE_ONLY:
                if getattr(self, name) != getattr(defaults, name):
                    raise ValueError(f"{name} only applies to 'run_sse', not {endpoint!r}")
        if self.shape not in ("code", "success", "detail"):
            raise ValueError(f"shape must be 'code', 'success' or 'detail', not {self.shape!r}")
        unknown = [f for f in self.heartbeat_forms if f not in HEARTBEAT_FORMS]
        if unknown:
            raise ValueError(f"unknown heartbeat forms {unknown}; use {list(HEARTBEAT_FORMS)}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be >= 1 (or None for every request)")


FAULT_FIELDS = frozenset(f.name for f in fields(Fault))


@dataclass
class FaultQueues:
    """Thread-safe FIFO of faults per endpoint."""

    _queues: dict[str, list[Fault]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, fault: Fault) -> Fault:
        fault.check(endpoint)
        with self._lock:
            self._queues.setdefault(endpoint, []).append(fault)
        return fault

    def take(self, endpoint: str) -> Fault | None:
        """The fault for this request, if any (counting it as used once)."""
        with self._lock:
            queue = self._queues.get(endpoint)
            if not queue:
                return None
            fault = queue[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times == 0:
                    queue.pop(0)
            return fault

    def pending(self, endpoint: str | None = None) -> int:
        with self._lock:
            queues = [self._queues.get(endpoint, [])] if endpoint else self._queues.values()
            return sum(len(q) for q in queues)

    def clear(self, endpoint: str | None = None) -> None:
        with self._lock:
            if endpoint is None:
                self._queues.clear()
            else:
                self._queues.pop(endpoint, None)
