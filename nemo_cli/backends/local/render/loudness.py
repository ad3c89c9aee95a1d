"""Loudness normalisation of a rendered file: two-pass ``loudnorm`` on its final mix.

The mix's loudness is only known once it exists (clips are trimmed, music is mixed under
them), so the render is analysed first: pass 1 runs ``loudnorm`` in measuring mode over the
rendered sound (audio only, fast) and reads its figures (integrated loudness, true peak,
loudness range, gate threshold, offset); pass 2 rewrites the sound with ``loudnorm`` in linear
mode from those figures (one constant gain, the true peak kept under ``TRUE_PEAK`` dBTP),
copying the picture as it is. A file with no measurable sound is left alone.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from pathlib import Path

from ....errors import RenderError

TRUE_PEAK = -1.5
RANGE = 11.0
AUDIO_RATE = 48000
BITRATE = "192k"
QUIET = -70.0
TARGETS = {
    "youtube": -14.0,
    "tiktok": -14.0,
    "instagram": -14.0,
    "spotify": -14.0,
    "podcast": -16.0,
    "broadcast": -23.0,
}
FIGURES = ("input_i", "input_tp", "input_lra", "input_thresh", "target_offset")
_JSON = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.S)


def _base(target: float) -> str:
    return f"loudnorm=I={target:g}:TP={TRUE_PEAK:g}:LRA={RANGE:g}"


def measure_args(path: Path, target: float, ffmpeg: str) -> list[str]:
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-i",
        f"file:{path}",
        "-vn",
        "-af",
        f"{_base(target)}:print_format=json",
        "-f",
        "null",
        "-",
    ]


def parse_measure(stderr: str) -> dict[str, float] | None:
    """loudnorm's figures from its JSON block; None when the sound cannot be measured."""
    found = _JSON.search(stderr)
    if not found:
        return None
    try:
        raw = json.loads(found.group(0))
        figures = {k: float(raw[k]) for k in FIGURES}
    except (ValueError, KeyError, TypeError):
        return None
    if not all(math.isfinite(v) for v in figures.values()) or figures["input_i"] <= QUIET:
        return None
    return figures


def apply_args(
    path: Path, output: Path, target: float, figures: dict[str, float], ffmpeg: str
) -> list[str]:
    measured = (
        f"measured_I={figures['input_i']:g}:measured_TP={figures['input_tp']:g}:"
        f"measured_LRA={figures['input_lra']:g}:measured_thresh={figures['input_thresh']:g}:"
        f"offset={figures['target_offset']:g}:linear=true"
    )
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-progress",
        "pipe:1",
        "-i",
        f"file:{path}",
        "-map",
        "0:v?",
        "-map",
        "0:a",
        "-c:v",
        "copy",
        "-af",
        f"{_base(target)}:{measured},aresample={AUDIO_RATE}",
        "-c:a",
        "aac",
        "-b:a",
        BITRATE,
        "-ar",
        str(AUDIO_RATE),
        "-movflags",
        "+faststart",
        "-y",
        f"file:{output}",
    ]


def measure(path: Path, target: float, ffmpeg: str) -> dict[str, float] | None:
    """Pass 1: loudnorm's figures for ``path``'s sound; None when there is nothing to measure.
    (The runner then runs pass 2, ``apply_args``, with its progress and Ctrl-C handling.)"""
    proc = subprocess.run(
        measure_args(path, target, ffmpeg),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RenderError(f"Measuring the loudness failed: {proc.stderr.strip()[-300:]}")
    return parse_measure(proc.stderr)
