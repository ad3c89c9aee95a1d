"""Frames of the edited timeline as the render will show them: thumbnails and single frames.

A ``Shot`` is what the render shows at one moment, read from the timeline the way plan.py
renders it: the clip under that moment (two, blended, inside a crossfade) at its source time
(in-point and speed applied), fitted to the frame (letterbox or fill), with the titles and
captions shown then laid over it, drawn by titles.py at the render's size and scaled down.

``grab`` takes any number of shots with ONE ffmpeg run: each clip is an input seeked to its
source time, and its first frame there, fitted to the picture's size, is an output of its own
(raw RGB in a temporary folder), so the clips are decoded side by side on all cores; Pillow
then blends and titles them (a thumbnail lets the decoder skip work a small picture does not
need, so it may show a frame or two after the exact moment; ``frame`` is exact).
``thumbnails`` asks for one shot per clip (the middle of the clip as it lies on the timeline)
and keeps each picture in the cache under a key made of everything that decides its pixels
(the file, its size and time stamp, the source time, the fit, the titles, the sizes), so after
an edit only the clips whose picture changed are taken again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ....errors import InputError, RenderError, UsageError
from ..child import spawn, stop
from ..media import Media
from ..timeline import Clip, Timeline
from .plan import TITLE_MARGIN, frame_size, video_spans

if TYPE_CHECKING:
    from PIL.Image import Image

THUMB_LONG_SIDE = 320  # pixels: plenty for a thumbnail on any terminal protocol
CACHE_VERSION = 2  # bump when the way a picture is made changes
# A thumbnail may show a keyframe this close before the clip's middle instead of decoding on to
# the middle: this share of the clip's length on the timeline, at most KEY_WINDOW_MS.
KEY_WINDOW_SHARE = 0.1
KEY_WINDOW_MS = 1000
MAX_INPUTS = 48  # shots per ffmpeg run (file descriptors, command length)
_HEAD = ["-hide_banner", "-nostdin", "-loglevel", "error"]


# ---------------------------------------------------------------- what a moment shows


@dataclass(frozen=True)
class Layer:
    """One clip's picture at one moment: ``path`` at ``at_ms`` of the source."""

    path: str
    kind: str  # "video" | "image"
    at_ms: int
    weight: float = 1.0  # its share in a crossfade (the layers of a shot add up to 1)
    stamp: str = ""  # the file's size and modification time, for the cache key


@dataclass(frozen=True)
class TitleLayer:
    text: str
    size: str
    pos: str


@dataclass(frozen=True)
class Shot:
    time_ms: int  # on the timeline
    layers: tuple[Layer, ...]  # the clip, or the two clips of a crossfade
    titles: tuple[TitleLayer, ...]
    width: int  # the render's frame
    height: int
    fit: str  # "letterbox" | "fill"
    clip: int  # 1-based number of the clip on the timeline
    name: str
    start_ms: int  # the clip's place on the timeline
    end_ms: int

    @property
    def early_ms(self) -> int:
        """How far before its moment a thumbnail may show a keyframe instead (about the middle
        of the clip, and decoding stops there: no frames decoded on to the exact moment)."""
        return round(min(KEY_WINDOW_MS, (self.end_ms - self.start_ms) * KEY_WINDOW_SHARE))

    def key(self, size: tuple[int, int], environ: Mapping[str, str]) -> str:
        """The cache key of this shot drawn at ``size``: everything that decides its pixels."""
        font = environ.get("NEMO_TITLE_FONT", "") if self.titles else ""
        body = {
            "v": CACHE_VERSION,
            "layers": [asdict(x) for x in self.layers],
            "titles": [asdict(t) for t in self.titles],
            "frame": [self.width, self.height],
            "fit": self.fit,
            "size": list(size),
            "font": font,
            "early": self.early_ms,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]


def _stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


@dataclass(frozen=True)
class _Placed:
    """A clip with its file and its place on the timeline."""

    clip: Clip
    media: Media
    start: int
    end: int


def _placed(timeline: Timeline, media: Sequence[Media]) -> list[_Placed]:
    """The clips with their place on the timeline, as plan.py lays them out (``video_spans``:
    a crossfade overlaps neighbours, except the pieces of one source)."""
    by_id = {m.id: m for m in media}
    placed: list[_Placed] = []
    for clip, (start, _end, _name) in zip(timeline.clips, video_spans(timeline), strict=True):
        entry = by_id.get(clip.source)
        if entry is None or not entry.path:
            raise InputError(
                f"The clip '{clip.name}' refers to a file that is not in this session any more.",
                hint="Upload it again, or remove the clip from the timeline.",
            )
        placed.append(_Placed(clip, entry, start, start + clip.duration_ms))
    return placed


def _layer(placed: _Placed, time_ms: int, weight: float = 1.0) -> Layer:
    path, clip = placed.media.path, placed.clip
    # The file decides whether it is a still (as plan.py); the clip's kind only fills in.
    kind = "image" if (placed.media.file_type or clip.kind) == "image" else "video"
    if kind == "image":
        return Layer(path, kind, 0, weight, _stamp(path))
    at = clip.in_ms + (time_ms - placed.start) * clip.speed
    known = placed.media.duration_ms
    if known:  # past the end of the file the render holds its last frame
        at = min(at, known - 1000 / (placed.media.fps or 30))
    return Layer(path, kind, max(0, round(at)), round(weight, 4), _stamp(path))


def _titles(timeline: Timeline, time_ms: int, total: int) -> tuple[TitleLayer, ...]:
    """The titles shown at ``time_ms`` (as plan.py: from the start, cut at the timeline's end)."""
    shown: list[TitleLayer] = []
    for text in timeline.texts:
        words = text.text.strip()
        end = min(total, text.end_ms)
        if words and text.start_ms <= time_ms <= end and end > text.start_ms:
            shown.append(TitleLayer(words, text.size, text.position))
    return tuple(shown)


def _frame(timeline: Timeline) -> tuple[int, int, str]:
    width, height = frame_size(timeline)
    return width, height, timeline.frame.fit


def shot_at(timeline: Timeline, media: Sequence[Media], time_ms: int) -> Shot:
    """What the render shows at ``time_ms`` of the timeline."""
    clips = _placed(timeline, media)
    if not clips:
        raise InputError(
            "There are no clips or photos on the timeline yet: there is no frame to show.",
            hint="Upload clips, then say what to do, e.g. combine my clips.",
        )
    total = clips[-1].end
    if not 0 <= time_ms < total:
        raise UsageError(
            f"The timeline is {clock(total)} long: there is no frame at {clock(time_ms)}.",
            hint=f"Ask for a time from 0:00 to {clock(max(0, total - 100))}.",
        )
    under = [c for c in clips if c.start <= time_ms < c.end]
    width, height, fit = _frame(timeline)
    layers: tuple[Layer, ...]
    if len(under) == 2:  # inside a crossfade: the next clip fades in over the overlap
        first, second = under
        progress = (time_ms - second.start) / max(1, first.end - second.start)
        layers = (_layer(first, time_ms, 1 - progress), _layer(second, time_ms, progress))
    else:
        layers = (_layer(under[0], time_ms),)
    last = under[-1]
    return Shot(
        time_ms,
        layers,
        _titles(timeline, time_ms, total),
        width,
        height,
        fit,
        clips.index(last) + 1,
        last.clip.name,
        last.start,
        last.end,
    )


def clip_shots(timeline: Timeline, media: Sequence[Media]) -> list[Shot]:
    """One shot per clip, at the middle of the clip as it lies on the timeline."""
    clips = _placed(timeline, media)
    if not clips:
        return []
    total = clips[-1].end
    width, height, fit = _frame(timeline)
    shots = []
    for n, placed in enumerate(clips, 1):
        middle = (placed.start + placed.end) // 2
        shots.append(
            Shot(
                middle,
                (_layer(placed, middle),),
                _titles(timeline, middle, total),
                width,
                height,
                fit,
                n,
                placed.clip.name,
                placed.start,
                placed.end,
            )
        )
    return shots


def clock(ms: int) -> str:
    """A moment as people write it: 12000 -> "0:12", 72500 -> "1:12.5", 3605000 -> "1:00:05"."""
    tenths = round(ms / 100)
    secs, tenth = divmod(tenths, 10)
    hours, rest = divmod(secs, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{text}.{tenth}" if tenth else text


# ---------------------------------------------------------------- taking the frames


def picture_size(shot: Shot, long_side: int | None) -> tuple[int, int]:
    """The picture's size: the render's frame, or scaled to ``long_side`` (even numbers)."""
    width, height = shot.width, shot.height
    if long_side and max(width, height) > long_side:
        scale = long_side / max(width, height)
        width, height = round(width * scale), round(height * scale)
    return max(2, width - width % 2), max(2, height - height % 2)


def _fit(fit: str, width: int, height: int, scaler: str = "") -> str:
    """The same scaling as plan.py's (letterbox: scale down and pad; fill: scale up and crop);
    ``scaler``: swscale's method, when not its default (bicubic)."""
    flags = f":flags={scaler}" if scaler else ""
    if fit == "fill":
        return (
            f"scale={width}:{height}:force_original_aspect_ratio=increase{flags},"
            f"crop={width}:{height}"
        )
    return (
        f"scale={width}:{height}:force_original_aspect_ratio=decrease{flags},"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black"
    )


def decoder_threads(inputs: int, cores: int) -> int:
    """Threads per decoder: one each when there are at least as many inputs as cores (they run
    side by side, and frame threading only decodes ahead of a frame nobody wants), else ffmpeg's
    own choice (0: one picture alone decodes faster on every core)."""
    return 1 if inputs >= max(1, cores) else 0


@dataclass(frozen=True)
class Take:
    """One frame to take: ``layer``'s picture fitted (``fit``) to the picture's size; for a
    thumbnail, a keyframe up to ``early_ms`` before the moment will do."""

    layer: Layer
    fit: str
    early_ms: int = 0


def grab_args(
    takes: Sequence[Take],
    size: tuple[int, int],
    outputs: Sequence[str],
    *,
    exact: bool = True,
    cores: int = 1,
) -> list[str]:
    """The ffmpeg arguments (after the binary) taking every frame in one run: ``takes[i]``'s
    frame, fitted to ``size``, as raw RGB in the file ``outputs[i]``.

    Each frame is an output of its own (not one picture joined with ``hstack``): ffmpeg feeds a
    filter graph with several inputs one input at a time (two or three threads busy), while
    separate outputs let every decoder run at once, each on one thread (``decoder_threads``:
    frame threads decode ahead of a frame nobody wants, about a tenth more CPU). Two cores are
    kept busy either way (measured); separate outputs have work for more.

    ``exact=False`` (thumbnails) saves decoding a small picture does not need:

    - the frames no other frame refers to are skipped (``-skip_frame noref``: the picture is at
      most a frame or two after the moment), and the deblocking filter (``-skip_loop_filter
      all``: its traces are far smaller than a thumbnail's pixels; 47 dB PSNR against the
      filtered decode at 320x180), and the picture is shrunk by area averaging;
    - the input is seeked to the keyframe before the moment (``-noaccurate_seek``, times now
      counted from the moment) and the first frame that is the moment or later, or a keyframe
      at most ``early_ms`` before it, is taken (``select``). Phone footage has a keyframe every
      second or two, so a thumbnail is mostly one decoded frame, not dozens."""
    width, height = size
    args = list(_HEAD)
    threads = ["-threads", str(decoder_threads(len(takes), cores))]
    fast = [] if exact else ["-skip_frame", "noref", "-skip_loop_filter", "all", "-noaccurate_seek"]
    for take in takes:
        layer = take.layer
        seek = (
            [*threads, *fast, "-ss", f"{layer.at_ms / 1000:.3f}"] if layer.kind == "video" else []
        )
        args += [*seek, "-an", "-sn", "-dn", "-i", f"file:{layer.path}"]
    for i, (take, out) in enumerate(zip(takes, outputs, strict=True)):
        # A thumbnail is a frame shrunk several times: area averaging is made for that, and
        # sets up faster than bicubic (about 2 ms of CPU a clip).
        chain = [_fit(take.fit, width, height, "" if exact else "area"), "setsar=1"]
        if not exact and take.layer.kind == "video":
            early = f"{take.early_ms / 1000:.3f}"
            # Its time counted from the one taken: a frame before 0 would be dropped on output.
            chain[:0] = [f"select='gte(t,0)+key*gte(t,-{early})'", "setpts=PTS-STARTPTS"]
        args += [
            "-map",
            f"{i}:v:0",
            "-frames:v",
            "1",
            "-vf",
            ",".join(chain),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-y",
            f"file:{out}",
        ]
    return args


def _run(
    ffmpeg: str,
    takes: Sequence[Take],
    size: tuple[int, int],
    exact: bool,
    meanwhile: Callable[[], object] | None = None,
) -> list[Image | None]:
    """Each take's frame (None where ffmpeg gave none), from one ffmpeg run; ``meanwhile`` is
    called while ffmpeg runs (its start, opening the inputs one by one, leaves a core free).
    Raises when ffmpeg gave no frame at all (a missing or unreadable file)."""
    import tempfile

    from PIL import Image as Pictures

    width, height = size
    expected = width * height * 3
    with tempfile.TemporaryDirectory(prefix="nemo-frames-") as folder:
        outputs = [os.path.join(folder, f"{i}.rgb") for i in range(len(takes))]
        args = grab_args(takes, size, outputs, exact=exact, cores=os.cpu_count() or 1)
        proc, held = spawn(
            [ffmpeg, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        with proc:
            try:
                held.release()
                if meanwhile is not None:
                    meanwhile()
                _, err = proc.communicate()
            except BaseException:  # Ctrl-C or a failing title: no ffmpeg left behind
                stop(proc)
                raise
        frames: list[Image | None] = []
        for out in outputs:
            try:
                with open(out, "rb") as raw:
                    data = raw.read(expected)
            except OSError:
                data = b""
            ok = len(data) == expected
            frames.append(Pictures.frombytes("RGB", (width, height), data) if ok else None)
    if proc.returncode != 0 or all(f is None for f in frames):
        tail = err.decode("utf-8", errors="replace").strip().splitlines()[-2:]
        why = " ".join(tail) or "it gave no picture"
        raise RenderError(f"Could not take frames from the clips: {why}")
    return frames


def _title_png(title: TitleLayer, shot: Shot, cache: Path, environ: Mapping[str, str]) -> Image:
    """The title as the render draws it (at the render's frame size), kept in the cache."""
    from PIL import Image

    from .titles import render_title

    body = json.dumps(
        [asdict(title), shot.width, shot.height, environ.get("NEMO_TITLE_FONT", ""), CACHE_VERSION]
    )
    path = cache / "titles" / (hashlib.sha256(body.encode()).hexdigest()[:32] + ".png")
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            render_title(title.text, title.size, shot.width, shot.height, partial, environ)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    with Image.open(path) as opened:
        return opened.convert("RGBA")


def _compose(shot: Shot, frames: Sequence[Image], titles: Mapping[TitleLayer, Image]) -> Image:
    """Blend a crossfade's frames and lay the titles (drawn: ``titles``) over them, as the
    render's overlays do."""
    from PIL import Image

    picture = frames[0]
    if len(frames) == 2:
        picture = Image.blend(frames[0], frames[1], shot.layers[1].weight)
    picture = picture.convert("RGBA")
    scale = picture.width / shot.width
    margin = round(picture.height * TITLE_MARGIN)
    for title in shot.titles:
        png = titles[title]
        if scale != 1:
            size = (max(1, round(png.width * scale)), max(1, round(png.height * scale)))
            png = png.resize(size, Image.Resampling.LANCZOS)
        x = (picture.width - png.width) // 2
        y = {"top": margin, "bottom": picture.height - png.height - margin}.get(
            title.pos, (picture.height - png.height) // 2
        )
        picture.alpha_composite(png, (max(0, x), max(0, y)))
    return picture.convert("RGB")


def grab(
    shots: Sequence[Shot],
    ffmpeg: str,
    cache: Path,
    *,
    long_side: int | None,
    environ: Mapping[str, str] | None = None,
) -> list[Image]:
    """The picture of each shot (``long_side`` None: the render's full size), in one ffmpeg run
    (one per ``MAX_INPUTS`` layers). All shots must share one frame size."""
    environ = os.environ if environ is None else environ
    if not shots:
        return []
    size = picture_size(shots[0], long_side)
    exact = long_side is None  # a thumbnail may be a frame or two late; a frame may not
    takes = [
        Take(layer, shot.fit, 0 if exact else shot.early_ms)
        for shot in shots
        for layer in shot.layers
    ]
    titles: dict[TitleLayer, Image] = {}

    def draw_titles() -> None:
        for shot in shots:
            for title in shot.titles:
                if title not in titles:
                    titles[title] = _title_png(title, shot, cache, environ)

    frames: list[Image] = []
    for i in range(0, len(takes), MAX_INPUTS):
        part = takes[i : i + MAX_INPUTS]
        taken = _run(ffmpeg, part, size, exact, draw_titles if i == 0 else None)
        missing = [n for n, f in enumerate(taken) if f is None]
        if missing:
            if exact:
                raise RenderError("Could not take frames from the clips: it gave no picture")
            # Near a clip's end every frame left may be one the fast way skips: take it exactly.
            again = _run(ffmpeg, [part[n] for n in missing], size, True)
            for n, image in zip(missing, again, strict=True):
                taken[n] = image
        for image in taken:
            if image is None:
                raise RenderError("Could not take frames from the clips: it gave no picture")
            frames.append(image)
    pictures: list[Image] = []
    for shot in shots:
        mine, frames = frames[: len(shot.layers)], frames[len(shot.layers) :]
        pictures.append(_compose(shot, mine, titles))
    return pictures


# ---------------------------------------------------------------- thumbnails, cached


def _keep(path: Path, data: bytes) -> None:
    """Put a picture in the cache: renamed into place whole, never fsynced (it can be made
    again); a cache that cannot be written only costs the next call a little time."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class Thumbnail:
    shot: Shot
    image: Image
    cached: bool  # taken from the cache (not by this call's ffmpeg run)


def thumbnails(
    timeline: Timeline,
    media: Sequence[Media],
    ffmpeg: str | Callable[[], str],
    cache: Path,
    *,
    long_side: int = THUMB_LONG_SIDE,
    environ: Mapping[str, str] | None = None,
) -> list[Thumbnail]:
    """One picture per clip (its middle), from the cache or taken in one ffmpeg run.
    ``ffmpeg`` may be a function finding it, called only when a picture is not cached
    (imageio-ffmpeg's finding runs ``ffmpeg -version``: ~40 ms of a ``nemo status``)."""
    from PIL import Image as Pictures

    environ = os.environ if environ is None else environ
    shots = clip_shots(timeline, media)
    if not shots:
        return []
    size = picture_size(shots[0], long_side)
    folder = cache / "thumbnails"
    paths = [folder / f"{shot.key(size, environ)}.png" for shot in shots]
    found: dict[int, Image] = {}
    for i, path in enumerate(paths):
        try:
            with Pictures.open(path) as opened:
                found[i] = opened.convert("RGB")
        except (OSError, ValueError):  # not cached yet, or a damaged file: take it again
            continue
    missing = [i for i in range(len(shots)) if i not in found]
    taken = []
    if missing:
        exe = ffmpeg if isinstance(ffmpeg, str) else ffmpeg()
        taken = grab([shots[i] for i in missing], exe, cache, long_side=long_side, environ=environ)
    for i, image in zip(missing, taken, strict=True):
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        _keep(paths[i], buffer.getvalue())
    pictures = {**found, **dict(zip(missing, taken, strict=True))}
    return [Thumbnail(shot, pictures[i], i in found) for i, shot in enumerate(shots)]


def frame(
    timeline: Timeline,
    media: Sequence[Media],
    time_ms: int,
    ffmpeg: str,
    cache: Path,
    *,
    environ: Mapping[str, str] | None = None,
) -> tuple[Shot, Image]:
    """The frame at ``time_ms`` of the timeline, at the render's full size."""
    shot = shot_at(timeline, media, time_ms)
    return shot, grab([shot], ffmpeg, cache, long_side=None, environ=environ)[0]
