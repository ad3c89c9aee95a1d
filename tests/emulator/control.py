"""``/_emulator/...``: drive a standalone emulator (``python -m emulator``) over HTTP.

``POST /_emulator/<method>`` with a JSON object of keyword arguments calls that public
``Emulator`` method (only those in ``METHODS``) and answers ``{"result": ...}``;
``GET /_emulator/requests`` lists the recorded requests, ``GET /_emulator/stats`` the
process's peak memory. Tests in the pytest process call the Python API directly instead.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
from typing import TYPE_CHECKING, Any

from .multipart import BodyReader

if TYPE_CHECKING:
    from .api import ApiHandler

METHODS = frozenset(
    {
        "reset",
        "fail",
        "stall",
        "trickle",
        "drop_stream",
        "heartbeats",
        "no_text",
        "model_error",
        "stream_exception",
        "long_reply",
        "cdn_drop",
        "redirect",
        "misbehave",
        "clear_faults",
        "fail_render",
        "expire_token",
        "set_credits",
        "seed_token",
        "issue_anonymous",
        "create_session",
        "set_envelope",
        "configure",
        "advance_time",
        "set_cdn_payload",
        "draft",
    }
)


def peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def handle(h: ApiHandler, method: str, path: str, reader: BodyReader) -> None:
    raw = reader.read_all(1024 * 1024)
    name = path.removeprefix("/_emulator/")
    emu = h.emu
    if method == "GET" and name == "requests":
        h.send_json(200, {"requests": [_record(r) for r in emu.requests]}, apply_fault=False)
        return
    if method == "GET" and name == "stats":
        h.send_json(
            200, {"peak_rss": peak_rss_bytes(), "requests": len(emu.requests)}, apply_fault=False
        )
        return
    if method != "POST" or name not in METHODS:
        h.send_json(404, {"detail": f"no control method {name!r}"}, apply_fault=False)
        return
    try:
        kwargs = json.loads(raw) if raw else {}
        for key in ("forms", "heartbeat_forms"):
            if isinstance(kwargs.get(key), list):
                kwargs[key] = tuple(kwargs[key])
        if isinstance(kwargs.get("model_error"), list):
            kwargs["model_error"] = tuple(kwargs["model_error"])
        result = getattr(emu, name)(**kwargs)
    except (TypeError, ValueError, KeyError) as exc:
        h.send_json(400, {"detail": f"{type(exc).__name__}: {exc}"}, apply_fault=False)
        return
    h.send_json(200, {"result": _jsonable(result)}, apply_fault=False)


def _record(r: Any) -> dict[str, Any]:
    data = dataclasses.asdict(r)
    if "authorization" in data["headers"]:
        data["headers"]["authorization"] = "Bearer ***"
    return data
