"""Which token is used, starter tokens fetched and renewed, and user tokens never swapped."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from test_cloud_fake import FakeCloud, error, make_backend, make_env

from nemo_cli.backends.cloud.auth import Token, TokenInfo, Tokens, describe
from nemo_cli.config import Credentials, Paths, load_credentials, save_credentials
from nemo_cli.errors import ApiError, AuthError, RateLimited

PAST = "2000-01-01T00:00:00Z"
FUTURE = "2099-01-01T00:00:00Z"


def paths_of(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "config", tmp_path / "state", tmp_path / "data")


def cache(tmp_path: Path, token: str, kind: str | None, expires: str | None = FUTURE) -> None:
    creds = Credentials(token, "anon_0" if kind == "anonymous" else "u_1", expires, kind, "cid-0")
    save_credentials(paths_of(tmp_path), creds)


def bearer(fake: FakeCloud, key: str = "credits") -> list[str | None]:
    return [s.headers.get("authorization") for s in fake.of(key)]


def test_nemo_token_wins_over_the_cache(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_cached", "login")
    fake = FakeCloud()
    fake.tokens.add("nmv_usr_cached")
    backend, _ = make_backend(make_env(tmp_path, NEMO_TOKEN="nmv_usr_given"), fake)
    backend.credits()
    assert bearer(fake) == ["Bearer nmv_usr_given"]


def test_cached_token_is_used(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_cached", "login")
    fake = FakeCloud()
    fake.tokens.add("nmv_usr_cached")
    backend, _ = make_backend(make_env(tmp_path), fake)
    backend.credits()
    assert bearer(fake) == ["Bearer nmv_usr_cached"]
    assert fake.of("anonymous-token") == []


def test_no_token_fetches_a_starter_once_and_caches_it(tmp_path: Path) -> None:
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path), fake)
    backend.credits()
    backend.credits()
    (anon,) = fake.of("anonymous-token")
    assert "authorization" not in anon.headers
    creds = load_credentials(paths_of(tmp_path))
    assert anon.headers["x-client-id"] == creds.client_id
    assert (creds.token, creds.user_id, creds.kind, creds.expires_at) == (
        "nmv_usr_anon1",
        "anon_1",
        "anonymous",
        FUTURE,
    )
    assert bearer(fake) == ["Bearer nmv_usr_anon1"] * 2
    # a later process reuses the cached token and the same client id
    backend2, _ = make_backend(make_env(tmp_path), fake)
    backend2.credits()
    assert len(fake.of("anonymous-token")) == 1


def test_expired_starter_token_is_renewed_before_the_call(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_old", "anonymous", PAST)
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path), fake)
    backend.credits()
    assert bearer(fake) == ["Bearer nmv_usr_anon1"]
    assert fake.of("anonymous-token")[0].headers["x-client-id"] == "cid-0"


def test_expired_login_token_is_not_swapped(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_mine", "login", PAST)
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path), fake)
    with pytest.raises(AuthError) as info:
        backend.credits()
    assert info.value.message == "The cloud rejected the token saved by `nemo login`."
    assert bearer(fake) == ["Bearer nmv_usr_mine"]
    assert fake.of("anonymous-token") == []
    assert load_credentials(paths_of(tmp_path)).token == "nmv_usr_mine"


@pytest.mark.parametrize("rejection", [error(200, 1001, "expired"), error(401, None, "no")])
def test_rejected_starter_token_is_renewed_and_the_call_retried(
    tmp_path: Path, rejection: httpx.Response
) -> None:
    cache(tmp_path, "nmv_usr_old", "anonymous")
    fake = FakeCloud()
    fake.tokens.add("nmv_usr_old")
    fake.script("credits", rejection)
    backend, _ = make_backend(make_env(tmp_path), fake)
    assert backend.credits().available == 95
    assert bearer(fake) == ["Bearer nmv_usr_old", "Bearer nmv_usr_anon1"]
    assert load_credentials(paths_of(tmp_path)).token == "nmv_usr_anon1"


def test_a_fresh_starter_token_rejected_again_is_an_auth_error(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_old", "anonymous")
    fake = FakeCloud()
    fake.script("credits", error(200, 1001, "expired"), error(200, 1001, "expired"))
    backend, _ = make_backend(make_env(tmp_path), fake)
    with pytest.raises(AuthError) as info:
        backend.credits()
    assert info.value.message == "The cloud rejected a fresh starter token."
    assert info.value.exit_code == 3
    assert len(fake.of("anonymous-token")) == 1
    assert len(fake.of("credits")) == 2


def test_rejected_nemo_token_is_never_swapped(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_cached", "anonymous")
    fake = FakeCloud()
    backend, _ = make_backend(make_env(tmp_path, NEMO_TOKEN="nmv_usr_wrong"), fake)
    with pytest.raises(AuthError) as info:
        backend.credits()
    assert (info.value.message, info.value.hint) == (
        "The cloud rejected the token in NEMO_TOKEN.",
        "Check or unset NEMO_TOKEN; without it nemo uses your saved token or a free starter token.",
    )
    assert "nmv_usr_wrong" not in repr(info.value)
    assert fake.of("anonymous-token") == []
    assert len(fake.of("credits")) == 1
    assert load_credentials(paths_of(tmp_path)).token == "nmv_usr_cached"


def test_missing_client_id_gets_a_new_one_and_one_retry(tmp_path: Path) -> None:
    cache(tmp_path, "nmv_usr_old", "anonymous", PAST)
    fake = FakeCloud()
    fake.script("anonymous-token", httpx.Response(400, json={"detail": "bad X-Client-Id"}))
    backend, _ = make_backend(make_env(tmp_path), fake)
    backend.credits()
    first, second = fake.of("anonymous-token")
    assert first.headers["x-client-id"] == "cid-0"
    new_id = load_credentials(paths_of(tmp_path)).client_id
    assert second.headers["x-client-id"] == new_id != "cid-0"


def test_missing_client_id_twice_is_an_error(tmp_path: Path) -> None:
    fake = FakeCloud()
    refusal = httpx.Response(400, json={"detail": "X-Client-Id header is required"})
    fake.script("anonymous-token", refusal, refusal)
    backend, _ = make_backend(make_env(tmp_path), fake)
    with pytest.raises(ApiError) as info:
        backend.credits()
    assert info.value.message == (
        "The cloud answered with an error (HTTP 400): X-Client-Id header is required"
    )
    assert len(fake.of("anonymous-token")) == 2


def test_starter_quota_is_explained(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("anonymous-token", error(429, None, "quota"), error(429, None, "quota"))
    backend, _ = make_backend(make_env(tmp_path), fake)
    with pytest.raises(RateLimited) as info:
        backend.credits()
    assert info.value.hint == (
        "Starter tokens are limited to one per computer per 7 days and 10 per network: "
        "try again later, or use: nemo login --token TOKEN"
    )
    assert fake.slept == [30.0]


def test_a_starter_reply_without_token_is_an_error(tmp_path: Path) -> None:
    fake = FakeCloud()
    fake.script("anonymous-token", httpx.Response(200, json={"code": 0, "data": {"user_id": "a"}}))
    backend, _ = make_backend(make_env(tmp_path), fake)
    with pytest.raises(ApiError) as info:
        backend.credits()
    assert info.value.message == "The cloud's starter-token reply had no token in it."


def test_renew_uses_a_token_another_process_already_renewed(tmp_path: Path) -> None:
    paths = paths_of(tmp_path)
    cache(tmp_path, "nmv_usr_new", "anonymous")
    fetched: list[int] = []
    tokens = Tokens(paths, {}, lambda: fetched.append(1))
    token = tokens.renew(Token("nmv_usr_old", "cache", "anonymous"))
    assert (token.value, fetched) == ("nmv_usr_new", [])


def test_token_repr_hides_the_value() -> None:
    assert "secret" not in repr(Token("nmv_usr_secret", "env", "env"))


DESCRIBE = [
    ({"NEMO_TOKEN": "x"}, None, TokenInfo("env", "env", None, None, False)),
    ({}, ("t", "anonymous", PAST), TokenInfo("cache", "anonymous", "anon_0", PAST, True)),
    ({}, ("t", "login", FUTURE), TokenInfo("cache", "login", "u_1", FUTURE, False)),
    ({}, ("t", None, None), TokenInfo("cache", "login", "u_1", None, False)),
    ({}, None, TokenInfo("none", None, None, None, False)),
]


@pytest.mark.parametrize(("environ", "cached", "info"), DESCRIBE)
def test_describe(
    tmp_path: Path,
    environ: dict[str, str],
    cached: tuple[str, str | None, str | None] | None,
    info: TokenInfo,
) -> None:
    if cached:
        cache(tmp_path, *cached)
    assert describe(paths_of(tmp_path), environ) == info
