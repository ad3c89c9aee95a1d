"""LocalBackend through the Backend protocol (sessions, upload, chat turns, history, export,
preview), and the local commands through the real CLI: demo-media, preview, the main job."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from mediagen import make_clip, make_tone
from PIL import Image

from nemo_cli.backends.base import (
    Backend,
    Credits,
    Done,
    DraftChanged,
    Event,
    ExportRequest,
    MediaInfo,
    ProgressUpdate,
    TextDelta,
    ToolActivity,
)
from nemo_cli.backends.local.backend import NO_RESUME, LocalBackend
from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe
from nemo_cli.backends.local.render.probe import probe
from nemo_cli.backends.local.timeline import EMPTY, to_draft
from nemo_cli.env import Env
from nemo_cli.errors import InputError, NemoError, NoSuchSession, UsageError

FF = ffmpeg_exe()
REPO = Path(__file__).resolve().parent.parent
EDIT = "combine my clips, add background music at 35% and the title 'Urban Dreams' for 3 seconds"


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("backend-media")
    return {
        "a": make_clip(folder / "a.mp4", 2.0, rate=30),
        "b": make_clip(folder / "b.mp4", 1.0, rate=25, tone=None, pattern="rgbtestsrc"),
        "song": make_tone(folder / "song.wav", 4.0),
    }


@pytest.fixture
def backend() -> LocalBackend:
    return LocalBackend(Env(stdout=io.StringIO(), stderr=io.StringIO()))


@pytest.fixture
def sid(backend: LocalBackend) -> str:
    return backend.create_session().session_id


def kinds(events: list[Event]) -> list[str]:
    """Event kinds in order, with a run of text deltas shown once."""
    out: list[str] = []
    for event in events:
        name = type(event).__name__
        if not (out and out[-1] == name == "TextDelta"):
            out.append(name)
    return out


def text_of(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def test_it_is_a_backend(backend: LocalBackend) -> None:
    assert isinstance(backend, Backend)
    assert backend.name == "local"
    assert backend.credits() == Credits(available=0, frozen=0, total=0, unlimited=True)


# ---------------------------------------------------------------- sessions


def test_sessions(backend: LocalBackend) -> None:
    first = backend.create_session("en")
    second = backend.create_session()
    assert first.backend == "local" and first.created_at
    assert [s.session_id for s in backend.list_sessions()] == sorted(
        [first.session_id, second.session_id]
    )
    state = backend.session_state(first.session_id)
    assert (state.session_id, state.draft, state.media) == (first.session_id, to_draft(EMPTY), [])
    backend.store.file(second.session_id).write_text("{broken")
    listed = {s.session_id: s.title for s in backend.list_sessions()}
    assert listed[second.session_id] == "(unreadable session file)"
    with pytest.raises(NoSuchSession):
        backend.session_state("local-20000101-000000-dead")


# ---------------------------------------------------------------- upload


def test_upload_probes_and_references_files_in_place(
    backend: LocalBackend, sid: str, clips: dict[str, Path]
) -> None:
    ticks: list[ProgressUpdate] = []
    found = backend.upload(
        sid, [str(clips["a"]), str(clips["b"]), str(clips["song"])], ticks.append
    )
    assert found == [
        MediaInfo("a.mp4", "video", 2.0, 320, 240, 30.0, str(clips["a"]), True),
        MediaInfo("b.mp4", "video", 1.0, 320, 240, 25.0, str(clips["b"]), False),
        MediaInfo("song.wav", "audio", 4.0, None, None, None, str(clips["song"]), True),
    ]
    assert [(t.phase, t.key, t.completed) for t in ticks] == [
        ("probe", "a.mp4", 0),
        ("probe", "a.mp4", 100),
        ("probe", "b.mp4", 0),
        ("probe", "b.mp4", 100),
        ("probe", "song.wav", 0),
        ("probe", "song.wav", 100),
    ]
    assert backend.session_state(sid).media == found
    folder = backend.store.folder(sid)
    assert sorted(p.name for p in folder.iterdir()) == ["session.json", "session.json.lock"]


def test_upload_refuses_bad_files(backend: LocalBackend, sid: str, tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("just text")
    with pytest.raises(InputError, match="does not look like a real video file"):
        backend.upload(sid, [str(fake)])
    with pytest.raises(InputError, match="No such file"):
        backend.upload(sid, [str(tmp_path / "gone.mp4")])
    assert backend.session_state(sid).media == []
    with pytest.raises(NoSuchSession):
        backend.upload("local-20000101-000000-dead", [str(fake)])


@pytest.fixture
def web(clips: dict[str, Path]) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

    handler = partial(Quiet, directory=str(clips["a"].parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
def test_upload_a_url_downloads_into_the_session(backend: LocalBackend, sid: str, web: str) -> None:
    ticks: list[ProgressUpdate] = []
    [info] = backend.upload(sid, [f"{web}/a.mp4"], ticks.append)
    saved = backend.store.folder(sid) / "a.mp4"
    assert (info.filename, info.file_type, info.duration) == ("a.mp4", "video", 2.0)
    assert info.url == str(saved)
    downloads = [t for t in ticks if t.phase == "download"]
    assert downloads[-1].completed == downloads[-1].total == saved.stat().st_size
    assert backend.store.load(sid).media[0].url == f"{web}/a.mp4"


# ---------------------------------------------------------------- chat turns


@pytest.fixture
def edited(backend: LocalBackend, sid: str, clips: dict[str, Path]) -> list[Event]:
    backend.upload(sid, [str(clips["a"]), str(clips["b"]), str(clips["song"])])
    return list(backend.send(sid, EDIT))


def test_an_edit_streams_activity_change_and_reply(
    backend: LocalBackend, sid: str, edited: list[Event]
) -> None:
    assert kinds(edited) == ["ToolActivity", "ToolActivity", "DraftChanged", "TextDelta", "Done"]
    assert edited[0] == ToolActivity("edit_timeline", "call", "editing timeline...")
    change = next(e for e in edited if isinstance(e, DraftChanged))
    assert change.before == to_draft(EMPTY)
    assert change.after == backend.session_state(sid).draft
    assert change.changes == [
        "Combined 2 clips into a 3.0 s timeline",
        "Added music 'song.wav' to 0-3s at 35%",
        'Added title "Urban Dreams" (0-3s, center)',
    ]
    done = edited[-1]
    assert isinstance(done, Done) and done.tool_calls == ["edit_timeline"]
    assert text_of(edited) == done.text
    assert done.text.startswith("Done:\n- Combined 2 clips into a 3.0 s timeline\n")
    deltas = [e for e in edited if isinstance(e, TextDelta)]
    assert len(deltas) > 10  # streamed word by word, not in one piece
    assert backend.store.load(sid).title == "Urban Dreams"


def test_undo_redo_and_reset(backend: LocalBackend, sid: str, edited: list[Event]) -> None:
    after_edit = backend.session_state(sid).draft

    def turn(text: str) -> tuple[list[str], str]:
        events = list(backend.send(sid, text))
        return kinds(events), text_of(events).split("\n\n")[0]

    changed = ["ToolActivity", "ToolActivity", "DraftChanged", "TextDelta", "Done"]
    unchanged = ["ToolActivity", "ToolActivity", "TextDelta", "Done"]
    # Undo and redo say which change they took back or made again, in the edits' own words.
    whole = (
        "combined 2 clips into a 3.0 s timeline; added music 'song.wav' to 0-3s at 35%; "
        'added title "Urban Dreams" (0-3s, center).'
    )
    assert turn("undo") == (changed, f"Undid the last change: {whole}")
    assert backend.session_state(sid).draft == to_draft(EMPTY)
    assert turn("undo") == (unchanged, "There is nothing to undo.")
    assert turn("redo") == (changed, f"Redid the change: {whole}")
    assert backend.session_state(sid).draft == after_edit
    assert turn("reset") == (
        changed,
        "Started over: the timeline is empty (your uploads are still here).",
    )
    assert len(backend.session_state(sid).media) == 3
    took_back = (
        "Undid the last change: started over: the timeline is empty (your uploads are still here)."
    )
    assert turn("undo") == (changed, took_back)
    assert backend.session_state(sid).draft == after_edit
    assert turn("make it vertical") == (changed, "Done:\n- Switched to vertical 9:16 (1080x1920)")
    assert turn("undo") == (
        changed,
        "Undid the last change: switched to vertical 9:16 (1080x1920).",
    )
    assert turn("重做") == (changed, "已重做：已切换为竖屏 9:16（1080x1920）。")


def test_history_and_edits_in_one_message_run_in_order(
    backend: LocalBackend, sid: str, edited: list[Event]
) -> None:
    events = list(backend.send(sid, "undo, make it vertical"))
    change = next(e for e in events if isinstance(e, DraftChanged))
    # The undo empties the timeline; "vertical" then puts the clips back on it first.
    assert change.changes == [
        "Undid the last change: combined 2 clips into a 3.0 s timeline; added music 'song.wav' "
        'to 0-3s at 35%; added title "Urban Dreams" (0-3s, center).',
        "Put your 2 clips on the timeline (3.0 s)",
        "Switched to vertical 9:16 (1080x1920)",
    ]
    assert text_of(events).startswith(
        "Undid the last change: combined 2 clips into a 3.0 s "
        "timeline; added music 'song.wav' to 0-3s at 35%; added "
        'title "Urban Dreams" (0-3s, center).\n\nDone:\n- Put '
        "your 2 clips"
    )
    draft = backend.session_state(sid).draft
    assert draft is not None and (draft["m"]["width"], draft["m"]["height"]) == (1080, 1920)
    list(backend.send(sid, "undo"))  # one message, one undo step
    assert backend.session_state(sid).draft == to_draft(EMPTY)


def test_what_is_not_an_edit_gets_an_honest_answer(backend: LocalBackend, sid: str) -> None:
    events = list(backend.send(sid, "make it look like a status update"))
    assert kinds(events) == ["TextDelta", "Done"]
    assert text_of(events).startswith(
        'I didn\'t understand "make it look like a status update" as an edit.'
    )
    assert "--backend cloud" in text_of(events)
    assert backend.session_state(sid).draft == to_draft(EMPTY)


def test_chinese_gets_a_chinese_reply(
    backend: LocalBackend, sid: str, clips: dict[str, Path]
) -> None:
    backend.upload(sid, [str(clips["a"]), str(clips["b"])])
    events = list(backend.send(sid, "合并我的视频"))
    assert text_of(events).startswith("好的，已完成：\n- 已把 2 个片段合并成 3.0 秒的时间线")


# ---------------------------------------------------------------- export and preview


@pytest.mark.slow
def test_export(backend: LocalBackend, sid: str, edited: list[Event], tmp_path: Path) -> None:
    ticks: list[ProgressUpdate] = []
    out = tmp_path / "urban.mp4"
    result = backend.export(sid, ExportRequest(out, "low"), ticks.append)
    assert (result.path, result.bytes, result.render_id) == (out, out.stat().st_size, None)
    found = probe(out, FF)
    assert (found.width, found.height, found.video_codec, found.audio_codec) == (
        1920,
        1080,
        "h264",
        "aac",
    )
    assert found.duration is not None and abs(found.duration - 3.0) <= 0.1
    assert ticks[-1] == ProgressUpdate("render", "urban.mp4", 3.0, 3.0, unit="seconds")
    with pytest.raises(NemoError, match="urban.mp4 already exists") as caught:
        backend.export(sid, ExportRequest(out, "low"))
    assert caught.value.code == "output_exists"
    with pytest.raises(UsageError, match="Unsupported format 'mov'"):
        backend.export(sid, ExportRequest(tmp_path / "x.mov", "low", format="mov"))


def test_an_empty_timeline_is_not_exported(backend: LocalBackend, sid: str, tmp_path: Path) -> None:
    with pytest.raises(NemoError) as caught:
        backend.export(sid, ExportRequest(tmp_path / "x.mp4"))
    assert caught.value.code == "empty_draft"
    assert caught.value.message == "The timeline is empty: there is nothing to export yet."
    assert list(tmp_path.glob("*.mp4")) == []
    with pytest.raises(NemoError, match="The timeline is empty: there is nothing to preview yet."):
        backend.preview(sid)


def test_music_alone_is_not_a_video(
    backend: LocalBackend, sid: str, edited: list[Event], tmp_path: Path
) -> None:
    with backend.store.edit(sid) as session:
        session.timeline = replace(session.timeline, clips=())
    with pytest.raises(NemoError) as caught:
        backend.export(sid, ExportRequest(tmp_path / "x.mp4"))
    assert caught.value.message == (
        "There are no clips or photos on the timeline yet: nothing to show."
    )


def test_local_renders_are_not_resumable(backend: LocalBackend, tmp_path: Path) -> None:
    for call in (
        lambda: backend.resume_export(None, ExportRequest(tmp_path / "x.mp4")),
        lambda: backend.cancel_export("render_1"),
    ):
        with pytest.raises(NemoError) as caught:
            call()
        assert (
            caught.value.message
            == NO_RESUME
            == ("Local renders cannot be resumed: run nemo export again.")
        )


@pytest.mark.slow
def test_preview_and_storyboard(backend: LocalBackend, sid: str, edited: list[Event]) -> None:
    ticks: list[ProgressUpdate] = []
    result = backend.preview(sid, ticks.append)
    assert {(t.phase, t.key) for t in ticks} == {("render", "preview")}
    found = probe(result.path, FF)
    assert (found.width, found.height, result.duration_ms) == (480, 270, 3000)
    assert result.path.parent == result.storyboard.parent
    with Image.open(result.storyboard) as board:
        # two 240x136 frames (480x270 scaled, even height) side by side, labels below
        assert board.size == (8 + 2 * (240 + 8), 8 + 136 + 14 + 8 + 8)


# ---------------------------------------------------------------- through the CLI


@pytest.mark.slow
def test_demo_media_then_the_main_job(nemo: Any, tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    made = nemo("--json", "demo-media", str(samples))
    assert made.code == 0, made
    files = json.loads(made.out)["files"]
    assert [Path(f).name for f in files] == ["clip1.mp4", "clip2.mp4", "music.m4a"]
    facts = [probe(Path(f), FF) for f in files]
    assert [(p.file_type, p.duration, p.width, p.height, p.has_audio) for p in facts] == [
        ("video", 5.0, 1280, 720, True),
        ("video", 4.0, 1280, 720, True),
        ("audio", 15.0, None, None, True),
    ]

    again = nemo("demo-media", str(samples))
    assert again.code == 2 and "already exist" in again.err

    assert nemo("upload", *files).code == 0
    said = nemo("say", EDIT)
    assert said.code == 0, said
    preview = nemo("--json", "preview")
    assert preview.code == 0, preview
    shown = json.loads(preview.out)
    assert shown["duration_ms"] == 9000
    assert Path(shown["path"]).is_file() and Path(shown["storyboard"]).is_file()
    out = tmp_path / "urban-dreams.mp4"
    exported = nemo("export", "-o", str(out), "--quality", "low")
    assert exported.code == 0, exported
    found = probe(out, FF)
    assert found.duration is not None and abs(found.duration - 9.0) <= 0.1
    assert (found.width, found.height, found.audio_codec) == (1920, 1080, "aac")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sigterm_during_nemo_export_stops_ffmpeg_and_leaves_no_file(
    backend: LocalBackend, tmp_path: Path
) -> None:
    from nemo_cli.config import set_current_session

    photo = tmp_path / "still.png"
    Image.new("RGB", (320, 240), "orange").save(photo)
    sid = backend.create_session().session_id
    assert backend.env.paths is not None
    set_current_session(backend.env.paths, "local", sid)
    backend.upload(sid, [str(photo)])
    list(backend.send(sid, "combine my clips"))
    with backend.store.edit(sid) as session:  # an hour-long still: never done by itself
        still = replace(session.timeline.clips[0], duration_ms=3_600_000)
        session.timeline = replace(session.timeline, clips=(still,))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    cli = subprocess.Popen(
        [sys.executable, "-m", "nemo_cli", "export", "-o", str(out_dir / "long.mp4")],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ffmpeg = None
    # Until ffmpeg has begun writing: the output's temporary name, or (an export in segments)
    # a segment's temporary name in the render cache.
    segments = Path(os.environ["XDG_CACHE_HOME"]) / "nemo" / "render"

    def writing() -> bool:
        return bool(list(out_dir.iterdir()) or list(segments.glob("*/.*.partial.*")))

    while ffmpeg is None or not writing():
        assert cli.poll() is None, cli.communicate()
        kids = [
            int(k)
            for t in Path(f"/proc/{cli.pid}/task").iterdir()
            for k in (t / "children").read_text().split()
        ]
        ffmpeg = next(
            (k for k in kids if "ffmpeg" in Path(f"/proc/{k}/cmdline").read_text(errors="replace")),
            None,
        )
        time.sleep(0.05)
    cli.send_signal(signal.SIGTERM)
    _, err = cli.communicate()
    assert cli.returncode == 130, err
    assert "Stopped: nothing was written." in err
    assert list(out_dir.iterdir()) == []
    assert list(segments.glob("*/.*.partial.*")) == []  # no half-written segment either
    try:
        state = Path(f"/proc/{ffmpeg}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        state = "gone"
    assert state in ("gone", "Z")  # killed (a zombie only until init reaps it)


def test_preview_says_what_to_do_without_a_session_or_on_the_cloud(nemo: Any) -> None:
    none = nemo("preview")
    assert none.code == 1 and "There is no local session yet" in none.err
    cloud = nemo("--backend", "cloud", "preview")
    assert cloud.code == 2 and "nemo --backend local preview" in cloud.err


def test_unknown_local_session_is_a_plain_error(nemo) -> None:
    result = nemo("--session", "local-nope", "status")
    assert result.code == 1, result
    assert result.err.splitlines()[0] == "Error: There is no local session 'local-nope'."
