"""The ADK ``/run_sse`` wire format: events built as ordered dicts, serialised byte-exactly.

The ADK server writes each event as ``data: `` + ``event.model_dump_json(exclude_none=True,
by_alias=True)`` + a blank line: compact JSON, camelCase keys in the pydantic models' field
order, raw UTF-8, ``None`` fields left out. A server-side exception becomes one line made with
``json.dumps`` (default separators, ASCII escapes). ``/work/shared/fixtures/*.txt`` were made
that way; ``tests/test_emulator_sse.py`` rebuilds both files from these functions byte for byte.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

AUTHOR = "nemo_agent"


def new_event_id() -> str:
    return str(uuid.uuid4())


def new_invocation_id() -> str:
    return "e-" + str(uuid.uuid4())


def new_call_id() -> str:
    return "adk-" + str(uuid.uuid4())


def text_part(text: str) -> dict[str, Any]:
    return {"text": text}


def function_call_part(call_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    # google.genai FunctionCall field order: id, args, name.
    return {"functionCall": {"id": call_id, "args": args, "name": name}}


def function_response_part(call_id: str, name: str, response: dict[str, Any]) -> dict[str, Any]:
    # google.genai FunctionResponse field order: id, name, response.
    return {"functionResponse": {"id": call_id, "name": name, "response": response}}


def content(parts: list[dict[str, Any]], role: str = "model") -> dict[str, Any]:
    return {"parts": parts, "role": role}


def default_actions(state_delta: dict[str, Any] | None = None) -> dict[str, Any]:
    """EventActions with the fields ADK always serialises (the empty dicts)."""
    return {
        "stateDelta": state_delta or {},
        "artifactDelta": {},
        "requestedAuthConfigs": {},
        "requestedToolConfirmations": {},
    }


def event(
    *,
    invocation_id: str,
    content: dict[str, Any] | None = None,
    partial: bool | None = None,
    turn_complete: bool | None = None,
    finish_reason: str | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
    interrupted: bool | None = None,
    author: str = AUTHOR,
    actions: dict[str, Any] | None = None,
    long_running_tool_ids: list[str] | None = None,
    branch: str | None = None,
    node_info: dict[str, Any] | None = None,
    id: str | None = None,
    timestamp: float,
) -> dict[str, Any]:
    """One ADK Event as a dict whose key order is the pydantic field order (LlmResponse's
    fields, then Event's), with ``None`` fields left out as ``exclude_none`` does."""
    fields: list[tuple[str, Any]] = [
        ("content", content),
        ("partial", partial),
        ("turnComplete", turn_complete),
        ("finishReason", finish_reason),
        ("errorCode", error_code),
        ("errorMessage", error_message),
        ("interrupted", interrupted),
        ("invocationId", invocation_id),
        ("author", author),
        ("actions", actions if actions is not None else default_actions()),
        ("longRunningToolIds", long_running_tool_ids),
        ("branch", branch),
        ("nodeInfo", node_info if node_info is not None else {"path": ""}),
        ("id", id if id is not None else new_event_id()),
        ("timestamp", timestamp),
    ]
    return {key: value for key, value in fields if value is not None}


def encode_event(ev: dict[str, Any]) -> bytes:
    """``data: <compact JSON>`` and a blank line, as ADK's run_sse writes it."""
    body = json.dumps(ev, separators=(",", ":"), ensure_ascii=False)
    return b"data: " + body.encode("utf-8") + b"\n\n"


def encode_server_exception(error_type: str, message: str, timestamp: float) -> bytes:
    """The line ADK writes when the agent raised: ``json.dumps`` with default separators."""
    payload = {
        "error": f"{error_type}: {message}",
        "error_details": {
            "error_type": error_type,
            "error_message": message,
            "timestamp": timestamp,
        },
    }
    return b"data: " + json.dumps(payload).encode("ascii") + b"\n\n"


class PartialTemplate:
    """Serialises many partial text events cheaply (benchmarks stream 10k-50k of them).

    The event's JSON is built once around markers; only text, id and timestamp change.
    """

    def __init__(self, invocation_id: str) -> None:
        sample = event(
            invocation_id=invocation_id,
            content=content([text_part("@TEXT@")]),
            partial=True,
            id="@ID@",
            timestamp=0.5,
        )
        encoded = encode_event(sample)
        head, rest = encoded.split(b"@TEXT@")
        middle, tail = rest.split(b"@ID@")
        self._head, self._middle = head, middle
        self._tail = tail.removesuffix(b"0.5}\n\n")

    def encode(self, text: str, event_id: str, timestamp: float) -> bytes:
        quoted = json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")
        return b"".join(
            (
                self._head,
                quoted,
                self._middle,
                event_id.encode(),
                self._tail,
                repr(timestamp).encode(),
                b"}\n\n",
            )
        )
