"""Issue 18 at upload time, through the real CLI: every kind of file people have is taken or
refused with a reason; files whose streams end early, carry several sound tracks or HDR are
said so at once; a name starting with a dash gets a way to write it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import corpus
import pytest

LOCAL = ("--backend", "local")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("uploads")
    corpus.truncated(folder / "interrupted.mp4")
    corpus.long_audio(folder / "long-audio.mp4")
    corpus.two_tracks(folder / "film.mp4")
    corpus.hdr(folder / "iphone-hlg.mp4")
    corpus.anamorphic(folder / "pal-dv.mp4")
    corpus.animated_webp(folder / "sticker.webp", 6.0)
    corpus.heic(folder / "IMG_0001.heic")
    for name, _, _ in corpus.FORMATS:
        corpus.refused_format(folder, name)
    corpus.dash_named(folder)
    return folder


def _upload_json(nemo: Any, *paths: Path | str, cwd: Path | None = None) -> list[dict[str, Any]]:
    result = nemo(*LOCAL, "upload", "--json", *map(str, paths), cwd=cwd)
    assert result.code == 0, result
    return list(json.loads(result.out)["files"])


@pytest.mark.slow
@pytest.mark.parametrize(("name", "kind"), [(n, k) for n, _, k in corpus.FORMATS])
def test_each_format_refused_before_is_taken_locally(
    nemo: Any, files: Path, name: str, kind: str
) -> None:
    [found] = _upload_json(nemo, files / name)
    assert (found["filename"], found["file_type"]) == (name, kind)
    assert 0.9 <= found["duration"] <= 1.2


def test_a_heic_photo_and_an_animated_webp_are_taken(nemo: Any, files: Path) -> None:
    photo, sticker = _upload_json(nemo, files / "IMG_0001.heic", files / "sticker.webp")
    assert (photo["file_type"], photo["width"], photo["height"]) == ("image", 320, 240)
    assert (sticker["file_type"], sticker["duration"]) == ("video", 6.0)


def test_files_that_end_early_are_said_at_upload(nemo: Any, files: Path) -> None:
    result = nemo(*LOCAL, "upload", str(files / "interrupted.mp4"), str(files / "long-audio.mp4"))
    assert result.code == 0, result
    out = result.out
    assert "interrupted.mp4 ends early: it can be played to 1." in out
    assert "though it says 6.0 s (an interrupted copy?)" in out
    assert (
        "long-audio.mp4: the picture stops at 3.0 s but the sound goes on to 6.0 s; nemo "
        "holds the last frame to the end."
    ) in " ".join(out.split())
    interrupted, long_audio = _upload_json(
        nemo, files / "interrupted.mp4", files / "long-audio.mp4"
    )
    assert 1.0 < interrupted["duration"] < 2.5
    assert len(interrupted["notes"]) == 1
    assert long_audio["duration"] == 6.0


def test_several_tracks_and_hdr_are_said(nemo: Any, files: Path) -> None:
    film, hdr = _upload_json(nemo, files / "film.mp4", files / "iphone-hlg.mp4")
    assert film["notes"] == [
        "film.mp4 has 2 sound tracks: fra (the default, played unless you say) and Commentary "
        '(eng). Say "use the commentary track" to play another.'
    ]
    assert hdr["notes"] == [
        "iphone-hlg.mp4 is HDR (HLG): nemo tone-maps it to standard range "
        "(BT.709) so it looks right next to other clips."
    ]


def test_the_size_shown_is_the_size_seen(nemo: Any, files: Path) -> None:
    [dv] = _upload_json(nemo, files / "pal-dv.mp4")
    assert (dv["width"], dv["height"]) == (1024, 576)  # 720x576 coded, SAR 64:45


def _words(text: str) -> str:
    """Rich's error box as plain words (its borders and line breaks dropped)."""
    return " ".join(w for w in text.split() if w.strip("│╭╮╰╯─"))


def test_a_name_starting_with_a_dash(nemo: Any, files: Path) -> None:
    refused = nemo(*LOCAL, "upload", "-clip.mp4", cwd=files)
    assert refused.code == 2
    assert (
        "No such option: -c. To name a file that starts with a dash, put -- before it "
        "(nemo upload -- -clip.mp4) or write ./-clip.mp4."
    ) in _words(refused.err)
    [after_dashes] = _upload_json(nemo, "--", "-clip.mp4", cwd=files)
    [dotted] = _upload_json(nemo, "./-clip.mp4", cwd=files)
    assert after_dashes["filename"] == dotted["filename"] == "-clip.mp4"
    as_json = nemo(*LOCAL, "--json", "upload", "-clip.mp4", cwd=files)
    assert json.loads(as_json.err)["error"]["message"].endswith(
        "(nemo upload -- -clip.mp4) or write ./-clip.mp4."
    )


def test_junk_with_any_name_is_refused_with_the_reason(nemo: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.nfo"
    notes.write_text("just text, read by ffmpeg as ANSI art\n")
    result = nemo(*LOCAL, "upload", str(notes))
    assert result.code == 5
    first = result.err.splitlines()[0]
    assert first == f"Error: {notes} has no picture or sound that nemo can use."
    odd = tmp_path / "data.xyz"
    odd.write_bytes(bytes(range(256)) * 8)
    result = nemo(*LOCAL, "upload", str(odd))
    assert result.code == 5
    assert result.err.splitlines()[0].startswith(f"Error: Cannot read {odd}: ")
