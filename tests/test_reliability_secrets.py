"""Secrets: the token never shows on stdout, stderr, ``-v`` tracebacks, ``config show`` or in any
file but credentials.json (0600, in a 0700 folder); Authorization never leaves the API's
origin, not after a redirect and not to render/CDN URLs. Through the real CLI (a subprocess)
against the emulator, whose CDN answers 400 to any request carrying Authorization and makes
the ``emulator`` fixture fail the test.

docs/RELIABILITY.md lists these tests under "Secrets".
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conftest import Result, run_nemo
from emulator import Emulator

FAST = {"NEMO_WAIT_SCALE": "0"}
# A token that looks like nothing nemo knows (no "nmv_" prefix): only the exact-value
# redaction can hide it.
ODD_TOKEN = "plain-Secret-7f3a9c21e5"


def _files_holding(root: Path, secret: str) -> list[str]:
    """Every file under ``root`` whose bytes contain ``secret`` (relative paths, sorted)."""
    needle = secret.encode()
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    )


def _clean(results: list[tuple[str, Result]], secret: str) -> list[str]:
    """The commands whose output showed the secret (should be none)."""
    return [name for name, r in results if secret in r.out or secret in r.err]


def _session_of_commands(
    emulator: Emulator, env: dict[str, str], clip: Path, out: Path, *, whole_day: bool
) -> list[tuple[str, Result]]:
    """The commands a user runs in a day, most of them with -v, plus two failures with -v
    (``whole_day=False``: only those that read the token differently)."""
    steps: list[tuple[str, ...]] = [
        ("auth", "status", "--json"),
        ("config", "show"),
        ("-v", "upload", str(clip)),
        ("-v", "say", "combine my clips, add music and the title 'Secret Day'"),
        ("-v", "export", "-o", str(out)),
    ]
    if whole_day:
        steps += [
            ("auth", "status"),
            ("config", "show", "--json"),
            ("config", "path"),
            ("-v", "credits"),
            ("-v", "credits", "--json"),
            ("-v", "say", "--json", "hello"),
            ("-v", "status"),
            ("status", "--json"),
            ("session", "show"),
            ("session", "list", "--json"),
        ]
    results = [(" ".join(args), run_nemo(*args, env=env)) for args in steps]
    assert [(n, r.code) for n, r in results] == [(n, 0) for n, _ in results], results
    emulator.fail("credits", status=500, times=None)
    results.append(("-v credits (HTTP 500)", run_nemo("-v", "credits", env=env)))
    emulator.clear_faults()
    emulator.fail("state", code=1001, times=None)
    results.append(("-v status (rejected)", run_nemo("-v", "status", env=env)))
    assert [r.code for _, r in results[-2:]] == [6, 3], results[-2:]
    assert all("Traceback (most recent call last)" in r.err for _, r in results[-2:])
    return results


@pytest.mark.slow
@pytest.mark.parametrize("how", ["starter", "login", "env"])
def test_a_day_of_commands_never_shows_or_stores_the_token_elsewhere(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path, tmp_path: Path, how: str
) -> None:
    env = {**cloud_env, **FAST}
    if how == "env":
        token = emulator.seed_token(ODD_TOKEN)
        env["NEMO_TOKEN"] = token
    elif how == "login":
        token = emulator.seed_token(ODD_TOKEN, anonymous=False)
        login = run_nemo("login", "--token", "-", input=token + "\n", env=env)
        assert login.code == 0, login
        assert token not in login.out + login.err
    else:
        first = run_nemo("-v", "credits", env=env)  # fetches a starter token and keeps it
        assert first.code == 0, first
        (issued,) = emulator.requests_to("anonymous-token")
        token = emulator.last("credits").header("authorization").removeprefix("Bearer ")
        assert token.startswith("nmv_usr_") and token not in first.out + first.err
    emulator.sample.payload()  # make the sample MP4 (the clip to upload)
    out = tmp_path / "out" / "day.mp4"
    out.parent.mkdir()
    results = _session_of_commands(
        emulator, env, emulator.sample.path, out, whole_day=how == "login"
    )

    assert _clean(results, token) == []
    assert out.read_bytes() == emulator.cdn.render_bytes()  # the day really happened
    stored = _files_holding(isolated_home, token) + _files_holding(tmp_path / "out", token)
    expected = [] if how == "env" else ["config/nemo/credentials.json"]
    assert stored == expected
    if how != "env":
        config_dir = isolated_home / "config" / "nemo"
        assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((config_dir / "credentials.json").stat().st_mode) == 0o600


def _crashing_send(self: object, request: object, **kwargs: object) -> object:
    """httpx.Client.send with a bug: it raises with the request's headers in the message."""
    auth = request.headers.get("authorization", "")  # type: ignore[attr-defined]
    raw = auth.split()[-1] if auth else ""
    raise RuntimeError(f"boom {dict(request.headers)!r} token={raw} ({raw!r})")  # type: ignore[attr-defined]


@pytest.mark.parametrize("token", ["nmv_usr_0123456789abcdef", ODD_TOKEN])
@pytest.mark.parametrize("flags", [(), ("-v",), ("-v", "--json")], ids=["plain", "v", "v-json"])
def test_a_crash_never_shows_the_token(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    flags: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A bug deep in the request path raises with the token in its message: nemo reports the
    # crash (the traceback with -v) and the token is hidden wherever it appears.
    import httpx

    monkeypatch.setattr(httpx.Client, "send", _crashing_send)
    env = {**cloud_env, **FAST, "NEMO_TOKEN": token}
    result = run_nemo(*flags, "credits", env=env)
    assert result.code == 1, result
    assert token not in result.out + result.err
    assert "Unexpected error: RuntimeError: boom" in result.err
    assert "token=***" in result.err
    assert ("Traceback (most recent call last)" in result.err) == ("-v" in flags)
    assert emulator.requests == []  # the patched client never sent anything


# ---------------------------------------------------------------- Authorization stays home


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_never_carries_the_token(
    emulator: Emulator, cloud_env: dict[str, str], status: int
) -> None:
    token = emulator.seed_token()
    emulator.redirect("credits", to="cdn", status=status)
    result = run_nemo("credits", env={**cloud_env, **FAST, "NEMO_TOKEN": token})
    # The CDN answers 404 for that path: nemo says the cloud failed, and the token stayed home.
    (followed,) = emulator.cdn.requests
    assert followed.path == "/api/credits/balance/simple"
    assert followed.header("authorization") is None
    assert followed.header("x-skill-source") is None  # nemo's API headers stay home too
    assert result.code == 6, result
    assert result.err.startswith("Error: The cloud answered with an error (HTTP 404)")
    assert token not in result.out + result.err


def test_a_redirected_starter_token_call_never_carries_the_client_id(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    # The client id fetches this computer's starter token: it is a secret too.
    emulator.redirect("anonymous-token", to="cdn", status=307)
    result = run_nemo("credits", env={**cloud_env, **FAST})
    (asked,) = emulator.requests_to("anonymous-token")
    client_id = asked.header("x-client-id")
    assert client_id
    (followed,) = emulator.cdn.requests
    assert (followed.method, followed.header("x-client-id")) == ("POST", None)
    assert client_id not in str(followed.headers)
    assert result.code == 6, result


def test_a_post_redirected_to_another_host_never_carries_the_token(
    emulator: Emulator, cloud_env: dict[str, str]
) -> None:
    token = emulator.seed_token()
    emulator.redirect("create-session", to="cdn", status=308)
    result = run_nemo("session", "new", env={**cloud_env, **FAST, "NEMO_TOKEN": token})
    (followed,) = emulator.cdn.requests
    assert (followed.method, followed.header("authorization")) == ("POST", None)
    assert result.code == 6, result


def test_a_redirect_within_the_api_keeps_the_token(
    emulator: Emulator, cloud_env: dict[str, str]
) -> None:
    token = emulator.seed_token(credits=42)
    emulator.redirect("credits", to="api")
    result = run_nemo("credits", "--json", env={**cloud_env, **FAST, "NEMO_TOKEN": token})
    assert result.code == 0, result
    first, second = emulator.requests_to("credits")
    assert (first.status, second.query) == (307, "redirected=1")
    assert second.header("authorization") == f"Bearer {token}"
    assert emulator.cdn.requests == []


def test_render_downloads_never_carry_the_token(
    emulator: Emulator, cloud_env: dict[str, str], tmp_path: Path
) -> None:
    token = emulator.seed_token()
    sid = emulator.create_session(token)
    emulator.set_draft(sid, {"t": [{"tt": 0, "sg": [{"n": "a.mp4", "st": 0, "d": 2000}]}],
                             "d": 2000})  # fmt: skip
    emulator.cdn.drop(3000)  # the download is resumed: two CDN requests
    env = {**cloud_env, **FAST, "NEMO_TOKEN": token}
    result = run_nemo("--session", sid, "export", "-o", str(tmp_path / "v.mp4"), env=env)
    assert result.code == 0, result
    assert [(r.header("range"), r.header("authorization")) for r in emulator.cdn.requests] == [
        (None, None),
        ("bytes=3000-", None),
    ]


def test_the_local_engine_fetching_a_url_never_sends_the_token(
    emulator: Emulator, cloud_env: dict[str, str]
) -> None:
    token = emulator.seed_token()
    url = f"{emulator.cdn_url}/media/s/1/clip.mp4"
    env = {**cloud_env, "NEMO_TOKEN": token, "NEMO_BACKEND": "local"}
    result = run_nemo("upload", url, env=env)
    assert result.code == 0, result
    (fetched,) = emulator.cdn.requests
    assert fetched.header("authorization") is None
