"""The emulator's memory: users, tokens, sessions with their drafts and media, renders.

Every method takes the store's lock, so request threads and the test thread can both use it.
Time comes from ``clock()`` (the emulator's, which tests can move forward).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TOKEN_LIFETIME = 7 * 24 * 3600.0
STARTER_CREDITS = 100

VIDEO_EXT = frozenset({"mp4", "mov", "avi", "webm", "mkv"})
IMAGE_EXT = frozenset({"jpg", "png", "gif", "webp"})
AUDIO_EXT = frozenset({"mp3", "wav", "m4a", "aac"})

# What an upload reports when a test did not say otherwise (the emulator does not probe).
MEDIA_DEFAULTS: dict[str, dict[str, Any]] = {
    "video": {"duration": 5.0, "width": 1920, "height": 1080, "fps": 30.0},
    "image": {"duration": None, "width": 1920, "height": 1080, "fps": None},
    "audio": {"duration": 30.0, "width": None, "height": None, "fps": None},
}


def file_type_of(filename: str) -> str | None:
    """video | image | audio by extension, or None when the contract does not support it."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for kind, exts in (("video", VIDEO_EXT), ("image", IMAGE_EXT), ("audio", AUDIO_EXT)):
        if ext in exts:
            return kind
    return None


def iso(ts: float) -> str:
    return (
        dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    )


class RateLimit(Exception):
    """Too many anonymous tokens for one IP."""


@dataclass
class User:
    user_id: str
    anonymous: bool
    available: int = STARTER_CREDITS
    frozen: int = 0
    total: int = STARTER_CREDITS

    def credits(self) -> dict[str, int]:
        return {"available": self.available, "frozen": self.frozen, "total": self.total}


@dataclass
class Token:
    token: str
    user_id: str
    expires_at: float
    client_id: str | None = None


@dataclass
class Session:
    session_id: str
    task_id: str
    task_name: str
    language: str
    user_id: str
    draft: dict[str, Any] | None
    media: list[dict[str, Any]] = field(default_factory=list)
    generated_media: list[dict[str, Any]] = field(default_factory=list)
    canvas_config: dict[str, Any] = field(
        default_factory=lambda: {"width": 1920, "height": 1080, "ratio": "16:9"}
    )
    messages: list[str] = field(default_factory=list)

    def latest(self) -> dict[str, Any]:
        """The ``data`` of GET /api/state/.../latest."""
        return {
            "session_id": self.session_id,
            "task_id": self.task_id,
            "task_name": self.task_name,
            "state": {
                "draft": copy.deepcopy(self.draft),
                "video_infos": copy.deepcopy(self.media),
                "generated_media": copy.deepcopy(self.generated_media),
                "canvas_config": dict(self.canvas_config),
            },
        }


@dataclass
class Render:
    id: str
    session_id: str
    user_id: str
    draft: Any
    output: Any
    polls_to_complete: int
    output_url: str
    status: str = "pending"
    progress: int = 0
    polls: int = 0
    error: str | None = None
    fail_message: str | None = None
    fail_at_poll: int = 1

    def advance(self) -> None:
        """One poll: progress moves on; the job completes (or fails) on its set poll."""
        if self.status in ("completed", "failed"):
            return
        self.polls += 1
        if self.fail_message is not None and self.polls >= self.fail_at_poll:
            self.status, self.error = "failed", self.fail_message
        elif self.polls >= self.polls_to_complete:
            self.status, self.progress = "completed", 100
        else:
            self.status = "processing"
            self.progress = max(1, self.polls * 100 // self.polls_to_complete)

    def cancel(self) -> None:
        if self.status not in ("completed", "failed"):
            self.status, self.error = "failed", "Render cancelled"


def empty_draft() -> dict[str, Any]:
    return {"t": [], "d": 0, "m": {"width": 1920, "height": 1080}}


class Store:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.tokens: dict[str, Token] = {}
        self.by_client: dict[str, str] = {}  # client id -> token
        self.issued_per_ip: dict[str, list[float]] = {}
        self.sessions: dict[str, Session] = {}
        self.renders: dict[str, Render] = {}
        self.default_credits: dict[str, int] | None = None
        self._sid = itertools.count(1)

    # ------------------------------------------------------------ users and tokens
    def _new_user(self, anonymous: bool, credits: int | None = None) -> User:
        prefix = "anon_" if anonymous else "usr_"
        user = User(prefix + secrets.token_hex(6), anonymous)
        if self.default_credits is not None:
            user.available = self.default_credits["available"]
            user.frozen = self.default_credits["frozen"]
            user.total = self.default_credits["total"]
        if credits is not None:
            user.available = user.total = credits
        self.users[user.user_id] = user
        return user

    def add_token(
        self,
        token: str | None = None,
        *,
        anonymous: bool = True,
        credits: int | None = None,
        lifetime: float = TOKEN_LIFETIME,
        client_id: str | None = None,
        user_id: str | None = None,
    ) -> Token:
        with self.lock:
            user = self.users.get(user_id) if user_id else None
            if user is None:
                user = self._new_user(anonymous, credits)
            tok = Token(
                token or "nmv_usr_" + secrets.token_hex(16),
                user.user_id,
                self.clock() + lifetime,
                client_id,
            )
            self.tokens[tok.token] = tok
            if client_id:
                self.by_client[client_id] = tok.token
            return tok

    def issue_anonymous(self, client_id: str, ip: str, per_ip: int) -> Token:
        """The client id's live token, or a new one (counted against the IP's allowance)."""
        with self.lock:
            now = self.clock()
            current = self.tokens.get(self.by_client.get(client_id, ""))
            if current is not None and current.expires_at > now:
                return current
            recent = [t for t in self.issued_per_ip.get(ip, []) if t > now - TOKEN_LIFETIME]
            if len(recent) >= per_ip:
                raise RateLimit(ip)
            self.issued_per_ip[ip] = [*recent, now]
            return self.add_token(client_id=client_id)

    def user_for(self, token: str) -> User | None:
        """The token's user, or None when the token is unknown or expired."""
        with self.lock:
            tok = self.tokens.get(token)
            if tok is None or tok.expires_at <= self.clock():
                return None
            return self.users.get(tok.user_id)

    def expire(self, token: str) -> None:
        with self.lock:
            if token not in self.tokens:
                raise KeyError(f"no such token {token[:12]}...")
            self.tokens[token].expires_at = self.clock() - 1

    def set_credits(
        self, available: int, frozen: int, total: int | None, token: str | None
    ) -> None:
        with self.lock:
            values = {
                "available": available,
                "frozen": frozen,
                "total": available + frozen if total is None else total,
            }
            if token is None:
                self.default_credits = values
                targets = list(self.users.values())
            else:
                user = self.users[self.tokens[token].user_id]
                targets = [user]
            for user in targets:
                user.available, user.frozen, user.total = (
                    values["available"],
                    values["frozen"],
                    values["total"],
                )

    # ------------------------------------------------------------ sessions
    def create_session(self, user: User, task_name: str, language: str) -> Session:
        with self.lock:
            # Long digit strings, beyond 2**53: a client that turns them into numbers breaks.
            sid = f"{7_310_000_000_000_000_000 + next(self._sid) * 7919}"
            session = Session(
                session_id=sid,
                task_id="task_" + secrets.token_hex(8),
                task_name=task_name,
                language=language,
                user_id=user.user_id,
                draft=empty_draft(),
            )
            self.sessions[sid] = session
            return session

    def session(self, sid: str, user: User | None = None) -> Session | None:
        """The session, if it exists and (when a user is given) belongs to that user."""
        with self.lock:
            session = self.sessions.get(sid)
            if session is None or (user is not None and session.user_id != user.user_id):
                return None
            return session

    def add_media(self, session: Session, info: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            entry = {"id": f"m{len(session.media) + 1}", **info}
            session.media.append(entry)
            return entry

    # ------------------------------------------------------------ renders
    def add_render(self, render: Render) -> bool:
        """False when the id is taken."""
        with self.lock:
            if render.id in self.renders:
                return False
            self.renders[render.id] = render
            return True

    def render(self, render_id: str, user: User | None = None) -> Render | None:
        with self.lock:
            render = self.renders.get(render_id)
            if render is None or (user is not None and render.user_id != user.user_id):
                return None
            return render
