"""Hints worded for the chat (ui/chat_words.py): exact text in, exact text out."""

from __future__ import annotations

import pytest

from nemo_cli.ui.chat_words import for_chat

ROWS = [
    (
        'Upload clips (nemo upload a.mp4 b.mp4), then say what to do: nemo say "combine my clips".',
        "Upload clips (upload a.mp4 b.mp4), then say what to do: combine my clips.",
    ),
    ("Start with: nemo upload clip.mp4", "Start with: upload clip.mp4"),
    (
        'Next: nemo say "combine my clips, add background music"',
        "Next: combine my clips, add background music",
    ),
    ("Happy with it? nemo export -o video.mp4", "Happy with it? export -o video.mp4"),
    ("Type `nemo status` to see the timeline.", "Type `status` to see the timeline."),
    ("See what is left: nemo credits", "See what is left: credits"),
    ("Start a new one: nemo session new", "Start a new one: /new"),
    (
        "没有可以合并的视频或照片：请先上传（nemo upload clip.mp4）",
        "没有可以合并的视频或照片：请先上传（upload clip.mp4）",
    ),
    # commands with no chat words stay: a line starting with nemo runs them in the chat
    (
        "Pick it up with: nemo export --resume --render-id r1",
        "Pick it up with: nemo export --resume --render-id r1",
    ),
    (
        "use the cloud backend: `nemo --backend cloud`.",
        "use the cloud backend: `nemo --backend cloud`.",
    ),
    ("nemo login --token T", "nemo login --token T"),
    ("nemo exports mp4.", "nemo exports mp4."),
    ("no hint here", "no hint here"),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_for_chat(text: str, expected: str) -> None:
    assert for_chat(text) == expected
