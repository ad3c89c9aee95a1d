"""Pictures in the terminal: when they are drawn (a table), the escape sequences each protocol
gets (kitty's ``ESC _G`` APC, sixel's ``ESC P ... q``, half-block cells with their colours),
none when piped, with --json or turned off; and ``nemo status`` / the chat in a real pty."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from fake_backend import Terminal
from test_frames import color_clip

from nemo_cli.actions import show_strip
from nemo_cli.backends.local.backend import LocalBackend
from nemo_cli.config import Paths
from nemo_cli.env import Env
from nemo_cli.ui.pictures.detect import decide

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- when, and with what

TTY = {"stdout_tty": True, "stdin_tty": True}
DECISIONS: list[tuple[str, dict[str, str], dict[str, Any], str, str]] = [
    # (case, environment, options, mode, colours)
    ("plain xterm", {"TERM": "xterm-256color"}, {}, "blocks", "256"),
    (
        "true colour",
        {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
        {},
        "blocks",
        "truecolor",
    ),
    ("kitty", {"TERM": "xterm-kitty"}, {}, "kitty", "truecolor"),
    ("kitty by window id", {"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, {}, "kitty", "256"),
    ("ghostty", {"TERM_PROGRAM": "ghostty", "COLORTERM": "truecolor"}, {}, "kitty", "truecolor"),
    (
        "iTerm2 draws sixel",
        {"TERM_PROGRAM": "iTerm.app", "COLORTERM": "truecolor"},
        {},
        "sixel",
        "truecolor",
    ),
    ("iTerm2 over ssh", {"LC_TERMINAL": "iTerm2"}, {}, "sixel", "256"),
    ("WezTerm", {"TERM_PROGRAM": "WezTerm"}, {}, "sixel", "256"),
    ("foot", {"TERM": "foot"}, {}, "sixel", "256"),
    ("konsole", {"KONSOLE_VERSION": "230804"}, {}, "sixel", "256"),
    ("mintty", {"TERM": "xterm", "TERM_PROGRAM": "mintty"}, {}, "sixel", "256"),
    (
        "GNOME Terminal (VTE)",
        {"TERM": "xterm-256color", "VTE_VERSION": "7600"},
        {},
        "blocks",
        "256",
    ),
    ("Apple's Terminal", {"TERM_PROGRAM": "Apple_Terminal"}, {}, "blocks", "256"),
    ("the Linux console", {"TERM": "linux"}, {}, "blocks", "256"),
    (
        "kitty inside tmux",
        {"TERM": "tmux-256color", "TMUX": "/tmp/t", "KITTY_WINDOW_ID": "1"},
        {},
        "blocks",
        "256",
    ),
    ("named in NEMO_PICTURES", {"NEMO_PICTURES": "sixel"}, {}, "sixel", "256"),
    ("named in the config", {}, {"setting": "kitty"}, "kitty", "256"),
    (
        "NEMO_PICTURES beats the config",
        {"NEMO_PICTURES": "blocks"},
        {"setting": "kitty"},
        "blocks",
        "256",
    ),
    ("a typo means auto", {"NEMO_PICTURES": "kity"}, {}, "blocks", "256"),
    ("NEMO_PICTURES=0", {"NEMO_PICTURES": "0", "TERM": "xterm-kitty"}, {}, "off", ""),
    ("NEMO_PICTURES=off", {"NEMO_PICTURES": "off"}, {}, "off", ""),
    ("config pictures = off", {}, {"setting": "off"}, "off", ""),
    (
        "NEMO_PICTURES=1 beats config off",
        {"NEMO_PICTURES": "1"},
        {"setting": "off"},
        "blocks",
        "256",
    ),
    ("--no-pictures", {"TERM": "xterm-kitty"}, {"no_pictures": True}, "off", ""),
    ("--json", {"TERM": "xterm-kitty"}, {"json": True}, "off", ""),
    ("piped", {"TERM": "xterm-kitty"}, {"stdout_tty": False}, "off", ""),
    ("stdin piped", {"TERM": "xterm-kitty"}, {"stdin_tty": False}, "off", ""),
    ("dumb terminal", {"TERM": "dumb"}, {}, "off", ""),
    ("no colour: no half-blocks", {"NO_COLOR": "1"}, {"color": False}, "off", ""),
    ("no colour: kitty still", {"TERM": "xterm-kitty"}, {"color": False}, "kitty", "truecolor"),
]


@pytest.mark.parametrize(
    ("environ", "options", "mode", "colors"),
    [d[1:] for d in DECISIONS],
    ids=[d[0] for d in DECISIONS],
)
def test_when_and_how_pictures_are_drawn(
    environ: dict[str, str], options: dict[str, Any], mode: str, colors: str
) -> None:
    decision = decide(environ, **{**TTY, **options})
    assert decision.mode == mode
    if mode != "off":
        assert decision.colors == colors
    # Only a terminal that nothing named may be asked what it draws.
    named = environ.get("NEMO_PICTURES") or options.get("setting")
    unnamed = not ({"TMUX", "VTE_VERSION"} & set(environ)) and environ.get("TERM") != "linux"
    unnamed = unnamed and environ.get("TERM_PROGRAM") != "Apple_Terminal"
    assert decision.may_ask == (mode == "blocks" and named != "blocks" and unnamed)


# ---------------------------------------------------------------- what each protocol writes


@pytest.fixture
def session(tmp_path: Path) -> tuple[Paths, str]:
    """A local session with a red clip and a blue one on the timeline."""
    paths = Paths(tmp_path / "config", tmp_path / "state", tmp_path / "data", tmp_path / "cache")
    backend = LocalBackend(Env(paths=paths, environ={}))
    sid = backend.create_session().session_id
    folder = tmp_path / "clips"
    folder.mkdir()
    backend.upload(
        sid,
        [str(color_clip(folder / "red.mp4", "red")), str(color_clip(folder / "blue.mp4", "blue"))],
    )
    list(backend.send(sid, "combine my clips"))
    return paths, sid


def strip(paths: Paths, sid: str, *, tty: bool = True, **options: Any) -> tuple[str, bool]:
    """Run the strip as the chat does after an edit; returns (what stdout got, drawn)."""
    environ = options.pop("environ", {})
    env = Env(
        stdin=Terminal() if tty else io.StringIO(),
        stdout=Terminal() if tty else io.StringIO(),
        stderr=io.StringIO(),
        environ=environ,
        paths=paths,
        width=80,
        **options,
    )
    backend = LocalBackend(env)
    drawn = show_strip(env, backend, sid)
    return env.stdout.getvalue(), drawn  # type: ignore[attr-defined]


def _colours(out: str, kind: str) -> list[tuple[int, int, int]]:
    found = re.findall(rf"[\[;]{kind};2;(\d+);(\d+);(\d+)", out)
    return [(int(r), int(g), int(b)) for r, g, b in found]


def test_half_blocks_in_true_colour(
    session: tuple[Paths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    out, drawn = strip(*session, environ={"NEMO_PICTURES": "blocks"})
    assert drawn
    assert out.count("▀") >= 2 * 20 * 5  # two thumbnails, many cells each
    upper, lower = _colours(out, "38"), _colours(out, "48")
    assert (255, 0, 0) in upper or any(r > 230 and g < 30 and b < 30 for r, g, b in upper)
    assert any(b > 230 and r < 30 and g < 30 for r, g, b in lower)
    assert "1. red.mp4" in out and "2. blue.mp4" in out and "0-2s" in out and "2-4s" in out
    assert "\x1b_G" not in out and "\x1bP" not in out


def test_half_blocks_in_256_colours(
    session: tuple[Paths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out, drawn = strip(*session, environ={"NEMO_PICTURES": "blocks"})
    assert drawn and "▀" in out
    assert re.search(r"[\[;]38;5;\d+", out) and re.search(r"[\[;]48;5;\d+", out)
    assert not _colours(out, "38")  # no true colour escapes on a 256-colour terminal


def test_sixel(session: tuple[Paths, str]) -> None:
    out, drawn = strip(*session, environ={"NEMO_PICTURES": "sixel"})
    assert drawn
    images = re.findall(r"\x1bP[0-9;]*q(.*?)\x1b\\", out, re.S)
    assert images and len(images[0]) > 500  # the picture's sixel data, colour registers first
    assert re.search(r"#\d+;2;\d+;\d+;\d+", images[0])
    assert "▀" not in out and "\x1b_G" not in out


def test_kitty_graphics(session: tuple[Paths, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The kitty renderable sends the picture to the process's own stdout, ahead of the cells.
    sent = io.StringIO()
    monkeypatch.setattr(sys, "__stdout__", sent)
    out, drawn = strip(*session, environ={"NEMO_PICTURES": "kitty"})
    assert drawn
    apc = re.findall(r"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\", sent.getvalue())
    assert any("f=100" in keys and len(data) > 100 for keys, data in apc)  # PNG data, base64
    assert any("a=p" in keys and "U=1" in keys for keys, _ in apc)  # a Unicode placement
    assert chr(0x10EEEE) in out  # the placeholder cells Rich prints where the picture goes
    assert "▀" not in out


PICTURE_ESCAPES = ("▀", "\x1b_G", "\x1bP", chr(0x10EEEE))


@pytest.mark.parametrize(
    ("case", "options"),
    [
        ("piped", {"tty": False, "environ": {"NEMO_PICTURES": "blocks"}}),
        ("--json", {"json": True, "environ": {"NEMO_PICTURES": "kitty"}}),
        ("--no-pictures", {"no_pictures": True, "environ": {"NEMO_PICTURES": "sixel"}}),
        ("NEMO_PICTURES=0", {"environ": {"NEMO_PICTURES": "0", "TERM": "xterm-kitty"}}),
        ("NO_COLOR", {"no_color": True, "environ": {"NEMO_PICTURES": "blocks"}}),
    ],
)
def test_no_pictures_when_off(
    session: tuple[Paths, str], case: str, options: dict[str, Any]
) -> None:
    out, drawn = strip(*session, **options)
    assert not drawn
    assert not [e for e in PICTURE_ESCAPES if e in out]


def test_no_pictures_when_the_config_says_off(session: tuple[Paths, str]) -> None:
    paths, sid = session
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('pictures = "off"\n')
    out, drawn = strip(paths, sid, environ={"TERM": "xterm-kitty"})
    assert not drawn and not [e for e in PICTURE_ESCAPES if e in out]


def test_the_config_setting_is_checked(nemo: Any) -> None:
    assert nemo("config", "set", "pictures", "sometimes").code == 2
    done = nemo("config", "set", "pictures", "off")
    assert done.code == 0, done
    shown = nemo("--json", "config", "show")
    assert '"pictures": "off"' in shown.out


# ---------------------------------------------------------------- end to end, in a real pty


def _nemo_status_in_a_pty(env: dict[str, str], *args: str) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "nemo_cli", "--backend", "local", *args, "status"],
        env=env,
        cwd=str(REPO),
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("protocol", "expected"),
    [("blocks", "▀"), ("sixel", "\x1bP"), ("kitty", "\x1b_G")],
)
def test_nemo_status_draws_the_strip_in_a_terminal(
    nemo: Any, tmp_path: Path, protocol: str, expected: str
) -> None:
    import os

    folder = tmp_path / "clips"
    folder.mkdir()
    red = color_clip(folder / "red.mp4", "red")
    assert nemo("--backend", "local", "upload", str(red)).code == 0
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    env = {
        **os.environ,
        "NEMO_PICTURES": protocol,
        "COLORTERM": "truecolor",
        "TERM": "xterm-256color",
    }
    shown = _nemo_status_in_a_pty(env)
    assert expected in shown
    assert "1. red.mp4" in shown
    # The same, piped or turned off: no picture at all.
    piped = nemo("--backend", "local", "status", env={"NEMO_PICTURES": protocol})
    assert piped.code == 0 and not [e for e in PICTURE_ESCAPES if e in piped.out]
    off = _nemo_status_in_a_pty(env, "--no-pictures")
    assert not [e for e in PICTURE_ESCAPES if e in off]


# ---------------------------------------------------------------- the strip's layout

LAYOUTS = [
    # (clips, columns, frame aspect) -> (per row, cells per thumbnail, shown)
    ((1, 99, 16 / 9), (1, 21, 1)),
    ((4, 99, 16 / 9), (4, 21, 4)),
    ((5, 99, 16 / 9), (5, 19, 5)),  # one row of smaller thumbnails beats two rows
    ((8, 99, 16 / 9), (4, 21, 8)),
    ((10, 99, 16 / 9), (5, 19, 10)),
    ((20, 99, 16 / 9), (7, 13, 20)),  # three rows once two would make them too small
    ((100, 99, 16 / 9), (11, 8, 33)),  # and then the first ones only
    ((2, 99, 9 / 16), (2, 8, 2)),  # vertical frames: as tall as wide ones, 8 cells wide
    ((10, 99, 9 / 16), (10, 8, 10)),  # ten of them on one row
    ((5, 40, 16 / 9), (2, 19, 5)),
    ((1, 10, 16 / 9), (1, 10, 1)),
]


@pytest.mark.parametrize(("given", "expected"), LAYOUTS)
def test_strip_layout(given: tuple[int, int, float], expected: tuple[int, int, int]) -> None:
    from nemo_cli.ui.pictures.strip import layout

    found = layout(*given)
    assert (found.per_row, found.cells, found.shown) == expected


STRIP_HEIGHTS = [
    # (frame size) -> (rows of thumbnails, most text rows the pictures take)
    ((1920, 1080), 2, 12),  # two rows of five
    ((1080, 1920), 1, 7),  # one row of ten (it was 9 rows tall a row, and on two rows)
]


@pytest.mark.parametrize(("size", "rows", "most_lines"), STRIP_HEIGHTS)
def test_the_height_of_a_strip_of_ten(size: tuple[int, int], rows: int, most_lines: int) -> None:
    """Ten thumbnails drawn as half-blocks on 100 columns."""
    from PIL import Image

    from nemo_cli.ui.pictures.detect import Decision
    from nemo_cli.ui.pictures.show import Pictures
    from nemo_cli.ui.pictures.strip import Tile

    env = Env(stdout=Terminal(), stdin=Terminal(), environ={}, width=100)
    tiles = [Tile(Image.new("RGB", size, (200, 40, 40)), f"{n}. clip{n}.mp4") for n in range(10)]
    assert Pictures(env, Decision("blocks", "truecolor")).strip(tiles)
    lines = env.stdout.getvalue().splitlines()  # type: ignore[attr-defined]
    picture = [line for line in lines if "▀" in line]
    assert 4 * rows <= len(picture) <= most_lines
    assert len(lines) == len(picture) + rows  # a line of labels under each row, nothing more


LABELS = [
    # (label, cells) -> what is written under the thumbnail
    ("1. clip1.mp4", 12, "1. clip1.mp4"),
    ("1. clip1.mp4", 8, "1. clip1"),  # the extension goes first (it was "1. c…mp4")
    ("10. clip10.mp4", 8, "10. …p10"),
    ("3. holiday-in-rome.mov", 14, "3. holi…n-rome"),
    ("2. IMG_0042.HEIC", 11, "2. IMG_0042"),
    ("0-4s", 8, "0-4s"),
    ("4. 夜景.mp4", 8, "4. 夜景"),
]


@pytest.mark.parametrize(("label", "cells", "shown"), LABELS)
def test_labels_under_narrow_thumbnails(label: str, cells: int, shown: str) -> None:
    from nemo_cli.ui.pictures.strip import fit_label

    assert fit_label(label, cells) == shown


def test_half_blocks_show_each_pixel_pair_in_its_colours() -> None:
    """A cell is the pixel above (foreground of ▀) on the pixel below (background); the
    picture keeps its shape (a cell is twice as tall as wide)."""
    from PIL import Image
    from rich.console import Console

    from nemo_cli.ui.pictures.draw import renderable

    image = Image.new("RGB", (4, 4), (255, 0, 0))
    image.paste((0, 0, 255), (0, 2, 4, 4))  # the lower half blue
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=20).print(
        renderable(image, "blocks", 2)
    )
    cells = re.findall(r"\x1b\[([\d;]+)m▀", out.getvalue())
    assert cells == ["38;2;255;0;0;48;2;0;0;255"] * 2  # 2 cells wide, 1 row tall
    wide = Image.new("RGB", (64, 16), (0, 128, 0))
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=40).print(
        renderable(wide, "blocks", 32)
    )
    lines = [ln for ln in out.getvalue().splitlines() if "▀" in ln]
    assert len(lines) == 4 and all(ln.count("▀") == 32 for ln in lines)


def test_half_blocks_need_neither_textual_image_nor_numpy() -> None:
    """Drawing half-blocks (most terminals) loads no picture library: it cost every `nemo
    status` 50 ms."""
    import subprocess

    code = (
        "import io, sys\n"
        "from PIL import Image\n"
        "from rich.console import Console\n"
        "from nemo_cli.ui.pictures.draw import renderable\n"
        "Console(file=io.StringIO(), force_terminal=True).print("
        "renderable(Image.new('RGB', (8, 8)), 'blocks', 4))\n"
        "print(sorted(m for m in ('textual_image', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
