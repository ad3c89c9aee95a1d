"""The cloud emulator itself, with plain httpx calls: every endpoint, every misbehaviour, the
ADK fixtures byte for byte, the CDN's Authorization tripwire, a 50 MB streamed upload."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator import Emulator, adk, agent
from emulator.emulator import CdnView
from emulator.media import generated_bytes
from emulator.sse import decode_stream

FIXTURES = Path(__file__).parent / "fixtures"
TESTS = Path(__file__).parent
INV = "e-7f3a9c21"
TEXT = "I've merged your two clips into a 10-second timeline. Click Export to download."


# ---------------------------------------------------------------- helpers


@pytest.fixture
def token(emulator: Emulator) -> str:
    return emulator.seed_token()


@pytest.fixture
def sid(emulator: Emulator, token: str) -> str:
    return emulator.create_session(token)


@pytest.fixture
def api(emulator: Emulator, token: str) -> Iterator[httpx.Client]:
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


# ---------------------------------------------------------------- ADK byte-exactness


def _actions_event(**kw: Any) -> dict[str, Any]:
    return adk.event(invocation_id=INV, **kw)


def test_streaming_fixture_is_reproduced_byte_for_byte() -> None:
    call = adk.function_call_part("adk-1b2c3d4e5f60", "merge_clips", {"clip_ids": ["v1", "v2"]})
    resp = adk.function_response_part("adk-1b2c3d4e5f60", "merge_clips", {"status": "success"})
    partials = [
        ("I've merged your ", "c4017eac-4886-44d8-a097-fa232e1b179d", 1795467741.860311),
        ("two clips into a ", "e7d97c35-3a6b-4861-bf5d-c86e542d9d41", 1795467741.8604157),
        ("10-second timeline. ", "1c60fd75-826c-463f-9758-acd179410947", 1795467741.8605192),
        ("Click Export to download.", "3f4bee36-09c6-41cd-9897-0a918517d44d", 1795467741.8606138),
    ]
    events = [
        _actions_event(
            content=adk.content([call]),
            id="28dd46e8-9901-450d-bd00-fe02253e1c92",
            timestamp=1795467741.8581426,
        ),
        _actions_event(
            content=adk.content([resp], role="user"),
            id="19e56aac-08a0-4ce9-830b-5b75f6427ffa",
            timestamp=1795467741.8601527,
        ),
        *[
            _actions_event(
                content=adk.content([adk.text_part(t)]), partial=True, id=i, timestamp=ts
            )
            for t, i, ts in partials
        ],
        _actions_event(
            content=adk.content([adk.text_part(TEXT)]),
            turn_complete=True,
            id="5dd1f428-fa1e-4445-bf1f-cbe99ee8b8a8",
            timestamp=1795467741.8608696,
        ),
    ]
    built = b"".join(adk.encode_event(e) for e in events)
    assert built == (FIXTURES / "adk-run-sse-streaming.txt").read_bytes()


def test_errors_fixture_is_reproduced_byte_for_byte() -> None:
    model_error = _actions_event(
        error_code="SAFETY",
        error_message="The request was blocked.",
        id="6589e5fd-da1d-4a31-9b90-b0f6de86762c",
        timestamp=1795467741.8612375,
    )
    built = adk.encode_event(model_error) + adk.encode_server_exception(
        "RuntimeError", "upstream quota exceeded", 1795467696.99
    )
    assert built == (FIXTURES / "adk-run-sse-errors.txt").read_bytes()


def test_partial_template_matches_the_event_model() -> None:
    template = adk.PartialTemplate(INV)
    for text in ["plain ", 'quotes "and" \\ slashes', "中文 ünïcode\n", ""]:
        expected = adk.encode_event(
            _actions_event(
                content=adk.content([adk.text_part(text)]), partial=True, id="x", timestamp=1.5
            )
        )
        assert template.encode(text, "x", 1.5) == expected


def _key_orders(raw: bytes) -> dict[str, list[str]]:
    """Top-level key order of each kind of event in a stream."""
    orders: dict[str, list[str]] = {}
    for ev in decode_stream(raw):
        kind = kinds([ev])[0] + ("/partial" if ev.get("partial") else "")
        orders.setdefault(kind, list(ev))
    return orders


def test_the_served_stream_has_the_fixture_key_order(
    api: httpx.Client, emulator: Emulator, sid: str
) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.add_media(sid, "b.mp4")
    served = chat(api, sid, "combine my clips", streaming=True).content
    fixture = (FIXTURES / "adk-run-sse-streaming.txt").read_bytes()
    assert _key_orders(served) == _key_orders(fixture)


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


# ---------------------------------------------------------------- the chat stream


def test_non_streaming_edit(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.add_media(sid, "b.mp4", duration=2.5)
    r = chat(api, sid, "combine my clips")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert r.headers["transfer-encoding"] == "chunked"
    events = decode_stream(r.content)
    assert kinds(events) == ["functionCall", "functionResponse", "text"]
    assert events[0]["content"]["parts"][0]["functionCall"]["args"] == {"clip_ids": ["m1", "m2"]}
    assert events[2]["finishReason"] == "STOP" and "partial" not in events[2]
    assert texts(events) == [
        ("I've merged your 2 clips into a 7.5-second timeline. Click Export to download.", False)
    ]
    assert state_draft(api, sid)["d"] == 7500
    assert emulator.session_messages(sid) == ["combine my clips"]


def test_streaming_edit_sends_partials_then_the_full_text(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.add_media(sid, "a.mp4")
    events = decode_stream(chat(api, sid, "add music at 35%", streaming=True).content)
    got = texts(events)
    assert [p for _, p in got] == [True] * (len(got) - 1) + [False]
    assert "".join(t for t, _ in got[:-1]) == got[-1][0]
    assert got[-1][0] == "I added background music (Lo-fi Chill) at 35% volume. " + agent.OUTRO
    assert events[-1]["turnComplete"] is True
    assert len({e["invocationId"] for e in events}) == 1


def test_anything_else_gets_a_friendly_text_and_no_edit(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    before = emulator.draft(sid)
    events = decode_stream(chat(api, sid, "hello there").content)
    assert kinds(events) == ["text"] and texts(events) == [(agent.GREETING, False)]
    assert emulator.draft(sid) == before


def test_combine_without_clips_says_so(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    events = decode_stream(chat(api, sid, "merge everything").content)
    assert texts(events) == [(agent.NO_CLIPS, False)]


# (message, uploaded files, expected tracks as [(tt, [segment])], d)
AGENT_TABLE: list[tuple[str, list[str], list[tuple[int, list[dict[str, Any]]]], int]] = [
    (
        "combine my clips",
        ["a.mp4", "b.mov", "c.png", "d.webm"],
        [
            (
                0,
                [
                    {"id": "v1", "name": "a.mp4", "start": 0, "duration": 5000, "url": "@1"},
                    {
                        "id": "v2",
                        "fileName": "b.mov",
                        "startTime": 5000,
                        "dur": 5000,
                        "cdn_url": "@2",
                    },
                    {"id": "v3", "title": "c.png", "s": 10000, "e": 13000, "source": "@3"},
                    {"id": "v4", "name": "d.webm", "start": 13000, "duration": 5000, "url": "@4"},
                ],
            )
        ],
        18000,
    ),
    (
        "合并我的视频，加背景音乐 35%",
        ["a.mp4", "song.mp3"],
        [
            (0, [{"id": "v1", "name": "a.mp4", "start": 0, "duration": 5000, "url": "@1"}]),
            (
                1,
                [
                    {
                        "id": "a1",
                        "label": "song.mp3",
                        "offset": 0,
                        "duration_ms": 5000,
                        "volume": 0.35,
                        "src": "@2",
                    }
                ],
            ),
        ],
        5000,
    ),
    (
        "add background music",
        [],
        [
            (
                1,
                [
                    {
                        "id": "a1",
                        "label": "Lo-fi Chill",
                        "offset": 0,
                        "duration_ms": 10000,
                        "volume": 0.5,
                        "src": "@stock",
                    }
                ],
            )
        ],
        10000,
    ),
    (
        "title 'Urban Dreams'",
        [],
        [(7, [{"id": "t1", "text": "Urban Dreams", "startTime": 0, "endTime": 3000}])],
        3000,
    ),
    (
        'put "Summer 2024" as the title',
        [],
        [(7, [{"id": "t1", "text": "Summer 2024", "startTime": 0, "endTime": 3000}])],
        3000,
    ),
    (
        "Title: “Hello”",
        [],
        [(7, [{"id": "t1", "text": "Hello", "startTime": 0, "endTime": 3000}])],
        3000,
    ),
    (
        "标题「城市之梦」",
        [],
        [(7, [{"id": "t1", "text": "城市之梦", "startTime": 0, "endTime": 3000}])],
        3000,
    ),
]


@pytest.mark.parametrize(("message", "files", "tracks", "duration"), AGENT_TABLE)
def test_agent_edits(
    emulator: Emulator, message: Any, files: Any, tracks: Any, duration: Any
) -> None:
    token = emulator.seed_token()
    sid = emulator.create_session(token)
    media = [emulator.add_media(sid, f) for f in files]
    urls = {f"@{i + 1}": m["cdn_url"] for i, m in enumerate(media)}
    urls["@stock"] = emulator.stock_music_url
    turn = agent.respond(message, emulator.draft(sid), media, emulator.stock_music_url)
    assert turn.draft is not None
    expected = [
        {"tt": tt, "sg": [{k: urls.get(v, v) for k, v in seg.items()} for seg in segs]}
        for tt, segs in tracks
    ]
    assert turn.draft["t"] == expected
    assert turn.draft["d"] == duration


def test_a_full_edit_request_makes_three_tracks(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.add_media(sid, "b.mp4")
    msg = "combine my clips, add background music at 35%, put 'Urban Dreams' as a title"
    events = decode_stream(chat(api, sid, msg).content)
    names = [
        e["content"]["parts"][0]["functionCall"]["name"]
        for e in events
        if kinds([e]) == ["functionCall"]
    ]
    assert names == ["merge_clips", "add_background_music", "add_text"]
    draft = state_draft(api, sid)
    assert [t["tt"] for t in draft["t"]] == [0, 1, 7]
    assert draft["m"]["title"] == "Urban Dreams" and draft["d"] == 10000


def test_run_sse_unknown_session_is_404_detail(api: httpx.Client) -> None:
    r = chat(api, "999", "hi")
    assert r.status_code == 404 and r.json() == {"detail": "Session not found: 999"}


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (b"{not json", ["body", 0]),
        (
            b'{"app_name": "nemo_agent", "user_id": "me", "session_id": "1"}',
            ["body", "new_message"],
        ),
        (b'{"app_name": "nemo_agent", "user_id": "me", "new_message": {}}', ["body", "session_id"]),
        (
            b'{"app_name": 1, "user_id": "me", "session_id": "1", "new_message": {}}',
            ["body", "app_name"],
        ),
    ],
)
def test_run_sse_malformed_body_is_422(api: httpx.Client, body: Any, loc: Any) -> None:
    r = api.post("/run_sse", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert [d["loc"] for d in r.json()["detail"]] == [loc]


def test_run_sse_without_credits_is_2001(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.set_credits(0)
    r = chat(api, sid, "hi")
    assert r.json() == {"code": 2001, "message": "Insufficient credits", "data": None}


def test_chat_cost_is_charged_per_edit(
    emulator: Emulator, api: httpx.Client, sid: str, token: str
) -> None:
    emulator.configure(chat_cost=2)
    emulator.add_media(sid, "a.mp4")
    chat(api, sid, "combine")
    chat(api, sid, "hello")  # no edit, no charge
    assert api.get("/api/credits/balance/simple").json()["data"]["available"] == 98


# ---------------------------------------------------------------- chat misbehaviour


def test_drop_mid_stream_chunked_raises_and_the_edit_still_happens(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.drop_stream(after_events=1)
    received = b""
    with pytest.raises(httpx.RemoteProtocolError):
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": sid,
            "new_message": {"parts": [{"text": "combine"}]},
        }
        with api.stream("POST", "/run_sse", json=body) as r:
            for piece in r.iter_bytes():
                received += piece
    assert kinds(decode_stream(received)) == ["functionCall"]
    assert [t["tt"] for t in emulator.draft(sid)["t"]] == [0]


def test_drop_with_close_framing_just_ends_the_stream(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.configure(sse_framing="close")
    emulator.add_media(sid, "a.mp4")
    emulator.drop_stream(after_events=2)
    r = chat(api, sid, "combine", streaming=True)
    assert "transfer-encoding" not in r.headers and r.headers["connection"] == "close"
    assert kinds(decode_stream(r.content)) == ["functionCall", "functionResponse"]


def test_close_framing_without_faults_sends_everything(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.configure(sse_framing="close")
    events = decode_stream(chat(api, sid, "hello").content)
    assert texts(events) == [(agent.GREETING, False)]


def test_heartbeats_come_in_every_form_before_the_reply(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    emulator.heartbeats(every=0.01, duration=0.04)
    raw = chat(api, sid, "hello").content
    beats = b": ping\n\n" + b"data: \n\n" + b"data: {}\n\n" + b": ping\n\n"
    assert raw.startswith(beats)
    assert texts(decode_stream(raw[len(beats) :])) == [(agent.GREETING, False)]


def test_heartbeat_forms_can_be_chosen(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.heartbeats(every=0.01, duration=0.02, forms=("empty_object",))
    assert chat(api, sid, "hello").content.startswith(b"data: {}\n\ndata: {}\n\ndata: {")


def test_an_edit_with_no_text(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.no_text()
    events = decode_stream(chat(api, sid, "combine", streaming=True).content)
    assert kinds(events) == ["functionCall", "functionResponse"]
    assert emulator.draft(sid)["d"] == 5000
    # the fault was used up: the next turn has text again
    assert texts(decode_stream(chat(api, sid, "hello").content))


def test_model_error_event(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.model_error("MAX_TOKENS", "Too long.")
    events = decode_stream(chat(api, sid, "combine").content)
    assert len(events) == 1
    assert (events[0]["errorCode"], events[0]["errorMessage"]) == ("MAX_TOKENS", "Too long.")
    assert emulator.draft(sid)["t"] == []


def test_in_stream_exception_line(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.stream_exception("boom", error_type="ValueError")
    raw = chat(api, sid, "hello").content
    payload = json.loads(raw.removeprefix(b"data: "))
    assert payload["error"] == "ValueError: boom"
    assert payload["error_details"]["error_message"] == "boom"
    assert raw.startswith(b'data: {"error": "ValueError: boom", "error_details": {')


def test_long_reply_streams_n_chunks(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.long_reply(20000)
    events = decode_stream(chat(api, sid, "tell me a story").content)
    got = texts(events)
    assert len(got) == 20001 and all(p for _, p in got[:-1]) and not got[-1][1]
    assert "".join(t for t, _ in got[:-1]) == got[-1][0]
    assert got[0][0] == "Here " and events[-1]["turnComplete"] is True
    assert len({e["id"] for e in events}) == 20001


def test_stall_before_the_response(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.stall("credits", 30)
    with pytest.raises(httpx.ReadTimeout):
        api.get("/api/credits/balance/simple", timeout=0.2)
    emulator.reset()  # wakes the stalled handler


def test_stall_within_the_stream(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.add_media(sid, "a.mp4")
    emulator.stall("run_sse", 30, within=True)
    body = {
        "app_name": "a",
        "user_id": "me",
        "session_id": sid,
        "new_message": {"parts": [{"text": "combine"}]},
    }
    received = b""
    with (
        pytest.raises(httpx.ReadTimeout),
        api.stream("POST", "/run_sse", json=body, timeout=httpx.Timeout(5, read=0.3)) as r,
    ):
        for piece in r.iter_bytes():
            received += piece
    assert kinds(decode_stream(received)) == ["functionCall"]
    emulator.reset()


def test_trickled_response_arrives_in_pieces_and_whole(
    emulator: Emulator, api: httpx.Client
) -> None:
    emulator.trickle("credits", chunk=4, delay=0.005)
    pieces = []
    with api.stream("GET", "/api/credits/balance/simple") as r:
        pieces = list(r.iter_raw())
    body = b"".join(pieces)
    assert json.loads(body)["data"]["available"] == 100
    assert len(pieces) > 1


# ---------------------------------------------------------------- error faults


@pytest.mark.parametrize(
    ("kwargs", "status", "body"),
    [
        ({"code": 1001}, 401, {"code": 1001, "message": "Invalid or expired token", "data": None}),
        ({"code": 1002}, 404, {"code": 1002, "message": "Session not found", "data": None}),
        ({"code": 2001}, 200, {"code": 2001, "message": "Insufficient credits", "data": None}),
        ({"code": 4001}, 400, {"code": 4001, "message": "Unsupported file type", "data": None}),
        ({"code": 4002}, 413, {"code": 4002, "message": "File too large", "data": None}),
        (
            {"code": 2001, "status": 402},
            402,
            {"code": 2001, "message": "Insufficient credits", "data": None},
        ),
        (
            {"code": 1001, "shape": "success"},
            401,
            {"success": False, "error": "Invalid or expired token"},
        ),
        (
            {"code": 2001, "message": "no more"},
            200,
            {"code": 2001, "message": "no more", "data": None},
        ),
        ({"status": 400}, 400, {"code": 400, "message": "Bad Request", "data": None}),
        ({"status": 402, "shape": "success"}, 402, {"success": False, "error": "Payment Required"}),
        ({"status": 404, "shape": "detail"}, 404, {"detail": "Not Found"}),
        ({"status": 422, "shape": "detail", "message": "bad"}, 422, {"detail": "bad"}),
        ({"status": 500}, 500, {"code": 500, "message": "Internal Server Error", "data": None}),
        ({"status": 502}, 502, {"code": 502, "message": "Bad Gateway", "data": None}),
        ({"status": 503}, 503, {"code": 503, "message": "Service Unavailable", "data": None}),
    ],
)
def test_fail_answers_with_the_asked_error(
    emulator: Emulator, api: httpx.Client, kwargs: Any, status: Any, body: Any
) -> None:
    emulator.fail("credits", **kwargs)
    r = api.get("/api/credits/balance/simple")
    assert (r.status_code, r.json()) == (status, body)
    assert api.get("/api/credits/balance/simple").json()["code"] == 0  # used up


def test_fail_with_retry_after_and_times(emulator: Emulator, api: httpx.Client) -> None:
    emulator.fail("credits", status=429, retry_after=7, times=2)
    first, second, third = (api.get("/api/credits/balance/simple") for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["retry-after"] == "7" and second.headers["retry-after"] == "7"


def test_fail_forever_until_cleared(emulator: Emulator, api: httpx.Client) -> None:
    emulator.fail("credits", status=503, times=None)
    assert [api.get("/api/credits/balance/simple").status_code for _ in range(3)] == [503] * 3
    emulator.clear_faults("credits")
    assert api.get("/api/credits/balance/simple").status_code == 200


def test_fail_with_a_raw_body(emulator: Emulator, api: httpx.Client) -> None:
    emulator.fail("state", status=502, body=b"<html>bad gateway</html>", content_type="text/html")
    r = api.get("/api/state/nemo_agent/me/1/latest")
    assert (r.status_code, r.text, r.headers["content-type"]) == (
        502,
        "<html>bad gateway</html>",
        "text/html",
    )


@pytest.mark.parametrize(
    ("endpoint", "method", "path"),
    [
        ("anonymous-token", "POST", "/api/auth/anonymous-token"),
        ("create-session", "POST", "/api/tasks/me/with-session/nemo_agent"),
        ("run_sse", "POST", "/run_sse"),
        ("upload", "POST", "/api/upload-video/nemo_agent/me/1"),
        ("credits", "GET", "/api/credits/balance/simple"),
        ("state", "GET", "/api/state/nemo_agent/me/1/latest"),
        ("render-submit", "POST", "/api/render/proxy/lambda"),
        ("render-poll", "GET", "/api/render/proxy/lambda/r1"),
        ("render-cancel", "POST", "/api/render/proxy/lambda/r1/cancel"),
    ],
)
def test_every_endpoint_key_takes_faults(
    emulator: Emulator, api: httpx.Client, endpoint: Any, method: Any, path: Any
) -> None:
    emulator.fail(endpoint, status=503)
    r = api.request(method, path, json={} if method == "POST" else None)
    assert r.status_code == 503
    assert emulator.last(endpoint).path == path


def test_bad_fault_requests_are_refused(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="unknown endpoint key"):
        emulator.fail("balance", status=500)
    with pytest.raises(ValueError, match="only applies to 'run_sse'"):
        emulator.misbehave("credits", no_text=True)
    with pytest.raises(ValueError, match="heartbeat forms"):
        emulator.heartbeats(1, 2, forms=("beep",))
    with pytest.raises(ValueError, match="unknown fault fields"):
        emulator.misbehave("credits", explode=True)
    with pytest.raises(ValueError, match="give a code"):
        emulator.fail("credits")


# ---------------------------------------------------------------- uploads


def test_multipart_upload_records_sizes_and_hashes(
    emulator: Emulator, api: httpx.Client, sid: str, tmp_path: Path
) -> None:
    a, b = tmp_path / "clip one.mp4", tmp_path / "song.mp3"
    a.write_bytes(b"\x00\x01" * 70_000)  # crosses the parser's 64 KiB reads
    b.write_bytes(b"ID3" + b"\r\n--" * 1000)  # looks like boundaries, is not
    with a.open("rb") as fa, b.open("rb") as fb:
        r = api.post(
            f"/api/upload-video/nemo_agent/me/{sid}",
            files=[("files", (a.name, fa, "video/mp4")), ("files", (b.name, fb, "audio/mpeg"))],
            data={"source_type": "file"},
        )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["session_state_applied"] is True
    files = data["files"]
    assert [f["filename"] for f in files] == ["clip one.mp4", "song.mp3"]
    assert [f["file_type"] for f in files] == ["video", "audio"]
    assert files[0]["hash"] == hashlib.sha256(a.read_bytes()).hexdigest()
    assert files[1]["hash"] == hashlib.sha256(b.read_bytes()).hexdigest()
    assert list(files[0]) == [
        "filename",
        "file_type",
        "cdn_url",
        "duration",
        "width",
        "height",
        "fps",
        "hash",
    ]
    assert files[0]["cdn_url"].startswith(emulator.cdn_url + "/media/")
    assert (files[0]["duration"], files[0]["width"], files[0]["fps"]) == (5.0, 1920, 30.0)
    assert (files[1]["duration"], files[1]["width"]) == (30.0, None)
    rec = emulator.last("upload")
    assert [(p["name"], p["filename"], p["size"]) for p in rec.files] == [
        ("source_type", None, 4),
        ("files", "clip one.mp4", 140_000),
        ("files", "song.mp3", 4003),
    ]
    assert rec.files[0]["value"] == "file"
    assert rec.body_size == int(rec.header("content-length") or -1)
    infos = api.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]["state"]
    assert [v["filename"] for v in infos["video_infos"]] == ["clip one.mp4", "song.mp3"]


def test_chunked_multipart_upload(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    boundary = "b0undary"
    payload = b"x" * 200_000

    def body() -> Iterator[bytes]:
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '.encode()
        yield b"filename*=UTF-8''%E8%A7%86%E9%A2%91.webm\r\nContent-Type: video/webm\r\n\r\n"
        for i in range(0, len(payload), 3000):
            yield payload[i : i + 3000]
        yield f"\r\n--{boundary}--\r\n".encode()

    r = api.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["files"][0]["filename"] == "视频.webm"
    assert emulator.last("upload").header("transfer-encoding") == "chunked"
    assert emulator.last("upload").files[0]["size"] == 200_000


def test_url_upload(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        json={"urls": ["https://example.com/v/city%20night.mp4?x=1"], "source_type": "url"},
    )
    files = r.json()["data"]["files"]
    assert [(f["filename"], f["file_type"]) for f in files] == [("city night.mp4", "video")]


@pytest.mark.parametrize("shape", ["code", "success"])
def test_unsupported_extension_is_4001(
    emulator: Emulator, api: httpx.Client, sid: str, shape: Any
) -> None:
    emulator.set_envelope("upload", error=shape)
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", ("notes.txt", b"hello", "text/plain"))],
    )
    expected = {
        "code": {"code": 4001, "message": "Unsupported file type: notes.txt", "data": None},
        "success": {"success": False, "error": "Unsupported file type: notes.txt"},
    }[shape]
    assert (r.status_code, r.json()) == (400, expected)
    url = api.post(f"/api/upload-video/nemo_agent/me/{sid}", json={"urls": ["http://h/a.exe"]})
    assert url.status_code == 400 and "a.exe" in url.text


def test_file_above_the_limit_is_4002(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.configure(upload_limit=1000)
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", ("big.mp4", b"x" * 1001, "video/mp4"))],
    )
    assert (r.status_code, r.json()["code"]) == (413, 4002)
    # the connection is still usable: the body was read to its end
    assert api.get("/api/credits/balance/simple").status_code == 200


def test_upload_to_an_unknown_session_is_1002(api: httpx.Client) -> None:
    r = api.post(
        "/api/upload-video/nemo_agent/me/42", files=[("files", ("a.mp4", b"x", "video/mp4"))]
    )
    assert r.json()["code"] == 1002


def test_upload_without_files_or_with_a_broken_body(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    url = f"/api/upload-video/nemo_agent/me/{sid}"
    no_files = api.post(
        url,
        content=b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--xx--\r\n',
        headers={"Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert no_files.json()["message"] == "no 'files' part in the upload"
    assert api.post(url, content=b"raw", headers={"Content-Type": "video/mp4"}).status_code == 400
    broken = api.post(
        url,
        content=b"--xx\r\nContent-Disposition: form-data; name=files; filename=a.mp4\r\n\r\nabc",
        headers={"Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert broken.status_code == 400 and "ended before" in broken.json()["message"]


def _start_standalone(*args: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", *args],
        cwd=TESTS,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=30)
    assert proc.stdout is not None
    proc.stdout.close()


def test_standalone_50_mb_upload_does_not_grow_memory(tmp_path: Path) -> None:
    size = 50 * 1024 * 1024
    big = tmp_path / "big.mp4"
    with big.open("wb") as fh:
        fh.truncate(size)  # sparse: costs no disk
    expected = hashlib.sha256()
    with big.open("rb") as fh:
        while piece := fh.read(1 << 20):
            expected.update(piece)
    proc, info = _start_standalone("--seed")
    try:
        assert set(info) == {"api", "cdn", "pid", "token", "session_id"}
        headers = Emulator.headers(info["token"])
        with httpx.Client(base_url=info["api"], headers=headers, timeout=120) as c:
            before = c.get("/_emulator/stats").json()["peak_rss"]
            with big.open("rb") as fh:
                r = c.post(
                    f"/api/upload-video/nemo_agent/me/{info['session_id']}",
                    files={"files": ("big.mp4", fh, "video/mp4")},
                )
            assert r.status_code == 200, r.text
            after = c.get("/_emulator/stats").json()["peak_rss"]
            recorded = c.get("/_emulator/requests").json()["requests"][-1]
    finally:
        _stop(proc)
    assert r.json()["data"]["files"][0]["hash"] == expected.hexdigest()
    assert recorded["files"][0]["size"] == size
    assert recorded["headers"]["authorization"] == "Bearer ***"
    assert after - before < 16 * 1024 * 1024, (before, after)


def test_standalone_control_endpoint(tmp_path: Path) -> None:
    proc, info = _start_standalone("--cdn-size", "1000", "--render-polls", "1")
    try:
        with httpx.Client(base_url=info["api"]) as c:
            token = c.post("/_emulator/seed_token", json={}).json()["result"]
            sid = c.post("/_emulator/create_session", json={"token": token}).json()["result"]
            fault = c.post("/_emulator/fail", json={"endpoint": "credits", "code": 2001})
            assert fault.json()["result"]["code"] == 2001
            bad = c.post("/_emulator/configure", json={"nope": 1})
            assert bad.status_code == 400 and "unknown setting" in bad.json()["detail"]
            assert c.post("/_emulator/close").status_code == 404  # not remotely callable
            c.headers.update(Emulator.headers(token))
            assert c.get("/api/credits/balance/simple").json()["code"] == 2001
            assert submit(c, sid, "r1").json()["success"] is True
            url = c.get("/api/render/proxy/lambda/r1").json()["data"]["outputUrl"]
            assert httpx.get(url).content == generated_bytes(1000)
    finally:
        _stop(proc)


# ---------------------------------------------------------------- renders and the CDN


def test_render_progresses_per_poll_and_completes(
    emulator: Emulator, api: httpx.Client, sid: str, cdn: CdnView
) -> None:
    r = submit(api, sid, "render_1")
    assert r.json() == {
        "success": True,
        "data": {"id": "render_1", "status": "pending", "progress": 0},
    }
    polls = [api.get("/api/render/proxy/lambda/render_1").json()["data"] for _ in range(4)]
    assert [(p["status"], p["progress"]) for p in polls] == [
        ("processing", 33),
        ("processing", 66),
        ("completed", 100),
        ("completed", 100),
    ]
    assert polls[0]["outputUrl"] is None
    url = polls[2]["outputUrl"]
    assert url == f"{cdn.url}/renders/render_1.mp4"
    video = httpx.get(url)
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp" and video.content == cdn.render_bytes()
    assert emulator.last("render-submit").json["sessionId"] == sid


def test_sample_mp4_is_a_real_video(emulator: Emulator) -> None:
    import imageio_ffmpeg

    path = emulator.sample.path
    emulator.sample.payload()
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert (frames, seconds) == (50, 2.0)


def test_render_poll_output_shape(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.configure(render_polls=2, render_poll_shape="output")
    submit(api, sid, "r")
    first = api.get("/api/render/proxy/lambda/r").json()
    second = api.get("/api/render/proxy/lambda/r").json()
    assert first == {"id": "r", "status": "processing", "progress": 50}
    assert second == {
        "id": "r",
        "status": "completed",
        "progress": 100,
        "output": {"url": f"{emulator.cdn_url}/renders/r.mp4"},
    }


def test_render_code_envelope(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.set_envelope("render-submit", success="code")
    assert submit(api, sid, "r").json() == {
        "code": 0,
        "data": {"id": "r", "status": "pending", "progress": 0},
    }


def test_duplicate_render_id_empty_draft_and_unknown_session(
    emulator: Emulator, api: httpx.Client, sid: str
) -> None:
    assert submit(api, sid, "r").status_code == 200
    dup = submit(api, sid, "r")
    assert (dup.status_code, dup.json()) == (
        409,
        {"success": False, "error": "Render id already exists: r"},
    )
    empty = submit(api, sid, "r2", draft={"t": [{"tt": 0, "sg": []}]})
    assert empty.status_code == 400
    assert submit(api, "77", "r3").json() == {"success": False, "error": "Session not found: 77"}
    missing = api.post("/api/render/proxy/lambda", json={"sessionId": sid})
    assert missing.status_code == 400


def test_render_fails_on_request(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    emulator.fail_render("GPU on fire", at_poll=2)
    submit(api, sid, "r")
    polls = [api.get("/api/render/proxy/lambda/r").json()["data"] for _ in range(3)]
    assert [p["status"] for p in polls] == ["processing", "failed", "failed"]
    assert polls[1]["error"] == "GPU on fire" and polls[1]["outputUrl"] is None
    assert httpx.get(f"{emulator.cdn_url}/renders/r.mp4").status_code == 404
    submit(api, sid, "r2")  # the failure was used up
    assert [api.get("/api/render/proxy/lambda/r2").json()["data"]["status"] for _ in range(3)][
        -1
    ] == "completed"


def test_fail_an_existing_render(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    submit(api, sid, "r")
    api.get("/api/render/proxy/lambda/r")
    emulator.fail_render("late failure", render_id="r")
    assert api.get("/api/render/proxy/lambda/r").json()["data"]["error"] == "late failure"


def test_cancel_a_render(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    submit(api, sid, "r")
    cancelled = api.post("/api/render/proxy/lambda/r/cancel").json()
    assert cancelled == {
        "success": True,
        "data": {"id": "r", "status": "failed", "cancelled": True},
    }
    poll = api.get("/api/render/proxy/lambda/r").json()["data"]
    assert (poll["status"], poll["error"]) == ("failed", "Render cancelled")
    assert api.get("/api/render/proxy/lambda/nope").status_code == 404


def test_another_users_render_is_not_found(emulator: Emulator, api: httpx.Client, sid: str) -> None:
    other = emulator.seed_token()
    submit(api, sid, "r")
    r = httpx.get(emulator.base_url + "/api/render/proxy/lambda/r", headers=emulator.headers(other))
    assert r.status_code == 404


@pytest.fixture
def done_render(emulator: Emulator, api: httpx.Client, sid: str) -> str:
    emulator.configure(render_polls=1)
    emulator.set_cdn_payload(size=300_000)
    submit(api, sid, "r")
    return api.get("/api/render/proxy/lambda/r").json()["data"]["outputUrl"]


@pytest.mark.parametrize(
    ("range_header", "status", "content_range", "span"),
    [
        ("bytes=0-99", 206, "bytes 0-99/300000", (0, 100)),
        ("bytes=299990-", 206, "bytes 299990-299999/300000", (299990, 300000)),
        ("bytes=-10", 206, "bytes 299990-299999/300000", (299990, 300000)),
        ("bytes=100-999999", 206, "bytes 100-299999/300000", (100, 300000)),
        ("bytes=300000-", 416, "bytes */300000", (0, 0)),
        ("bytes=5-2", 200, None, (0, 300000)),
        ("bytes=0-1,5-6", 200, None, (0, 300000)),
        ("items=0-1", 200, None, (0, 300000)),
    ],
)
def test_cdn_ranges(
    done_render: str, range_header: Any, status: Any, content_range: Any, span: Any
) -> None:
    r = httpx.get(done_render, headers={"Range": range_header})
    assert r.status_code == status
    assert r.headers.get("content-range") == content_range
    assert r.content == generated_bytes(300_000)[span[0] : span[1]]
    assert r.headers.get("accept-ranges") == "bytes"


def test_cdn_head_and_if_range(done_render: str, cdn: CdnView) -> None:
    head = httpx.head(done_render)
    assert head.headers["content-length"] == "300000" and head.content == b""
    stale = httpx.get(done_render, headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    fresh = httpx.get(done_render, headers={"Range": "bytes=0-9", "If-Range": head.headers["etag"]})
    assert (stale.status_code, fresh.status_code) == (200, 206)
    assert [r.method for r in cdn.requests] == ["HEAD", "GET", "GET"]


def test_cdn_drop_mid_download(emulator: Emulator, done_render: str) -> None:
    emulator.cdn_drop(after_bytes=100_000)
    received = b""
    with pytest.raises(httpx.RemoteProtocolError), httpx.stream("GET", done_render) as r:
        for piece in r.iter_bytes():
            received += piece
    assert received == generated_bytes(300_000)[:100_000]
    resumed = httpx.get(done_render, headers={"Range": f"bytes={len(received)}-"})
    assert received + resumed.content == generated_bytes(300_000)


def test_cdn_faults_and_missing_files(emulator: Emulator, done_render: str) -> None:
    emulator.fail("cdn", status=503, retry_after=1)
    r = httpx.get(done_render)
    assert (r.status_code, r.headers["retry-after"]) == (503, "1")
    assert httpx.get(emulator.cdn_url + "/renders/nope.mp4").status_code == 404
    assert httpx.get(emulator.cdn_url + "/other").status_code == 404
    assert httpx.get(emulator.stock_music_url).status_code == 200


def test_cdn_authorization_tripwire(emulator: Emulator, done_render: str) -> None:
    r = httpx.get(done_render, headers={"Authorization": "Bearer nmv_usr_secret"})
    assert r.status_code == 400
    assert emulator.violations == ["the CDN received an Authorization header: GET /renders/r.mp4"]
    with pytest.raises(AssertionError, match="Authorization"):
        emulator.assert_clean()
    emulator.violations.clear()  # this test meant to trip it


def test_the_emulator_fixture_fails_a_test_that_leaks_the_token(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("pytest_plugins = ['emulator.fixtures']\n")
    (tmp_path / "test_leak.py").write_text(
        "import httpx\n\n"
        "def test_leak(emulator):\n"
        "    url = emulator.cdn_url + '/media/x.mp4'\n"
        "    httpx.get(url, headers={'Authorization': 'Bearer t'})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "1 passed, 1 error" in proc.stdout, proc.stdout
    assert "the CDN received an Authorization header: GET /media/x.mp4" in proc.stdout


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
