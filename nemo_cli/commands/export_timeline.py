"""`nemo export -o cut.otio|.fcpxml|.xml|.edl`: write the local session's timeline for another
editor instead of rendering it.

The timeline goes through backends/local/interchange: the session's ``Timeline`` becomes a
``Cut`` (bridge), the Cut an OpenTimelineIO timeline laid out for the format (build), and the
adapter writes the file (files, atomically).
The reply says what the format could not hold of this timeline (crossfades in FCPXML, volumes
in an EDL...), so nothing is lost unseen. The cloud keeps its media on its servers, so this is
the local engine's job.
"""

from __future__ import annotations

from pathlib import Path

from ..backends.select import choose
from ..config import current_session
from ..env import Env
from ..errors import EmptyDraft, UsageError
from ..safe_text import markup, one_line
from ..ui.report import print_json


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(env: Env, fmt_name: str, output: Path | None, *, force: bool) -> None:
    from ..actions import resolve_output
    from ..backends.local.interchange import bridge, build, cut, files, formats
    from ..backends.local.store import SessionStore

    assert env.paths is not None
    choice = choose(env)
    fmt = formats.FORMATS[fmt_name]
    if choice.name != "local":
        raise UsageError(
            f"Timeline files are written from local sessions (the {choice.name} backend is "
            f"active: {choice.reason}).",
            hint=f"Write a local session's timeline with: nemo --backend local export -o "
            f"cut{fmt.extensions[0]}",
        )
    files.load_otio()  # the extra is missing: say so before anything else
    session_id = env.session_override or current_session(env.paths, "local")
    if not session_id:
        raise EmptyDraft(
            "There is no local session yet, so no timeline to write.",
            hint="Start with: nemo upload clip.mp4",
        )
    session = SessionStore(env.paths.local_sessions_dir).load(session_id)
    if not session.timeline.clips:
        raise EmptyDraft(
            "The timeline has no clips yet: there is nothing to write.",
            hint='Upload clips, then: nemo say "combine my clips".',
        )
    target = resolve_output(env, output, session_id, force=force, ext=fmt.extensions[0])
    timeline_cut = bridge.cut_from_session(
        session.title or session_id, session.timeline, session.media
    )
    files.write(build.build_timeline(timeline_cut, fmt), fmt, target)
    lost = formats.lost_in(fmt, cut.features(timeline_cut))
    if session.timeline.captions is not None and session.timeline.caption_cues():
        # No timeline format here holds captions: say so, and where they do go.
        lost.append(f"the captions (write them with: nemo export -o {target.stem}.srt)")
    counts = {
        "clips": len(timeline_cut.clips),
        "music": len(timeline_cut.music),
        "titles": len(timeline_cut.texts),
    }
    if env.json:
        print_json(
            env.stdout,
            {
                "path": str(target),
                "format": fmt.name,
                "bytes": target.stat().st_size,
                **counts,
                "not_carried": lost,
            },
        )
        return
    parts = [_plural(counts["clips"], "clip")]
    if counts["music"]:
        parts.append("music")
    if counts["titles"]:
        parts.append(_plural(counts["titles"], "title"))
    env.console.print(
        f"[green]✓[/] Saved {markup(str(target))} ({markup(fmt.label)}: {', '.join(parts)})"
    )
    if lost:
        text = one_line("; ".join(lost), 300)
        env.console.print(f"[yellow]Not in this format:[/] {markup(text)}")
