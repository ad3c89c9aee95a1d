"""A small in-memory NemoVideo cloud for ``httpx.MockTransport``, shared by the test_cloud_*
unit tests (the end-to-end tests use the real emulator in tests/emulator/ instead).

It answers every endpoint of CONTRACT.md in one of the documented shapes, keeps just enough
state (tokens, sessions and their drafts, renders) to be believable, records what it was sent,
and lets a test put scripted replies (a response, a function of the request, or an exception
to raise, e.g. ``httpx.ConnectError``) in front of any endpoint.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from nemo_cli.backends.cloud.backend import CloudBackend
from nemo_cli.config import Paths
from nemo_cli.env import Env

API = "http://api.test"
CDN = "http://cdn.test"
FIXTURES = Path(__file__).parent / "fixtures"
EMPTY_DRAFT: dict[str, Any] = {"t": [], "d": 0, "m": {"width": 1920, "height": 1080}}
EDITED_DRAFT: dict[str, Any] = {
    "t": [{"tt": 0, "sg": [{"n": "city.mp4", "st": 0, "d": 10000}]}],
    "d": 10000,
    "m": {"width": 1920, "height": 1080},
}
VIDEO = bytes(range(256)) * 40  # 10240 bytes "rendered"

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response] | BaseException


def envelope(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"code": 0, "message": "ok", "data": data})


def error(status: int, code: int | None = None, message: str = "error") -> httpx.Response:
    if code is None:
        return httpx.Response(status, json={"success": False, "error": message})
    return httpx.Response(status, json={"code": code, "message": message, "data": None})


@dataclass
class Seen:
    key: str
    method: str
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Render:
    session_id: str
    polls: int = 0


@dataclass
class FakeCloud:
    seen: list[Seen] = field(default_factory=list)
    scripts: dict[str, list[Reply]] = field(default_factory=lambda: defaultdict(list))
    tokens: set[str] = field(default_factory=lambda: {"nmv_usr_given"})
    drafts: dict[str, dict[str, Any]] = field(default_factory=lambda: {"111": dict(EMPTY_DRAFT)})
    renders: dict[str, Render] = field(default_factory=dict)
    slept: list[float] = field(default_factory=list)
    issued: int = 0
    created: int = 0
    polls_to_finish: int = 2
    sse_body: bytes = (FIXTURES / "adk-run-sse-streaming.txt").read_bytes()
    chat_draft: dict[str, Any] = field(default_factory=lambda: dict(EDITED_DRAFT))
    cdn_ranges: bool = True

    # ------------------------------------------------------------ plumbing

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def script(self, key: str, *replies: Reply) -> None:
        self.scripts[key].extend(replies)

    def of(self, key: str) -> list[Seen]:
        return [s for s in self.seen if s.key == key]

    @staticmethod
    def route(request: httpx.Request) -> str:
        path = request.url.path
        if request.url.host != "api.test":
            return "cdn"
        table = [
            ("POST", r"/api/auth/anonymous-token", "anonymous-token"),
            ("POST", r"/api/tasks/me/with-session/nemo_agent", "create-session"),
            ("POST", r"/run_sse", "run_sse"),
            ("POST", r"/api/upload-video/nemo_agent/me/[^/]+", "upload"),
            ("GET", r"/api/credits/balance/simple", "credits"),
            ("GET", r"/api/state/nemo_agent/me/[^/]+/latest", "state"),
            ("POST", r"/api/render/proxy/lambda", "render-submit"),
            ("GET", r"/api/render/proxy/lambda/[^/]+", "render-poll"),
            ("POST", r"/api/render/proxy/lambda/[^/]+/cancel", "render-cancel"),
        ]
        for method, pattern, key in table:
            if request.method == method and re.fullmatch(pattern, path):
                return key
        return "unknown"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = self.route(request)
        body = request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.seen.append(Seen(key, request.method, str(request.url), headers, body))
        if self.scripts[key]:
            reply = self.scripts[key].pop(0)
            if isinstance(reply, BaseException):
                raise reply
            return reply(request) if callable(reply) else reply
        if key not in ("anonymous-token", "cdn", "unknown"):
            auth = headers.get("authorization", "")
            if auth.removeprefix("Bearer ") not in self.tokens:
                return error(401, 1001, "invalid or expired token")
        return getattr(self, "on_" + key.replace("-", "_"))(request, body)

    # ------------------------------------------------------------ endpoints

    def on_anonymous_token(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if not request.headers.get("X-Client-Id"):
            return httpx.Response(400, json={"detail": "X-Client-Id header is required"})
        self.issued += 1
        token = f"nmv_usr_anon{self.issued}"
        self.tokens.add(token)
        return envelope({
            "token": token,
            "user_id": f"anon_{self.issued}",
            "credits": 100,
            "expires_at": "2099-01-01T00:00:00Z",
        })  # fmt: skip

    def on_create_session(self, request: httpx.Request, body: bytes) -> httpx.Response:
        self.created += 1
        sid = str(900 + self.created)
        self.drafts[sid] = dict(EMPTY_DRAFT)
        return envelope({"task_id": f"task-{sid}", "session_id": int(sid)})

    def _sid(self, request: httpx.Request) -> str:
        return request.url.path.split("/")[-2 if request.url.path.endswith("latest") else -1]

    def on_state(self, request: httpx.Request, body: bytes) -> httpx.Response:
        sid = self._sid(request)
        if sid not in self.drafts:
            return httpx.Response(404, json={"detail": f"Session not found: {sid}"})
        state = {"draft": self.drafts[sid], "video_infos": [], "canvas_config": {}}
        data = {"session_id": sid, "task_id": "t", "task_name": "project", "state": state}
        return httpx.Response(200, json={"success": True, "data": data})

    def on_run_sse(self, request: httpx.Request, body: bytes) -> httpx.Response:
        sid = json.loads(body)["session_id"]
        if sid not in self.drafts:
            return httpx.Response(404, json={"detail": f"Session not found: {sid}"})
        self.drafts[sid] = dict(self.chat_draft)
        # One event a piece, as a server flushes each event.
        events = [e + b"\n\n" for e in self.sse_body.split(b"\n\n") if e]
        return httpx.Response(
            200, headers={"Content-Type": "text/event-stream"}, content=iter(events)
        )

    def on_upload(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if request.headers.get("Content-Type", "").startswith("application/json"):
            names = [u.rsplit("/", 1)[-1] for u in json.loads(body)["urls"]]
        else:
            names = re.findall(rb'filename="([^"]*)"', body)
            names = [n.decode() for n in names]
        files = [
            {"filename": n, "file_type": "video", "cdn_url": f"{CDN}/m/{n}", "duration": 2.0,
             "width": 320, "height": 240, "fps": 25, "hash": "h"}
            for n in names
        ]  # fmt: skip
        return envelope({"files": files, "session_state_applied": True})

    def on_credits(self, request: httpx.Request, body: bytes) -> httpx.Response:
        return envelope({"available": 95, "frozen": 5, "total": 100})

    def on_render_submit(self, request: httpx.Request, body: bytes) -> httpx.Response:
        obj = json.loads(body)
        if obj["id"] in self.renders:
            return error(200, 3001, f"duplicate render id {obj['id']}")
        self.renders[obj["id"]] = Render(obj["sessionId"])
        return envelope({"id": obj["id"], "status": "pending", "progress": 0})

    def on_render_poll(self, request: httpx.Request, body: bytes) -> httpx.Response:
        rid = request.url.path.rsplit("/", 1)[-1]
        if rid not in self.renders:
            return error(404, None, "render not found")
        render = self.renders[rid]
        render.polls += 1
        done = render.polls >= self.polls_to_finish
        data = {
            "id": rid,
            "status": "completed" if done else "processing",
            "progress": 100 if done else 100 * render.polls // self.polls_to_finish,
            "outputUrl": f"{CDN}/out/{rid}.mp4" if done else None,
        }
        return httpx.Response(200, json={"success": True, "data": data})

    def on_render_cancel(self, request: httpx.Request, body: bytes) -> httpx.Response:
        rid = request.url.path.split("/")[-2]
        if self.renders.pop(rid, None) is None:
            return error(404, None, "render not found")
        return envelope({"id": rid, "status": "cancelled"})

    def on_cdn(self, request: httpx.Request, body: bytes) -> httpx.Response:
        wanted = request.headers.get("Range")
        if wanted and self.cdn_ranges:
            start = int(wanted.removeprefix("bytes=").rstrip("-"))
            part = VIDEO[start:]
            headers = {"Content-Range": f"bytes {start}-{len(VIDEO) - 1}/{len(VIDEO)}"}
            return httpx.Response(206, headers=headers, content=part)
        headers = {"Accept-Ranges": "bytes"} if self.cdn_ranges else {}
        return httpx.Response(200, headers=headers, content=VIDEO)

    def on_unknown(self, request: httpx.Request, body: bytes) -> httpx.Response:
        return httpx.Response(404, json={"detail": "Not Found"})


# ---------------------------------------------------------------- Env and backend


def make_env(tmp_path: Path, **environ: str) -> Env:
    paths = Paths(tmp_path / "config", tmp_path / "state", tmp_path / "data")
    return Env(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        environ={"NEMO_API_BASE": API, "NEMO_POLL_INTERVAL": "7", **environ},
        paths=paths,
        width=100,
    )


def make_backend(env: Env, fake: FakeCloud) -> tuple[CloudBackend, list[str]]:
    """A backend on the fake; returns it with the list its notices are collected in."""
    notices: list[str] = []
    backend = CloudBackend(env, transport=fake.transport(), sleep=fake.sleep, notify=notices.append)
    return backend, notices


def chunks(data: bytes, *fail_after: Exception) -> Any:
    """A response body that yields ``data`` in 1000-byte chunks, then raises (a dropped link)."""

    def gen() -> Any:
        for i in range(0, len(data), 1000):
            yield data[i : i + 1000]
        for exc in fail_after:
            raise exc

    return gen()
