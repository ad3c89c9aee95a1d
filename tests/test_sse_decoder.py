"""The /run_sse decoder: SSE framing, ADK events -> nemo events, on the byte-exact fixtures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_cli.backends.base import ErrorEvent, Heartbeat, TextDelta, ToolActivity
from nemo_cli.backends.cloud.sse import AdkDecoder, decode_lines, sse_payloads, tool_label

FIXTURES = Path(__file__).parent / "fixtures"
MERGE_CALL = ToolActivity("merge_clips", "call", "combining clips...")
MERGE_RESULT = ToolActivity("merge_clips", "result", "combining clips...")
FULL_TEXT = "I've merged your two clips into a 10-second timeline. Click Export to download."


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def decode_bytes(data: bytes, chunk: int) -> tuple[list[object], AdkDecoder]:
    decoder = AdkDecoder()
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    events = [e for p in sse_payloads(chunks) for e in decoder.feed(p)]
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


# ---------------------------------------------------------------- SSE framing (httpx-sse)


def _lines(lines: list[str]) -> list[bytes]:
    return ["".join(f"{line}\n" for line in lines).encode()]


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
    # An event with only an id: httpx-sse dispatches it with no data (a heartbeat, then);
    # the hand-written framer before it dispatched nothing.
    (["id: 1", ""], [""]),
]


@pytest.mark.parametrize(("lines", "payloads"), FRAMING)
def test_sse_payloads(lines: list[str], payloads: list[str | None]) -> None:
    assert list(sse_payloads(_lines(lines))) == payloads


# Line endings as SSE defines them (CRLF, CR, LF; nothing else), however the bytes are cut.
SPLITTING = [
    ([b"data: a\ndata: b\n\n"], ["a\nb"]),
    ([b"data: a\r\ndata: b\r\n\r\n"], ["a\nb"]),
    ([b"data: a\rdata: b\r\r"], ["a\nb"]),
    ([b"data: a\r", b"\ndata: b\r\n\r\n"], ["a\nb"]),  # CRLF split across chunks: one ending
    ([b"data: a\r", b"data: b\r\r"], ["a\nb"]),
    ([b"data: ab", b"c\n\n"], ["abc"]),
    ([b"data: \xe5\x90", b"\x88\n\n"], ["合"]),  # a UTF-8 character split across chunks
    (["data: x\u2028y\n\n".encode()], ["x\u2028y"]),  # U+2028 inside JSON ends no line
    ([b"data: tail"], ["tail"]),
    ([b""], []),
    ([b"data: a\ndata: b", b"\r\ndata: c\n\n"], ["a\nb\nc"]),
    ([b"data: a\n", b"data: b\rdata: c\n", b"data: d\ndata: e\n\n"], ["a\nb\nc\nd\ne"]),
    ([b"data: a\n\ndata: b\n", b"\n"], ["a", "b"]),
    # comments (heartbeats), wherever the pieces are cut
    ([b": ping\n\ndata: x\n\n"], [None, "x"]),
    ([b": pi", b"ng\n", b"\ndata: x\n\n"], [None, "x"]),
    ([b"data: x\n\n:", b" ping\r\n\r\n"], ["x", None]),
    ([b"data: x\r\n\r\n", b": ping\r", b"\n\r\n"], ["x", None]),
    # a comment inside an event: its heartbeat comes once the event is over
    ([b"data: x\n", b": in the middle of an event\n", b"data: y\n\n"], ["x\ny", None]),
    ([b": a\n: b\n\n: c\n\n"], [None, None, None]),
    ([b": the stream ends on a comment"], [None]),
    ([b'data: {"t": ":x"}\n\n'], ['{"t": ":x"}']),  # a colon inside data is no comment
    ([b"data: a", b"\r"], ["a"]),  # the end: CR, then nothing
]


@pytest.mark.parametrize(("chunks", "payloads"), SPLITTING)
def test_sse_payloads_of_pieces(chunks: list[bytes], payloads: list[str | None]) -> None:
    assert list(sse_payloads(chunks)) == payloads


# Any stream of events and comments, cut anywhere, gives the same payloads in the same order.
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
_BLOCKS = st.one_of(
    st.tuples(st.just("data"), st.text(st.characters(blacklist_characters="\r\n"), max_size=8)),
    st.tuples(st.just("comment"), st.text(st.characters(blacklist_characters="\r\n"), max_size=5)),
)


@pytest.mark.slow
@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(_BLOCKS, _ENDINGS), max_size=8), st.data())
def test_any_cutting_gives_the_same_payloads(
    blocks: list[tuple[tuple[str, str], str]], data: st.DataObject
) -> None:
    text = "".join(
        (f"data: {value}" if kind == "data" else f":{value}") + end + end
        for (kind, value), end in blocks
    )
    whole = text.encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=6)))
    pieces = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    expected = [value if kind == "data" else None for (kind, value), _ in blocks]
    assert list(sse_payloads([whole])) == expected
    assert list(sse_payloads(pieces)) == expected


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
    events = [e for p in sse_payloads(_lines(lines)) for e in decoder.feed(p)]
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


def _event(text: str, *, partial: bool = True, end: bytes = b"\n\n") -> bytes:
    body = {"content": {"parts": [{"text": text}], "role": "model"}}
    body.update({"partial": True} if partial else {"turnComplete": True})
    return b"data: " + json.dumps(body).encode() + end


A, B, C = (TextDelta(t) for t in ("a", "b", "c"))
FINAL = _event("abc", partial=False)
ARRIVALS = [
    # (the pieces as they arrive, the events available once each piece has been read)
    ([_event("a") + _event("b") + _event("c") + FINAL], [[A, B, C]]),
    ([_event("a"), _event("b") + _event("c"), FINAL], [[A], [B, C], []]),
    ([_event("a")[:9], _event("a")[9:] + b": ping\n\n" + _event("b")],
     [[], [A, Heartbeat(), B]]),
    ([_event("a"), _event("b", end=b"")], [[A], [B]]),  # cut off by the end of the stream
]  # fmt: skip


@pytest.mark.parametrize(("pieces", "per_piece"), ARRIVALS)
def test_events_come_as_each_piece_arrives(
    pieces: list[bytes], per_piece: list[list[object]]
) -> None:
    """Decoding never reads ahead: an event is out as soon as the piece completing it is in."""
    read: list[int] = []

    def arriving() -> Iterator[bytes]:
        for piece in pieces:
            read.append(len(read))
            yield piece

    decoder = AdkDecoder()
    got: list[list[object]] = [[] for _ in pieces]
    for payload in sse_payloads(arriving()):
        for event in decoder.feed(payload):
            got[read[-1]].append(event)
    assert got == per_piece


# ---------------------------------------------------------------- the library on the real path


@pytest.mark.slow
def test_nemo_say_on_the_cloud_frames_the_stream_with_httpx_sse(
    cloud: tuple[dict[str, str], str],
) -> None:
    """A fresh interpreter (nothing imported by other tests): a chat turn loads httpx-sse."""
    import os
    import subprocess
    import sys

    env, sid = cloud
    code = (
        "import io, sys, contextlib\n"
        "from nemo_cli.entry import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = run(['--session', {sid!r}, 'say', 'hello'])\n"
        "print(status, 'httpx_sse' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True
    )
    assert done.stdout.split() == ["0", "True"], done


@pytest.mark.slow
@pytest.mark.parametrize("form", ["comment", "empty", "empty_object"])
def test_every_heartbeat_form_shows_still_working_on_its_timer(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str], form: str
) -> None:
    """Heartbeats of one form only (httpx-sse drops comment lines; CommentWatch keeps them)."""
    env, sid = cloud
    emulator.heartbeats(every=0.1, duration=1.5, forms=(form,))
    result = nemo("--session", sid, "say", "hello", env={**env, "NEMO_PROGRESS_INTERVAL": "0.4"})
    assert result.code == 0, result
    notices = result.err.splitlines()
    assert notices and set(notices) == {"Still working..."}
