"""Title fonts: the bundled font for every text it has; for text it lacks, NEMO_TITLE_FONT, then
fontconfig's font for the language, then well-known paths; a note in the edit's reply when no
font has the characters.

No test needs a CJK font on the machine: fonts that have the characters are made here
(``tiny_font``), and the system lookups (``titles.FINDER``, ``titles.KNOWN_FONTS``) are
replaced for every test, so the results are the same with or without fonts installed.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mediagen import make_clip
from PIL import Image

from nemo_cli.backends.base import Done, TextDelta
from nemo_cli.backends.local.backend import LocalBackend
from nemo_cli.backends.local.messages import word
from nemo_cli.backends.local.render import titles
from nemo_cli.backends.local.render.titles import (
    FontFile,
    fc_match,
    font_check,
    missing,
    pick_font,
    render_title,
)
from nemo_cli.env import Env
from nemo_cli.errors import ConfigError

MakeFont = Callable[[str, str], FontFile]


def font_note(texts: list[str], language: str, environ: dict[str, str]) -> str | None:
    """The font check, worded (messages.word) as the reply gives it."""
    note = font_check(texts, environ)
    return word(note, language) if note else None


def tiny_font(chars: str) -> bytes:
    """A TrueType font in which each of ``chars`` is a filled square and the .notdef glyph is
    empty: the smallest real font file, built by hand (Pillow cannot write fonts)."""
    glyph = struct.pack(">hhhhhHH", 1, 100, 0, 900, 800, 3, 0)  # 1 contour, box, 4 points
    glyph += bytes([1, 1, 1, 1]) + struct.pack(">8h", 100, 800, 0, -800, 0, 0, 800, 0)
    codes = sorted({ord(c) for c in chars})
    cmap = struct.pack(">HHHHI", 0, 1, 3, 10, 12)  # one Unicode subtable, format 12
    cmap += struct.pack(">HHIII", 12, 0, 16 + 12 * len(codes), 0, len(codes))
    cmap += b"".join(struct.pack(">III", code, code, 1) for code in codes)
    # fmt: off
    tables = {
        b"cmap": cmap,
        b"glyf": glyph,
        # version, revision, checksum, magic, flags, units per em, dates, box, style, sizes
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 3, 1000,
                             0, 0, 100, 0, 900, 800, 0, 8, 2, 0, 0),
        # version, ascender, descender, gap, widest, bearings, extent, caret, ..., 2 metrics
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x10000, 800, -200, 0, 1000, 0, 100, 900,
                             1, 0, 0, 0, 0, 0, 0, 0, 2),
        b"hmtx": struct.pack(">HhHh", 500, 0, 1000, 100),
        b"loca": struct.pack(">HHH", 0, 0, len(glyph) // 2),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x10000, 2, 4, 1, 0, 0, 2, *[0] * 8),
    }
    # fmt: on
    offset = 12 + 16 * len(tables)
    directory = data = b""
    for tag, body in sorted(tables.items()):
        directory += struct.pack(">4sIII", tag, 0, offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    header = struct.pack(">IHHHH", 0x10000, len(tables), 64, 2, 16 * len(tables) - 64)
    return header + directory + data


@pytest.fixture(autouse=True)
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(titles, "FINDER", lambda language, chars: ())
    monkeypatch.setattr(titles, "KNOWN_FONTS", ())


@pytest.fixture
def make_font(tmp_path: Path) -> MakeFont:
    def make(name: str, chars: str) -> FontFile:
        path = tmp_path / "fonts" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(tiny_font(chars))
        return FontFile(str(path))

    return make


# ---------------------------------------------------------------- which characters a font has

COVERAGE = [
    # (text, characters of the font (None: the bundled font), what it lacks)
    ("Urban Dreams", None, ""),
    ("Urban Dreams 2024: part 1!", None, ""),
    ("城市之梦", None, "城市之梦"),
    ("Urban 城市之梦 城市", None, "城市之梦"),
    ("Café", None, "é"),
    (" \n\t\u3000", None, ""),  # spaces draw nothing: never missing
    ("城市之梦", "城市之梦", ""),
    ("城市之梦 ab", "城市之梦", "ab"),
    ("城市之梦", "城市", "之梦"),
]


@pytest.mark.parametrize(("text", "chars", "lacks"), COVERAGE)
def test_missing_characters(make_font: MakeFont, text: str, chars: str | None, lacks: str) -> None:
    font = make_font("f.ttf", chars) if chars is not None else None
    assert missing(text, font) == lacks


# ---------------------------------------------------------------- NEMO_TITLE_FONT


def test_title_font_is_used_only_for_text_the_bundled_font_lacks(make_font: MakeFont) -> None:
    own = make_font("own.ttf", "城市之梦")
    env = {"NEMO_TITLE_FONT": own.path}
    assert pick_font("城市之梦", env) == own
    assert pick_font("Urban Dreams", env) is None  # the bundled font
    assert pick_font("Urban Dreams", {"NEMO_TITLE_FONT": "/no/such/font.ttf"}) is None
    home = Path(os.environ["HOME"])
    (home / "own.ttf").write_bytes(Path(own.path).read_bytes())
    assert pick_font("城市", {"NEMO_TITLE_FONT": "~/own.ttf"}) == FontFile(str(home / "own.ttf"))


@pytest.mark.parametrize("content", [None, b"", b"not a font at all"])
def test_a_broken_title_font_stops_the_render_and_is_noted_at_edit_time(
    make_font: MakeFont, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "broken.ttf"
    if content is not None:
        path.write_bytes(content)
    env = {"NEMO_TITLE_FONT": str(path)}
    # Reported, not skipped, even when another font would do (as a bad NEMO_FFMPEG is).
    monkeypatch.setattr(titles, "KNOWN_FONTS", (make_font("known.ttf", "城市之梦"),))
    with pytest.raises(ConfigError) as caught:
        render_title("城市之梦", "large", 320, 240, tmp_path / "t.png", env)
    assert (caught.value.message, caught.value.hint) == (
        f"NEMO_TITLE_FONT points at {path}, which is not a font file nemo can read.",
        "Point it at a .ttf, .otf or .ttc file, or unset NEMO_TITLE_FONT.",
    )
    assert not (tmp_path / "t.png").exists()
    assert font_note(["城市之梦"], "en", env) == (
        f"Note: NEMO_TITLE_FONT points at {path}, which is not a font file nemo can read, so "
        "export will stop there. Fix the path, or unset NEMO_TITLE_FONT."
    )
    assert font_note(["城市之梦"], "zh", env) == (
        f"注意：NEMO_TITLE_FONT 指向的 {path} 不是可以读取的字体文件，导出时会因此报错。"
        "请修正路径，或取消设置 NEMO_TITLE_FONT。"
    )
    # Text the bundled font has never needs it.
    assert render_title("Urban Dreams", "large", 320, 240, tmp_path / "u.png", env)[0] > 0
    assert font_note(["Urban Dreams"], "en", env) is None


# ---------------------------------------------------------------- the fallback order


def test_fallback_order(make_font: MakeFont, monkeypatch: pytest.MonkeyPatch) -> None:
    own, found, known = (make_font(f"{n}.ttf", "城市之梦") for n in ("own", "found", "known"))
    partial = make_font("partial.ttf", "城市")
    answers: dict[tuple[str, str], list[FontFile]] = {("zh-cn", ""): [found]}
    monkeypatch.setattr(titles, "FINDER", lambda lang, chars: answers.get((lang, chars), []))
    absent = FontFile(str(Path(own.path).with_name("absent.ttc")))
    monkeypatch.setattr(titles, "KNOWN_FONTS", (absent, partial, known))

    assert pick_font("城市之梦", {"NEMO_TITLE_FONT": own.path}) == own
    assert pick_font("城市之梦", {}) == found
    assert pick_font("城市之梦", {"NEMO_TITLE_FONT": partial.path}) == found  # lacks some
    answers.clear()  # fontconfig has nothing (or is not installed)
    assert pick_font("城市之梦", {}) == known  # absent and partial are passed over
    monkeypatch.setattr(titles, "KNOWN_FONTS", (absent, partial))
    assert pick_font("城市之梦", {}) == partial  # nothing has all: the one lacking fewest
    monkeypatch.setattr(titles, "KNOWN_FONTS", ())
    assert pick_font("城市之梦", {}) is None  # nothing at all: the bundled font


def test_fontconfig_is_asked_for_the_language_or_else_the_characters(
    make_font: MakeFont, monkeypatch: pytest.MonkeyPatch
) -> None:
    kana, hangul = make_font("ja.ttf", "こんにちは"), make_font("ko.ttf", "한국어")
    accents = make_font("latin.ttf", "Café")
    answers = {("ja", ""): [kana], ("ko", ""): [hangul], ("", "é"): [accents]}
    monkeypatch.setattr(titles, "FINDER", lambda lang, chars: answers.get((lang, chars), []))
    assert [pick_font(t) for t in ("こんにちは", "한국어", "Café")] == [kana, hangul, accents]


@pytest.fixture
def fresh_fc_match() -> Iterator[None]:
    fc_match.cache_clear()
    yield
    fc_match.cache_clear()  # no fake answer may reach another test


def test_fc_match_reads_fontconfigs_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_fc_match: None
) -> None:
    fake = tmp_path / "bin" / "fc-match"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        '[ "$1 $2" = "-f %{index} %{file}" ] || exit 2\n'
        'case "$3" in\n'
        "  :lang=zh-cn) printf '2 /fonts/Noto Sans CJK.ttc' ;;\n"
        "  ':charset=e9 3a9') printf '0 /fonts/DejaVuSans.ttf' ;;\n"
        "  *) exit 1 ;;\n"
        "esac\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    assert fc_match("zh-cn") == (FontFile("/fonts/Noto Sans CJK.ttc", 2),)
    assert fc_match("", "éΩé") == (FontFile("/fonts/DejaVuSans.ttf", 0),)
    assert fc_match("ko") == ()  # fontconfig failed
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    fc_match.cache_clear()
    assert fc_match("zh-cn") == ()  # no fontconfig


# ---------------------------------------------------------------- drawing


def white(path: Path) -> int:
    with Image.open(path) as image:
        pixels = memoryview(image.convert("RGBA").tobytes()).cast("I")
    return sum(1 for px in pixels if px == 0xFFFFFFFF)  # opaque white


def test_a_title_is_drawn_with_the_font_that_has_its_characters(
    make_font: MakeFont, tmp_path: Path
) -> None:
    env = {"NEMO_TITLE_FONT": make_font("own.ttf", "城市之梦").path}
    render_title("城市之梦", "large", 640, 360, tmp_path / "boxes.png", {})
    render_title("城市之梦", "large", 640, 360, tmp_path / "drawn.png", env)
    # The generated font's letters are filled squares; the bundled font's boxes are outlines.
    assert white(tmp_path / "drawn.png") > 3 * white(tmp_path / "boxes.png") > 0
    render_title("Urban Dreams", "large", 640, 360, tmp_path / "a.png", {})
    render_title("Urban Dreams", "large", 640, 360, tmp_path / "b.png", env)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


# ---------------------------------------------------------------- the note in the reply

NOTE_EN = (
    "Note: no font on this machine has the characters in “城市之梦”, so they would show as "
    "boxes. Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk) or point "
    "NEMO_TITLE_FONT at a .ttf/.otf/.ttc file that has them."
)
NOTE_ZH = (
    "注意：这台电脑上没有字体包含“城市之梦”里的字，它们会显示成方框。请安装一个字体"
    "（Debian/Ubuntu：sudo apt install fonts-noto-cjk），"
    "或把 NEMO_TITLE_FONT 设为包含这些字的 .ttf/.otf/.ttc 字体文件。"
)

NOTES = [
    (["Urban Dreams"], "en", None),
    (["  "], "en", None),
    ([], "zh", None),
    (["城市之梦"], "en", NOTE_EN),
    (["城市之梦"], "zh-CN", NOTE_ZH),
    (["Urban Dreams", "城市之梦", "城市之梦"], "en", NOTE_EN),
    (
        ["Café", "城市 Urban"],
        "en",
        "Note: no font on this machine has “é城市” (in “Café”, “城市 Urban”), so they would show "
        "as boxes. Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk) or point "
        "NEMO_TITLE_FONT at a .ttf/.otf/.ttc file that has them.",
    ),
    (
        ["Café"],
        "zh",
        "注意：这台电脑上没有字体包含“é”（在“Café”里），它们会显示成方框。请安装一个字体"
        "（Debian/Ubuntu：sudo apt install fonts-noto-core），"
        "或把 NEMO_TITLE_FONT 设为包含这些字的 .ttf/.otf/.ttc 字体文件。",
    ),
]


@pytest.mark.parametrize(("texts", "language", "note"), NOTES)
def test_font_note(texts: list[str], language: str, note: str | None) -> None:
    assert font_note(texts, language, {}) == note


def test_no_note_when_a_font_has_the_characters(make_font: MakeFont) -> None:
    env = {"NEMO_TITLE_FONT": make_font("own.ttf", "城市之梦").path}
    assert font_note(["城市之梦"], "en", env) is None


def reply_of(backend: LocalBackend, sid: str, text: str) -> str:
    events = list(backend.send(sid, text))
    done = events[-1]
    assert isinstance(done, Done)
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == done.text
    return done.text


def test_the_edit_reply_says_when_a_new_title_would_show_boxes(
    tmp_path: Path, make_font: MakeFont
) -> None:
    clip = str(make_clip(tmp_path / "a.mp4", 1.0, tone=None))

    def session(backend: LocalBackend) -> str:
        sid = backend.create_session().session_id
        backend.upload(sid, [clip])
        assert "Note:" not in reply_of(backend, sid, "combine my clips")
        return sid

    backend = LocalBackend(Env(stdout=io.StringIO(), stderr=io.StringIO(), environ={}))
    sid = session(backend)
    latin = reply_of(backend, sid, "title 'Urban Dreams' for 1 second")
    assert 'Added title "Urban Dreams"' in latin and "Note:" not in latin
    english = reply_of(backend, sid, 'caption "城市之梦" at the bottom')
    assert english.endswith("\n\n" + NOTE_EN) and "城市之梦" in english[: -len(NOTE_EN)]
    assert "Note:" not in reply_of(backend, sid, "mute the clips")  # not a new title
    assert "Note:" not in reply_of(backend, sid, "make the caption small")  # restyled, not new
    chinese = reply_of(backend, session(backend), "标题“城市之梦”持续1秒")
    assert chinese.startswith("好的") and chinese.endswith("\n\n" + NOTE_ZH)

    own = make_font("own.ttf", "城市之梦")
    covered = LocalBackend(Env(stdout=io.StringIO(), environ={"NEMO_TITLE_FONT": own.path}))
    same = reply_of(covered, session(covered), "标题“城市之梦”持续1秒")
    assert same == chinese.removesuffix("\n\n" + NOTE_ZH)
