"""The /run_sse decoder: SSE framing, ADK events -> nemo events, on the byte-exact fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nemo_cli.backends.base import ErrorEvent, Heartbeat, TextDelta, ToolActivity
from nemo_cli.backends.cloud.sse import (
    AdkDecoder,
    AdkStream,
    decode_lines,
    merge_text,
    split_lines,
    sse_payloads,
    tool_label,
)

FIXTURES = Path(__file__).parent / "fixtures"
MERGE_CALL = ToolActivity("merge_clips", "call", "combining clips...")
MERGE_RESULT = ToolActivity("merge_clips", "result", "combining clips...")
FULL_TEXT = "I've merged your two clips into a 10-second timeline. Click Export to download."


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def decode_bytes(data: bytes, chunk: int) -> tuple[list[object], AdkDecoder]:
    decoder = AdkDecoder()
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    events = [e for p in sse_payloads(split_lines(chunks)) for e in decoder.feed(p)]
    return events, decoder


# ---------------------------------------------------------------- the fixture files, as they are


@pytest.mark.parametrize("chunk", [1, 7, 64, 100_000])
def test_streaming_fixture_in_any_chunking(chunk: int) -> None:
    events, decoder = decode_bytes(fixture_bytes("adk-run-sse-streaming.txt"), chunk)
    assert events == [
        MERGE_CALL,
        MERGE_RESULT,
        TextDelta("I've merged your "),
        TextDelta("two clips into a "),
        TextDelta("10-second timeline. "),
        TextDelta("Click Export to download."),
    ]
    assert decoder.text == FULL_TEXT
    assert decoder.tool_calls == ["merge_clips"]
    assert decoder.malformed == 0


@pytest.mark.parametrize("chunk", [1, 13, 100_000])
def test_errors_fixture(chunk: int) -> None:
    events, decoder = decode_bytes(fixture_bytes("adk-run-sse-errors.txt"), chunk)
    assert events == [
        ErrorEvent("The request was blocked.", "SAFETY"),
        ErrorEvent("RuntimeError: upstream quota exceeded", "server_error"),
    ]
    assert decoder.text == ""


def test_streaming_fixture_without_partials_shows_final_text_once() -> None:
    lines = [
        line
        for line in fixture_bytes("adk-run-sse-streaming.txt").decode().split("\n")
        if '"partial":true' not in line
    ]
    assert list(decode_lines(lines)) == [MERGE_CALL, MERGE_RESULT, TextDelta(FULL_TEXT)]


# ---------------------------------------------------------------- SSE framing

FRAMING = [
    (["data: {}", ""], ["{}"]),
    (["data:{}", ""], ["{}"]),  # no space after the colon
    (["data:  x", ""], [" x"]),  # only one leading space is removed
    ([": ping", ""], [None]),
    ([":", ""], [None]),
    (["data:", ""], [""]),
    (["data", ""], [""]),  # a field name without a colon
    (["data: a", "data: b", ""], ["a\nb"]),
    (["event: message", "id: 7", "retry: 10", "data: x", ""], ["x"]),
    (["", "", "data: x", "", ""], ["x"]),  # blank lines with no data dispatch nothing
    (["data: cut off"], ["cut off"]),  # the stream ended before the blank line
    (["data: x\r", "\r"], ["x"]),
    (["id: 1", ""], []),
]


@pytest.mark.parametrize(("lines", "payloads"), FRAMING)
def test_sse_payloads(lines: list[str], payloads: list[str | None]) -> None:
    assert list(sse_payloads(lines)) == payloads


SPLITTING = [
    ([b"a\nb\n"], ["a", "b"]),
    ([b"a\r\nb\r\n"], ["a", "b"]),
    ([b"a\rb\r"], ["a", "b"]),
    ([b"a\r", b"\nb"], ["a", "b"]),  # CRLF split across chunks is one line ending
    ([b"a\r", b"b"], ["a", "b"]),
    ([b"ab", b"c\n\n"], ["abc", ""]),
    ([b"\xe5\x90", b"\x88\n"], ["合"]),  # a UTF-8 character split across chunks
    (["x\u2028y\n".encode()], ["x\u2028y"]),  # U+2028 inside JSON does not end a line
    ([b"tail"], ["tail"]),
    ([b""], []),
    # the plain-\n fast path meeting a \r later in the stream, and back again
    ([b"a\nb", b"\r\nc\n"], ["a", "b", "c"]),
    ([b"a\n", b"b\rc\n", b"d\ne\n"], ["a", "b", "c", "d", "e"]),
    ([b"a\n\nb\n", b"\n"], ["a", "", "b", ""]),
]


@pytest.mark.parametrize(("chunks", "lines"), SPLITTING)
def test_split_lines(chunks: list[bytes], lines: list[str]) -> None:
    assert list(split_lines(chunks)) == lines


# ---------------------------------------------------------------- one ADK event at a time

ONE_EVENT = [
    (None, [Heartbeat()]),
    ("", [Heartbeat()]),
    ("  ", [Heartbeat()]),
    ("{}", [Heartbeat()]),
    ("{not json", []),
    ("[1, 2]", []),
    ('"text"', []),
    ('{"content": {"parts": [{"text": "Hi"}], "role": "model"}}', [TextDelta("Hi")]),
    ('{"content": {"parts": [{"text": "a"}, {"text": "b"}]}}', [TextDelta("ab")]),
    ('{"content": {"parts": [{"text": "x", "thought": true}]}}', []),
    ('{"content": {"parts": [{"text": ""}]}}', []),
    ('{"content": {"parts": "nonsense"}}', []),
    ('{"content": "nonsense", "somethingNew": 1}', []),
    ('{"turnComplete": true, "invocationId": "e-1", "nodeInfo": {"path": ""}}', []),
    (
        '{"content": {"parts": [{"functionCall": {"id": "1", "name": "add_bgm", "args": {}}}]}}',
        [ToolActivity("add_bgm", "call", "adding music...")],
    ),
    (
        '{"content": {"parts": [{"functionResponse": {"name": "set_title", "response": {}}}]}}',
        [ToolActivity("set_title", "result", "adding text...")],
    ),
    ('{"content": {"parts": [{"functionCall": {}}]}}', [ToolActivity("tool", "call", "tool...")]),
    ('{"errorCode": "SAFETY"}', [ErrorEvent("SAFETY", "SAFETY")]),
    ('{"errorMessage": "quota\\nexceeded"}', [ErrorEvent("quota exceeded", None)]),
    ('{"error": "boom", "error_details": {}}', [ErrorEvent("boom", "server_error")]),
    ('{"error": {"message": "deep"}}', [ErrorEvent("deep", "server_error")]),
    ('{"error": ""}', [ErrorEvent("The server reported an error.", "server_error")]),
    (
        '{"content": {"parts": [{"text": "Partly"}]}, "errorCode": "MAX_TOKENS"}',
        [TextDelta("Partly"), ErrorEvent("MAX_TOKENS", "MAX_TOKENS")],
    ),
]


@pytest.mark.parametrize(("payload", "events"), ONE_EVENT)
def test_one_payload(payload: str | None, events: list[object]) -> None:
    assert AdkDecoder().feed(payload) == events


def test_malformed_lines_are_counted_and_skipped() -> None:
    decoder = AdkDecoder()
    lines = ["data: {oops", "", 'data: {"content": {"parts": [{"text": "ok"}]}}', ""]
    events = [e for p in sse_payloads(lines) for e in decoder.feed(p)]
    assert events == [TextDelta("ok")]
    assert decoder.malformed == 1


# ---------------------------------------------------------------- partial and final text


def _text(t: str, partial: bool) -> str:
    flag = ', "partial": true' if partial else ""
    return f'{{"content": {{"parts": [{{"text": "{t}"}}]}}{flag}}}'


SEQUENCES = [
    # partials, then the final repeats them: shown once
    ([_text("Hel", True), _text("lo", True), _text("Hello", False)], ["Hel", "lo"], "Hello"),
    # no partials: the final is shown
    ([_text("Hello", False)], ["Hello"], "Hello"),
    # the final has more than the partials: only the rest is shown
    ([_text("Hel", True), _text("Hello!", False)], ["Hel", "lo!"], "Hello!"),
    # the final restates the text differently: not shown again
    ([_text("Hi  there", True), _text("Hi there", False)], ["Hi  there"], "Hi  there"),
    # two model turns (text, tool, text): each final repeats only its own partials
    (
        [
            _text("One. ", True),
            _text("One. ", False),
            '{"content": {"parts": [{"functionCall": {"name": "trim_clip"}}]}}',
            _text("Two.", True),
            _text("Two.", False),
        ],
        ["One. ", "Two."],
        "One. Two.",
    ),
]


@pytest.mark.parametrize(("payloads", "deltas", "text"), SEQUENCES)
def test_partial_then_final(payloads: list[str], deltas: list[str], text: str) -> None:
    decoder = AdkDecoder()
    events = [e for p in payloads for e in decoder.feed(p)]
    assert [e.text for e in events if isinstance(e, TextDelta)] == deltas
    assert decoder.text == text


# ---------------------------------------------------------------- tool labels

LABELS = [
    ("merge_clips", "combining clips..."),
    ("combineVideos", "combining clips..."),
    ("add_background_music", "adding music..."),
    ("set_bgm_volume", "adding music..."),
    ("add_title", "adding text..."),
    ("add_subtitles", "adding captions..."),
    ("trim_clip", "trimming clips..."),
    ("add_transition", "adding transitions..."),
    ("set_aspect_ratio", "changing the format..."),
    ("generate_video", "generating media..."),
    ("update_timeline", "editing timeline..."),
    ("get_session_state", "checking the project..."),
    ("frobnicate_widget", "frobnicate widget..."),
    ("Zap", "zap..."),
    ("\x1b[31mevil", "evil..."),  # control sequences never reach the label
    ("", "working..."),
]


@pytest.mark.parametrize(("name", "label"), LABELS)
def test_tool_label(name: str, label: str) -> None:
    assert tool_label(name) == label


# ---------------------------------------------------------------- decoding as bytes arrive

TOOL = ToolActivity("merge_clips", "call", "combining clips...")
A, B, C, AB, ABC, BC = (TextDelta(t) for t in ("a", "b", "c", "ab", "abc", "bc"))
MERGING = [
    ([], []),
    ([A], [A]),
    ([A, B, C], [ABC]),
    ([A, TOOL, B, C], [A, TOOL, BC]),
    ([Heartbeat(), A, B, Heartbeat()], [Heartbeat(), AB, Heartbeat()]),
    ([A, ErrorEvent("x"), B], [A, ErrorEvent("x"), B]),
]


@pytest.mark.parametrize(("events", "merged"), MERGING)
def test_merge_text(events: list[object], merged: list[object]) -> None:
    assert merge_text(events) == merged  # type: ignore[arg-type]


def _event(text: str, *, partial: bool = True, end: bytes = b"\n\n") -> bytes:
    body = {"content": {"parts": [{"text": text}], "role": "model"}}
    body.update({"partial": True} if partial else {"turnComplete": True})
    return b"data: " + json.dumps(body).encode() + end


FINAL = _event("abc", partial=False)
ARRIVALS = [
    # (the pieces as they arrive, the events each piece gives, the events at the end)
    ([_event("a") + _event("b") + _event("c") + FINAL], [[ABC]], []),
    ([_event("a"), _event("b") + _event("c"), FINAL], [[A], [BC], []], []),
    ([_event("a")[:9], _event("a")[9:] + b": ping\n\n" + _event("b")],
     [[], [A, Heartbeat(), B]], []),
    ([_event("a"), _event("b", end=b"")], [[A], []], [B]),  # cut off by the end of the stream
]  # fmt: skip


@pytest.mark.parametrize(("pieces", "per_piece", "at_end"), ARRIVALS)
def test_adk_stream_decodes_each_piece_as_it_arrives(
    pieces: list[bytes], per_piece: list[list[object]], at_end: list[object]
) -> None:
    stream = AdkStream()
    assert [stream.feed(piece) for piece in pieces] == per_piece
    assert stream.end() == at_end
