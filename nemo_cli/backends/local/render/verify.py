"""Is a video whole? One decode of the file, judged against what it should be.

Every render is checked here before it is called done (``nemo export --no-verify`` skips it),
and ``nemo verify FILE`` runs the same checks on any file, plus black and frozen stretches and
loudness. Decoding is several times cheaper than encoding, so the check costs a fraction of
the render.

Three parts, so each is tested on its own and the decode can be swapped for the engine's media
analysis (``analyze/passes.py``) once that lands, without touching the judging:

- ``decode_command`` (pure): the ffmpeg run. The picture goes to a null output (its frames are
  counted by ``-progress``), optionally through ``blackdetect`` and ``freezedetect`` on a small
  copy; the sound through ``astats`` (its sample count: the audio's real length) and, deep,
  ``ebur128``. ``-loglevel level+info`` tags each line, so decode errors are told apart from
  the detectors' reports.
- ``parse_decode_log`` (pure): that log -> ``Decoded``.
- ``judge`` (pure): the probe + ``Decoded`` + what was expected -> ``Problem`` s. A problem is
  ``broken`` (the file is not what it must be: ``nemo verify`` exits 7) or a finding worth a
  look (a black stretch, a frozen one, no sound).
"""

from __future__ import annotations

import math
import re
import subprocess
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ....errors import InputError, Interrupted, RenderError
from ....safe_text import one_line
from ..child import spawn
from .probe import Probe, probe

VERIFY_WIDTH = 320  # the picture detectors run on frames this wide
BLACK_MIN_S = 1.0  # shorter black is a cut or a fade, not a problem
FREEZE_MIN_S = 2.0  # shorter stills are a pause, not a problem
FREEZE_NOISE = 0.003  # -50 dB: x264 keeps refining a still for a few frames; that is not motion
SILENT_LUFS = -70.0  # ebur128's gate lets nothing through: no sound at all
QUIET_LUFS = -40.0  # audible only with the volume turned right up
LOUD_LUFS = -5.0  # far above any platform's target: it will clip or be turned down hard
AAC_FRAME = 1024  # samples: an AAC encoder ends on a whole frame, so audio may run this long
MAX_ERRORS_SHOWN = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file. ``broken`` problems make it unusable (exit 7)."""

    kind: str  # no_video, no_audio, decode, duration, frames, audio_length, black, frozen, ...
    message: str
    broken: bool = True
    start: float | None = None  # seconds, for a stretch
    end: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message, "broken": self.broken}
        if self.start is not None:
            out["start"] = round(self.start, 3)
        if self.end is not None:
            out["end"] = round(self.end, 3)
        return out


@dataclass(frozen=True)
class Expected:
    """What a render must be: its timeline's length (seconds) at its frame rate, within one
    frame unless ``slack`` says more (a stream copy keeps its files' own lengths)."""

    duration: float
    fps: float
    slack: float = 0.0  # seconds allowed beyond one frame
    exact_frames: bool = True

    @property
    def frames(self) -> tuple[int, int]:
        """The frame counts that fill the length: a length between two frames may end on
        either (10.03 s at 30 fps: 300 or 301 frames)."""
        exact = self.duration * self.fps
        return math.floor(exact + 1e-6), math.ceil(exact - 1e-6)


@dataclass(frozen=True)
class Decoded:
    """What one decode of the file said."""

    frames: int | None = None  # video frames decoded (None: no picture decoded)
    audio_samples: int | None = None  # per channel
    errors: tuple[str, ...] = ()  # decoder and demuxer errors, in order
    black: tuple[tuple[float, float], ...] = ()
    frozen: tuple[tuple[float, float], ...] = ()
    loudness: float | None = None  # integrated, LUFS


@dataclass(frozen=True)
class Report:
    path: Path
    duration: float | None  # the container's, seconds
    frames: int | None
    fps: float | None
    has_video: bool
    has_audio: bool
    loudness: float | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not any(p.broken for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "duration": self.duration,
            "frames": self.frames,
            "fps": self.fps,
            "video": self.has_video,
            "audio": self.has_audio,
            "loudness_lufs": self.loudness,
            "problems": [p.to_json() for p in self.problems],
        }


# ---------------------------------------------------------------- the decode (swappable)


def decode_command(
    path: Path,
    *,
    video: bool,
    audio: bool,
    deep: bool,
    ffmpeg: str = "ffmpeg",
    seek: float | None = None,
    frames: int | None = None,
    threads: int | None = None,
) -> list[str]:
    """One ffmpeg run that decodes every frame of the first picture and sound stream: all of
    them, or (a piece's join, render/smart_render.py) from the keyframe at or before ``seek``
    seconds, ``frames`` of them; with ``threads`` decoding threads (ffmpeg's choice when None:
    one per core and one more, the quickest when the check has the machine). Only ``deep``
    (``nemo verify``: black and frozen stretches) looks at finished pictures."""
    args = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "level+info",
        "-progress",
        "pipe:1",
        *(["-noaccurate_seek", "-ss", f"{seek:.6f}"] if seek else []),
        *(["-threads", str(threads)] if threads else []),
        # The quick check skips H.264's deblocking: it cannot fail (a damaged slice is found
        # while its macroblocks are read, before it) and is an eighth of the decode's work.
        *(["-skip_loop_filter", "all"] if video and not deep else []),
        "-i",
        f"file:{path}",
    ]
    chains: list[str] = []
    maps: list[str] = []
    if video:
        if deep:
            chains.append(
                f"[0:v:0]scale=w={VERIFY_WIDTH}:h=-2:flags=fast_bilinear,"
                f"blackdetect=d={BLACK_MIN_S:g},"
                f"freezedetect=n={FREEZE_NOISE:g}:d={FREEZE_MIN_S:g}[v]"
            )
            maps += ["-map", "[v]"]
        else:
            maps += ["-map", "0:v:0"]
    if audio:
        loud = ",ebur128=framelog=quiet" if deep else ""
        chains.append(
            f"[0:a:0]astats=measure_perchannel=none:measure_overall=Number_of_samples{loud}[a]"
        )
        maps += ["-map", "[a]"]
    if chains:
        args += ["-filter_complex", ";".join(chains)]
    limit = ["-frames:v", str(frames)] if frames is not None and video else []
    return [*args, *maps, *limit, "-fps_mode", "passthrough", "-f", "null", "-"]


_LEVEL_RE = re.compile(r"^(?:\[(?P<ctx>[^\]]*@[^\]]*)\] )?\[(?P<level>[a-z]+)\] (?P<text>.*)$")
_BLACK_RE = re.compile(r"black_start:(?P<a>[\d.]+) black_end:(?P<b>[\d.]+)")
_FREEZE_START_RE = re.compile(r"freezedetect\.freeze_start: (?P<t>[\d.]+)")
_FREEZE_END_RE = re.compile(r"freezedetect\.freeze_end: (?P<t>[\d.]+)")
_SAMPLES_RE = re.compile(r"Number of samples: (?P<n>\d+)")
_LUFS_RE = re.compile(r"^\s*I:\s+(?P<v>-?[\d.]+|-inf|nan) LUFS", re.M)
_FRAME_RE = re.compile(r"^frame=(?P<n>\d+)\s*$", re.M)


def parse_decode_log(stderr: str, progress: str, duration: float | None = None) -> Decoded:
    """Read ``decode_command``'s stderr (level-tagged lines) and its ``-progress`` output.

    ``duration`` closes a frozen stretch that lasts to the end (freezedetect never ends it).
    """
    errors: list[str] = []
    black: list[tuple[float, float]] = []
    frozen: list[tuple[float, float]] = []
    freeze_from: float | None = None
    samples: int | None = None
    for line in stderr.splitlines():
        tagged = _LEVEL_RE.match(line)
        if tagged and tagged.group("level") in ("error", "fatal", "panic"):
            errors.append(tagged.group("text").strip())
            continue
        if found := _BLACK_RE.search(line):
            black.append((float(found.group("a")), float(found.group("b"))))
        elif found := _FREEZE_START_RE.search(line):
            freeze_from = float(found.group("t"))
        elif (found := _FREEZE_END_RE.search(line)) and freeze_from is not None:
            frozen.append((freeze_from, float(found.group("t"))))
            freeze_from = None
        elif found := _SAMPLES_RE.search(line):
            samples = int(found.group("n"))
    if freeze_from is not None and duration is not None and duration > freeze_from:
        frozen.append((freeze_from, duration))
    loud = _LUFS_RE.search(stderr)
    loudness: float | None = None
    if loud and loud.group("v") not in ("-inf", "nan"):
        loudness = float(loud.group("v"))
    counted = _FRAME_RE.findall(progress)
    frames = int(counted[-1]) if counted else None
    return Decoded(
        frames=frames,
        audio_samples=samples,
        errors=tuple(errors),
        black=tuple(black),
        frozen=tuple(frozen),
        loudness=loudness,
    )


def decode(path: Path, found: Probe, *, deep: bool, ffmpeg: str) -> Decoded:
    """Run the decode; a decode that cannot run at all is a RenderError."""
    video, audio = found.file_type == "video", found.has_audio
    if not (video or audio):
        return Decoded()
    args = decode_command(path, video=video, audio=audio, deep=deep, ffmpeg=ffmpeg)
    try:
        proc, held = spawn(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise RenderError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    try:
        held.release()
        out, err = proc.communicate()
    except KeyboardInterrupt:
        proc.kill()
        proc.wait()
        raise Interrupted("Check stopped.") from None
    stderr = err.decode("utf-8", errors="replace")
    decoded = parse_decode_log(stderr, out.decode("ascii", errors="replace"), found.duration)
    if proc.returncode != 0 and not decoded.errors:
        tail = deque((ln for ln in stderr.splitlines() if ln.strip()), maxlen=3)
        errors = tuple(one_line(ln, 200) for ln in tail) or ("ffmpeg could not decode it",)
        decoded = Decoded(
            decoded.frames,
            decoded.audio_samples,
            errors,
            decoded.black,
            decoded.frozen,
            decoded.loudness,
        )
    return decoded


# ---------------------------------------------------------------- judging


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def judge(found: Probe, decoded: Decoded, expected: Expected | None = None) -> list[Problem]:
    """What is wrong with the file (see the module docstring). Pure."""
    problems: list[Problem] = []
    has_video = found.file_type == "video"
    fps = (expected.fps if expected else None) or found.fps
    frame = 1 / fps if fps else 0.05
    if not has_video:
        problems.append(Problem("no_video", "There is no picture in the file."))
    if not found.has_audio:
        # A render always has sound; any other file may well be silent on purpose.
        problems.append(
            Problem("no_audio", "There is no sound track in the file.", broken=expected is not None)
        )
    if decoded.errors:
        shown = "; ".join(one_line(e, 120) for e in decoded.errors[:MAX_ERRORS_SHOWN])
        more = len(decoded.errors) - MAX_ERRORS_SHOWN
        extra = f" (and {more} more)" if more > 0 else ""
        problems.append(
            Problem("decode", f"{len(decoded.errors)} decoding error(s): {shown}{extra}")
        )
    # The container's claim: the probe's ``duration`` is what plays (streams measured to
    # their real ends), which a file cut short matches; the claim is what it must live up to.
    length = found.file_duration if found.file_duration is not None else found.duration
    if has_video and decoded.frames == 0:
        problems.append(Problem("frames", "No picture could be decoded."))
    elif expected is not None:
        if length is None or abs(length - expected.duration) > frame + expected.slack + 1e-6:
            said = _s(length) if length is not None else "unknown"
            problems.append(
                Problem("duration", f"It lasts {said}; the timeline is {_s(expected.duration)}.")
            )
        if has_video and decoded.frames is None:
            problems.append(Problem("frames", "The decode counted no frames of the picture."))
        rate = expected.fps
        low, high = expected.frames
        wanted = str(low) if low == high else f"{low}-{high}"
        count = decoded.frames
        if has_video and count is not None and expected.exact_frames and count < low:
            problems.append(
                Problem(
                    "frames",
                    f"Its picture stops at {count / rate:.1f} s of "
                    f"{expected.duration:.1f} s ({count} of {wanted} "
                    "frames).",
                )
            )
        elif has_video and count is not None and expected.exact_frames and count > high:
            problems.append(
                Problem("frames", f"{count} frames decoded; the timeline has {wanted}.")
            )
        elif (
            has_video
            and count is not None
            and not expected.exact_frames
            and count / rate < expected.duration - frame - expected.slack - 1e-6
        ):
            # A stream copy keeps its files' own frames: only a picture that stops early counts.
            problems.append(
                Problem(
                    "frames",
                    f"Its picture stops at {count / rate:.1f} s of {expected.duration:.1f} s.",
                )
            )
    elif has_video and fps and length and decoded.frames is not None:
        # The frames the file holds should fill the length it claims.
        pictured = decoded.frames / fps
        if abs(pictured - length) > max(2 * frame, 0.02 * length):
            problems.append(
                Problem(
                    "frames",
                    f"Its picture stops at {_s(pictured)} but the file says it lasts {_s(length)}.",
                )
            )
    if found.has_audio and decoded.audio_samples is not None and found.sample_rate:
        heard = decoded.audio_samples / found.sample_rate
        target = expected.duration if expected else length
        slack = frame + AAC_FRAME / found.sample_rate + (expected.slack if expected else 0)
        if target is not None and heard < target - slack:
            problems.append(
                Problem(
                    "audio_length",
                    f"Its sound stops at {_s(heard)}, before the end ({_s(target)}).",
                )
            )
    for a, b in decoded.black:
        whole = length is not None and a <= frame and b >= length - 2 * frame
        problems.append(
            Problem(
                "black",
                "The picture is black all the way through."
                if whole
                else f"Black from {_s(a)} to {_s(b)}.",
                broken=whole,
                start=a,
                end=b,
            )
        )
    for a, b in decoded.frozen:
        problems.append(
            Problem(
                "frozen",
                f"The picture stands still from {_s(a)} to {_s(b)}.",
                broken=False,
                start=a,
                end=b,
            )
        )
    return problems


def loudness_problems(decoded: Decoded, has_audio: bool) -> list[Problem]:
    """Findings about the level of the sound (deep checks only)."""
    if not has_audio:
        return []
    level = decoded.loudness
    if level is None or level <= SILENT_LUFS:
        return [Problem("silent", "The sound track is silent.", broken=False)]
    if level < QUIET_LUFS:
        return [Problem("quiet", f"The sound is very quiet ({level:.1f} LUFS).", broken=False)]
    if level > LOUD_LUFS:
        return [Problem("loud", f"The sound is very loud ({level:.1f} LUFS).", broken=False)]
    return []


def verify(
    path: Path, ffmpeg: str, *, expected: Expected | None = None, deep: bool = False
) -> Report:
    """Probe and decode ``path``; ``deep`` adds black/frozen stretches and loudness.

    A file ffmpeg cannot open as media at all (cut short before its index, not a video) is
    reported broken; a file that is not there is an InputError."""
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    try:
        found = probe(path, ffmpeg)
    except InputError as exc:
        problem = Problem("unreadable", f"It cannot be read as a video: {exc.message}")
        return Report(path, None, None, None, False, False, problems=(problem,))
    decoded = decode(path, found, deep=deep, ffmpeg=ffmpeg)
    problems = judge(found, decoded, expected)
    if deep:
        problems += loudness_problems(decoded, found.has_audio)
    return Report(
        path=path,
        duration=found.file_duration if found.file_duration is not None else found.duration,
        frames=decoded.frames,
        fps=found.fps,
        has_video=found.file_type == "video",
        has_audio=found.has_audio,
        loudness=decoded.loudness,
        problems=tuple(problems),
    )


def check_render(path: Path, ffmpeg: str, expected: Expected, shown: Path | None = None) -> Report:
    """The check every render passes before it is called done: RenderError if broken
    (``shown``: the name the user will see, said not to be saved)."""
    report = verify(path, ffmpeg, expected=expected)
    broken = [p for p in report.problems if p.broken]
    if broken:
        unsaved = f" {shown} was not saved." if shown is not None else ""
        raise RenderError(
            "The render came out broken: " + " ".join(p.message for p in broken) + unsaved,
            hint="Export again; if it fails the same way, a source file may be damaged "
            "(check it with nemo verify FILE).",
            code="render_broken",
        )
    return report
