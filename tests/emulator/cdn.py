"""The "CDN": serves render outputs and uploaded media, with Range requests.

It must never see an ``Authorization`` header (the client would be leaking the token to
another host): such a request is answered 400, as S3 does, and recorded as a violation that
the ``emulator`` fixture fails the test on.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .media import Payload
from .wire import Handler, status_phrase

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "mp3": "audio/mpeg", "wav": "audio/wav"}


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """(start, end) inclusive; None to serve everything; "unsatisfiable" for a 416.

    Only one range is honoured; a malformed or multi-range header is ignored (RFC 9110
    lets a server do that).
    """
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        n = int(last)
        return "unsatisfiable" if n == 0 or size == 0 else (max(0, size - n), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, end


class CdnHandler(Handler):
    def dispatch(self, method: str) -> None:
        emu = self.emu
        path, _ = self.split
        self.record = self.new_record("cdn", method)
        emu.add_cdn_record(self.record)
        if "authorization" in self.record.headers:
            emu.violations.append(f"the CDN received an Authorization header: {method} {path}")
            self.close_connection = True
            self.send_body(
                400,
                b"<Error><Code>InvalidArgument</Code><Message>Only one auth "
                b"mechanism allowed</Message></Error>",
                {"Content-Type": "application/xml"},
                apply_fault=False,
            )
            return
        if method not in ("GET", "HEAD"):
            self.send_text(405, "Method Not Allowed")
            return
        self.fault = emu.faults.take("cdn")
        fault = self.fault
        if fault is not None and fault.stall_before > 0:
            emu.sleep(fault.stall_before)
        if fault is not None and fault.is_error:
            headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
            body = fault.body or (fault.message or status_phrase(fault.status or 500)).encode()
            self.send_body(
                fault.status or 500,
                body,
                {"Content-Type": fault.content_type if fault.body else "text/plain", **headers},
            )
            return
        payload = self._payload(path)
        if payload is None:
            self.send_text(404, "Not Found")
            return
        self._serve(payload, path, head_only=method == "HEAD")

    def send_text(self, status: int, text: str) -> None:
        self.send_body(status, text.encode(), {"Content-Type": "text/plain"}, apply_fault=False)

    def _payload(self, path: str) -> Payload | None:
        emu = self.emu
        match = re.fullmatch(r"/renders/(.+)\.mp4", path)
        if match:
            render = emu.store.render(unquote(match.group(1)))
            if render is None or render.status != "completed":
                return None
            return emu.render_payload()
        if path.startswith("/media/"):
            return emu.sample.payload()
        return None

    def _serve(self, payload: Payload, path: str, *, head_only: bool) -> None:
        ext = path.rsplit(".", 1)[-1].lower()
        headers = {
            "Content-Type": _TYPES.get(ext, "application/octet-stream"),
            "Accept-Ranges": "bytes",
            "ETag": payload.etag,
        }
        wanted = parse_range(self.headers.get("Range"), payload.size)
        if self.fault is not None and self.fault.no_ranges:  # a server without range support
            del headers["Accept-Ranges"]
            wanted = None
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range != payload.etag:
            wanted = None
        if wanted == "unsatisfiable":
            headers["Content-Range"] = f"bytes */{payload.size}"
            self.send_body(416, b"", headers, apply_fault=False)
            return
        status = 200
        start, end = 0, payload.size - 1
        if isinstance(wanted, tuple):
            status, (start, end) = 206, wanted
            headers["Content-Range"] = f"bytes {start}-{end}/{payload.size}"
        length = end - start + 1 if payload.size else 0
        self.send_head(status, headers, length=length)
        if not head_only and length:
            self.write_body_pieces(payload.iter_range(start, end), length, self.fault)
