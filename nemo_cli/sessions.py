"""Which session a command acts on: ``--session`` > the backend's current one > a new one.

Sessions are per backend (a cloud session id means nothing to the local engine), so the
current one is kept per backend name in the state directory (``config.current_session``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import current_session, set_current_session

if TYPE_CHECKING:
    from .backends.base import Backend, SessionInfo
    from .env import Env


def language_setting(env: Env) -> str | None:
    """The language sent with a new cloud session (``language`` in the config), if set."""
    value = env.setting("language")
    return str(value) if value else None


def new_session(env: Env, backend: Backend) -> SessionInfo:
    """Create a session on ``backend`` and make it the current one for that backend."""
    assert env.paths is not None
    info = backend.create_session(language_setting(env))
    set_current_session(env.paths, backend.name, info.session_id)
    return info


def session_now(backend: Backend, used: str) -> str:
    """The session after a step that used ``used``: the cloud replaces a session it lost."""
    return backend.live_session(used)


def ensure_session(env: Env, backend: Backend) -> str:
    """The session id to use: ``--session``, else the current one, else a new current one."""
    assert env.paths is not None
    if env.session_override:
        return env.session_override
    sid = current_session(env.paths, backend.name)
    if sid:
        return sid
    return new_session(env, backend).session_id
