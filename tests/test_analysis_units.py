"""The analysis's pure parts, by table: ranges, the ffmpeg command, the log parser, the JSON
form, the text view, and the bar that waits a second."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_cli.backends.base import ProgressUpdate
from nemo_cli.backends.local.analyze import beatgrid, passes, ranges
from nemo_cli.backends.local.analyze.pauses import PauseRule, pause_cuts
from nemo_cli.backends.local.analyze.result import KEYS, Analysis, Loudness
from nemo_cli.env import Env
from nemo_cli.ui.analysis import clock, lines
from nemo_cli.ui.slow_progress import AfterASecond

# ---------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], []),
        ([(2, 3), (0, 1)], [(0, 1), (2, 3)]),
        ([(0, 2), (1, 3)], [(0, 3)]),
        ([(0, 1), (1, 2)], [(0, 2)]),  # touching ranges join
        ([(1, 1), (2, 1)], []),  # empty and reversed ones go
    ],
)
def test_normalise(given: list, expected: list) -> None:
    assert ranges.normalise(given) == expected


@pytest.mark.parametrize(
    ("given", "holes", "expected"),
    [
        ([(0, 10)], [], [(0, 10)]),
        ([(0, 10)], [(2, 3), (5, 6)], [(0, 2), (3, 5), (6, 10)]),
        ([(0, 10)], [(-1, 11)], []),
        ([(0, 4), (6, 10)], [(3, 7)], [(0, 3), (7, 10)]),
        ([(0, 4)], [(4, 5)], [(0, 4)]),
    ],
)
def test_subtract(given: list, holes: list, expected: list) -> None:
    assert ranges.subtract(given, holes) == expected


def test_fill_gaps_drop_short_clamp_total() -> None:
    assert ranges.fill_gaps([(0, 1), (1.2, 2), (3, 4)], 0.3) == [(0, 2), (3, 4)]
    assert ranges.drop_short([(0, 0.1), (1, 2)], 0.25) == [(1, 2)]
    assert ranges.clamp([(-1, 2), (8, 12)], 0, 10) == [(0, 2), (8, 10)]
    assert ranges.clamp([(-1, 2)], 0, None) == [(0, 2)]
    assert ranges.total([(0, 1.5), (2, 3)]) == 2.5


# ---------------------------------------------------------------- the ffmpeg command

AUDIO = (
    "[0:a:0]asplit=2[a_log][a_pcm];"
    "[a_log]silencedetect=noise=-35dB:duration=0.2,ebur128=peak=true:framelog=quiet,anullsink;"
    "[a_pcm]aresample=16000:async=1:first_pts=0,"
    "aformat=sample_fmts=s16:sample_rates=16000:channel_layouts=mono[pcm]"
)
VIDEO = (
    "[0:v:0]scale=w=320:h=-2:flags=fast_bilinear,blackdetect=d=0.2,"
    "freezedetect=n=0.003:d=1.0,scdet=threshold=10[seen]"
)
HEAD = [
    "ff",
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-progress",
    "pipe:2",
    "-i",
    "file:/m/a b.mp4",
]
PCM_OUT = ["-map", "[pcm]", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"]
NULL_OUT = ["-map", "[seen]", "-f", "null", "-"]


@pytest.mark.parametrize(
    ("audio", "video", "expected"),
    [
        (True, True, [*HEAD, "-filter_complex", f"{AUDIO};{VIDEO}", *PCM_OUT, *NULL_OUT]),
        (True, False, [*HEAD, "-filter_complex", AUDIO, *PCM_OUT]),
        (False, True, [*HEAD, "-filter_complex", VIDEO, *NULL_OUT]),
    ],
)
def test_one_decode_for_every_pass(audio: bool, video: bool, expected: list[str]) -> None:
    assert passes.build(Path("/m/a b.mp4"), audio=audio, video=video, ffmpeg="ff") == expected


def test_nothing_to_decode_is_a_bug() -> None:
    with pytest.raises(ValueError):
        passes.build(Path("x"), audio=False, video=False)


# ---------------------------------------------------------------- the log

SUMMARY = """\
[Parsed_ebur128_2 @ 0x7f4190004740] Summary:
  Integrated loudness:
    I:         -21.3 LUFS
    Threshold: -31.5 LUFS
  Loudness range:
    LRA:         2.8 LU
    Threshold: -44.4 LUFS
    LRA low:   -25.3 LUFS
    LRA high:  -22.5 LUFS
  True peak:
    Peak:       -1.5 dBFS"""

LOG = (
    """\
  Duration: 00:00:10.00, start: 0.000000, bitrate: 1032 kb/s
[Parsed_silencedetect_1 @ 0x1] silence_start: 2.178776
[Parsed_scdet_9 @ 0x2] lavfi.scd.score: 41.743, lavfi.scd.time: 3
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_start: 3
[Parsed_silencedetect_1 @ 0x1] silence_end: 3.979819 | silence_duration: 1.801043
[Parsed_blackdetect_7 @ 0x4] black_start:3 black_end:5 black_duration:2
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_duration: 2
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_end: 5
[Parsed_scdet_9 @ 0x2] lavfi.scd.score: 42.602, lavfi.scd.time: 5
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_start: 5.04
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_end: 8
[Parsed_scdet_9 @ 0x2] lavfi.scd.score: 27.5, lavfi.scd.time: 8
[Parsed_silencedetect_1 @ 0x1] silence_start: 9.5
[Parsed_freezedetect_8 @ 0x3] lavfi.freezedetect.freeze_start: 9.2
"""
    + SUMMARY
)


def test_parse_log_reads_every_filter() -> None:
    found = passes.parse_log(LOG.splitlines(), duration=None)
    assert found.duration == 10.0
    # Unfinished silence and freeze (still going at the end) close at the end.
    assert found.silences == [(2.178776, 3.979819), (9.5, 10.0)]
    assert found.loudness == Loudness(-21.3, -1.5, 2.8)
    assert found.scenes == [3.0, 5.0, 8.0]
    assert found.black == [(3.0, 5.0)]
    # 3-5 is black, so not also "frozen"; 9.2-10 is shorter than the 1 s a freeze needs.
    assert found.frozen == [(5.04, 8.0)]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (SUMMARY, Loudness(-21.3, -1.5, 2.8)),
        # Digital silence: ebur128's -70 floor and an infinite peak are "not measurable".
        (
            SUMMARY.replace("-21.3", "-70.0")
            .replace("-1.5 dBFS", "-inf dBFS")
            .replace("2.8 LU", "0.0 LU"),
            Loudness(None, None, 0.0),
        ),
        ("", Loudness(None, None, None)),  # no sound: no ebur128 at all
    ],
)
def test_parse_loudness(summary: str, expected: Loudness) -> None:
    assert passes.parse_log(summary.splitlines(), duration=1.0).loudness == expected


def test_parse_log_without_a_duration_line_uses_the_probe() -> None:
    found = passes.parse_log(["[Parsed_silencedetect_1 @ 0x1] silence_start: 1.5"], 4.0)
    assert found.silences == [(1.5, 4.0)]


# ---------------------------------------------------------------- JSON

FULL = Analysis(
    file="/m/a.mp4",
    duration=10.0,
    loudness=Loudness(-21.3, -1.5, 2.8, -62.4),
    silences=((2.1788, 3.98),),
    speech=((0.5, 2.1788),),
    tempo_bpm=120.004,
    beats=(0.5, 1.0),
    scenes=(3.0,),
    black=((3.0, 5.0),),
    frozen=((5.0, 8.0),),
)


def test_json_has_exactly_the_issue_keys_and_round_trips() -> None:
    data = FULL.to_json()
    assert tuple(data) == KEYS
    assert tuple(data) == (
        "file",
        "duration",
        "loudness",
        "silences",
        "speech",
        "tempo_bpm",
        "beats",
        "scenes",
        "black",
        "frozen",
    )
    # The noise floor joined the loudness figures (the denoiser is set from it).
    assert set(data["loudness"]) == {"integrated_lufs", "true_peak_db", "lra", "noise_floor_db"}
    assert data["silences"] == [[2.179, 3.98]]
    assert data["tempo_bpm"] == 120.0
    again = Analysis.from_json(data)
    assert again.to_json() == data


@pytest.mark.parametrize(
    "broken",
    [
        None,
        [],
        {},
        {**FULL.to_json(), "extra": 1},
        {**FULL.to_json(), "beats": [None]},
        {**FULL.to_json(), "silences": [[3, 2]]},
        {**FULL.to_json(), "silences": [[1]]},
        {**FULL.to_json(), "duration": "ten"},
        {**FULL.to_json(), "duration": True},
        {**FULL.to_json(), "loudness": []},
        {**FULL.to_json(), "file": 3},
    ],
)
def test_malformed_json_is_refused(broken: object) -> None:
    with pytest.raises(ValueError):
        Analysis.from_json(broken)


# ---------------------------------------------------------------- the text view


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00.0"), (3.24, "0:03.2"), (59.96, "1:00.0"), (754.0, "12:34.0"), (3723.5, "1:02:03.5")],
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


def test_text_view() -> None:
    many = Analysis(
        file="x",
        duration=12.0,
        silences=tuple((i, i + 0.5) for i in range(8)),
    )
    assert lines(FULL, name="a[b].mp4") == [
        "[bold]a\\[b].mp4[/] (0:10.0)",
        "  Loudness  -21.3 LUFS integrated, true peak -1.5 dBTP, range 2.8 LU, noise floor -62 dB",
        "  Speech    1 stretch, 1.7 s: 0:00.5-0:02.2",
        "  Silences  1 silence, 1.8 s: 0:02.2-0:04.0",
        "  Tempo     120.0 BPM, 2 beats from 0:00.5 to 0:01.0",
        "  Scenes    1 cut: 0:03.0",
        "  Black     1 stretch, 2.0 s: 0:03.0-0:05.0",
        "  Frozen    1 stretch, 3.0 s: 0:05.0-0:08.0",
    ]
    text = lines(many, name="x")
    assert text[1] == "  Loudness  no sound to measure"
    assert text[3] == (
        "  Silences  8 silences, 4.0 s: 0:00.0-0:00.5, 0:01.0-0:01.5, 0:02.0-0:02.5, "
        "0:03.0-0:03.5, 0:04.0-0:04.5, 0:05.0-0:05.5 and 2 more"
    )
    assert text[4] == "  Tempo     no steady beat"
    assert lines(Analysis(file="p.png", duration=None), name="p.png")[0] == (
        "[bold]p.png[/] (no length: a still image)"
    )


def test_a_wrapped_row_continues_under_its_text() -> None:
    many = Analysis(file="beat.m4a", duration=12.0, silences=tuple((i, i + 0.5) for i in range(8)))
    text = lines(many, name="beat.m4a", width=50)
    assert text[3] == (
        "  Silences  8 silences, 4.0 s: 0:00.0-0:00.5,\n"
        "            0:01.0-0:01.5, 0:02.0-0:02.5,\n"
        "            0:03.0-0:03.5, 0:04.0-0:04.5,\n"
        "            0:05.0-0:05.5 and 2 more"
    )
    assert all(len(line) <= 50 for line in "\n".join(text[1:]).splitlines())
    assert lines(many, name="beat.m4a", width=200) == lines(many, name="beat.m4a")


# ---------------------------------------------------------------- the bar


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_bar_in_the_first_second(tmp_path: Path) -> None:
    env = Env(json=False)
    clock_ = _Clock()
    opened: list[bool] = []
    with AfterASecond(env, clock=clock_) as bars:
        tick = ProgressUpdate("analyze", "a", 0.5, 10.0, unit="seconds")
        bars(tick)
        clock_.now += 0.9
        bars(tick)
        opened.append(bars.bars is not None)
        clock_.now += 0.2
        bars(tick)
        opened.append(bars.bars is not None)
    assert opened == [False, True]
    assert bars.bars is None


# ---------------------------------------------------------------- pause rules

SPEECH = [(1.0, 3.0), (3.3, 5.0), (6.2, 8.0), (11.0, 12.0)]  # pauses: 0.3, 1.2, 3.0 (+ ends)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # Default: pauses over 0.5 s go, keeping 0.25 s after words and 0.1 s before them;
        # the lead-in (0-1) and tail (12-13) keep only the margin next to speech.
        (PauseRule(), [(0.0, 0.9), (5.25, 6.1), (8.25, 10.9), (12.25, 13.0)]),
        # "cut pauses longer than 1 s": the 1 s lead-in and the 1 s tail are not longer.
        (PauseRule(longer_than=1.0), [(5.25, 6.1), (8.25, 10.9)]),
        # "keep pauses over 2 s, they are on purpose": the 3 s pause stays.
        (PauseRule(keep_over=2.0), [(0.0, 0.9), (5.25, 6.1), (12.25, 13.0)]),
        # "shorten pauses to half a second": 0.5 s left of each, split 5:2 around the join.
        (PauseRule(shorten_to=0.5), [(0.0, 0.5), (5.357, 6.057), (8.357, 10.857), (12.5, 13.0)]),
        (
            PauseRule(longer_than=0.2, tail=0.0, lead=0.0),
            [(0.0, 1.0), (3.0, 3.3), (5.0, 6.2), (8.0, 11.0), (12.0, 13.0)],
        ),
    ],
)
def test_pause_rules(rule: PauseRule, expected: list) -> None:
    assert pause_cuts(SPEECH, 0.0, 13.0, rule) == expected


def test_pause_cuts_inside_a_trimmed_stretch_and_without_speech() -> None:
    assert pause_cuts(SPEECH, 4.0, 9.0) == [(5.25, 6.1), (8.25, 9.0)]
    assert pause_cuts([], 0.0, 10.0) == []
    assert pause_cuts(SPEECH, 9.0, 10.5) == []  # all pause, no words: nothing to tighten


# ---------------------------------------------------------------- the beat grid


def test_grid_continues_at_the_tempo() -> None:
    assert beatgrid.grid([1.0, 1.5, 2.0], 120.0, until=3.2) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert beatgrid.grid([1.0, 1.5], None, until=1.2) == [1.0]
    assert beatgrid.grid([], 120.0, until=10.0) == []


@pytest.mark.parametrize(
    ("n", "after", "expected"),
    [(1, 0.0, [0.5, 1.0, 1.5, 2.0]), (2, 0.0, [0.5, 1.5]), (2, 0.5, [1.0, 2.0])],
)
def test_every_nth_beat(n: int, after: float, expected: list[float]) -> None:
    assert beatgrid.every([0.0, 0.5, 1.0, 1.5, 2.0], n, after=after) == expected


@pytest.mark.parametrize(
    ("boundaries", "expected"),
    [
        ([0.9, 2.2], [1.0, 2.0]),
        ([1.24, 1.26], [1.0, 1.5]),  # a tie-free nearest, each side
        ([1.1, 1.2], [1.0]),  # two boundaries on one beat: one cut
        ([9.0], [3.0]),
    ],
)
def test_snap_to_the_nearest_beat(boundaries: list[float], expected: list[float]) -> None:
    assert beatgrid.snap(boundaries, [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]) == expected


def test_whole_beats() -> None:
    assert beatgrid.whole_beats(3.0, 128.0) == 2.812  # 6.4 beats -> 6
    assert beatgrid.whole_beats(0.1, 120.0) == 0.5
    assert beatgrid.whole_beats(2.9, 90.0, at_least=4) == 2.667
