"""Hardware encoders: each encoder's options (table), where they go in the command, the
detection by a one-frame test (cached per ffmpeg binary, timed out when it hangs), the choice
(`--encoder`, config `encoder`, auto), the fall back to libx264 when a GPU encoder fails
part-way, and the reply that says which encoder made the video.

The GPU is a fake ffmpeg (tests/fake_gpu_ffmpeg.py) whose ``h264_nvenc`` works, is absent,
breaks mid-render or hangs; its renders are real (libx264 does the GPU's work), so every
export here is probed. With the real ffmpeg, this machine has no GPU: auto is libx264.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Result
from fake_gpu_ffmpeg import pids, runs, write_fake
from mediagen import ffmpeg_exe, make_clip, probe

from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.render import encoder_probe
from nemo_cli.backends.local.render import plan as planner
from nemo_cli.backends.local.render.encoder_fallback import encoder_failed, with_fallback
from nemo_cli.backends.local.render.encoder_probe import (
    EncoderUnavailable,
    Probe,
    choose,
    detect,
    probe_command,
    run_probes,
    working,
)
from nemo_cli.backends.local.render.encoders import HARDWARE, NAMES, Encoding, encoding_for
from nemo_cli.backends.local.render.segments import segment_command as seg_command
from nemo_cli.backends.local.render.segments import split
from nemo_cli.backends.local.render.verify import verify
from nemo_cli.backends.local.store import SessionStore
from nemo_cli.backends.local.timeline import Clip, Frame, Timeline
from nemo_cli.errors import RenderError, UsageError

FF = ffmpeg_exe()
COLOUR = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]


# ---------------------------------------------------------------- options, on tables


@pytest.mark.parametrize(
    ("name", "quality", "head", "upload", "options"),
    [
        ("x264", "high", [], None, "-c:v libx264 -preset medium -crf 20 -pix_fmt yuv420p"),
        ("x264", "medium", [], None, "-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p"),
        ("x264", "low", [], None, "-c:v libx264 -preset ultrafast -crf 28 -pix_fmt yuv420p"),
        ("x264", "preview", [], None, "-c:v libx264 -preset ultrafast -crf 30 -pix_fmt yuv420p"),
        (
            "nvenc",
            "high",
            [],
            None,
            "-c:v h264_nvenc -preset p6 -tune hq -rc vbr -cq 19 -b:v 0 -profile:v high "
            "-pix_fmt yuv420p",
        ),
        (
            "nvenc",
            "low",
            [],
            None,
            "-c:v h264_nvenc -preset p1 -tune hq -rc vbr -cq 27 -b:v 0 -profile:v high "
            "-pix_fmt yuv420p",
        ),
        (
            "qsv",
            "medium",
            [],
            None,
            "-c:v h264_qsv -preset medium -global_quality 22 -look_ahead 0 -profile:v high "
            "-pix_fmt nv12",
        ),
        (
            "vaapi",
            "high",
            ["-vaapi_device", "/dev/dri/renderD129"],
            "format=nv12,hwupload",
            "-c:v h264_vaapi -rc_mode CQP -qp 19 -profile:v high",
        ),
        (
            "amf",
            "low",
            [],
            None,
            "-c:v h264_amf -quality speed -rc cqp -qp_i 27 -qp_p 27 -qp_b 27 -profile:v high "
            "-pix_fmt nv12",
        ),
    ],
)
def test_encoder_options(
    name: str, quality: str, head: list[str], upload: str | None, options: str
) -> None:
    enc = encoding_for(name, quality, device="/dev/dri/renderD129")
    assert (list(enc.head), enc.upload, " ".join(enc.options)) == (head, upload, options)


@pytest.mark.parametrize("value", ["auto", "X264", " nvenc ", "qsv", "vaapi", "amf"])
def test_encoder_choices_are_read_as_typed(value: str) -> None:
    from nemo_cli.backends.local.render.encoders import check_choice

    assert check_choice(value) == value.strip().lower()


def _timeline(*lengths: int) -> Timeline:
    clips = tuple(Clip(f"v{n}", "m1", f"c{n}", duration_ms=d) for n, d in enumerate(lengths, 1))
    return Timeline(clips=clips, frame=Frame(width=320, height=240))


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media") / "a.mp4", seconds=1.5)


@pytest.fixture
def media(clip: Path) -> list[Media]:
    from nemo_cli.backends.local.render.probe import probe as nemo_probe
    from nemo_cli.backends.local.store import media_entry

    return [replace(media_entry(clip, nemo_probe(clip, FF)), id="m1")]


def test_vaapi_uploads_the_finished_picture_and_names_its_device_first(
    media: list[Media],
) -> None:
    vaapi = encoding_for("vaapi", "high", device="/dev/dri/renderD128")
    args = planner.build(_timeline(1000), media, Path("/o.mp4"), encoding=vaapi).args
    assert args[args.index("-vaapi_device") + 1] == "/dev/dri/renderD128"
    assert args.index("-vaapi_device") < args.index("-i")
    graph = args[args.index("-filter_complex") + 1].split(";")
    assert graph[-1].endswith("format=nv12,hwupload[venc]")
    assert args[args.index("-map") + 1] == "[venc]"
    tail = args[args.index("-map", args.index("-map") + 1) + 2 :]
    assert tail[: len(vaapi.options) + 6] == [*vaapi.options, *COLOUR]


def test_every_segment_gets_the_exports_encoder_and_its_key_differs(
    media: list[Media], tmp_path: Path
) -> None:
    from nemo_cli.backends.local.render.rate import DEFAULT
    from nemo_cli.backends.local.render.segments import segment_key

    segments = split(_timeline(1000, 700), DEFAULT)
    keys = {}
    for name in ("x264", "nvenc", "vaapi"):
        enc = encoding_for(name, "low", device="/dev/dri/renderD128")
        for segment in segments:
            out = tmp_path / "s.mp4"
            command, _ = seg_command(segment, media, out, "low", tmp_path, 30.0, encoding=enc)
            at = command.index("-c:v")
            assert command[at : at + len(enc.options)] == list(enc.options)
            assert command[: len(planner.HEAD) + len(enc.head)][len(planner.HEAD) :] == list(
                enc.head
            )
            keys[name, segment.index] = segment_key(segment, media, command, FF, tmp_path)
    assert len(set(keys.values())) == len(keys)  # the encoder is in every segment's key


# ---------------------------------------------------------------- the real ffmpeg


def test_the_bundled_ffmpeg_takes_every_encoders_options() -> None:
    """Each hardware encoder fails here for want of its device, never over an option: ffmpeg
    parses an encoder's options before it opens the device."""
    for name in NAMES:
        for quality in ("high", "medium", "low"):
            command = probe_command(FF, encoding_for(name, quality))
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            said = proc.stderr
            assert "Unable to parse" not in said and "Unrecognized option" not in said, said
            assert "Option not found" not in said, said
            if name == "x264":
                assert proc.returncode == 0, said


def test_auto_is_x264_on_this_machine_with_the_real_ffmpeg(tmp_path: Path) -> None:
    probes = detect(FF, cache=tmp_path / "encoders.json")
    assert set(probes) == set(HARDWARE)
    dev = Path("/dev")
    gpus = [*dev.glob("nvidia[0-9]*"), *dev.glob("dri/renderD*"), *dev.glob("dxg")]
    if not gpus:  # this machine: no GPU, so no encoder is even tried and auto is libx264
        said = [p.reason for p in probes.values() if not p.ok]
        assert len(said) == 4 and all(r.startswith("no GPU device: none of /dev/") for r in said)
        assert choose("auto", FF, cache=tmp_path / "encoders.json").name == "x264"
    else:
        first = next((n for n in HARDWARE if probes[n].ok), "x264")
        assert choose("auto", FF, cache=tmp_path / "encoders.json").name == first


# ---------------------------------------------------------------- detection, with a fake GPU


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """The fake ffmpeg with its nvenc in the given mode; returns its log. The machine gets
    an NVIDIA device node and a DRM render node (files standing for them), so NVENC, Quick
    Sync and AMF are tried; VA-API has none."""
    folder = tmp_path / "fakebin"
    folder.mkdir()
    path = write_fake(folder, FF)
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "nvidia0").touch()
    (dev / "card0").touch()
    nodes = {
        "nvenc": (str(dev / "nvidia[0-9]*"),),
        "qsv": (str(dev / "card*"),),
        "amf": (str(dev / "card*"),),
        "vaapi": (str(dev / "renderD*"),),
    }
    monkeypatch.setattr(encoder_probe, "DEVICE_NODES", nodes)
    log = tmp_path / "ffmpeg.log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("NEMO_FFMPEG", str(path))

    def mode(how: str) -> Path:
        monkeypatch.setenv("FAKE_NVENC", how)
        return log

    return mode


def _probes(log: Path) -> list[str]:
    return [r for r in runs(log) if r.startswith("probe")]


def test_detection_is_cached_per_ffmpeg_binary(fake: Callable[[str], Path], tmp_path: Path) -> None:
    log = fake("works")
    ffmpeg = os.environ["NEMO_FFMPEG"]
    cache = tmp_path / "encoders.json"
    first = detect(ffmpeg, cache=cache)
    assert first["nvenc"] == Probe(True)
    assert not first["qsv"].ok and "no such device" in first["qsv"].reason
    assert working(first) == ["x264", "nvenc"]
    tried = len(_probes(log))
    assert sorted(_probes(log)) == ["probe h264_amf", "probe h264_qsv", "probe nvenc"]
    assert first["vaapi"] == Probe(
        False, f"no GPU device: none of {encoder_probe.DEVICE_NODES['vaapi'][0]}"
    )
    assert detect(ffmpeg, cache=cache) == first
    assert len(_probes(log)) == tried  # the second answer came from the cache
    # The same binary changed (a new ffmpeg): asked again.
    later = time.time() + 5
    os.utime(ffmpeg, (later, later))
    fake("absent")
    assert detect(ffmpeg, cache=cache)["nvenc"] == Probe(False, "Cannot load libcuda.so.1")
    assert len(_probes(log)) > tried
    stored = json.loads(cache.read_text())
    assert stored["version"] == 1 and len(stored["binaries"]) == 2


def test_a_corrupt_detection_cache_is_probed_again(
    fake: Callable[[str], Path], tmp_path: Path
) -> None:
    log = fake("works")
    cache = tmp_path / "encoders.json"
    cache.write_text("{not json")
    assert detect(os.environ["NEMO_FFMPEG"], cache=cache)["nvenc"].ok
    assert _probes(log) and json.loads(cache.read_text())["version"] == 1


@pytest.mark.slow
def test_a_probe_that_hangs_is_killed_and_counts_as_not_working(
    fake: Callable[[str], Path],
) -> None:
    log = fake("hangs")
    found = run_probes(os.environ["NEMO_FFMPEG"], ["nvenc", "qsv"], timeout=3)
    assert found["nvenc"] == Probe(False, "no answer within 3 s")
    assert not found["qsv"].ok
    (pid,) = pids(log, "probe nvenc")
    with pytest.raises(ProcessLookupError):  # killed and reaped: no such process any more
        os.kill(pid, 0)


def test_asking_for_an_encoder_that_does_not_work_names_those_that_do(
    fake: Callable[[str], Path], tmp_path: Path
) -> None:
    fake("absent")
    with pytest.raises(EncoderUnavailable) as caught:
        choose("nvenc", os.environ["NEMO_FFMPEG"], cache=tmp_path / "e.json")
    assert caught.value.exit_code == 2
    assert caught.value.message == (
        "The nvenc encoder does not work on this machine (Cannot load libcuda.so.1)."
    )
    assert caught.value.hint is not None and caught.value.hint.startswith("Working here: x264.")
    assert choose("auto", os.environ["NEMO_FFMPEG"], cache=tmp_path / "e.json").name == "x264"
    assert choose("x264", "/nonexistent/ffmpeg").name == "x264"  # x264 needs no probe


# ---------------------------------------------------------------- the fallback, as values


@pytest.mark.parametrize(
    ("code", "command", "retried"),
    [
        ("render_failed", ("ffmpeg", "-c:v", "h264_nvenc", "x.mp4"), True),
        ("render_failed", (), True),  # the check of the result (no ffmpeg command)
        ("render_failed", ("ffmpeg", "-c:a", "aac", "-vn", "s.m4a"), False),  # the sound pass
        ("disk_full", ("ffmpeg", "-c:v", "h264_nvenc", "x.mp4"), False),
    ],
)
def test_which_failures_fall_back(code: str, command: tuple[str, ...], retried: bool) -> None:
    error = RenderError("The render failed: ffmpeg exited with code 1.", code=code)
    error.command = command
    assert encoder_failed(error, encoding_for("nvenc")) is retried
    assert encoder_failed(error, encoding_for("x264")) is False


def test_the_fallback_runs_again_with_x264_and_says_so() -> None:
    tried: list[str] = []

    def attempt(enc: Encoding) -> str:
        tried.append(enc.name)
        if enc.hardware:
            error = RenderError(
                "The render failed: ffmpeg exited with code 1. Its last lines:\n  gone"
            )
            error.command = ("ffmpeg", *enc.options)
            raise error
        return "file"

    notes: list[str] = []
    result, used = with_fallback(attempt, encoding_for("nvenc", "low"), "low", notes)
    assert (result, used.name, used.options, tried) == (
        "file",
        "x264",
        encoding_for("x264", "low").options,
        ["nvenc", "x264"],
    )
    assert notes == ["The nvenc encoder failed part-way (gone); the video was encoded with x264."]


# ---------------------------------------------------------------- end to end, the CLI


def _session(nemo: Callable[..., Result], tmp_path: Path, isolated_home: Path) -> str:
    """A local session of two 1 s 320x240 clips in a 320x180 frame (re-encoded: no copy)."""
    a = make_clip(tmp_path / "media" / "a.mp4", seconds=1.0)
    b = make_clip(tmp_path / "media" / "b.mp4", seconds=1.0, tone=660)
    done = nemo("--backend", "local", "--json", "upload", str(a), str(b))
    assert done.code == 0, done
    sid = json.loads(done.out)["session_id"]
    said = nemo("--backend", "local", "say", "combine my clips")
    assert said.code == 0, said
    store = SessionStore(isolated_home / "data" / "nemo" / "sessions")
    with store.edit(sid) as session:
        frame = replace(session.timeline.frame, width=320, height=180)
        session.timeline = replace(session.timeline, frame=frame)
    return sid


def _export(nemo: Callable[..., Result], out: Path, *args: str) -> Result:
    return nemo("--backend", "local", "export", "-o", str(out), "--quality", "low", *args)


def _whole(path: Path) -> None:
    assert probe(path).video_codec == "h264"
    report = verify(path, FF)
    assert report.ok, report.problems
    assert abs(report.duration - 2.0) < 0.05


@pytest.mark.slow
def test_auto_uses_a_working_gpu_encoder_and_the_cache_knows_it(
    nemo: Callable[..., Result],
    fake: Callable[[str], Path],
    tmp_path: Path,
    isolated_home: Path,
) -> None:
    log = fake("works")
    _session(nemo, tmp_path, isolated_home)
    done = _export(nemo, tmp_path / "gpu.mp4", "--json")
    assert done.code == 0, done
    assert json.loads(done.out)["encoder"] == "nvenc"
    _whole(tmp_path / "gpu.mp4")
    assert runs(log).count("render nvenc") == 2  # both segments, on the "GPU"
    assert "render x264" not in runs(log)
    probes = len(_probes(log))

    # Again, unchanged: the segments and the detection come from the cache.
    again = _export(nemo, tmp_path / "again.mp4")
    assert again.code == 0, again
    assert f"Saved {tmp_path / 'again.mp4'} (" in again.out
    assert ", nvenc; every clip's picture from the render cache)" in again.out
    assert len(_probes(log)) == probes and runs(log).count("render nvenc") == 2

    # libx264 asked for: its segments have keys of their own, so they are encoded.
    cpu = _export(nemo, tmp_path / "cpu.mp4", "--encoder", "x264", "--json")
    assert cpu.code == 0, cpu
    assert json.loads(cpu.out)["encoder"] == "x264"
    assert runs(log).count("render x264") == 2
    _whole(tmp_path / "cpu.mp4")


@pytest.mark.slow
def test_a_gpu_encoder_that_breaks_mid_render_falls_back_to_x264(
    nemo: Callable[..., Result],
    fake: Callable[[str], Path],
    tmp_path: Path,
    isolated_home: Path,
) -> None:
    log = fake("breaks")
    _session(nemo, tmp_path, isolated_home)
    folder = tmp_path / "out"
    folder.mkdir()
    done = _export(nemo, folder / "v.mp4", "--json")
    assert done.code == 0, done
    reply = json.loads(done.out)
    assert reply["encoder"] == "x264"
    assert reply["notes"] == [
        "The nvenc encoder failed part-way (OpenEncodeSessionEx failed: out of memory (10)); "
        "the video was encoded with x264."
    ]
    tried = [r for r in runs(log) if r.startswith("render")]
    assert tried == ["render nvenc", "render x264", "render x264"]  # the first segment failed
    assert [p.name for p in folder.iterdir()] == ["v.mp4"]  # nothing partial left behind
    _whole(folder / "v.mp4")

    # Not remembered (a GPU busy with other programs may work next time): tried again, and
    # the x264 segments come from the cache.
    shown = _export(nemo, folder / "w.mp4", "--encoder", "auto")
    assert shown.code == 0, shown
    assert "! The nvenc encoder failed part-way (OpenEncodeSessionEx failed" in shown.out
    saved = rf"✓ Saved {re.escape(str(folder / 'w.mp4'))} \(\d+\.\d MB, x264; every clip's"
    assert re.search(saved, " ".join(shown.out.split())), shown.out
    assert [r for r in runs(log) if r.startswith("render")] == [*tried, "render nvenc"]


@pytest.mark.slow
def test_an_encoder_that_does_not_work_here_is_a_usage_error(
    nemo: Callable[..., Result],
    fake: Callable[[str], Path],
    tmp_path: Path,
    isolated_home: Path,
) -> None:
    fake("absent")
    _session(nemo, tmp_path, isolated_home)
    asked = _export(nemo, tmp_path / "v.mp4", "--encoder", "nvenc")
    assert asked.code == 2, asked
    assert (
        "The nvenc encoder does not work on this machine (Cannot load libcuda.so.1)." in asked.err
    )
    assert "Working here: x264." in asked.err
    assert not (tmp_path / "v.mp4").exists()
    # The config's choice is the default; auto takes what works.
    assert nemo("config", "set", "encoder", "nvenc").code == 0
    assert _export(nemo, tmp_path / "v.mp4").code == 2
    assert nemo("config", "set", "encoder", "auto").code == 0
    done = _export(nemo, tmp_path / "v.mp4", "--json")
    assert done.code == 0, done
    assert json.loads(done.out)["encoder"] == "x264"


def test_a_bad_encoder_is_a_one_line_usage_error(nemo: Callable[..., Result]) -> None:
    bad = nemo("config", "set", "encoder", "gpu")
    assert bad.code == 2
    assert (
        bad.err.strip()
        == "Error: Setting 'encoder' takes one of: auto, x264, nvenc, qsv, vaapi, amf."
    )
    assert nemo("config", "set", "encoder", "qsv").code == 0
    shown = nemo("--json", "config", "show")
    assert json.loads(shown.out)["settings"]["encoder"] == "qsv"
    flag = nemo("--backend", "local", "export", "-o", "x.mp4", "--encoder", "cuda")
    assert flag.code == 2, flag
    assert "Unknown encoder 'cuda'." in flag.err


def test_a_bad_encoder_in_the_config_file_is_named(
    nemo: Callable[..., Result], isolated_home: Path
) -> None:
    config = isolated_home / "config" / "nemo" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('encoder = "cuda"\n')
    from nemo_cli.actions import export_encoder
    from nemo_cli.env import Env

    with pytest.raises(UsageError) as caught:
        export_encoder(Env(), None)
    assert caught.value.message == "Unknown encoder 'cuda' (config encoder)."
    assert export_encoder(Env(), "AMF") == "amf"
