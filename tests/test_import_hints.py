"""`nemo import` of a media or subtitle file points at `nemo upload` (found by a new user:
`nemo import talk.srt` said only that .srt is not a timeline file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_cli.entry import run


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("talk.srt", "talk.srt is a subtitle file"),
        ("my clip.mp4", "my clip.mp4 is a video file"),
        ("song.m4a", "song.m4a is an audio file"),
        ("cover.png", "cover.png is an image file"),
    ],
)
def test_media_given_to_import(
    name: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / name).write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    assert run(["--backend", "local", "import", name]) == 5
    quoted = f"'{name}'" if " " in name else name
    assert capsys.readouterr().err == (
        f"Error: {said}: import reads timelines (.otio .xml .fcpxml .edl).\n"
        f"Add it to the session with: nemo upload {quoted}\n"
    )


def test_an_unknown_file_still_names_the_timeline_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["--backend", "local", "import", "notes.txt"]) == 5
    assert capsys.readouterr().err == (
        "Error: notes.txt is not a timeline file nemo reads.\n"
        "Timeline files: .otio .xml .fcpxml .edl (or say --format).\n"
    )
