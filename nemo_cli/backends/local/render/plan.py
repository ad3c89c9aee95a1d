"""The timeline -> ONE ffmpeg command, as plain data (no I/O, no ffmpeg run here).

``plan(timeline, media, output, quality)`` returns the argument list; ``build`` returns it with
what the runner must prepare first (title PNGs, the concat list for a stream copy) and the
output's length for the progress bar. Tests compare the arguments and the filtergraph exactly.

The graph, per video segment (input options do the cheap work: ``-ss``/``-t`` seek and cut):
``setpts`` (speed) -> ``fps`` (the output rate) -> laid over black if it has transparent parts
-> scale+pad (letterbox) or scale+crop (fill), by
the shape the picture is seen in (its pixel shape, SAR, applied) -> HDR tone-mapped to BT.709
(``tone_map``) -> ``setsar=1`` -> ``format=yuv420p``; an image is scaled once and held with
``tpad`` for its duration. The output is tagged BT.709. Each
segment gets audio of exactly its length: its own sound (``atempo`` for speed, ``volume``), or
silence (``anullsrc``) when it has none or is muted. Segments are joined with ``concat``, or
``xfade``/``acrossfade`` when the frame's crossfade > 0 (the pieces of one source are joined
with ``concat`` first: they never crossfade, ``timeline.continues``); the sound fades out and in
over ``JOIN_FADE_MS`` on both sides of every join that is not a crossfade, so it never clicks.
Titles are PNG overlays with ``enable='between(t,a,b)'``; captions are an ASS file drawn by
libass (``subtitles``) over everything. Music is looped (``-stream_loop -1``) or cut with
``-t``, faded, delayed to its start and mixed with ``amix ... normalize=0`` so levels are what
the timeline says.
When every clip already matches the output and nothing needs re-encoding, the clips are
stream-copied with the concat demuxer instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ....errors import InputError
from ..captions.cues import Cue
from ..captions.style import CaptionStyle
from ..media import Media
from ..timeline import Clip, FitMode, Music, Text, Timeline, place_clips
from .denoise import afftdn
from .ducking import envelope, timeline_speech
from .encoders import X264, Encoding, encoding_for
from .rate import Rate, output_rate, snap

AUDIO_RATE = 48000
AUDIO_FORMAT = f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
JOIN_FADE_MS = 10
# A mono source goes to both stereo channels at full level (ffmpeg's own upmix is 3 dB down).
MONO_TO_STEREO = "pan=stereo|c0=c0|c1=c0"


def upmix(channels: int | None) -> list[str]:
    return [MONO_TO_STEREO] if channels == 1 else []


# x264 preset and CRF (encoders.X264: the other encoders follow its CRF) and the AAC bitrate
# per quality; the preview trades everything for speed.
AUDIO_BITRATE = {"high": "192k", "medium": "160k", "low": "128k", "preview": "96k"}
QUALITY: dict[str, tuple[str, int, str]] = {
    q: (*X264[q], AUDIO_BITRATE[q]) for q in ("high", "medium", "low")
}
PREVIEW_QUALITY = (*X264["preview"], AUDIO_BITRATE["preview"])
PREVIEW_LONG_SIDE = 480
TITLE_MARGIN = 0.06  # top/bottom titles sit this fraction of the height from the edge
COPY_TOLERANCE_MS = 50  # a clip used whole may differ from its file's length by this much
HELD_NOTE_MS = 500  # a last frame held this long is said in the export's notes
HEAD = [
    "ffmpeg",
    "-hide_banner",
    "-nostdin",
    "-y",
    "-loglevel",
    "error",
    "-progress",
    "pipe:1",
    "-nostats",
]


def concat_input(listing: Path) -> list[str]:
    """An ffmpeg input reading the files a concat list names, one after another."""
    return ["-f", "concat", "-safe", "0", "-i", f"file:{listing}"]


@dataclass(frozen=True)
class TitleAsset:
    """A title PNG the runner draws (titles.render_title) before ffmpeg starts."""

    path: Path
    text: str
    size: str
    width: int  # the frame it is drawn for
    height: int


@dataclass(frozen=True)
class CaptionAsset:
    """The captions' ASS file and its fonts folder, written by the runner before ffmpeg starts
    (the font family the ASS names depends on the fonts found then)."""

    path: Path
    fonts: Path
    cues: tuple[Cue, ...]
    style: CaptionStyle
    width: int
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
    notes: tuple[str, ...] = ()  # what the render does that a person should know (held frames)
    rate: Rate | None = None  # the output's frame rate
    captions: CaptionAsset | None = None


@dataclass(frozen=True)
class _Seg:
    """A clip with its media entry, as the render sees it."""

    clip: Clip
    media: Media
    kind: str  # "video" | "image": what the file is, whatever the clip was called

    @property
    def d(self) -> int:
        return self.clip.duration_ms


# ---------------------------------------------------------------- small helpers


def sec(ms: float) -> str:
    """Milliseconds as ffmpeg seconds: 5000 -> "5", 1500 -> "1.5", 1234.5 -> "1.235"."""
    text = f"{ms / 1000:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def num(value: float) -> str:
    """A factor for a filter: 0.35 -> "0.35", 2.0 -> "2"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def frame_size(timeline: Timeline, *, preview: bool = False) -> tuple[int, int]:
    """The output's size: the frame's, in even numbers.

    A preview keeps the shape with its longer side at ``PREVIEW_LONG_SIDE``.
    """
    width, height = timeline.frame.width, timeline.frame.height
    if preview and max(width, height) > PREVIEW_LONG_SIDE:
        scale = PREVIEW_LONG_SIDE / max(width, height)
        width, height = round(width * scale), round(height * scale)
    return width - width % 2, height - height % 2


def _matrix(item: Media | None) -> str:
    """The colour matrix of a video whose file does not say (HD: BT.709, as players take it).

    The output is BT.709; ffmpeg takes an unsaid matrix for BT.601 and converts every picture
    of an untagged HD recording from 601 to 709, through RGB: its colours shift, and the
    conversion cost a sixth of a 1080p export's time (benchmarks/README.md)."""
    if (
        item is None
        or item.file_type != "video"
        or item.colour.space
        or item.hdr
        or not ((item.height or 0) > 576 or (item.width or 0) > 1024)
    ):
        return ""
    return ":in_color_matrix=bt709"


def _fit(fit: FitMode, width: int, height: int, item: Media | None = None) -> str:
    """Scale into ``width`` x ``height``: whole and padded (letterbox) or filling and cropped.

    ffmpeg's ``force_original_aspect_ratio`` keeps the coded shape, so a file with non-square
    pixels (PAL DV: 720x576, SAR 64:45, 16:9 on screen) is scaled here to numbers worked out
    from its displayed shape instead."""
    tv = f"out_range=tv{_matrix(item)}"
    if item is not None and item.sar[0] != item.sar[1] and item.width and item.height:
        shown_w, shown_h = item.display_size
        assert shown_w and shown_h
        if fit == "fill":
            k = max(width / shown_w, height / shown_h)
            w, h = (2 * math.ceil(x * k / 2) for x in (shown_w, shown_h))
            return f"scale={w}:{h}:{tv},setsar=1,crop={width}:{height}"
        k = min(width / shown_w, height / shown_h)
        w, h = (
            min(limit, 2 * round(x * k / 2)) for x, limit in ((shown_w, width), (shown_h, height))
        )
        return f"scale={w}:{h}:{tv},setsar=1,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black"
    if fit == "fill":
        return (
            f"scale={width}:{height}:force_original_aspect_ratio=increase:{tv},"
            f"crop={width}:{height}"
        )
    return (
        f"scale={width}:{height}:force_original_aspect_ratio=decrease:"
        f"force_divisible_by=2:{tv},"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black"
    )


# zscale's names for what the probe reports (others are left for zscale to read from the frames).
_ZSCALE_PRIMARIES = ("bt709", "bt2020", "smpte432")
_ZSCALE_MATRICES = ("bt709", "bt2020nc", "bt2020c")
HDR_WHITE_NITS = 203  # BT.2408: HDR reference white, which becomes SDR white
# A tone curve that keeps colours up to 70 % of white as they are and rolls the highlights off.
TONE_CURVE = "tonemap=tonemap=mobius:param=0.7:desat=0"
BT709_TAGS = [
    "-colorspace",
    "bt709",
    "-color_primaries",
    "bt709",
    "-color_trc",
    "bt709",
    "-color_range",
    "tv",
]


# A picture with transparent parts, laid over black (the letterbox colour): multiplying each
# colour by its opacity is exactly that, whatever invisible colour lies under clear pixels.
OVER_BLACK = ["format=gbrap", "premultiply=inplace=1"]


def picture_pad(i: int, item: Media) -> str:
    """Input ``i``'s picture: its video stream, or for a photo in tiles (an iPhone HEIC) the
    stream group that joins them (``[i:v]`` would be one tile)."""
    return f"{i}:g:{item.group}" if item.group is not None else f"{i}:v"


def tone_map(item: Media) -> list[str]:
    """HDR (HLG or PQ, BT.2020) -> BT.709 SDR with zscale and tonemap; [] for SDR pictures.

    The signal is made linear with HDR reference white as 1.0, moved to BT.709 primaries, its
    highlights rolled off into SDR's range, and encoded back with the BT.709 curve and matrix.
    """
    if item.hdr is None:
        return []
    c = item.colour
    given = [f"tin={c.transfer}"]
    if c.primaries in _ZSCALE_PRIMARIES:
        given.append(f"pin={c.primaries}")
    if c.space in _ZSCALE_MATRICES:
        given.append(f"min={c.space}")
    if c.range in ("tv", "pc"):
        given.append(f"rin={c.range}")
    return [
        f"zscale={':'.join(given)}:t=linear:npl={HDR_WHITE_NITS}",
        "format=gbrpf32le",
        "zscale=p=bt709",
        TONE_CURVE,
        "zscale=t=bt709:m=bt709:r=tv",
    ]


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


# ---------------------------------------------------------------- reading the timeline


def crossfade_ms(timeline: Timeline, lengths: Sequence[int]) -> int:
    """The crossfade between clips: the frame's, at most half the shortest run of clips joined
    by plain cuts (``Timeline.runs``); 0 when there is one run."""
    runs = timeline.runs()
    xfade = timeline.frame.crossfade_ms if len(runs) > 1 else 0
    shortest = min((sum(lengths[i] for i in run) for run in runs), default=0)
    return max(0, min(xfade, shortest // 2))


def video_spans(timeline: Timeline) -> list[tuple[int, int, str]]:
    """(start ms, end ms, name) of each clip on the timeline, as rendered."""
    lengths = [c.duration_ms for c in timeline.clips]
    starts = place_clips(timeline.clips, crossfade_ms(timeline, lengths))
    return [
        (start, start + clip.duration_ms, clip.name or clip.source)
        for clip, start in zip(timeline.clips, starts, strict=True)
    ]


def _video_segments(timeline: Timeline, media: Sequence[Media]) -> list[_Seg]:
    by_id = {m.id: m for m in media}
    segs: list[_Seg] = []
    for clip in timeline.clips:
        name = clip.name or clip.source or "a clip"
        entry = by_id.get(clip.source)
        if entry is None or not entry.path:
            raise InputError(
                f"The clip '{name}' refers to a file that is not in this session any more.",
                hint="Upload it again (nemo upload FILE), or remove the clip from the timeline.",
            )
        if entry.file_type == "audio":
            raise InputError(f"'{name}' is an audio file: it cannot go on the video track.")
        segs.append(_Seg(clip, entry, entry.file_type))
    if not segs:
        raise InputError(
            "The timeline is empty: there is nothing to render.",
            hint='Upload clips and describe the edit first, e.g. nemo say "combine my clips".',
        )
    return segs


def _whole(m: Media) -> bool:
    """Every stream of the file plays to its end (nothing held, padded or cut short)."""
    length = m.duration or 0
    ends = [m.video_duration] + [t.duration for t in m.tracks[:1]]
    return m.file_duration is None and all(
        end is None or abs(end - length) * 1000 <= COPY_TOLERANCE_MS * 4 for end in ends
    )


def _can_copy(segs: list[_Seg], timeline: Timeline, width: int, height: int, rate: Rate) -> bool:
    """True when the clips can be joined without re-encoding (see the module docstring)."""
    if timeline.music or timeline.texts or timeline.denoise or timeline.captions:
        return False
    if len(segs) > 1 and timeline.frame.crossfade_ms > 0:
        return False
    layouts = set()
    for seg in segs:
        m, clip = seg.media, seg.clip
        duration = m.duration if m.duration is not None else -1
        if not (
            seg.kind == "video"
            and clip.in_ms == 0
            and clip.speed == 1.0
            and clip.volume == 100
            and abs(duration * 1000 - clip.duration_ms) <= COPY_TOLERANCE_MS
            and m.video_codec == "h264"
            and m.pix_fmt == "yuv420p"
            and (m.width, m.height) == (width, height)
            and not m.rotation
            and m.has_audio
            and m.audio_codec == "aac"
            and m.sar == (1, 1)
            and m.track == 0
            and clip.track in (None, 0)
            and _whole(m)
            and snap(m.fps or 0) == rate
        ):
            return False
        layouts.add((m.fps, m.sample_rate, m.channels))
    return len(layouts) == 1


# ---------------------------------------------------------------- building the command


@dataclass
class _Graph:
    """The inputs and the filtergraph as they are built, stage by stage."""

    width: int
    height: int
    workdir: Path
    rate: Rate
    inputs: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    titles: list[TitleAsset] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    count: int = 0
    denoise: bool = False  # the clips' background noise reduced (Timeline.denoise)
    noise: Mapping[str, float | None] = field(default_factory=dict)  # floor dB by media id
    cut_joins: frozenset[int] = frozenset()  # k: segment k follows a plain cut (no crossfade)

    def join_fades(self, k: int, d: int) -> list[str]:
        """Short fades on both sides of a plain cut (a pause taken out, or one clip after
        another), so the join never clicks."""
        fades = []
        if k in self.cut_joins:
            fades.append(f"afade=t=in:st=0:d={sec(JOIN_FADE_MS)}")
        if k + 1 in self.cut_joins:
            fades.append(f"afade=t=out:st={sec(max(0, d - JOIN_FADE_MS))}:d={sec(JOIN_FADE_MS)}")
        return fades

    video: str = "v0"  # the label carrying the picture so far
    audio: str = "a0"  # ... and the sound

    def add_input(self, *options: str, path: Path) -> int:
        self.inputs.extend([*options, "-i", f"file:{path}"])
        self.count += 1
        return self.count - 1

    def segment(self, k: int, seg: _Seg, fit_mode: FitMode) -> None:
        """``[v{k}]`` and ``[a{k}]``: one video-track segment, exactly ``seg.d`` long."""
        clip, item = seg.clip, seg.media
        fit = _fit(fit_mode, self.width, self.height, item)
        path = Path(item.path)
        self.sources.append(path)
        look = ",".join([*(OVER_BLACK if item.alpha else []), fit, *tone_map(item)])
        if seg.kind == "image":
            i = self.add_input(path=path)
            # A photo joined from tiles ends its stream where it starts, so ``fps`` would make
            # no frame of it: repeat it first (``trim`` cuts it to length).
            hold = "loop=loop=-1:size=1," if item.group is not None else ""
            self.filters.append(
                f"[{picture_pad(i, item)}]{look},setsar=1,format=yuv420p,{hold}"
                f"fps={self.rate.text},tpad=stop_mode=clone:stop_duration={sec(seg.d)},trim=duration={sec(seg.d)},"
                f"setpts=PTS-STARTPTS[v{k}]"
            )
        else:
            used = clip.source_ms  # ms of the source
            seek = ["-ss", sec(clip.in_ms)] if clip.in_ms else []
            i = self.add_input(*seek, "-t", sec(used), path=path)
            speed = "PTS-STARTPTS" if clip.speed == 1.0 else f"(PTS-STARTPTS)/{num(clip.speed)}"
            chain = [f"setpts={speed}", f"fps={self.rate.text}", look, "setsar=1", "format=yuv420p"]
            # Where the picture really ends: a file's sound may outlast it, or an interrupted
            # copy stop before what its header says (both measured by the probe).
            known = (item.video_duration or item.duration or 0) * 1000
            missing = (clip.in_ms + used - known) / clip.speed if known else 0
            if missing > 1000 / self.rate.value:  # shorter than the clip asks: hold the end
                chain.append(f"tpad=stop_mode=clone:stop_duration={sec(missing)}")
                if missing >= HELD_NOTE_MS:
                    self.notes.append(
                        f"{item.filename}: its picture stops "
                        f"{missing / 1000:.1f} s before the clip ends; the last "
                        "frame is held."
                    )
            self.filters.append(f"[{picture_pad(i, item)}]" + ",".join(chain) + f"[v{k}]")
        if seg.kind == "video" and item.has_audio and clip.volume > 0:
            # The track the clip picked, else the file's default (not merely its first).
            track = item.track_at(clip.track)
            pad = f"{i}:{track.index}" if track else f"{i}:a"
            achain = ["asetpts=PTS-STARTPTS", *atempo(clip.speed)]
            if self.denoise:  # before the volume: the floor is the source's own
                achain.append(afftdn(self.noise.get(clip.source)))
            if clip.volume != 100:
                achain.append(f"volume={num(clip.volume / 100)}")
            achain += [
                *upmix(track.channels if track else item.channels),
                AUDIO_FORMAT,
                "apad",
                f"atrim=duration={sec(seg.d)}",
            ]
            achain += self.join_fades(k, seg.d)
            self.filters.append(f"[{pad}]" + ",".join(achain) + f"[a{k}]")
        else:
            self.filters.append(
                f"anullsrc=r={AUDIO_RATE}:cl=stereo,atrim=duration={sec(seg.d)}[a{k}]"
            )

    def concat(self, run: range, name: str, avtb: bool = False) -> tuple[str, str]:
        """The labels of the segments in ``run`` joined one after another. ``concat`` puts its
        pictures in ffmpeg's own time base, which ``xfade`` wants on both sides: ``avtb``
        moves a lone segment there too."""
        if len(run) == 1:
            if not avtb:
                return f"v{run[0]}", f"a{run[0]}"
            self.filters.append(f"[v{run[0]}]settb=AVTB[v{name}]")
            return f"v{name}", f"a{run[0]}"
        pads = "".join(f"[v{k}][a{k}]" for k in run)
        self.filters.append(f"{pads}concat=n={len(run)}:v=1:a=1[v{name}][a{name}]")
        return f"v{name}", f"a{name}"

    def join(self, segs: list[_Seg], xfade: int, runs: list[range]) -> None:
        """Runs of pieces joined by plain cuts, the runs crossfaded when ``xfade``."""
        if len(runs) > 1 and xfade:
            avtb = any(len(run) > 1 for run in runs)
            self.video, self.audio = self.concat(runs[0], "r0", avtb)
            offset = 0
            for j in range(1, len(runs)):
                video, audio = self.concat(runs[j], f"r{j}", avtb)
                offset += sum(segs[k].d for k in runs[j - 1]) - xfade
                fade = f"xfade=transition=fade:duration={sec(xfade)}:offset={sec(offset)}"
                self.filters.append(f"[{self.video}][{video}]{fade}[vx{j}]")
                self.filters.append(f"[{self.audio}][{audio}]acrossfade=d={sec(xfade)}[ax{j}]")
                self.video, self.audio = f"vx{j}", f"ax{j}"
        elif len(segs) > 1:
            self.video, self.audio = self.concat(range(len(segs)), "cat")

    def title(self, k: int, text: Text, total: int) -> None:
        """A title PNG laid over the picture between its start and end (cut to the timeline)."""
        words = text.text.strip()
        start = text.start_ms
        end = min(total, text.end_ms)
        if not words or end <= start:
            return
        png = self.workdir / f"title-{k}.png"
        self.titles.append(TitleAsset(png, words, text.size, self.width, self.height))
        i = self.add_input(path=png)
        margin = round(self.height * TITLE_MARGIN)
        y = {"top": str(margin), "bottom": f"H-h-{margin}"}.get(text.position, "(H-h)/2")
        self.filters.append(
            f"[{self.video}][{i}:v]overlay=x=(W-w)/2:y={y}:"
            f"enable='between(t,{sec(start)},{sec(end)})'[vt{k}]"
        )
        self.video = f"vt{k}"

    def music(
        self, k: int, music: Music, entry: Media | None, total: int, dip: str | None = None
    ) -> str | None:
        """``[m{k}]``: a music segment, looped or cut, faded and delayed; None if unusable."""
        start = music.start_ms
        length = min(music.duration_ms, total - start)
        if entry is None or not entry.path or not entry.has_audio or length <= 0:
            return None
        path = Path(entry.path)
        self.sources.append(path)
        in_ms = music.in_ms
        known = (entry.duration or 0) * 1000
        loop = music.loop and (not known or in_ms + length > known)
        options = ["-stream_loop", "-1"] if loop else []
        options += (["-ss", sec(in_ms)] if in_ms else []) + ["-t", sec(length)]
        i = self.add_input(*options, path=path)
        chain = ["asetpts=PTS-STARTPTS", f"volume={num(music.volume / 100)}"]
        if dip:  # under the clips' speech (render/ducking.py)
            chain.append(dip)
        fade_in = min(music.fade_in_ms, length)
        fade_out = min(music.fade_out_ms, length)
        if fade_in > 0:
            chain.append(f"afade=t=in:st=0:d={sec(fade_in)}")
        if fade_out > 0:
            chain.append(f"afade=t=out:st={sec(length - fade_out)}:d={sec(fade_out)}")
        track = entry.track_at(None)
        chain += [*upmix(track.channels if track else entry.channels), AUDIO_FORMAT]
        if start:
            chain.append(f"adelay=delays={start}:all=1")
        pad = f"{i}:{track.index}" if track else f"{i}:a"
        self.filters.append(f"[{pad}]" + ",".join(chain) + f"[m{k}]")
        return f"m{k}"

    def mix(self, music: list[str]) -> None:
        if music:
            pads = "".join(f"[{label}]" for label in [self.audio, *music])
            self.filters.append(
                f"{pads}amix=inputs={1 + len(music)}:duration=first:"
                "dropout_transition=0:normalize=0[mix]"
            )
            self.audio = "mix"


def _captions(g: _Graph, timeline: Timeline) -> CaptionAsset | None:
    """The captions drawn by libass (``subtitles``) over the picture, titles included."""
    from ..captions.burn import subtitles_filter

    cues = timeline.caption_cues()
    if not cues or timeline.captions is None:
        return None
    asset = CaptionAsset(
        g.workdir / "captions.ass",
        g.workdir / "fonts",
        tuple(cues),
        timeline.captions.style,
        g.width,
        g.height,
    )
    g.filters.append(f"[{g.video}]{subtitles_filter(asset.path, asset.fonts)}[vcap]")
    g.video = "vcap"
    return asset


def build(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str = "high",
    *,
    preview: bool = False,
    workdir: Path | None = None,
    speech: Mapping[str, Sequence[tuple[float, float]]] | None = None,
    noise: Mapping[str, float | None] | None = None,
    encoding: Encoding | None = None,
) -> RenderPlan:
    """Everything needed to render ``timeline`` into ``output`` with one ffmpeg run.

    ``speech`` (the clips' speech ranges by media id, from the analysis) is read only when a
    music ducks under it; ``noise`` (their noise floors, dB) only when the sound is denoised.
    ``encoding`` is the video encoder and its options (encoders.py; default libx264 at
    ``quality``, or at the preview's)."""
    workdir = workdir or output.parent
    width, height = frame_size(timeline, preview=preview)
    segs = _video_segments(timeline, media)
    xfade = crossfade_ms(timeline, [s.d for s in segs])
    runs = timeline.runs() if xfade else [range(len(segs))]
    total = sum(s.d for s in segs) - xfade * (len(runs) - 1)
    title = (timeline.title or "").strip()
    tail = (["-metadata", f"title={title}"] if title else []) + [
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(output),
    ]

    rate, _ = output_rate(timeline, media)
    if not preview and _can_copy(segs, timeline, width, height, rate):
        paths = [Path(s.media.path) for s in segs]
        listing = workdir / "inputs.txt"
        args = [
            *HEAD,
            *concat_input(listing),
            "-map",
            "0:v:0",
            "-map",
            "0:a:0",
            "-c",
            "copy",
            *tail,
        ]
        listed = (listing, concat_list_text(paths))
        return RenderPlan(
            args,
            total / 1000,
            tuple(paths),
            width=width,
            height=height,
            concat_list=listed,
            stream_copy=True,
            rate=rate,
        )

    g = _Graph(width, height, workdir, rate)
    g.denoise = timeline.denoise
    g.noise = noise or {}
    g.cut_joins = frozenset(k for run in runs for k in run[1:])
    for k, seg in enumerate(segs):
        g.segment(k, seg, timeline.frame.fit)
    g.join(segs, xfade, runs)
    for k, text in enumerate(timeline.texts):
        g.title(k, text, total)
    captions = _captions(g, timeline)
    by_id = {m.id: m for m in media}
    spoken = timeline_speech(timeline, speech) if speech else []
    music = [
        g.music(k, m, by_id.get(m.source), total, envelope(spoken, m.duck_db, m.start_ms / 1000))
        for k, m in enumerate(timeline.music)
    ]
    g.mix([label for label in music if label])

    bitrate = (PREVIEW_QUALITY if preview else QUALITY.get(quality, QUALITY["high"]))[2]
    video = encoding or encoding_for("x264", "preview" if preview else quality)
    if video.upload:  # frames handed to the GPU (VA-API) after the picture's last filter
        g.filters.append(f"[{g.video}]{video.upload}[venc]")
        g.video = "venc"
    args = [
        *HEAD,
        *video.head,
        *g.inputs,
        "-filter_complex",
        ";".join(g.filters),
        "-map",
        f"[{g.video}]",
        "-map",
        f"[{g.audio}]",
        *video.options,
        *BT709_TAGS,
        "-c:a",
        "aac",
        "-b:a",
        bitrate,
        "-ar",
        str(AUDIO_RATE),
        "-ac",
        "2",
        "-t",
        sec(total),
        *tail,
    ]
    return RenderPlan(
        args,
        total / 1000,
        tuple(dict.fromkeys(g.sources)),
        tuple(g.titles),
        width=width,
        height=height,
        notes=tuple(g.notes),
        rate=rate,
        captions=captions,
    )


def plan(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str = "high",
    *,
    preview: bool = False,
    workdir: Path | None = None,
) -> list[str]:
    """The ffmpeg argument list (``args[0]`` is "ffmpeg"; the runner puts the real binary)."""
    return build(timeline, media, output, quality, preview=preview, workdir=workdir).args
