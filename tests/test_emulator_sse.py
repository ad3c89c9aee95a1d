"""The emulator's /run_sse chat stream: the ADK fixtures rebuilt byte for byte, the served
stream's shape, the agent's edits, and the endpoint's own errors and charges."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from emulator import Emulator, adk, agent
from emulator.sse import decode_stream
from emulator_helpers import (
    FIXTURES,
    api_fixture,  # noqa: F401 (a fixture)
    chat,
    kinds,
    sid_fixture,  # noqa: F401 (a fixture)
    state_draft,
    texts,
    token_fixture,  # noqa: F401 (a fixture)
)

INV = "e-7f3a9c21"
TEXT = "I've merged your two clips into a 10-second timeline. Click Export to download."


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
