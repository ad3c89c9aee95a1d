"""POST /run_sse: validate like FastAPI, let the agent edit the draft, stream ADK events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import adk, agent
from .faults import HEARTBEAT_FORMS, Fault

if TYPE_CHECKING:
    from .api import ApiHandler, Call

CONTENT_TYPE = "text/event-stream; charset=utf-8"
LONG_REPLY_WORDS = (
    "Here ",
    "is ",
    "a ",
    "very ",
    "long ",
    "answer ",
    "about ",
    "video ",
    "editing. ",
)
_BATCH = 64 * 1024


def _item(kind: str, loc: list[Any], msg: str, value: Any) -> dict[str, Any]:
    return {"type": kind, "loc": loc, "msg": msg, "input": value}


def validation_errors(raw: bytes | None, body: Any) -> list[dict[str, Any]]:
    """FastAPI-style 422 ``detail`` items for a bad RunAgentRequest (empty when it is fine)."""
    if raw and body is None:
        bad_json = _item("json_invalid", ["body", 0], "JSON decode error", {})
        return [{**bad_json, "ctx": {"error": "Expecting value"}}]
    if not isinstance(body, dict):
        return [_item("missing", ["body"], "Field required", None)]
    errors: list[dict[str, Any]] = []
    for name in ("app_name", "user_id", "session_id"):
        if name not in body:
            errors.append(_item("missing", ["body", name], "Field required", body))
        elif not isinstance(body[name], str):
            msg = "Input should be a valid string"
            errors.append(_item("string_type", ["body", name], msg, body[name]))
    message = body.get("new_message")
    if message is None:
        errors.append(_item("missing", ["body", "new_message"], "Field required", body))
    elif not isinstance(message, dict) or not isinstance(message.get("parts", []), list):
        msg = "Input should be a valid dictionary or instance of Content"
        errors.append(_item("model_type", ["body", "new_message"], msg, message))
    if "streaming" in body and not isinstance(body["streaming"], bool):
        msg = "Input should be a valid boolean"
        errors.append(_item("bool_type", ["body", "streaming"], msg, body["streaming"]))
    return errors


def message_text(body: dict[str, Any]) -> str:
    parts = body["new_message"].get("parts") or []
    return "".join(
        p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)
    )


def run_sse(h: ApiHandler, call: Call) -> None:
    body = call.json
    errors = validation_errors(call.raw, body)
    if errors:
        h.send_json(422, {"detail": errors})
        return
    emu, user = h.emu, call.user
    assert user is not None
    sid = body["session_id"]
    session = emu.store.session(sid, user)
    if session is None:
        h.send_json(404, {"detail": f"Session not found: {sid}"})
        return
    if user.available <= 0:
        h.send_code_error(call.endpoint, 2001)
        return
    fault = h.fault or Fault()
    text = message_text(body)
    with emu.store.lock:
        session.messages.append(text)
        turn = agent.respond(text, session.draft, session.media, emu.stock_music_url)
        edits = fault.model_error is None and fault.stream_exception is None
        if edits and turn.draft is not None:
            session.draft = turn.draft
            user.available = max(0, user.available - emu.chat_cost)
    stream(h, events(turn, bool(body.get("streaming")), fault, emu.now), fault)


def events(turn: agent.Turn, streaming: bool, fault: Fault, now: Any) -> Iterator[bytes]:
    """The encoded events of one turn, in order."""
    inv = adk.new_invocation_id()
    if fault.model_error is not None:
        code, message = fault.model_error
        yield adk.encode_event(
            adk.event(invocation_id=inv, error_code=code, error_message=message, timestamp=now())
        )
        return
    if fault.stream_exception is not None:
        error_type, message = fault.stream_exception
        yield adk.encode_server_exception(error_type, message, now())
        return
    if fault.long_reply_chunks:
        yield from _long_reply(inv, fault, now)
        return
    for tool in turn.calls:
        call_id = adk.new_call_id()
        yield adk.encode_event(
            adk.event(
                invocation_id=inv,
                content=adk.content([adk.function_call_part(call_id, tool.name, tool.args)]),
                timestamp=now(),
            )
        )
        yield adk.encode_event(
            adk.event(
                invocation_id=inv,
                content=adk.content(
                    [adk.function_response_part(call_id, tool.name, tool.response)], role="user"
                ),
                timestamp=now(),
            )
        )
    if fault.no_text and turn.calls:
        return
    if streaming:
        for piece in agent.chunks(turn.text):
            yield adk.encode_event(
                adk.event(
                    invocation_id=inv,
                    content=adk.content([adk.text_part(piece)]),
                    partial=True,
                    timestamp=now(),
                )
            )
        yield adk.encode_event(
            adk.event(
                invocation_id=inv,
                content=adk.content([adk.text_part(turn.text)]),
                turn_complete=True,
                timestamp=now(),
            )
        )
    else:
        yield adk.encode_event(
            adk.event(
                invocation_id=inv,
                content=adk.content([adk.text_part(turn.text)]),
                finish_reason="STOP",
                timestamp=now(),
            )
        )


def long_reply_text(chunks: int, text: str = "") -> list[str]:
    """The pieces a long reply streams (``text`` repeated, or a cycle of stock words)."""
    if text:
        return [text] * chunks
    return [LONG_REPLY_WORDS[i % len(LONG_REPLY_WORDS)] for i in range(chunks)]


def _long_reply(inv: str, fault: Fault, now: Any) -> Iterator[bytes]:
    template = adk.PartialTemplate(inv)
    pieces = long_reply_text(fault.long_reply_chunks, fault.long_reply_text)
    for piece in pieces:
        yield template.encode(piece, adk.new_event_id(), now())
    yield adk.encode_event(
        adk.event(
            invocation_id=inv,
            content=adk.content([adk.text_part("".join(pieces))]),
            turn_complete=True,
            timestamp=now(),
        )
    )


def stream(h: ApiHandler, items: Iterator[bytes], fault: Fault) -> None:
    """Headers, heartbeats, then the events; batched when nothing asks for event timing."""
    h.start_stream(CONTENT_TYPE, h.emu.sse_framing)
    if fault.heartbeat_every > 0:
        count = max(1, int(round(fault.heartbeat_for / fault.heartbeat_every)))
        for i in range(count):
            h.emu.sleep(fault.heartbeat_every)
            h.write_stream(HEARTBEAT_FORMS[fault.heartbeat_forms[i % len(fault.heartbeat_forms)]])
    batch = bool(fault.long_reply_chunks) and not fault.trickle_bytes
    pending: list[bytes] = []
    size = 0
    for index, item in enumerate(items):
        if index == fault.drop_after_events:
            h.write_stream(b"".join(pending))
            h.drop()
        if index == 1 and fault.stall_within > 0:
            h.write_stream(b"".join(pending))
            pending, size = [], 0
            h.emu.sleep(fault.stall_within)
        pending.append(item)
        size += len(item)
        if not batch or size >= _BATCH:
            h.write_stream(b"".join(pending))
            pending, size = [], 0
    h.write_stream(b"".join(pending))
    if fault.drop_after_events is not None:
        h.drop()  # asked to drop after more events than there were: drop at the end
    h.end_stream()


def decode_stream(raw: bytes) -> list[Any]:
    """Parse an SSE body into its ``data:`` payloads (JSON, or the raw text). For tests."""
    out: list[Any] = []
    for block in raw.decode("utf-8").split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("data:"):
                payload = line[5:].strip()
                try:
                    out.append(json.loads(payload) if payload else "")
                except json.JSONDecodeError:
                    out.append(payload)
    return out
