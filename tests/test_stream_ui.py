"""Drawing a turn's events: plain (piped), terminal (through pyte's emulator), silent (--json)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_backend import MUSIC_DRAFT, VIDEO_DRAFT, chunks, make_env
from rich.console import Console
from rich.text import Text
from terminal import screen

from nemo_cli.backends.base import (
    Done,
    DraftChanged,
    ErrorEvent,
    Event,
    Heartbeat,
    TextDelta,
    ToolActivity,
)
from nemo_cli.env import Env
from nemo_cli.errors import NetworkError
from nemo_cli.ui.stream import PlainOutput, StreamResult, draw_stream

ADDED = "Added music 'Lo-fi' to 0-10s at 35%"
SUMMARY = "Timeline (2 tracks): 1. Video: city.mp4 (0-10s) 2. BGM: Lo-fi (0-10s, 35%)"
PICTURE = """\
Timeline · 10s · 1920x1080
       0s            2s             4s            6s             8s         10s
       ┬─────────────┬──────────────┬─────────────┬──────────────┬────────────┬
Video  [city.mp4 0-10s────────────────────────────────────────────────────────]
BGM    [Lo-fi 0-10s 35%───────────────────────────────────────────────────────]"""
# After an edit the timeline is drawn once: the picture, not the one-line summary as well.


def out(env: Env) -> str:
    value = env.stdout.getvalue()  # type: ignore[attr-defined]
    return screen(value) if env.stdout_isatty else value


def err(env: Env) -> str:
    return env.stderr.getvalue()  # type: ignore[attr-defined]


def no_text_edit() -> list[Event]:
    return [
        ToolActivity("edit_timeline", "call", "editing timeline..."),
        Heartbeat(),
        ToolActivity("edit_timeline", "result", "editing timeline..."),
        DraftChanged(VIDEO_DRAFT, MUSIC_DRAFT, [ADDED]),
        Done("", ["edit_timeline"]),
    ]


# ---------------------------------------------------------------- plain (stdout not a terminal)


def test_plain_text_lines_as_they_arrive(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    text = "Hello there.\nI trimmed clip 2 to **4 s**.\n\nClick Export when you're happy."
    result = draw_stream(env, chunks(text, 5))
    assert out(env) == (
        "Hello there.\nI trimmed clip 2 to **4 s**.\n\nType `export` when you're happy.\n"
    )
    assert err(env) == ""
    assert result.reply == (
        "Hello there.\nI trimmed clip 2 to **4 s**.\n\nType `export` when you're happy."
    )
    assert result.raw == text
    assert (result.draft_changed, result.interrupted, result.errors) == (False, False, [])


def test_plain_chunks_split_inside_words_and_phrases(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    events: list[Event] = [TextDelta(c) for c in "Drag your clips into the upload area.\nOk"]
    draw_stream(env, [*events, Done("")])
    assert out(env) == (
        "Type `upload` and the file's path (or drop the file into this terminal).\nOk\n"
    )


def test_text_only_in_done_is_shown(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    result = draw_stream(env, [Done("All set.")])
    assert out(env) == "All set.\n"
    assert result.reply == "All set."


def test_plain_no_text_edit_says_what_changed(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    result = draw_stream(env, no_text_edit())
    assert out(env) == f"{ADDED}\n{SUMMARY}\n"
    assert result.draft_changed and result.timeline_shown
    assert result.changes == [ADDED]
    assert result.tool_calls == ["edit_timeline"]
    assert result.reply == ""


def test_plain_edit_with_text_prints_only_the_text(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    events = [*chunks("Added Lo-fi at 35%.")[:-1], DraftChanged(VIDEO_DRAFT, MUSIC_DRAFT, [ADDED])]
    result = draw_stream(env, [*events, Done("Added Lo-fi at 35%.")])
    assert out(env) == "Added Lo-fi at 35%.\n"
    assert result.draft_changed and not result.timeline_shown


def test_unnamed_change_is_still_said(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    draw_stream(env, [DraftChanged(VIDEO_DRAFT, MUSIC_DRAFT, []), Done("")])
    assert out(env) == f"Updated the timeline\n{SUMMARY}\n"


def test_plain_error_event(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    events: list[Event] = [
        TextDelta("Working on it\n"),
        ErrorEvent("Model overloaded \x1b[31m[red]try later[/red]", "MODEL_ERROR"),
        Done(""),
    ]
    result = draw_stream(env, events)
    assert out(env) == "Working on it\n"
    assert err(env) == "Error: Model overloaded [red]try later[/red]\n"
    assert result.errors == ["Model overloaded [red]try later[/red]"]


def test_markup_and_escape_sequences_are_shown_literally(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    hostile = (
        "[bold red]not bold[/bold red] [link=http://evil]x[/link]\n"
        "clip\x1b]52;c;ZXZpbA==\x07board \x1b[2Jclear \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\n"
        "over\rwrite\x07 bell\n"
    )
    draw_stream(env, chunks(hostile, 3))
    assert out(env) == (
        "[bold red]not bold[/bold red] [link=http://evil]x[/link]\n"
        "clipboard clear link\n"
        "overwrite bell\n"
    )


def test_heartbeats_print_still_working_every_interval(tmp_path: Path) -> None:
    env = make_env(tmp_path, NEMO_PROGRESS_INTERVAL="10")
    now = [0.0]

    def events() -> Iterator[Event]:
        for _ in range(25):  # 25 heartbeats, 1 s apart: notices at 10 s and 20 s
            now[0] += 1.0
            yield Heartbeat()
        yield TextDelta("Done editing.")
        now[0] += 5
        yield Heartbeat()  # 5 s after text: not yet
        yield Done("Done editing.")

    result = draw_stream(env, events(), clock=lambda: now[0])
    assert err(env) == "Still working...\nStill working...\n"
    assert out(env) == "Done editing.\n"
    assert result.reply == "Done editing."


def test_default_interval_is_two_minutes(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    now = [0.0]

    def events() -> Iterator[Event]:
        for _ in range(5):
            now[0] += 30
            yield Heartbeat()
        yield Done("")

    draw_stream(env, events(), clock=lambda: now[0])
    assert err(env) == "Still working...\n"  # at 120 s; 150 s is 30 s after it


def test_dropped_stream_keeps_what_arrived_and_raises(tmp_path: Path) -> None:
    env = make_env(tmp_path)

    def events() -> Iterator[Event]:
        yield TextDelta("First line\nhalf a li")
        raise NetworkError("The connection to 127.0.0.1 dropped.")

    with pytest.raises(NetworkError):
        draw_stream(env, events())
    assert out(env) == "First line\nhalf a li\n"


class _InterruptOnLine(PlainOutput):
    """Ctrl-C arriving while a line is drawn (the stream is then suspended, not finished)."""

    def __init__(self, env: Env, at: str) -> None:
        super().__init__(env)
        self.at = at

    def line(self, text: str) -> None:
        super().line(text)
        if text == self.at:
            raise KeyboardInterrupt


def test_ctrl_c_stops_drawing_and_closes_the_stream(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    closed: list[bool] = []
    produced: list[int] = []

    def events() -> Iterator[Event]:
        try:
            for i in range(1000):
                produced.append(i)
                yield TextDelta(f"line {i}\n")
            yield Done("")
        finally:
            closed.append(True)

    result = draw_stream(env, events(), output=_InterruptOnLine(env, "line 2"))
    assert result.interrupted
    assert closed == [True]
    assert len(produced) == 3
    assert out(env) == "line 0\nline 1\nline 2\n"
    assert err(env) == "Stopped.\n"


def test_ctrl_c_while_waiting_for_the_backend(tmp_path: Path) -> None:
    env = make_env(tmp_path)

    def events() -> Iterator[Event]:
        yield TextDelta("partial")
        raise KeyboardInterrupt  # SIGINT while blocked reading the socket

    result = draw_stream(env, events())
    assert result.interrupted and result.reply == "partial"
    assert out(env) == "partial\n"
    assert err(env) == "Stopped.\n"


def test_json_draws_nothing(tmp_path: Path) -> None:
    env = make_env(tmp_path, json=True)
    result = draw_stream(env, [*chunks("Click Export."), *no_text_edit()[3:]])
    assert (out(env), err(env)) == ("", "")
    assert result.reply == "Type `export`."
    assert result.changes == [ADDED]


# ---------------------------------------------------------------- terminal (through a VT)


def test_terminal_markdown_and_spinner_labels(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    text = (
        "# Done\nI **added** [bold]music[/bold] at *35%*.\n- clip 1\n- clip 2\n"
        "```\ncode [red]x\n```\nPreview it in the timeline."
    )
    events: list[Event] = [
        ToolActivity("add_bgm", "call", "adding music..."),
        ToolActivity("add_bgm", "result", "adding music..."),
        *chunks(text, 4),
    ]
    result = draw_stream(env, events)
    assert out(env) == (
        "Done\n"
        "I added [bold]music[/bold] at 35%.\n"
        " • clip 1\n"
        " • clip 2\n"
        "    code [red]x\n"
        "Type status to see the timeline."
    )
    assert result.tool_calls == ["add_bgm"]
    assert result.mentions_timeline


def test_terminal_no_text_edit_draws_the_picture(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    result = draw_stream(env, no_text_edit())
    assert out(env) == f"✓ {ADDED}\n{PICTURE}"
    assert result.timeline_shown


def test_terminal_edit_with_text_draws_the_picture_after_it(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    events = [*chunks("Music added.")[:-1], DraftChanged(VIDEO_DRAFT, MUSIC_DRAFT, [ADDED])]
    draw_stream(env, [*events, Done("Music added.")])
    assert out(env) == f"Music added.\n{PICTURE}"


def test_terminal_error_and_table(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    events: list[Event] = [
        *chunks("| clip | length |\n|---|---|\n| a.mp4 | 5s |\nafter\n", 3)[:-1],
        ErrorEvent("quota reached"),
        Done(""),
    ]
    draw_stream(env, events)
    # The table is drawn whole once its last row is in (Rich's markdown table).
    assert out(env) == (
        "\n\n clip   length\n ─────────────\n a.mp4  5s\n\nafter\nError: quota reached"
    )


@pytest.mark.slow
def test_terminal_reply_taller_than_the_screen_has_no_duplicates(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    lines = [f"Line {i}: " + "word " * (i % 23) for i in range(400)]
    draw_stream(env, chunks("\n".join(lines), 3))
    # What the same lines look like printed once each, with nothing live around them.
    expected = io.StringIO()
    plain = Console(file=expected, width=80, color_system=None, force_terminal=True)
    for line in lines:
        plain.print(Text(line))
    assert out(env) == screen(expected.getvalue())
    assert out(env).count("Line 399:") == 1


class _WholeReplyLive:
    """The renderer the test above guards against: the whole reply so far in a Live area
    (overflow visible, redrawn on every chunk), printed for good when the Live stops."""

    def __init__(self, console: Console) -> None:
        from rich.live import Live

        self.text = ""
        self.console = console
        self.live = Live(
            Text(""),
            console=console,
            auto_refresh=False,
            transient=True,
            vertical_overflow="visible",
        )

    def draw(self, pieces: list[str]) -> str:
        self.live.start(refresh=True)
        for piece in pieces:
            self.text += piece
            self.live.update(Text(self.text), refresh=True)
        self.live.stop()
        for line in self.text.split("\n"):
            self.console.print(Text(line))
        return self.console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_screen_catches_a_live_area_taller_than_the_screen() -> None:
    """The emulator keeps what scrolled off the screen: redrawing a live area taller than the
    screen leaves copies behind, which a person would see (and the test above would catch)."""
    lines = [f"Line {i}: " + "word " * (i % 9) for i in range(60)]
    text = "\n".join(lines)
    console = Console(file=io.StringIO(), width=80, color_system=None, force_terminal=True)
    pieces = [text[i : i + 40] for i in range(0, len(text), 40)]
    shown = screen(_WholeReplyLive(console).draw(pieces))
    expected = io.StringIO()
    plain = Console(file=expected, width=80, color_system=None, force_terminal=True)
    for line in lines:
        plain.print(Text(line))
    assert shown != screen(expected.getvalue())
    assert shown.count("Line 0:") > 1


@pytest.mark.slow
def test_terminal_50k_chunk_reply_costs_linear_output(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)
    words = [f"w{i} " for i in range(50_000)]  # one giant line, then a short one
    events: list[Event] = [TextDelta(w) for w in words]
    events += [TextDelta("\nend"), Done("")]
    result = draw_stream(env, events)
    written = len(env.stdout.getvalue())  # type: ignore[attr-defined]
    assert result.raw == "".join(words) + "\nend"
    # Every byte of the reply is printed once; the live area adds a bounded amount per
    # refresh (a few short lines), never the whole text again.
    assert written < 2 * len(result.raw) + 200_000
    assert out(env).endswith("w49999\nend")


def test_terminal_stopped_notice(tmp_path: Path) -> None:
    env = make_env(tmp_path, tty=True)

    def events() -> Iterator[Event]:
        yield TextDelta("Partial answ")
        raise KeyboardInterrupt

    result = draw_stream(env, events())
    assert result.interrupted
    assert out(env) == "Partial answ\nStopped."


def test_result_defaults() -> None:
    assert StreamResult().mentions_timeline is False
