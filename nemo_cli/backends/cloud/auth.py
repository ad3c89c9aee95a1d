"""Which token a cloud call uses, and renewing the ones nemo fetched itself. No httpx here.

Precedence: ``NEMO_TOKEN`` > the cached token (``nemo login``, or a starter token nemo fetched
earlier) > a free anonymous starter token, fetched on demand and cached with kind
``"anonymous"``. A starter token that expired or was rejected is replaced silently; a token the
user gave (``NEMO_TOKEN``, ``login --token``, or a cached one of unknown kind) never is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...config import Credentials, Paths, env_setting, load_credentials, update_credentials
from ...errors import ApiError, remember_secret
from .envelope import Caller

ANONYMOUS = "anonymous"
LOGIN = "login"


@dataclass(frozen=True)
class Token:
    """A token and where it came from. ``repr`` never shows the value."""

    value: str = field(repr=False)
    source: str  # "env" | "cache"
    kind: str  # "env" | "login" | "anonymous"
    user_id: str | None = None
    expires_at: str | None = None

    def __post_init__(self) -> None:
        remember_secret(self.value)

    @property
    def renewable(self) -> bool:
        """Only starter tokens nemo fetched itself may be swapped for a new one."""
        return self.kind == ANONYMOUS

    @property
    def caller(self) -> Caller:
        return Caller(self.kind, self.user_id)


@dataclass(frozen=True)
class TokenInfo:
    """What ``nemo auth status`` shows: everything about the token except the token."""

    source: str  # "env" | "cache" | "none"
    kind: str | None
    user_id: str | None
    expires_at: str | None
    expired: bool


def _cached_kind(creds: Credentials) -> str:
    return ANONYMOUS if creds.kind == ANONYMOUS else LOGIN


def describe(paths: Paths, environ: Mapping[str, str]) -> TokenInfo:
    """Where the token would come from, without any network call."""
    if env_setting(environ, "NEMO_TOKEN"):
        return TokenInfo("env", "env", None, None, False)
    creds = load_credentials(paths)
    if creds.token:
        return TokenInfo(
            "cache", _cached_kind(creds), creds.user_id, creds.expires_at, creds.expired()
        )
    return TokenInfo("none", None, None, None, False)


def starter_token(data: Any) -> Credentials:
    """The anonymous-token reply's data -> credentials to cache (raises if there is no token)."""
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise ApiError(
            "The cloud's starter-token reply had no token in it.",
            hint="Try again later, or use: nemo login --token TOKEN",
        )
    user_id = data.get("user_id")
    expires = data.get("expires_at")
    return Credentials(
        token=token.strip(),
        user_id=str(user_id) if user_id else None,
        expires_at=str(expires) if expires else None,
        kind=ANONYMOUS,
    )


class Tokens:
    """Resolves the token for each call. ``fetch`` asks the cloud for a starter token (returns
    the reply's data); it is only called when no token is set, or a starter token needs
    replacing."""

    def __init__(self, paths: Paths, environ: Mapping[str, str], fetch: Callable[[], Any]) -> None:
        self.paths = paths
        self.environ = environ
        self.fetch = fetch

    def current(self) -> Token:
        value = env_setting(self.environ, "NEMO_TOKEN")
        if value:
            return Token(value, "env", "env")
        creds = load_credentials(self.paths)
        if creds.token and not (creds.kind == ANONYMOUS and creds.expired()):
            return self._from_cache(creds)
        return self.fetch_starter()

    def renew(self, rejected: Token) -> Token:
        """A fresh starter token in place of a rejected one. Only call when ``renewable``."""
        creds = load_credentials(self.paths)
        if (
            creds.token
            and creds.token != rejected.value
            and creds.kind == ANONYMOUS
            and not creds.expired()
        ):
            return self._from_cache(creds)  # another nemo process renewed it already
        return self.fetch_starter()

    def fetch_starter(self) -> Token:
        fresh = starter_token(self.fetch())
        saved = update_credentials(
            self.paths,
            token=fresh.token,
            user_id=fresh.user_id,
            expires_at=fresh.expires_at,
            kind=ANONYMOUS,
        )
        return self._from_cache(saved)

    @staticmethod
    def _from_cache(creds: Credentials) -> Token:
        assert creds.token
        return Token(creds.token, "cache", _cached_kind(creds), creds.user_id, creds.expires_at)
