"""`nemo export -o NAME`: the extension decides what is written, and a name nemo cannot honour
is refused before anything is rendered (found by a new user: ``-o x.txt`` rendered an MP4 into
x.txt, ``-o x.mkv`` an MP4 under a Matroska name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mediagen import make_clip

from nemo_cli.commands.export import output_format
from nemo_cli.entry import run
from nemo_cli.errors import UsageError

LOCAL = ["--backend", "local"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cut.mp4", ("mp4", "render")),
        ("cut.MOV", ("mp4", "render")),
        ("cut.m4v", ("mp4", "render")),
        ("cut", ("mp4", "render")),
        ("cut.srt", ("srt", "captions")),
        ("cut.otio", ("otio", "timeline")),
    ],
)
def test_names_nemo_writes(name: str, expected: tuple[str, str]) -> None:
    assert output_format(Path(name), None) == expected


@pytest.mark.parametrize("name", ["cut.txt", "cut.mkv", "cut.webm", "cut.gif"])
def test_names_nemo_does_not_write(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        output_format(Path(name), None)
    suffix = name.rsplit(".", 1)[1]
    assert caught.value.message == f"nemo does not write .{suffix} files ({name})."
    assert caught.value.hint == (
        "Name the output with one of: .mp4 .m4v .mov .otio .xml .fcpxml .edl .srt .vtt .ass "
        ".ssa (or choose with --format)."
    )


def test_export_to_a_text_name_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clip = make_clip(tmp_path / "clip.mp4", 1.0)
    assert run([*LOCAL, "upload", str(clip)]) == 0
    assert run([*LOCAL, "say", "combine my clips"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert run([*LOCAL, "export", "-o", "x.txt"]) == 2
    assert capsys.readouterr().err.startswith("Error: nemo does not write .txt files (x.txt).\n")
    assert not (tmp_path / "x.txt").exists()
    assert run([*LOCAL, "export", "-o", "x.txt", "--format", "srt"]) == 1  # no captions: says so


def test_export_help_names_the_captions_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "Captions (no render): -o talk.srt, talk.vtt or talk.ass." in shown
    assert "--format <str> mp4, srt, vtt, ass, otio, fcpxml, fcp7 or edl" in shown
