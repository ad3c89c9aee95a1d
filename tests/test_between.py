"""What undo / redo took back or made again (backends/local/edit/between.py): two timelines in,
the typed changes out, and their words (a table)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nemo_cli.backends.local.edit.between import changes_between
from nemo_cli.backends.local.messages import words
from nemo_cli.backends.local.timeline import EMPTY, Clip, Frame, Music, Text, Timeline

A = Clip("v1", "m1", "a.mp4", duration_ms=4000)
B = Clip("v2", "m2", "b.mp4", duration_ms=3000)
C = Clip("v3", "m3", "c.jpg", kind="image", duration_ms=3000)
BASE = Timeline(clips=(A, B))
SONG = Music("a1", "m9", "song.wav", 0, 7000, volume=35)
HI = Text("x1", "Hi", 0, 2000, size="large")

ROWS: list[tuple[str, Timeline, Timeline, list[str]]] = [
    ("nothing", BASE, BASE, []),
    (
        "combined",
        EMPTY,
        Timeline(clips=(A, B, C)),
        ["Combined 2 clips and 1 photo into a 10.0 s timeline"],
    ),
    ("one clip placed", EMPTY, Timeline(clips=(A,)), ["Put 'a.mp4' on the timeline (4.0 s)"]),
    (
        "removed",
        BASE,
        Timeline(clips=(A,)),
        ["Removed clip 2 ('b.mp4'); the timeline is now 4.0 s"],
    ),
    ("swapped", BASE, Timeline(clips=(B, A)), ["Swapped clip 1 ('b.mp4') and clip 2 ('a.mp4')"]),
    (
        "reversed",
        Timeline(clips=(A, B, C)),
        Timeline(clips=(C, B, A)),
        ["Reversed the order of the 3 clips"],
    ),
    (
        "trimmed",
        BASE,
        Timeline(clips=(replace(A, in_ms=1000, duration_ms=2000), B)),
        ["Trimmed clip 1 ('a.mp4') to 0:01-0:03 (2.0 s)"],
    ),
    ("muted", BASE, Timeline(clips=(replace(A, volume=0), B)), ["Muted clip 1 ('a.mp4')"]),
    ("music added", BASE, replace(BASE, music=(SONG,)), ["Added music 'song.wav' to 0-7s at 35%"]),
    (
        "music quieter",
        replace(BASE, music=(SONG,)),
        replace(BASE, music=(replace(SONG, volume=20),)),
        ["Set the music volume to 20% (was 35%)"],
    ),
    ("music removed", replace(BASE, music=(SONG,)), BASE, ["Removed the music 'song.wav'"]),
    ("title added", BASE, replace(BASE, texts=(HI,)), ['Added title "Hi" (0-2s, center)']),
    (
        "title replaced",
        replace(BASE, texts=(HI,)),
        replace(BASE, texts=(replace(HI, text="Bye"),)),
        ['Replaced title "Hi" with "Bye" (0-2s, center)'],
    ),
    ("title removed", replace(BASE, texts=(HI,)), BASE, ['Removed title "Hi"']),
    (
        "a new title in place of the old",
        replace(BASE, texts=(HI,)),
        replace(BASE, texts=(Text("x2", "Hello", 0, 2000),)),
        ['Replaced title "Hi" with "Hello" (0-2s, center)'],
    ),
    (
        "a caption beside a title",
        replace(BASE, texts=(HI,)),
        replace(BASE, texts=(HI, Text("x2", "Hello", 0, 2000, role="caption"))),
        ['Added caption "Hello" (0-2s, center)'],
    ),
    (
        "vertical",
        BASE,
        replace(BASE, frame=Frame.sized("9:16")),
        ["Switched to vertical 9:16 (1080x1920)"],
    ),
    (
        "crossfades",
        BASE,
        replace(BASE, frame=Frame(crossfade_ms=1000)),
        ["Added 1.0 s crossfades between clips (timeline 6.0 s)"],
    ),
    (
        "reset",
        replace(BASE, texts=(HI,)),
        EMPTY,
        ["Started over: the timeline is empty (your uploads are still here)."],
    ),
]


@pytest.mark.parametrize(
    ("before", "after", "said"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_changes_between(before: Timeline, after: Timeline, said: list[str]) -> None:
    assert words(changes_between(before, after), "en") == said
