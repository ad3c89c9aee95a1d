"""`nemo login`, `nemo logout`, `nemo auth status` and `nemo credits` through the real CLI,
against the emulator. The token never appears in any output."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run_nemo
from emulator import Emulator


def run(cloud_env: dict[str, str], *args: str, stdin: str | None = None, **extra: str) -> Result:
    return run_nemo(*args, env={**cloud_env, **extra}, input=stdin)


def creds(home: Path) -> dict[str, Any]:
    path = home / "config" / "nemo" / "credentials.json"
    return json.loads(path.read_text()) if path.exists() else {}


def no_secret(result: Result, *tokens: str) -> None:
    for token in tokens:
        assert token not in result.out + result.err


@pytest.fixture
def auto_env(cloud_env: dict[str, str]) -> dict[str, str]:
    """The emulator, with the backend chosen automatically (no NEMO_BACKEND)."""
    return {k: v for k, v in cloud_env.items() if k != "NEMO_BACKEND"}


# ---------------------------------------------------------------- login


def test_login_fetches_a_starter_token_once(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    first = run(cloud_env, "login")
    saved = creds(isolated_home)
    assert first.code == 0, first
    assert saved["kind"] == "anonymous"
    assert first.out == (
        f"Logged in with a free starter token (user {saved['user_id']}, expires "
        f"{saved['expires_at']}).\nSee your balance with: nemo credits\n"
    )
    again = run(cloud_env, "login")
    assert again.out == (
        f"Already logged in with a free starter token (user {saved['user_id']}).\n"
        "To use another token: nemo login --token TOKEN\n"
    )
    assert len(emulator.requests_to("anonymous-token")) == 1
    no_secret(first, saved["token"])
    no_secret(again, saved["token"])


def test_login_json(emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path) -> None:
    result = run(cloud_env, "login", "--json")
    saved = creds(isolated_home)
    assert json.loads(result.out) == {
        "logged_in": True,
        "source": "cache",
        "kind": "anonymous",
        "user_id": saved["user_id"],
        "expires_at": saved["expires_at"],
        "expired": False,
        "backend": "cloud",
        "backend_reason": "NEMO_BACKEND",
    }


def test_login_with_a_token_checks_and_keeps_it(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    token = emulator.seed_token(anonymous=False, credits=250)
    result = run(cloud_env, "login", "--token", token)
    assert (result.code, result.out) == (0, "Logged in with your token: 250 credits available.\n")
    saved = creds(isolated_home)
    assert (saved["token"], saved["kind"]) == (token, "login")
    assert emulator.last("credits").header("authorization") == f"Bearer {token}"
    no_secret(result, token)


def test_login_token_from_stdin(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    token = emulator.seed_token(anonymous=False)
    result = run(cloud_env, "login", "--token", "-", stdin=token + "\n")
    assert result.code == 0, result
    assert creds(isolated_home)["token"] == token
    no_secret(result, token)


def test_login_checks_the_new_token_even_when_nemo_token_is_set(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    token = emulator.seed_token(anonymous=False)
    other = emulator.seed_token()
    result = run(cloud_env, "login", "--token", token, NEMO_TOKEN=other)
    assert result.code == 0, result
    assert emulator.last("credits").header("authorization") == f"Bearer {token}"
    assert result.out.splitlines()[-1] == (
        "Note: NEMO_TOKEN is set in your environment and takes precedence over the saved token."
    )


def test_a_rejected_token_is_not_saved(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    assert run(cloud_env, "login").code == 0
    before = creds(isolated_home)
    result = run(cloud_env, "login", "--token", "nmv_usr_wrong")
    assert (result.code, result.err.splitlines()) == (3, [
        "Error: The cloud rejected this token, so nemo did not save it.",
        "Copy the token again from your NemoVideo account; `nemo login` alone fetches a free "
        "starter token.",
    ])  # fmt: skip
    assert creds(isolated_home) == before
    no_secret(result, "nmv_usr_wrong")


@pytest.mark.parametrize("bad", ["", "two words", "   "])
def test_a_token_that_is_not_one(cloud_env: dict[str, str], bad: str) -> None:
    result = run(cloud_env, "login", "--token", bad)
    assert (result.code, result.err.splitlines()) == (2, [
        "Error: That is not a token (it is empty or has spaces in it).",
        "Use: nemo login --token TOKEN (or --token - to read it from stdin)",
    ])  # fmt: skip


def test_login_offline_saves_the_token_and_says_it_was_not_checked(
    cloud_env: dict[str, str], isolated_home: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(cloud_env, "login", "--token", "nmv_usr_offline",
                 NEMO_API_BASE=f"http://127.0.0.1:{port}")  # fmt: skip
    assert (result.code, result.out) == (0, (
        "Saved your token, but could not check it: Cannot reach the cloud at "
        f"127.0.0.1:{port}: connection refused.\n"
    ))  # fmt: skip
    assert creds(isolated_home)["kind"] == "login"


# ---------------------------------------------------------------- logout


def test_logout_forgets_the_token_and_keeps_the_client_id(
    emulator: Emulator, auto_env: dict[str, str], isolated_home: Path
) -> None:
    assert run(auto_env, "login").code == 0
    client_id = creds(isolated_home)["client_id"]
    result = run(auto_env, "logout")
    assert (result.code, result.out) == (0, "Logged out: the saved token is forgotten.\n")
    assert creds(isolated_home) == {
        "token": None, "user_id": None, "expires_at": None, "kind": None, "client_id": client_id,
    }  # fmt: skip
    again = run(auto_env, "logout", "--json", NEMO_TOKEN="nmv_usr_env")
    assert json.loads(again.out) == {"logged_out": False, "env_token": True, "backend": "cloud"}
    plain = run(auto_env, "logout", NEMO_TOKEN="nmv_usr_env")
    assert plain.out == (
        "No saved token: nothing to forget.\n"
        "NEMO_TOKEN is still set in your environment: cloud calls use it.\n"
    )


# ---------------------------------------------------------------- auth status


def test_auth_status_none(auto_env: dict[str, str]) -> None:
    result = run(auto_env, "auth", "status")
    assert result.out == (
        "Token: none yet: the cloud backend fetches a free starter token when first used (or "
        "now: nemo login)\nBackend: local (no cloud token)\n"
    )
    assert json.loads(run(auto_env, "auth", "status", "--json").out) == {
        "source": "none", "kind": None, "user_id": None, "expires_at": None, "expired": False,
        "backend": "local", "backend_reason": "no cloud token",
    }  # fmt: skip


def test_auth_status_env(auto_env: dict[str, str]) -> None:
    result = run(auto_env, "auth", "status", NEMO_TOKEN="nmv_usr_secret")
    assert result.out == (
        "Token: NEMO_TOKEN (environment)\nKind: given in the environment\n"
        "Backend: cloud (NEMO_TOKEN is set)\n"
    )
    as_json = run(auto_env, "auth", "status", "--json", NEMO_TOKEN="nmv_usr_secret")
    assert json.loads(as_json.out)["source"] == "env"
    no_secret(result, "nmv_usr_secret")
    no_secret(as_json, "nmv_usr_secret")


def test_auth_status_cache(
    emulator: Emulator, auto_env: dict[str, str], isolated_home: Path
) -> None:
    token = emulator.seed_token(anonymous=False)
    assert run(auto_env, "login", "--token", token).code == 0
    result = run(auto_env, "auth", "status")
    assert result.out == (
        f"Token: saved in {isolated_home}/config/nemo/credentials.json\n"
        "Kind: your own (saved by nemo login --token)\n"
        "Backend: cloud (a cached token)\n"
    )
    no_secret(result, token)


def test_auth_status_shows_an_expired_starter(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "config" / "nemo" / "credentials.json"
    path.parent.mkdir(parents=True)
    body = {"token": "nmv_usr_old", "user_id": "anon_1", "expires_at": "2001-02-03T04:05:06Z",
            "kind": "anonymous", "client_id": "c"}  # fmt: skip
    path.write_text(json.dumps(body))
    result = run(cloud_env, "auth", "status")
    assert result.out.splitlines()[1:4] == [
        "Kind: free starter token (renewed automatically)",
        "User: anon_1",
        "Expires: 2001-02-03T04:05:06Z (expired)",
    ]


def test_a_corrupt_credentials_file_is_reported(
    cloud_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "config" / "nemo" / "credentials.json"
    path.parent.mkdir(parents=True)
    path.write_text("{oops")
    result = run(cloud_env, "auth", "status")
    assert (result.code, result.err.splitlines()[0]) == (
        1, f"Error: The credentials file {path} is corrupt (not valid JSON)."
    )  # fmt: skip
    assert path.read_text() == "{oops"


# ---------------------------------------------------------------- credits


def test_credits_human_and_json(emulator: Emulator, cloud_env: dict[str, str]) -> None:
    token = emulator.seed_token()
    emulator.set_credits(42, frozen=8, total=50, token=token)
    human = run(cloud_env, "credits", NEMO_TOKEN=token)
    assert (human.code, human.out) == (0, "Credits (cloud): 42 available, 8 frozen, 50 total\n")
    as_json = run(cloud_env, "credits", "--json", NEMO_TOKEN=token)
    assert json.loads(as_json.out) == {
        "available": 42,
        "frozen": 8,
        "total": 50,
        "backend": "cloud",
    }


def test_credits_on_the_local_backend(auto_env: dict[str, str]) -> None:
    human = run(auto_env, "--backend", "local", "credits")
    assert (human.code, human.out) == (
        0, "The local backend needs no credits: rendering on this computer is free.\n"
    )  # fmt: skip
    as_json = run(auto_env, "credits", "--json")  # no token: automatic choice is local
    assert json.loads(as_json.out) == {
        "available": 0, "frozen": 0, "total": 0, "backend": "local", "unlimited": True,
    }  # fmt: skip


@pytest.mark.slow
def test_login_interrupted_while_checking_saves_nothing(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    import signal

    from emulator.nemo_process import start, wait_for

    token = emulator.seed_token(anonymous=False)
    emulator.stall("credits", 30)
    proc = start(["login", "--token", token], cloud_env)
    wait_for(proc, lambda: bool(emulator.requests_to("credits")), "the token check")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert creds(isolated_home).get("token") is None
