"""``Emulator``: the NemoVideo cloud on 127.0.0.1 (an API server and a "CDN" server).

    with Emulator() as emu:
        token = emu.seed_token()
        sid = emu.create_session(token)
        emu.fail("credits", code=1001)           # the next credits call answers 1001
        ... run the client against emu.base_url ...
        assert emu.requests_to("credits")[0].header("x-skill-source")

See tests/emulator/README.md for the whole API.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .faults import ENDPOINTS, Fault, FaultQueues
from .media import Payload, SampleVideo
from .misbehaviour import Misbehaviour
from .redirects import Redirects
from .state import MEDIA_DEFAULTS, TOKEN_LIFETIME, Render, Session, Store, file_type_of, iso
from .wire import RecordedRequest, Server

_DEFAULT_ENVELOPES = {
    key: (
        {"success": "success", "error": "success"}
        if key.startswith("render-")
        else {"success": "code", "error": "code"}
    )
    for key in ENDPOINTS
}
_CONFIG_DEFAULTS: dict[str, Any] = {
    "render_polls": 3,
    "render_poll_shape": "data",
    "upload_limit": 500 * 1024 * 1024,
    "sse_framing": "chunked",
    "require_skill_headers": True,
    "anon_per_ip": 10,
    "chat_cost": 0,
}


class CdnView:
    """The CDN side of an emulator, for tests about downloads."""

    def __init__(self, emu: Emulator) -> None:
        self._emu = emu

    @property
    def url(self) -> str:
        return self._emu.cdn_url

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._emu.cdn_requests

    @property
    def violations(self) -> list[str]:
        return self._emu.violations

    def render_bytes(self) -> bytes:
        """Exactly what a completed render's outputUrl serves now."""
        return self._emu.render_payload().read_all()

    def set_payload(self, *, size: int | None = None, data: bytes | None = None) -> None:
        self._emu.set_cdn_payload(size=size, data=data)

    def drop(self, after_bytes: int, *, times: int | None = 1) -> Fault:
        return self._emu.cdn_drop(after_bytes, times=times)


class Emulator(Misbehaviour, Redirects):
    """Both servers, their state, and the knobs tests turn. Thread-safe."""

    render_polls: int
    render_poll_shape: str
    upload_limit: int
    sse_framing: str
    require_skill_headers: bool
    anon_per_ip: int
    chat_cost: int

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        cdn_port: int = 0,
        workdir: Path | None = None,
        log: bool = False,
    ) -> None:
        from .api import ApiHandler
        from .cdn import CdnHandler

        self.log = log
        self._own_workdir = workdir is None
        self.workdir = (
            Path(tempfile.mkdtemp(prefix="nemo-emulator-")) if workdir is None else workdir
        )
        self.sample = SampleVideo(self.workdir)
        self._api = Server((host, port), ApiHandler, self)
        self._cdn = Server((host, cdn_port), CdnHandler, self)
        self._threads: list[threading.Thread] = []
        self._records_lock = threading.Lock()
        self._reset_state()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> Emulator:
        if not self._threads:
            self._threads = [
                self._api.serve_in_thread("emulator-api"),
                self._cdn.serve_in_thread("emulator-cdn"),
            ]
        return self

    def close(self) -> None:
        self._wake.set()
        for server in (self._api, self._cdn):
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reset(self) -> None:
        """Fresh state, faults, settings and records (the servers keep running)."""
        self._wake.set()  # wake any stalled response of the previous test
        self._reset_state()

    def _reset_state(self) -> None:
        self._wake = threading.Event()
        self._clock_offset = 0.0
        self.store = Store(self.now)
        self.faults = FaultQueues()
        self.envelopes = {k: dict(v) for k, v in _DEFAULT_ENVELOPES.items()}
        for key, value in _CONFIG_DEFAULTS.items():
            setattr(self, key, value)
        self.media_info: dict[str, dict[str, Any]] = {}
        self._cdn_payload: Payload | None = None
        self._render_failures: list[dict[str, Any]] = []
        with self._records_lock:
            self._requests: list[RecordedRequest] = []
            self._cdn_requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.internal_errors: list[str] = []

    # ------------------------------------------------------------ addresses
    @property
    def base_url(self) -> str:
        """The API base, for NEMO_API_BASE."""
        return self._api.url

    @property
    def cdn_url(self) -> str:
        return self._cdn.url

    @property
    def cdn(self) -> CdnView:
        return CdnView(self)

    @property
    def stock_music_url(self) -> str:
        return f"{self.cdn_url}/media/stock/lofi-chill.mp3"

    # ------------------------------------------------------------ time
    def now(self) -> float:
        return time.time() + self._clock_offset

    def advance_time(self, seconds: float) -> None:
        """Move the emulator's clock forward (token expiry, the per-IP window)."""
        self._clock_offset += seconds

    def sleep(self, seconds: float) -> None:
        """Sleep inside a response; ``reset``/``close`` cut it short."""
        if seconds > 0:
            self._wake.wait(seconds)

    # ------------------------------------------------------------ records
    def add_record(self, record: RecordedRequest) -> None:
        with self._records_lock:
            self._requests.append(record)

    def add_cdn_record(self, record: RecordedRequest) -> None:
        with self._records_lock:
            self._cdn_requests.append(record)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every API request so far, oldest first (control calls excluded)."""
        with self._records_lock:
            return list(self._requests)

    @property
    def cdn_requests(self) -> list[RecordedRequest]:
        with self._records_lock:
            return list(self._cdn_requests)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        """Requests to one endpoint key ("cdn" for the CDN, "unknown" for paths with no route)."""
        if endpoint != "unknown":
            _check_endpoint(endpoint)
        source = self.cdn_requests if endpoint == "cdn" else self.requests
        return [r for r in source if r.endpoint == endpoint]

    def last(self, endpoint: str) -> RecordedRequest:
        found = self.requests_to(endpoint)
        if not found:
            raise AssertionError(f"no request to {endpoint!r} was made")
        return found[-1]

    # ------------------------------------------------------------ seeding
    @staticmethod
    def headers(token: str | None = None, **extra: str) -> dict[str, str]:
        """Headers a well-behaved client sends (for tests that call the API with httpx)."""
        headers = {
            "User-Agent": "nemo-cli/0.1.0",
            "X-Skill-Source": "free-video-maker-in-pc",
            "X-Skill-Version": "0.1.0",
            "X-Skill-Platform": "unknown",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(extra)
        return headers

    def seed_token(
        self,
        token: str | None = None,
        *,
        anonymous: bool = True,
        credits: int | None = None,
        expires_in: float = TOKEN_LIFETIME,
    ) -> str:
        """A valid token for a new user (anonymous by default: user id ``anon_...``)."""
        return self.store.add_token(
            token, anonymous=anonymous, credits=credits, lifetime=expires_in
        ).token

    def issue_anonymous(self, client_id: str = "test-client") -> dict[str, Any]:
        """What POST /api/auth/anonymous-token gives this client id (same rules, IP 127.0.0.1)."""
        tok = self.store.issue_anonymous(client_id, "127.0.0.1", self.anon_per_ip)
        user = self.store.users[tok.user_id]
        return {
            "token": tok.token,
            "user_id": tok.user_id,
            "credits": user.available,
            "expires_at": iso(tok.expires_at),
        }

    def user_id(self, token: str) -> str:
        return self.store.tokens[token].user_id

    def create_session(self, token: str, task_name: str = "project", language: str = "en") -> str:
        """A session for the token's user; returns its id (a string of digits)."""
        user = self.store.users[self.store.tokens[token].user_id]
        return self.store.create_session(user, task_name, language).session_id

    def add_media(self, session_id: str, filename: str, **info: Any) -> dict[str, Any]:
        """Put a file in a session as if uploaded (video/image/audio by extension); ``info``
        overrides duration, width, height, fps, hash. Returns the stored entry (with its id)."""
        return self.register_media(self._session(session_id), filename, info)

    def register_media(
        self, session: Session, filename: str, info: dict[str, Any]
    ) -> dict[str, Any]:
        file_type = file_type_of(filename) or "video"
        index = len(session.media) + 1
        entry = {
            "filename": filename,
            "file_type": file_type,
            "cdn_url": f"{self.cdn_url}/media/{session.session_id}/{index}/{quote(filename)}",
            **MEDIA_DEFAULTS[file_type],
            **self.media_info.get(filename, {}),
            "hash": "0" * 64,
            **info,
        }
        return self.store.add_media(session, entry)

    def draft(self, session_id: str) -> Any:
        with self.store.lock:
            return copy.deepcopy(self._session(session_id).draft)

    def set_draft(self, session_id: str, draft: Any) -> None:
        with self.store.lock:
            self._session(session_id).draft = draft

    def session_messages(self, session_id: str) -> list[str]:
        with self.store.lock:
            return list(self._session(session_id).messages)

    def _session(self, session_id: str) -> Session:
        session = self.store.session(session_id)
        if session is None:
            raise KeyError(f"no session {session_id}")
        return session

    def render(self, render_id: str) -> Render:
        render = self.store.render(render_id)
        if render is None:
            raise KeyError(f"no render {render_id}")
        return render

    # ------------------------------------------------------------ state knobs
    def expire_token(self, token: str) -> None:
        self.store.expire(token)

    def set_credits(
        self,
        available: int,
        *,
        frozen: int = 0,
        total: int | None = None,
        token: str | None = None,
    ) -> None:
        """One token's user, or (no token) every user now and later."""
        self.store.set_credits(available, frozen, total, token)

    def set_envelope(
        self, endpoint: str, *, success: str | None = None, error: str | None = None
    ) -> None:
        """``"code"`` ({"code": 0|N, ...}) or ``"success"`` ({"success": true|false, ...})."""
        _check_endpoint(endpoint)
        for kind, shape in (("success", success), ("error", error)):
            if shape is None:
                continue
            if shape not in ("code", "success"):
                raise ValueError(f"envelope shape must be 'code' or 'success', not {shape!r}")
            self.envelopes[endpoint][kind] = shape

    def configure(self, **settings: Any) -> None:
        """Set knobs by name: render_polls, render_poll_shape, upload_limit, sse_framing,
        require_skill_headers, anon_per_ip, chat_cost."""
        checks = {
            "render_poll_shape": ("data", "output"),
            "sse_framing": ("chunked", "close"),
        }
        for key, value in settings.items():
            if key not in _CONFIG_DEFAULTS:
                raise ValueError(f"unknown setting {key!r}; one of {sorted(_CONFIG_DEFAULTS)}")
            if key in checks and value not in checks[key]:
                raise ValueError(f"{key} must be one of {checks[key]}, not {value!r}")
            setattr(self, key, value)

    def set_media_info(self, filename: str, **info: Any) -> None:
        """What an upload of ``filename`` reports (duration, width, height, fps)."""
        self.media_info[filename] = info

    def set_cdn_payload(
        self, *, size: int | None = None, data: bytes | None = None, path: str | None = None
    ) -> None:
        """What render outputs download as: ``size`` generated bytes, ``data``, a file, or
        (all None) the sample MP4."""
        if path is not None:
            data = Path(path).read_bytes()
        self._cdn_payload = None if size is None and data is None else Payload(data=data, size=size)

    def render_payload(self) -> Payload:
        return self._cdn_payload or self.sample.payload()

    # ------------------------------------------------------------ checks
    def assert_clean(self) -> None:
        """No Authorization header reached the CDN and no handler crashed."""
        problems = [*self.violations, *self.internal_errors]
        if problems:
            raise AssertionError("emulator: " + "\n".join(problems))


def _check_endpoint(endpoint: str) -> None:
    if endpoint not in ENDPOINTS:
        raise ValueError(f"unknown endpoint key {endpoint!r}; one of {', '.join(ENDPOINTS)}")
