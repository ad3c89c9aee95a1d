"""Cloud export on httpx.MockTransport: submit, poll (both shapes), download with resume,
remembering the render until its file is down, resume, cancel, and every failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_cloud_fake import (
    CDN,
    EDITED_DRAFT,
    VIDEO,
    FakeCloud,
    Render,
    chunks,
    envelope,
    error,
    make_backend,
    make_env,
)

from nemo_cli.backends.base import ExportRequest, ProgressUpdate
from nemo_cli.backends.cloud.render import Poll, read_poll
from nemo_cli.errors import (
    ApiError,
    EmptyDraft,
    Interrupted,
    NetworkError,
    PlanError,
    RenderError,
    UsageError,
)

GIVEN = {"NEMO_TOKEN": "nmv_usr_given"}


@pytest.fixture
def fake() -> FakeCloud:
    cloud = FakeCloud()
    cloud.drafts["111"] = EDITED_DRAFT
    return cloud


def backend_for(tmp_path: Path, fake: FakeCloud) -> Any:
    return make_backend(make_env(tmp_path, **GIVEN), fake)[0]


def pending(tmp_path: Path) -> list[str]:
    path = tmp_path / "state" / "renders.json"
    return [r["id"] for r in json.loads(path.read_text())["cloud"]] if path.exists() else []


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_export_submits_polls_and_downloads(tmp_path: Path, fake: FakeCloud) -> None:
    out_dir = tmp_path / "out"
    ticks: list[ProgressUpdate] = []
    remembered: list[list[str]] = []

    def progress(update: ProgressUpdate) -> None:
        ticks.append(update)
        remembered.append(pending(tmp_path))

    backend = backend_for(tmp_path, fake)
    result = backend.export("111", ExportRequest(out_dir / "v.mp4", "medium"), progress)

    (submitted,) = fake.of("render-submit")
    rid = submitted.json["id"]
    assert rid.startswith("render_") and rid[7:].isdigit()
    assert submitted.json == {
        "id": rid,
        "sessionId": "111",
        "draft": EDITED_DRAFT,
        "output": {"format": "mp4", "quality": "medium"},
    }
    assert (result.path, result.bytes, result.render_id, result.url) == (
        out_dir / "v.mp4",
        len(VIDEO),
        rid,
        f"{CDN}/out/{rid}.mp4",
    )
    assert (out_dir / "v.mp4").read_bytes() == VIDEO
    assert files_in(out_dir) == ["v.mp4"]  # no temporary file left
    render_ticks = [(t.completed, t.total, t.unit) for t in ticks if t.phase == "render"]
    assert render_ticks == [(50.0, 100, "percent"), (100.0, 100, "percent")]
    download = [t for t in ticks if t.phase == "download"]
    assert (download[0].completed, download[-1].completed) == (0, len(VIDEO))
    assert all(r == [rid] for r in remembered)  # remembered the whole time...
    assert pending(tmp_path) == []  # ...and forgotten once the file is down
    assert fake.slept == [7.0]  # NEMO_POLL_INTERVAL between the two polls
    (cdn,) = fake.of("cdn")
    assert "authorization" not in cdn.headers


def test_an_empty_timeline_is_refused(tmp_path: Path, fake: FakeCloud) -> None:
    fake.drafts["111"] = {"t": [{"tt": 0, "sg": []}], "d": 0}
    with pytest.raises(EmptyDraft) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "The timeline is empty: there is nothing to export yet."
    assert fake.of("render-submit") == []


def test_an_existing_output_needs_force(tmp_path: Path, fake: FakeCloud) -> None:
    target = tmp_path / "v.mp4"
    target.write_bytes(b"old")
    backend = backend_for(tmp_path, fake)
    with pytest.raises(UsageError) as info:
        backend.export("111", ExportRequest(target))
    assert info.value.message == f"{target} already exists."
    assert fake.of("render-submit") == []
    backend.export("111", ExportRequest(target, force=True))
    assert target.read_bytes() == VIDEO


def test_a_duplicate_id_is_retried_once_with_a_new_one(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("render-submit", error(200, 3001, "duplicate render id"))
    backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    first, second = (s.json["id"] for s in fake.of("render-submit"))
    assert first != second


def test_the_second_poll_shape(tmp_path: Path, fake: FakeCloud) -> None:
    done = {"status": "completed", "output": {"url": f"{CDN}/other.mp4"}}
    fake.script(
        "render-poll",
        httpx.Response(200, json={"status": "processing"}),
        httpx.Response(200, json=done),
    )
    result = backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert result.url == f"{CDN}/other.mp4"
    assert fake.of("cdn")[0].url == f"{CDN}/other.mp4"


POLLS = [
    ({"id": "r", "status": "pending", "progress": 0}, Poll("pending", 0.0, None, None)),
    ({"status": "processing", "progress": 42.5}, Poll("processing", 42.5, None, None)),
    ({"status": "processing", "progress": 140}, Poll("processing", 100.0, None, None)),
    ({"status": "processing", "progress": "n/a"}, Poll("processing", 0.0, None, None)),
    (
        {"status": "completed", "progress": 100, "outputUrl": "u"},
        Poll("completed", 100.0, "u", None),
    ),
    ({"status": "COMPLETED", "output": {"url": "u"}}, Poll("completed", 100.0, "u", None)),
    ({"status": "done", "output": "u"}, Poll("completed", 100.0, "u", None)),
    ({"output": {"url": "u"}}, Poll("completed", 100.0, "u", None)),
    ({"status": "failed", "error": "GPU on fire"}, Poll("failed", 0.0, None, "GPU on fire")),
    ({"status": "error", "error": {"message": "bad"}}, Poll("failed", 0.0, None, "bad")),
    ({"status": "canceled"}, Poll("cancelled", 0.0, None, None)),
    ({}, Poll("pending", 0.0, None, None)),
    (None, Poll("pending", 0.0, None, None)),
]


@pytest.mark.parametrize(("data", "poll"), POLLS)
def test_read_poll(data: Any, poll: Poll) -> None:
    assert read_poll(data) == poll


def test_a_failed_render(tmp_path: Path, fake: FakeCloud) -> None:
    failed = {"success": True, "data": {"status": "failed", "error": "Encoder \x1b[2Jcrashed"}}
    fake.script("render-poll", httpx.Response(200, json=failed))
    with pytest.raises(RenderError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "The cloud render failed: Encoder crashed"
    assert info.value.exit_code == 7
    assert pending(tmp_path) == []
    assert not (tmp_path / "v.mp4").exists()


def test_a_render_the_cloud_forgot(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("render-poll", error(404, None, "render not found"))
    with pytest.raises(RenderError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message.startswith("The cloud no longer knows render render_")
    assert pending(tmp_path) == []


def test_the_free_plan_cannot_export(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("render-submit", error(402, None, "payment required"))
    with pytest.raises(PlanError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "Register or upgrade your plan to unlock export."
    assert info.value.exit_code == 4


def test_ctrl_c_while_polling_keeps_the_render_for_resume(tmp_path: Path, fake: FakeCloud) -> None:
    def interrupt(update: ProgressUpdate) -> None:
        raise KeyboardInterrupt

    backend = backend_for(tmp_path, fake)
    with pytest.raises(Interrupted) as info:
        backend.export("111", ExportRequest(tmp_path / "v.mp4"), interrupt)
    (rid,) = pending(tmp_path)
    assert info.value.hint == f"Pick it up with: nemo export --resume --render-id {rid}"
    assert info.value.exit_code == 130
    assert not (tmp_path / "v.mp4").exists()

    result = backend.resume_export(None, ExportRequest(tmp_path / "v.mp4"))
    assert (result.render_id, (tmp_path / "v.mp4").read_bytes()) == (rid, VIDEO)
    assert pending(tmp_path) == []


def test_resume_with_nothing_pending(tmp_path: Path, fake: FakeCloud) -> None:
    with pytest.raises(UsageError) as info:
        backend_for(tmp_path, fake).resume_export(None, ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "There is no interrupted cloud export to resume."


def test_cancel_the_newest_pending_render(tmp_path: Path, fake: FakeCloud) -> None:
    def interrupt(update: ProgressUpdate) -> None:
        raise KeyboardInterrupt

    backend = backend_for(tmp_path, fake)
    with pytest.raises(Interrupted):
        backend.export("111", ExportRequest(tmp_path / "v.mp4"), interrupt)
    (rid,) = pending(tmp_path)
    assert backend.cancel_export(None) == f"Cancelled render {rid}."
    assert fake.of("render-cancel")[0].url.endswith(f"/api/render/proxy/lambda/{rid}/cancel")
    assert pending(tmp_path) == []
    assert backend.cancel_export("render_1") == (
        "Render render_1 was no longer pending on the cloud; nemo forgot it."
    )
    with pytest.raises(UsageError):
        backend.cancel_export(None)


# ---------------------------------------------------------------- downloads


def _cut(ranges: bool, at: int = 4000) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        headers = {"Accept-Ranges": "bytes"} if ranges else {}
        return httpx.Response(
            200, headers=headers, content=chunks(VIDEO[:at], httpx.ReadError("reset"))
        )

    return reply


def test_a_dropped_download_resumes_with_a_range(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("cdn", _cut(ranges=True))
    backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert [s.headers.get("range") for s in fake.of("cdn")] == [None, "bytes=4000-"]
    assert (tmp_path / "v.mp4").read_bytes() == VIDEO


def test_a_dropped_download_restarts_without_ranges(tmp_path: Path, fake: FakeCloud) -> None:
    fake.cdn_ranges = False
    fake.script("cdn", _cut(ranges=False))
    backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert [s.headers.get("range") for s in fake.of("cdn")] == [None, None]
    assert (tmp_path / "v.mp4").read_bytes() == VIDEO


def test_a_download_that_keeps_dropping(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("cdn", *[_cut(ranges=False, at=1000)] * 6)
    fake.cdn_ranges = False
    with pytest.raises(NetworkError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "The connection to the download server at cdn.test was reset."
    (rid,) = pending(tmp_path)  # still remembered: --resume can try again
    assert info.value.hint == (
        f"The render is kept on the cloud. Pick it up with: nemo export --resume --render-id {rid}"
    )
    assert len(fake.of("cdn")) == 6
    assert files_in(tmp_path).count("v.mp4") == 0
    assert ".v.mp4.part" not in files_in(tmp_path)


def test_a_download_refused(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("cdn", httpx.Response(403, text="Forbidden"))
    with pytest.raises(ApiError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert info.value.message == "Downloading the video from cdn.test failed (HTTP 403)."
    assert info.value.hint == "Try again with: nemo export --resume"


def test_a_short_download_is_resumed(tmp_path: Path, fake: FakeCloud) -> None:
    headers = {"Accept-Ranges": "bytes", "Content-Length": str(len(VIDEO))}
    short = httpx.Response(200, headers=headers, content=chunks(VIDEO[:5000]))
    fake.script("cdn", lambda request: short)
    backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert [s.headers.get("range") for s in fake.of("cdn")][-1] == "bytes=5000-"
    assert (tmp_path / "v.mp4").read_bytes() == VIDEO


def test_session_recovery_before_export_finds_an_empty_timeline(
    tmp_path: Path, fake: FakeCloud
) -> None:
    with pytest.raises(EmptyDraft):
        backend_for(tmp_path, fake).export("999", ExportRequest(tmp_path / "v.mp4"))
    assert [s.key for s in fake.seen] == ["state", "create-session", "state"]


def test_submit_answer_id_is_the_one_remembered(tmp_path: Path, fake: FakeCloud) -> None:
    def renamed(request: httpx.Request) -> httpx.Response:
        fake.renders["srv_1"] = Render("111")
        return envelope({"id": "srv_1", "status": "pending"})

    fake.script("render-submit", renamed)
    fake.script("render-poll", KeyboardInterrupt())
    with pytest.raises(Interrupted):
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert pending(tmp_path) == ["srv_1"]
    assert fake.of("render-poll")[0].url.endswith("/srv_1")


def test_polling_waits_out_a_few_network_failures(tmp_path: Path, fake: FakeCloud) -> None:
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    fake.script("render-poll", refused, refused, refused)
    result = backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    assert result.bytes == len(VIDEO)
    assert fake.slept == [7.0, 7.0, 7.0, 7.0]  # three failures, then the usual interval


def test_polling_gives_up_after_four_network_failures(tmp_path: Path, fake: FakeCloud) -> None:
    fake.script("render-poll", *[httpx.ReadTimeout("timed out")] * 4)
    with pytest.raises(NetworkError) as info:
        backend_for(tmp_path, fake).export("111", ExportRequest(tmp_path / "v.mp4"))
    (rid,) = pending(tmp_path)
    assert info.value.message == "The cloud at api.test did not answer in time."
    assert info.value.hint == (
        f"The render is kept on the cloud. Pick it up with: nemo export --resume --render-id {rid}"
    )
