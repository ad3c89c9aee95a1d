"""A storyboard: one frame from the middle of each video segment, tiled into one PNG.

Frames are taken from the rendered preview (so they show the fit, the titles and the speed as
they will look), each labelled with its number, name and place on the timeline.
"""

from __future__ import annotations

import io
import math
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ....errors import RenderError
from ....files import atomic_write_bytes

THUMB_WIDTH = 240
COLUMNS = 4
LABEL_PX = 14
GAP = 8
BACKGROUND = (24, 24, 24)


def grab_frame(video: Path, at: float, ffmpeg: str, width: int = THUMB_WIDTH) -> bytes:
    """One frame of ``video`` at ``at`` seconds, scaled to ``width``, as PNG bytes."""
    args = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-ss",
        f"{max(0.0, at):.3f}",
        "-i",
        f"file:{video}",
        "-frames:v",
        "1",
        "-vf",
        f"scale={width}:-2",
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "pipe:1",
    ]
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    if proc.returncode != 0 or not proc.stdout:
        why = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["?"]
        raise RenderError(f"Cannot take a frame at {at:.1f} s from {video}: {why[0]}")
    return proc.stdout


def storyboard(video: Path, shots: Sequence[tuple[float, str]], out: Path, ffmpeg: str) -> Path:
    """Tile one frame per ``(seconds, label)`` of ``video`` into the PNG ``out``."""
    from PIL import Image, ImageDraw, ImageFont

    frames = [
        Image.open(io.BytesIO(grab_frame(video, at, ffmpeg))).convert("RGB") for at, _ in shots
    ]
    if not frames:
        raise RenderError("There are no clips on the timeline to show in a storyboard.")
    cell_w = max(f.width for f in frames)
    cell_h = max(f.height for f in frames) + LABEL_PX + GAP
    cols = min(COLUMNS, len(frames))
    rows = math.ceil(len(frames) / cols)
    sheet = Image.new("RGB", (GAP + cols * (cell_w + GAP), GAP + rows * (cell_h + GAP)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=LABEL_PX)
    for n, (frame, (_, label)) in enumerate(zip(frames, shots, strict=True)):
        x = GAP + (n % cols) * (cell_w + GAP)
        y = GAP + (n // cols) * (cell_h + GAP)
        sheet.paste(frame, (x, y))
        text = label
        while text and draw.textlength(text, font=font) > cell_w:
            text = text[:-2] + "…"
        draw.text((x, y + frame.height + GAP // 2), text, font=font, fill=(230, 230, 230))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    atomic_write_bytes(out, buffer.getvalue())
    return out
