"""What `nemo upload` says about a folder: the command to type names that folder (found by a
new user: `nemo upload adir` suggested `nemo upload dir/*.mp4`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_cli.entry import run


@pytest.mark.parametrize(
    ("folder", "hint"),
    [
        ("adir", "Name the files inside it, e.g. nemo upload adir/*.mp4"),
        ("my clips/", "Name the files inside it, e.g. nemo upload 'my clips'/*.mp4"),
    ],
)
def test_a_folder_is_named_in_the_hint(
    folder: str,
    hint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path)
    assert run(["--backend", "local", "upload", folder]) == 5
    assert capsys.readouterr().err == (
        f"Error: {folder.rstrip('/')} is a directory, not a media file.\n{hint}\n"
    )
