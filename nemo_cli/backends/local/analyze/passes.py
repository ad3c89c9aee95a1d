"""The one ffmpeg decode that feeds every analysis, as plain data, and what it logs, parsed.

One run reads the file once. The audio is split three ways inside the filter graph:
``silencedetect`` and ``ebur128`` (integrated loudness, loudness range, true peak) only log,
and a 16 kHz mono 16-bit copy goes to stdout for the voice detector and the beat tracker.
The picture, scaled down first (the detectors need shapes and levels, not pixels, and a small
frame makes them several times cheaper), goes through ``blackdetect``, ``freezedetect`` and
``scdet`` into a null output. ``build`` is pure and tested by equality; ``parse_log`` is pure
and tested on captured logs.

Times in ffmpeg's log count from the start of the media, as ``-ss`` does: ffmpeg itself
subtracts the container's start time (an MPEG-TS file starts at 1.4 s, say) from every
timestamp it reads. The PCM is resampled with ``first_pts=0`` so sample ``n`` sits at
``n / 16000`` in the same clock, even when the sound starts after the picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .ranges import Range, clamp, drop_short, subtract
from .result import Loudness

PCM_RATE = 16_000  # webrtcvad takes 8/16/32/48 kHz; 16 kHz keeps kick drums and voices
SILENCE_DB = -35  # quieter than this is silence (auto-editor's default is about -28 dB)
SILENCE_MIN_S = 0.2  # shorter gaps are between syllables; the pause rules filter further
BLACK_MIN_S = 0.2
FREEZE_MIN_S = 1.0
# -50 dB: an encoder keeps refining a still for a few frames after a cut (x264: 0.2-0.4 s
# above freezedetect's default -60 dB); that is not motion.
FREEZE_NOISE = 0.003
SCENE_THRESHOLD = 10.0  # scdet's score (0-100) above which a frame starts a new scene
ANALYSIS_WIDTH = 320  # the picture detectors run on frames this wide
QUIET_LUFS = -70.0  # ebur128's floor: the gate lets nothing through, loudness is undefined


@dataclass(frozen=True)
class Findings:
    """What the log said, times from the media's start."""

    duration: float | None
    silences: list[Range]
    loudness: Loudness
    scenes: list[float]
    black: list[Range]
    frozen: list[Range]


def filter_graph(*, audio: bool, video: bool) -> str:
    chains: list[str] = []
    if audio:
        chains.append("[0:a:0]asplit=2[a_log][a_pcm]")
        chains.append(
            f"[a_log]silencedetect=noise={SILENCE_DB}dB:duration={SILENCE_MIN_S},"
            "ebur128=peak=true:framelog=quiet,anullsink"
        )
        chains.append(
            f"[a_pcm]aresample={PCM_RATE}:async=1:first_pts=0,"
            f"aformat=sample_fmts=s16:sample_rates={PCM_RATE}:channel_layouts=mono[pcm]"
        )
    if video:
        chains.append(
            f"[0:v:0]scale=w={ANALYSIS_WIDTH}:h=-2:flags=fast_bilinear,"
            f"blackdetect=d={BLACK_MIN_S},"
            f"freezedetect=n={FREEZE_NOISE}:d={FREEZE_MIN_S},"
            f"scdet=threshold={SCENE_THRESHOLD:g}[seen]"
        )
    return ";".join(chains)


def build(path: Path, *, audio: bool, video: bool, ffmpeg: str = "ffmpeg") -> list[str]:
    """The command: PCM on stdout (when there is sound), logs and ``-progress`` on stderr."""
    if not (audio or video):
        raise ValueError("nothing to analyse: no audio and no video")
    args = [ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:2"]
    args += ["-i", f"file:{path}", "-filter_complex", filter_graph(audio=audio, video=video)]
    if audio:
        args += ["-map", "[pcm]", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"]
    if video:
        args += ["-map", "[seen]", "-f", "null", "-"]
    return args


# ---------------------------------------------------------------- the log

_NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
_DURATION = re.compile(r"^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_FILTER = re.compile(r"^\[Parsed_(\w+?)_\d+ @ [^\]]*\] (.*)$")
_SILENCE_START = re.compile(r"silence_start: " + _NUM)
_SILENCE_END = re.compile(r"silence_end: " + _NUM)
_BLACK = re.compile(r"black_start:" + _NUM + r" black_end:" + _NUM)
_FREEZE_START = re.compile(r"freeze_start: " + _NUM)
_FREEZE_END = re.compile(r"freeze_end: " + _NUM)
_SCENE = re.compile(r"lavfi\.scd\.time: " + _NUM)
_SUMMARY = {
    "integrated_lufs": re.compile(r"^\s+I:\s+" + r"(-?[\d.]+|-?inf|nan) LUFS"),
    "lra": re.compile(r"^\s+LRA:\s+" + r"(-?[\d.]+|-?inf|nan) LU$"),
    "true_peak_db": re.compile(r"^\s+Peak:\s+" + r"(-?[\d.]+|-?inf|nan) dBFS"),
}


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_log(lines: Iterable[str], duration: float | None = None) -> Findings:
    """Read the decode's stderr. Unfinished ranges (silence to the end) close at the end.

    ``duration`` is the probe's; when the log states its own (the ``Duration:`` line), that
    wins, since it is the file ffmpeg actually read."""
    silences: list[Range] = []
    black: list[Range] = []
    frozen: list[Range] = []
    scenes: list[float] = []
    loud: dict[str, float | None] = {}
    open_silence: float | None = None
    open_freeze: float | None = None
    for line in lines:
        head = _DURATION.match(line)
        if head:
            duration = int(head.group(1)) * 3600 + int(head.group(2)) * 60 + float(head.group(3))
            continue
        for key, pattern in _SUMMARY.items():
            found = pattern.match(line)
            if found and key not in loud:
                loud[key] = _finite(found.group(1))
        tagged = _FILTER.match(line)
        if not tagged:
            continue
        name, text = tagged.groups()
        if name == "silencedetect":
            if m := _SILENCE_START.search(text):
                open_silence = float(m.group(1))
            elif (m := _SILENCE_END.search(text)) and open_silence is not None:
                silences.append((open_silence, float(m.group(1))))
                open_silence = None
        elif name == "blackdetect":
            if m := _BLACK.search(text):
                black.append((float(m.group(1)), float(m.group(2))))
        elif name == "freezedetect":
            if m := _FREEZE_START.search(text):
                open_freeze = float(m.group(1))
            elif (m := _FREEZE_END.search(text)) and open_freeze is not None:
                frozen.append((open_freeze, float(m.group(1))))
                open_freeze = None
        elif name == "scdet" and (m := _SCENE.search(text)):
            scenes.append(float(m.group(1)))
    end = duration
    if open_silence is not None and end is not None:
        silences.append((open_silence, end))
    if open_freeze is not None and end is not None:
        frozen.append((open_freeze, end))

    def within(ranges: list[Range]) -> list[Range]:
        return clamp(ranges, 0.0, duration)

    integrated = loud.get("integrated_lufs")
    if integrated is not None and integrated <= QUIET_LUFS:
        integrated = None
    black_ranges = within(black)
    return Findings(
        duration=duration,
        silences=within(silences),
        loudness=Loudness(integrated, loud.get("true_peak_db"), loud.get("lra")),
        scenes=sorted({round(t, 3) for t in scenes if t > 0}),
        black=black_ranges,
        # A black stretch is also a frozen one; "frozen" names pictures that stand still
        # without being black, so the two lists never say the same thing twice.
        frozen=drop_short(subtract(within(frozen), black_ranges), FREEZE_MIN_S),
    )
