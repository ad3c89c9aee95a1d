"""Bad input, fuzzed with Hypothesis: the SSE event decoder, the draft reader and summariser
(and the timeline picture), the router, the instruction parser and editor, the config and
state files loader, the cloud's envelopes and replies, and batch job files never raise
anything but nemo's own errors, on arbitrary bytes and arbitrary JSON (plus shapes close to
the real ones, which reach deeper). Absurdly deep nesting gets its own table.

Every run is derandomized (the same cases in CI each time) and counted: ``CASES`` is the
number each target runs, checked by ``test_every_target_ran_its_cases`` and printed at the
end of the run; docs/RELIABILITY.md lists them under "Fuzzing".
"""

from __future__ import annotations

import atexit
import contextlib
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nemo_cli.backends.base import (
    Done,
    DraftChanged,
    ErrorEvent,
    Heartbeat,
    SessionState,
    TextDelta,
    ToolActivity,
)
from nemo_cli.backends.cloud.auth import describe, starter_token
from nemo_cli.backends.cloud.backend import _draft, media_list
from nemo_cli.backends.cloud.envelope import ApiFailure, Caller, parse_envelope, to_error
from nemo_cli.backends.cloud.records import known_sessions, pending_renders
from nemo_cli.backends.cloud.render import read_poll
from nemo_cli.backends.cloud.sse import AdkDecoder, sse_payloads
from nemo_cli.backends.local.edit.apply import apply
from nemo_cli.backends.local.media import Media
from nemo_cli.backends.local.reply import compose_reply
from nemo_cli.backends.local.timeline import from_draft, to_draft
from nemo_cli.backends.local.understand import parse
from nemo_cli.commands.batch import load_jobs
from nemo_cli.commands.status import status_json
from nemo_cli.config import Paths, current_session, load_credentials, load_settings
from nemo_cli.draft import diff_drafts, parse_draft, summarize
from nemo_cli.errors import NemoError
from nemo_cli.router import Route, route
from nemo_cli.ui.timeline import render_timeline

# Cases per target: what CI runs (derandomized), and what docs/RELIABILITY.md reports.
CASES = {
    "sse_bytes": 300,
    "sse_events": 300,
    "draft_json": 200,
    "draft_shaped": 150,
    "router": 400,
    "parser_and_editor": 150,
    "config_files": 150,
    "config_toml": 100,
    "state_files": 200,
    "envelopes": 300,
    "cloud_replies": 300,
    "batch_files": 150,
}
RAN: Counter[str] = Counter()


def fuzz(name: str) -> Any:
    """Hypothesis settings for one target (its case count), derandomized for CI."""
    RAN[name] = 0
    return settings(
        max_examples=CASES[name],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def ran(name: str) -> None:
    RAN[name] += 1


# ---------------------------------------------------------------- strategies

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["0", "-1", "1e309", "nan", "3.5", "", "0:05", "\x1b[31m", "[bold]"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)
SEGMENT_KEYS = ["n", "name", "title", "fileName", "filename", "label", "st", "s", "start",
                "startTime", "start_ms", "offset", "d", "dur", "duration", "duration_ms", "e",
                "end", "endTime", "end_ms", "v", "vol", "volume", "tx", "text", "content",
                "caption", "src", "url", "source", "path", "cdn_url", "id", "k", "in", "sp",
                "pos", "size", "loop", "fi", "fo"]  # fmt: skip
segments = st.dictionaries(st.sampled_from(SEGMENT_KEYS), scalars | json_values, max_size=8)
tracks = st.fixed_dictionaries(
    {"tt": scalars | st.sampled_from([0, 1, 7, "0", "video", "bgm", "text", 3]),
     "sg": st.lists(segments, max_size=5) | json_values},
    optional={"n": scalars},
)  # fmt: skip
meta = st.dictionaries(
    st.sampled_from(["title", "width", "height", "aspect", "fit", "xfade", "img_d"]),
    scalars, max_size=6,
)  # fmt: skip
drafts = st.fixed_dictionaries(
    {"t": st.lists(tracks | json_values, max_size=4) | json_values},
    optional={"d": scalars, "m": meta | json_values},
)
NEMO_EVENTS = (TextDelta, ToolActivity, Heartbeat, DraftChanged, Done, ErrorEvent)


# ---------------------------------------------------------------- the SSE event decoder


def _decode(chunks: list[bytes]) -> list[object]:
    decoder = AdkDecoder()
    out: list[object] = []
    for payload in sse_payloads(chunks):
        out.extend(decoder.feed(payload))
    return out


@pytest.mark.slow
@fuzz("sse_bytes")
@given(st.lists(st.binary(max_size=300), max_size=12))
def test_the_sse_decoder_on_arbitrary_bytes(chunks: list[bytes]) -> None:
    ran("sse_bytes")
    assert all(isinstance(e, NEMO_EVENTS) for e in _decode(chunks))


parts = st.fixed_dictionaries(
    {},
    optional={
        "text": scalars,
        "thought": st.booleans(),
        "functionCall": st.fixed_dictionaries({}, optional={"name": scalars, "args": json_values})
        | json_values,
        "functionResponse": st.fixed_dictionaries({}, optional={"name": scalars}) | json_values,
    },
)
adk_events = st.fixed_dictionaries(
    {},
    optional={
        "content": st.fixed_dictionaries({}, optional={"parts": st.lists(parts | json_values,
                                                                          max_size=4) | scalars,
                                                       "role": scalars}) | json_values,
        "partial": scalars,
        "turnComplete": scalars,
        "errorCode": scalars,
        "errorMessage": scalars,
        "error": json_values,
        "actions": json_values,
    },
)  # fmt: skip
sse_lines = st.one_of(
    st.builds(lambda v: "data: " + json.dumps(v), adk_events | json_values),
    st.sampled_from(
        [": ping", "", "data:", "data: {}", "data: [", "event: x", "id: 1", "retry: 5"]
    ),
    st.text(max_size=40),
)


@pytest.mark.slow
@fuzz("sse_events")
@given(st.lists(sse_lines, max_size=15), st.sampled_from(["\n", "\r\n", "\r"]),
       st.integers(min_value=1, max_value=64))  # fmt: skip
def test_the_sse_decoder_on_arbitrary_json_events(lines: list[str], eol: str, cut: int) -> None:
    ran("sse_events")
    raw = eol.join(lines).encode("utf-8", "surrogatepass")
    chunks = [raw[i : i + cut] for i in range(0, len(raw), cut)]  # any chunking
    assert all(isinstance(e, NEMO_EVENTS) for e in _decode(chunks))


# ---------------------------------------------------------------- drafts


def _read_draft_everywhere(a: Any, b: Any) -> None:
    parsed = parse_draft(a)
    assert isinstance(summarize(parsed), str)
    assert all(isinstance(s, str) for s in diff_drafts(a, b))
    for width in (12, 80):
        render_timeline(a, width=width, summary=True)
    json.dumps(status_json("cloud", "1", SessionState("1", a if isinstance(a, dict) else None)),
               allow_nan=True)  # fmt: skip


@pytest.mark.slow
@fuzz("draft_json")
@given(json_values | st.binary(max_size=50) | st.text(max_size=50), json_values)
def test_the_draft_reader_on_arbitrary_json(a: Any, b: Any) -> None:
    ran("draft_json")
    _read_draft_everywhere(a, b)


@pytest.mark.slow
@fuzz("draft_shaped")
@given(drafts, drafts)
def test_the_draft_reader_on_draft_shaped_json(a: dict[str, Any], b: dict[str, Any]) -> None:
    ran("draft_shaped")
    _read_draft_everywhere(a, b)
    _read_draft_everywhere(json.dumps(a), b)  # the cloud may send the draft as a string


# ---------------------------------------------------------------- the router

CWD = Path(tempfile.mkdtemp(prefix="nemo-fuzz-cwd-"))  # a folder the router may look in
atexit.register(shutil.rmtree, CWD, True)
(CWD / "clip one.mp4").write_bytes(b"x")
WORDS = " ".join(
    (
        "export 导出 download send me the video credits 积分 balance status 状态 show tracks",
        "upload 上传 /help /new /quit exit and then combine add music title as a 'Q' \"R\"",
        "https://x.example/a.mp4 ~/a.mp4 ./clip\\ one.mp4 'clip one.mp4' -o out.mp4 high",
        "low 1080p , 。 ; \\ ` $ ( ) --",
    )
).split(" ")


@pytest.mark.slow
@fuzz("router")
@given(st.text(max_size=80) | st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))
def test_the_router_on_arbitrary_lines(line: str) -> None:
    ran("router")
    step: Route | None = route(line, cwd=CWD)
    while step is not None:
        assert isinstance(step, Route)
        step = step.then


# ---------------------------------------------------------------- the instruction parser

PHRASES = " ".join(
    (
        "combine merge my clips add background music at 35% title 'Urban Dreams' for the first 3",
        "seconds make it vertical square 16:9 9:16 trim clip 2 to 0:05-0:12 cut it to 30 seconds",
        "mute fade in out speed 2x crossfade undo redo reset remove clip 1 move",
        "合并 添加 音乐 标题「城市」 竖屏 前 3 秒 -5 1e400 99999999999999999999",
    )
).split(" ")


@pytest.mark.slow
@fuzz("parser_and_editor")
@given(st.text(max_size=60) | st.lists(st.sampled_from(PHRASES), max_size=12).map(" ".join),
       drafts | json_values,
       st.lists(st.fixed_dictionaries({"id": st.sampled_from(["m1", "m2", "m3"])},
                                      optional={"file_type": scalars, "duration": scalars,
                                                "filename": scalars, "path": scalars}),
                max_size=3))  # fmt: skip
def test_the_parser_and_editor_on_arbitrary_text_and_drafts(
    text: str, draft: Any, media: list[dict[str, Any]]
) -> None:
    ran("parser_and_editor")
    intents = parse(text)
    result = apply(from_draft(draft), [Media.from_json(m) for m in media], intents)
    assert isinstance(to_draft(result.timeline), dict)
    for language in ("en", "zh"):
        assert isinstance(compose_reply(result, intents, language), str)


# ---------------------------------------------------------------- config and state files


def _paths(root: Path) -> Paths:
    return Paths(root / "config", root / "state", root / "data")


def _env(paths: Paths) -> Any:
    import io

    from nemo_cli.env import Env

    return Env(stdout=io.StringIO(), stderr=io.StringIO(), environ={}, paths=paths)


def _use_config(paths: Paths) -> None:
    """Everything that reads config.toml: only nemo's errors may come out."""
    from nemo_cli.backends.cloud.http import HttpCore
    from nemo_cli.backends.select import choose
    from nemo_cli.commands import settings

    env = _env(paths)
    for step in (
        lambda: load_settings(paths),
        lambda: choose(env),
        lambda: (env.api_base, env.poll_interval, env.progress_interval),
        lambda: settings.show(env),
        # the cloud client reads api_base (only when set: an https client costs ~30 ms)
        lambda: HttpCore(env.api_base, {}).close() if "api_base" in env.settings else None,
    ):
        with contextlib.suppress(NemoError):
            step()


@pytest.mark.slow
@fuzz("config_files")
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "replace")))
def test_config_toml_of_arbitrary_bytes(raw: bytes) -> None:
    ran("config_files")
    with tempfile.TemporaryDirectory() as root:
        paths = _paths(Path(root))
        paths.config_dir.mkdir()
        paths.config_file.write_bytes(raw)
        _use_config(paths)


toml_values = st.recursive(
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
config_keys = st.sampled_from(["backend", "api_base", "language", "quality", "output_dir",
                               "poll_interval"]) | st.text(max_size=8)  # fmt: skip


@pytest.mark.slow
@fuzz("config_toml")
@given(st.dictionaries(config_keys, toml_values, max_size=6))
def test_config_toml_with_any_values(settings_: dict[str, Any]) -> None:
    import tomli_w

    ran("config_toml")
    with tempfile.TemporaryDirectory() as root:
        paths = _paths(Path(root))
        paths.config_dir.mkdir()
        paths.config_file.write_text(tomli_w.dumps(settings_))
        _use_config(paths)


@pytest.mark.slow
@fuzz("state_files")
@given(st.sampled_from(["credentials", "sessions", "renders", "cloud-sessions"]),
       st.binary(max_size=120) | json_values.map(lambda v: json.dumps(v).encode()))  # fmt: skip
def test_credentials_and_state_files_of_arbitrary_content(which: str, raw: bytes) -> None:
    ran("state_files")
    with tempfile.TemporaryDirectory() as root:
        paths = _paths(Path(root))
        target = {
            "credentials": paths.credentials_file,
            "sessions": paths.sessions_file,
            "renders": paths.renders_file,
            "cloud-sessions": paths.state_dir / "cloud-sessions.json",
        }[which]
        target.parent.mkdir(parents=True)
        target.write_bytes(raw)
        for step in (
            lambda: load_credentials(paths).expired(),
            lambda: describe(paths, {}),
            lambda: current_session(paths, "cloud"),
            lambda: pending_renders(paths).newest(),
            lambda: known_sessions(paths).all(),
        ):
            with contextlib.suppress(NemoError):
                step()
        assert target.read_bytes() == raw  # a bad file is never rewritten behind the user


# ---------------------------------------------------------------- the cloud's replies


@pytest.mark.slow
@fuzz("envelopes")
@given(st.integers(min_value=100, max_value=599),
       st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()),
       st.none() | st.text(max_size=30),
       st.sampled_from(["none", "env", "login", "anonymous"]),
       st.none() | st.text(max_size=12))  # fmt: skip
def test_envelopes_of_any_status_and_body(
    status: int, body: bytes, retry_after: str | None, kind: str, user: str | None
) -> None:
    ran("envelopes")
    try:
        parse_envelope(status, body, retry_after)
    except ApiFailure as failure:  # the retry loop's own signal, always mapped to a NemoError:
        assert isinstance(to_error(failure, Caller(kind, user)), NemoError)
        assert isinstance(to_error(failure, Caller(kind, user), starter_call=True), NemoError)


@pytest.mark.slow
@fuzz("cloud_replies")
@given(json_values | st.text(max_size=40))
def test_replies_read_defensively(data: Any) -> None:
    ran("cloud_replies")
    read_poll(data)
    media_list(data)
    _draft(data)
    with contextlib.suppress(NemoError):
        starter_token(data)


# ---------------------------------------------------------------- batch job files


@pytest.mark.slow
@fuzz("batch_files")
@given(st.sampled_from([".toml", ".json"]),
       st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
       | st.dictionaries(st.sampled_from(["job", "jobs"]), st.lists(
           st.dictionaries(st.sampled_from(["name", "files", "instructions", "output",
                                            "quality", "force"]), toml_values, max_size=6),
           max_size=3)).map(lambda d: __import__("tomli_w").dumps(d).encode()))  # fmt: skip
def test_batch_job_files_of_arbitrary_content(suffix: str, raw: bytes) -> None:
    ran("batch_files")
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / f"jobs{suffix}"
        path.write_bytes(raw)
        with contextlib.suppress(NemoError):
            load_jobs(path)


# ---------------------------------------------------------------- deep nesting


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


DEEP = 100_000  # far past Python's recursion limit


@pytest.mark.parametrize("target", ["config", "credentials", "sessions", "renders"])
def test_absurdly_deep_files_are_corrupt_files(tmp_path: Path, target: str) -> None:
    paths = _paths(tmp_path)
    paths.config_dir.mkdir()
    paths.state_dir.mkdir()
    path, read = {
        "config": (paths.config_file, lambda: load_settings(paths)),
        "credentials": (paths.credentials_file, lambda: load_credentials(paths)),
        "sessions": (paths.sessions_file, lambda: current_session(paths, "cloud")),
        "renders": (paths.renders_file, lambda: pending_renders(paths).all()),
    }[target]
    path.write_text(f"a = {_deep(DEEP)}" if target == "config" else _deep(DEEP))
    with pytest.raises(NemoError) as caught:
        read()
    assert caught.value.message.startswith("The ") and str(path) in caught.value.message
    assert "corrupt" in caught.value.message


def test_absurdly_deep_replies_are_not_json() -> None:
    with pytest.raises(ApiFailure) as caught:
        parse_envelope(200, _deep(DEEP).encode())
    assert caught.value.message == "The reply was not JSON."
    decoder = AdkDecoder()
    assert decoder.feed(_deep(DEEP)) == [] and decoder.malformed == 1
    assert _draft(_deep(DEEP)) is None and parse_draft(_deep(DEEP)).tracks == []


def test_an_absurdly_deep_job_file(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(_deep(DEEP))
    with pytest.raises(NemoError) as caught:
        load_jobs(path)
    assert caught.value.message.startswith(f"The job file {path} is not valid")


# ---------------------------------------------------------------- the count


def test_every_target_ran_its_cases(capsys: pytest.CaptureFixture[str]) -> None:
    """Each target that ran in this session ran exactly its cases; the total is printed."""
    done = {name: count for name, count in RAN.items() if count}
    assert done == {name: CASES[name] for name in done}
    if done:
        with capsys.disabled():
            print(f"\nfuzz: {sum(done.values())} Hypothesis cases over {len(done)} targets "
                  f"in {Path(__file__).name}")  # fmt: skip
