"""A render in segments cached by content, so an edit re-encodes only what it touched.

The timeline is split at clip boundaries. Segment ``k`` is the picture of clip ``k`` from where
the crossfade into it ends to where the crossfade out of it ends, so a crossfade belongs to the
segments on both sides of it: it is drawn in the earlier one, whose key holds both clips.
Each segment is rendered by plan.py itself, on a small timeline of its own (the clip, the head
of the next one when they crossfade, the titles over its range, moved to its start), so the
picture is made by exactly the filters of the single pass; only the output options are this
module's: video only, the same encoder options for every segment (same SPS, closed GOPs, one
timescale), exactly the frames the segment covers on the whole timeline's frame grid. A
segment opens only its own files, so memory does not grow with the number of clips.

The sound of the whole timeline is rendered in one pass (music and crossfades span
segments): plan.py's graph for the whole timeline, with the picture's chains taken out.
Its key holds only what shapes the sound, so a new title leaves it cached.

Finally the segments are joined by the concat demuxer and muxed with the sound, all by
stream copy. Keys hash the segment's own timeline, the facts and content fingerprints of its
files, its frame range, its output options and the ffmpeg binary (``KEY_VERSION`` changes
when this module changes what a key's file holds).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..captions.cues import Cue
from ..media import Media
from ..timeline import Captions, Clip, Text, Timeline
from . import plan as planner
from .encoders import Encoding
from .rate import Rate
from .segment_cache import fingerprint

KEY_VERSION = "seg-3"  # seg-3: an entry is a checked piece (piece_check.py)
# Every segment's video track: the frame durations of every standard rate (rate.py: 23.976 to
# 60, NTSC ones included) are whole ticks of it (90000 is not for 23.976: 3753.75).
TIMESCALE = 120000
_CONCAT_RE = re.compile(
    r"^(?P<pads>(?:\[[^\]]+\])+)concat=n=(?P<n>\d+):v=1:a=1\[(?P<v>[^\]]+)\]"
    r"\[(?P<a>[^\]]+)\]$"
)
_PAD_RE = re.compile(r"\[([^\]]+)\]")


# Timeline fields that shape only the sound (the sound pass renders them), at their defaults.
_SILENT_DEFAULTS: dict[str, Any] = {"loudness_lufs": None, "denoise": False}


@dataclass(frozen=True)
class Segment:
    index: int
    timeline: Timeline  # the segment's own timeline, rendered by plan.build
    first_frame: int  # on the whole timeline's frame grid
    frames: int  # exactly this many frames
    skip: int  # frames of its own timeline's render that the segment before already shows

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.timeline.clips))


def frame_at(ms: float, fps: float) -> int:
    """The frame of the whole timeline that starts nearest to ``ms``."""
    return math.floor(ms * fps / 1000 + 0.5)


def _texts_in(
    texts: Sequence[Text], start: int, window: tuple[int, int], total: int
) -> tuple[Text, ...]:
    """The titles seen in ``window`` (ms of the whole timeline), cut to it and moved so that
    ``start`` (where the segment's own timeline begins) is 0."""
    shown: list[Text] = []
    for text in texts:
        a = max(text.start_ms, window[0])
        b = min(text.end_ms, total, window[1])
        if b > a and text.text.strip():
            shown.append(replace(text, start_ms=a - start, duration_ms=b - a, anchor=None))
    return tuple(shown)


def _cues_in(cues: Sequence[Cue], start: int, window: tuple[int, int]) -> tuple[Cue, ...]:
    """The captions seen in ``window`` (ms of the whole timeline), cut to it and moved so that
    ``start`` is 0. Their words (karaoke) move with them, every word kept (the ASS writer
    matches them to the cue's lines); a time before 0 becomes 0, so a word already spoken
    gives an empty highlight the ASS writer leaves out, and the word being spoken at the
    window's start is the one lit from 0."""
    shown: list[Cue] = []
    for cue in cues:
        a = max(cue.start, window[0])
        b = min(cue.end, window[1])
        if b > a:
            words = tuple(
                replace(
                    w,
                    start=max(0.0, round(w.start - start / 1000, 3)),
                    end=max(0.0, round(w.end - start / 1000, 3)),
                )
                for w in cue.words
            )
            shown.append(Cue(a - start, b - start, cue.text, words))
    return tuple(shown)


def _captions_in(timeline: Timeline, start: int, window: tuple[int, int]) -> Captions | None:
    """The whole timeline's captions (as they fall on it: ``caption_cues``) seen in
    ``window``, as a file's cues on the segment's own timeline, so the segment draws exactly
    the cues the single pass would, at the same moments."""
    if timeline.captions is None:
        return None
    cues = _cues_in(timeline.caption_cues(), start, window)
    if not cues:
        return None
    return Captions(
        origin="file", cues=cues, style=timeline.captions.style, language=timeline.captions.language
    )


def split(timeline: Timeline, rate: Rate) -> list[Segment]:
    """The segments of ``timeline`` (see the module docstring), in order, on the frame grid of
    ``rate`` (the whole timeline's output rate: each segment's own timeline asks for it, so a
    segment of 25 fps footage in a 30 fps export is drawn at 30)."""
    fps = rate.value
    clips = timeline.clips
    spans = planner.video_spans(timeline)
    xfade = planner.crossfade_ms(timeline, [c.duration_ms for c in clips])
    runs = timeline.runs() if xfade else [range(k, k + 1) for k in range(len(clips))]
    total = spans[-1][1] if spans else 0
    pad = math.ceil(2000 / fps)  # run past the end so the last frame always exists
    out: list[Segment] = []
    for r, run in enumerate(runs):
        run_start, run_end = spans[run[0]][0], spans[run[-1]][1]
        fades_out = xfade > 0 and r + 1 < len(runs)
        owner = _owner(run, spans, run_end - xfade) if fades_out else None
        for k in run:
            if owner is not None and k > owner:
                break  # inside the crossfade: drawn by the owner's segment
            start, end, _ = spans[k]
            first = frame_at(max(start, run_start + xfade) if r else start, fps)
            last = frame_at(run_end if k == owner else end, fps)
            if last <= first:
                continue  # shorter than a frame, or all inside a crossfade: drawn elsewhere
            if k == owner:
                lead = _lead_in(run, k, clips, 2 * xfade)
                own = [replace(c, volume=0) for c in clips[lead : run[-1] + 1]]
                own += _head_of(clips, runs[r + 1], 2 * xfade)
                start = spans[lead][0]
            else:
                own = [replace(clips[k], volume=0, duration_ms=clips[k].duration_ms + pad)]
            crossfade = xfade if k == owner else 0
            frame = replace(timeline.frame, crossfade_ms=crossfade, fps=fps)
            # The frames it outputs show times first/fps .. (last - 1)/fps: titles there count.
            window = (math.floor(first * 1000 / fps), math.ceil(last * 1000 / fps))
            texts = _texts_in(timeline.texts, start, window, total)
            captions = _captions_in(timeline, start, window)
            # Whatever else the timeline holds that shapes pictures comes along; what shapes
            # only the sound is left out, so changing it re-encodes no segment.
            sub = replace(
                timeline,
                clips=tuple(own),
                texts=texts,
                frame=frame,
                music=(),
                title=None,
                captions=captions,
                **_SILENT_DEFAULTS,
            )
            skip = max(0, round(first - start * fps / 1000))
            out.append(Segment(k, sub, first, last - first, skip))
    return out


def _owner(run: range, spans: Sequence[tuple[int, int, str]], at: int) -> int:
    """The clip of ``run`` that is showing at ``at`` ms (where its crossfade out begins): its
    segment draws the crossfade."""
    for k in run:
        if spans[k][0] <= at < spans[k][1]:
            return k
    return run[-1]


def _lead_in(run: range, owner: int, clips: Sequence[Clip], needed: int) -> int:
    """The first clip the owner's own timeline starts with: the owner, or earlier pieces of its
    run until what leads into the crossfade lasts ``needed`` ms. The segment's timeline must
    crossfade exactly as the whole one does, and plan.py limits a crossfade to half the
    shortest run it joins (the frames of the pieces before the owner are rendered, then
    skipped)."""
    lead = owner
    while lead > run[0] and sum(c.duration_ms for c in clips[lead : run[-1] + 1]) < needed:
        lead -= 1
    return lead


def _head_of(clips: Sequence[Clip], run: range, length: int) -> list[Clip]:
    """The first ``length`` ms of ``run`` (the run a crossfade goes into), as silent clips."""
    head: list[Clip] = []
    left = length
    for k in run:
        if left <= 0:
            break
        head.append(replace(clips[k], volume=0, duration_ms=min(clips[k].duration_ms, left)))
        left -= clips[k].duration_ms
    return head


# ---------------------------------------------------------------- commands, as data


def _labels(args: list[str]) -> tuple[int, str, str]:
    """(index of the filtergraph, picture label, sound label) of a plan's command."""
    maps = [i for i, a in enumerate(args) if a == "-map"]
    return args.index("-filter_complex"), args[maps[0] + 1], args[maps[1] + 1]


def segment_command(
    segment: Segment,
    media: Sequence[Media],
    output: Path,
    quality: str,
    workdir: Path,
    fps: float,
    encode: Sequence[str] | None = None,
    look: str | None = None,
    threads: int | None = None,
    encoding: Encoding | None = None,
) -> tuple[list[str], planner.RenderPlan]:
    """The ffmpeg command of one segment (video only) and the plan it came from (its titles).

    ``encoding`` is the export's video encoder (encoders.py: its device, GPU upload and
    options come from the plan); ``encode`` replaces the plan's video encoder options
    (``-c:v ...``), e.g. a source's own x264 settings (smart_family.py); ``look`` is a filter
    laid on the finished picture (smart_family.py: the colour description every picture of
    the export must carry); ``threads`` the encoder's threads, when several encodes share the
    cores (pool.py; libx264 only).
    """
    job = planner.build(
        segment.timeline, media, output, quality, workdir=workdir, encoding=encoding
    )
    args = job.args
    graph_at, video, audio = _labels(args)
    options = list(encode) if encode is not None else video_options(args)
    if threads and (encoding is None or not encoding.hardware):
        options += ["-threads", str(threads)]
    # An output -ss keeps frames from the one nearest to it: frame ``skip``'s own time (to the
    # millisecond), never a half-frame point, where rounding picks either neighbour.
    skip = ["-ss", planner.sec(segment.skip * 1000 / fps)] if segment.skip else []
    graph = f"{args[graph_at + 1]};{audio}anullsink"
    if look:
        graph += f";{video}{look}[vlook]"
        video = "[vlook]"
    command = [
        *args[:graph_at],
        "-filter_complex",
        graph,
        "-map",
        video,
        *options,
        *skip,
        "-frames:v",
        str(segment.frames),
        "-an",
        "-video_track_timescale",
        str(TIMESCALE),
        "-f",
        "mp4",
        str(output),
    ]
    return command, job


def video_options(args: Sequence[str]) -> list[str]:
    """The plan's video encoder options: from ``-c:v`` up to the sound's ``-c:a``."""
    return list(args[args.index("-c:v") : args.index("-c:a")])


def audio_command(
    timeline: Timeline,
    media: Sequence[Media],
    output: Path,
    quality: str,
    workdir: Path,
    speech: Mapping[str, Sequence[tuple[float, float]]] | None = None,
    noise: Mapping[str, float | None] | None = None,
) -> list[str]:
    """The sound of the whole timeline, one pass: plan.py's command without the picture.

    The chains that read a picture (``[N:v]``), crossfade pictures, lay titles over them or
    join them are taken out and ``concat`` joins the sound alone, so no video is decoded.
    When the clips alone could be stream-copied, their sound is copied (the listing is
    written into ``workdir``)."""
    quiet = replace(timeline, texts=(), title=None, captions=None)
    job = planner.build(quiet, media, output, quality, workdir=workdir, speech=speech, noise=noise)
    args = job.args
    if job.concat_list is not None:  # the clips' own sound, joined as it is (no titles: copy)
        listing, text = job.concat_list
        listing.write_text(text, encoding="utf-8")
        return [
            *planner.HEAD,
            *planner.concat_input(listing),
            "-map",
            "0:a:0",
            "-c:a",
            "copy",
            "-vn",
            "-f",
            "mp4",
            str(output),
        ]
    graph_at, video, audio = _labels(args)
    kept: list[str] = []
    dropped: set[str] = set()  # labels made by picture chains: whatever reads them goes too
    for chain in args[graph_at + 1].split(";"):
        concat = _CONCAT_RE.match(chain)
        if concat:
            pads = _PAD_RE.findall(concat.group("pads"))[1::2]
            kept.append(
                "".join(f"[{p}]" for p in pads)
                + f"concat=n={concat.group('n')}:v=0:a=1[{concat.group('a')}]"
            )
            continue
        first = _PAD_RE.match(chain)
        # a video stream ([N:v]) or a photo's tiles joined by their stream group ([N:g:K])
        reads_picture = first is not None and re.fullmatch(r"\d+:(v|g:\d+)", first.group(1))
        inputs, outputs = _chain_labels(chain)
        if (
            reads_picture
            or dropped.intersection(inputs)
            or "xfade=" in chain
            or "overlay=" in chain
            or "subtitles=" in chain
        ):
            dropped.update(outputs)
            continue
        kept.append(chain)
    options = list(args[args.index("-c:a") : args.index("-t", args.index("-c:a"))])
    total = args[args.index("-t", args.index("-c:a")) + 1]
    del video  # its chains are gone
    return [
        *args[:graph_at],
        "-filter_complex",
        ";".join(kept),
        "-map",
        audio,
        *options,
        "-t",
        total,
        "-vn",
        "-f",
        "mp4",
        str(output),
    ]


def _chain_labels(chain: str) -> tuple[list[str], list[str]]:
    """The labels a filter chain reads (``[a][b]`` before its first filter) and makes (after
    its last)."""
    head = re.match(r"(?:\[[^\]]+\])+", chain)
    tail = re.search(r"(?:\[[^\]]+\])+$", chain)
    inputs = re.findall(r"\[([^\]]+)\]", head.group(0)) if head else []
    outputs = re.findall(r"\[([^\]]+)\]", tail.group(0)) if tail and tail.start() > 0 else []
    return inputs, outputs


def join_command(listing: Path, sound: Path, output: Path, title: str | None) -> list[str]:
    """The segments (a concat list) and the sound into the output, by stream copy."""
    meta = ["-metadata", f"title={title.strip()}"] if title and title.strip() else []
    return [
        *planner.HEAD,
        *planner.concat_input(listing),
        "-i",
        f"file:{sound}",
        "-map",
        "0:v:0",
        "-map",
        "1:a:0",
        "-c",
        "copy",
        *meta,
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(output),
    ]


# ---------------------------------------------------------------- keys


Fingerprint = Callable[[Path], str]


def _media_facts(ids: Sequence[str], media: Sequence[Media], seen: Fingerprint) -> list[str]:
    by_id = {m.id: m for m in media}
    facts: list[str] = []
    for mid in ids:
        entry = by_id.get(mid)
        if entry is None:
            facts.append(f"{mid}:missing")
            continue
        facts.append(f"{mid}:{entry!r}:{seen(Path(entry.path)) if entry.path else ''}")
    return facts


def key_of(*parts: object) -> str:
    """A SHA-256 of the parts' reprs: the cache key of whatever they describe."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _no_paths(command: Sequence[str], *paths: Path) -> list[str]:
    """A command with the names that change each run (its temporary folder, its output)
    replaced by a placeholder."""
    out = list(command)
    for path in paths:
        out = [a.replace(str(path), "<path>") for a in out]
    return out


def segment_key(
    segment: Segment,
    media: Sequence[Media],
    command: Sequence[str],
    ffmpeg: str,
    *paths: Path,
    seen: Fingerprint = fingerprint,
) -> str:
    """Everything that shapes the segment's pixels (names and ids of clips do not)."""
    sub = segment.timeline
    anon = replace(
        sub,
        clips=tuple(replace(c, id="", name="") for c in sub.clips),
        texts=tuple(replace(t, id="") for t in sub.texts),
    )
    # ``anon`` holds the rate (frame.fps), the captions and each clip's sound track; the media
    # facts each file's SAR, HDR transfer, alpha and rate; the command the filters they make.
    return key_of(
        KEY_VERSION,
        "video",
        anon,
        segment.skip,
        segment.frames,
        _media_facts(segment.sources, media, seen),
        _no_paths(command, *paths),
        binary_id(ffmpeg),
    )


def audio_key(
    timeline: Timeline,
    media: Sequence[Media],
    command: Sequence[str],
    ffmpeg: str,
    *paths: Path,
    seen: Fingerprint = fingerprint,
) -> str:
    """Everything that shapes the sound: clips, music, crossfade, files, and through the
    command the ducking under speech and the levels (titles do not)."""
    ids = [c.source for c in timeline.clips] + [m.source for m in timeline.music]
    clips = tuple(replace(c, id="", name="") for c in timeline.clips)
    music = tuple(replace(m, id="", name="") for m in timeline.music)
    return key_of(
        KEY_VERSION,
        "audio",
        clips,
        music,
        timeline.frame.crossfade_ms,
        _media_facts(list(dict.fromkeys(ids)), media, seen),
        _no_paths(command, *paths),
        binary_id(ffmpeg),
    )


def binary_id(ffmpeg: str) -> str:
    """The ffmpeg binary, as a key part: its size and modification time (another build may
    encode differently)."""
    path = Path(ffmpeg)
    try:
        st = path.stat()
    except OSError:
        return ffmpeg
    return f"{st.st_size}:{st.st_mtime_ns}"
