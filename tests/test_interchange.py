"""Timelines in and out (backends/local/interchange, nemo export -o X.otio|.fcpxml|.xml|.edl,
nemo import): round trips for every format, files read back by OpenTimelineIO's own reader,
the FCP 7 XML against a hand-checked fixture, media resolution, and the CLI end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import opentimelineio as otio
import pytest
from fake_backend import make_env
from interchange_cuts import CLIP_A, CLIP_B, PHOTO, SONG, fancy_cut, plain_cut
from mediagen import make_clip, make_tone, probe

from nemo_cli.backends.local.backend import LocalBackend
from nemo_cli.backends.local.interchange import bridge, build, edl_rate, files, formats, media, read
from nemo_cli.backends.local.interchange.cut import Clip as CutClip
from nemo_cli.backends.local.interchange.cut import Cut, Media
from nemo_cli.backends.local.interchange.cut import Music as CutMusic
from nemo_cli.backends.local.interchange.cut import Text as CutText
from nemo_cli.backends.local.media import Media as SessionMedia
from nemo_cli.backends.local.store import SessionStore
from nemo_cli.backends.local.timeline import Clip, Frame, Music, Text, Timeline
from nemo_cli.commands.export import output_format
from nemo_cli.config import current_session
from nemo_cli.errors import InputError, UsageError
from nemo_cli.repl import run_repl

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
FRAME_MS = 1000 / 30
KNOWN = {m.path: m for m in (CLIP_A, CLIP_B, PHOTO, SONG)}


def _resolver(target: str, name: str) -> Media | None:
    return KNOWN.get(media.path_from_reference(target))


def _round_trip(cut: Cut, fmt_name: str, tmp_path: Path) -> read.ReadResult:
    fmt = formats.FORMATS[fmt_name]
    path = tmp_path / f"cut{fmt.extensions[0]}"
    files.write(build.build_timeline(cut, fmt), fmt, path)
    # OpenTimelineIO's own reader reads what was written.
    options = {"rate": 30} if fmt_name == "edl" else {}
    assert isinstance(otio.adapters.read_from_file(str(path), **options), otio.schema.Timeline)
    return read.read_cut(files.read(path, fmt), _resolver, scaled_handles=fmt.scaled_handles)


def _assert_clips(got: Cut, want: Cut, *, speed: bool = True) -> None:
    assert [c.media.path for c in got.clips] == [c.media.path for c in want.clips]
    for g, w in zip(got.clips, want.clips, strict=True):
        assert abs(g.start_ms - w.start_ms) <= FRAME_MS, (g, w)
        assert abs(g.dur_ms - w.dur_ms) <= FRAME_MS, (g, w)
        assert abs(g.in_ms - w.in_ms) <= FRAME_MS * (w.speed if speed else 1), (g, w)
        if speed:
            assert g.speed == w.speed


def _assert_music(got: Cut, want: Cut) -> None:
    assert [(m.media.path, m.loop) for m in got.music] == [
        (m.media.path, m.loop) for m in want.music
    ]
    for g, w in zip(got.music, want.music, strict=True):
        assert abs(g.start_ms - w.start_ms) <= FRAME_MS and abs(g.dur_ms - w.dur_ms) <= FRAME_MS
        assert abs(g.in_ms - w.in_ms) <= FRAME_MS


@pytest.mark.parametrize("fmt", ["otio", "fcp7", "fcpxml", "edl"])
def test_round_trip_keeps_clips_music_and_titles(fmt: str, tmp_path: Path) -> None:
    want = plain_cut()
    result = _round_trip(want, fmt, tmp_path)
    assert result.missing == []
    _assert_clips(result.cut, want)
    _assert_music(result.cut, want)
    assert [(t.kind, t.text.lower(), round(t.start_ms / FRAME_MS)) for t in result.cut.texts] == [
        (t.kind, t.text.lower(), round(t.start_ms / FRAME_MS)) for t in want.texts
    ]
    if fmt in ("otio", "fcp7"):  # the formats with volumes
        assert [c.volume for c in result.cut.clips] == [100, 0, 100]
        assert [m.volume for m in result.cut.music] == [35]


@pytest.mark.parametrize("fmt", ["otio", "fcp7", "edl"])
def test_round_trip_keeps_crossfades_and_speed(fmt: str, tmp_path: Path) -> None:
    want = fancy_cut()
    result = _round_trip(want, fmt, tmp_path)
    assert result.cut.xfade_ms == pytest.approx(500, abs=FRAME_MS)
    _assert_clips(result.cut, want)
    _assert_music(result.cut, want)


def test_otio_keeps_everything(tmp_path: Path) -> None:
    want = fancy_cut()
    got = _round_trip(want, "otio", tmp_path).cut
    assert [c.volume for c in got.clips] == [100, 50, 100]
    assert got.music[0].fade_in_ms == 1000 and got.music[0].volume == 80
    assert (got.width, got.height) == (1080, 1920)
    assert got.texts == want.texts


def test_fcpxml_cuts_crossfades_in_their_middle(tmp_path: Path) -> None:
    got = _round_trip(fancy_cut(), "fcpxml", tmp_path).cut
    assert got.xfade_ms == 0
    # 0-3000 and 2500-4500 overlap by 15 frames: the cut falls 7 frames into the overlap.
    assert [round(c.start_ms / FRAME_MS) for c in got.clips] == [0, 82, 127]
    assert sum(c.dur_ms for c in got.clips) == pytest.approx(5500, abs=FRAME_MS)


def _elements(xml_text: str) -> dict[str, object]:
    """What Premiere and Resolve need of an FCP 7 XML: the sequence's rate and size, and
    every clip item's file, place and in/out."""
    root = ET.fromstring(xml_text)
    seq = root.find("./project/children/sequence")
    assert seq is not None
    chars = seq.find("./media/video/format/samplecharacteristics")
    assert chars is not None
    files_by_id = {
        f.get("id"): f.findtext("pathurl") for f in root.iter("file") if f.findtext("pathurl")
    }
    items = []
    for kind in ("video", "audio"):
        for n, track in enumerate(seq.findall(f"./media/{kind}/track")):
            for item in track.findall("clipitem"):
                file_e = item.find("file")
                assert file_e is not None
                items.append(
                    (
                        kind,
                        n,
                        files_by_id[file_e.get("id")],
                        item.findtext("start"),
                        item.findtext("end"),
                        item.findtext("in"),
                        item.findtext("out"),
                    )
                )
    return {
        "rate": (seq.findtext("rate/timebase"), seq.findtext("rate/ntsc")),
        "size": (chars.findtext("width"), chars.findtext("height")),
        "duration": seq.findtext("duration"),
        "transitions": [
            (t.findtext("start"), t.findtext("end")) for t in seq.iter("transitionitem")
        ],
        "items": items,
    }


def test_fcp7_xml_matches_the_hand_checked_fixture() -> None:
    fmt = formats.FORMATS["fcp7"]
    written = files.to_string(build.build_timeline(fancy_cut(), fmt), fmt)
    assert _elements(written) == _elements((FIXTURES / "fancy-fcp7.xml").read_text())
    got = _elements(written)
    # Hand-checked: 30 fps non-drop, 1080x1920, 5.5 s; clip a from 1 s, b from 1 s at 200 %,
    # a again from 0; 0.5 s dissolves centred on the overlaps; absolute file URLs.
    assert got["rate"] == ("30", "FALSE") and got["size"] == ("1080", "1920")
    assert got["duration"] == "165"
    assert got["transitions"] == [("75", "90"), ("120", "135")]
    a, b = "file:///media/shoot/clip a.mp4", "file:///media/shoot/b.mov"
    assert got["items"][:3] == [
        ("video", 0, a, "0", "-1", "30", "120"),
        ("video", 0, b, "-1", "-1", "30", "90"),
        ("video", 0, a, "-1", "165", "0", "45"),
    ]
    assert got["items"][-1] == ("audio", 1, "file:///media/music/song.wav", "0", "120", "15", "135")


def test_every_reference_has_an_available_range() -> None:
    for fmt in formats.FORMATS.values():
        timeline = build.build_timeline(plain_cut(), fmt)
        for clip in timeline.find_clips():
            assert clip.media_reference.available_range is not None


@pytest.mark.parametrize(
    ("target", "path", "name"),
    [
        ("file:///media/a%20b.mp4", "/media/a b.mp4", "a b.mp4"),
        ("file://localhost/Users/me/clip.mov", "/Users/me/clip.mov", "clip.mov"),
        ("file:///C:/Footage/clip.mp4", "C:/Footage/clip.mp4", "clip.mp4"),
        ("C:\\Footage\\clip.mp4", "C:\\Footage\\clip.mp4", "clip.mp4"),
        ("file://server/share/clip.mp4", "//server/share/clip.mp4", "clip.mp4"),
        ("clips/a.mp4", "clips/a.mp4", "a.mp4"),
    ],
)
def test_reference_paths(target: str, path: str, name: str) -> None:
    assert media.path_from_reference(target) == path
    assert media.file_name(target) == name


def test_resolve_order(tmp_path: Path) -> None:
    base, other = tmp_path / "project", tmp_path / "footage"
    (base / "sub").mkdir(parents=True)
    other.mkdir()
    (base / "sub" / "a.mp4").write_bytes(b"x")
    (base / "b.mp4").write_bytes(b"x")
    (other / "c.mp4").write_bytes(b"x")
    assert media.resolve("sub/a.mp4", base) == base / "sub" / "a.mp4"
    assert media.resolve("file:///elsewhere/b.mp4", base) == base / "b.mp4"
    assert media.resolve("D:\\shoot\\c.mp4", base, [other]) == other / "c.mp4"
    assert media.resolve("file:///elsewhere/d.mp4", base, [other]) is None


@pytest.mark.parametrize(
    ("output", "fmt", "expected"),
    [
        ("cut.otio", None, ("otio", "timeline")),
        ("cut.FCPXML", None, ("fcpxml", "timeline")),
        ("cut.xml", None, ("fcp7", "timeline")),
        ("cut.edl", None, ("edl", "timeline")),
        ("cut.mp4", None, ("mp4", "render")),
        ("cut", None, ("mp4", "render")),
        (None, None, ("mp4", "render")),
        ("cut.txt", "fcp7", ("fcp7", "timeline")),
        ("cut.xml", "mp4", ("mp4", "render")),
    ],
)
def test_output_format(output: str | None, fmt: str | None, expected: tuple[str, str]) -> None:
    assert output_format(Path(output) if output else None, fmt) == expected


def test_unknown_output_format() -> None:
    with pytest.raises(UsageError):
        output_format(Path("x.mov"), "avi")


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opentimelineio", None)
    with pytest.raises(files.MissingExtra, match="OpenTimelineIO") as caught:
        files.load_otio()
    assert "nemo-video[interchange]" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["export", "--help"], ["import", "--help"], ["upload", "--help"]],
)
def test_start_up_never_loads_opentimelineio(argv: list[str]) -> None:
    code = "\n".join(
        (
            "import sys, io, contextlib",
            f"sys.argv = ['nemo'] + {argv!r}",
            "from nemo_cli.entry import main",
            "import nemo_cli.backends.local.interchange.formats",
            "with contextlib.redirect_stdout(io.StringIO()):",
            "    try: main()",
            "    except SystemExit: pass",
            "print([m for m in sys.modules if m.startswith(('opentimelineio', 'otio_'))])",
        )
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_completion_never_loads_opentimelineio() -> None:
    env = {
        "_NEMO_COMPLETE": "complete_bash",
        "COMP_WORDS": "nemo imp",
        "COMP_CWORD": "1",
        "_TYPER_COMPLETE_ARGS": "nemo imp",
    }
    code = (
        "import sys, io, contextlib\nsys.argv = ['nemo']\nfrom nemo_cli.entry import main\n"
        "buf = io.StringIO()\nwith contextlib.redirect_stdout(buf):\n    try: main()\n"
        "    except SystemExit: pass\n"
        "print(repr(buf.getvalue()))\n"
        "print([m for m in sys.modules if m.startswith(('opentimelineio', 'otio_'))])"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert "import" in out[-2]
    assert out[-1] == "[]"


# ---------------------------------------------------------------- the engine's timeline


def _session_media() -> list[SessionMedia]:
    return [
        SessionMedia("m1", CLIP_A.path, CLIP_A.name, "video", 6.0, fps=25.0, has_audio=True),
        SessionMedia("m2", CLIP_B.path, CLIP_B.name, "video", 8.0, fps=30.0, has_audio=True),
        SessionMedia("m3", PHOTO.path, PHOTO.name, "image"),
        SessionMedia("m4", SONG.path, SONG.name, "audio", 5.0, has_audio=True),
    ]


def _engine_timeline() -> Timeline:
    """What the engine makes: crossfades, a sped-up clip, a photo, faded looping music, a title
    and a text pinned to the end, vertical and filled."""
    texts = (
        Text("x1", "Urban Dreams", 0, 3000, "center", "large", "title"),
        Text("x2", "the end", 4500, 1500, "bottom", "small", "text", "end"),
    )
    return Timeline(
        clips=(Clip("v1", "m1", "clip a.mp4", "video", 3000, 1000),
               Clip("v2", "m2", "b.mov", "video", 2000, 1000, speed=2.0, volume=50),
               Clip("v3", "m3", "photo.png", "image", 2000)),
        music=(Music("a1", "m4", "song.wav", 500, 5500, 0, 35, 1000, 2000, loop=True),),
        texts=texts,
        frame=Frame.sized("9:16", fit="fill", crossfade_ms=500, image_ms=2000),
        title="Urban Dreams",
    )  # fmt: skip


def test_bridge_keeps_the_engine_timeline() -> None:
    timeline, session_media = _engine_timeline(), _session_media()
    got = bridge.cut_from_session("Urban Dreams", timeline, session_media)
    assert [c.start_ms for c in got.clips] == [0, 2500, 4000]  # where the engine plays them
    assert got.xfade_ms == 500 and (got.width, got.height) == (1080, 1920)
    back = bridge.timeline_from_cut(got, {m.path: m.id for m in session_media})
    assert back == timeline


def test_otio_keeps_the_engine_timeline_exactly(tmp_path: Path) -> None:
    timeline, session_media = _engine_timeline(), _session_media()
    cut = bridge.cut_from_session("Urban Dreams", timeline, session_media)
    result = _round_trip(cut, "otio", tmp_path)
    assert bridge.timeline_from_cut(result.cut, {m.path: m.id for m in session_media}) == timeline


def test_bridge_fits_a_file_to_the_engine() -> None:
    """Gaps close, music and titles past the last clip are cut there, the frame takes the
    nearest aspect, a short song loops."""
    cut = Cut(
        name="From an editor",
        clips=(CutClip(CLIP_A, 0, 2000), CutClip(CLIP_B, 3000, 2000, in_ms=500)),
        music=(CutMusic(SONG, 1000, 9000),),
        texts=(CutText("hello", 3500, 3000), CutText("too late", 4000 + 1000, 500)),
        width=2048, height=858,  # 2.39:1
    )  # fmt: skip
    ids = {CLIP_A.path: "m1", CLIP_B.path: "m2", SONG.path: "m4"}
    got = bridge.timeline_from_cut(cut, ids)
    assert got.starts() == [0, 2000] and got.length_ms == 4000
    assert [(m.start_ms, m.duration_ms, m.loop) for m in got.music] == [(1000, 3000, False)]
    assert [(t.text, t.start_ms, t.duration_ms) for t in got.texts] == [("hello", 3500, 500)]
    assert (got.frame.aspect, got.frame.width, got.frame.height) == ("16:9", 1920, 1080)
    assert got.title == "hello"
    looped = bridge.timeline_from_cut(replace(cut, clips=(CutClip(CLIP_B, 0, 8000),)), ids)
    assert looped.music[0].loop  # 7 s of a 5 s song


@pytest.mark.parametrize(
    ("text", "given", "fps", "source"),
    [
        ("TITLE: cut\nFCM: NON-DROP FRAME\n", None, 30, "default"),
        ("001  AX V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00\n", None, 30, "default"),
        ("TITLE: Promo 25fps\n", None, 25, "its title"),
        ("TITLE: PROMO_24P\n", None, 24, "its title"),
        ("TITLE: Take 12p at 23.976 fps\n", None, 24000 / 1001, "its title"),
        ("TITLE: 2024 cut\n", None, 30, "default"),  # a year is no rate
        ("TITLE: x\nFCM: DROP FRAME\n", None, 30000 / 1001, "the file's FCM: DROP FRAME"),
        (
            "001  AX V C 00:00:00;00 00:00:01;00 00:00:00;00 00:00:01;00\n",
            None,
            30000 / 1001,
            "the file's FCM: DROP FRAME",
        ),
        ("TITLE: x 59.94fps\nFCM: DROP FRAME\n", None, 60000 / 1001, "the file's FCM: DROP FRAME"),
        ("TITLE: Promo 25fps\n", 29.97, 30000 / 1001, "--fps"),
        ("TITLE: Promo\n", 50, 50, "--fps"),
    ],
)
def test_edl_rate(text: str, given: float | None, fps: float, source: str) -> None:
    assert edl_rate.rate_of(text, given) == edl_rate.EdlRate(fps, source)


def test_edl_rate_refusals() -> None:
    with pytest.raises(UsageError, match="not a timecode rate"):
        edl_rate.rate_of("TITLE: x\n", 31)
    frame_29 = "001  AX V C 00:00:00:00 00:00:01:29 00:00:00:00 00:00:01:29\n"
    with pytest.raises(InputError, match="frame 29, which 25 fps"):
        edl_rate.rate_of("TITLE: x 25fps\n" + frame_29)
    assert edl_rate.rate_of(frame_29).fps == 30
    with pytest.raises(InputError, match="frame 45, which 30 fps .default."):
        edl_rate.rate_of("001  AX V C 00:00:00:45 00:00:01:00 00:00:00:00 00:00:00:15\n")


# ---------------------------------------------------------------- the CLI, end to end


@pytest.fixture
def project(tmp_path: Path, nemo) -> Path:
    """A local session: two clips, looped music at 35 %, a title, 0.5 s crossfades."""
    folder = tmp_path / "project"
    make_clip(folder / "a.mp4", 3.0)
    make_clip(folder / "b.mp4", 3.0, tone=660)
    make_tone(folder / "music.wav", 2.0)
    for args in (["upload", "a.mp4", "b.mp4", "music.wav"],
                 ["say", "combine my clips, add background music at 35%, "
                  "title 'Urban Dreams', crossfade 0.5 seconds"]):  # fmt: skip
        result = nemo("--backend", "local", *args, cwd=folder)
        assert result.code == 0, result
    return folder


def _timeline(nemo, cwd: Path) -> Timeline:
    """The current local session's timeline, as the engine reads it."""
    result = nemo("--backend", "local", "session", "show", "--json", cwd=cwd)
    sid = json.loads(result.out)["session_id"]
    return SessionStore(Path(os.environ["XDG_DATA_HOME"]) / "nemo" / "sessions").load(sid).timeline


def _shape(timeline: Timeline) -> list[tuple[str, str, int, int, int]]:
    """Each piece: (track, name or text, start, length, in-point), times in ms."""
    clips = [
        ("video", c.name, start, c.duration_ms, c.in_ms)
        for c, start in zip(timeline.clips, timeline.starts(), strict=True)
    ]
    music = [("music", m.name, m.start_ms, m.duration_ms, m.in_ms) for m in timeline.music]
    texts = [("text", t.text, t.start_ms, t.duration_ms, 0) for t in timeline.texts]
    return clips + music + texts


@pytest.mark.slow
@pytest.mark.parametrize("ext", ["otio", "xml", "fcpxml", "edl"])
def test_cli_export_then_import_elsewhere(ext: str, project: Path, tmp_path: Path, nemo) -> None:
    before = _timeline(nemo, project)
    result = nemo("--backend", "local", "export", "-o", f"cut.{ext}", "--json", cwd=project)
    assert result.code == 0, result
    report = json.loads(result.out)
    assert report["clips"] == 2 and report["music"] == 1 and report["titles"] == 1
    # The project moves: media beside the timeline file are found there.
    moved = tmp_path / "moved"
    shutil.copytree(project, moved)
    shutil.rmtree(project)
    result = nemo("--backend", "local", "import", f"cut.{ext}", "--json", cwd=moved)
    assert result.code == 0, result
    imported = json.loads(result.out)
    assert imported["missing"] == []
    after = _timeline(nemo, moved)
    want, got = _shape(before), _shape(after)
    assert len(want) == len(got), (want, got)
    xfade_kept = ext != "fcpxml"
    assert after.frame.crossfade_ms == (before.frame.crossfade_ms if xfade_kept else 0)
    assert (after.title or "").lower() == (before.title or "").lower()  # an EDL upper-cases
    for w, g in zip(want, got, strict=True):
        assert (w[0], w[1].lower()) == (g[0], g[1].lower())
        if w[0] == "video" and not xfade_kept:
            continue  # FCPXML has no dissolves: the cut moved into the overlap's middle
        if w[0] == "text" and ext == "edl":
            assert abs(w[2] - g[2]) <= FRAME_MS  # an EDL marker has a place, not a length
            continue
        assert all(abs(a - b) <= FRAME_MS for a, b in zip(w[2:], g[2:], strict=True)), (w, g)
    if ext in ("otio", "xml"):  # the formats with volumes
        assert [m.volume for m in after.music] == [m.volume for m in before.music] == [35]
    status = json.loads(nemo("--backend", "local", "status", "--json", cwd=moved).out)
    assert [t["type"] for t in status["tracks"]] == ["video", "audio", "text"]


@pytest.mark.slow
def test_cli_imported_timeline_renders(project: Path, nemo) -> None:
    assert nemo("--backend", "local", "export", "-o", "cut.xml", cwd=project).code == 0
    result = nemo("--backend", "local", "upload", "cut.xml", cwd=project)  # upload imports it
    assert result.code == 0 and "Imported" in result.out, result
    result = nemo("--backend", "local", "export", "-o", "out.mp4", "--quality", "low", cwd=project)
    assert result.code == 0, result
    found = probe(project / "out.mp4")
    assert found.duration == pytest.approx(5.5, abs=0.1)  # 3 + 3 - 0.5 crossfade
    assert found.video_codec == "h264" and found.audio_codec == "aac"


@pytest.mark.slow
def test_cli_missing_media_is_listed(project: Path, tmp_path: Path, nemo) -> None:
    assert nemo("--backend", "local", "export", "-o", "cut.otio", cwd=project).code == 0
    (project / "b.mp4").unlink()
    result = nemo("--backend", "local", "import", "cut.otio", cwd=project)
    assert result.code == 0, result
    assert "Not found, left out: b.mp4" in result.out
    for name in ("a.mp4", "music.wav"):
        (project / name).unlink()
    result = nemo("--backend", "local", "import", "cut.otio", "--json", cwd=project)
    assert result.code == 5
    assert json.loads(result.err)["error"]["code"] == "bad_input"


@pytest.mark.slow
def test_cli_refusals(project: Path, nemo) -> None:
    result = nemo("--backend", "local", "upload", "cut.otio", "a.mp4", cwd=project)
    assert result.code == 2 and "on its own" in result.err
    result = nemo("--backend", "cloud", "export", "-o", "cut.otio", cwd=project)
    assert result.code == 2 and "--backend local" in result.err
    result = nemo("--backend", "local", "export", "-o", "cut.xml", "--resume", cwd=project)
    assert result.code == 2
    (project / "bad.edl").write_text("this is not an edl\n001 x\n")
    result = nemo("--backend", "local", "import", "bad.edl", cwd=project)
    assert result.code == 5, result


EDL_EVENTS = """
001  AX       V     C        00:00:00:10 00:00:01:10 00:00:00:00 00:00:01:00
* FROM CLIP NAME: a.mp4
002  AX       V     C        00:00:00:00 00:00:02:00 00:00:01:00 00:00:03:00
* FROM CLIP NAME: b.mp4
"""


@pytest.mark.parametrize(
    ("title", "args", "fps", "clips"),
    [
        ("Promo 25fps", [], 25, [(400, 1000), (0, 2000)]),  # the title says it
        ("Promo", ["--fps", "25"], 25, [(400, 1000), (0, 2000)]),
        ("Promo", [], 30, [(333, 1000), (0, 2000)]),  # the file does not say: 30
    ],
)
def test_cli_edl_frame_rate(
    title: str, args: list[str], fps: int, clips: list[tuple[int, int]], tmp_path: Path, nemo
) -> None:
    make_clip(tmp_path / "a.mp4", 3.0)
    make_clip(tmp_path / "b.mp4", 3.0)
    (tmp_path / "cut.edl").write_text(f"TITLE: {title}\nFCM: NON-DROP FRAME\n{EDL_EVENTS}")
    result = nemo("--backend", "local", "import", "cut.edl", "--json", *args, cwd=tmp_path)
    assert result.code == 0, result
    assert json.loads(result.out)["fps"] == fps
    got = _timeline(nemo, tmp_path)
    assert [(c.in_ms, c.duration_ms) for c in got.clips] == clips
    said = nemo("--backend", "local", "import", "cut.edl", *args, cwd=tmp_path).out
    if args:
        assert "EDL timecodes read at 25 fps (--fps)" in said
    elif fps == 30:  # the reply says the rate was assumed, and how to change it
        assert (
            "read at 30 fps (the file does not say its rate; if it was cut at another, "
            "import it again with --fps N)" in " ".join(said.split())
        )


def test_cli_edl_frame_rate_refusals(tmp_path: Path, nemo) -> None:
    make_clip(tmp_path / "a.mp4", 3.0)
    (tmp_path / "cut.edl").write_text(f"TITLE: Promo 24fps\n{EDL_EVENTS.replace('01:10', '01:24')}")
    result = nemo("--backend", "local", "import", "cut.edl", cwd=tmp_path)
    assert result.code == 5 and "frame 24, which 24 fps (its title) does not have" in result.err
    (tmp_path / "cut.otio").write_text("{}")
    result = nemo("--backend", "local", "import", "cut.otio", "--fps", "25", cwd=tmp_path)
    assert result.code == 2 and "--fps is for EDL files" in result.err


@pytest.mark.slow
def test_repl_imports_a_dropped_timeline_file(project: Path, tmp_path: Path, nemo) -> None:
    """A timeline file dropped into the chat is imported (like `nemo upload cut.otio`): a new
    session, current in the REPL and after it."""
    assert nemo("--backend", "local", "export", "-o", "my cut.otio", cwd=project).code == 0
    env = make_env(tmp_path / "repl", stdin=f"'{project}/my cut.otio'\nstatus\n")
    backend = LocalBackend(env)
    run_repl(env, backend, cwd=tmp_path)
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert env.stderr.getvalue() == ""  # type: ignore[attr-defined]
    assert env.paths is not None
    sid = current_session(env.paths, "local")
    assert sid is not None
    assert shown == (
        f"✓ Imported Urban Dreams (2 clips, music, 1 title) into a new session {sid}.\n"
        'Next: status, or say "add background music", then export\n'
        f"Session {sid} on the local backend.\n"  # the REPL works on the new session now
        "Media (3):\n"
        "  • a.mp4 (video, 3.0 s)\n"
        "  • b.mp4 (video, 3.0 s)\n"
        "  • music.wav (audio, 2.0 s)\n"
        "Timeline (3 tracks): 1. Video: a.mp4 (0-3s), b.mp4 (2.5-5.5s) 2. BGM: music.wav "
        '(0-5.5s, 35%) 3. Title: "Urban Dreams" (0-3s)\n'
    )
    timeline = backend.store.load(sid).timeline
    assert [c.name for c in timeline.clips] == ["a.mp4", "b.mp4"]
    assert [m.name for m in timeline.music] == ["music.wav"]
