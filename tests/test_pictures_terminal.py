"""Asking the terminal what it draws (ui/pictures/ask.py): the answers read (a table), the
kind of terminal they are remembered under (a table), what is sent to a real pseudo-terminal
that never answers, answers sixel, or was named by the environment; and ``nemo status`` on a
pty that never answers: the question is sent once for that kind of terminal, never again, and
the pictures library sends none of its own."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from test_frames import color_clip

from nemo_cli.ui.pictures.ask import (
    CELL_SIZE,
    DEVICE_ATTRIBUTES,
    Memory,
    Reply,
    kind,
    parse,
    settle,
)
from nemo_cli.ui.pictures.detect import Mode

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- reading the answers

ANSWERS = [
    # (what was read, what it says)
    ("", Reply(False)),
    ("\x1b[?62;4;22c", Reply(True, sixel=True)),  # xterm -ti vt340
    ("\x1b[?64;1;2;6;9;15;18;21;22c", Reply(True)),  # xterm as a VT420: no sixel
    ("\x1b[?1;2c", Reply(True)),  # a VT100
    ("\x1b[?65;1;9;4c", Reply(True, sixel=True)),  # "4" anywhere in the list
    ("\x1b[?64;14c", Reply(True)),  # "14" is not "4"
    ("\x1b[6;20;10t\x1b[?62;4c", Reply(True, sixel=True, cell=(10, 20))),  # height;width
    ("\x1b[6;0;0t\x1b[?62c", Reply(True)),  # a zero size is no size
    ("\x1b[6;16;8t", Reply(False, cell=(8, 16))),  # the size, then the wait ran out
    ("x\x1b[?62;4c", Reply(True, sixel=True)),  # a typed-ahead key read with it
    ("\x1b[?62;4", Reply(False)),  # cut off: no answer
]


@pytest.mark.parametrize(("read", "reply"), ANSWERS)
def test_the_terminal_s_answers(read: str, reply: Reply) -> None:
    assert parse(read) == reply


KINDS = [
    ({}, "-"),
    ({"TERM": "xterm-256color"}, "TERM=xterm-256color"),
    (
        {"TERM": "xterm-256color", "TERM_PROGRAM": "vscode", "TERM_PROGRAM_VERSION": "1.95.3"},
        "TERM=xterm-256color TERM_PROGRAM=vscode TERM_PROGRAM_VERSION=1.95.3",
    ),
    (
        {"TERM": "xterm", "XTERM_VERSION": "XTerm(390)", "HOME": "/h"},
        "TERM=xterm XTERM_VERSION=XTerm(390)",
    ),
    ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, "TERM=xterm-256color VTE_VERSION=7600"),
]


@pytest.mark.parametrize(("environ", "key"), KINDS)
def test_the_kind_of_terminal(environ: dict[str, str], key: str) -> None:
    assert kind(environ) == key


def test_memory_survives_a_damaged_file(tmp_path: Path) -> None:
    memory = Memory(tmp_path)
    assert memory.recall("TERM=xterm") is None
    memory.keep("TERM=xterm", Reply(True, sixel=True, cell=(9, 18)))
    memory.keep("TERM=foo", Reply(False))
    assert memory.recall("TERM=xterm") == Reply(
        True, sixel=True
    )  # not the size: it follows the font
    assert memory.recall("TERM=foo") == Reply(False)
    (tmp_path / "terminals.json").write_text("{not json")
    assert memory.recall("TERM=xterm") is None


# ---------------------------------------------------------------- a real pseudo-terminal


class Pty:
    """A pseudo-terminal: nemo's side is ``fds`` (stdin, stdout); the terminal's side reads
    what nemo sent (``sent()``) and, if given ``answer``, answers each device-attributes query
    with it (and a cell-size query with 10x20)."""

    def __init__(self, answer: str | None = None, pixels: tuple[int, int] | None = None) -> None:
        self.master, self.slave = os.openpty()
        if pixels:  # the window size in pixels, as a terminal that tells the kernel sets it
            size = struct.pack("HHHH", 30, 100, 100 * pixels[0], 30 * pixels[1])
            fcntl.ioctl(self.slave, termios.TIOCSWINSZ, size)
        self.answer = answer
        self.read = ""
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def fds(self) -> tuple[int, int]:
        return (self.slave, self.slave)

    def _serve(self) -> None:
        seen = 0
        while not self._stop:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if not ready:
                continue
            try:
                self.read += os.read(self.master, 1024).decode("latin-1")
            except OSError:
                return
            while self.answer is not None and self.read.count(DEVICE_ATTRIBUTES) > seen:
                seen += 1
                size = "\x1b[6;20;10t" if CELL_SIZE in self.read else ""
                os.write(self.master, (size + self.answer).encode())

    def sent(self) -> str:
        """Everything nemo's side wrote, once it has all arrived."""
        self._stop = True
        self._thread.join()
        while select.select([self.master], [], [], 0)[0]:
            self.read += os.read(self.master, 1024).decode("latin-1")
        return self.read

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def ptys() -> Iterator[list[Pty]]:
    made: list[Pty] = []
    yield made
    for pty in made:
        pty.close()


def _settle(
    made: list[Pty],
    memory: Memory,
    mode: Mode = "blocks",
    may_ask: bool = True,
    **pty: Any,
) -> tuple[tuple[Mode, tuple[int, int] | None], str]:
    """``settle`` on a new pty; returns its result and what the pty received."""
    terminal = Pty(**pty)
    made.append(terminal)
    found = settle(mode, may_ask, terminal.fds, "TERM=xterm-256color", memory)
    return found, terminal.sent()


def test_a_silent_terminal_is_asked_once_for_its_kind(tmp_path: Path, ptys: list[Pty]) -> None:
    memory = Memory(tmp_path)
    found, sent = _settle(ptys, memory)
    assert found == ("blocks", None)
    assert sent.count(DEVICE_ATTRIBUTES) == 1  # asked once, the wait bounded by TIMEOUT
    assert memory.recall("TERM=xterm-256color") == Reply(False)
    found, sent = _settle(ptys, memory)  # the same kind of terminal, later: not asked again
    assert found == ("blocks", None) and sent == ""


def test_a_sixel_terminal_is_found_by_its_answer(tmp_path: Path, ptys: list[Pty]) -> None:
    memory = Memory(tmp_path)
    found, sent = _settle(ptys, memory, answer="\x1b[?62;4;22c")
    assert found == ("sixel", (10, 20))  # the cell size asked with it (the kernel had none)
    assert sent == CELL_SIZE + DEVICE_ATTRIBUTES
    assert memory.recall("TERM=xterm-256color") == Reply(True, sixel=True)
    # Later, with the size from the kernel: nothing to ask at all.
    found, sent = _settle(ptys, memory, answer="\x1b[?62;4;22c", pixels=(9, 18))
    assert found == ("sixel", (9, 18)) and sent == ""


def test_a_terminal_without_sixel_draws_half_blocks(tmp_path: Path, ptys: list[Pty]) -> None:
    memory = Memory(tmp_path)
    found, sent = _settle(ptys, memory, answer="\x1b[?64;1;2;6;22c", pixels=(9, 18))
    assert found == ("blocks", (9, 18)) and sent == DEVICE_ATTRIBUTES
    found, sent = _settle(ptys, memory, answer="\x1b[?64;1;2;6;22c")
    assert found == ("blocks", None) and sent == ""  # half-blocks need no cell size


def test_a_terminal_the_environment_named_is_not_asked(tmp_path: Path, ptys: list[Pty]) -> None:
    found, sent = _settle(ptys, Memory(tmp_path), may_ask=False)
    assert found == ("blocks", None) and sent == ""
    # kitty or sixel named: only the cell size, and only when the kernel does not have it.
    found, sent = _settle(ptys, Memory(tmp_path), "kitty", False, pixels=(8, 16))
    assert found == ("kitty", (8, 16)) and sent == ""
    found, sent = _settle(ptys, Memory(tmp_path), "sixel", False)
    assert found == ("sixel", None) and sent == CELL_SIZE + DEVICE_ATTRIBUTES
    found, sent = _settle(ptys, Memory(tmp_path), "sixel", False)  # it did not answer: not again
    assert found == ("sixel", None) and sent == ""


def test_not_a_terminal_is_never_asked(tmp_path: Path) -> None:
    assert settle("blocks", True, None, "TERM=xterm", Memory(tmp_path)) == ("blocks", None)
    assert not (tmp_path / "terminals.json").exists()


# ---------------------------------------------------------------- nemo status on a silent pty

# What the pictures library itself would send: a kitty graphics query, the cell size, and the
# device attributes (counted separately: nemo sends that one, once).
LIBRARY_QUERIES = re.compile(r"\x1b_G[^\x1b]*a=q")


def _status(env: dict[str, str]) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "nemo_cli", "--backend", "local", "status"],
        env=env,
        cwd=str(REPO),
        encoding="latin-1",  # the queries are bytes to count, whatever the pictures are
        timeout=60,
        dimensions=(30, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


@pytest.mark.slow
def test_nemo_status_on_a_terminal_that_never_answers(nemo: Any, tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    assert (
        nemo("--backend", "local", "upload", str(color_clip(folder / "red.mp4", "red"))).code == 0
    )
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    for name in ("NEMO_PICTURES", "TERM_PROGRAM", "TMUX", "VTE_VERSION", "KITTY_WINDOW_ID"):
        env.pop(name, None)
    first = _status(env)
    assert first.count(DEVICE_ATTRIBUTES) == 1  # nemo asked, once
    assert not LIBRARY_QUERIES.search(first)  # the library asked nothing
    assert "▀".encode().decode("latin-1") in first  # and the strip was drawn, in half-blocks
    again = _status(env)
    assert DEVICE_ATTRIBUTES not in again and CELL_SIZE not in again  # this kind is known
    assert not LIBRARY_QUERIES.search(again)
    assert "▀".encode().decode("latin-1") in again
    # A terminal the environment names is never asked.
    named = _status({**env, "TERM": "xterm-kitty"} | {"NEMO_PICTURES": "blocks"})
    assert DEVICE_ATTRIBUTES not in named


@pytest.mark.slow
def test_the_chat_on_a_terminal_that_never_answers(tmp_path: Path) -> None:
    from test_repl import PROMPT, spawn

    red = color_clip(tmp_path / "red.mp4", "red")
    blue = color_clip(tmp_path / "blue.mp4", "blue")
    env = {"NEMO_BACKEND": "local", "COLORTERM": "truecolor", "NEMO_PICTURES": ""}
    chats = [
        [f"upload {red} {blue}", "combine my clips", "make it vertical"],
        ["make it square", "make it vertical"],  # later, in the same kind of terminal
    ]
    for n, lines in enumerate(chats):
        child = spawn(env, cwd=tmp_path)
        child.expect_exact(PROMPT)
        for line in lines:
            child.sendline(line)
            child.expect_exact(PROMPT)
        child.sendeof()
        child.expect(pexpect.EOF)
        shown = child.logfile_read.getvalue()
        assert shown.count("▀") > 200  # a strip after each edit, in half-blocks
        assert shown.count(DEVICE_ATTRIBUTES) == (1 if n == 0 else 0)  # once, never again
        assert not LIBRARY_QUERIES.search(shown)


@pytest.mark.slow
def test_nemo_status_in_the_background_is_not_stopped(nemo: Any, tmp_path: Path) -> None:
    """`nemo status &` in a shell with job control: a background job that sets the terminal's
    mode (to read an answer) is stopped by the kernel (SIGTTOU), so it is not asked then."""
    folder = tmp_path / "clips"
    folder.mkdir()
    assert (
        nemo("--backend", "local", "upload", str(color_clip(folder / "red.mp4", "red"))).code == 0
    )
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    env = {**os.environ, "TERM": "xterm-256color", "PS1": "$ "}
    for name in ("NEMO_PICTURES", "TERM_PROGRAM", "TMUX", "VTE_VERSION", "KITTY_WINDOW_ID"):
        env.pop(name, None)
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env=env,
        cwd=str(REPO),
        encoding="latin-1",
        timeout=60,
        dimensions=(30, 100),
    )
    shell.expect_exact("$ ")
    shell.sendline(f"{sys.executable} -m nemo_cli --backend local status & wait $!; echo status=$?")
    shell.expect(r"status=(\d+)")  # a stopped job would never get here
    assert shell.match.group(1) == "0"
    assert DEVICE_ATTRIBUTES not in shell.before  # not asked from the background
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
