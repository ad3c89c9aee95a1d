"""`nemo session new|show|list|use`: sessions are per backend; one is current."""

from __future__ import annotations

from ..backends.select import open_backend
from ..config import current_session, set_current_session
from ..draft import summarize
from ..env import Env
from ..errors import UsageError
from ..safe_text import markup
from ..ui.report import print_json


def new(env: Env) -> None:
    from ..sessions import new_session

    backend = open_backend(env)
    try:
        info = new_session(env, backend)
    finally:
        backend.close()
    if env.json:
        print_json(
            env.stdout,
            {"session_id": info.session_id, "task_id": info.task_id, "backend": backend.name},
        )
        return
    env.console.print(
        f"New {backend.name} session [bold]{markup(info.session_id)}[/] (now current)."
    )


def show(env: Env) -> None:
    assert env.paths is not None
    backend = open_backend(env)
    try:
        sid = env.session_override or current_session(env.paths, backend.name)
        if not sid:
            if env.json:
                print_json(env.stdout, {"session_id": None, "backend": backend.name})
            else:
                env.console.print(
                    f"No current {backend.name} session yet: `nemo session new` starts one "
                    "(chatting or uploading starts one too)."
                )
            return
        state = backend.session_state(sid)
    finally:
        backend.close()
    summary = summarize(state.draft)
    if env.json:
        print_json(
            env.stdout,
            {
                "session_id": sid,
                "backend": backend.name,
                "summary": summary,
                "media": [m.to_json() for m in state.media],
            },
        )
        return
    env.console.print(f"Session [bold]{markup(sid)}[/] ({backend.name})")
    env.console.print(f"Media: {len(state.media)} file{'s' if len(state.media) != 1 else ''}")
    env.console.print(markup(summary))


def list_(env: Env) -> None:
    assert env.paths is not None
    backend = open_backend(env)
    try:
        sessions = backend.list_sessions()
    finally:
        backend.close()
    current = current_session(env.paths, backend.name)
    if env.json:
        print_json(
            env.stdout,
            {
                "backend": backend.name,
                "current": current,
                "sessions": [
                    {"session_id": s.session_id, "created_at": s.created_at, "title": s.title}
                    for s in sessions
                ],
            },
        )
        return
    if not sessions:
        env.console.print(f"No {backend.name} sessions yet: `nemo session new` starts one.")
        return
    for s in sessions:
        mark = "*" if s.session_id == current else " "
        extra = " ".join(x for x in (s.created_at or "", markup(s.title or "")) if x)
        env.console.print(f"{mark} {markup(s.session_id)}  [dim]{extra}[/]")


def use(env: Env, session_id: str) -> None:
    assert env.paths is not None
    session_id = session_id.strip()
    backend = open_backend(env)
    try:
        known = {s.session_id for s in backend.list_sessions()}
    finally:
        backend.close()
    if session_id not in known and not (backend.name == "cloud" and session_id.isdigit()):
        raise UsageError(
            f"No {backend.name} session '{session_id}'.",
            hint="See them with: nemo session list",
        )
    set_current_session(env.paths, backend.name, session_id)
    if env.json:
        print_json(env.stdout, {"session_id": session_id, "backend": backend.name})
    else:
        env.console.print(f"Current {backend.name} session: [bold]{markup(session_id)}[/]")
