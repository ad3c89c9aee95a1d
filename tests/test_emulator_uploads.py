"""The emulator's upload endpoint: multipart (sized, hashed, chunked), URL uploads, and its
refusals (extension, size, session, broken bodies)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator import Emulator
from emulator_helpers import (
    api_fixture,  # noqa: F401 (a fixture)
    sid_fixture,  # noqa: F401 (a fixture)
    token_fixture,  # noqa: F401 (a fixture)
)

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
