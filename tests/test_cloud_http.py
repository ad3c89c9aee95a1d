"""The HTTP core on httpx.MockTransport: headers, where the token goes, network failures,
and the retry rules (429 once, 5xx on GETs with backoff, nothing else)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from test_cloud_fake import API, FakeCloud, envelope, error, make_backend, make_env

from nemo_cli import __version__
from nemo_cli.backends.cloud.http import HttpCore, Tuning, network_error
from nemo_cli.errors import ApiError, ConfigError, NetworkError, RateLimited

GIVEN = {"NEMO_TOKEN": "nmv_usr_given"}


def test_every_api_request_carries_nemos_headers(tmp_path: Path) -> None:
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path, SKILL_SOURCE="cursor", **GIVEN), fake)
    backend.credits()
    (seen,) = fake.seen
    assert seen.url == f"{API}/api/credits/balance/simple"
    assert {k: seen.headers[k] for k in seen.headers if k.startswith(("x-", "user-", "auth"))} == {
        "authorization": "Bearer nmv_usr_given",
        "x-skill-source": "free-video-maker-in-pc",
        "x-skill-version": __version__,
        "x-skill-platform": "cursor",
        "user-agent": f"nemo-cli/{__version__}",
    }


def test_platform_is_unknown_without_skill_source(tmp_path: Path) -> None:
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    backend.credits()
    assert fake.seen[0].headers["x-skill-platform"] == "unknown"


def test_token_is_never_sent_to_another_host(tmp_path: Path) -> None:
    fake = FakeCloud()
    core = HttpCore(API, {}, transport=fake.transport())
    core.send("GET", "http://cdn.test/file.mp4", token="nmv_usr_given").read()
    core.send("GET", "http://api.test:8080/x", token="nmv_usr_given").read()  # another port
    core.send("GET", "https://api.test/x", token="nmv_usr_given").read()  # another scheme
    assert [s.headers.get("authorization") for s in fake.seen] == [None, None, None]
    assert [s.headers.get("x-skill-source") for s in fake.seen] == [None, None, None]


def test_token_is_stripped_from_a_redirect_to_another_host(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", httpx.Response(302, headers={"Location": "http://evil.test/steal"}))
    fake.script("cdn", envelope({"available": 1, "frozen": 0, "total": 1}))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    assert backend.credits().available == 1
    first, second = fake.seen
    assert first.headers["authorization"] == "Bearer nmv_usr_given"
    assert second.url == "http://evil.test/steal"
    assert "authorization" not in second.headers


def test_a_redirect_within_the_api_keeps_the_token(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script(
        "credits", httpx.Response(307, headers={"Location": f"{API}/api/credits/balance/simple"})
    )
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    assert backend.credits().total == 100
    assert [s.headers.get("authorization") for s in fake.seen] == ["Bearer nmv_usr_given"] * 2


def test_a_base_url_that_is_not_http_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        HttpCore("ftp://example.com", {})
    assert info.value.message == "The cloud API address 'ftp://example.com' is not an http(s) URL."


# ---------------------------------------------------------------- network failures

NETWORK = [
    (
        httpx.ConnectError("[Errno 111] Connection refused"),
        "Cannot reach the cloud at api.test: connection refused.",
    ),
    (
        httpx.ConnectError("[Errno -2] Name or service not known"),
        "Cannot reach the cloud at api.test: the host name was not found.",
    ),
    (
        httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
        "Cannot reach the cloud at api.test: the host name was not found.",
    ),
    (
        httpx.ConnectError("[Errno 101] Network is unreachable"),
        "Cannot reach the cloud at api.test.",
    ),
    (httpx.ConnectTimeout("timed out"), "Timed out connecting to the cloud at api.test."),
    (httpx.ReadTimeout("timed out"), "The cloud at api.test did not answer in time."),
    (
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        "The connection to the cloud at api.test was reset.",
    ),
    (
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        "The connection to the cloud at api.test was reset.",
    ),
]


@pytest.mark.parametrize(("exc", "message"), NETWORK)
def test_network_failures_name_the_host(tmp_path: Path, exc: Exception, message: str) -> None:
    fake = FakeCloud()
    fake.script("credits", exc)
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    with pytest.raises(NetworkError) as info:
        backend.credits()
    assert info.value.message == message
    assert info.value.hint == (
        "Check your connection (and NEMO_API_BASE); --backend local works offline."
    )
    assert info.value.exit_code == 6
    assert fake.slept == []  # a network failure is reported at once, not retried


def test_network_error_for_the_download_server() -> None:
    err = network_error(httpx.ReadError("reset"), "cdn.test:9000", "the download server")
    assert err.message == "The connection to the download server at cdn.test:9000 was reset."


# ---------------------------------------------------------------- retries


def test_429_waits_retry_after_then_retries_once(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", httpx.Response(429, headers={"Retry-After": "3"}, json={}))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    assert backend.credits().available == 95
    assert fake.slept == [3.0]
    assert len(fake.of("credits")) == 2


def test_429_without_retry_after_waits_30_seconds(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", error(429, None, "slow down"))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    backend.credits()
    assert fake.slept == [30.0]


def test_429_twice_is_rate_limited(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", error(429, None, "slow"), error(429, None, "slow"))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    with pytest.raises(RateLimited) as info:
        backend.credits()
    assert info.value.message == "The cloud is rate-limiting requests (HTTP 429)."
    assert fake.slept == [30.0]
    assert len(fake.of("credits")) == 2


def test_429_with_a_very_long_retry_after_fails_at_once(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", httpx.Response(429, headers={"Retry-After": "3600"}, json={}))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    with pytest.raises(RateLimited) as info:
        backend.credits()
    assert info.value.hint == "The cloud asks to wait 3600 s. Wait a minute, then try again."
    assert fake.slept == []


def test_5xx_on_a_get_is_retried_with_growing_jittered_backoff(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", error(500), error(502), error(503))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    assert backend.credits().available == 95
    assert len(fake.slept) == 3
    for attempt, wait in enumerate(fake.slept):
        assert 0.5 * 2**attempt <= wait <= 2**attempt


def test_5xx_on_a_get_gives_up_after_three_retries(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", *[httpx.Response(503, text="Service Unavailable")] * 4)
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    with pytest.raises(ApiError) as info:
        backend.credits()
    assert info.value.message == "The cloud server failed (HTTP 503): Service Unavailable"
    assert len(fake.of("credits")) == 4


def test_5xx_on_a_post_is_not_retried(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("create-session", error(500, None, "boom"))
    backend, _ = make_backend(make_env(tmp_path, **GIVEN), fake)
    with pytest.raises(ApiError) as info:
        backend.create_session()
    assert info.value.message == "The cloud server failed (HTTP 500): boom"
    assert len(fake.of("create-session")) == 1
    assert fake.slept == []


def test_backoff_bounds() -> None:
    tuning = Tuning(backoff_base=1.0, backoff_cap=20.0)
    assert [tuning.backoff(n, lambda: 0.0) for n in range(6)] == [0.5, 1, 2, 4, 8, 10]
    assert [tuning.backoff(n, lambda: 1.0) for n in range(6)] == [1, 2, 4, 8, 16, 20]


TUNING_ENV = [
    ({}, (60.0, 1.0)),
    ({"NEMO_HTTP_TIMEOUT": "5", "NEMO_WAIT_SCALE": "0"}, (5.0, 0.0)),
    ({"NEMO_HTTP_TIMEOUT": "0", "NEMO_WAIT_SCALE": "-1"}, (60.0, 1.0)),
    ({"NEMO_HTTP_TIMEOUT": "soon", "NEMO_WAIT_SCALE": "0.5"}, (60.0, 0.5)),
]


@pytest.mark.parametrize(("environ", "expected"), TUNING_ENV)
def test_tuning_from_environment(environ: dict[str, str], expected: tuple[float, float]) -> None:
    tuning = Tuning.from_environ(environ)
    assert (tuning.read_timeout, tuning.wait_scale) == expected


def test_wait_scale_zero_never_sleeps(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("credits", error(429, None, "slow"), error(500))
    backend, _ = make_backend(make_env(tmp_path, NEMO_WAIT_SCALE="0", **GIVEN), fake)
    backend.credits()
    assert fake.slept == []
    assert len(fake.of("credits")) == 3
