"""The chat REPL: in-process with a scripted backend (piped stdin), and the real `nemo` in a
pseudo-terminal against the cloud emulator (typing, Ctrl-C, Ctrl-D, as a person would)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from fake_backend import (
    MUSIC_DRAFT,
    VIDEO_DRAFT,
    FakeBackend,
    chunks,
    edit,
    make_env,
)
from terminal import screen

from nemo_cli.backends.base import Done, ErrorEvent, Event
from nemo_cli.config import current_session
from nemo_cli.env import Env
from nemo_cli.errors import Interrupted, NemoError
from nemo_cli.repl import HELP, History, StreamReader, run_repl

MP4_HEAD = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64
SUMMARY = "Timeline (2 tracks): 1. Video: city.mp4 (0-10s) 2. BGM: Lo-fi (0-10s, 35%)"


def run(tmp_path: Path, backend: FakeBackend, script: str, **kw: Any) -> Env:
    env = make_env(tmp_path, stdin=script, **kw)
    run_repl(env, backend, cwd=tmp_path)
    return env


def out(env: Env) -> str:
    return env.stdout.getvalue()  # type: ignore[attr-defined]


def err(env: Env) -> str:
    return env.stderr.getvalue()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- piped stdin, scripted backend


def test_piped_commands_and_messages(tmp_path: Path) -> None:
    backend = FakeBackend()
    script = "hello\nstatus\ncredits\n/session\n/bogus\n/help\n\nquit\nnever sent\n"
    env = run(tmp_path, backend, script)
    assert out(env) == (
        "You said: hello\n"
        "Session local-s1 on the local backend.\n"
        "Media: none yet (upload FILE...).\n"
        "Timeline is empty.\n"
        "Credits: 100 available, 0 frozen, 100 total.\n"
        "Session local-s1 on the local backend.\n"
        "Unknown command /bogus. Type /help to see what you can say.\n"
        f"{HELP}\n"
    )
    assert err(env) == ""
    assert backend.sent == [("local-s1", "hello")]
    assert backend.closed


def test_session_is_created_once_and_kept(tmp_path: Path) -> None:
    backend = FakeBackend()
    env = run(tmp_path, backend, "hi\n")
    assert env.paths is not None
    assert current_session(env.paths, "local") == "local-s1"
    env = run(tmp_path, backend, "again\n/new\nafter new\n")
    assert backend.sent == [("local-s1", "hi"), ("local-s1", "again"), ("local-s2", "after new")]
    assert "New session local-s2 (now current).\n" in out(env)
    assert current_session(env.paths, "local") == "local-s2"


def test_session_override_wins(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.create_session()
    sid = backend.create_session().session_id
    env = make_env(tmp_path, stdin="hi\n")
    env.session_override = sid
    run_repl(env, backend, cwd=tmp_path)
    assert backend.sent == [(sid, "hi")]


def test_no_text_edit_is_summarised(tmp_path: Path) -> None:
    backend = FakeBackend(
        scripts={"add music at 35%": lambda b, t: edit(b, MUSIC_DRAFT, before=VIDEO_DRAFT)}
    )
    env = run(tmp_path, backend, "add music at 35%\n")
    assert out(env) == f"Added music 'Lo-fi' to 0-10s at 35%\n{SUMMARY}\n"


def test_reply_pointing_at_the_timeline_shows_its_summary(tmp_path: Path) -> None:
    def reply(b: FakeBackend, text: str) -> list[Event]:
        b.drafts[b.last_session] = MUSIC_DRAFT
        return chunks("Done! Preview it in the timeline.")

    env = run(tmp_path, FakeBackend(scripts={"go": reply}), "go\n")
    assert out(env) == f"Done! Type `status` to see the timeline.\n{SUMMARY}\n"


class _StateDown(FakeBackend):
    """Chat works; reading the session state fails (a network blip after the reply)."""

    def session_state(self, session_id: str) -> Any:
        from nemo_cli.errors import NetworkError

        raise NetworkError("The connection to 127.0.0.1 dropped.")


def test_timeline_summary_is_skipped_when_state_cannot_be_read(tmp_path: Path) -> None:
    backend = _StateDown(scripts={"go": chunks("Preview it in the timeline.")})
    env = run(tmp_path, backend, "go\nhello\n")
    assert out(env) == "Type `status` to see the timeline.\nYou said: hello\n"


def test_edit_then_export(tmp_path: Path) -> None:
    backend = FakeBackend(
        scripts={"combine my clips": lambda b, t: edit(b, VIDEO_DRAFT, "Combined.")}
    )
    env = run(tmp_path, backend, "combine my clips and export to out.mp4 in 720p\n")
    target = tmp_path / "out.mp4"
    assert out(env) == f"Combined.\n✓ Saved {target} (0.0 MB)\n"
    assert backend.sent == [("local-s1", "combine my clips")]
    assert [(r.output, r.quality) for r in backend.exports] == [(target, "medium")]
    assert target.stat().st_size == 1000


def test_failed_edit_skips_the_export(tmp_path: Path) -> None:
    failing: list[Event] = [ErrorEvent("model overloaded"), Done("")]
    backend = FakeBackend(scripts={"add music": failing})
    env = make_env(tmp_path, stdin="add music and export\n")
    # Interactive (errors are reported, the loop goes on), reading from our StringIO.
    from nemo_cli.repl import Repl

    repl = Repl(
        env,
        backend,
        backend.create_session().session_id,
        StreamReader(env.stdin),
        tmp_path,
        interactive=True,
    )
    repl.run()
    assert err(env) == "Error: model overloaded\n"
    assert backend.exports == []


def test_upload_dragged_and_named_files(tmp_path: Path) -> None:
    (tmp_path / "My Clip.mp4").write_bytes(MP4_HEAD)
    (tmp_path / "b.mp4").write_bytes(MP4_HEAD)
    backend = FakeBackend()
    env = run(tmp_path, backend, f"'{tmp_path}/My Clip.mp4'\nupload b.mp4\nupload\n")
    assert out(env) == (
        "✓ My Clip.mp4 (video, 5.0 s, 320x240)\n"
        'Added 1 file. Now say what to make, e.g. "combine my clips, add background music".\n'
        "✓ b.mp4 (video, 5.0 s, 320x240)\n"
        'Added 1 file. Now say what to make, e.g. "combine my clips, add background music".\n'
        "Say which files: upload clip.mp4 music.mp3 (or drop them into this terminal).\n"
    )
    assert [m.filename for m in backend.media["local-s1"]] == ["My Clip.mp4", "b.mp4"]


def test_piped_error_stops_the_run(tmp_path: Path) -> None:
    backend = FakeBackend()
    env = make_env(tmp_path, stdin="export\nhello\n")
    with pytest.raises(NemoError, match="nothing to export"):
        run_repl(env, backend, cwd=tmp_path)
    assert backend.sent == []
    assert backend.closed


def test_piped_block_keeps_its_lines(tmp_path: Path) -> None:
    backend = FakeBackend()
    run(tmp_path, backend, 'first\n"""\nline one\n\nline three\n"""\nlast\n')
    assert [t for _, t in backend.sent] == ["first", "line one\n\nline three", "last"]


def test_piped_ctrl_c_ends_with_interrupted(tmp_path: Path) -> None:
    def interrupted(b: FakeBackend, t: str) -> list[Event]:
        raise KeyboardInterrupt

    backend = FakeBackend(scripts={"slow": interrupted})
    env = make_env(tmp_path, stdin="slow\nnext\n")
    with pytest.raises(Interrupted):
        run_repl(env, backend, cwd=tmp_path)
    assert [t for _, t in backend.sent] == ["slow"]


def test_json_prints_one_object_per_turn(tmp_path: Path) -> None:
    backend = FakeBackend(scripts={"music": lambda b, t: edit(b, MUSIC_DRAFT, "Click Export.")})
    env = run(tmp_path, backend, "music\nhi\n", json=True)
    lines = [json.loads(line) for line in out(env).splitlines()]
    assert lines == [
        {
            "reply": "Type `export`.",
            "tool_calls": ["edit_timeline"],
            "draft_changed": True,
            "changes": [
                "Added clip 'city.mp4' at 0-10s",
                "Added music 'Lo-fi' to 0-10s at 35%",
                "Changed the format to 1920x1080 (16:9)",
            ],
            "session_id": "local-s1",
        },
        {
            "reply": "You said: hi",
            "tool_calls": [],
            "draft_changed": False,
            "changes": [],
            "session_id": "local-s1",
        },
    ]


def test_terminal_output_in_process(tmp_path: Path) -> None:
    backend = FakeBackend(scripts={"music": lambda b, t: edit(b, MUSIC_DRAFT, "**Done.**")})
    env = make_env(tmp_path, tty=True, stdin="music\n")
    run_repl(env, backend, cwd=tmp_path)
    shown = screen(out(env))
    assert shown.startswith("Done.\nTimeline · 10s · 1920x1080\n")
    # Drawn once: the picture, without the one-line summary (that is for pipes and --json).
    assert shown.endswith("BGM    [Lo-fi 0-10s 35%" + "─" * 55 + "]")
    assert SUMMARY not in shown


# ---------------------------------------------------------------- history


def test_history_round_trip_and_limits(tmp_path: Path) -> None:
    path = tmp_path / "state" / "history"
    history = History(path, size=3)
    for entry in ["one", "two\nlines", "back\\slash", "back\\slash", "", "four"]:
        history.append(entry)
    assert history.load() == ["two\nlines", "back\\slash", "four"]
    assert path.read_text() == "two\\nlines\nback\\\\slash\nfour\n"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_unreadable_history_is_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.mkdir()  # a directory where the file should be
    history = History(path)
    assert history.load() == []
    history.append("hello")  # says nothing, raises nothing


def test_stream_reader_skips_blank_lines(tmp_path: Path) -> None:
    reader = StreamReader(io.StringIO("\n  \nhi\r\n\n"))
    assert (reader.read(), reader.read()) == ("hi", None)


# ---------------------------------------------------------------- the real nemo in a terminal


def spawn(env: dict[str, str], *args: str, cwd: Path | None = None) -> pexpect.spawn:
    root = str(Path(__file__).resolve().parents[1])  # nemo_cli importable from any cwd
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    full = {
        **os.environ,
        **env,
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "40",
        "PYTHONPATH": path,
    }
    full.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "nemo_cli", *args],
        env=full,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
        cwd=str(cwd or Path.cwd()),
    )
    child.logfile_read = io.StringIO()
    return child


def seen(child: pexpect.spawn) -> str:
    """The screen a person would see so far."""
    return screen(child.logfile_read.getvalue(), columns=100, lines=40)


PROMPT = "nemo› "


@pytest.fixture
def cloud_session(emulator: Any, cloud_env: dict[str, str]) -> tuple[dict[str, str], str]:
    token = emulator.seed_token()
    sid = emulator.create_session(token)
    emulator.add_media(sid, "city.mp4", duration=10.0)
    return {**cloud_env, "NEMO_TOKEN": token}, sid


@pytest.mark.slow
def test_repl_in_a_terminal_against_the_cloud(
    emulator: Any, cloud_session: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud_session
    child = spawn(env, "--session", sid, cwd=tmp_path)
    child.expect_exact(PROMPT)
    banner = seen(child)
    assert f"cloud backend (NEMO_BACKEND) · session {sid}" in banner
    assert "Switch with --backend local or: nemo config set backend local." in banner

    child.sendline("hello")
    child.expect_exact(PROMPT)
    assert "Hi! I'm your video editing assistant." in seen(child)

    child.sendline("combine my clips and add music at 35%")
    child.expect_exact(PROMPT)
    shown = seen(child)
    assert "I've put your clip on the timeline (10 seconds)." in shown
    assert "Type export to download." in shown  # GUI words translated ("Click Export")
    assert "Click Export" not in shown
    assert "BGM    [Lo-fi Chill 0-10s 35%" in shown
    assert "functionCall" not in shown and "{" not in shown

    child.sendline("status")
    child.expect_exact(PROMPT)
    assert (
        "Timeline (2 tracks): 1. Video: city.mp4 (0-10s) 2. BGM: Lo-fi Chill (0-10s, 35%)"
        in seen(child)
    )

    # Ctrl-C in the middle of a long streamed reply: the reply stops, the REPL stays.
    emulator.misbehave(
        "run_sse",
        long_reply_chunks=400,
        long_reply_text="chunk ",
        trickle_bytes=64,
        trickle_delay=0.01,
    )
    child.sendline("tell me a long story")
    child.expect_exact("chunk chunk chunk")
    child.sendintr()
    child.expect_exact("Stopped.")
    child.expect_exact(PROMPT)
    child.sendline("hello again")
    child.expect_exact(PROMPT)
    assert seen(child).count("Hi! I'm your video editing assistant.") == 2, (
        seen(child) + "\n-----\n" + repr(child.logfile_read.getvalue()[-6000:])
    )

    child.sendeof()
    child.expect_exact("Bye.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert emulator.session_messages(sid) == [
        "hello",
        "combine my clips and add music at 35%",
        "tell me a long story",
        "hello again",
    ]


@pytest.mark.slow
def test_ctrl_c_at_an_empty_prompt_leaves(
    cloud_session: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud_session
    child = spawn(env, "--session", sid, cwd=tmp_path)
    child.expect_exact(PROMPT)
    child.send("half a line")
    child.expect_exact("half a line")  # echoed: readline has it
    child.sendintr()  # drops the typed text, asks again
    child.expect_exact(PROMPT)
    child.sendintr()  # empty prompt: leave
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_history_and_paste_in_a_terminal(
    emulator: Any, cloud_session: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud_session
    child = spawn(env, "--session", sid, cwd=tmp_path)
    child.expect_exact(PROMPT)
    child.send("\x1b[200~line one\nline two\x1b[201~\r")  # a bracketed paste keeps its lines
    child.expect_exact(PROMPT)
    child.send('"""\r')
    child.send("block one\r")
    child.send("block two\r")
    child.send('"""\r')
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    assert emulator.session_messages(sid) == ["line one\nline two", "block one\nblock two"]
    # The next REPL recalls the last entry with the up arrow.
    child = spawn(env, "--session", sid, cwd=tmp_path)
    child.expect_exact(PROMPT)
    child.send("\x1b[A\r")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    assert emulator.session_messages(sid)[-1] == "block one\nblock two"


@pytest.mark.slow
def test_repl_in_a_terminal_with_the_local_engine(tmp_path: Path) -> None:
    from mediagen import make_clip, make_tone

    work = tmp_path / "work dir"
    make_clip(work / "a clip.mp4", 2.0)
    make_clip(work / "b.mp4", 2.0, tone=None, pattern="smptebars")
    make_tone(work / "music.wav", 3.0)
    child = spawn({"NEMO_BACKEND": "local"}, cwd=work)
    child.expect_exact(PROMPT)
    assert "local backend (NEMO_BACKEND)" in seen(child)

    # Dropped into the terminal: one quoted, two with backslash-escaped spaces.
    escaped = str(work).replace(" ", "\\ ")
    child.sendline(f"'{work}/a clip.mp4' {escaped}/b.mp4 {escaped}/music.wav")
    child.expect_exact(PROMPT)
    assert "Added 3 files." in seen(child)

    child.sendline("combine my clips, add music at 35% and export as a shareable video")
    child.expect_exact(PROMPT, timeout=120)
    shown = seen(child)
    assert "✓ Saved " in shown, shown
    saved = list(work.glob("nemo-*.mp4"))
    assert len(saved) == 1 and saved[0].stat().st_size > 1000

    child.sendline("status")
    child.expect_exact(PROMPT)
    assert "Timeline (2 tracks): 1. Video: a clip.mp4 (0-2s), b.mp4 (2-4s) 2. BGM: music.wav" in (
        seen(child).replace("\n", " ")
    )
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
