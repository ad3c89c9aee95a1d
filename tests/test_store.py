"""store.py: local sessions on disk, media references, the undo/redo history, URL downloads;
and a session written by an earlier nemo (tests/fixtures/local_session_v1) still loads."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render.probe import Probe
from nemo_cli.backends.local.store import (
    HISTORY_LIMIT,
    SessionStore,
    download_name,
    media_entry,
    new_session_id,
)
from nemo_cli.backends.local.timeline import EMPTY, Clip, Timeline, from_draft, to_draft
from nemo_cli.errors import ConfigError, InputError, NetworkError, NoSuchSession, UsageError


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def _draft(n: int) -> Timeline:
    return Timeline(clips=(Clip(f"v{n}", "m1", "a.mp4", duration_ms=n * 1000),))


def _media(path: str, **fields: object) -> Media:
    return Media.from_json({"path": path, **fields})


def test_create_writes_the_documented_schema(store: SessionStore) -> None:
    session = store.create()
    assert re.fullmatch(r"local-\d{8}-\d{6}-[0-9a-f]{4}", session.id)
    on_disk = json.loads((store.root / session.id / "session.json").read_text())
    assert on_disk == {
        "id": session.id,
        "created_at": session.created_at,
        "title": None,
        "media": [],
        "draft": to_draft(EMPTY),
        "undo": [],
        "redo": [],
    }
    assert store.load(session.id) == session


def test_ids_lists_sessions_oldest_first(store: SessionStore) -> None:
    assert store.ids() == []
    made = [store.create().id for _ in range(3)]
    (store.root / "not-a-session").mkdir()
    assert store.ids() == sorted(made)


def test_new_session_id_format() -> None:
    import datetime as dt

    sid = new_session_id(dt.datetime(2026, 1, 2, 3, 4, 5))
    assert re.fullmatch(r"local-20260102-030405-[0-9a-f]{4}", sid)


@pytest.mark.parametrize("bad", ["../etc", "a/b", ".hidden", "", "x" * 101, "two words"])
def test_session_ids_cannot_escape_the_folder(store: SessionStore, bad: str) -> None:
    with pytest.raises(UsageError, match="is not a local session id"):
        store.load(bad)


def test_missing_session(store: SessionStore) -> None:
    with pytest.raises(NoSuchSession, match="There is no local session 'local-1'"):
        store.load("local-1")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not an object"),
        ('{"id": 5, "draft": {}}', "no session id"),
        ('{"id": "s", "draft": []}', "'draft' is not an object"),
        ('{"id": "s", "draft": {}, "media": {}}', "'media' is not a list of objects"),
        ('{"id": "s", "draft": {}, "undo": [1]}', "'undo' is not a list of objects"),
    ],
)
def test_a_corrupt_session_file_is_named_and_left_alone(
    store: SessionStore, content: str, why: str
) -> None:
    session = store.create()
    path = store.root / session.id / "session.json"
    path.write_text(content)
    with pytest.raises(ConfigError) as caught:
        store.load(session.id)
    assert str(path) in caught.value.message
    assert why in caught.value.message
    assert path.read_text() == content


# ---------------------------------------------------------------- media


def _probe(kind: str = "video") -> Probe:
    return Probe(
        kind,
        "mov,mp4,m4a,3gp,3g2,mj2",
        2.0,
        320,
        240,
        25.0,
        0,
        True,
        "h264",
        "aac",
        "yuv420p",
        44100,
        1,
    )


def test_media_are_referenced_in_place_with_the_documented_keys(
    tmp_path: Path, store: SessionStore
) -> None:
    clip = tmp_path / "big clip.mp4"
    clip.write_bytes(b"x" * 1000)
    entry = media_entry(clip, _probe())
    session = store.create()
    with store.edit(session.id) as s:
        added = s.add_media(entry)
    assert added.to_json() == {
        "id": "m1",
        "path": str(clip),
        "filename": "big clip.mp4",
        "file_type": "video",
        "duration": 2.0,
        "width": 320,
        "height": 240,
        "fps": 25.0,
        "rotation": 0,
        "has_audio": True,
        "size": 1000,
        "mtime": clip.stat().st_mtime,
        "video_codec": "h264",
        "audio_codec": "aac",
        "pix_fmt": "yuv420p",
        "sample_rate": 44100,
        "channels": 1,
    }
    assert store.load(session.id).media == [added]
    assert sorted(p.name for p in (store.root / session.id).iterdir()) == [
        "session.json",
        "session.json.lock",
    ]


def test_media_ids_grow_and_the_same_path_is_refreshed_not_duplicated(store: SessionStore) -> None:
    session = store.create()
    a = session.add_media(_media("/a.mp4", duration=1.0))
    b = session.add_media(_media("/b.mp4"))
    again = session.add_media(_media("/a.mp4", duration=9.0))
    session.media.remove(b)
    c = session.add_media(_media("/c.mp4"))
    assert [a.id, b.id, again.id, c.id] == ["m1", "m2", "m1", "m2"]
    assert [m.duration for m in session.media if m.path == "/a.mp4"] == [9.0]
    assert session.media_by_id("m2") == c
    assert session.media_by_id("m9") is None


# ---------------------------------------------------------------- history


def test_commit_undo_redo(store: SessionStore) -> None:
    session = store.create()
    start = session.timeline
    assert session.commit(_draft(1)) and session.commit(_draft(2))
    assert not session.commit(_draft(2))  # unchanged: no history step
    assert session.undo_step() and session.timeline == _draft(1)
    assert session.undo_step() and session.timeline == start
    assert not session.undo_step()
    assert session.redo_step() and session.timeline == _draft(1)
    assert session.commit(_draft(3))  # a new edit forgets what could be redone
    assert not session.redo_step()
    assert session.undo == [start, _draft(1)]


def test_history_is_bounded(store: SessionStore) -> None:
    session = store.create()
    for n in range(1, HISTORY_LIMIT + 11):
        session.commit(_draft(n))
    assert len(session.undo) == HISTORY_LIMIT
    assert session.undo[0] == _draft(10)
    steps = 0
    while session.undo_step():
        steps += 1
    assert steps == HISTORY_LIMIT
    assert len(session.redo) == HISTORY_LIMIT


def test_reset_empties_the_timeline_keeps_media_and_can_be_undone(store: SessionStore) -> None:
    session = store.create()
    session.add_media(_media("/a.mp4"))
    session.commit(_draft(1))
    assert session.reset()
    assert session.timeline == EMPTY
    assert session.media == [_media("/a.mp4", id="m1")]
    assert not session.reset()
    assert session.undo_step() and session.timeline == _draft(1)


def test_edit_saves_on_success_only(store: SessionStore) -> None:
    session = store.create()
    with store.edit(session.id) as s:
        s.commit(_draft(1))
    assert store.load(session.id).timeline == _draft(1)
    with pytest.raises(RuntimeError), store.edit(session.id) as s:
        s.commit(_draft(2))
        raise RuntimeError("boom")
    assert store.load(session.id).timeline == _draft(1)


def test_concurrent_edits_are_not_lost(store: SessionStore) -> None:
    session = store.create()

    def add(n: int) -> None:
        with store.edit(session.id) as s:
            s.add_media(_media(f"/clip{n}.mp4"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    media = store.load(session.id).media
    assert sorted(m.path for m in media) == sorted(f"/clip{n}.mp4" for n in range(8))
    assert sorted(m.id for m in media) == sorted(f"m{n}" for n in range(1, 9))


# ---------------------------------------------------------------- downloads


@pytest.mark.parametrize(
    ("url", "disposition", "ctype", "name"),
    [
        ("http://h/v/clip.mp4", None, "video/mp4", "clip.mp4"),
        ("http://h/v/my%20trip.mov?sig=abc", None, None, "my trip.mov"),
        ("http://h/download?id=3", 'attachment; filename="beach.mp4"', None, "beach.mp4"),
        ("http://h/d", "attachment; filename*=UTF-8''%E6%B5%B7.jpg", None, "海.jpg"),
        ("http://h/media/12345", None, "audio/mpeg", "12345.mp3"),
        ("http://h/", None, "image/png; charset=x", "download.png"),
        ("http://h/..%2F..%2Fetc%2Fpasswd", None, None, "etc_passwd"),
        ("http://h/a/%2e%2e", None, "video/mp4", "download.mp4"),
    ],
)
def test_download_name(url: str, disposition: str | None, ctype: str | None, name: str) -> None:
    assert download_name(url, disposition, ctype) == name


class _Files(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith("/missing"):
            self.send_response(404)
            self.end_headers()
            return
        body = b"\x00\x00\x00\x18ftypisom" + b"v" * 5000
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
def test_download_into_the_session_folder(store: SessionStore, server: str) -> None:
    session = store.create()
    ticks: list[tuple[int, int | None, str]] = []
    first = store.download(session.id, f"{server}/v/clip.mp4", lambda *t: ticks.append(t))
    second = store.download(session.id, f"{server}/v/clip.mp4")
    folder = store.root / session.id
    assert (first, second) == (folder / "clip.mp4", folder / "clip-1.mp4")
    assert first.read_bytes()[4:8] == b"ftyp" and first.stat().st_size == 5012
    assert ticks[-1] == (5012, 5012, "clip.mp4")
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_download_errors(store: SessionStore, server: str) -> None:
    session = store.create()
    with pytest.raises(
        InputError, match="Cannot download .*/missing.mp4: the server answered HTTP 404"
    ):
        store.download(session.id, f"{server}/missing.mp4")
    with pytest.raises(NetworkError, match="Cannot download http://127.0.0.1:9/x.mp4"):
        store.download(session.id, "http://127.0.0.1:9/x.mp4")
    assert sorted(p.name for p in (store.root / session.id).iterdir()) == [
        "session.json",
        "session.json.lock",
    ]


# ---------------------------------------------------------------- sessions from before

FIXTURE = Path(__file__).parent / "fixtures" / "local_session_v1" / "session.json"


def test_a_session_written_by_the_dict_engine_loads_and_saves_unchanged(
    store: SessionStore,
) -> None:
    """tests/fixtures/local_session_v1 was written by nemo before the typed timeline (clips,
    photos, speed, a trim, crossfades, looped music with fades, anchored titles and captions,
    vertical + fill, an undo and a redo step). It loads into the types and saves as it was."""
    written = json.loads(FIXTURE.read_text(encoding="utf-8"))
    folder = store.root / written["id"]
    folder.mkdir(parents=True)
    (folder / "session.json").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    session = store.load(written["id"])
    assert session.to_json() == written
    assert [c.name for c in session.timeline.clips] == [
        "city.mp4",
        "beach.mov",
        "street.mp4",
        "sunset.jpg",
    ]
    assert session.timeline.music[0].fade_out_ms == 2000
    assert [t.anchor for t in session.timeline.texts] == [None, "all", None, "end"]
    assert (len(session.undo), len(session.redo)) == (14, 1)
    store.save(session)
    assert json.loads((folder / "session.json").read_text(encoding="utf-8")) == written
    assert all(to_draft(from_draft(d)) == d for d in (written["draft"], *written["undo"]))
