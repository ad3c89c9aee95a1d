"""`nemo login`, `nemo logout`, `nemo auth status`, `nemo credits`.

The token itself is never printed: only where it comes from, its kind, user and expiry.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..backends.select import choose, open_backend
from ..config import env_setting, load_credentials, update_credentials
from ..env import Env
from ..errors import AuthError, NetworkError, UsageError, remember_secret
from ..safe_text import markup
from ..ui.report import print_json

if TYPE_CHECKING:
    from ..backends.cloud.backend import CloudBackend

ENV_NOTE = "NEMO_TOKEN is set in your environment and takes precedence over the saved token."


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def _kind_text(kind: str | None) -> str:
    return {
        "env": "given in the environment",
        "login": "your own (saved by nemo login --token)",
        "anonymous": "free starter token (renewed automatically)",
    }.get(kind or "", "none")


def _status_json(env: Env) -> dict[str, Any]:
    from ..backends.cloud.auth import describe

    assert env.paths is not None
    info = describe(env.paths, env.environ)
    choice = choose(env)
    return {
        "source": info.source,
        "kind": info.kind,
        "user_id": info.user_id,
        "expires_at": info.expires_at,
        "expired": info.expired,
        "backend": choice.name,
        "backend_reason": choice.reason,
    }


# ---------------------------------------------------------------- login / logout


def login(env: Env, token: str | None) -> None:
    """``--token T``: check T with the cloud and save it (kind "login"). Without a token: fetch
    a free starter token, unless a usable one is already saved."""
    if token is None:
        _login_starter(env)
    else:
        _login_token(env, token)
    status = _status_json(env)
    if env.json:
        print_json(env.stdout, {"logged_in": True, **status})
    elif status["source"] == "env":
        env.console.print(f"[yellow]Note:[/] {ENV_NOTE}")


def _cloud_ignoring_nemo_token(env: Env) -> CloudBackend:
    """The cloud backend with the saved credentials: login works on those, not NEMO_TOKEN."""
    from ..backends.cloud.backend import CloudBackend

    environ = {k: v for k, v in env.environ.items() if k != "NEMO_TOKEN"}
    return CloudBackend(dataclasses.replace(env, environ=environ))


def _login_token(env: Env, token: str) -> None:
    assert env.paths is not None
    value = (env.stdin.readline() if token.strip() == "-" else token).strip()
    remember_secret(value)
    if not value or any(ch.isspace() for ch in value):
        raise UsageError(
            "That is not a token (it is empty or has spaces in it).",
            hint="Use: nemo login --token TOKEN (or --token - to read it from stdin)",
        )
    # Check the token before saving it: a backend that sees it as NEMO_TOKEN never swaps it.
    from ..backends.cloud.backend import CloudBackend

    backend = CloudBackend(dataclasses.replace(env, environ={**env.environ, "NEMO_TOKEN": value}))
    try:
        credits = backend.credits()
    except AuthError as err:
        raise AuthError(
            "The cloud rejected this token, so nemo did not save it.",
            hint="Copy the token again from your NemoVideo account; `nemo login` alone "
            "fetches a free starter token.",
            api_code=err.api_code,
            status=err.status,
        ) from None
    except NetworkError as err:
        _save_login(env, value)
        if not env.json:
            env.console.print("Saved your token, but could not check it: " + markup(err.message))
        return
    finally:
        backend.close()
    _save_login(env, value)
    if not env.json:
        env.console.print(
            f"Logged in with your token: {_number(credits.available)} credits available."
        )


def _save_login(env: Env, token: str) -> None:
    assert env.paths is not None
    update_credentials(env.paths, token=token, user_id=None, expires_at=None, kind="login")


def _login_starter(env: Env) -> None:
    assert env.paths is not None
    creds = load_credentials(env.paths)
    if creds.token and not (creds.kind == "anonymous" and creds.expired()):
        if not env.json:
            kind = "a free starter token" if creds.kind == "anonymous" else "your own token"
            user = markup(creds.user_id or "unknown")
            env.console.print(f"Already logged in with {kind} (user {user}).")
            env.console.print("To use another token: nemo login --token TOKEN")
        return
    backend = _cloud_ignoring_nemo_token(env)
    try:
        token = backend.api.tokens.fetch_starter()
    finally:
        backend.close()
    if not env.json:
        expires = f", expires {markup(token.expires_at)}" if token.expires_at else ""
        env.console.print(
            f"Logged in with a free starter token (user {markup(token.user_id or 'unknown')}"
            f"{expires})."
        )
        env.console.print("See your balance with: nemo credits")


def logout(env: Env) -> None:
    """Forget the saved token (the client id stays: the cloud gives one starter per id)."""
    assert env.paths is not None
    had = bool(load_credentials(env.paths).token)
    if had:
        update_credentials(env.paths, token=None, user_id=None, expires_at=None, kind=None)
    env_token = env_setting(env.environ, "NEMO_TOKEN") is not None
    if env.json:
        print_json(
            env.stdout, {"logged_out": had, "env_token": env_token, "backend": choose(env).name}
        )
        return
    env.console.print(
        "Logged out: the saved token is forgotten." if had else "No saved token: nothing to forget."
    )
    if env_token:
        env.console.print("NEMO_TOKEN is still set in your environment: cloud calls use it.")


# ---------------------------------------------------------------- status and credits


def auth_status(env: Env) -> None:
    """Where the token comes from (env / cache / none), its kind, user and expiry."""
    assert env.paths is not None
    status = _status_json(env)
    if env.json:
        print_json(env.stdout, status)
        return
    source = {
        "env": "NEMO_TOKEN (environment)",
        "cache": f"saved in {markup(str(env.paths.credentials_file))}",
        "none": "none yet: the cloud backend fetches a free starter token when first used "
        "(or now: nemo login)",
    }[status["source"]]
    lines = [f"Token: {source}"]
    if status["source"] != "none":
        lines.append(f"Kind: {_kind_text(status['kind'])}")
    if status["user_id"]:
        lines.append(f"User: {markup(status['user_id'])}")
    if status["expires_at"]:
        late = " [red](expired)[/]" if status["expired"] else ""
        lines.append(f"Expires: {markup(status['expires_at'])}{late}")
    lines.append(f"Backend: {status['backend']} ({markup(status['backend_reason'])})")
    for line in lines:
        env.console.print(line)


def credits(env: Env) -> None:
    """Available / frozen / total on whichever backend is active."""
    backend = open_backend(env)
    try:
        balance = backend.credits()
    finally:
        backend.close()
    if env.json:
        body: dict[str, Any] = {
            "available": _number(balance.available),
            "frozen": _number(balance.frozen),
            "total": _number(balance.total),
            "backend": backend.name,
        }
        if balance.unlimited:
            body["unlimited"] = True
        print_json(env.stdout, body)
        return
    if balance.unlimited:
        env.console.print(
            f"The {backend.name} backend needs no credits: rendering on this computer is free."
        )
        return
    env.console.print(
        f"Credits ({backend.name}): [bold]{_number(balance.available)}[/] available, "
        f"{_number(balance.frozen)} frozen, {_number(balance.total)} total"
    )
