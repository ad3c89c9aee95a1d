"""The emulator's misbehaviour on request: dropped, stalled and trickled streams, heartbeats,
model errors and in-stream exceptions, and error answers (fail) on every endpoint."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from emulator import Emulator, agent
from emulator.sse import decode_stream
from emulator_helpers import (
    api_fixture,  # noqa: F401 (a fixture)
    chat,
    kinds,
    sid_fixture,  # noqa: F401 (a fixture)
    texts,
    token_fixture,  # noqa: F401 (a fixture)
)

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


@pytest.mark.slow
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
