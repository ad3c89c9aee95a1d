"""The chat as a new user meets it in a real terminal (pexpect, a pty 100x40): a multi-line paste
is one message, hints use the chat's words, ``nemo <command>`` lines run the command, "show me
0:01" draws the frame, and Ctrl-C during an export says so plainly, on a progress line that
never fills the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import run_nemo
from terminal import screen
from test_frames import color_clip
from test_repl import PROMPT, seen, spawn

from nemo_cli.backends.local.store import SessionStore
from nemo_cli.backends.local.timeline import from_draft


@pytest.mark.slow
def test_a_multi_line_paste_is_one_message(
    emulator: Any, cloud_env: dict[str, str], tmp_path: Path
) -> None:
    token = emulator.seed_token()
    sid = emulator.create_session(token)
    child = spawn({**cloud_env, "NEMO_TOKEN": token}, "--session", sid, cwd=tmp_path)
    child.expect_exact(PROMPT)
    # The REPL asks the terminal for bracketed paste; a terminal sends the markers only then.
    assert "\x1b[?2004h" in child.logfile_read.getvalue()
    child.send("\x1b[200~add music\rmake it vertical\rtitle 'Hi'\rcrossfade 1 second\x1b[201~")
    child.send("\r")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    assert emulator.session_messages(sid) == [
        "add music\nmake it vertical\ntitle 'Hi'\ncrossfade 1 second"
    ]


def _local(tmp_path: Path) -> pexpect.spawn:
    child = spawn(
        {"NEMO_BACKEND": "local", "NEMO_PICTURES": "blocks", "COLORTERM": "truecolor"}, cwd=tmp_path
    )
    child.expect_exact(PROMPT)
    return child


@pytest.mark.slow
def test_hints_use_the_chat_s_words_and_nemo_lines_run(tmp_path: Path) -> None:
    red = color_clip(tmp_path / "red.mp4", "red")
    child = _local(tmp_path)
    child.sendline("export")  # nothing on the timeline yet: the hint says what to type here
    child.expect_exact(PROMPT)
    shown = seen(child)
    assert "upload a.mp4 b.mp4" in shown and "combine my clips" in shown
    assert "nemo upload" not in shown and "nemo say" not in shown
    child.sendline(f"nemo upload {red}")  # as a hint in the shell would have said it
    child.expect_exact(PROMPT)
    assert "✓ red.mp4" in seen(child)
    child.sendline('nemo say "combine my clips"')
    child.expect_exact(PROMPT)
    shown = seen(child)
    assert "Put 'red.mp4' on the timeline" in shown, shown
    assert "Traceback" not in shown and "Failed" not in shown  # the library's logs stay quiet
    assert "1. red.mp4" in shown and "▀" in shown  # the thumbnail strip, once
    assert shown.count("Timeline ·") == 1
    child.sendline("show me 0:01")
    child.expect_exact(PROMPT)
    assert "0:01 · clip 1 red.mp4 (0-2s) · 1920x1080" in seen(child)
    child.sendline("nemo session list --json")  # no chat word for it: the command itself runs
    child.expect_exact(PROMPT)
    assert '"sessions"' in seen(child) or "local-" in seen(child)
    child.sendline("nemo --backend cloud")
    child.expect_exact(PROMPT)
    assert "For the cloud backend, leave (Ctrl-D) and run: nemo --backend cloud" in seen(child)
    child.sendeof()
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_ctrl_c_during_an_export_says_nothing_was_written(
    tmp_path: Path, isolated_home: Path
) -> None:
    from mediagen import make_image

    still = make_image(tmp_path / "still.png", size="320x240")
    done = run_nemo("--backend", "local", "--json", "upload", str(still))
    sid = json.loads(done.out)["session_id"]
    with SessionStore(isolated_home / "data" / "nemo" / "sessions").edit(sid) as session:
        session.timeline = from_draft(
            {  # an hour-long still: a render that outlives the test
                "t": [
                    {
                        "tt": 0,
                        "sg": [
                            {
                                "id": "v1",
                                "src": "m1",
                                "n": "still.png",
                                "k": "image",
                                "st": 0,
                                "d": 3_600_000,
                            }
                        ],
                    }
                ],
                "d": 3_600_000,
                "m": {"width": 1920, "height": 1080, "aspect": "16:9", "fit": "letterbox"},
            }
        )
    child = spawn({"NEMO_BACKEND": "local", "NEMO_PICTURES": "0"}, cwd=tmp_path)
    child.expect_exact(PROMPT)
    child.sendline("export")  # the default name is long: nemo-local-<date>-<id>-<date>.mp4
    child.expect("Rendering")
    child.expect(r"\d+\.\d/3600\.0 s")
    child.sendintr()
    child.expect_exact(PROMPT)
    raw = child.logfile_read.getvalue()
    after = raw[raw.rindex("Rendering") :]
    assert "Stopped: nothing was written." in after
    assert not re.search(r"\x1b\[31m[^\n]*Stopped", after)  # not a red "Error:"
    assert "Error" not in screen(after, columns=100, lines=40)
    assert list(tmp_path.glob("*.mp4")) == []
    lines = [line for line in screen(raw, 100, 40).splitlines() if "Rendering" in line]
    assert lines and all(len(line) <= 99 for line in lines), lines
    assert "…" in lines[-1]  # the long name, cut in the middle
    child.sendeof()
    child.expect(pexpect.EOF)
