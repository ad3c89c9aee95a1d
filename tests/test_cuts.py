"""Cuts from the analysis (issue 13): pauses, black and frozen stretches, scene changes.

Parser rows (English and Chinese -> exact intents), the edit on a known analysis (exact clips
and the exact reply), and end to end as a user runs it: espeak-ng speech with gaps of known
lengths, "cut pauses longer than 1 s", export, and the render measured with silencedetect and
its duration; undo restores the clip in one step."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import analysis_media as media
import numpy as np
import pytest
from mediagen import ffmpeg_exe, make_image, probe

from nemo_cli.backends.local.analyze.pauses import PauseRule, pause_cuts
from nemo_cli.backends.local.analyze.ranges import subtract, total
from nemo_cli.backends.local.analyze.result import Analysis
from nemo_cli.backends.local.edit.apply import apply
from nemo_cli.backends.local.intents import (
    AddClip,
    AddMusic,
    BeatCut,
    Combine,
    CutPauses,
    RemoveStill,
    SetFit,
    Speed,
    SplitScenes,
)
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.messages import words
from nemo_cli.backends.local.timeline import Clip, Frame, Music, Timeline
from nemo_cli.backends.local.understand import parse
from nemo_cli.backends.local.understand.known import Item, Known
from nemo_cli.backends.local.understand.parser import read

# ---------------------------------------------------------------- the words

PARSE_ROWS = [
    ("cut pauses longer than 1 s", [CutPauses(longer_than_ms=1000)]),
    ("remove pauses longer than one second", [CutPauses(longer_than_ms=1000)]),
    ("remove silences over 0.8 seconds", [CutPauses(longer_than_ms=800)]),
    ("shorten pauses to half a second", [CutPauses(shorten_to_ms=500)]),
    ("shorten the pauses", [CutPauses(shorten_to_ms=300)]),
    ("keep pauses over 2 s, they are on purpose", [CutPauses(keep_over_ms=2000)]),
    ("remove the pauses but keep pauses over 2 seconds", [CutPauses(keep_over_ms=2000)]),
    ("trim the pauses", [CutPauses()]),
    ("remove the silent parts", [CutPauses()]),
    ("cut out the dead air", [CutPauses()]),
    ("cut the pauses in clip 2", [CutPauses(clip=2)]),
    ("去掉停顿", [CutPauses()]),
    ("去掉超过1秒的停顿", [CutPauses(longer_than_ms=1000)]),
    ("把停顿缩短到半秒", [CutPauses(shorten_to_ms=500)]),
    ("保留超过两秒的停顿", [CutPauses(keep_over_ms=2000)]),
    ("remove the black parts", [RemoveStill(black=True, frozen=False)]),
    ("cut the frozen frames", [RemoveStill(black=False, frozen=True)]),
    ("remove the black and frozen parts", [RemoveStill()]),
    ("删除黑屏和定格画面", [RemoveStill()]),
    ("split clip 2 at its scene changes", [SplitScenes(clip=2)]),
    ("split the video into scenes", [SplitScenes()]),
    ("按场景拆分第二段", [SplitScenes(clip=2)]),
    ("cut to the beat", [BeatCut()]),
    ("photos to the beat", [BeatCut()]),
    ("sync the video cuts to the beat drops in my music track", [BeatCut()]),
    ("change clips on every 2nd beat", [BeatCut(every=2)]),
    ("switch clips every other beat", [BeatCut(every=2)]),
    ("switch clips every 4 beats", [BeatCut(every=4)]),
    ("卡点", [BeatCut()]),
    ("踩点剪辑", [BeatCut()]),
    ("每两拍换一个镜头", [BeatCut(every=2)]),
    ("每隔一拍切换", [BeatCut(every=2)]),
    ("combine my clips, add music and cut to the beat", [Combine(), AddMusic(), BeatCut()]),
    ("slow it down to the tempo", [Speed(0.5)]),  # not a beat cut
    # Not ours: black bars are letterboxing.
    ("remove the black bars", [SetFit("fill")]),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_ROWS, ids=[r[0] for r in PARSE_ROWS])
def test_parse(text: str, expected: list) -> None:
    assert parse(text) == expected


# A session whose music file is named like the command (beat.m4a) or like a word of it: the
# name is the file only where it is said as one.
_BEATS = Known(
    media=(
        Item("talk.mp4", "video"),
        Item("beach.mp4", "video"),
        Item("beat.m4a", "audio"),
        Item("pauses.mp4", "video"),
    ),
    clips=(Item("talk.mp4", "video"), Item("beach.mp4", "video")),
)
KNOWN_ROWS = [
    ("cut to the beat", [BeatCut()]),
    ("cut the clips to the beat", [BeatCut()]),
    ("卡点", [BeatCut()]),
    ("change clips every 2 beats", [BeatCut(every=2)]),
    ("add beat", [AddMusic("beat.m4a")]),
    ("add the beat song", [AddMusic("beat.m4a")]),
    ("use beat as the music", [AddMusic("beat.m4a")]),
    ("add beat.m4a and cut to the beat", [AddMusic("beat.m4a"), BeatCut()]),
    ("remove the pauses", [CutPauses()]),
    ("add the pauses video", [AddClip(("pauses.mp4",))]),
]


@pytest.mark.parametrize(("text", "expected"), KNOWN_ROWS, ids=[r[0] for r in KNOWN_ROWS])
def test_parse_in_a_session_with_files_named_like_commands(text: str, expected: list) -> None:
    assert read(text, _BEATS).intents == expected


# ---------------------------------------------------------------- the edit

TALK = Media(id="m1", path="/m/talk.mp4", filename="talk.mp4", duration=13.0, has_audio=True)
SPEECH = ((1.0, 3.0), (3.3, 5.0), (6.2, 8.0), (11.0, 12.0))
ANALYSIS = Analysis(
    file="/m/talk.mp4",
    duration=13.0,
    speech=SPEECH,
    black=((5.0, 6.0),),
    frozen=((8.5, 10.5),),
    scenes=(4.0, 9.0),
)
ONE = Timeline(clips=(Clip("v1", "m1", "talk.mp4", duration_ms=13000),))


def _clips(timeline: Timeline) -> list[tuple[str, int, int]]:
    return [(c.id, c.in_ms, c.duration_ms) for c in timeline.clips]


def test_cut_pauses_splits_the_clip_and_lists_the_cuts() -> None:
    result = apply(ONE, [TALK], [CutPauses(longer_than_ms=1000)], {"m1": ANALYSIS})
    # Pauses: 0-1 (1.0, not longer), 3.0-3.3, 5.0-6.2 and 8.0-11.0 (cut), 12-13 (1.0).
    assert _clips(result.timeline) == [("v1", 0, 5250), ("v2", 6100, 2150), ("v3", 10900, 2100)]
    assert words(result.changes) == [
        "Cut 2 pauses (3.5 s) from talk.mp4: 0:05.3-0:06.1, 0:08.3-0:10.9"
    ]
    assert words(result.changes, "zh") == [
        "从「talk.mp4」剪掉了 2 处停顿（共 3.5 秒）：0:05.3-0:06.1、0:08.3-0:10.9"
    ]
    assert words(result.problems) == []


def test_the_pause_cuts_are_named_by_the_file_they_were_in() -> None:
    """Two talks on the timeline: one sentence per file, in the order they play."""
    other = Media(id="m2", path="/m/b.mp4", filename="b.mp4", duration=13.0, has_audio=True)
    two = Timeline(
        clips=(
            Clip("v1", "m1", "talk.mp4", duration_ms=13000),
            Clip("v2", "m2", "b.mp4", duration_ms=13000),
        )
    )
    b_said = replace(ANALYSIS, file="/m/b.mp4", speech=((0.5, 2.0), (4.0, 13.0)))
    result = apply(
        two, [TALK, other], [CutPauses(longer_than_ms=1000)], {"m1": ANALYSIS, "m2": b_said}
    )
    assert words(result.changes) == [
        "Cut 2 pauses (3.5 s) from talk.mp4: 0:05.3-0:06.1, 0:08.3-0:10.9",
        "Cut 1 pause (1.6 s) from b.mp4: 0:02.3-0:03.9",
    ]


def test_a_new_pause_rule_replaces_the_old_one() -> None:
    first = apply(ONE, [TALK], [CutPauses()], {"m1": ANALYSIS}).timeline
    assert len(first.clips) == 3  # the lead-in, 5.0-6.2, 8.0-11.0 and the tail went
    again = apply(first, [TALK], [CutPauses(keep_over_ms=2000)], {"m1": ANALYSIS})
    # Joined back, then cut again: the 3 s pause (8-11) is kept on purpose.
    assert _clips(again.timeline) == [("v1", 900, 4350), ("v2", 6100, 6150)]


def test_no_speech_no_pauses_and_no_analysis() -> None:
    quiet = Analysis(file="/m/talk.mp4", duration=13.0)
    result = apply(ONE, [TALK], [CutPauses()], {"m1": quiet})
    assert result.timeline == ONE
    assert words(result.problems) == ["Heard no speech in clip 1 ('talk.mp4')"]
    result = apply(ONE, [TALK], [CutPauses(longer_than_ms=5000)], {"m1": ANALYSIS})
    assert words(result.problems) == ["Found no pauses longer than 5 s to cut"]
    result = apply(ONE, [TALK], [CutPauses()], {})
    assert words(result.problems)[0] == (
        "Could not listen to clip 1 ('talk.mp4'): its file was not analysed"
    )


def test_remove_black_and_frozen_and_split_scenes() -> None:
    result = apply(ONE, [TALK], [RemoveStill()], {"m1": ANALYSIS})
    assert _clips(result.timeline) == [("v1", 0, 5000), ("v2", 6000, 2500), ("v3", 10500, 2500)]
    assert words(result.changes) == [
        "Removed 2 black or frozen stretches (3.0 s) from talk.mp4: 0:05.0-0:06.0, 0:08.5-0:10.5"
    ]
    result = apply(ONE, [TALK], [SplitScenes(clip=1)], {"m1": ANALYSIS})
    assert _clips(result.timeline) == [("v1", 0, 4000), ("v2", 4000, 5000), ("v3", 9000, 4000)]
    assert words(result.changes) == ["Split clip 1 ('talk.mp4') at 2 scene changes into 3 clips"]


def test_cut_to_the_beat() -> None:
    song = Media(
        id="m9",
        path="/m/song.wav",
        filename="song.wav",
        file_type="audio",
        duration=20.0,
        has_audio=True,
    )
    beats = Analysis(
        file="/m/song.wav",
        duration=20.0,
        tempo_bpm=120.0,
        beats=tuple(0.25 + 0.5 * i for i in range(8)),
    )
    photos = tuple(
        Clip(f"v{i}", f"p{i}", f"p{i}.jpg", kind="image", duration_ms=1400) for i in (1, 2, 3)
    )
    timeline = Timeline(
        clips=(*photos, Clip("v4", "m1", "talk.mp4", duration_ms=1000, in_ms=12500)),
        music=(Music("a1", "m9", "song.wav", duration_ms=5200),),
    )
    result = apply(timeline, [TALK, song], [BeatCut()], {"m9": beats})
    # Beats at 0.25, 0.75, ... and on at 120 BPM past the last one found (3.75). Photos get
    # whole beats; the video (0.5 s of source left after 12.5 s) ends on the beat it reaches.
    assert [c.duration_ms for c in result.timeline.clips] == [1250, 1500, 1500, 500]
    assert words(result.changes)[0] == "Put 4 cuts on the beat of 'song.wav' (120 BPM)"
    every2 = apply(timeline, [TALK, song], [BeatCut(every=2)], {"m9": beats}).timeline
    assert [c.duration_ms for c in every2.clips] == [750, 1000, 1000, 500]
    none = apply(timeline, [TALK, song], [BeatCut()], {"m9": Analysis("/m/song.wav", 20.0)})
    assert words(none.problems) == ["Heard no steady beat in the music 'song.wav'"]
    silent = apply(replace(timeline, music=()), [TALK], [BeatCut()], {})
    assert words(silent.problems) == ["Add music first: the cuts follow its beats"]


# ---------------------------------------------------------------- end to end


def _silences(path: Path) -> list[tuple[float, float]]:
    """silencedetect on the render (-35 dB, 0.1 s), as [start, end] pairs."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "silencedetect=noise=-35dB:d=0.1",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", proc.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", proc.stderr)]
    return list(zip(starts, ends, strict=False))


def _talk_video(tmp_path: Path, bed_below_db: float | None = None) -> Path:
    """Four sentences with gaps of 1.5, 0.6 and 2.2 s, as a video; with ``bed_below_db``, a
    chord pad that never stops plays under them that much quieter."""
    talk = media.make_speech(
        tmp_path / "talk.wav",
        [
            "Hello there, this is the first sentence.",
            "And here is the second one.",
            "A third phrase follows it.",
            "Finally, the last words.",
        ],
        [1.5, 0.6, 2.2],
    )
    sound = talk.path
    if bed_below_db is not None:
        pad = media.make_pad(tmp_path / "pad.wav", talk.duration + 1)
        sound = media.under_speech(talk, pad, tmp_path / "over.wav", bed_below_db)
    video = tmp_path / "talk.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=navy:s=320x240:r=25",
            "-i",
            str(sound),
            "-shortest",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            str(video),
        ],
        check=True,
    )
    return video


def _kept_after_cuts(nemo, video: Path, longer_than: float) -> float:
    """How long the clip is after its pauses are cut, from nemo's own analysis of it."""
    analysed = json.loads(nemo("analyze", str(video), "--json").out)
    rule = PauseRule(longer_than=longer_than)
    cuts = pause_cuts(analysed["speech"], 0.0, analysed["duration"], rule)
    return total(subtract([(0.0, analysed["duration"])], cuts))


@pytest.mark.slow
def test_cut_pauses_render_measured(nemo, tmp_path: Path) -> None:
    video = _talk_video(tmp_path)
    assert nemo("--backend", "local", "upload", str(video)).code == 0
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    said = nemo("--backend", "local", "say", "cut pauses longer than 1 s")
    assert said.code == 0, said
    # the 1.5 s and 2.2 s gaps; the 0.6 s one stays; the reply names the file cut
    assert "Cut 2 pauses (" in said.out and f") from {video.name}: " in said.out, said.out

    kept = _kept_after_cuts(nemo, video, 1.0)

    out = tmp_path / "out.mp4"
    exported = nemo("--backend", "local", "export", "-o", str(out))
    assert exported.code == 0, exported
    assert abs(probe(out).duration - kept) < 0.15, (probe(out).duration, kept)
    inner = [(a, b) for a, b in _silences(out) if a > 0.05 and b < kept - 0.05]
    assert inner and max(b - a for a, b in inner) <= 1.0, inner

    # The draft holds the rule and the pieces, with what was cut between them.
    edits = json.loads(nemo("--backend", "local", "status", "--json").out)["edits"]
    assert edits["pauses"] == {"longer_than_ms": 1000, "keep_over_ms": None, "shorten_to_ms": None}
    (pieces,) = edits["pieces"]
    assert pieces["name"] == "talk.mp4" and len(pieces["clips"]) == len(pieces["cuts"]) + 1
    cut_s = sum(c["cut_ms"] for c in pieces["cuts"]) / 1000
    assert abs(cut_s - (probe(video).duration - kept)) < 0.6  # and the lead-in, tail margins
    shown = nemo("--backend", "local", "status")  # piped: the notes after the summary
    assert "Pauses over 1s cut: 2 cuts" in shown.out, shown.out

    undone = nemo("--backend", "local", "say", "undo")
    assert undone.code == 0
    status = json.loads(nemo("--backend", "local", "status", "--json").out)
    (video_track,) = [t for t in status["tracks"] if t["type"] == "video"]
    assert len(video_track["segments"]) == 1  # one step: the three pieces are one clip again
    assert status["edits"]["pauses"] is None and status["edits"]["pieces"] == []


@pytest.mark.slow
def test_cut_pauses_under_a_music_bed_render_measured(nemo, tmp_path: Path) -> None:
    """A music bed 12 dB under the voice goes on between the sentences: the pauses are still
    found where the voice stops, cut, and the render lasts what is left."""
    video = _talk_video(tmp_path, bed_below_db=12)
    assert nemo("--backend", "local", "upload", str(video)).code == 0
    assert nemo("--backend", "local", "say", "combine my clips").code == 0
    said = nemo("--backend", "local", "say", "cut pauses longer than 1 s")
    assert said.code == 0, said
    assert "Cut 2 pauses" in said.out, said.out  # the 1.5 s and 2.2 s gaps; 0.6 s stays
    kept = _kept_after_cuts(nemo, video, 1.0)
    out = tmp_path / "out.mp4"
    assert nemo("--backend", "local", "export", "-o", str(out)).code == 0
    assert abs(probe(out).duration - kept) < 0.15, (probe(out).duration, kept)
    assert kept < probe(video).duration - 2.5  # most of the two long gaps went


@pytest.mark.slow
def test_pause_cuts_with_crossfades_render_measured(nemo, tmp_path: Path) -> None:
    """Crossfades between clips, then the pauses cut: the pieces join by plain cuts, so the
    render lasts the pieces plus the other clip minus ONE crossfade, and no silence longer
    than the rule is left between the sentences."""
    video = _talk_video(tmp_path)
    outro = tmp_path / "outro.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x240:r=25:d=2",
            "-f",
            "lavfi",
            "-i",
            "sine=f=300:d=2",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-shortest",
            str(outro),
        ],
        check=True,
    )
    assert nemo("--backend", "local", "upload", str(video), str(outro)).code == 0
    for step in ("combine my clips", "add 0.5 second crossfades", "cut pauses longer than 1 s"):
        said = nemo("--backend", "local", "say", step)
        assert said.code == 0, said
    kept = _kept_after_cuts(nemo, video, 1.0)
    out = tmp_path / "out.mp4"
    assert nemo("--backend", "local", "export", "-o", str(out)).code == 0
    assert abs(probe(out).duration - (kept + 2.0 - 0.5)) < 0.15, (probe(out).duration, kept)
    inner = [(a, b) for a, b in _silences(out) if a > 0.05 and b < kept - 0.05]
    assert inner and max(b - a for a, b in inner) <= 1.0, inner


def _scene_cuts(path: Path) -> list[float]:
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-vf",
            "scdet=threshold=10",
            "-an",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(x) for x in re.findall(r"lavfi\.scd\.time: ([\d.]+)", proc.stderr)]


@pytest.mark.slow
def test_cut_to_the_beat_render_measured(nemo, tmp_path: Path) -> None:
    photos = [
        make_image(tmp_path / f"p{i}.png", color=c)
        for i, c in enumerate(("orange", "navy", "green", "white"))
    ]
    # The music is called beat.wav: "cut to the beat" is still the beat cut, not "add beat.wav"
    beats = media.make_drums(tmp_path / "beat.wav", 128, seconds=20.0)
    assert nemo("--backend", "local", "upload", *map(str, photos), str(tmp_path / "beat.wav"))
    said = nemo(
        "--backend", "local", "say", "combine my clips, add background music and cut to the beat"
    )
    assert said.code == 0, said
    assert "on the beat of 'beat.wav' (128 BPM)" in said.out, said.out
    out = tmp_path / "beat.mp4"
    assert nemo("--backend", "local", "export", "-o", str(out)).code == 0
    cuts = _scene_cuts(out)
    assert len(cuts) == 3, cuts
    for cut in cuts:  # every cut within 40 ms of a beat of the music
        assert min(abs(cut - b) for b in beats) <= 0.040, (cut, beats)


def test_every_plain_join_gets_short_fades_on_both_sides() -> None:
    from nemo_cli.backends.local.render.plan import build

    source = Media(
        id="m1",
        path="/m/t.mp4",
        filename="t.mp4",
        duration=13.0,
        has_audio=True,
        width=640,
        height=360,
        fps=25.0,
        video_codec="h264",
        audio_codec="aac",
    )
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "t.mp4", duration_ms=5000),
            Clip("v2", "m1", "t.mp4", duration_ms=2000, in_ms=6000),  # 5-6 s was cut out
            Clip("v3", "m1", "t.mp4", duration_ms=2000, in_ms=8000),  # follows on: a join too
        )
    )
    args = build(timeline, [source], Path("/tmp/o.mp4")).args
    chains = args[args.index("-filter_complex") + 1].split(";")
    audio = {
        c[-4:]: c for c in chains if c.startswith("[") and c.endswith(("[a0]", "[a1]", "[a2]"))
    }
    assert audio["[a0]"].endswith("atrim=duration=5,afade=t=out:st=4.99:d=0.01[a0]")
    assert audio["[a1]"].endswith(
        "atrim=duration=2,afade=t=in:st=0:d=0.01,afade=t=out:st=1.99:d=0.01[a1]"
    )
    assert audio["[a2]"].endswith("atrim=duration=2,afade=t=in:st=0:d=0.01[a2]")


def _pcm(path: Path) -> np.ndarray:
    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            "48000",
            "-f",
            "f32le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, "<f4")


def _tone_clip(path: Path, freq: int) -> Media:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=navy:s=320x240:r=25:d=3",
            "-f",
            "lavfi",
            "-i",
            f"sine=f={freq}:d=3:sample_rate=48000",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-b:a",
            "192k",
            "-shortest",
            str(path),
        ],
        check=True,
    )
    return Media(
        id=path.stem,
        path=str(path),
        filename=path.name,
        duration=3.0,
        has_audio=True,
        width=320,
        height=240,
        fps=25.0,
        channels=1,
        sample_rate=48000,
    )


@pytest.mark.slow
def test_a_join_does_not_click_measured(tmp_path: Path) -> None:
    """Two tones joined mid-wave: in the render, the largest step from one sample to the next
    near the join is no larger than the tone's own; without the fades it is many times it."""
    from nemo_cli.backends.local.render import plan as planner
    from nemo_cli.backends.local.render.runner import render

    media_ = [_tone_clip(tmp_path / "a.mp4", 440), _tone_clip(tmp_path / "b.mp4", 660)]
    timeline = Timeline(
        clips=(
            Clip("v1", "a", "a.mp4", duration_ms=1013),
            Clip("v2", "b", "b.mp4", duration_ms=1500, in_ms=511),
        )
    )
    faded = render(timeline, media_, tmp_path / "faded.mp4", "low", ffmpeg=ffmpeg_exe())
    args = planner.build(timeline, media_, tmp_path / "plain.mp4", "low", workdir=tmp_path).args
    args = [re.sub(r",afade=t=(?:in|out):st=[\d.]+:d=0\.01", "", a) for a in args]
    assert not any("afade" in a for a in args)
    subprocess.run([ffmpeg_exe(), *args[1:]], check=True, capture_output=True)
    join = round(1.013 * 48000)  # the sample where clip 2 starts

    def steps(path: Path) -> tuple[float, float]:
        jumps = np.abs(np.diff(_pcm(path)))
        return float(jumps[join - 480 : join + 480].max()), float(jumps[9600:43200].max())

    at_join, tone = steps(faded)
    assert at_join <= 1.2 * tone, (at_join, tone)  # measured: 0.91x
    unfaded, tone = steps(tmp_path / "plain.mp4")
    assert unfaded >= 5 * tone, (unfaded, tone)  # measured: 12x: the click the fades remove


def test_pauses_cut_under_crossfades_join_by_plain_cuts() -> None:
    """With crossfades between clips, the pieces of a pause cut still join by plain cuts: no
    piece overlaps the next (which would lay one sentence over another), and a short piece
    does not shorten the crossfade between the clips."""
    intro = Media(id="m2", path="/m/intro.mp4", filename="intro.mp4", duration=3.0)
    timeline = Timeline(
        clips=(
            Clip("v1", "m1", "talk.mp4", duration_ms=13000),
            Clip("v2", "m2", "intro.mp4", duration_ms=3000),
        ),
        frame=Frame(crossfade_ms=500),
    )
    result = apply(timeline, [TALK, intro], [CutPauses(longer_than_ms=1000)], {"m1": ANALYSIS})
    after = result.timeline
    assert _clips(after) == [
        ("v1", 0, 5250),
        ("v3", 6100, 2150),
        ("v4", 10900, 2100),
        ("v2", 0, 3000),
    ]
    assert after.frame.crossfade_ms == 500
    assert after.starts() == [0, 5250, 7400, 9000]  # one plain cut after another, then 0.5 s
    assert after.length_ms == 5250 + 2150 + 2100 + 3000 - 500
    assert [list(r) for r in after.runs()] == [[0, 1, 2], [3]]
