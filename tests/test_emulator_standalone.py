"""The emulator as its own process (python -m emulator): a 50 MB streamed upload that does not
grow memory, and the /_emulator control endpoint."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator import Emulator
from emulator.media import generated_bytes
from emulator_helpers import TESTS, submit

# ---------------------------------------------------------------- standalone


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


@pytest.mark.slow
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


@pytest.mark.slow
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
