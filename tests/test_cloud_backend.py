"""CloudBackend on httpx.MockTransport: sessions, state, the chat turn, uploads, credits, and
recovering a session the cloud lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_cloud_fake import (
    EDITED_DRAFT,
    EMPTY_DRAFT,
    FIXTURES,
    FakeCloud,
    chunks,
    envelope,
    error,
    make_backend,
    make_env,
)

from nemo_cli.backends.base import (
    Done,
    DraftChanged,
    ErrorEvent,
    Heartbeat,
    MediaInfo,
    ProgressUpdate,
    TextDelta,
    ToolActivity,
)
from nemo_cli.backends.cloud.backend import media_list
from nemo_cli.config import current_session, set_current_session
from nemo_cli.draft import diff_drafts
from nemo_cli.errors import ApiError, CreditsError, InputError, NetworkError, UnsupportedFile

GIVEN = {"NEMO_TOKEN": "nmv_usr_given"}
FULL_TEXT = "I've merged your two clips into a 10-second timeline. Click Export to download."
STREAMED = [
    ToolActivity("merge_clips", "call", "combining clips..."),
    ToolActivity("merge_clips", "result", "combining clips..."),
    TextDelta("I've merged your "),
    TextDelta("two clips into a "),
    TextDelta("10-second timeline. "),
    TextDelta("Click Export to download."),
]
CHANGED = DraftChanged(EMPTY_DRAFT, EDITED_DRAFT, diff_drafts(EMPTY_DRAFT, EDITED_DRAFT))
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


@pytest.fixture
def fake() -> FakeCloud:
    return FakeCloud()


def backend_for(tmp_path: Path, fake: FakeCloud, **environ: str) -> Any:
    backend, notices = make_backend(make_env(tmp_path, **{**GIVEN, **environ}), fake)
    backend.notices = notices
    return backend


def mp4(path: Path, size: int = 5000) -> Path:
    path.write_bytes(MP4_HEAD + b"\x01" * (size - len(MP4_HEAD)))
    return path


# ---------------------------------------------------------------- sessions and state


def test_create_session(tmp_path: Path, fake: FakeCloud) -> None:
    backend = backend_for(tmp_path, fake)
    info = backend.create_session()
    assert (info.session_id, info.task_id, info.backend) == ("901", "task-901", "cloud")
    assert fake.of("create-session")[0].json == {"task_name": "project", "language": "en"}
    assert [s.session_id for s in backend.list_sessions()] == ["901"]


def test_create_session_language_from_settings_or_argument(tmp_path: Path, fake: FakeCloud) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('language = "zh-CN"\n')
    backend = backend_for(tmp_path, fake)
    backend.create_session()
    backend.create_session("fr")
    assert [s.json["language"] for s in fake.of("create-session")] == ["zh-CN", "fr"]


def test_create_session_without_an_id_is_an_error(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("create-session", envelope({"task_id": "t"}))
    with pytest.raises(ApiError) as info:
        backend_for(tmp_path, fake).create_session()
    assert info.value.message == "The cloud created a session but sent no session id."


def test_list_sessions_adds_the_current_one(tmp_path: Path, fake: FakeCloud) -> None:
    backend = backend_for(tmp_path, fake)
    backend.create_session()
    set_current_session(backend.paths, "cloud", "555")
    assert [s.session_id for s in backend.list_sessions()] == ["901", "555"]


def test_session_state(tmp_path: Path, fake: FakeCloud) -> None:
    info = [{"filename": "a.mp4", "file_type": "video", "cdn_url": "http://cdn.test/a.mp4",
             "duration": "2.5", "width": 320, "height": 240, "fps": 25}]  # fmt: skip
    state = {"draft": json.dumps(EDITED_DRAFT), "video_infos": info}
    fake.script("state", envelope({"session_id": "111", "state": state}))
    got = backend_for(tmp_path, fake).session_state("111")
    assert got.draft == EDITED_DRAFT  # a draft sent as a JSON string is read too
    assert got.media == [MediaInfo("a.mp4", "video", 2.5, 320, 240, 25.0, "http://cdn.test/a.mp4")]


MEDIA = [
    (None, []),
    ("junk", []),
    ([1, "x"], []),
    ([{}], [MediaInfo("media", "video")]),
    ([{"url": "http://c/x/song.mp3?sig=1"}], [MediaInfo("song.mp3", "audio", url="http://c/x/song.mp3?sig=1")]),
    ({"m1": {"name": "p.png", "type": "IMAGE", "width": "w"}}, [MediaInfo("p.png", "image")]),
    ([{"filename": "\x1b[2Jx.mov", "file_type": "weird"}], [MediaInfo("x.mov", "video")]),
]  # fmt: skip


@pytest.mark.parametrize(("value", "media"), MEDIA)
def test_media_list_reads_defensively(value: Any, media: list[MediaInfo]) -> None:
    assert media_list(value) == media


# ---------------------------------------------------------------- the chat turn


def test_send_streams_then_reports_the_draft_change(tmp_path: Path, fake: FakeCloud) -> None:
    events = list(backend_for(tmp_path, fake).send("111", "combine my clips"))
    assert events == [*STREAMED, CHANGED, Done(FULL_TEXT, ["merge_clips"])]
    (sent,) = fake.of("run_sse")
    assert sent.headers["accept"] == "text/event-stream"
    assert sent.json == {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": "111",
        "new_message": {"role": "user", "parts": [{"text": "combine my clips"}]},
        "streaming": True,
    }
    assert [s.key for s in fake.seen] == ["state", "run_sse", "state"]


def test_send_without_a_change_reports_none(tmp_path: Path, fake: FakeCloud) -> None:
    fake.chat_draft = dict(EMPTY_DRAFT)
    events = list(backend_for(tmp_path, fake).send("111", "hello"))
    assert events == [*STREAMED, Done(FULL_TEXT, ["merge_clips"])]


def test_an_edit_with_no_text_is_summarised_from_the_draft(tmp_path: Path, fake: FakeCloud) -> None:
    lines = (FIXTURES / "adk-run-sse-streaming.txt").read_bytes().split(b"\n\n")
    fake.sse_body = b"\n\n".join(lines[:2]) + b"\n\n"  # only the tool call and its result
    events = list(backend_for(tmp_path, fake).send("111", "combine"))
    assert events == [*STREAMED[:2], CHANGED, Done("", ["merge_clips"])]


def test_heartbeats_and_errors_in_the_stream(tmp_path: Path, fake: FakeCloud) -> None:
    fake.chat_draft = dict(EMPTY_DRAFT)
    fake.sse_body = (
        b": ping\n\ndata:\n\ndata: {}\n\n" + (FIXTURES / "adk-run-sse-errors.txt").read_bytes()
    )
    events = list(backend_for(tmp_path, fake).send("111", "x"))
    assert events == [
        Heartbeat(),
        Heartbeat(),
        Heartbeat(),
        ErrorEvent("The request was blocked.", "SAFETY"),
        ErrorEvent("RuntimeError: upstream quota exceeded", "server_error"),
        Done("", []),
    ]


def test_errors_before_the_stream_starts(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("run_sse", httpx.Response(422, json={"detail": [{"msg": "field required"}]}))
    with pytest.raises(ApiError) as info:
        list(backend_for(tmp_path, fake).send("111", "x"))
    assert info.value.message == (
        "The cloud could not understand nemo's request (HTTP 422): field required"
    )


def test_an_envelope_error_instead_of_a_stream(tmp_path: Path, fake: FakeCloud) -> None:
    (tmp_path / "config").mkdir()
    fake.script("run_sse", error(200, 2001, "insufficient credits"))
    backend, _ = make_backend(make_env(tmp_path), fake)  # a starter token: anon_1
    with pytest.raises(CreditsError) as info:
        list(backend.send("111", "x"))
    assert info.value.hint == (
        "Register to keep your work and get more credits: "
        "https://nemovideo.com/register?bind=anon_1"
    )


def _dropping(after: int) -> Any:
    body = (FIXTURES / "adk-run-sse-streaming.txt").read_bytes()
    events = body.split(b"\n\n")
    kept = b"\n\n".join(events[:after]) + b"\n\n"

    def reply(request: httpx.Request) -> httpx.Response:
        drop = httpx.RemoteProtocolError("peer closed connection")
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"},
                              content=chunks(kept, drop))  # fmt: skip

    return reply


def test_a_dropped_stream_whose_edit_completed(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("run_sse", _dropping(3))
    # the draft changes on the server while the client waits
    fake.script("state", envelope({"state": {"draft": EMPTY_DRAFT}}),
                envelope({"state": {"draft": EMPTY_DRAFT}}),
                envelope({"state": {"draft": EDITED_DRAFT}}))  # fmt: skip
    events = list(backend_for(tmp_path, fake).send("111", "combine"))
    assert events == [
        *STREAMED[:3],
        Heartbeat(),
        Heartbeat(),
        CHANGED,
        Done("I've merged your ", ["merge_clips"]),
    ]
    assert fake.slept == [30.0, 60.0]


def test_a_dropped_stream_whose_edit_never_completed(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("run_sse", _dropping(2))
    fake.script("state", *[envelope({"state": {"draft": EMPTY_DRAFT}})] * 3)
    fake.script("state", httpx.ConnectError("[Errno 111] Connection refused"))
    fake.script("state", envelope({"state": {"draft": EMPTY_DRAFT}}))
    events: list[Any] = []
    with pytest.raises(NetworkError) as info:
        for event in backend_for(tmp_path, fake).send("111", "combine"):
            events.append(event)
    assert info.value.message == (
        "The connection to the cloud at api.test was reset, and the timeline did not change."
    )
    assert events == [*STREAMED[:2], *[Heartbeat()] * 5]
    assert fake.slept == [30.0, 60.0, 60.0, 60.0, 60.0]
    assert len(fake.of("state")) == 6


# ---------------------------------------------------------------- recovering a lost session


def test_lost_session_on_state_starts_a_new_current_one(tmp_path: Path, fake: FakeCloud) -> None:
    backend = backend_for(tmp_path, fake)
    events = list(backend.send("404404", "combine"))
    assert events[-1] == Done(FULL_TEXT, ["merge_clips"])
    assert fake.of("run_sse")[0].json["session_id"] == "901"
    assert current_session(backend.paths, "cloud") == "901"
    assert backend.notices == [
        "The cloud session 404404 no longer exists; started a new one (901) and made it current."
    ]


def test_lost_session_on_run_sse_code_1002(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("run_sse", error(200, 1002, "session not found"))
    backend = backend_for(tmp_path, fake)
    events = list(backend.send("111", "combine"))
    assert events[-1] == Done(FULL_TEXT, ["merge_clips"])
    assert [s.json["session_id"] for s in fake.of("run_sse")] == ["111", "901"]
    assert [s.key for s in fake.seen] == [
        "state", "run_sse", "create-session", "state", "run_sse", "state"
    ]  # fmt: skip


def test_a_session_lost_twice_is_reported(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("state", error(200, 1002, "gone"), error(200, 1002, "gone"))
    with pytest.raises(ApiError) as info:
        backend_for(tmp_path, fake).session_state("111")
    assert info.value.message == "The cloud does not know this session."
    assert info.value.exit_code == 6


def test_the_notice_is_printed_to_stderr(tmp_path: Path, fake: FakeCloud) -> None:
    from nemo_cli.backends.cloud.backend import CloudBackend

    env = make_env(tmp_path, **GIVEN)
    backend = CloudBackend(env, transport=fake.transport(), sleep=fake.sleep)
    backend.session_state("777")
    assert env.stderr.getvalue() == (
        "Note: The cloud session 777 no longer exists; started a new one (901) and made it "
        "current.\n"
    )
    env_json = make_env(tmp_path / "j", **GIVEN)
    env_json.json = True
    CloudBackend(env_json, transport=fake.transport(), sleep=fake.sleep).session_state("777")
    assert json.loads(env_json.stderr.getvalue()) == {
        "notice": "The cloud session 777 no longer exists; started a new one (902) and made it "
        "current."
    }


# ---------------------------------------------------------------- upload


READ = 64 * 1024  # httpx reads a file part this much at a time


def test_the_multipart_body_is_httpxs_with_the_file_as_it_was(
    tmp_path: Path, fake: FakeCloud
) -> None:
    clip = mp4(tmp_path / 'a"b.mp4', 1000)
    backend_for(tmp_path, fake).upload("111", [str(clip)])
    (sent,) = fake.of("upload")
    boundary = sent.headers["content-type"].split("boundary=")[1]
    assert sent.headers["content-type"] == f"multipart/form-data; boundary={boundary}"
    assert sent.body == (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="files"; filename="a%22b.mp4"\r\n'
        + b"Content-Type: video/mp4\r\n\r\n"
        + clip.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    assert int(sent.headers["content-length"]) == len(sent.body)


def test_a_file_that_grows_while_it_is_sent_is_sent_as_it_was(tmp_path: Path) -> None:
    from nemo_cli.backends.cloud.progress_file import ProgressFile

    clip = mp4(tmp_path / "city.mp4", 3 * READ)
    before = clip.read_bytes()
    with ProgressFile(clip) as file:
        first = file.read(READ)
        with clip.open("ab") as more:
            more.write(b"x" * 1000)
        rest = file.read(10 * READ)
        assert (first + rest, file.read(READ)) == (before, b"")


def test_a_file_that_shrinks_while_it_is_sent_is_an_input_error(tmp_path: Path) -> None:
    from nemo_cli.backends.cloud.progress_file import ProgressFile

    clip = mp4(tmp_path / "city.mp4", 3 * READ)
    with ProgressFile(clip) as file:
        file.read(READ)
        with clip.open("r+b") as cut:
            cut.truncate(READ + 5)
        assert file.read(READ) == b"\x01" * 5  # what is left of it
        with pytest.raises(InputError) as info:
            file.read(READ)
    assert info.value.message == f"{clip} changed while it was being uploaded."


def test_upload_streams_files_with_progress(tmp_path: Path, fake: FakeCloud) -> None:
    clip = mp4(tmp_path / "city.mp4", 3 * READ + 10)
    ticks: list[ProgressUpdate] = []
    media = backend_for(tmp_path, fake).upload("111", [str(clip)], ticks.append)
    assert media == [
        MediaInfo("city.mp4", "video", 2.0, 320, 240, 25.0, "http://cdn.test/m/city.mp4")
    ]
    (sent,) = fake.of("upload")
    assert sent.url == "http://api.test/api/upload-video/nemo_agent/me/111"
    assert clip.read_bytes() in sent.body
    assert int(sent.headers["content-length"]) == len(sent.body)
    assert [t.completed for t in ticks] == [0, READ, 2 * READ, 3 * READ, 3 * READ + 10]
    assert {(t.phase, t.key, t.total, t.unit) for t in ticks} == {
        ("upload", "city.mp4", 3 * READ + 10, "bytes")
    }


def test_upload_urls_as_json(tmp_path: Path, fake: FakeCloud) -> None:
    media = backend_for(tmp_path, fake).upload("111", ["https://x.test/a/b.mp4"])
    assert fake.of("upload")[0].json == {"urls": ["https://x.test/a/b.mp4"], "source_type": "url"}
    assert [m.filename for m in media] == ["b.mp4"]


BAD_FILES = [
    ("notes.txt", b"hello", "Unsupported file type: {dir}/notes.txt"),
    ("missing.mp4", None, "No such file: {dir}/missing.mp4"),
    ("fake.mp4", b"just text, not a video", "{dir}/fake.mp4 does not look like a real video file."),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_files_are_refused_before_anything_is_sent(
    tmp_path: Path, fake: FakeCloud, name: str, content: bytes | None, message: str
) -> None:
    good = mp4(tmp_path / "good.mp4")
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as info:
        backend_for(tmp_path, fake).upload("111", [str(good), str(tmp_path / name)])
    assert info.value.message == message.format(dir=tmp_path)
    assert fake.seen == []


SERVER_REFUSALS = [
    (error(200, 4001, "unsupported"), "The cloud does not accept city.mp4: unsupported format."),
    (error(413, 4002, "too large"),
     "city.mp4 is too large for the cloud (the limit is 500 MB a file)."),
]  # fmt: skip


@pytest.mark.parametrize(("reply", "message"), SERVER_REFUSALS)
def test_server_refusals_of_a_file(
    tmp_path: Path, fake: FakeCloud, reply: httpx.Response, message: str
) -> None:
    fake.script("upload", reply)
    with pytest.raises(UnsupportedFile) as info:
        backend_for(tmp_path, fake).upload("111", [str(mp4(tmp_path / "city.mp4"))])
    assert info.value.message == message
    assert info.value.exit_code == 5


def test_upload_retried_after_renewal_sends_the_whole_file_again(
    tmp_path: Path, fake: FakeCloud
) -> None:
    (tmp_path / "config").mkdir()
    fake.script("upload", error(401, 1001, "expired"))
    backend, _ = make_backend(make_env(tmp_path), fake)
    clip = mp4(tmp_path / "city.mp4")
    backend.upload("111", [str(clip)])
    first, second = fake.of("upload")

    def boundary_free(sent: Any) -> bytes:  # httpx draws a new boundary for each request
        boundary = sent.headers["content-type"].split("boundary=")[1].encode()
        return bytes(sent.body.replace(boundary, b"BOUNDARY"))

    assert boundary_free(first) == boundary_free(second)
    assert clip.read_bytes() in second.body
    assert second.headers["authorization"] == "Bearer nmv_usr_anon2"


# ---------------------------------------------------------------- credits

CREDITS = [
    ({"available": 95, "frozen": 5, "total": 100}, (95, 5, 100)),
    ({"available": "12.5", "frozen": None}, (12.5, 0, 12.5)),
    ({"available": 3, "frozen": 2}, (3, 2, 5)),
    ({}, (0, 0, 0)),
    ([], (0, 0, 0)),
]


@pytest.mark.parametrize(("data", "expected"), CREDITS)
def test_credits(tmp_path: Path, fake: FakeCloud, data: Any, expected: tuple[float, ...]) -> None:
    fake.script("credits", envelope(data))
    got = backend_for(tmp_path, fake).credits()
    assert (got.available, got.frozen, got.total, got.unlimited) == (*expected, False)


def test_a_turn_longer_than_the_limit_stops_and_rechecks(tmp_path: Path, fake: FakeCloud) -> None:
    from nemo_cli.backends.cloud.chat import stream_turn

    backend = backend_for(tmp_path, fake)
    response = backend.core.send("POST", "/run_sse", token="nmv_usr_given",
                                 json={"session_id": "111"}, stream=True)  # fmt: skip
    ticks = iter(range(0, 10_000, 600))  # ten minutes pass between two events
    events = list(
        stream_turn(
            backend.core,
            response,
            EMPTY_DRAFT,
            lambda: EDITED_DRAFT,
            clock=lambda: float(next(ticks)),
        )  # fmt: skip
    )
    # two events fit in 15 minutes; then nemo stops reading and looks at the draft
    assert events == [*STREAMED[:2], Heartbeat(), CHANGED, Done("", ["merge_clips"])]
    assert fake.slept == [30.0]
