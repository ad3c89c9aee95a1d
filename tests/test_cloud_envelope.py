"""Envelopes (every shape, any status) and the message each unrecoverable failure gives."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nemo_cli.backends.cloud.envelope import (
    ApiFailure,
    Caller,
    parse_envelope,
    retry_after_seconds,
    to_error,
)
from nemo_cli.errors import (
    ApiError,
    AuthError,
    CreditsError,
    PlanError,
    RateLimited,
    SessionNotFound,
    UnsupportedFile,
)

# ---------------------------------------------------------------- successes

SUCCESSES: list[tuple[int, Any, Any]] = [
    (200, {"code": 0, "data": {"a": 1}}, {"a": 1}),
    (200, {"code": "0", "message": "ok", "data": [1]}, [1]),
    (200, {"success": True, "data": {"a": 1}}, {"a": 1}),
    (201, {"success": True, "data": None}, None),
    # the second render-poll shape has no envelope: returned whole
    (
        200,
        {"status": "completed", "output": {"url": "u"}},
        {"status": "completed", "output": {"url": "u"}},
    ),
    (200, {"code": 0}, {"code": 0}),
    (200, [1, 2], [1, 2]),
]


@pytest.mark.parametrize(("status", "body", "data"), SUCCESSES)
def test_success_shapes(status: int, body: Any, data: Any) -> None:
    assert parse_envelope(status, json.dumps(body).encode()) == data


# ---------------------------------------------------------------- failures

FAILURES: list[tuple[int, bytes, tuple[int, int | None, str]]] = [
    (
        200,
        b'{"code": 1001, "message": "token expired", "data": null}',
        (200, 1001, "token expired"),
    ),
    (401, b'{"code": 1001, "message": "bad token"}', (401, 1001, "bad token")),
    (200, b'{"code": "2001", "message": "no credits"}', (200, 2001, "no credits")),
    (200, b'{"success": false, "error": "nope"}', (200, None, "nope")),
    (
        400,
        b'{"success": false, "error": "X-Client-Id required"}',
        (400, None, "X-Client-Id required"),
    ),
    (
        200,
        b'{"success": false, "error": {"code": 4001, "message": "bad type"}}',
        (200, 4001, "bad type"),
    ),
    (200, b'{"success": false, "code": 4002, "error": "too big"}', (200, 4002, "too big")),
    (404, b'{"detail": "Session not found: 123"}', (404, 1002, "Session not found: 123")),
    # no contract code: one is inferred from the status and the words
    (
        200,
        b'{"success": false, "error": "Insufficient credits"}',
        (200, 2001, "Insufficient credits"),
    ),
    (
        400,
        b'{"success": false, "error": "Unsupported file type"}',
        (400, 4001, "Unsupported file type"),
    ),
    (413, b'{"success": false, "error": "Payload"}', (413, 4002, "Payload")),
    (
        401,
        b'{"success": false, "error": "Invalid or expired token"}',
        (401, 1001, "Invalid or expired token"),
    ),
    (
        400,
        b'{"code": 400, "message": "X-Client-Id header is required"}',
        (400, 400, "X-Client-Id header is required"),
    ),
    # an HTTP-like code in a 200 reply counts as that status
    (200, b'{"code": 429, "message": "Too many"}', (429, 429, "Too many")),
    (200, b'{"code": 402, "message": "Upgrade"}', (402, 402, "Upgrade")),
    (
        422,
        b'{"detail": [{"loc": ["body"], "msg": "field required", "type": "missing"}]}',
        (422, None, "field required"),
    ),
    (402, b'{"code": 402, "message": "upgrade"}', (402, 402, "upgrade")),
    (500, b"<html>Internal Server Error</html>", (500, None, "Internal Server Error")),
    (
        502,
        b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
        b"<hr><center>nginx</center></body></html>",
        (502, None, "502 Bad Gateway"),
    ),
    (503, b"<p>Service &amp; co. down</p>", (503, None, "Service & co. down")),
    (502, b"", (502, None, "HTTP 502")),
    (503, b'{"code": 0, "data": {}}', (503, None, "HTTP 503")),  # a 5xx is never a success
    (200, b"not json", (200, None, "The reply was not JSON.")),
    (200, b"", (200, None, "The reply was not JSON.")),
]


@pytest.mark.parametrize(("status", "body", "expected"), FAILURES)
def test_failure_shapes(status: int, body: bytes, expected: tuple[int, int | None, str]) -> None:
    with pytest.raises(ApiFailure) as info:
        parse_envelope(status, body)
    f = info.value
    assert (f.status, f.api_code, f.message) == expected


def test_retry_after_is_carried() -> None:
    with pytest.raises(ApiFailure) as info:
        parse_envelope(429, b'{"detail": "slow down"}', "12")
    assert info.value.retry_after == 12.0


RETRY_AFTER = [
    (None, None),
    ("", None),
    ("5", 5.0),
    ("2.5", 2.5),
    ("-3", 0.0),
    ("soon", None),
    ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),  # an HTTP date, 10 s after "now"
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # already past
]


@pytest.mark.parametrize(("header", "seconds"), RETRY_AFTER)
def test_retry_after_seconds(header: str | None, seconds: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert retry_after_seconds(header, now) == seconds


FLAGS = [
    (ApiFailure(200, 1001, "x"), (True, False, False)),
    (ApiFailure(401, None, "x"), (True, False, False)),
    (ApiFailure(200, 1002, "x"), (False, True, False)),
    (ApiFailure(404, None, "Session not found: 12"), (False, True, False)),
    (ApiFailure(404, None, "render not found"), (False, False, False)),
    (ApiFailure(400, None, "X-Client-Id header is required"), (False, False, True)),
    (ApiFailure(400, None, "bad body"), (False, False, False)),
]


@pytest.mark.parametrize(("failure", "flags"), FLAGS)
def test_failure_flags(failure: ApiFailure, flags: tuple[bool, bool, bool]) -> None:
    assert (failure.bad_token, failure.session_not_found, failure.missing_client_id) == flags


# ---------------------------------------------------------------- what the user reads

ANON = Caller("anonymous", "anon_42")
LOGIN = Caller("login", "u_7")
ENV = Caller("env", None)
REGISTER = (
    "Register to keep your work and get more credits: https://nemovideo.com/register?bind=anon_42"
)

ERRORS: list[tuple[ApiFailure, Caller, type, str, str | None]] = [
    (
        ApiFailure(200, 1001, "x"),
        ENV,
        AuthError,
        "The cloud rejected the token in NEMO_TOKEN.",
        "Check or unset NEMO_TOKEN; without it nemo uses your saved token or a free starter token.",
    ),
    (
        ApiFailure(401, None, "x"),
        LOGIN,
        AuthError,
        "The cloud rejected the token saved by `nemo login`.",
        "Log in again with: nemo login --token TOKEN (or `nemo logout` to use a free starter "
        "token).",
    ),
    (
        ApiFailure(401, 1001, "x"),
        ANON,
        AuthError,
        "The cloud rejected a fresh starter token.",
        "Run `nemo logout` and try again; --backend local works without a token.",
    ),
    (
        ApiFailure(200, 1002, "x"),
        ANON,
        SessionNotFound,
        "The cloud does not know this session.",
        "Start a new one with: nemo session new",
    ),
    (ApiFailure(200, 2001, "x"), ANON, CreditsError, "You are out of cloud credits.", REGISTER),
    (
        ApiFailure(402, 2001, "x"),
        LOGIN,
        CreditsError,
        "You are out of cloud credits.",
        "Top up credits in your account.",
    ),
    (
        ApiFailure(200, 2001, "x"),
        ENV,
        CreditsError,
        "You are out of cloud credits.",
        "Top up credits in your account, or register at https://nemovideo.com.",
    ),
    (
        ApiFailure(402, None, "x"),
        ANON,
        PlanError,
        "Register or upgrade your plan to unlock export.",
        REGISTER,
    ),
    (
        ApiFailure(402, None, "x"),
        LOGIN,
        PlanError,
        "Register or upgrade your plan to unlock export.",
        None,
    ),
    (
        ApiFailure(200, 4001, "x"),
        Caller("anonymous", "a", "clip.xyz"),
        UnsupportedFile,
        "The cloud does not accept clip.xyz: unsupported format.",
        "Supported formats: mp4 mov avi webm mkv jpg png gif webp mp3 wav m4a aac.",
    ),
    (
        ApiFailure(413, 4002, "x"),
        Caller("anonymous", "a", "big.mp4"),
        UnsupportedFile,
        "big.mp4 is too large for the cloud (the limit is 500 MB a file).",
        "Compress or trim it first, or use --backend local (no size limit).",
    ),
    (
        ApiFailure(429, None, "x", 45.0),
        LOGIN,
        RateLimited,
        "The cloud is rate-limiting requests (HTTP 429).",
        "The cloud asks to wait 45 s. Wait a minute, then try again.",
    ),
    (
        ApiFailure(503, None, "Service \x1b[31mUnavailable"),
        LOGIN,
        ApiError,
        "The cloud server failed (HTTP 503): Service Unavailable",
        "Try again in a few minutes; --backend local works offline.",
    ),
    (
        ApiFailure(422, None, "field required"),
        LOGIN,
        ApiError,
        "The cloud could not understand nemo's request (HTTP 422): field required",
        "This is probably a nemo bug: please report it with the output of -v.",
    ),
    (
        ApiFailure(200, 3001, "duplicate render id"),
        LOGIN,
        ApiError,
        "The cloud answered with an error (code 3001): duplicate render id",
        None,
    ),
    (
        ApiFailure(404, None, "Not Found"),
        LOGIN,
        ApiError,
        "The cloud answered with an error (HTTP 404): Not Found",
        None,
    ),
]


@pytest.mark.parametrize(("failure", "caller", "kind", "message", "hint"), ERRORS)
def test_to_error(
    failure: ApiFailure, caller: Caller, kind: type, message: str, hint: str | None
) -> None:
    err = to_error(failure, caller)
    assert type(err) is kind
    assert (err.message, err.hint) == (message, hint)


def test_exit_codes_of_the_contract_table() -> None:
    codes = {
        1001: 3,
        2001: 4,
        4001: 5,
        4002: 5,
    }
    for api_code, exit_code in codes.items():
        assert to_error(ApiFailure(200, api_code, "x"), ANON).exit_code == exit_code
    for status, exit_code in {401: 3, 402: 4, 429: 6, 500: 6, 400: 6}.items():
        assert to_error(ApiFailure(status, None, "x"), ANON).exit_code == exit_code


def test_starter_call_rate_limit_explains_the_quota() -> None:
    err = to_error(ApiFailure(429, None, "x"), Caller(), starter_call=True)
    assert err.hint == (
        "Starter tokens are limited to one per computer per 7 days and 10 per network: "
        "try again later, or use: nemo login --token TOKEN"
    )
    assert to_error(ApiFailure(401, None, "x"), Caller()).message == (
        "The cloud refused to issue a starter token."
    )
