"""The emulator's JSON endpoints and envelopes: auth and tokens, skill headers, sessions,
credits, state, unknown paths, request recording, reset and the cloud_env fixture."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from emulator import Emulator
from emulator_helpers import (
    api_fixture,  # noqa: F401 (a fixture)
    sid_fixture,  # noqa: F401 (a fixture)
    submit,
    token_fixture,  # noqa: F401 (a fixture)
)

# ---------------------------------------------------------------- auth


def test_anonymous_token_needs_a_client_id(emulator: Emulator) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers()) as c:
        r = c.post("/api/auth/anonymous-token")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "X-Client-Id header is required", "data": None}


def test_one_anonymous_token_per_client_id_until_it_expires(emulator: Emulator) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers()) as c:
        first = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "id-1"}).json()
        again = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "id-1"}).json()
        other = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "id-2"}).json()
        data = first["data"]
        assert first["code"] == 0 and again == first
        assert data["token"].startswith("nmv_usr_") and data["user_id"].startswith("anon_")
        assert data["credits"] == 100 and data["expires_at"].endswith("Z")
        assert other["data"]["token"] != data["token"]
        emulator.advance_time(7 * 24 * 3600 + 1)
        renewed = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "id-1"}).json()
    assert renewed["data"]["token"] != data["token"]


def test_ten_anonymous_tokens_per_ip_then_429(emulator: Emulator) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers()) as c:
        codes = [
            c.post("/api/auth/anonymous-token", headers={"X-Client-Id": f"id-{i}"}).status_code
            for i in range(11)
        ]
        repeat = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "id-3"})
    assert codes == [200] * 10 + [429]
    assert repeat.status_code == 200  # an id that already has a live token still gets it


def test_issue_anonymous_helper_is_what_the_endpoint_gives(emulator: Emulator) -> None:
    issued = emulator.issue_anonymous("my-id")
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers()) as c:
        r = c.post("/api/auth/anonymous-token", headers={"X-Client-Id": "my-id"})
    assert r.json()["data"] == issued


@pytest.mark.parametrize(
    ("auth", "expected_status"),
    [
        (None, 401),
        ("Bearer nmv_usr_unknown", 401),
        ("Basic abc", 401),
        ("Bearer", 401),
    ],
)
def test_bad_tokens_get_401_code_1001(emulator: Emulator, auth: Any, expected_status: Any) -> None:
    headers = emulator.headers()
    if auth is not None:
        headers["Authorization"] = auth
    r = httpx.get(emulator.base_url + "/api/credits/balance/simple", headers=headers)
    assert r.status_code == expected_status
    assert r.json() == {"code": 1001, "message": "Invalid or expired token", "data": None}


def test_an_expired_token_is_refused(emulator: Emulator, api: httpx.Client, token: str) -> None:
    assert api.get("/api/credits/balance/simple").status_code == 200
    emulator.expire_token(token)
    r = api.get("/api/credits/balance/simple")
    assert (r.status_code, r.json()["code"]) == (401, 1001)


@pytest.mark.parametrize(
    "drop", ["X-Skill-Source", "X-Skill-Version", "X-Skill-Platform", "User-Agent"]
)
def test_missing_skill_headers_get_401_or_402_on_export(
    emulator: Emulator, token: str, sid: str, drop: Any
) -> None:
    headers = emulator.headers(token)
    if drop == "User-Agent":
        headers["User-Agent"] = "python-httpx/0.28"
    else:
        del headers[drop]
    with httpx.Client(base_url=emulator.base_url, headers=headers) as c:
        credits = c.get("/api/credits/balance/simple")
        export = submit(c, sid, "render_1")
    assert credits.status_code == 401 and credits.json()["code"] == 1001
    assert export.status_code == 402 and export.json()["success"] is False
    assert [r.missing_headers for r in emulator.requests] == [[drop.lower()]] * 2


# ---------------------------------------------------------------- sessions, credits, state


def test_create_session_credits_and_state(
    emulator: Emulator, api: httpx.Client, token: str
) -> None:
    r = api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "trip"})
    data = r.json()["data"]
    assert r.json()["code"] == 0 and set(data) == {"task_id", "session_id", "user_id"}
    assert isinstance(data["session_id"], str) and data["session_id"].isdigit()
    assert int(data["session_id"]) > 2**53  # only a string keeps it exact
    assert data["user_id"] == emulator.user_id(token)
    credits = api.get("/api/credits/balance/simple").json()
    assert credits == {"code": 0, "data": {"available": 100, "frozen": 0, "total": 100}}
    state = api.get(f"/api/state/nemo_agent/me/{data['session_id']}/latest").json()["data"]
    assert state["session_id"] == data["session_id"] and state["task_name"] == "trip"
    assert state["state"] == {
        "draft": {"t": [], "d": 0, "m": {"width": 1920, "height": 1080}},
        "video_infos": [],
        "generated_media": [],
        "canvas_config": {"width": 1920, "height": 1080, "ratio": "16:9"},
    }


def test_set_credits_and_the_success_envelope(
    emulator: Emulator, api: httpx.Client, token: str
) -> None:
    emulator.set_credits(0, frozen=5, token=token)
    emulator.set_envelope("credits", success="success")
    r = api.get("/api/credits/balance/simple")
    assert r.json() == {"success": True, "data": {"available": 0, "frozen": 5, "total": 5}}


def test_state_of_an_unknown_or_foreign_session_is_1002(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    foreign = emulator.create_session(emulator.seed_token())
    for session_id in ("123", foreign):
        r = api.get(f"/api/state/nemo_agent/me/{session_id}/latest")
        assert r.status_code == 404
        assert r.json() == {
            "code": 1002,
            "message": f"Session not found: {session_id}",
            "data": None,
        }
    emulator.set_envelope("state", error="success")
    r = api.get("/api/state/nemo_agent/me/123/latest")
    assert r.json() == {"success": False, "error": "Session not found: 123"}


def test_unknown_paths_and_methods(emulator: Emulator, api: httpx.Client) -> None:
    assert api.get("/api/nothing").status_code == 404
    assert api.get("/api/credits/balance/simple/x").status_code == 404
    assert api.post("/api/credits/balance/simple").status_code == 405
    head = api.head("/api/credits/balance/simple")
    assert (head.status_code, head.content) == (405, b"")
    assert [r.path for r in emulator.requests_to("unknown")] == [
        "/api/nothing",
        "/api/credits/balance/simple/x",
        "/api/credits/balance/simple",
        "/api/credits/balance/simple",
    ]
    assert api.get("/api/credits/balance/simple").status_code == 200  # connection still sound


def test_a_malformed_content_length_is_a_400(emulator: Emulator) -> None:
    import socket

    port = int(emulator.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST /run_sse HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert reply.endswith(b'\r\n\r\n{"detail": "bad Content-Length \'ten\'"}')


def test_requests_are_recorded(emulator: Emulator, api: httpx.Client, sid: str, token: str) -> None:
    api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "x", "language": "zh-CN"})
    rec = emulator.last("create-session")
    assert (rec.method, rec.path, rec.status) == (
        "POST",
        "/api/tasks/me/with-session/nemo_agent",
        200,
    )
    assert rec.json == {"task_name": "x", "language": "zh-CN"}
    assert rec.body_size == len(b'{"task_name":"x","language":"zh-CN"}')
    assert rec.header("Authorization") == f"Bearer {token}"
    assert rec.header("x-skill-source") == "free-video-maker-in-pc"
    assert rec.missing_headers == []
    assert token not in repr(rec)


# ---------------------------------------------------------------- fixtures and lifecycle


def test_cloud_env(cloud_env: dict[str, str], emulator: Emulator) -> None:
    assert cloud_env == {
        "NEMO_API_BASE": emulator.base_url,
        "NEMO_BACKEND": "cloud",
        "NEMO_POLL_INTERVAL": "0.05",
        "NEMO_PROGRESS_INTERVAL": "120",
    }


def test_reset_gives_a_fresh_emulator(
    emulator: Emulator, api: httpx.Client, sid: str, token: str
) -> None:
    emulator.fail("credits", status=500)
    emulator.configure(render_polls=9)
    emulator.reset()
    assert emulator.requests == [] and emulator.render_polls == 3
    assert emulator.faults.pending() == 0
    r = api.get("/api/credits/balance/simple")
    assert r.status_code == 401  # the token is gone too


def test_keep_alive_connection_is_reused(emulator: Emulator, api: httpx.Client) -> None:
    for _ in range(3):
        api.get("/api/credits/balance/simple")
    assert len({r.client for r in emulator.requests}) == 1
