"""The draft -> ONE ffmpeg command, as plain data (no I/O, no ffmpeg run here).

``plan(draft, media, output, quality)`` returns the argument list; ``build`` returns it with
what the runner must prepare first (title PNGs, the concat list for a stream copy) and the
output's length for the progress bar. Tests compare the arguments and the filtergraph exactly.

The graph, per video segment (input options do the cheap work: ``-ss``/``-t`` seek and cut):
``setpts`` (speed) -> ``fps=30`` -> scale+pad (letterbox) or scale+crop (fill) -> ``setsar=1``
-> ``format=yuv420p``; an image is scaled once and held with ``tpad`` for its duration. Each
segment gets audio of exactly its length: its own sound (``atempo`` for speed, ``volume``), or
silence (``anullsrc``) when it has none or is muted. Segments are joined with ``concat``, or
``xfade``/``acrossfade`` when ``m.xfade`` > 0. Titles are PNG overlays with
``enable='between(t,a,b)'``. Music is looped (``-stream_loop -1``) or cut with ``-t``, faded,
delayed to its start and mixed with ``amix ... normalize=0`` so levels are what the draft says.
When every clip already matches the output and nothing needs re-encoding, the clips are
stream-copied with the concat demuxer instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ....errors import InputError

FPS = 30
AUDIO_RATE = 48000
AUDIO_FORMAT = f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
# A mono source goes to both stereo channels at full level (ffmpeg's own upmix is 3 dB down).
MONO_TO_STEREO = "pan=stereo|c0=c0|c1=c0"


def upmix(media: Mapping[str, Any]) -> list[str]:
    return [MONO_TO_STEREO] if media.get("channels") == 1 else []
# x264 preset and CRF per quality; the preview trades everything for speed.
QUALITY: dict[str, tuple[str, int, str]] = {
    "high": ("medium", 20, "192k"),
    "medium": ("veryfast", 23, "160k"),
    "low": ("ultrafast", 28, "128k"),
}
PREVIEW_QUALITY = ("ultrafast", 30, "96k")
PREVIEW_LONG_SIDE = 480
ASPECT_SIZES = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}
TITLE_MARGIN = 0.06  # top/bottom titles sit this fraction of the height from the edge
COPY_TOLERANCE_MS = 50  # a clip used whole may differ from its file's length by this much
HEAD = ["ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-progress", "pipe:1", "-nostats"]  # fmt: skip


@dataclass(frozen=True)
class TitleAsset:
    """A title PNG the runner draws (titles.render_title) before ffmpeg starts."""

    path: Path
    text: str
    size: str
    width: int  # the frame it is drawn for
    height: int


@dataclass(frozen=True)
class RenderPlan:
    args: list[str]
    duration: float  # seconds: the output's length
    sources: tuple[Path, ...]  # the local files ffmpeg reads
    titles: tuple[TitleAsset, ...] = ()
    concat_list: tuple[Path, str] | None = None  # (path, text) to write for a stream copy
    width: int = 0
    height: int = 0
    stream_copy: bool = False


@dataclass
class _Seg:
    """A video-track segment, read defensively and joined with its media entry."""

    name: str
    media: dict[str, Any]
    kind: str  # "video" | "image"
    d: int  # ms on the timeline
    in_ms: int = 0
    speed: float = 1.0
    volume: float = 100.0
    raw: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- small helpers


def sec(ms: float) -> str:
    """Milliseconds as ffmpeg seconds: 5000 -> "5", 1500 -> "1.5", 1234.5 -> "1.235"."""
    text = f"{ms / 1000:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def num(value: float) -> str:
    """A factor for a filter: 0.35 -> "0.35", 2.0 -> "2"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def _segments(draft: dict[str, Any], tt: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for track in draft.get("t") or []:
        if isinstance(track, dict) and track.get("tt") == tt:
            found.extend(s for s in track.get("sg") or [] if isinstance(s, dict))
    return found


def _meta(draft: dict[str, Any]) -> dict[str, Any]:
    meta = draft.get("m")
    return meta if isinstance(meta, dict) else {}


def frame_size(draft: dict[str, Any], *, preview: bool = False) -> tuple[int, int]:
    """The output's size: ``m.width`` x ``m.height`` (else from ``m.aspect``), even numbers.

    A preview keeps the shape with its longer side at ``PREVIEW_LONG_SIDE``.
    """
    meta = _meta(draft)
    width = int(_number(meta.get("width"), 0))
    height = int(_number(meta.get("height"), 0))
    if width <= 0 or height <= 0:
        width, height = ASPECT_SIZES.get(str(meta.get("aspect")), ASPECT_SIZES["16:9"])
    if preview and max(width, height) > PREVIEW_LONG_SIDE:
        scale = PREVIEW_LONG_SIDE / max(width, height)
        width, height = round(width * scale), round(height * scale)
    return width - width % 2, height - height % 2


def _fit(meta: dict[str, Any], width: int, height: int) -> str:
    if meta.get("fit") == "fill":
        return (f"scale={width}:{height}:force_original_aspect_ratio=increase:out_range=tv,"
                f"crop={width}:{height}")  # fmt: skip
    return (f"scale={width}:{height}:force_original_aspect_ratio=decrease:"
            f"force_divisible_by=2:out_range=tv,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black")  # fmt: skip


def atempo(speed: float) -> list[str]:
    """``atempo`` filters for a speed factor; each takes 0.5..100, so slow motion chains."""
    filters: list[str] = []
    while speed < 0.5:
        filters.append("atempo=0.5")
        speed /= 0.5
    if abs(speed - 1.0) > 1e-6:
        filters.append(f"atempo={num(speed)}")
    return filters


def concat_list_text(paths: Sequence[Path]) -> str:
    """The concat demuxer's list: one ``file '...'`` line per input, quotes escaped."""
    return "".join("file '" + str(p).replace("'", "'\\''") + "'\n" for p in paths)


# ---------------------------------------------------------------- reading the draft


def crossfade_ms(draft: dict[str, Any], lengths: Sequence[int]) -> int:
    """The crossfade between clips: ``m.xfade``, at most half the shortest clip; 0 for one."""
    meta = _meta(draft)
    xfade = int(_number(meta.get("xfade"), 0)) if len(lengths) > 1 else 0
    return max(0, min(xfade, min(lengths, default=0) // 2))


def video_spans(draft: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start ms, end ms, name) of each video segment on the timeline, as rendered."""
    segs = [s for s in _segments(draft, 0) if _number(s.get("d"), 0) > 0]
    lengths = [int(_number(s.get("d"), 0)) for s in segs]
    xfade = crossfade_ms(draft, lengths)
    spans: list[tuple[int, int, str]] = []
    start = 0
    for seg, length in zip(segs, lengths, strict=True):
        spans.append((start, start + length, str(seg.get("n") or seg.get("src") or "")))
        start += length - xfade
    return spans


def _video_segments(draft: dict[str, Any], media: Sequence[dict[str, Any]]) -> list[_Seg]:
    by_id = {str(m.get("id")): m for m in media}
    segs: list[_Seg] = []
    for raw in _segments(draft, 0):
        d = int(_number(raw.get("d"), 0))
        if d <= 0:
            continue
        name = str(raw.get("n") or raw.get("src") or "a clip")
        entry = by_id.get(str(raw.get("src")))
        if entry is None or not entry.get("path"):
            raise InputError(
                f"The clip '{name}' refers to a file that is not in this session any more.",
                hint="Upload it again (nemo upload FILE), or remove the clip from the timeline.",
            )
        # The file decides whether it is a still; the draft's "k" only fills in when unknown.
        kind = str(entry.get("file_type") or raw.get("k") or "video")
        if entry.get("file_type") == "audio" or kind not in ("video", "image"):
            raise InputError(f"'{name}' is an audio file: it cannot go on the video track.")
        speed = _number(raw.get("sp"), 1.0)
        segs.append(
            _Seg(
                name=name,
                media=entry,
                kind=kind,
                d=d,
                in_ms=max(0, int(_number(raw.get("in"), 0))),
                speed=speed if speed > 0 else 1.0,
                volume=max(0.0, _number(raw.get("v"), 100.0)),
                raw=raw,
            )
        )
    if not segs:
        raise InputError(
            "The timeline is empty: there is nothing to render.",
            hint='Upload clips and describe the edit first, e.g. nemo say "combine my clips".',
        )
    return segs


def _can_copy(segs: list[_Seg], draft: dict[str, Any], width: int, height: int) -> bool:
    """True when the clips can be joined without re-encoding (see the module docstring)."""
    meta = _meta(draft)
    if _segments(draft, 1) or _segments(draft, 7):
        return False
    if len(segs) > 1 and _number(meta.get("xfade"), 0) > 0:
        return False
    layouts = set()
    for seg in segs:
        m = seg.media
        duration = _number(m.get("duration"), -1)
        if not (
            seg.kind == "video"
            and seg.in_ms == 0
            and seg.speed == 1.0
            and seg.volume == 100
            and abs(duration * 1000 - seg.d) <= COPY_TOLERANCE_MS
            and m.get("video_codec") == "h264"
            and m.get("pix_fmt") == "yuv420p"
            and (m.get("width"), m.get("height")) == (width, height)
            and not m.get("rotation")
            and m.get("has_audio")
            and m.get("audio_codec") == "aac"
        ):
            return False
        layouts.add((m.get("fps"), m.get("sample_rate"), m.get("channels")))
    return len(layouts) == 1


# ---------------------------------------------------------------- building the command


@dataclass
class _Graph:
    """The inputs and the filtergraph as they are built, stage by stage."""

    width: int
    height: int
    workdir: Path
    inputs: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    titles: list[TitleAsset] = field(default_factory=list)
    count: int = 0
    video: str = "v0"  # the label carrying the picture so far
    audio: str = "a0"  # ... and the sound

    def add_input(self, *options: str, path: Path) -> int:
        self.inputs.extend([*options, "-i", f"file:{path}"])
        self.count += 1
        return self.count - 1

    def segment(self, k: int, seg: _Seg, fit: str) -> None:
        """``[v{k}]`` and ``[a{k}]``: one video-track segment, exactly ``seg.d`` long."""
        path = Path(seg.media["path"])
        self.sources.append(path)
        if seg.kind == "image":
            i = self.add_input(path=path)
            self.filters.append(
                f"[{i}:v]{fit},setsar=1,format=yuv420p,fps={FPS},"
                f"tpad=stop_mode=clone:stop_duration={sec(seg.d)},trim=duration={sec(seg.d)},"
                f"setpts=PTS-STARTPTS[v{k}]"
            )
        else:
            used = seg.d * seg.speed  # ms of the source
            seek = ["-ss", sec(seg.in_ms)] if seg.in_ms else []
            i = self.add_input(*seek, "-t", sec(used), path=path)
            speed = "PTS-STARTPTS" if seg.speed == 1.0 else f"(PTS-STARTPTS)/{num(seg.speed)}"
            chain = [f"setpts={speed}", f"fps={FPS}", fit, "setsar=1", "format=yuv420p"]
            known = _number(seg.media.get("duration"), 0) * 1000
            missing = (seg.in_ms + used - known) / seg.speed if known else 0
            if missing > 1000 / FPS:  # the file is shorter than the draft asks: hold the end
                chain.append(f"tpad=stop_mode=clone:stop_duration={sec(missing)}")
            self.filters.append(f"[{i}:v]" + ",".join(chain) + f"[v{k}]")
        if seg.kind == "video" and seg.media.get("has_audio") and seg.volume > 0:
            achain = ["asetpts=PTS-STARTPTS", *atempo(seg.speed)]
            if seg.volume != 100:
                achain.append(f"volume={num(seg.volume / 100)}")
            achain += [*upmix(seg.media), AUDIO_FORMAT, "apad", f"atrim=duration={sec(seg.d)}"]
            self.filters.append(f"[{i}:a]" + ",".join(achain) + f"[a{k}]")
        else:
            self.filters.append(
                f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=duration={sec(seg.d)}[a{k}]"
            )

    def join(self, segs: list[_Seg], xfade: int) -> None:
        if len(segs) > 1 and xfade:
            offset = 0
            for k in range(1, len(segs)):
                offset += segs[k - 1].d - xfade
                fade = f"xfade=transition=fade:duration={sec(xfade)}:offset={sec(offset)}"
                self.filters.append(f"[{self.video}][v{k}]{fade}[vx{k}]")
                self.filters.append(f"[{self.audio}][a{k}]acrossfade=d={sec(xfade)}[ax{k}]")
                self.video, self.audio = f"vx{k}", f"ax{k}"
        elif len(segs) > 1:
            pads = "".join(f"[v{k}][a{k}]" for k in range(len(segs)))
            self.filters.append(f"{pads}concat=n={len(segs)}:v=1:a=1[vcat][acat]")
            self.video, self.audio = "vcat", "acat"

    def title(self, k: int, raw: dict[str, Any], total: int) -> None:
        """A title PNG laid over the picture between its start and end (cut to the timeline)."""
        text = str(raw.get("tx") or "").strip()
        start = max(0, int(_number(raw.get("st"), 0)))
        end = min(total, start + int(_number(raw.get("d"), 3000)))
        if not text or end <= start:
            return
        png = self.workdir / f"title-{k}.png"
        size = str(raw.get("size") or "large")
        self.titles.append(TitleAsset(png, text, size, self.width, self.height))
        i = self.add_input(path=png)
        margin = round(self.height * TITLE_MARGIN)
        y = {"top": str(margin), "bottom": f"H-h-{margin}"}.get(str(raw.get("pos")), "(H-h)/2")
        self.filters.append(f"[{self.video}][{i}:v]overlay=x=(W-w)/2:y={y}:"
                            f"enable='between(t,{sec(start)},{sec(end)})'[vt{k}]")  # fmt: skip
        self.video = f"vt{k}"

    def music(self, k: int, raw: dict[str, Any], entry: dict[str, Any] | None,
              total: int) -> str | None:  # fmt: skip
        """``[m{k}]``: a music segment, looped or cut, faded and delayed; None if unusable."""
        start = max(0, int(_number(raw.get("st"), 0)))
        length = min(int(_number(raw.get("d"), total)), total - start)
        if entry is None or not entry.get("path") or not entry.get("has_audio") or length <= 0:
            return None
        path = Path(entry["path"])
        self.sources.append(path)
        in_ms = max(0, int(_number(raw.get("in"), 0)))
        known = _number(entry.get("duration"), 0) * 1000
        loop = raw.get("loop", True) and (not known or in_ms + length > known)
        options = ["-stream_loop", "-1"] if loop else []
        options += (["-ss", sec(in_ms)] if in_ms else []) + ["-t", sec(length)]
        i = self.add_input(*options, path=path)
        volume = max(0.0, _number(raw.get("v"), 100)) / 100
        chain = ["asetpts=PTS-STARTPTS", f"volume={num(volume)}"]
        fade_in = min(int(_number(raw.get("fi"), 0)), length)
        fade_out = min(int(_number(raw.get("fo"), 0)), length)
        if fade_in > 0:
            chain.append(f"afade=t=in:st=0:d={sec(fade_in)}")
        if fade_out > 0:
            chain.append(f"afade=t=out:st={sec(length - fade_out)}:d={sec(fade_out)}")
        chain += [*upmix(entry), AUDIO_FORMAT]
        if start:
            chain.append(f"adelay=delays={start}:all=1")
        self.filters.append(f"[{i}:a]" + ",".join(chain) + f"[m{k}]")
        return f"m{k}"

    def mix(self, music: list[str]) -> None:
        if music:
            pads = "".join(f"[{label}]" for label in [self.audio, *music])
            self.filters.append(f"{pads}amix=inputs={1 + len(music)}:duration=first:"
                                "dropout_transition=0:normalize=0[mix]")  # fmt: skip
            self.audio = "mix"


def build(
    draft: dict[str, Any],
    media: Sequence[dict[str, Any]],
    output: Path,
    quality: str = "high",
    *,
    preview: bool = False,
    workdir: Path | None = None,
) -> RenderPlan:
    """Everything needed to render ``draft`` into ``output`` with one ffmpeg run."""
    workdir = workdir or output.parent
    meta = _meta(draft)
    width, height = frame_size(draft, preview=preview)
    segs = _video_segments(draft, media)
    xfade = crossfade_ms(draft, [s.d for s in segs])
    total = sum(s.d for s in segs) - xfade * (len(segs) - 1)
    title = str(meta.get("title") or "").strip()
    tail = (["-metadata", f"title={title}"] if title else []) + [
        "-movflags", "+faststart", "-f", "mp4", str(output)]  # fmt: skip

    if not preview and _can_copy(segs, draft, width, height):
        paths = [Path(s.media["path"]) for s in segs]
        listing = workdir / "inputs.txt"
        args = [*HEAD, "-f", "concat", "-safe", "0", "-i", f"file:{listing}",
                "-map", "0:v:0", "-map", "0:a:0", "-c", "copy", *tail]  # fmt: skip
        listed = (listing, concat_list_text(paths))
        return RenderPlan(args, total / 1000, tuple(paths), width=width, height=height,
                          concat_list=listed, stream_copy=True)  # fmt: skip

    g = _Graph(width, height, workdir)
    fit = _fit(meta, width, height)
    for k, seg in enumerate(segs):
        g.segment(k, seg, fit)
    g.join(segs, xfade)
    for k, raw in enumerate(_segments(draft, 7)):
        g.title(k, raw, total)
    by_id = {str(m.get("id")): m for m in media}
    music = [g.music(k, raw, by_id.get(str(raw.get("src"))), total)
             for k, raw in enumerate(_segments(draft, 1))]  # fmt: skip
    g.mix([label for label in music if label])

    preset, crf, bitrate = PREVIEW_QUALITY if preview else QUALITY.get(quality, QUALITY["high"])
    args = [
        *HEAD, *g.inputs,
        "-filter_complex", ";".join(g.filters),
        "-map", f"[{g.video}]", "-map", f"[{g.audio}]",
        "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", bitrate, "-ar", str(AUDIO_RATE), "-ac", "2",
        "-t", sec(total), *tail,
    ]  # fmt: skip
    return RenderPlan(args, total / 1000, tuple(dict.fromkeys(g.sources)), tuple(g.titles),
                      width=width, height=height)  # fmt: skip


def plan(
    draft: dict[str, Any],
    media: Sequence[dict[str, Any]],
    output: Path,
    quality: str = "high",
    *,
    preview: bool = False,
    workdir: Path | None = None,
) -> list[str]:
    """The ffmpeg argument list (``args[0]`` is "ffmpeg"; the runner puts the real binary)."""
    return build(draft, media, output, quality, preview=preview, workdir=workdir).args
