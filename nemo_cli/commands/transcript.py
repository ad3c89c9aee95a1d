"""`nemo transcript [PATH] [--lang CODE]`: the words spoken, with their times.

Without PATH: the current local session's timeline (words in timeline time, after trims,
cuts and speed); with PATH: that file. ``--json``: ``{"words": [{"word", "start", "end",
"conf"}], "text"}``, times in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..backends.select import choose
from ..config import current_session
from ..env import Env
from ..errors import EmptyDraft, InputError, UsageError
from ..safe_text import markup
from ..ui.progress import ProgressBars
from ..ui.report import print_json

if TYPE_CHECKING:
    from ..backends.local.speech.transcript import Word


def clock(seconds: float) -> str:
    """``75.25`` -> ``1:15.2``."""
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _timeline_words(env: Env, language: str | None, bars: ProgressBars) -> list[Word]:
    from ..backends.local.backend import LocalBackend
    from ..backends.local.speech.hearing import hear_timeline
    from ..backends.local.speech.listen import audible_pieces
    from ..backends.local.speech.models import choose_model

    assert env.paths is not None
    picked = choose(env)
    if picked.name != "local":
        raise UsageError(
            f"nemo transcript hears the timeline on this computer, with the local engine "
            f"(the {picked.name} backend is active: {picked.reason}).",
            hint="Transcribe a local session with: nemo --backend local transcript "
            "(or a file: nemo transcript clip.mp4)",
        )
    session_id = env.session_override or current_session(env.paths, "local")
    if not session_id:
        raise EmptyDraft(
            "There is no local session yet, so nothing to transcribe.",
            hint="Start with: nemo upload clip.mp4, or name a file: nemo transcript clip.mp4",
        )
    backend = LocalBackend(env)
    session = backend.store.load(session_id)
    pieces = audible_pieces(session.timeline, session.media)
    if not pieces:
        raise EmptyDraft(
            "Nothing on the timeline has sound to transcribe.",
            hint="Add clips with speech: nemo upload talk.mp4",
        )
    model = choose_model(env.paths, env.environ, language)
    durations = {m.id: m.duration for m in session.media if m.duration}
    return hear_timeline(pieces, model, ffmpeg=backend.ffmpeg, durations=durations, progress=bars)


def _file_words(env: Env, path: Path, language: str | None, bars: ProgressBars) -> list[Word]:
    from ..backends.local.render.ffmpeg import ffmpeg_exe
    from ..backends.local.render.probe import probe
    from ..backends.local.speech.hearing import hear_file
    from ..backends.local.speech.models import choose_model
    from ..media_files import check_local_file

    assert env.paths is not None
    path = path.expanduser()
    check_local_file(path, None)
    model = choose_model(env.paths, env.environ, language)
    ffmpeg = ffmpeg_exe(env.environ)
    facts = probe(path, ffmpeg)
    if not facts.has_audio:
        raise InputError(f"{path.name} has no sound to transcribe.")
    return list(
        hear_file(
            path.resolve(), model, ffmpeg=ffmpeg, expected=facts.duration, progress=bars
        ).words
    )


def lines(words: Sequence[Word]) -> list[tuple[float, str]]:
    """The words as readable lines (cut at pauses, about 60 characters), with start times."""
    from ..backends.local.captions.chunking import Layout, chunk

    layout = Layout(max_chars=60, max_lines=1, max_gap=0.8, max_duration=10.0, min_duration=0)
    return [(cue.start / 1000, cue.text) for cue in chunk(words, layout)]


def run(env: Env, path: Path | None, language: str | None) -> None:
    from ..backends.local.speech.transcript import words_json

    with ProgressBars(env, transient=True) as bars:
        if path is None:
            words = _timeline_words(env, language, bars)
        else:
            words = _file_words(env, path, language, bars)
    if env.json:
        print_json(env.stdout, words_json(words))
        return
    if not words:
        env.console.print("No speech was heard.")
        return
    for start, text in lines(words):
        env.console.print(f"[dim]{clock(start):>7}[/]  {markup(text)}")
