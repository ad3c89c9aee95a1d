"""HTTP/1.1 plumbing shared by the API and the CDN: servers, recording, writing with faults.

A handler writes its reply through ``send_body`` (a whole body) or ``start_stream`` /
``write_stream`` / ``end_stream`` (SSE, chunked or close-delimited). Both honour the request's
``Fault``: a stall inside the body, trickled writes, a connection cut after N bytes.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .faults import Fault
from .multipart import BodyReader

if TYPE_CHECKING:
    from .emulator import Emulator

_CONNECTION_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class Dropped(Exception):
    """The handler cut the connection on purpose."""


@dataclass
class RecordedRequest:
    """One request as the emulator saw it. ``headers`` has lower-case names."""

    endpoint: str  # "credits", "run_sse", ..., "cdn", or "unknown" (no such route)
    method: str
    path: str
    query: str
    headers: dict[str, str]
    client: str  # "ip:port" of the client's connection
    time: float
    body_size: int = 0
    json: Any = None
    files: list[dict[str, Any]] = field(default_factory=list)
    missing_headers: list[str] = field(default_factory=list)
    status: int | None = None
    # time.time() just after the last byte of a streamed reply (SSE) was written: benchmarks
    # measure from it to the moment the client's prompt is back.
    ended: float | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def __repr__(self) -> str:
        headers = {
            k: ("Bearer ***" if k == "authorization" else v) for k, v in self.headers.items()
        }
        return (
            f"RecordedRequest({self.endpoint!r}, {self.method} {self.path}"
            f"{'?' + self.query if self.query else ''}, status={self.status}, "
            f"body_size={self.body_size}, missing_headers={self.missing_headers}, "
            f"headers={headers})"
        )


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type, emu: Emulator) -> None:
        self.emu = emu
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, _CONNECTION_ERRORS):
            return
        self.emu.internal_errors.append(traceback.format_exc())

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve_in_thread(self, name: str) -> threading.Thread:
        thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )
        thread.start()
        return thread


class Handler(BaseHTTPRequestHandler):
    """Base for both servers. Subclasses implement ``dispatch(method)``."""

    protocol_version = "HTTP/1.1"
    server: Server
    fault: Fault | None = None
    record: RecordedRequest | None = None
    body: BodyReader | None = None
    _headers_sent = False
    _chunked = False

    @property
    def emu(self) -> Emulator:
        return self.server.emu

    # ------------------------------------------------------------ entry points
    def do_GET(self) -> None:
        self._run("GET")

    def do_HEAD(self) -> None:
        self._run("HEAD")

    def do_POST(self) -> None:
        self._run("POST")

    def do_PUT(self) -> None:
        self._run("PUT")

    def do_DELETE(self) -> None:
        self._run("DELETE")

    def _run(self, method: str) -> None:
        self.fault, self.record, self.body = None, None, None
        self._headers_sent = self._chunked = False
        try:
            self.dispatch(method)
        except Dropped:
            self.close_connection = True
        except _CONNECTION_ERRORS:
            self.close_connection = True
        except Exception:
            self.emu.internal_errors.append(traceback.format_exc())
            self.close_connection = True
            if not self._headers_sent:
                self.send_json(500, {"detail": "emulator internal error"}, apply_fault=False)

    def dispatch(self, method: str) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ request helpers
    @property
    def split(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        return parts.path, parts.query

    def lower_headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def new_record(self, endpoint: str, method: str) -> RecordedRequest:
        path, query = self.split
        return RecordedRequest(
            endpoint=endpoint,
            method=method,
            path=path,
            query=query,
            headers=self.lower_headers(),
            client=f"{self.client_address[0]}:{self.client_address[1]}",
            time=time.time(),
        )

    # ------------------------------------------------------------ response helpers
    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs cost ~40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_response(self, code: int, message: str | None = None) -> None:
        # Complete the record before the client can see the reply (and look at the record).
        if self.record is not None:
            self.record.status = code
            if self.body is not None:
                self.record.body_size = self.body.received
        super().send_response(code, message)

    def end_headers(self) -> None:
        self._headers_sent = True
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if self.emu.log:
            sys.stderr.write(f"emulator {self.address_string()} {format % args}\n")

    def _write(self, data: bytes) -> None:
        fault = self.fault
        if fault is not None and fault.trickle_bytes > 0:
            step = fault.trickle_bytes
            for i in range(0, len(data), step):
                self.wfile.write(data[i : i + step])
                self.emu.sleep(fault.trickle_delay)
        else:
            self.wfile.write(data)

    def drop(self) -> None:
        """Cut the connection now: no more bytes, no terminating chunk."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
        raise Dropped

    def send_head(self, status: int, headers: dict[str, str], *, length: int | None = None) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def send_body(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str],
        *,
        apply_fault: bool = True,
        head_only: bool = False,
    ) -> None:
        """Status, headers and a whole body (Content-Length), honouring the fault."""
        fault = self.fault if apply_fault else None
        self.send_head(status, headers, length=len(body))
        if head_only or self.command == "HEAD":
            return
        self.write_body_pieces([body], len(body), fault)

    def write_body_pieces(self, pieces: Iterable[bytes], total: int, fault: Fault | None) -> None:
        """Write the body's pieces; a fault may stall half-way or cut after N bytes."""
        drop_at = fault.drop_after_bytes if fault else None
        stall_at = total // 2 if fault and fault.stall_within > 0 else None
        sent = 0
        for piece in pieces:
            while piece:
                cuts = [c for c in (drop_at, stall_at) if c is not None and c < sent + len(piece)]
                if not cuts:
                    self._write(piece)
                    sent += len(piece)
                    break
                cut = min(cuts)
                head, piece = piece[: cut - sent], piece[cut - sent :]
                self._write(head)
                sent += len(head)
                if cut == drop_at:
                    self.drop()
                stall_at = None
                self.emu.sleep(fault.stall_within if fault else 0.0)
        if drop_at is not None:
            self.drop()

    def send_json(
        self,
        status: int,
        obj: Any,
        headers: dict[str, str] | None = None,
        *,
        apply_fault: bool = True,
    ) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        self.send_body(status, body, all_headers, apply_fault=apply_fault)

    # ------------------------------------------------------------ streams (SSE)
    def start_stream(self, content_type: str, framing: str) -> None:
        headers = {"Content-Type": content_type, "Cache-Control": "no-cache"}
        if framing == "chunked":
            headers["Transfer-Encoding"] = "chunked"
            self._chunked = True
        else:
            headers["Connection"] = "close"
            self.close_connection = True
        self.send_head(200, headers)

    def write_stream(self, data: bytes) -> None:
        if not data:
            return
        if self._chunked:
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self._write(data)

    def end_stream(self) -> None:
        if self._chunked:
            self._write(b"0\r\n\r\n")
        if self.record is not None:
            self.record.ended = time.time()


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
