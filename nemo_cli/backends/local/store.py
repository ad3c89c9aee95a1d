"""The local engine's sessions on disk: ``<data dir>/sessions/<sid>/session.json``.

A session holds the media references (``media.Media``: files stay where they are, a 2 GB clip is
never copied; URLs are downloaded into the session's folder), the timeline
(``timeline.Timeline``), and a bounded undo/redo history of timelines. On disk they are JSON:
the media entries and the drafts (``timeline.to_draft``) of docs/ARCHITECTURE.md. Every change
is a read-modify-write under the session's lock (``edit``), written atomically, so a REPL and
a script working on the same session never lose each other's edits. The schema is in
docs/ARCHITECTURE.md ("The local session store").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...errors import ConfigError, InputError, NetworkError, NoSuchSession, UsageError
from ...files import atomic_write_json, locked, read_json
from ...safe_text import one_line
from .media import Media, Track
from .render.probe import Probe
from .timeline import EMPTY, Timeline, from_draft, to_draft

SESSION_FILE = "session.json"
HISTORY_LIMIT = 50
_SID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# A download's progress: (bytes so far, total bytes if known, file name).
ByteProgress = Callable[[int, int | None, str], None]


def new_session_id(now: dt.datetime | None = None) -> str:
    """``local-YYYYMMDD-HHMMSS-xxxx`` (local time, 4 random hex digits)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"local-{stamp}-{secrets.token_hex(2)}"


@dataclass
class LocalSession:
    id: str
    created_at: str
    title: str | None = None
    media: list[Media] = field(default_factory=list)
    timeline: Timeline = EMPTY
    undo: list[Timeline] = field(default_factory=list)
    redo: list[Timeline] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "title": self.title,
            "media": [m.to_json() for m in self.media],
            "draft": to_draft(self.timeline),
            "undo": [to_draft(t) for t in self.undo],
            "redo": [to_draft(t) for t in self.redo],
        }

    @classmethod
    def from_json(cls, data: Any, path: Path) -> LocalSession:
        def bad(why: str) -> ConfigError:
            return ConfigError(
                f"The session file {path} is corrupt ({why}).",
                hint="Fix or delete it; nemo leaves it as it is. Start another: nemo session new",
            )

        if not isinstance(data, dict):
            raise bad("not an object")
        if not isinstance(data.get("id"), str):
            raise bad("no session id")
        lists = {k: data.get(k, []) for k in ("media", "undo", "redo")}
        for key, value in lists.items():
            if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
                raise bad(f"'{key}' is not a list of objects")
        draft = data.get("draft")
        if not isinstance(draft, dict):
            raise bad("'draft' is not an object")
        title = data.get("title")
        return cls(
            id=data["id"],
            created_at=str(data.get("created_at") or ""),
            title=title if isinstance(title, str) else None,
            media=[Media.from_json(m) for m in lists["media"]],
            timeline=from_draft(draft),
            undo=[from_draft(d) for d in lists["undo"]],
            redo=[from_draft(d) for d in lists["redo"]],
        )

    # ------------------------------------------------------------ media

    def media_by_id(self, media_id: str) -> Media | None:
        return next((m for m in self.media if m.id == media_id), None)

    def add_media(self, entry: Media) -> Media:
        """Add (or refresh, for a path already in the session) a media entry; returns it."""
        for i, old in enumerate(self.media):
            if old.path == entry.path:
                self.media[i] = replace(entry, id=old.id)
                return self.media[i]
        numbers = [int(m.id[1:]) for m in self.media if re.fullmatch(r"m\d+", m.id)]
        entry = replace(entry, id=f"m{max(numbers, default=0) + 1}")
        self.media.append(entry)
        return entry

    # ------------------------------------------------------------ history

    def commit(self, timeline: Timeline) -> bool:
        """Make ``timeline`` current, remembering the old one for undo. False if unchanged."""
        if timeline == self.timeline:
            return False
        self.undo.append(self.timeline)
        del self.undo[:-HISTORY_LIMIT]
        self.redo.clear()
        self.timeline = timeline
        return True

    def undo_step(self) -> bool:
        if not self.undo:
            return False
        self.redo.append(self.timeline)
        del self.redo[:-HISTORY_LIMIT]
        self.timeline = self.undo.pop()
        return True

    def redo_step(self) -> bool:
        if not self.redo:
            return False
        self.undo.append(self.timeline)
        del self.undo[:-HISTORY_LIMIT]
        self.timeline = self.redo.pop()
        return True

    def reset(self) -> bool:
        """An empty timeline (media stay); undoable."""
        return self.commit(EMPTY)


def media_entry(path: Path, probe: Probe, *, url: str | None = None) -> Media:
    """The media entry (no id yet: ``add_media`` gives it one) for a probed local file: the
    facts the renderer needs (codecs for a stream copy, pixel shape, colour and transparency
    for the fit, the tone map and compositing, the sound tracks) and the measured lengths."""
    st = path.stat()
    return Media(
        id="",
        path=str(path),
        filename=path.name,
        file_type=probe.file_type,  # type: ignore[arg-type]
        duration=probe.duration,
        width=probe.width,
        height=probe.height,
        fps=probe.fps,
        rotation=probe.rotation,
        has_audio=probe.has_audio,
        size=st.st_size,
        mtime=st.st_mtime,
        video_codec=probe.video_codec,
        audio_codec=probe.audio_codec,
        pix_fmt=probe.pix_fmt,
        sample_rate=probe.sample_rate,
        channels=probe.channels,
        url=url,
        sar=probe.sar,
        alpha=probe.alpha,
        colour=probe.colour,
        tracks=tuple(Track.from_probe(t) for t in probe.audio_streams),
        track=probe.audio_stream,
        video_duration=probe.video_duration,
        file_duration=probe.file_duration,
        frames=probe.frames,
        group=probe.group,
    )


class SessionStore:
    """Sessions under ``root`` (``env.paths.local_sessions_dir``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, session_id: str) -> Path:
        if not _SID_RE.match(session_id):
            raise UsageError(
                f"'{session_id}' is not a local session id.",
                hint="Local session ids look like local-20260101-120000-ab12: nemo session list",
            )
        return self.root / session_id

    def file(self, session_id: str) -> Path:
        return self.folder(session_id) / SESSION_FILE

    def create(self, title: str | None = None, timeline: Timeline = EMPTY) -> LocalSession:
        self.root.mkdir(parents=True, exist_ok=True)
        while True:
            sid = new_session_id()
            try:
                (self.root / sid).mkdir()
                break
            except FileExistsError:
                continue
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        session = LocalSession(sid, now, title, timeline=timeline)
        self.save(session)
        return session

    def ids(self) -> list[str]:
        """Session ids on disk, oldest first (ids start with their creation time)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if _SID_RE.match(p.name) and (p / SESSION_FILE).is_file()
        )

    def load(self, session_id: str) -> LocalSession:
        path = self.file(session_id)
        data = read_json(path, default=None, what="session file")
        if data is None:
            raise NoSuchSession(
                f"There is no local session '{session_id}'.",
                hint="See the sessions with: nemo session list, or start one: nemo session new",
            )
        return LocalSession.from_json(data, path)

    def _write(self, session: LocalSession) -> None:
        atomic_write_json(self.file(session.id), session.to_json())

    def save(self, session: LocalSession) -> None:
        with locked(self.file(session.id)):
            self._write(session)

    @contextlib.contextmanager
    def edit(self, session_id: str) -> Iterator[LocalSession]:
        """Load under the session's lock, let the caller change it, and save it on success."""
        with locked(self.file(session_id)):
            session = self.load(session_id)
            yield session
            self._write(session)

    # ------------------------------------------------------------ downloads

    def download(self, session_id: str, url: str, progress: ByteProgress | None = None) -> Path:
        """Fetch ``url`` into the session's folder (a new name if taken); returns the file.

        Written to a hidden ``.part`` name first and renamed when complete. A plain GET: the
        cloud token is never sent with it.
        """
        import httpx

        folder = self.folder(session_id)
        folder.mkdir(parents=True, exist_ok=True)
        shown = one_line(url, 200)
        timeout = httpx.Timeout(30.0, read=120.0)
        try:
            with httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as resp:
                if resp.status_code >= 400:
                    raise InputError(
                        f"Cannot download {shown}: the server answered HTTP {resp.status_code}.",
                        hint="Check the link in a browser, or download it and upload the file.",
                    )
                name = download_name(
                    url, resp.headers.get("content-disposition"), resp.headers.get("content-type")
                )
                target = _free_name(folder, name)
                part = folder / f".{target.name}.part"
                total = (
                    int(resp.headers["content-length"])
                    if resp.headers.get("content-length", "").isdigit()
                    else None
                )
                done = 0
                try:
                    with open(part, "wb") as fh:
                        for chunk in resp.iter_bytes():
                            fh.write(chunk)
                            done += len(chunk)
                            if progress:
                                progress(done, total, target.name)
                    os.replace(part, target)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(part)
                    raise
        except httpx.HTTPError as exc:
            raise NetworkError(
                f"Cannot download {shown}: {type(exc).__name__}: {exc}",
                hint="Check the connection and the link, then try again.",
            ) from exc
        return target


_EXT_FOR_TYPE = {
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "video/x-matroska": ".mkv",
    "video/x-msvideo": ".avi",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
}


def download_name(url: str, disposition: str | None, content_type: str | None) -> str:
    """A safe file name for a download: from Content-Disposition, else the URL's path."""
    from urllib.parse import unquote, urlsplit

    name = ""
    if disposition:
        match = re.search(
            r"filename\*=(?:UTF-8'')?([^;]+)|filename=\"?([^\";]+)", disposition, re.I
        )
        if match:
            name = unquote((match.group(1) or match.group(2) or "").strip().strip('"'))
    if not name:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.\- ]+", "_", name.replace("/", "_")).strip(" ._") or "download"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        mime = (content_type or "").split(";")[0].strip().lower()
        name = name + _EXT_FOR_TYPE.get(mime, "")
    return name[-120:]


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 1
    while target.exists() or target.name == SESSION_FILE:
        target = folder / (f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}")
        n += 1
    return target
