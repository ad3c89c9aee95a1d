"""`export to NAME.srt` / `NAME.otio` typed in the chat writes that file, as `nemo export -o`
does: the extension decides, in the chat as in the shell (found by a new user: the chat rendered
an MP4 into ``y.srt``). The real CLI, in-process, on a local session with a subtitle upload."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from mediagen import make_clip

from nemo_cli.entry import run

LOCAL = ["--backend", "local"]


def chat(lines: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    return run([*LOCAL, "chat"])


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local session with one clip on the timeline and a captions track."""
    clip = make_clip(tmp_path / "clip.mp4", 2.0)
    subs = tmp_path / "in.srt"
    subs.write_text("1\n00:00:00,500 --> 00:00:01,500\nHello there\n", encoding="utf-8")
    assert run([*LOCAL, "upload", str(clip), str(subs)]) == 0
    assert run([*LOCAL, "say", "combine my clips"]) == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_to_a_captions_file_in_the_chat(
    session: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert chat("export to out.srt\nexport -o out.vtt\n", monkeypatch) == 0
    shown = capsys.readouterr().out
    assert (session / "out.srt").read_text(encoding="utf-8") == (
        "1\n00:00:00,500 --> 00:00:01,500\nHello there\n\n"
    )
    assert (session / "out.vtt").read_text(encoding="utf-8").startswith("WEBVTT\n")
    assert f"✓ Saved {session / 'out.srt'} (1 caption, srt)" in shown
    assert "Rendering" not in shown


def test_export_to_a_timeline_file_in_the_chat(
    session: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert chat("export to cut.otio\n", monkeypatch) == 0
    assert '"OTIO_SCHEMA": "Timeline.1"' in (session / "cut.otio").read_text(encoding="utf-8")
    assert f"✓ Saved {session / 'cut.otio'} (OpenTimelineIO: 1 clip" in capsys.readouterr().out


def test_a_timeline_file_says_the_captions_stay_behind(
    session: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run([*LOCAL, "export", "-o", "cut.edl"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Not in this format: the clips' own sound; the captions (write them with: nemo export -o "
        "cut.srt)"
    ]
    assert run([*LOCAL, "--json", "export", "-o", "cut.otio"]) == 0
    assert json.loads(capsys.readouterr().out)["not_carried"] == [
        "the captions (write them with: nemo export -o cut.srt)"
    ]


def test_the_chat_help_names_files_and_undo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert chat("/help\n", monkeypatch) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "  export to FILE.srt   the captions (also .vtt, .ass)" in shown
    undo = "  undo, redo           take back the last change, or put it back (also: 撤销, 重做)"
    assert undo in shown
