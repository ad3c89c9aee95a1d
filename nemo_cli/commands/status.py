"""`nemo status`: the backend, the session, its media and the timeline (summary + picture)."""

from __future__ import annotations

from typing import Any

from ..backends.base import Backend, SessionState
from ..backends.select import choose, open_backend, switch_hint
from ..config import current_session
from ..draft import Draft, parse_draft, summarize
from ..draft_edits import read_edits
from ..env import Env
from ..safe_text import markup, one_line
from ..ui.report import print_json


def status_json(backend: str, session_id: str | None, state: SessionState | None) -> dict[str, Any]:
    raw = state.draft if state else None
    draft = parse_draft(raw)
    tracks = []
    for track in draft.tracks:
        segments = []
        for seg in track.segments:
            item: dict[str, Any] = {
                "name": seg.label,
                "start_ms": seg.start_ms,
                "end_ms": seg.end_ms,
            }
            if seg.volume is not None:
                item["volume"] = seg.volume
            segments.append(item)
        tracks.append({"type": track.kind, "segments": segments})
    return {
        "backend": backend,
        "session_id": session_id,
        "duration_ms": draft.duration_ms,
        "summary": summarize(draft),
        "tracks": tracks,
        "media": [m.to_json() for m in state.media] if state else [],
        "draft": raw,
        "edits": read_edits(draft).to_json(),
        **({"output": state.output} if state and state.output else {}),
    }


_FPS_FROM = {"clips": "the clips' own rate", "asked": "as asked", "default": "photos only"}


def output_line(output: dict[str, Any]) -> str:
    """``Output: 1920x1080 at 29.97 fps (the clips' own rate)``."""
    why = _FPS_FROM.get(str(output.get("fps_from")), "")
    return f"Output: {output.get('width')}x{output.get('height')} at {output.get('fps')} fps" + (
        f" ({why})" if why else ""
    )


def _picture(env: Env, draft: Draft) -> None:
    from ..ui.timeline import render_timeline

    env.console.print(render_timeline(draft, width=env.console.width))


def run(env: Env) -> None:
    assert env.paths is not None
    choice = choose(env)
    backend = open_backend(env, choice.name)
    try:
        sid = env.session_override or current_session(env.paths, backend.name)
        state = backend.session_state(sid) if sid else None
        _report(env, backend, choice.reason, sid, state)
    finally:
        backend.close()


def _report(
    env: Env, backend: Backend, reason: str, sid: str | None, state: SessionState | None
) -> None:
    if env.json:
        print_json(env.stdout, status_json(backend.name, sid, state))
        return
    out = env.console
    out.print(f"Backend: [bold]{backend.name}[/] ({markup(reason)}; {switch_hint(backend.name)})")
    if not sid or state is None:
        out.print("Session: none yet. Start with: nemo upload clip.mp4")
        return
    out.print(f"Session: [bold]{markup(sid)}[/]")
    if state.media:
        out.print(f"Media ({len(state.media)}):")
        for m in state.media:
            out.print(f"  • {markup(one_line(m.filename, 70))} [dim]({m.facts()})[/]")
            for note in m.notes:
                out.print(f"    [yellow]![/] {markup(one_line(note, 300))}")
    else:
        out.print("Media: none yet (nemo upload FILE...)")
    draft = parse_draft(state.draft)
    if draft.tracks and env.stdout_isatty:
        _picture(env, draft)  # it says what the summary and the edits' notes would
    else:
        out.print(markup(summarize(draft)))
        from ..ui.timeline import notes

        for line in notes(read_edits(draft)):
            out.print(markup(line))
    if state.output:
        out.print(markup(output_line(state.output)))
    if draft.tracks and sid:
        from ..actions import show_strip

        show_strip(env, backend, sid)
