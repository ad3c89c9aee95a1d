"""The API server: routing, the checks every call goes through, the small endpoints.

Order for each request: route -> take the endpoint's fault -> read (or, for uploads, leave)
the body -> record -> stall -> answer the fault's error -> skill headers -> token -> endpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from . import control, render, sse, upload
from .faults import Fault
from .multipart import BadBody, BodyReader
from .redirects import location_for
from .state import RateLimit, User, iso
from .wire import Handler, status_phrase

SKILL_HEADERS = ("x-skill-source", "x-skill-version", "x-skill-platform")
MAX_JSON_BODY = 64 * 1024 * 1024

# Which HTTP status an envelope error code gets unless a test says otherwise.
CODE_STATUS = {1001: 401, 1002: 404, 2001: 200, 4001: 400, 4002: 413}
CODE_MESSAGE = {
    1001: "Invalid or expired token",
    1002: "Session not found",
    2001: "Insufficient credits",
    4001: "Unsupported file type",
    4002: "File too large",
}


@dataclass
class Call:
    """What an endpoint function gets."""

    endpoint: str
    params: dict[str, str]
    reader: BodyReader
    raw: bytes | None  # the whole body (None for uploads: read it from ``reader``)
    json: Any
    user: User | None


Endpoint = Callable[["ApiHandler", Call], None]


def _anonymous_token(h: ApiHandler, call: Call) -> None:
    client_id = h.headers.get("X-Client-Id", "").strip()
    if not client_id:
        h.send_error_envelope(call.endpoint, 400, 400, "X-Client-Id header is required")
        return
    emu = h.emu
    try:
        tok = emu.store.issue_anonymous(client_id, h.client_address[0], emu.anon_per_ip)
    except RateLimit:
        h.send_error_envelope(call.endpoint, 429, 429, "Too many anonymous tokens for this IP")
        return
    user = emu.store.users[tok.user_id]
    h.send_ok(
        call.endpoint,
        {
            "token": tok.token,
            "user_id": tok.user_id,
            "credits": user.available,
            "expires_at": iso(tok.expires_at),
        },
    )


def _create_session(h: ApiHandler, call: Call) -> None:
    body = call.json if isinstance(call.json, dict) else {}
    assert call.user is not None
    session = h.emu.store.create_session(
        call.user,
        str(body.get("task_name") or "project"),
        str(body.get("language") or "en"),
    )
    data = {
        "task_id": session.task_id,
        "session_id": session.session_id,
        "user_id": call.user.user_id,
    }
    h.send_ok(call.endpoint, data)


def _credits(h: ApiHandler, call: Call) -> None:
    assert call.user is not None
    with h.emu.store.lock:
        h.send_ok(call.endpoint, call.user.credits())


def _state(h: ApiHandler, call: Call) -> None:
    session = h.emu.store.session(call.params["sid"], call.user)
    if session is None:
        h.send_code_error(call.endpoint, 1002, f"Session not found: {call.params['sid']}")
        return
    with h.emu.store.lock:
        data = session.latest()
    h.send_ok(call.endpoint, data)


ROUTES: list[tuple[str, re.Pattern[str], str, Endpoint]] = [
    ("POST", re.compile(r"/api/auth/anonymous-token"), "anonymous-token", _anonymous_token),
    (
        "POST",
        re.compile(r"/api/tasks/me/with-session/nemo_agent"),
        "create-session",
        _create_session,
    ),
    ("POST", re.compile(r"/run_sse"), "run_sse", sse.run_sse),
    (
        "POST",
        re.compile(r"/api/upload-video/nemo_agent/me/(?P<sid>[^/]+)"),
        "upload",
        upload.upload,
    ),
    ("GET", re.compile(r"/api/credits/balance/simple"), "credits", _credits),
    ("GET", re.compile(r"/api/state/nemo_agent/me/(?P<sid>[^/]+)/latest"), "state", _state),
    ("POST", re.compile(r"/api/render/proxy/lambda"), "render-submit", render.submit),
    ("GET", re.compile(r"/api/render/proxy/lambda/(?P<rid>[^/]+)"), "render-poll", render.poll),
    (
        "POST",
        re.compile(r"/api/render/proxy/lambda/(?P<rid>[^/]+)/cancel"),
        "render-cancel",
        render.cancel,
    ),
]


def route(method: str, path: str) -> tuple[str, Endpoint, dict[str, str]] | str:
    """(endpoint key, function, path params), or "404" / "405"."""
    allowed = False
    for route_method, pattern, key, func in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            if route_method == method:
                return key, func, {k: unquote(v) for k, v in match.groupdict().items()}
            allowed = True
    return "405" if allowed else "404"


class ApiHandler(Handler):
    def dispatch(self, method: str) -> None:
        path, _ = self.split
        try:
            reader = self.body = self._reader()
        except BadBody as exc:
            self.close_connection = True
            self.send_json(400, {"detail": str(exc)}, apply_fault=False)
            return
        if path.startswith("/_emulator/"):
            control.handle(self, method, path, reader)
            return
        found = route(method, path)
        if isinstance(found, str):
            self.record = self.new_record("unknown", method)
            self.emu.add_record(self.record)
            reader.drain()
            status = int(found)
            self.send_json(status, {"detail": status_phrase(status)}, apply_fault=False)
            return
        endpoint, func, params = found
        self.fault = self.emu.faults.take(endpoint)
        self.record = self.new_record(endpoint, method)
        self.emu.add_record(self.record)
        call = Call(endpoint, params, reader, None, None, None)
        try:
            if endpoint != "upload":
                call.raw = reader.read_all(MAX_JSON_BODY)
                call.json = _parse_json(call.raw)
                self.record.json = call.json
            self._checked(func, call)
        except BadBody as exc:
            # The body cannot be trusted, so neither can the connection: answer and close.
            self.close_connection = True
            if not self._headers_sent:
                self.send_error_envelope(endpoint, 400, 400, f"Bad request body: {exc}")
        finally:
            self.record.body_size = reader.received

    def _reader(self) -> BodyReader:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return BodyReader(self.rfile, None, True)
        length = self.headers.get("Content-Length")
        if length is not None and not length.strip().isdigit():
            raise BadBody(f"bad Content-Length {length[:40]!r}")
        return BodyReader(self.rfile, int(length) if length else None, False)

    def _checked(self, func: Endpoint, call: Call) -> None:
        assert self.record is not None
        fault = self.fault
        self.record.missing_headers = self._missing_headers()
        if fault is not None and fault.stall_before > 0:
            self.emu.sleep(fault.stall_before)
        if fault is not None and fault.is_error:
            call.reader.drain()
            self.send_fault_error(fault)
            return
        if self.record.missing_headers and self.emu.require_skill_headers:
            call.reader.drain()
            missing = ", ".join(self.record.missing_headers)
            if call.endpoint == "render-submit":
                self.send_error_envelope(
                    call.endpoint, 402, 402, f"Export blocked: missing {missing}"
                )
            else:
                self.send_error_envelope(
                    call.endpoint, 401, 1001, f"Authentication failed: missing {missing}"
                )
            return
        if call.endpoint != "anonymous-token":
            call.user = self._user()
            if call.user is None:
                call.reader.drain()
                self.send_code_error(call.endpoint, 1001)
                return
        func(self, call)

    def _missing_headers(self) -> list[str]:
        missing = [h for h in SKILL_HEADERS if not self.headers.get(h, "").strip()]
        if not self.headers.get("User-Agent", "").startswith("nemo-cli/"):
            missing.append("user-agent")
        return missing

    def _user(self) -> User | None:
        auth = self.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.emu.store.user_for(token.strip())

    # ------------------------------------------------------------ envelopes
    def send_ok(self, endpoint: str, data: Any) -> None:
        if self.emu.envelopes[endpoint]["success"] == "success":
            self.send_json(200, {"success": True, "data": data})
        else:
            self.send_json(200, {"code": 0, "data": data})

    def send_error_envelope(
        self,
        endpoint: str,
        status: int,
        code: int,
        message: str,
        *,
        shape: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        shape = shape or self.emu.envelopes[endpoint]["error"]
        self.send_json(status, error_body(shape, code, message), headers)

    def send_code_error(self, endpoint: str, code: int, message: str | None = None) -> None:
        """A contract code (1001, 1002, ...) with its default HTTP status."""
        self.send_error_envelope(
            endpoint, CODE_STATUS.get(code, 200), code, message or CODE_MESSAGE.get(code, "Error")
        )

    def send_fault_error(self, fault: Fault) -> None:
        if fault.code is not None:
            status = fault.status if fault.status is not None else CODE_STATUS.get(fault.code, 200)
        else:
            status = fault.status if fault.status is not None else 500
        headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
        if fault.location is not None:
            headers["Location"] = location_for(self.emu, fault.location, self.path)
        if fault.body is not None:
            self.send_body(status, fault.body, {"Content-Type": fault.content_type, **headers})
            return
        code = fault.code if fault.code is not None else status
        message = fault.message or CODE_MESSAGE.get(code) or status_phrase(status)
        self.send_json(status, error_body(fault.shape, code, message), headers)


def error_body(shape: str, code: int, message: str) -> dict[str, Any]:
    if shape == "success":
        return {"success": False, "error": message}
    if shape == "detail":
        return {"detail": message}
    return {"code": code, "message": message, "data": None}


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
