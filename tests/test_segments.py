"""Renders in segments cached by content: how a timeline is split (table), the cache's size
limit and LRU order, and real renders: frame-exact joins (frame count, monotonic timestamps,
the same pictures as the single pass), a title edit re-encoding only its segment, no change
re-encoding nothing, and `nemo cache clear`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Result
from mediagen import ffmpeg_exe, make_clip, make_tone

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import runner
from nemo_cli.backends.local.render.probe import probe
from nemo_cli.backends.local.render.rate import Rate
from nemo_cli.backends.local.render.segment_cache import SegmentCache, parse_size
from nemo_cli.backends.local.render.segment_render import render_segmented
from nemo_cli.backends.local.render.segments import split
from nemo_cli.backends.local.render.verify import verify
from nemo_cli.backends.local.store import media_entry
from nemo_cli.backends.local.timeline import Clip, Frame, Music, Text, Timeline
from nemo_cli.errors import UsageError

FF = ffmpeg_exe()


# ---------------------------------------------------------------- the split, on tables


def _tl(*lengths: int, xfade: int = 0) -> Timeline:
    clips = tuple(Clip(f"v{n}", "m1", f"c{n}", duration_ms=d) for n, d in enumerate(lengths, 1))
    return Timeline(clips=clips, frame=Frame(crossfade_ms=xfade))


@pytest.mark.parametrize(
    ("timeline", "rows"),
    [
        # (first frame, frames, skip, the segment's clip lengths, its crossfade)
        (_tl(3000), [(0, 90, 0, [3067], 0)]),
        (_tl(3000, 2000), [(0, 90, 0, [3067], 0), (90, 60, 0, [2067], 0)]),
        (_tl(1234, 1000), [(0, 37, 0, [1301], 0), (37, 30, 0, [1067], 0)]),
        # A crossfade is drawn by the segment before it, which holds the next clip's head.
        (
            _tl(3000, 2000, 2000, xfade=500),
            [
                (0, 90, 0, [3000, 1000], 500),
                (90, 45, 15, [2000, 1000], 500),
                (135, 45, 15, [2067], 0),
            ],
        ),
        # The crossfade is at most half the shortest clip.
        (_tl(3000, 1000, xfade=800), [(0, 90, 0, [3000, 1000], 500), (90, 15, 15, [1067], 0)]),
    ],
)
def test_split_rows(timeline: Timeline, rows: list[tuple[int, int, int, list[int], int]]) -> None:
    got = [
        (
            s.first_frame,
            s.frames,
            s.skip,
            [c.duration_ms for c in s.timeline.clips],
            s.timeline.frame.crossfade_ms,
        )
        for s in split(timeline, Rate(30))
    ]
    assert got == rows
    total = round(timeline.length_ms * 30 / 1000) if not timeline.frame.crossfade_ms else None
    if total is not None:
        assert sum(s.frames for s in split(timeline, Rate(30))) == total


def test_titles_move_into_the_segments_they_cross() -> None:
    timeline = Timeline(
        clips=(Clip("v1", "m1", "a", duration_ms=3000), Clip("v2", "m1", "b", duration_ms=3000)),
        texts=(Text("x1", "Hi", start_ms=2000, duration_ms=2000),),
    )
    first, second = split(timeline, Rate(30))
    assert [(t.start_ms, t.duration_ms) for t in first.timeline.texts] == [(2000, 1000)]  # to 3 s
    assert [(t.start_ms, t.duration_ms) for t in second.timeline.texts] == [(0, 1000)]
    assert all(c.volume == 0 for s in (first, second) for c in s.timeline.clips)
    assert first.timeline.music == () == second.timeline.music


def _piece(n: int, source: str, in_ms: int, d: int) -> Clip:
    return Clip(f"v{n}", source, f"c{n}", duration_ms=d, in_ms=in_ms)


@pytest.mark.parametrize(
    ("clips", "rows"),
    [
        # Two pieces of one source (a plain cut), then another file crossfaded in: the piece
        # showing when the crossfade starts draws it, with the next run's first second.
        (
            (_piece(1, "m1", 0, 2000), _piece(2, "m1", 3000, 1500), _piece(3, "m2", 0, 2000)),
            [
                (0, 60, 0, [2067], 0),
                (60, 45, 0, [1500, 1000], 500),
                (105, 45, 15, [2067], 0),
            ],
        ),
        # The last piece is shorter than the crossfade needs: the piece before it leads in
        # (rendered, then skipped), so the segment crossfades exactly as the whole does.
        (
            (_piece(1, "m1", 0, 2000), _piece(2, "m1", 3000, 600), _piece(3, "m2", 0, 2000)),
            [
                (0, 60, 0, [2067], 0),
                (60, 18, 60, [2000, 600, 1000], 500),
                (78, 45, 15, [2067], 0),
            ],
        ),
        # The next run's first piece lies inside the crossfade: no segment of its own; the
        # crossfade's segment holds it and the start of the piece after it.
        (
            (_piece(1, "m1", 0, 2000), _piece(2, "m2", 0, 300), _piece(3, "m2", 1000, 1700)),
            [
                (0, 60, 0, [2000, 300, 700], 500),
                (60, 45, 6, [1767], 0),
            ],
        ),
    ],
)
def test_pieces_of_one_source_under_crossfades(
    clips: tuple[Clip, ...], rows: list[tuple[int, int, int, list[int], int]]
) -> None:
    timeline = Timeline(clips=clips, frame=Frame(crossfade_ms=500))
    got = [
        (
            s.first_frame,
            s.frames,
            s.skip,
            [c.duration_ms for c in s.timeline.clips],
            s.timeline.frame.crossfade_ms,
        )
        for s in split(timeline, Rate(30))
    ]
    assert got == rows
    # every frame of the timeline belongs to exactly one segment
    segments = split(timeline, Rate(30))
    assert [s.first_frame for s in segments[1:]] == [
        s.first_frame + s.frames for s in segments[:-1]
    ]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2GB", 2 * 1024**3),
        ("500 MB", 500 * 1024**2),
        ("1.5g", int(1.5 * 1024**3)),
        ("1048576", 1048576),
        ("0", 0),
        (2048, 2048),
        ("10KiB", 10240),
    ],
)
def test_cache_limit_rows(text: str | int, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "2 parsecs", "-1", ""])
def test_a_bad_cache_limit_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse_size(text)


def test_the_cache_drops_the_least_recently_used_but_never_what_is_in_use(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "c", limit=250)
    paths = []
    for n, key in enumerate(["aa1", "bb2", "cc3", "dd4"]):
        written = cache.scratch(key, "mp4")
        written.write_bytes(b"x" * 100)
        paths.append(cache.put(key, "mp4", written))
        os.utime(paths[-1], (1000 + n, 1000 + n))
    assert cache.get("aa1", "mp4") == paths[0]  # touched: now the newest
    cache.trim(keep=[paths[1]])
    assert [p.exists() for p in paths] == [True, True, False, False]
    assert cache.get("cc3", "mp4") is None


# ---------------------------------------------------------------- real renders


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Media]:
    d = tmp_path_factory.mktemp("seg-media")
    files = [
        (make_clip(d / "a.mp4", 3.0, rate=30), "m1"),
        (make_clip(d / "b.mp4", 2.5, rate=25, tone=660), "m2"),
        (make_tone(d / "music.wav", 8.0), "m3"),
    ]
    return [Media.from_json({**media_entry(p, probe(p, FF)).to_json(), "id": i}) for p, i in files]


def _timeline(title: str = "Hello", xfade: int = 0) -> Timeline:
    return Timeline(
        clips=(
            Clip("v1", "m1", "a", duration_ms=3000),
            Clip("v2", "m2", "b", duration_ms=1234, in_ms=500),
            Clip("v3", "m1", "a", duration_ms=2000, speed=1.5),
        ),
        texts=(Text("x1", title, start_ms=500, duration_ms=2000),),
        music=(Music("a1", "m3", "music", duration_ms=6000, volume=30),),
        frame=Frame(width=640, height=360, crossfade_ms=xfade),
    )


def _frames(path: Path) -> list[tuple[int, str]]:
    """(pts, md5) of every decoded video frame."""
    proc = subprocess.run(
        [
            FF,
            "-hide_banner",
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-map",
            "0:v:0",
            "-f",
            "framemd5",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [ln.split(",") for ln in proc.stdout.splitlines() if ln and not ln.startswith("#")]
    return [(int(r[2]), r[5].strip()) for r in rows]


def _psnr(a: Path, b: Path) -> list[float]:
    proc = subprocess.run(
        [
            FF,
            "-hide_banner",
            "-i",
            str(a),
            "-i",
            str(b),
            "-lavfi",
            "[0:v][1:v]psnr=stats_file=-",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.findall(r"psnr_avg:(inf|[\d.]+)", proc.stdout)
    return [float("inf") if v == "inf" else float(v) for v in found]


@pytest.mark.slow
def test_segments_join_frame_exact_and_match_the_single_pass(
    sources: list[Media], tmp_path: Path
) -> None:
    timeline = _timeline()
    cache = SegmentCache(tmp_path / "cache")
    segmented = runner.render(
        timeline, sources, tmp_path / "seg.mp4", "low", ffmpeg=FF, cache=cache
    )
    single = runner.render(timeline, sources, tmp_path / "one.mp4", "low", ffmpeg=FF)
    frames = _frames(segmented)
    wanted = round(timeline.length_ms * 30 / 1000)
    assert len(frames) == wanted == len(_frames(single))
    pts = [p for p, _ in frames]
    assert pts == sorted(set(pts))  # strictly increasing: no repeated or backward timestamps
    steps = {b - a for a, b in zip(pts, pts[1:], strict=False)}
    assert len(steps) == 1  # one frame duration throughout: nothing dropped at the joins
    report = verify(segmented, FF, deep=True)
    assert report.ok and report.frames == wanted
    assert not [p for p in report.problems if p.kind in ("frozen", "black", "silent")]
    # The same pictures as the single pass, frame by frame (only encoder noise differs).
    psnr = _psnr(segmented, single)
    assert len(psnr) == wanted and min(psnr) > 35


@pytest.mark.slow
def test_an_edit_re_encodes_only_the_segments_it_touched(
    sources: list[Media], tmp_path: Path
) -> None:
    cache = SegmentCache(tmp_path / "cache")

    def export(timeline: Timeline, name: str) -> tuple[int, int, bool]:
        work = tmp_path / f"work-{name}"
        work.mkdir()
        done = render_segmented(
            timeline, sources, tmp_path / f"{name}.mp4", "low", ffmpeg=FF, cache=cache, workdir=work
        )
        assert verify(tmp_path / f"{name}.mp4", FF).ok
        return done.segments, done.encoded, done.sound_reused

    assert export(_timeline("Hello"), "first") == (3, 3, False)
    assert export(_timeline("Hello"), "again") == (3, 0, True)  # nothing changed
    assert export(_timeline("Goodbye"), "title") == (3, 1, True)  # the title's segment only
    # A crossfade belongs to the segments on both sides: changing the second clip re-encodes
    # the first segment (which draws the crossfade into it) and its own.
    faded = _timeline("Hello", xfade=400)
    assert export(faded, "faded")[1] == 3
    moved = Timeline(
        clips=(faded.clips[0], Clip("v2", "m2", "b", duration_ms=1234, in_ms=700), faded.clips[2]),
        texts=faded.texts,
        music=faded.music,
        frame=faded.frame,
    )
    assert export(moved, "moved") == (3, 2, False)


@pytest.mark.slow
def test_pieces_of_one_source_under_crossfades_match_the_single_pass(
    sources: list[Media], tmp_path: Path
) -> None:
    """Pieces a pause cut left (a run joined by plain cuts) crossfading into another file:
    segmented (each piece its own segment), it matches the single pass frame by frame."""
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "a", duration_ms=1200),
            Clip("v2", "m1", "a", duration_ms=500, in_ms=1800),
            Clip("v3", "m2", "b", duration_ms=1500),
            Clip("v4", "m1", "a", duration_ms=1000, in_ms=500),
        ),
        texts=(Text("x1", "Over the crossfade", start_ms=1300, duration_ms=800),),
        frame=Frame(width=640, height=360, crossfade_ms=400),
    )
    cache = SegmentCache(tmp_path / "cache")
    segmented = runner.render(
        timeline, sources, tmp_path / "seg.mp4", "low", ffmpeg=FF, cache=cache
    )
    single = runner.render(timeline, sources, tmp_path / "one.mp4", "low", ffmpeg=FF)
    frames = _frames(segmented)
    assert len(frames) == len(_frames(single)) == round(timeline.length_ms * 30 / 1000)
    pts = [p for p, _ in frames]
    assert pts == list(range(pts[0], pts[0] + len(pts)))
    psnr = _psnr(segmented, single)
    assert len(psnr) == len(frames) and min(psnr) > 35
    # v1; v2 draws the crossfade into v3; v3 the one into v4; v4
    assert len(list(cache.root.glob("*/*.mp4"))) == 4


@pytest.mark.slow
def test_cache_clear_empties_the_cache(tmp_path: Path) -> None:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "nemo" / "render" / "ab"
    root.mkdir(parents=True)
    (root / "abc.mp4").write_bytes(b"x" * 1000)
    proc = subprocess.run(
        [sys.executable, "-m", "nemo_cli", "cache", "clear", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"files": 1' in proc.stdout and '"bytes": 1000' in proc.stdout
    assert not root.exists()


@pytest.mark.slow
def test_clips_that_could_be_copied_keep_their_sound_under_a_title(tmp_path: Path) -> None:
    """Without the title the clips would be stream-copied: the sound pass copies their sound."""
    d = tmp_path / "m"
    files = [make_clip(d / f"c{i}.mp4", 2.0, size="640x360", rate=30) for i in range(2)]
    media = [
        Media.from_json({**media_entry(p, probe(p, FF)).to_json(), "id": f"m{i}"})
        for i, p in enumerate(files)
    ]
    timeline = Timeline(
        clips=tuple(Clip(f"v{i}", f"m{i}", f"c{i}", duration_ms=2000) for i in range(2)),
        texts=(Text("x1", "Hi", duration_ms=1000),),
        frame=Frame(width=640, height=360),
    )
    out = runner.render(
        timeline,
        media,
        tmp_path / "out.mp4",
        "low",
        ffmpeg=FF,
        cache=SegmentCache(tmp_path / "cache"),
    )
    report = verify(out, FF, deep=True)
    assert report.ok and report.frames == 120
    assert not [p for p in report.problems if p.kind in ("silent", "frozen")]


# ---------------------------------------------------------------- the plan's rate, captions


@pytest.mark.parametrize(
    ("rate", "rows"),
    [
        (Rate(25), [(0, 75, 0), (75, 50, 0)]),
        (Rate(30000, 1001), [(0, 90, 0), (90, 60, 0)]),
        (Rate(60), [(0, 180, 0), (180, 120, 0)]),
    ],
)
def test_segments_use_the_plans_frame_rate(rate: Rate, rows: list[tuple[int, int, int]]) -> None:
    timeline = _tl(3000, 2000)
    segments = split(timeline, rate)
    assert [(s.first_frame, s.frames, s.skip) for s in segments] == rows
    # each segment's own timeline asks for the whole one's rate, so plan.build draws it there
    assert all(s.timeline.frame.fps == rate.value for s in segments)
    assert sum(s.frames for s in segments) == round(timeline.length_ms * rate.value / 1000)


def test_captions_are_cut_and_moved_into_the_segments_they_cross() -> None:
    from nemo_cli.backends.local.captions.cues import Cue
    from nemo_cli.backends.local.speech.transcript import Word
    from nemo_cli.backends.local.timeline import Captions

    words = (Word("one", 2.6, 2.9), Word("two", 3.1, 3.4))
    timeline = Timeline(
        clips=(Clip("v1", "m1", "a", duration_ms=3000), Clip("v2", "m1", "b", duration_ms=3000)),
        captions=Captions(
            origin="file", cues=(Cue(500, 1000, "early"), Cue(2500, 3500, "one two", words))
        ),
    )
    first, second = split(timeline, Rate(30))
    assert first.timeline.captions is not None and second.timeline.captions is not None
    assert [(c.start, c.end, c.text) for c in first.timeline.captions.cues] == [
        (500, 1000, "early"),
        (2500, 3000, "one two"),
    ]
    assert [(c.start, c.end, c.text) for c in second.timeline.captions.cues] == [
        (0, 500, "one two")
    ]
    # the words move with the cue; one spoken before the segment starts at 0
    assert second.timeline.captions.cues[0].words == (Word("one", 0.0, 0.0), Word("two", 0.1, 0.4))
    # a segment with no caption in its range has none (its key stays that of a plain one)
    third = split(
        replace(timeline, clips=(*timeline.clips, Clip("v3", "m1", "c", duration_ms=1000))),
        Rate(30),
    )
    assert third[2].timeline.captions is None


TWENTY_FIVE = Rate(25)


def test_the_segment_key_holds_what_shapes_pixels(sources: list[Media], tmp_path: Path) -> None:
    """Rate, sound track choice, SAR, HDR and alpha of a source each change the key."""
    from nemo_cli.backends.local.media import Colour
    from nemo_cli.backends.local.render.segments import segment_command, segment_key

    timeline = Timeline(
        clips=(Clip("v1", "m2", "b", duration_ms=2000),), frame=Frame(width=640, height=360)
    )

    def key(tl: Timeline, media: list[Media], rate: Rate = TWENTY_FIVE) -> str:
        segment = split(tl, rate)[0]
        work = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
        work.mkdir()
        command, _ = segment_command(segment, media, work / "out.mp4", "low", work, rate.value)
        return segment_key(segment, media, command, FF, work)

    base = key(timeline, sources)
    assert key(timeline, sources) == base  # the same segment again: the same key
    m2 = sources[1]
    changed = [
        key(timeline, sources, Rate(30)),
        key(replace(timeline, clips=(replace(timeline.clips[0], track=1),)), sources),
        key(timeline, [sources[0], replace(m2, sar=(64, 45)), sources[2]]),
        key(timeline, [sources[0], replace(m2, alpha=True), sources[2]]),
        key(
            timeline, [sources[0], replace(m2, colour=Colour(transfer="arib-std-b67")), sources[2]]
        ),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


@pytest.mark.slow
def test_captions_across_a_join_at_25_fps_match_the_single_pass(
    sources: list[Media], tmp_path: Path
) -> None:
    """A 25 fps timeline (the plan's rate, not 30) with a caption that crosses the join:
    segmented, it has the frames of 25 fps, draws the caption on both sides of the join, and
    matches the single pass frame by frame."""
    from nemo_cli.backends.local.captions.cues import Cue
    from nemo_cli.backends.local.timeline import Captions

    plain = Timeline(
        clips=(
            Clip("v1", "m2", "b", duration_ms=2000),
            Clip("v2", "m2", "b", duration_ms=1600, in_ms=500),
        ),
        frame=Frame(width=640, height=360),
    )
    captioned = replace(
        plain, captions=Captions(origin="file", cues=(Cue(1500, 2800, "Hello there"),))
    )
    cache = SegmentCache(tmp_path / "cache")
    seg = runner.render(captioned, sources, tmp_path / "seg.mp4", "low", ffmpeg=FF, cache=cache)
    one = runner.render(captioned, sources, tmp_path / "one.mp4", "low", ffmpeg=FF)
    bare = runner.render(plain, sources, tmp_path / "bare.mp4", "low", ffmpeg=FF, cache=cache)
    assert len(_frames(seg)) == 90 == len(_frames(one))  # 3.6 s at 25 fps
    assert min(_psnr(seg, one)) > 35

    # the caption is there on both sides of the join (1.5-2.8 s), and gone after it
    def bottom_differs(at: float) -> bool:
        got = []
        for path in (seg, bare):
            png = tmp_path / f"{path.stem}-{at}.png"
            subprocess.run(
                [
                    FF,
                    "-loglevel",
                    "error",
                    "-y",
                    "-ss",
                    f"{at:.3f}",
                    "-i",
                    str(path),
                    "-frames:v",
                    "1",
                    str(png),
                ],
                check=True,
            )
            got.append(png)
        from PIL import Image, ImageChops

        a, b = (Image.open(p).convert("L") for p in got)
        box = ImageChops.difference(a, b).point(lambda v: 255 if v > 48 else 0).getbbox()
        return box is not None and box[1] > 360 * 0.6

    assert bottom_differs(1.8) and bottom_differs(2.4)
    assert not bottom_differs(3.2)


@pytest.mark.slow
def test_segments_made_without_checks_are_checked_before_a_checked_export_uses_them(
    sources: list[Media], tmp_path: Path
) -> None:
    """`nemo export --no-verify` decodes nothing: its segments enter the cache marked
    unchecked. The next export that checks decodes them first: a whole one is used (and no
    longer marked), a damaged one is made again, and the file comes out whole."""
    cache = SegmentCache(tmp_path / "cache")

    def export(name: str, check: bool) -> int:
        work = tmp_path / f"work-{name}"
        work.mkdir()
        done = render_segmented(
            _timeline(),
            sources,
            tmp_path / f"{name}.mp4",
            "low",
            ffmpeg=FF,
            cache=cache,
            workdir=work,
            check=check,
        )
        return done.encoded

    assert export("quick", check=False) == 3
    marked = sorted(cache.root.glob("*/*.unchecked"))
    assert len(marked) == 3
    damaged = marked[0].with_suffix(".mp4")
    data = bytearray(damaged.read_bytes())
    for n in range(3, 9):  # the pictures' bytes, not the index
        at = len(data) * n // 12
        data[at : at + 64] = bytes(range(64))
    damaged.write_bytes(bytes(data))
    assert export("checked", check=True) == 1  # the damaged one made again, two reused
    assert not list(cache.root.glob("*/*.unchecked"))
    assert verify(tmp_path / "checked.mp4", FF).ok
    assert export("again", check=True) == 0


@pytest.mark.slow
def test_the_saved_line_says_what_came_from_the_render_cache(
    nemo: Callable[..., Result], tmp_path: Path
) -> None:
    """As a person sees it: a re-export says its pictures came from the cache (not that x264
    made them), an edit says how many of the clips did."""
    a = make_clip(tmp_path / "a.mp4", 1.0, rate=30)
    b = make_clip(tmp_path / "b.mp4", 1.0, rate=30, tone=660)
    assert nemo("upload", str(a), str(b)).code == 0
    assert nemo("say", "combine my clips").code == 0
    first = nemo("export", "-o", str(tmp_path / "1.mp4"), "--quality", "low")
    assert first.code == 0, first
    assert "from the render cache" not in first.out
    again = nemo("export", "-o", str(tmp_path / "2.mp4"), "--quality", "low")
    assert "x264; every clip's picture from the render cache" in " ".join(again.out.split()), again
    assert nemo("say", "make clip 2 0.5 seconds long").code == 0
    edited = nemo("--json", "export", "-o", str(tmp_path / "3.mp4"), "--quality", "low")
    assert edited.code == 0, edited
    report = json.loads(edited.out)
    assert (report["segments"], report["reused"]) == (2, 1)


@pytest.mark.slow
def test_a_split_clip_plays_as_it_did(sources: list[Media], tmp_path: Path) -> None:
    """ "split clip 1 at 1.2 seconds": two clips, the same picture and length as the one
    (the parts of one video join by a plain cut, even under crossfades)."""
    from nemo_cli.backends.local.edit.apply import apply
    from nemo_cli.backends.local.intents import SplitClip

    whole = Timeline(
        clips=(
            Clip("v1", "m1", "a", duration_ms=3000),
            Clip("v2", "m2", "b", duration_ms=1500, in_ms=500),
        ),
        frame=Frame(width=640, height=360, crossfade_ms=300),
    )
    split = apply(whole, sources, [SplitClip(1, at_ms=1200)])
    assert [(c.in_ms, c.duration_ms) for c in split.timeline.clips] == [
        (0, 1200),
        (1200, 1800),
        (500, 1500),
    ]
    assert split.timeline.length_ms == whole.length_ms
    cache = SegmentCache(tmp_path / "cache")
    one = runner.render(whole, sources, tmp_path / "one.mp4", "high", ffmpeg=FF, cache=cache)
    two = runner.render(
        split.timeline, sources, tmp_path / "two.mp4", "high", ffmpeg=FF, cache=cache
    )
    assert probe(two, FF).duration == pytest.approx(probe(one, FF).duration, abs=0.04)
    psnr = _psnr(one, two)
    assert len(psnr) == round(whole.length_ms * 30 / 1000) and min(psnr) > 35
