"""Hints worded for the shell (ui/shell_words.py): after `nemo say`, the reader is at a shell
prompt, where "Type `export`" would run the shell's own builtin (found by a new user)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mediagen import make_clip

from nemo_cli.entry import run
from nemo_cli.ui.shell_words import for_shell

ROWS = [
    (
        "Type `export` when you're happy, or `status` to see the timeline.",
        "Run `nemo export` when you're happy, or `nemo status` to see the timeline.",
    ),
    (
        "Type `status` to see the timeline, or `/help` for examples.",
        "Run `nemo status` to see the timeline, or `nemo chat` (then `/help`) for examples.",
    ),
    (
        "满意的话输入 `export`（或“导出”），输入 `status` 查看时间线。",
        "满意的话运行 `nemo export`，运行 `nemo status` 查看时间线。",
    ),
    (
        "输入 `status` 查看时间线，或输入 `/help` 查看示例。",
        "运行 `nemo status` 查看时间线，或运行 `nemo chat` 后输入 `/help` 查看示例。",
    ),
    # the cloud's GUI words, as ui.translate words them
    ("Done. Type `export` to download.", "Done. Run `nemo export` to download."),
    ("then type `credits`", "then run `nemo credits`"),
    # what is already a shell command, or no command at all, stays
    (
        "use the cloud backend: `nemo --backend cloud`.",
        "use the cloud backend: `nemo --backend cloud`.",
    ),
    ("Type export to download", "Type export to download"),
    ("no hint here", "no hint here"),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_for_shell(text: str, expected: str) -> None:
    assert for_shell(text) == expected


def test_say_names_the_shell_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clip = make_clip(tmp_path / "clip.mp4", 1.0)
    assert run(["--backend", "local", "upload", str(clip)]) == 0
    capsys.readouterr()
    assert run(["--backend", "local", "say", "make it vertical"]) == 0
    assert capsys.readouterr().out == (
        "Done:\n"
        "- Put 'clip.mp4' on the timeline (1.0 s)\n"
        "- Switched to vertical 9:16 (1080x1920)\n"
        "\n"
        "Run `nemo export` when you're happy, or `nemo status` to see the timeline.\n"
    )
    assert run(["--backend", "local", "say", "redo"]) == 0
    assert capsys.readouterr().out == (
        "There is nothing to redo.\n"
        "\n"
        "Run `nemo status` to see the timeline, or `nemo chat` (then `/help`) for examples.\n"
    )
