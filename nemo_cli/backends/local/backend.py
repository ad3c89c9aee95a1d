"""The embedded local engine behind the ``Backend`` protocol: offline, free, files stay put.

A chat turn understands the instruction (``understand/``: text -> intents), applies it to the
session's timeline (``edit/``) or runs undo / redo / reset on the store's history, and streams
a reply (``reply.py``) word by word like an assistant. Uploads are checked (media_files), probed
with ffmpeg and referenced in place; URLs are downloaded into the session folder. Export
renders with one ffmpeg run (``render/``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ...errors import (
    ConfigError,
    EmptyDraft,
    InputError,
    NemoError,
    SpeechUnavailable,
    UsageError,
)
from ...safe_text import one_line
from ...values import frozen
from ..base import (
    Credits,
    Done,
    DraftChanged,
    Event,
    ExportRequest,
    ExportResult,
    MediaInfo,
    ProgressFn,
    ProgressUpdate,
    SessionInfo,
    SessionState,
    TextDelta,
    ToolActivity,
    no_progress,
)
from .intents import HEARING, Intent, needs_analysis
from .media import Media
from .store import LocalSession, SessionStore
from .timeline import Timeline, to_draft

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from ...env import Env
    from .analyze.result import Analysis
    from .changes import NeedsSpeech, Problem
    from .render.frames import Shot, Thumbnail
    from .render.segment_cache import SegmentCache
    from .understand.parser import Reading

TOOL = "edit_timeline"
HEAR = "transcribe"
NO_RESUME = "Local renders cannot be resumed: run nemo export again."
_WORDS = re.compile(r"\S+\s*|\s+")


@frozen
class Preview:
    path: Path
    storyboard: Path
    duration_ms: int


def media_info(entry: Media) -> MediaInfo:
    """The session's media entry as the UI shows it: the size as seen (pixel shape applied)."""
    from .media_notes import media_notes

    width, height = entry.display_size
    return MediaInfo(
        filename=entry.filename or "media",
        file_type=entry.file_type,
        duration=entry.duration,
        width=width,
        height=height,
        fps=entry.fps,
        url=entry.path,
        has_audio=entry.has_audio,
        notes=media_notes(entry),
    )


def _nothing_to_render(timeline: Timeline, verb: str) -> EmptyDraft:
    message = (
        "There are no clips or photos on the timeline yet: nothing to show."
        if timeline.music or timeline.texts
        else f"The timeline is empty: there is nothing to {verb} yet."
    )
    return EmptyDraft(
        message,
        hint="Upload clips (nemo upload a.mp4 b.mp4), then say what to do: "
        'nemo say "combine my clips".',
    )


class LocalBackend:
    name = "local"

    def __init__(self, env: Env) -> None:
        assert env.paths is not None
        self.env = env
        self.store = SessionStore(env.paths.local_sessions_dir)

    def segment_cache(self) -> SegmentCache | None:
        """Where exports keep their segments (config ``cache_limit``; 0 renders in one pass)."""
        from .render.segment_cache import DEFAULT_LIMIT, SegmentCache, cache_root, parse_size

        limit = parse_size(self.env.setting("cache_limit", default=DEFAULT_LIMIT))
        return SegmentCache(cache_root() / "render", limit) if limit > 0 else None

    @cached_property
    def ffmpeg(self) -> str:
        from .render.ffmpeg import ffmpeg_exe

        return ffmpeg_exe(self.env.environ)

    # ------------------------------------------------------------ sessions

    @staticmethod
    def _info(session: LocalSession) -> SessionInfo:
        return SessionInfo(session.id, "local", created_at=session.created_at, title=session.title)

    def create_session(self, language: str | None = None) -> SessionInfo:
        return self._info(self.store.create())

    def list_sessions(self) -> list[SessionInfo]:
        infos: list[SessionInfo] = []
        for sid in self.store.ids():
            try:
                infos.append(self._info(self.store.load(sid)))
            except ConfigError:
                infos.append(SessionInfo(sid, "local", title="(unreadable session file)"))
        return infos

    def session_state(self, session_id: str) -> SessionState:
        from .render.rate import output_rate

        session = self.store.load(session_id)
        rate, why = output_rate(session.timeline, session.media)
        frame = session.timeline.frame
        output = (
            {"width": frame.width, "height": frame.height, "fps": rate.label, "fps_from": why}
            if session.timeline.clips
            else None
        )
        return SessionState(
            session_id=session.id,
            draft=to_draft(session.timeline),
            media=[media_info(m) for m in session.media],
            raw=session.to_json(),
            output=output,
        )

    # ------------------------------------------------------------ chat

    def send(self, session_id: str, text: str) -> Iterator[Event]:
        from ...rx import cache_in
        from .reply import not_understood
        from .understand.known import known_of
        from .understand.parser import read

        assert self.env.paths is not None
        cache_in(self.env.paths.cache)  # the parser's patterns, compiled once per install
        session = self.store.load(session_id)
        reading = read(text, known_of(session.media, session.timeline))
        language = reading.language
        if reading.talk and not reading.intents:
            from .answers import answer

            reply = answer(reading.talk, to_draft(session.timeline), session.media, language)
            yield from _stream(reply)
            yield Done(reply)
            return
        if not reading.intents:
            reply = not_understood(text, language)
            yield from _stream(reply)
            yield Done(reply, unhandled=reading.unhandled or [text.strip()], understood=False)
            return
        intents = reading.intents
        unheard: list[Problem] = []
        if any(i.kind in HEARING for i in intents):
            yield ToolActivity(HEAR, "call", "listening to the clips...")
            try:
                intents = self._heard(session_id, intents, language)
            except SpeechUnavailable as err:
                rest = [i for i in intents if i.kind not in HEARING]
                if not rest:
                    raise  # nothing else was asked: the error says it all
                # "add captions and make it vertical": the rest is done, this part is named
                unheard = [needs_speech(err, intents)]
                intents = rest
            yield ToolActivity(HEAR, "result", "speech heard" if not unheard else "no speech model")
        analyses: dict[str, Analysis] = {}
        if any(needs_analysis(i) for i in intents):
            for item in self._to_analyse(session_id, intents):
                yield ToolActivity(TOOL, "call", f"listening to {one_line(item.filename, 40)}...")
                found = self._analyse(item)
                if found is not None:
                    analyses[item.id] = found
        yield ToolActivity(TOOL, "call", "editing timeline...")
        before, after, changes, reply, not_done = self._edit(
            session_id, intents, language, analyses, reading=reading, unheard=unheard
        )
        yield ToolActivity(TOOL, "result", "timeline updated")
        if after != before:
            yield DraftChanged(to_draft(before), to_draft(after), changes)
        yield from _stream(reply)
        yield Done(reply, [TOOL], unhandled=[*reading.unhandled, *not_done])

    def _heard(self, session_id: str, intents: Sequence[Intent], language: str) -> list[Intent]:
        """``intents`` with the speech of the session's clips filled in (``speech.listen``);
        raises SpeechUnavailable naming the way on."""
        from .speech.listen import hear_intents

        assert self.env.paths is not None
        session = self.store.load(session_id)
        return hear_intents(
            intents,
            session.timeline,
            session.media,
            language,
            paths=self.env.paths,
            environ=self.env.environ,
            ffmpeg=self.ffmpeg,
        )

    def _to_analyse(self, session_id: str, intents: Sequence[Intent]) -> list[Media]:
        """The media the analysed edits read: the videos on the timeline for cuts inside clips
        (all of the session's videos when the timeline is empty: "combine my clips and cut the
        pauses"); the music for cuts on the beat (the session's audio files when there is no
        music yet: "add music and cut to the beat")."""
        from .intents import ANALYSED_CLIPS

        session = self.store.load(session_id)
        kinds = {i.kind for i in intents if needs_analysis(i)}
        wanted: list[Media] = []
        if kinds & ANALYSED_CLIPS:
            on = {c.source for c in session.timeline.clips}
            wanted += [
                m for m in session.media if m.file_type == "video" and (not on or m.id in on)
            ]
        if "beat_cut" in kinds:
            playing = {m.source for m in session.timeline.music}
            wanted += [
                m
                for m in session.media
                if m.file_type == "audio" and (not playing or m.id in playing) and m not in wanted
            ]
        return wanted

    def _analyse(self, item: Media) -> Analysis | None:
        """The analysis of one source (cached by content); None when its file cannot be read
        (the edit then says so for the clips that use it)."""
        from .analyze.run import analyze

        try:
            return analyze(Path(item.path), ffmpeg=self.ffmpeg, name=item.filename)
        except InputError:
            return None

    def _edit(
        self,
        session_id: str,
        intents: Sequence[Intent],
        language: str,
        analyses: Mapping[str, Analysis] | None = None,
        *,
        reading: Reading | None = None,
        unheard: Sequence[Problem] = (),
    ) -> tuple[Timeline, Timeline, list[str], str, list[str]]:
        """Run the intents under the session's lock; returns (before, after, the changes in
        English for DraftChanged, the reply, what could not be done in English). ``reading``
        adds the typos read as command words and the parts not understood to the reply;
        ``unheard`` the parts that needed speech recognition, which cannot run here.

        Edits between history commands are applied together and make one undo step;
        undo / redo / reset run on the store's history in the order they were said.
        """
        from .changes import Change, Problem, TitleAdded, TitleReplaced
        from .edit.apply import EditResult, apply
        from .edit.between import changes_between
        from .intents import is_history
        from .messages import words
        from .reply import compose_turn, history_outcome, part_not_done, read_as

        results: list[EditResult] = []
        history: list[Change | Problem] = []
        with self.store.edit(session_id) as session:
            before = session.timeline
            pending: list[Intent] = []

            def flush() -> None:
                if pending:
                    result = apply(session.timeline, session.media, pending, analyses)
                    session.commit(result.timeline)
                    results.append(result)
                    pending.clear()

            for intent in intents:
                if not is_history(intent):
                    pending.append(intent)
                    continue
                flush()
                step = {
                    "undo": session.undo_step,
                    "redo": session.redo_step,
                    "reset": session.reset,
                }[intent.kind]
                was = session.timeline
                stepped = step()
                # An undo goes back from the timeline the change made (``was``) to the one
                # before it; a redo makes it again.
                first, then = (
                    (session.timeline, was) if intent.kind == "undo" else (was, session.timeline)
                )
                what = changes_between(first, then) if stepped else ()
                history.append(history_outcome(intent.kind, stepped, what))
            flush()
            title = session.timeline.title
            if title and title.strip():
                session.title = title.strip()
            after = session.timeline

        edits = [i for i in intents if not is_history(i)]
        merged = EditResult(
            timeline=after,
            changes=[c for r in results for c in r.changes],
            problems=[*unheard, *(p for r in results for p in r.problems)],
        )
        added = [c.text for c in merged.changes if isinstance(c, TitleAdded | TitleReplaced)]
        note = None
        if added:  # (the font check loads the title renderer: only when there is a title)
            from .render.titles import font_check

            note = font_check(added, self.env.environ)
        from .understand.parser import Reading

        said = reading or Reading()
        reply = compose_turn(
            history,
            merged,
            edits,
            language,
            [note] if note else [],
            read_as=read_as(said.guesses),
            not_done=[part_not_done(part, language) for part in said.unhandled],
        )
        done = [h for h in history if not isinstance(h, Problem)]
        failed = words([*(h for h in history if isinstance(h, Problem)), *merged.problems], "en")
        return before, after, words([*done, *merged.changes], "en"), reply, failed

    # ------------------------------------------------------------ media

    def upload(
        self, session_id: str, sources: Sequence[str], progress: ProgressFn = no_progress
    ) -> list[MediaInfo]:
        from ...media_files import check_local_file, is_url
        from .render.probe import probe
        from .store import media_entry

        self.store.load(session_id)  # a missing session fails before any work
        added: list[MediaInfo] = []
        for source in sources:
            url = source.strip() if is_url(source) else None
            if url:

                def bytes_done(done: int, total: int | None, name: str) -> None:
                    progress(ProgressUpdate("download", name, done, total, unit="bytes"))

                path = self.store.download(session_id, url, bytes_done)
                try:
                    check_local_file(path)
                except NemoError:
                    path.unlink(missing_ok=True)
                    raise
            else:
                path = Path(source).expanduser().absolute()
                if check_local_file(path, None) == "subtitles":
                    added.append(self._subtitles(session_id, path))
                    continue
            progress(ProgressUpdate("probe", path.name, 0, 100, unit="percent"))
            found = probe(path, self.ffmpeg, _reading(progress, path.name))
            progress(ProgressUpdate("probe", path.name, 100, 100, unit="percent"))
            with self.store.edit(session_id) as session:
                entry = session.add_media(media_entry(path, found, url=url))
            added.append(media_info(entry))
        return added

    def _subtitles(self, session_id: str, path: Path) -> MediaInfo:
        """A subtitle file becomes the captions track (replacing one there; undoable)."""
        from ...values import replace
        from .captions import subtitle_files
        from .timeline import Captions

        cues = subtitle_files.read(path)
        with self.store.edit(session_id) as session:
            old = session.timeline.captions
            style = old.style if old is not None else Captions().style
            captions = Captions(origin="file", cues=tuple(cues), style=style, name=path.name)
            session.commit(replace(session.timeline, captions=captions))
        return MediaInfo(
            filename=path.name,
            file_type="subtitles",
            duration=max(c.end for c in cues) / 1000,
            url=str(path),
        )

    def credits(self) -> Credits:
        return Credits(available=0, frozen=0, total=0, unlimited=True)

    # ------------------------------------------------------------ rendering

    def export(
        self, session_id: str, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        from .render.encoder_fallback import with_fallback
        from .render.encoder_probe import choose
        from .render.encoders import Encoding
        from .render.runner import Rendered, render

        if request.format.lower() != "mp4":
            raise UsageError(f"Unsupported format '{request.format}'.", hint="nemo exports mp4.")
        session = self.store.load(session_id)
        if not session.timeline.clips:
            raise _nothing_to_render(session.timeline, "export")
        notes: list[str] = []
        done = Rendered()
        encoding = choose(request.encoder, self.ffmpeg, request.quality)

        def attempt(chosen: Encoding) -> Path:
            return render(
                session.timeline,
                session.media,
                request.output,
                request.quality,
                ffmpeg=self.ffmpeg,
                force=request.force,
                progress=progress,
                verify=request.verify,
                cache=self.segment_cache(),
                notes=notes,
                encoding=chosen,
                done=done,
            )

        path, _ = with_fallback(attempt, encoding, request.quality, notes)
        return ExportResult(
            path=path,
            bytes=path.stat().st_size,
            notes=notes,
            encoder=done.encoder,
            copied_s=round(done.copied, 3),
            segments=done.segments,
            reused=done.reused,
        )

    def preview(self, session_id: str, progress: ProgressFn = no_progress) -> Preview:
        """A fast low-resolution render and a storyboard PNG, kept in the state directory."""
        from .render.plan import video_spans
        from .render.runner import render
        from .render.storyboard import storyboard

        assert self.env.paths is not None
        session = self.store.load(session_id)
        if not session.timeline.clips:
            raise _nothing_to_render(session.timeline, "preview")
        folder = self.env.paths.state_dir / "previews"
        folder.mkdir(parents=True, exist_ok=True)
        path = render(
            session.timeline,
            session.media,
            folder / f"{session.id}.mp4",
            ffmpeg=self.ffmpeg,
            preview=True,
            force=True,
            progress=progress,
            key="preview",
        )
        spans = video_spans(session.timeline)
        shots = [
            ((a + b) / 2000, f"{n}. {name} ({a / 1000:g}-{b / 1000:g}s)")
            for n, (a, b, name) in enumerate(spans, 1)
        ]
        board = storyboard(path, shots, folder / f"{session.id}-storyboard.png", self.ffmpeg)
        duration = spans[-1][1] if spans else 0
        return Preview(path, board, duration)

    def thumbnails(self, session_id: str, cache: Path) -> list[Thumbnail]:
        """One picture per clip (its middle, as rendered), cached per clip in ``cache``."""
        from .render.frames import thumbnails

        session = self.store.load(session_id)
        return thumbnails(
            session.timeline, session.media, lambda: self.ffmpeg, cache, environ=self.env.environ
        )

    def frame(self, session_id: str, time_ms: int, cache: Path) -> tuple[Shot, PILImage]:
        """The frame at ``time_ms`` of the timeline, as rendered, at the render's size."""
        from .render.frames import frame

        session = self.store.load(session_id)
        return frame(
            session.timeline, session.media, time_ms, self.ffmpeg, cache, environ=self.env.environ
        )

    def resume_export(
        self, render_id: str | None, request: ExportRequest, progress: ProgressFn = no_progress
    ) -> ExportResult:
        raise NemoError(NO_RESUME, code="not_resumable")

    def cancel_export(self, render_id: str | None) -> str:
        raise NemoError(NO_RESUME, code="not_resumable")

    def live_session(self, session_id: str) -> str:
        return session_id  # local sessions are never replaced

    def close(self) -> None:
        return None


def needs_speech(err: SpeechUnavailable, intents: Sequence[Intent]) -> NeedsSpeech:
    """The part of a message that needed speech recognition, as a problem worded in the
    user's language (``err``: why it cannot run here)."""
    from .changes import NeedsSpeech
    from .speech.models import NoSpeechModel

    what: Literal["captions", "transcript"] = (
        "captions" if any(i.kind == "add_captions" for i in intents) else "transcript"
    )
    if isinstance(err, NoSpeechModel):
        return NeedsSpeech(what, True, err.language)
    return NeedsSpeech(what, False, message=err.message, hint=err.hint or "")


def _reading(progress: ProgressFn, name: str) -> Callable[[float], None]:
    """A long read of a file's packets (a damaged file is read to its end) as percent ticks."""

    def tick(fraction: float) -> None:
        progress(ProgressUpdate("probe", name, min(99, round(fraction * 100)), 100, unit="percent"))

    return tick


def _stream(reply: str) -> Iterator[TextDelta]:
    """The reply a word at a time (with its following space), as an assistant streams."""
    for match in _WORDS.finditer(reply):
        yield TextDelta(match.group(0))
