"""Untrusted text: replies, file names, draft names and server messages are shown literally.

Rich markup (``[bold]``, ``[link=...]``) stays visible text, and terminal control sequences
(ANSI CSI, OSC 8 hyperlinks, OSC 52 clipboard writes, window titles, bells, carriage-return
overwrites, 8-bit C1 controls) never reach the terminal: through the real CLI (``say``,
``status``, ``upload``, errors), piped and in a pseudo-terminal. A download name suggested
by a server never leaves the session's folder.

docs/RELIABILITY.md lists these tests under "Untrusted text".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pexpect
import pytest
from conftest import run_nemo
from emulator import Emulator
from hypothesis import given, settings
from hypothesis import strategies as st
from terminal import screen

from nemo_cli.actions import default_name
from nemo_cli.backends.local.store import download_name
from nemo_cli.ui.safe import clean

# Each hostile piece, and what a person must see instead of it (piped output).
HOSTILE: list[tuple[str, str, str]] = [
    ("markup", "[bold red]loud[/]", "[bold red]loud[/]"),
    ("rich link", "[link=https://evil.example]click[/link]", "[link=https://evil.example]click[/link]"),
    ("csi clear", "\x1b[2J\x1b[Hwiped", "wiped"),
    ("sgr", "\x1b[31mred\x1b[0m", "red"),
    ("osc 8", "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\", "here"),
    ("osc 52", "\x1b]52;c;ZXZpbA==\x07copied", "copied"),
    ("title", "\x1b]0;pwned\x07named", "named"),
    ("bell", "ding\x07\x07", "ding"),
    ("cr overwrite", "safe\rEVIL", "safeEVIL"),
    ("backspace", "abc\x08\x08\x08xyz", "abcxyz"),
    ("c1 csi", "\x9b31mc1", "c1"),
]  # fmt: skip
EVIL = " ".join(raw for _, raw, _ in HOSTILE)
SEEN = " ".join(shown for _, _, shown in HOSTILE)
# Sequences that must never reach a terminal, whatever nemo's own styling adds around them.
FORBIDDEN = [b"\x1b[2J", b"\x1b[31m", b"\x1b]8;;https://evil", b"\x1b]52", b"\x1b]0;", b"\x07",
             b"\x08", b"\xc2\x9b", b"safe\rEVIL"]  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str) -> bool:
    """Piped output: no control character at all but newlines (and tabs)."""
    return _CONTROL.search(text) is None


def test_the_table_is_what_clean_does() -> None:
    assert [clean(raw) for _, raw, _ in HOSTILE] == [shown for _, _, shown in HOSTILE]


def spawn(env: dict[str, str], *args: str) -> bytes:
    """Run nemo in a pseudo-terminal (a person's terminal); returns every byte it wrote."""
    full = {**os.environ, **env, "TERM": "xterm-256color"}
    full.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "nemo_cli", *args], env=full, timeout=60,
                          dimensions=(40, 200))  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def assert_terminal_safe(raw: bytes) -> str:
    for seq in FORBIDDEN:
        assert seq not in raw, (seq, raw)
    return screen(raw.decode("utf-8", "replace"), columns=200, lines=40)


# ---------------------------------------------------------------- replies


def test_say_shows_a_hostile_reply_literally_when_piped(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.long_reply(2, text=EVIL + " ")
    result = run_nemo("--session", sid, "say", "hello", env=env)
    assert (result.code, result.err) == (0, "")
    assert result.out == f"{SEEN} {SEEN} \n"


@pytest.mark.slow
def test_say_shows_a_hostile_reply_literally_in_a_terminal(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.long_reply(1, text=EVIL)
    shown = assert_terminal_safe(spawn(env, "--session", sid, "say", "hello"))
    for visible in ("[bold red]loud[/]", "[link=https://evil.example]click[/link]", "wiped",
                    "copied", "named", "ding", "abcxyz", " c1"):  # fmt: skip
        assert visible in shown, shown
    assert "EVIL" in shown and "safe" in shown  # the CR did not overwrite anything


@pytest.mark.slow
def test_in_stream_errors_and_server_messages_are_cleaned(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.model_error("SAFETY", EVIL)
    said = run_nemo("--session", sid, "say", "hello", env=env)
    emulator.fail("credits", code=4321, message=EVIL)
    credits = run_nemo("credits", env=env)
    assert (said.code, credits.code) == (6, 6)
    assert said.err == f"Error: {SEEN}\n"
    assert credits.err == f"Error: The cloud answered with an error (code 4321): {SEEN}\n"
    assert inert(said.out + said.err + credits.out + credits.err)


def test_a_failed_render_message_is_cleaned(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, sid = cloud
    emulator.set_draft(sid, {"t": [{"tt": 0, "sg": [{"n": "a", "st": 0, "d": 1000}]}], "d": 1000})
    emulator.fail_render(EVIL)
    result = run_nemo("--session", sid, "export", "-o", str(tmp_path / "v.mp4"), env=env)
    assert result.code == 7
    assert result.err.splitlines()[0] == f"Error: The cloud render failed: {SEEN}"
    assert inert(result.out + result.err)


# ---------------------------------------------------------------- names in the timeline


def _hostile_draft() -> dict[str, object]:
    return {
        "t": [
            {"tt": 0, "sg": [{"n": "[bold]clip[/bold]\x1b]52;c;ZXZpbA==\x07.mp4", "st": 0,
                              "d": 4000}]},
            {"tt": 1, "sg": [{"label": "\x1b]8;;https://evil.example\x1b\\Lo-fi\x1b]8;;\x1b\\",
                              "offset": 0, "duration_ms": 4000, "volume": 0.35}]},
            {"tt": 7, "sg": [{"text": "safe\rEVIL \x1b[2J[link=https://evil.example]x[/link]",
                              "startTime": 0, "endTime": 3000}]},
        ],
        "d": 4000,
        "m": {"title": "\x9b31mTitle\x07"},
    }  # fmt: skip


def test_status_shows_hostile_names_literally_when_piped(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.add_media(sid, "[red]a\x1b[2J\x07b\rc.mp4", duration=4.0, width=320, height=240)
    emulator.set_draft(sid, _hostile_draft())
    result = run_nemo("--session", sid, "status", env=env)
    assert result.code == 0, result
    assert inert(result.out + result.err)
    assert result.out.splitlines()[2:] == [
        "Media (1):",
        "  • [red]abc.mp4 (video, 4.0 s, 320x240)",
        "Timeline (3 tracks): 1. Video: [bold]clip[/bold].mp4 (0-4s) 2. BGM: Lo-fi (0-4s, 35%) "
        '3. Title: "safeEVIL [link=https://evil.example]x[/link]" (0-3s)',
    ]


@pytest.mark.slow
def test_status_draws_hostile_names_safely_in_a_terminal(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.add_media(sid, "[red]a\x1b[2J\x07b\rc.mp4", duration=4.0, width=320, height=240)
    emulator.set_draft(sid, _hostile_draft())
    shown = assert_terminal_safe(spawn(env, "--session", sid, "status"))
    assert "[red]abc.mp4" in shown and "[bold]clip[/bold].mp4" in shown


def test_status_json_keeps_names_as_data_and_escapes_every_control(
    emulator: Emulator, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    draft = _hostile_draft()
    emulator.set_draft(sid, draft)
    result = run_nemo("--session", sid, "status", "--json", env=env)
    assert result.code == 0, result
    assert inert(result.out)  # C0 and C1 controls are \\u escapes, even with raw UTF-8 output
    assert json.loads(result.out)["draft"] == draft  # the names arrive intact, as data


# ---------------------------------------------------------------- file names


EVIL_FILE = "[bold]my\x1b]52;c;ZXZpbA==\x07 clip\x1b[2J\r\x07.mp4"


@pytest.mark.parametrize("backend", ["cloud", "local"])
def test_uploading_a_file_with_a_hostile_name(
    emulator: Emulator, cloud: tuple[dict[str, str], str], tmp_path: Path, backend: str
) -> None:
    env, sid = cloud
    clip = tmp_path / EVIL_FILE
    emulator.sample.payload()
    shutil.copy(emulator.sample.path, clip)
    args = ("--session", sid) if backend == "cloud" else ()
    result = run_nemo(*args, "upload", str(clip), env={**env, "NEMO_BACKEND": backend})
    assert result.code == 0, result
    assert inert(result.out + result.err)
    first = result.out.splitlines()[0]
    if backend == "cloud":
        # Sent in httpx's form encoding (C0 controls but ESC as %XX); the cloud's echo of it
        # is cleaned.
        sent = EVIL_FILE.replace("\r", "%0D").replace("\x07", "%07")
        assert emulator.last("upload").files[0]["filename"] == sent
        # (the escaped BEL no longer ends the OSC sequence: the cleaner drops it up to ESC [2J)
        assert first.startswith("✓ [bold]my%0D%07.mp4 (video, ")
    else:
        assert first.startswith("✓ [bold]my clip.mp4 (video, ")


def test_a_missing_file_with_a_hostile_name_is_named_safely(
    cloud: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, _ = cloud
    missing = tmp_path / EVIL_FILE
    result = run_nemo("upload", str(missing), env=env)
    assert result.code == 5
    assert inert(result.out + result.err)
    assert "[bold]my clip.mp4" in result.err


# ---------------------------------------------------------------- download names


class _Suggests(BaseHTTPRequestHandler):
    """Serves a small MP4 under whatever name the test put in ``disposition``."""

    disposition = ""
    body = b""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Disposition", self.disposition)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def suggesting_server(emulator: Emulator) -> Iterator[type[_Suggests]]:
    emulator.sample.payload()
    handler = type("Handler", (_Suggests,), {"body": emulator.sample.path.read_bytes()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    yield handler
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("disposition", "saved"),
    [
        ('attachment; filename="../../../escape.mp4"', "escape.mp4"),
        ("attachment; filename*=UTF-8''..%2F..%2F..%2Fescape.mp4", "escape.mp4"),
        ('attachment; filename="/etc/cron.d/x.mp4"', "etc_cron.d_x.mp4"),
        ("attachment; filename*=UTF-8''%1B%5D52%3Bc%3Bx%07e.mp4", "52_c_x_e.mp4"),
        ('attachment; filename=".."', "download.mp4"),
    ],
)
def test_a_name_suggested_by_a_server_stays_in_the_session_folder(
    suggesting_server: type[_Suggests], isolated_home: Path, disposition: str, saved: str
) -> None:
    suggesting_server.disposition = disposition
    url = f"{suggesting_server.url}/get?id=1"  # type: ignore[attr-defined]
    result = run_nemo("--backend", "local", "upload", url)
    assert result.code == 0, result
    assert inert(result.out + result.err)
    sessions = isolated_home / "data" / "nemo" / "sessions"
    (folder,) = sessions.iterdir()
    mp4s = sorted(p.relative_to(isolated_home) for p in isolated_home.rglob("*.mp4"))
    assert mp4s == [(folder / saved).relative_to(isolated_home)]


@pytest.mark.slow
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(url_path=st.text(max_size=60), disposition=st.none() | st.text(max_size=80),
       ctype=st.none() | st.sampled_from(["video/mp4", "audio/mpeg", "text/html", ""]))  # fmt: skip
def test_download_names_never_leave_the_folder(
    url_path: str, disposition: str | None, ctype: str | None
) -> None:
    from urllib.parse import quote

    name = download_name("http://h/" + quote(url_path), disposition, ctype)
    folder = Path("/sessions/s1")
    assert name not in ("", ".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert (folder / name).parent == folder
    assert os.path.normpath(folder / name).startswith(str(folder) + "/")
    assert inert(name) and len(name) <= 120


@pytest.mark.parametrize(
    ("session_id", "name"),
    [
        ("7310000000000007919", "nemo-7310000000000007919-20260101-120000.mp4"),
        ("../../etc/passwd", "nemo-etcpasswd-20260101-120000.mp4"),
        ("\x1b]52;c;x\x07", "nemo-52cx-20260101-120000.mp4"),
        ("/", "nemo-render-20260101-120000.mp4"),
        (None, "nemo-render-20260101-120000.mp4"),
    ],
)
def test_the_default_export_name_is_made_of_safe_characters(
    session_id: str | None, name: str
) -> None:
    import datetime as dt

    assert default_name(session_id, dt.datetime(2026, 1, 1, 12, 0, 0)) == name
