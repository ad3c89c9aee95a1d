"""The emulator's renders and the CDN that serves them: polling, envelopes, failures, cancel,
byte ranges, drops, and the CDN's Authorization tripwire (and the fixture that enforces it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator import Emulator
from emulator.emulator import CdnView
from emulator.media import generated_bytes
from emulator_helpers import (
    TESTS,
    api_fixture,  # noqa: F401 (a fixture)
    sid_fixture,  # noqa: F401 (a fixture)
    submit,
    token_fixture,  # noqa: F401 (a fixture)
)

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


@pytest.mark.slow
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
