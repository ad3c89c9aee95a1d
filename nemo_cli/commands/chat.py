"""`nemo` / `nemo chat` (the REPL) and `nemo say TEXT` (one message, then exit)."""

from __future__ import annotations

from ..env import Env
from ..errors import ApiError, Interrupted, NotUnderstood, UsageError


def run_chat(env: Env) -> None:
    from ..repl import run_repl

    run_repl(env)


def run_say(env: Env, text: str) -> None:
    """Stream the reply to one message. With --json, one object at the end.

    Exits non-zero (through the raised error) when the reply was stopped (130), the backend
    reported an error in the stream, or nothing in the message was understood (1, code
    ``not_understood``), so `nemo say ... && nemo export` stops there. A message understood
    in part exits 0; its other parts are named in the reply and listed under ``unhandled``.
    """
    from ..actions import chat_turn, turn_json
    from ..backends.select import open_backend
    from ..sessions import ensure_session, session_now
    from ..ui.report import print_json

    text = text.strip()
    if not text:
        raise UsageError("Say something.", hint='Example: nemo say "combine my clips"')
    backend = open_backend(env)
    try:
        session_id = ensure_session(env, backend)
        result = chat_turn(env, backend, session_id, text, show_errors=False, in_shell=True)
        session_id = session_now(backend, session_id)
    finally:
        backend.close()
    if env.json:
        print_json(env.stdout, turn_json(result, session_id))
    if result.interrupted:
        raise Interrupted()
    if result.errors:
        raise ApiError(result.errors[-1], code="agent_error")
    if not result.understood:
        raise NotUnderstood(
            "Nothing in the message was understood as an edit.",
            hint='The reply above lists what the local engine understands, e.g. "combine my clips".',
        )
