"""The render endpoints: submit, poll (progress moves on each poll), cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .state import Render

if TYPE_CHECKING:
    from .api import ApiHandler, Call


def draft_has_segments(draft: Any) -> bool:
    tracks = draft.get("t") if isinstance(draft, dict) else None
    return isinstance(tracks, list) and any(
        isinstance(t, dict) and isinstance(t.get("sg"), list) and t["sg"] for t in tracks
    )


def submit(h: ApiHandler, call: Call) -> None:
    emu, body = h.emu, call.json
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not body["id"]:
        h.send_error_envelope(call.endpoint, 400, 400, "'id' (a string) is required")
        return
    sid = body.get("sessionId")
    session = emu.store.session(str(sid), call.user) if sid is not None else None
    if session is None:
        h.send_code_error(call.endpoint, 1002, f"Session not found: {sid}")
        return
    draft = body.get("draft")
    if not draft_has_segments(draft):
        h.send_error_envelope(call.endpoint, 400, 400, "The draft is empty: nothing to render")
        return
    assert call.user is not None
    render = Render(
        id=body["id"],
        session_id=session.session_id,
        user_id=call.user.user_id,
        draft=draft,
        output=body.get("output"),
        polls_to_complete=emu.render_polls,
        output_url=f"{emu.cdn_url}/renders/{quote(body['id'], safe='')}.mp4",
    )
    if not emu.store.add_render(render):
        h.send_error_envelope(call.endpoint, 409, 409, f"Render id already exists: {render.id}")
        return
    emu.apply_render_failure(render)
    h.send_ok(call.endpoint, {"id": render.id, "status": render.status, "progress": 0})


def _lookup(h: ApiHandler, call: Call) -> Render | None:
    render = h.emu.store.render(call.params["rid"], call.user)
    if render is None:
        h.send_error_envelope(call.endpoint, 404, 404, f"Render not found: {call.params['rid']}")
    return render


def poll(h: ApiHandler, call: Call) -> None:
    render = _lookup(h, call)
    if render is None:
        return
    with h.emu.store.lock:
        render.advance()
        status, progress, error = render.status, render.progress, render.error
    url = render.output_url if status == "completed" else None
    if h.emu.render_poll_shape == "output":
        body: dict[str, Any] = {"id": render.id, "status": status, "progress": progress}
        if url:
            body["output"] = {"url": url}
        if error:
            body["error"] = error
        h.send_json(200, body)
        return
    data: dict[str, Any] = {
        "id": render.id,
        "status": status,
        "progress": progress,
        "outputUrl": url,
    }
    if error:
        data["error"] = error
    h.send_ok(call.endpoint, data)


def cancel(h: ApiHandler, call: Call) -> None:
    render = _lookup(h, call)
    if render is None:
        return
    with h.emu.store.lock:
        render.cancel()
        data = {
            "id": render.id,
            "status": render.status,
            "cancelled": render.error == "Render cancelled",
        }
    h.send_ok(call.endpoint, data)
