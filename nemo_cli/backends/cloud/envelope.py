"""The cloud's reply envelopes, and what each error means for the user. Pure: no httpx.

Success comes as ``{"code": 0, "data": ...}`` or ``{"success": true, "data": ...}``; errors as
``{"code": N, "message": ...}``, ``{"success": false, "error": ...}`` or FastAPI's
``{"detail": ...}``, with any HTTP status. ``parse_envelope`` returns the data or raises
``ApiFailure`` (internal: the retry loop looks at it); ``to_error`` turns a failure that is
final into the ``NemoError`` the user sees.
"""

from __future__ import annotations

import email.utils
import html
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from ...errors import (
    ApiError,
    AuthError,
    CreditsError,
    NemoError,
    PlanError,
    RateLimited,
    SessionNotFound,
    UnsupportedFile,
)
from ...media_files import CLOUD_EXT
from ...safe_text import one_line

CODE_BAD_TOKEN = 1001
CODE_NO_SESSION = 1002
CODE_NO_CREDITS = 2001
CODE_UNSUPPORTED = 4001
CODE_TOO_LARGE = 4002

REGISTER_URL = "https://nemovideo.com/register?bind={user_id}"
SUPPORTED_FORMATS = " ".join(e for e in CLOUD_EXT if e != "jpeg")


class ApiFailure(Exception):
    """The server answered with an error. ``api_code`` is the envelope's code, if any."""

    def __init__(
        self, status: int, api_code: int | None, message: str, retry_after: float | None = None
    ) -> None:
        # Which HTTP status goes with which code is not documented: an HTTP-like code (402,
        # 429, ...) in a 200 reply counts as that status, and a reply without a contract code
        # (the {"success": false, "error": "..."} shape) gets one from its status and words.
        if status < 400 and api_code is not None and 400 <= api_code < 600:
            status = api_code
        if api_code is None or 400 <= api_code < 600:
            api_code = infer_code(status, message) or api_code
        super().__init__(f"HTTP {status} code {api_code}: {message}")
        self.status = status
        self.api_code = api_code
        self.message = message
        self.retry_after = retry_after

    @property
    def bad_token(self) -> bool:
        return self.api_code == CODE_BAD_TOKEN or self.status == 401

    @property
    def session_not_found(self) -> bool:
        return self.api_code == CODE_NO_SESSION

    @property
    def missing_client_id(self) -> bool:
        return self.status == 400 and "client" in self.message.lower()


_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (CODE_NO_SESSION, ("session not found",)),
    (CODE_NO_CREDITS, ("insufficient credit", "not enough credit", "no credits", "out of credit")),
    (CODE_UNSUPPORTED, ("unsupported file", "unsupported format", "unsupported media")),
    (CODE_TOO_LARGE, ("file too large", "too large", "file size exceeds")),
    (CODE_BAD_TOKEN, ("invalid or expired token", "token expired", "invalid token")),
)


def infer_code(status: int, message: str) -> int | None:
    """The contract code an error without one stands for, from its status and words."""
    if status == 413:
        return CODE_TOO_LARGE
    text = message.lower()
    return next((code for code, words in _WORDS if any(w in text for w in words)), None)


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _message(value: Any) -> str:
    """A readable message from a string, an error object or FastAPI's list of problems."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("message", "msg", "error", "detail"):
            if value.get(key):
                return _message(value[key])
        return ""
    if isinstance(value, list):
        return "; ".join(m for m in (_message(v) for v in value[:3]) if m)
    return "" if value is None else str(value)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain_text(text: str) -> str:
    """A proxy's HTML error page says what it is in its <title> (or, failing that, its text)."""
    text = text.strip()
    if not text.startswith("<"):
        return text
    title = _TITLE.search(text)
    words = html.unescape(_TAG.sub(" ", title[1] if title else text))
    return " ".join(words.split())


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date. None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def parse_envelope(status: int, body: bytes, retry_after: str | None = None) -> Any:
    """The ``data`` of a successful reply, or ``ApiFailure``. A reply without an envelope
    (one of the render poll shapes) is returned whole."""
    try:
        obj: Any = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        obj = None
    wait = retry_after_seconds(retry_after)
    ok = status < 400
    if isinstance(obj, dict):
        code = _code(obj.get("code"))
        if isinstance(obj.get("error"), dict) and code is None:
            code = _code(obj["error"].get("code"))
        message = _message(obj.get("message") or obj.get("error") or obj.get("detail"))
        if obj.get("success") is False or (code is not None and code != 0) or not ok:
            raise ApiFailure(status, code or None, message or f"HTTP {status}", wait)
        if "data" in obj and (code == 0 or obj.get("success") is True):
            return obj["data"]
        return obj
    if not ok:
        text = _plain_text(body.decode("utf-8", "replace"))
        raise ApiFailure(status, None, text[:200] or f"HTTP {status}", wait)
    if obj is None:
        raise ApiFailure(status, None, "The reply was not JSON.")
    return obj


# ---------------------------------------------------------------- failures -> NemoError


@dataclass(frozen=True)
class Caller:
    """Who made the call, for messages: the token's kind and user, and what was sent."""

    kind: str = "none"  # "env" | "login" | "anonymous" | "none" (no token: the starter call)
    user_id: str | None = None
    subject: str | None = None  # a file name, for upload errors

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous" or (self.user_id or "").startswith("anon_")


def _register_hint(caller: Caller) -> str | None:
    if caller.anonymous and caller.user_id:
        url = REGISTER_URL.format(user_id=caller.user_id)
        return f"Register to keep your work and get more credits: {url}"
    return None


def _auth_error(caller: Caller, failure: ApiFailure) -> AuthError:
    kw: dict[str, Any] = {"api_code": failure.api_code, "status": failure.status}
    if caller.kind == "env":
        return AuthError(
            "The cloud rejected the token in NEMO_TOKEN.",
            hint="Check or unset NEMO_TOKEN; without it nemo uses your saved token or a free "
            "starter token.",
            **kw,
        )
    if caller.kind == "login":
        return AuthError(
            "The cloud rejected the token saved by `nemo login`.",
            hint="Log in again with: nemo login --token TOKEN (or `nemo logout` to use a free "
            "starter token).",
            **kw,
        )
    if caller.kind == "anonymous":
        return AuthError(
            "The cloud rejected a fresh starter token.",
            hint="Run `nemo logout` and try again; --backend local works without a token.",
            **kw,
        )
    return AuthError(
        "The cloud refused to issue a starter token.",
        hint="Try again later, or use: nemo login --token TOKEN",
        **kw,
    )


def to_error(failure: ApiFailure, caller: Caller, *, starter_call: bool = False) -> NemoError:
    """The error the user sees for a failure nemo could not recover from."""
    said = one_line(failure.message, 160)
    status, code = failure.status, failure.api_code
    kw: dict[str, Any] = {"api_code": code, "status": status}
    if failure.bad_token:
        return _auth_error(caller, failure)
    if failure.session_not_found:
        return SessionNotFound(
            "The cloud does not know this session.",
            hint="Start a new one with: nemo session new",
            **kw,
        )
    if code == CODE_NO_CREDITS:
        hint = _register_hint(caller)
        if hint is None:
            hint = (
                "Top up credits in your account."
                if caller.kind == "login" or caller.user_id
                else "Top up credits in your account, or register at https://nemovideo.com."
            )
        return CreditsError("You are out of cloud credits.", hint=hint, **kw)
    if status == 402:
        return PlanError(
            "Register or upgrade your plan to unlock export.", hint=_register_hint(caller), **kw
        )
    if code == CODE_UNSUPPORTED:
        what = caller.subject or "this file"
        return UnsupportedFile(
            f"The cloud does not accept {what}: unsupported format.",
            hint=f"Supported formats: {SUPPORTED_FORMATS}.",
            **kw,
        )
    if code == CODE_TOO_LARGE:
        what = caller.subject or "The file"
        return UnsupportedFile(
            f"{what} is too large for the cloud (the limit is 500 MB a file).",
            hint="Compress or trim it first, or use --backend local (no size limit).",
            **kw,
        )
    if status == 429:
        hint = (
            "Starter tokens are limited to one per computer per 7 days and 10 per network: "
            "try again later, or use: nemo login --token TOKEN"
            if starter_call
            else "Wait a minute, then try again."
        )
        if failure.retry_after:
            hint = f"The cloud asks to wait {failure.retry_after:.0f} s. " + hint
        return RateLimited("The cloud is rate-limiting requests (HTTP 429).", hint=hint, **kw)
    if status >= 500:
        return ApiError(
            f"The cloud server failed (HTTP {status}): {said}",
            hint="Try again in a few minutes; --backend local works offline.",
            **kw,
        )
    if status == 422:
        return ApiError(
            f"The cloud could not understand nemo's request (HTTP 422): {said}",
            hint="This is probably a nemo bug: please report it with the output of -v.",
            **kw,
        )
    where = f"code {code}" if code is not None else f"HTTP {status}"
    return ApiError(f"The cloud answered with an error ({where}): {said}", **kw)
