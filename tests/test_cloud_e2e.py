"""The cloud backend end to end against the emulator (a real HTTP server on 127.0.0.1): through
the real CLI (``python -m nemo_cli`` in a subprocess) where a user would meet each error, and
in-process for the chat stream and the upload's memory use.

Every error code and HTTP status of CONTRACT.md's table, and each network fault, is checked
for its exit code and its one-line message (plus hint)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run_nemo
from emulator import Emulator
from mediagen import make_clip

from nemo_cli.backends.base import Done, DraftChanged, ErrorEvent, Heartbeat, TextDelta
from nemo_cli.backends.cloud.backend import CloudBackend
from nemo_cli.config import Paths
from nemo_cli.env import Env

FAST = {"NEMO_WAIT_SCALE": "0"}
REGISTER = "https://nemovideo.com/register?bind="
CLIP_DRAFT = {
    "t": [{"tt": 0, "sg": [{"n": "city.mp4", "st": 0, "d": 2000}]}],
    "d": 2000,
    "m": {"width": 1920, "height": 1080},
}


def run(cloud_env: dict[str, str], *args: str, token: str | None = None, **extra: str) -> Result:
    env = {**cloud_env, **FAST, **extra}
    if token:
        env["NEMO_TOKEN"] = token
    result = run_nemo(*args, env=env)
    if token:
        assert token not in result.out + result.err
    return result


def lines(result: Result) -> list[str]:
    return result.err.splitlines()


def creds_file(home: Path) -> Path:
    return home / "config" / "nemo" / "credentials.json"


def sessions_file(home: Path) -> Path:
    return home / "state" / "nemo" / "sessions.json"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 2 s 320x240 MP4 made with the packaged ffmpeg."""
    return make_clip(tmp_path_factory.mktemp("media") / "city.mp4", 2.0)


@pytest.fixture
def token(emulator: Emulator) -> str:
    return emulator.seed_token()


@pytest.fixture
def login_token(emulator: Emulator) -> str:
    return emulator.seed_token(anonymous=False)


# ---------------------------------------------------------------- headers and tokens


def test_credits_sends_nemos_headers(
    emulator: Emulator, cloud_env: dict[str, str], token: str
) -> None:
    result = run(cloud_env, "credits", "--json", token=token, SKILL_SOURCE="clawhub")
    assert result.code == 0, result
    assert json.loads(result.out) == {
        "available": 100,
        "frozen": 0,
        "total": 100,
        "backend": "cloud",
    }
    seen = emulator.last("credits")
    assert seen.missing_headers == []
    assert (seen.header("x-skill-source"), seen.header("x-skill-platform")) == (
        "free-video-maker-in-pc",
        "clawhub",
    )
    assert seen.header("user-agent").startswith("nemo-cli/")
    assert seen.header("authorization") == f"Bearer {token}"


@pytest.mark.slow
def test_a_starter_token_is_fetched_once_and_cached(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    assert run(cloud_env, "credits").code == 0
    assert run(cloud_env, "credits").code == 0
    (anon,) = emulator.requests_to("anonymous-token")
    assert anon.header("authorization") is None
    saved = json.loads(creds_file(isolated_home).read_text())
    assert anon.header("x-client-id") == saved["client_id"]
    assert saved["kind"] == "anonymous" and saved["user_id"].startswith("anon_")
    assert oct(creds_file(isolated_home).stat().st_mode & 0o777) == "0o600"
    assert [r.header("authorization") for r in emulator.requests_to("credits")] == [
        f"Bearer {saved['token']}"
    ] * 2


def test_an_expired_starter_token_is_renewed_silently(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path
) -> None:
    assert run(cloud_env, "login").code == 0
    old = json.loads(creds_file(isolated_home).read_text())["token"]
    emulator.expire_token(old)
    result = run(cloud_env, "credits", "--json")
    assert result.code == 0, result
    new = json.loads(creds_file(isolated_home).read_text())["token"]
    assert new != old
    assert [r.status for r in emulator.requests_to("credits")] == [401, 200]


def test_a_rejected_nemo_token_is_an_auth_error(cloud_env: dict[str, str]) -> None:
    result = run(cloud_env, "credits", token="nmv_usr_notreal")
    assert (result.code, lines(result)) == (
        3,
        [
            "Error: The cloud rejected the token in NEMO_TOKEN.",
            "Check or unset NEMO_TOKEN; without it nemo uses your saved token or a free starter"
            " token.",
        ],
    )


def test_a_rejected_login_token_is_never_swapped(
    emulator: Emulator, cloud_env: dict[str, str], login_token: str, isolated_home: Path
) -> None:
    assert run(cloud_env, "login", "--token", login_token).code == 0
    emulator.fail("credits", code=1001)
    result = run(cloud_env, "credits")
    assert (result.code, lines(result)[0]) == (
        3,
        "Error: The cloud rejected the token saved by `nemo login`.",
    )
    assert emulator.requests_to("anonymous-token") == []
    assert json.loads(creds_file(isolated_home).read_text())["token"] == login_token


def test_missing_client_id_answer_gets_a_new_id(
    emulator: Emulator, cloud_env: dict[str, str]
) -> None:
    emulator.fail("anonymous-token", status=400, message="X-Client-Id header is required")
    result = run(cloud_env, "credits", "--json")
    assert result.code == 0, result
    first, second = emulator.requests_to("anonymous-token")
    assert first.header("x-client-id") != second.header("x-client-id")


# ---------------------------------------------------------------- the contract's error table

CREDITS_FAILURES = [
    (
        {"status": 429, "retry_after": 0, "times": 2},
        6,
        [
            "Error: The cloud is rate-limiting requests (HTTP 429).",
            "Wait a minute, then try again.",
        ],
    ),
    (
        {"status": 503, "times": 4},
        6,
        [
            "Error: The cloud server failed (HTTP 503): Service Unavailable",
            "Try again in a few minutes; --backend local works offline.",
        ],
    ),
    (
        {"status": 500, "shape": "success", "message": "boom", "times": 4},
        6,
        [
            "Error: The cloud server failed (HTTP 500): boom",
            "Try again in a few minutes; --backend local works offline.",
        ],
    ),
    ({"status": 401}, 3, ["Error: The cloud rejected the token in NEMO_TOKEN."]),
    ({"code": 1001, "shape": "success"}, 3, ["Error: The cloud rejected the token in NEMO_TOKEN."]),
]


@pytest.mark.parametrize(("fault", "exit_code", "expected"), CREDITS_FAILURES)
def test_credits_failures(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    fault: dict[str, Any],
    exit_code: int,
    expected: list[str],
) -> None:
    emulator.fail("credits", **fault)
    result = run(cloud_env, "credits", token=token)
    assert result.code == exit_code, result
    assert lines(result)[: len(expected)] == expected


@pytest.mark.parametrize("fault", [{"status": 429, "retry_after": 0}, {"status": 502, "times": 3}])
def test_credits_recovers_from_one_429_or_a_few_5xx(
    emulator: Emulator, cloud_env: dict[str, str], token: str, fault: dict[str, Any]
) -> None:
    emulator.fail("credits", **fault)
    result = run(cloud_env, "credits", "--json", token=token)
    assert result.code == 0, result
    assert json.loads(result.out)["available"] == 100


def test_json_errors(emulator: Emulator, cloud_env: dict[str, str], token: str) -> None:
    emulator.fail("credits", status=429, retry_after=0, times=2)
    result = run(cloud_env, "credits", "--json", token=token)
    assert (result.code, result.out) == (6, "")
    assert json.loads(result.err) == {
        "error": {
            "code": "rate_limited",
            "message": "The cloud is rate-limiting requests (HTTP 429).",
            "exit_code": 6,
            "hint": "Wait a minute, then try again.",
        }
    }


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["code", "success"])
def test_no_credits_shows_the_register_link_to_anonymous_users(
    emulator: Emulator, cloud_env: dict[str, str], isolated_home: Path, clip: Path, shape: str
) -> None:
    assert run(cloud_env, "login").code == 0
    user = json.loads(creds_file(isolated_home).read_text())["user_id"]
    emulator.fail("upload", code=2001, shape=shape)
    result = run(cloud_env, "upload", str(clip))
    assert (result.code, lines(result)) == (
        4,
        [
            "Error: You are out of cloud credits.",
            f"Register to keep your work and get more credits: {REGISTER}{user}",
        ],
    )


def test_no_credits_tells_registered_users_to_top_up(
    emulator: Emulator, cloud_env: dict[str, str], login_token: str, clip: Path
) -> None:
    assert run(cloud_env, "login", "--token", login_token).code == 0
    emulator.fail("upload", code=2001)
    result = run(cloud_env, "upload", str(clip))
    assert (result.code, lines(result)) == (
        4,
        [
            "Error: You are out of cloud credits.",
            "Top up credits in your account.",
        ],
    )


UPLOAD_REFUSALS = [
    (
        {"code": 4001},
        [
            "Error: The cloud does not accept city.mp4: unsupported format.",
            "Supported formats: mp4 mov avi webm mkv jpg png gif webp mp3 wav m4a aac.",
        ],
    ),
    (
        {"code": 4001, "shape": "success"},
        ["Error: The cloud does not accept city.mp4: unsupported format."],
    ),
    (
        {"code": 4002},
        [
            "Error: city.mp4 is too large for the cloud (the limit is 500 MB a file).",
            "Compress or trim it first, or use --backend local (no size limit).",
        ],
    ),
    (
        {"code": 4002, "shape": "success"},
        ["Error: city.mp4 is too large for the cloud (the limit is 500 MB a file)."],
    ),
]


@pytest.mark.parametrize(("fault", "expected"), UPLOAD_REFUSALS)
def test_upload_refused_by_the_server(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    clip: Path,
    fault: dict[str, Any],
    expected: list[str],
) -> None:
    emulator.fail("upload", **fault)
    result = run(cloud_env, "upload", str(clip), token=token)
    assert result.code == 5, result
    assert lines(result)[: len(expected)] == expected


def test_upload_streams_the_file(
    emulator: Emulator, cloud_env: dict[str, str], token: str, clip: Path
) -> None:
    result = run(cloud_env, "upload", str(clip), "--json", token=token)
    assert result.code == 0, result
    (sent,) = emulator.requests_to("upload")
    import hashlib

    assert [(f["filename"], f["size"], f["sha256"]) for f in sent.files] == [
        ("city.mp4", clip.stat().st_size, hashlib.sha256(clip.read_bytes()).hexdigest())
    ]
    assert sent.header("transfer-encoding") is None  # the length is known: not chunked
    assert json.loads(result.out)["files"][0]["filename"] == "city.mp4"


def test_a_lost_session_is_replaced_and_the_user_told(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    result = run(cloud_env, "--session", "424242", "session", "show", token=token)
    assert result.code == 0, result
    new = json.loads(sessions_file(isolated_home).read_text())["cloud"]
    assert new != "424242"
    assert lines(result) == [
        f"Note: The cloud session 424242 no longer exists; started a new one ({new}) and made "
        "it current."
    ]


@pytest.mark.parametrize("shape", ["code", "success", "detail"])
def test_a_session_lost_twice_is_an_error(
    emulator: Emulator, cloud_env: dict[str, str], token: str, shape: str
) -> None:
    emulator.fail("state", code=1002, shape=shape, message="Session not found: 1", times=2)
    result = run(cloud_env, "--session", "1", "session", "show", token=token)
    assert (result.code, lines(result)[-2:]) == (
        6,
        [
            "Error: The cloud does not know this session.",
            "Start a new one with: nemo session new",
        ],
    )


# ---------------------------------------------------------------- network faults


def test_connection_refused(cloud_env: dict[str, str]) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(cloud_env, "credits", token="nmv_usr_x", NEMO_API_BASE=f"http://127.0.0.1:{port}")
    assert (result.code, lines(result)) == (
        6,
        [
            f"Error: Cannot reach the cloud at 127.0.0.1:{port}: connection refused.",
            "Check your connection (and NEMO_API_BASE); --backend local works offline.",
        ],
    )


@pytest.mark.slow
def test_timeout(emulator: Emulator, cloud_env: dict[str, str], token: str) -> None:
    emulator.stall("credits", 30)
    result = run(cloud_env, "credits", token=token, NEMO_HTTP_TIMEOUT="0.5")
    host = emulator.base_url.removeprefix("http://")
    assert (result.code, lines(result)[0]) == (
        6,
        f"Error: The cloud at {host} did not answer in time.",
    )


def test_connection_reset(emulator: Emulator, cloud_env: dict[str, str], token: str) -> None:
    emulator.misbehave("credits", drop_after_bytes=5)
    result = run(cloud_env, "credits", token=token)
    host = emulator.base_url.removeprefix("http://")
    assert (result.code, lines(result)[0]) == (
        6,
        f"Error: The connection to the cloud at {host} was reset.",
    )


# ---------------------------------------------------------------- export


@pytest.fixture
def ready(emulator: Emulator, token: str) -> str:
    """A session with a clip on its timeline."""
    sid = emulator.create_session(token)
    emulator.set_draft(sid, CLIP_DRAFT)
    return sid


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["data", "output"])
def test_export_downloads_the_render(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    ready: str,
    tmp_path: Path,
    shape: str,
) -> None:
    emulator.configure(render_poll_shape=shape)
    out = tmp_path / "out" / "v.mp4"
    out.parent.mkdir()
    result = run(cloud_env, "--session", ready, "export", "-o", str(out), token=token)
    assert result.code == 0, result
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == ["v.mp4"]  # no temporary left
    (submitted,) = emulator.requests_to("render-submit")
    assert submitted.json["sessionId"] == ready and submitted.json["draft"] == CLIP_DRAFT
    assert all(r.header("authorization") is None for r in emulator.cdn.requests)


def test_export_resumes_a_dropped_download(
    emulator: Emulator, cloud_env: dict[str, str], token: str, ready: str, tmp_path: Path
) -> None:
    emulator.cdn.drop(1000)
    out = tmp_path / "v.mp4"
    result = run(cloud_env, "--session", ready, "export", "-o", str(out), token=token)
    assert result.code == 0, result
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert [r.header("range") for r in emulator.cdn.requests] == [None, "bytes=1000-"]


EXPORT_FAILURES = [
    (
        "render-submit",
        {"status": 402},
        4,
        ["Error: Register or upgrade your plan to unlock export."],
    ),
    ("render-submit", {"code": 2001}, 4, ["Error: You are out of cloud credits."]),
    ("render-poll", {"status": 404, "message": "Render not found"}, 7, None),
]


@pytest.mark.parametrize(("endpoint", "fault", "exit_code", "expected"), EXPORT_FAILURES)
def test_export_failures(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    ready: str,
    tmp_path: Path,
    endpoint: str,
    fault: dict[str, Any],
    exit_code: int,
    expected: list[str] | None,
) -> None:
    emulator.fail(endpoint, **fault)
    result = run(
        cloud_env, "--session", ready, "export", "-o", str(tmp_path / "v.mp4"), token=token
    )
    assert result.code == exit_code, result
    if expected:
        assert lines(result)[: len(expected)] == expected
    assert not (tmp_path / "v.mp4").exists()


def test_a_failed_render(
    emulator: Emulator, cloud_env: dict[str, str], token: str, ready: str, tmp_path: Path
) -> None:
    emulator.fail_render("Render failed: out of GPU memory")
    result = run(
        cloud_env, "--session", ready, "export", "-o", str(tmp_path / "v.mp4"), token=token
    )
    assert (result.code, lines(result)[0]) == (
        7,
        "Error: The cloud render failed: Render failed: out of GPU memory",
    )


@pytest.mark.slow
def test_ctrl_c_while_polling_then_resume(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    ready: str,
    tmp_path: Path,
    isolated_home: Path,
) -> None:
    emulator.configure(render_polls=100_000)
    out = tmp_path / "v.mp4"
    env = {**os.environ, **cloud_env, **FAST, "NEMO_TOKEN": token}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nemo_cli", "--session", ready, "export", "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    renders = isolated_home / "state" / "nemo" / "renders.json"
    while len(emulator.requests_to("render-poll")) < 2:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    (entry,) = json.loads(renders.read_text())["cloud"]
    rid = entry["id"]
    assert proc.returncode == 130, err
    assert f"nemo export --resume --render-id {rid}" in err
    assert not out.exists()

    emulator.render(rid).polls_to_complete = 1
    result = run(cloud_env, "export", "--resume", "-o", str(out), token=token)
    assert result.code == 0, result
    assert out.read_bytes() == emulator.cdn.render_bytes()
    assert json.loads(renders.read_text())["cloud"] == []


@pytest.mark.slow
def test_cancel_a_pending_render(
    emulator: Emulator, cloud_env: dict[str, str], token: str, ready: str, isolated_home: Path
) -> None:
    sid_backend = _backend(isolated_home, cloud_env, token)
    rid = sid_backend.renders.submit(ready, CLIP_DRAFT, _request(isolated_home / "x.mp4"))
    sid_backend.close()
    result = run(cloud_env, "export", "--cancel", token=token)
    assert result.code == 0, result
    assert emulator.last("render-cancel").path.endswith(f"/{rid}/cancel")
    assert rid in result.out


# ---------------------------------------------------------------- chat through `nemo say`


@pytest.fixture
def chat_session(emulator: Emulator, token: str, isolated_home: Path) -> str:
    sid = emulator.create_session(token)
    sessions_file(isolated_home).parent.mkdir(parents=True, exist_ok=True)
    sessions_file(isolated_home).write_text(json.dumps({"cloud": sid}))
    return sid


def test_say_survives_a_dropped_stream_when_the_edit_completed(
    emulator: Emulator, cloud_env: dict[str, str], token: str, chat_session: str
) -> None:
    emulator.drop_stream(1)
    result = run(cloud_env, "say", "add a title 'Urban Dreams'", token=token)
    assert (result.code, result.err) == (0, ""), result
    assert 'Added title "Urban Dreams" at 0-3s' in result.out
    assert len(emulator.requests_to("state")) == 2  # before, and once after the drop


def test_say_reports_a_dropped_stream_when_nothing_changed(
    emulator: Emulator, cloud_env: dict[str, str], token: str, chat_session: str
) -> None:
    emulator.drop_stream(0)
    result = run(cloud_env, "say", "hello", token=token)
    host = emulator.base_url.removeprefix("http://")
    assert (result.code, lines(result)[-2:]) == (
        6,
        [
            f"Error: The connection to the cloud at {host} was reset, and the timeline did not "
            "change.",
            "Send the message again (nemo keeps the session).",
        ],
    )
    assert len(emulator.requests_to("state")) == 1 + 5  # before, then five looks


def test_say_without_credits(
    emulator: Emulator, cloud_env: dict[str, str], token: str, chat_session: str
) -> None:
    emulator.fail("run_sse", code=2001)
    result = run(cloud_env, "say", "combine my clips", token=token)
    assert (result.code, lines(result)[0]) == (4, "Error: You are out of cloud credits.")


def test_say_on_a_lost_session(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    result = run(cloud_env, "--session", "5555", "say", "hello", token=token)
    assert result.code == 0, result
    new = emulator.last("run_sse").json["session_id"]
    assert lines(result) == [
        f"Note: The cloud session 5555 no longer exists; started a new one ({new}) and made it "
        "current."
    ]
    assert json.loads(sessions_file(isolated_home).read_text())["cloud"] == new


def test_say_json_names_the_session_that_replaced_a_lost_one(
    emulator: Emulator, cloud_env: dict[str, str], token: str
) -> None:
    result = run(cloud_env, "--session", "5555", "say", "hello", "--json", token=token)
    assert result.code == 0, result
    new = emulator.last("run_sse").json["session_id"]
    assert new != "5555"
    assert json.loads(result.out)["session_id"] == new


@pytest.mark.parametrize(
    ("fault", "exit_code", "first_line"),
    [
        (
            {"status": 422, "shape": "detail", "message": "body is malformed"},
            6,
            "Error: The cloud could not understand nemo's request (HTTP 422): body is malformed",
        ),
        (
            {"status": 429, "retry_after": 0, "times": 2},
            6,
            "Error: The cloud is rate-limiting requests (HTTP 429).",
        ),
    ],
)
def test_say_errors_before_the_stream(
    emulator: Emulator,
    cloud_env: dict[str, str],
    token: str,
    chat_session: str,
    fault: dict[str, Any],
    exit_code: int,
    first_line: str,
) -> None:
    emulator.fail("run_sse", **fault)
    result = run(cloud_env, "say", "hello", token=token)
    assert (result.code, lines(result)[0]) == (exit_code, first_line)


# ---------------------------------------------------------------- in process: chat and memory


def _backend(home: Path, cloud_env: dict[str, str], token: str | None, **extra: str) -> Any:
    environ = {**cloud_env, **FAST, **extra}
    if token:
        environ["NEMO_TOKEN"] = token
    paths = Paths(home / "config" / "nemo", home / "state" / "nemo", home / "data" / "nemo")
    import io

    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), environ=environ, paths=paths)
    return CloudBackend(env, sleep=lambda s: None)


def _request(path: Path) -> Any:
    from nemo_cli.backends.base import ExportRequest

    return ExportRequest(path)


def test_chat_over_real_sse(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    sid = emulator.create_session(token)
    emulator.add_media(sid, "city.mp4")
    emulator.add_media(sid, "park.mp4")
    backend = _backend(isolated_home, cloud_env, token)
    events = list(backend.send(sid, "combine my clips and add music at 35%"))
    backend.close()
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    done = events[-1]
    assert isinstance(done, Done) and done.text == text and text
    assert any(isinstance(e, DraftChanged) for e in events)
    assert emulator.last("run_sse").json["streaming"] is True


def test_chat_heartbeats_and_errors(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    sid = emulator.create_session(token)
    emulator.heartbeats(0.01, 0.05)
    backend = _backend(isolated_home, cloud_env, token)
    events = list(backend.send(sid, "hello"))
    assert events.count(Heartbeat()) >= 3
    emulator.model_error("SAFETY", "The request was blocked.")
    assert ErrorEvent("The request was blocked.", "SAFETY") in list(backend.send(sid, "x"))
    emulator.stream_exception("upstream quota exceeded")
    assert ErrorEvent("RuntimeError: upstream quota exceeded", "server_error") in list(
        backend.send(sid, "x")
    )
    backend.close()


def test_chat_edit_without_text(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    sid = emulator.create_session(token)
    emulator.add_media(sid, "city.mp4")
    emulator.no_text()
    backend = _backend(isolated_home, cloud_env, token)
    events = list(backend.send(sid, "combine my clips"))
    backend.close()
    assert not any(isinstance(e, TextDelta) for e in events)
    changed = [e for e in events if isinstance(e, DraftChanged)]
    assert len(changed) == 1 and changed[0].changes
    assert events[-1] == Done("", events[-1].tool_calls)


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_chat_drop_mid_stream_and_the_edit_completed(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path, framing: str
) -> None:
    emulator.configure(sse_framing=framing)
    sid = emulator.create_session(token)
    emulator.add_media(sid, "city.mp4")
    emulator.drop_stream(2)
    backend = _backend(isolated_home, cloud_env, token)
    events = list(backend.send(sid, "combine my clips"))
    backend.close()
    assert any(isinstance(e, DraftChanged) for e in events)
    assert isinstance(events[-1], Done)


def test_chat_on_a_lost_session(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path
) -> None:
    backend = _backend(isolated_home, cloud_env, token)
    notices: list[str] = []
    backend.notify = notices.append
    events = list(backend.send("999999", "hello"))
    backend.close()
    assert isinstance(events[-1], Done)
    new = emulator.last("run_sse").json["session_id"]
    assert notices == [
        f"The cloud session 999999 no longer exists; started a new one ({new}) and made it current."
    ]


def test_upload_memory_stays_small(
    emulator: Emulator, cloud_env: dict[str, str], token: str, isolated_home: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.mp4"
    with open(big, "wb") as fh:
        fh.write(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    sid = emulator.create_session(token)
    backend = _backend(isolated_home, cloud_env, token)
    tracemalloc.start()
    try:
        backend.upload(sid, [str(big)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        backend.close()
    assert emulator.last("upload").files[0]["size"] == 50 * 1024 * 1024
    assert peak < 8 * 1024 * 1024
