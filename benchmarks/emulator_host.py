"""The cloud emulator (tests/emulator) as a separate process, and its control API.

The emulator runs in its own interpreter, so its work (serialising 50,000 events, parsing a
500 MB multipart body) never competes with the benchmark's own timing loop for the GIL.
"""

from __future__ import annotations

import json
import signal
import subprocess
import urllib.request
from typing import Any

from .workspace import REPO, Workspace


class EmulatorHost:
    def __init__(self, ws: Workspace) -> None:
        folder = ws.work / "emulator"
        folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [ws.python, "-m", "emulator", "--port", "0", "--seed", "--workdir", str(folder)],
            cwd=REPO / "tests",
            env=ws.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(10)
            raise RuntimeError("the emulator did not start (cd tests && python -m emulator)")
        info = json.loads(line)
        self.api: str = info["api"]
        self.cdn: str = info["cdn"]
        self.token: str = info["token"]
        self.session_id: str = info["session_id"]

    def control(self, method: str, **kwargs: Any) -> Any:
        """``POST /_emulator/<method>`` with keyword arguments; returns its result."""
        body = json.dumps(kwargs).encode()
        request = urllib.request.Request(
            f"{self.api}/_emulator/{method}",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())["result"]

    def requests(self, endpoint: str | None = None) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.api}/_emulator/requests", timeout=60) as reply:
            records = json.loads(reply.read())["requests"]
        return [r for r in records if endpoint is None or r["endpoint"] == endpoint]

    def nemo_env(self, ws: Workspace, **extra: str) -> dict[str, str]:
        """The environment for ``nemo`` talking to this emulator as the seeded user."""
        return ws.env(
            NEMO_API_BASE=self.api,
            NEMO_BACKEND="cloud",
            NEMO_TOKEN=self.token,
            NEMO_POLL_INTERVAL="0.02",
            **extra,
        )

    def skill_headers(self) -> list[str]:
        """Headers a well-behaved client sends (for curl)."""
        return [
            "User-Agent: nemo-cli/0.1.0",
            "X-Skill-Source: free-video-maker-in-pc",
            "X-Skill-Version: 0.1.0",
            "X-Skill-Platform: unknown",
            f"Authorization: Bearer {self.token}",
        ]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> EmulatorHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
