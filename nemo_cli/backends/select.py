"""Which backend runs: ``--backend`` > ``NEMO_BACKEND`` > config ``backend`` > automatic.

Automatic: cloud when a token is available (``NEMO_TOKEN`` or one cached by ``nemo login``
or an earlier anonymous fetch), otherwise the local engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import env_setting, load_credentials
from ..errors import UsageError
from ..values import frozen

if TYPE_CHECKING:
    from ..env import Env
    from .base import Backend

NAMES = ("local", "cloud")


@frozen
class Choice:
    name: str  # "local" | "cloud"
    reason: str  # "--backend", "NEMO_BACKEND", "config", "token found", "no token"


def choose(env: Env) -> Choice:
    for value, reason in (
        (env.backend_choice, "--backend"),
        (env_setting(env.environ, "NEMO_BACKEND"), "NEMO_BACKEND"),
        (env.settings.get("backend"), "config"),
    ):
        if value and value != "auto":
            if value not in NAMES:
                raise UsageError(
                    f"Unknown backend '{value}' (from {reason}).", hint="Use local or cloud."
                )
            return Choice(str(value), reason)
    if env_setting(env.environ, "NEMO_TOKEN"):
        return Choice("cloud", "NEMO_TOKEN is set")
    assert env.paths is not None
    if load_credentials(env.paths).token:
        return Choice("cloud", "a cached token")
    return Choice("local", "no cloud token")


def switch_hint(name: str) -> str:
    other = "local" if name == "cloud" else "cloud"
    return f"switch with --backend {other} or: nemo config set backend {other}"


def open_backend(env: Env, name: str | None = None) -> Backend:
    """Build the chosen backend. Imports it lazily: each pulls in its own heavy modules."""
    name = name or choose(env).name
    if name == "cloud":
        from .cloud.backend import CloudBackend

        return CloudBackend(env)
    from .local.backend import LocalBackend

    return LocalBackend(env)
