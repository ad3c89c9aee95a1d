"""What the emulator tests share: the token, session and client fixtures (import the
``*_fixture`` names; pytest knows them as ``token``, ``sid`` and ``api``) and small helpers
to chat, read events, read the draft and submit a render."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator import Emulator

FIXTURES = Path(__file__).parent / "fixtures"
TESTS = Path(__file__).parent


@pytest.fixture(name="token")
def token_fixture(emulator: Emulator) -> str:
    return emulator.seed_token()


@pytest.fixture(name="sid")
def sid_fixture(emulator: Emulator, token: str) -> str:
    return emulator.create_session(token)


@pytest.fixture(name="api")
def api_fixture(emulator: Emulator, token: str) -> Iterator[httpx.Client]:
    """A client that sends what nemo sends: the skill headers, the UA and the token."""
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers(token)) as client:
        yield client


def chat(api: httpx.Client, sid: str, text: str, **extra: Any) -> httpx.Response:
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": sid,
        "new_message": {"role": "user", "parts": [{"text": text}]},
        **extra,
    }
    return api.post("/run_sse", json=body, headers={"Accept": "text/event-stream"})


def texts(events: list[Any]) -> list[tuple[str, bool]]:
    """(text, partial) of each text event."""
    out = []
    for ev in events:
        for part in (ev.get("content") or {}).get("parts", []) if isinstance(ev, dict) else []:
            if "text" in part:
                out.append((part["text"], bool(ev.get("partial"))))
    return out


def kinds(events: list[Any]) -> list[str]:
    out = []
    for ev in events:
        parts = (ev.get("content") or {}).get("parts", [{}]) if isinstance(ev, dict) else [{}]
        out.append(next(iter(parts[0]), "none") if parts else "none")
    return out


def state_draft(api: httpx.Client, sid: str) -> dict[str, Any]:
    r = api.get(f"/api/state/nemo_agent/me/{sid}/latest")
    assert r.status_code == 200, r.text
    return r.json()["data"]["state"]["draft"]


def submit(api: httpx.Client, sid: str, render_id: str, draft: Any = None) -> httpx.Response:
    draft = draft if draft is not None else {"t": [{"tt": 0, "sg": [{"d": 1000}]}], "d": 1000}
    body = {"id": render_id, "sessionId": sid, "draft": draft, "output": {"format": "mp4"}}
    return api.post("/api/render/proxy/lambda", json=body)
