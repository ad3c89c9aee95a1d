"""POST /api/upload-video/nemo_agent/me/<sid>: multipart ``files`` parts or JSON ``urls``.

Multipart bodies are parsed as they arrive: each file part is counted and hashed, never kept.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .multipart import boundary_of, disposition_params, iter_multipart
from .state import file_type_of

if TYPE_CHECKING:
    from .api import ApiHandler, Call
    from .state import Session

_MAX_FIELD = 64 * 1024


class _Rejected(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def upload(h: ApiHandler, call: Call) -> None:
    emu = h.emu
    sid = call.params["sid"]
    session = emu.store.session(sid, call.user)
    if session is None:
        call.reader.drain()
        h.send_code_error(call.endpoint, 1002, f"Session not found: {sid}")
        return
    content_type = h.headers.get("Content-Type", "")
    try:
        if content_type.lower().startswith("multipart/form-data"):
            received = _multipart(h, call, content_type)
        elif "json" in content_type.lower():
            received = _urls(h, call)
        else:
            call.reader.drain()
            raise _Rejected(400, "Send multipart/form-data with 'files' parts, or JSON 'urls'")
    except _Rejected as exc:
        status = 400 if exc.code in (400, 4001) else 413
        h.send_error_envelope(call.endpoint, status, exc.code, str(exc))
        return
    files = [_register(h, session, item) for item in received]
    h.send_ok(call.endpoint, {"files": files, "session_state_applied": True})


def _multipart(h: ApiHandler, call: Call, content_type: str) -> list[dict[str, Any]]:
    """The file parts as {filename, size, sha256}; raises _Rejected after reading everything."""
    boundary = boundary_of(content_type)
    if boundary is None:
        call.reader.drain()
        raise _Rejected(400, "multipart body without a boundary")
    limit = h.emu.upload_limit
    parts: list[dict[str, Any]] = []
    rejection: _Rejected | None = None
    current: dict[str, Any] = {}
    digest = hashlib.sha256()
    for kind, value in iter_multipart(call.reader, boundary):
        if kind == "headers":
            assert isinstance(value, dict)
            params = disposition_params(value.get("content-disposition", ""))
            current = {
                "name": params.get("name", ""),
                "filename": params.get("filename"),
                "content_type": value.get("content-type"),
                "size": 0,
            }
            digest = hashlib.sha256()
        elif kind == "data":
            assert isinstance(value, bytes)
            current["size"] += len(value)
            if current["filename"] is not None:
                digest.update(value)
            elif current["size"] <= _MAX_FIELD:
                current["value"] = current.get("value", b"") + value
        else:
            if current["filename"] is None:
                current["value"] = current.get("value", b"").decode("utf-8", "replace")
            else:
                current["sha256"] = digest.hexdigest()
                rejection = rejection or _check(current["filename"], current["size"], limit)
            parts.append(current)
    assert h.record is not None
    h.record.files = parts
    if rejection is not None:
        raise rejection
    files = [p for p in parts if p["filename"] is not None and p["name"] == "files"]
    if not files:
        raise _Rejected(400, "no 'files' part in the upload")
    return files


def _urls(h: ApiHandler, call: Call) -> list[dict[str, Any]]:
    try:
        body = json.loads(call.reader.read_all(_MAX_FIELD))
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
    assert h.record is not None
    h.record.json = body
    urls = body.get("urls") if isinstance(body, dict) else None
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise _Rejected(400, "'urls' must be a non-empty list of strings")
    items = []
    for url in urls:
        name = posixpath.basename(unquote(urlsplit(url).path)) or "download"
        rejection = _check(name, 0, h.emu.upload_limit)
        if rejection is not None:
            raise rejection
        items.append(
            {
                "filename": name,
                "size": None,
                "sha256": hashlib.sha256(url.encode()).hexdigest(),
                "url": url,
            }
        )
    return items


def _check(filename: str, size: int, limit: int) -> _Rejected | None:
    if file_type_of(filename) is None:
        return _Rejected(4001, f"Unsupported file type: {filename}")
    if size > limit:
        return _Rejected(4002, f"File too large: {filename} ({size} bytes, limit {limit})")
    return None


def _register(h: ApiHandler, session: Session, item: dict[str, Any]) -> dict[str, Any]:
    stored = h.emu.register_media(
        session, item["filename"], {"hash": item["sha256"], "size": item["size"]}
    )
    return {k: v for k, v in stored.items() if k not in ("id", "size")}
