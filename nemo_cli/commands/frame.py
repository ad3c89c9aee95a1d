"""`nemo frame TIME [-o FILE.png]`, and the thumbnail strip the chat and `status` show.

Both take their pictures from the edited timeline as the local engine will render it
(backends/local/frames.py): the clip under the moment at its source time, fitted to the frame,
with the titles over it. The cloud renders on its servers from files nemo does not have, so
these pictures come from local sessions only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..draft import seconds
from ..errors import EmptyDraft, NemoError, UsageError
from ..router import parse_time
from ..ui.report import print_json
from ..ui.safe import markup, one_line

if TYPE_CHECKING:
    from ..backends.base import Backend
    from ..backends.local.frames import Shot
    from ..env import Env


def _media(backend: Backend, session_id: str) -> tuple[dict[str, Any] | None, list[Any]]:
    state = backend.session_state(session_id)
    media = state.raw.get("media") if isinstance(state.raw, dict) else None
    return state.draft, media if isinstance(media, list) else []


def _ffmpeg(backend: Backend) -> str | None:
    """The local engine's ffmpeg, or None for a backend that renders elsewhere."""
    if backend.name != "local":
        return None
    exe = getattr(backend, "ffmpeg", None)
    return exe if isinstance(exe, str) else None


def show_strip(env: Env, backend: Backend, session_id: str) -> bool:
    """Draw the timeline's thumbnails (one per clip) when pictures are on; True if drawn.
    A picture that cannot be made is noted in one dim line: the command goes on."""
    from ..ui.pictures.show import Pictures

    pictures = Pictures(env)
    if not pictures.on:
        return False
    try:
        ffmpeg = _ffmpeg(backend)
        if ffmpeg is None:
            return False
        from ..backends.local.frames import thumbnails
        from ..ui.pictures.strip import Tile

        assert env.paths is not None
        draft, media = _media(backend, session_id)
        thumbs = thumbnails(draft or {}, media, ffmpeg, env.paths.cache, environ=env.environ)
    except NemoError as err:
        env.console.print(Text(f"(no thumbnails: {one_line(err.message, 200)})", style="dim"))
        return False
    tiles = [Tile(t.image, f"{t.shot.clip}. {t.shot.name}",
                  f"{seconds(t.shot.start_ms)}-{seconds(t.shot.end_ms)}s") for t in thumbs]  # fmt: skip
    return pictures.strip(tiles)


def clock(ms: int) -> str:
    from ..backends.local.frames import clock as frames_clock

    return frames_clock(ms)


def caption(shot: Shot) -> str:
    return (f"{clock(shot.time_ms)} · clip {shot.clip} {one_line(shot.name, 60)} "
            f"({seconds(shot.start_ms)}-{seconds(shot.end_ms)}s) · {shot.width}x{shot.height}")  # fmt: skip


def show_frame(
    env: Env,
    backend: Backend,
    session_id: str,
    time_ms: int,
    output: Path | None = None,
    *,
    force: bool = False,
    command: str = "nemo frame",
) -> dict[str, Any]:
    """The frame at ``time_ms``: drawn (pictures on), saved (``output``), or described."""
    from ..ui.pictures.show import Pictures

    ffmpeg = _ffmpeg(backend)
    if ffmpeg is None:
        raise UsageError(
            f"Frames are taken on this computer, with the local engine (the {backend.name} "
            "backend renders on its servers).",
            hint="Use a local session: nemo --backend local frame TIME",
        )
    from ..backends.local.frames import frame

    assert env.paths is not None
    draft, media = _media(backend, session_id)
    if output is not None:
        output = output.expanduser().absolute()
        if output.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise UsageError(f"{output.name}: nemo saves frames as .png or .jpg.")
        if output.exists() and not force:
            raise UsageError(f"{output} already exists.", hint="Use --force to overwrite it.")
        if not output.parent.is_dir():
            raise UsageError(f"The folder {output.parent} does not exist.")
    shot, image = frame(draft or {}, media, time_ms, ffmpeg, env.paths.cache, environ=env.environ)
    if output is not None:
        _save(image, output)
    info = {"time_ms": time_ms, "clip": shot.clip, "name": shot.name,
            "width": image.width, "height": image.height,
            "path": str(output) if output else None}  # fmt: skip
    if env.json:
        return info
    drawn = Pictures(env).image(image, caption(shot))
    if not drawn:
        env.console.print(markup(caption(shot)))
    if output is not None:
        env.console.print(f"[green]✓[/] Saved {markup(str(output))}")
    elif not drawn:
        env.console.print(
            Text(f"Save it as a picture with: {command} {clock(time_ms)} -o frame.png", style="dim")
        )
    return info


def _save(image: Any, output: Path) -> None:
    import io

    from ..files import atomic_write_bytes

    buffer = io.BytesIO()
    fmt = "PNG" if output.suffix.lower() == ".png" else "JPEG"
    image.save(buffer, format=fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    atomic_write_bytes(output, buffer.getvalue())


def run(env: Env, when: str, output: Path | None, force: bool = False) -> None:
    from ..backends.select import open_backend
    from ..config import current_session

    time_ms = parse_time(when)
    if time_ms is None:
        raise UsageError(f"'{one_line(when, 40)}' is not a time.",
                         hint="Give seconds or minutes:seconds, e.g. nemo frame 12 or 0:12.")  # fmt: skip
    assert env.paths is not None
    backend = open_backend(env)
    try:
        session_id = env.session_override or current_session(env.paths, backend.name)
        if not session_id:
            raise EmptyDraft("There is no session yet, so no frame to show.",
                             hint="Start with: nemo upload clip.mp4")  # fmt: skip
        info = show_frame(env, backend, session_id, time_ms, output, force=force)
    finally:
        backend.close()
    if env.json:
        print_json(env.stdout, info)
