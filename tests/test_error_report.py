"""How an error reads on stderr: exact text, wrapped at word boundaries on a terminal."""

from __future__ import annotations

import io

import pytest

from nemo_cli.errors import InputError
from nemo_cli.ui.report import report_error, terminal_width


def _report(err: InputError, **kw: object) -> str:
    stream = io.StringIO()
    report_error(err, stderr=stream, as_json=False, verbose=False, **kw)  # type: ignore[arg-type]
    return stream.getvalue()


_ERR = InputError(
    "Not a video, picture or sound file: holiday-notes.txt",
    hint="Give nemo an mp4, mov, mkv, webm, jpg, png, mp3, m4a or wav file,"
    " or run nemo upload --help",
)


def test_a_narrow_terminal_gets_whole_words() -> None:
    assert _report(_ERR, width=40) == (
        "Error: Not a video, picture or sound\n"
        "       file: holiday-notes.txt\n"
        "Give nemo an mp4, mov, mkv, webm, jpg,\n"
        "png, mp3, m4a or wav file, or run nemo\n"
        "upload --help\n"
    )


def test_colour_codes_take_no_columns() -> None:
    text = _report(_ERR, width=40, color=True)
    assert text.startswith("\x1b[31mError:\x1b[0m Not a video, picture or sound\n")
    assert text.endswith("upload --help\x1b[0m\n")


def test_a_pipe_gets_one_line_each() -> None:
    assert _report(_ERR) == (
        "Error: Not a video, picture or sound file: holiday-notes.txt\n"
        "Give nemo an mp4, mov, mkv, webm, jpg, png, mp3, m4a or wav file, or run nemo upload"
        " --help\n"
    )


def test_a_long_path_is_not_cut() -> None:
    path = "/home/someone/videos/" + "x" * 60 + ".mp4"
    text = _report(InputError(f"Cannot read {path}"), width=40)
    assert text == f"Error: Cannot read\n       {path}\n"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_width_comes_from_columns_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "33")
    assert terminal_width(_Tty()) == 33
    assert terminal_width(io.StringIO()) is None
    assert _report(_ERR).count("\n") == 2
    stream = _Tty()
    report_error(_ERR, stderr=stream, as_json=False, verbose=False)
    assert max(len(line) for line in stream.getvalue().splitlines()) <= 33
    assert "upload --help" in stream.getvalue()
