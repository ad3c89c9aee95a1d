"""Files added by name to a timeline that has clips, end to end as a user runs nemo: real clips
made with ffmpeg, "put intro.mov at the start" / "把片尾.mp4加到最后" / "add a.mp4 again", the
export probed (its length, and the colour of the first and last frames: the files added are
where they were asked to be); undo takes an addition back."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from mediagen import ffmpeg_exe, make_clip, probe
from PIL import Image

pytestmark = pytest.mark.slow
LOCAL = ("--backend", "local")


def _say(nemo: Any, text: str) -> str:
    result = nemo(*LOCAL, "say", text)
    assert result.code == 0, result
    out: str = result.out
    return out


def _plain(path: Path, seconds: float, colour: str) -> Path:
    """A clip of one colour, with a tone."""
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i"]
        + [f"color=c={colour}:size=320x240:rate=25:duration={seconds}", "-f", "lavfi", "-i"]
        + [f"sine=frequency=330:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast"]
        + ["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )
    return path


def _colour(video: Path, seconds: float, out: Path) -> tuple[int, int, int]:
    """The mean colour of the frame at ``seconds``."""
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-y", "-ss", f"{seconds:.3f}", "-i", str(video)]
        + ["-frames:v", "1", "-vf", "scale=16:16", str(out)],
        check=True,
    )
    small = Image.open(out).convert("RGB").resize((1, 1), Image.Resampling.BOX)
    r, g, b = small.getpixel((0, 0))  # type: ignore[misc]
    return int(r), int(g), int(b)


def test_files_added_by_name_land_where_asked(nemo: Any, tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", 2.0)
    b = make_clip(tmp_path / "b.mp4", 2.0)
    intro = _plain(tmp_path / "intro.mov", 1.5, "red")
    outro = _plain(tmp_path / "片尾.mp4", 1.0, "blue")
    assert nemo(*LOCAL, "upload", *map(str, (a, b, intro, outro))).code == 0
    _say(nemo, "use a.mp4 and b.mp4")
    said = _say(nemo, "put intro.mov at the start")
    assert "Added 'intro.mov' as clip 1 (timeline 5.5 s)" in said, said
    said = _say(nemo, "把片尾.mp4加到最后")
    assert "已把「片尾.mp4」加为第 4 段（时间线 6.5 秒）" in said, said
    said = _say(nemo, "add a.mp4 again")
    assert "Added 'a.mp4' as clip 5 (timeline 8.5 s)" in said, said
    assert "for another copy" in _say(nemo, "add b.mp4")  # on the timeline already: says so
    _say(nemo, "undo")  # takes back the second a.mp4

    out = tmp_path / "out.mp4"
    exported = nemo(*LOCAL, "export", "-o", str(out), "--quality", "low")
    assert exported.code == 0, exported
    assert abs((probe(out).duration or 0) - 6.5) < 0.1
    r, g, b = _colour(out, 0.5, tmp_path / "first.png")
    assert r > 180 and g < 60 and b < 60, (r, g, b)  # the red intro opens
    r, g, b = _colour(out, 6.2, tmp_path / "last.png")
    assert b > 180 and r < 60 and g < 60, (r, g, b)  # the blue 片尾 closes
