"""`nemo say TEXT` through the real CLI, against the cloud emulator (and piped chat)."""

from __future__ import annotations

import json
from typing import Any

import pytest

GREETING = (
    "Hi! I'm your video editing assistant. I can combine your clips, add background music "
    '(for example "add music at 35%") or put a title on your video (for example '
    "title 'My Trip'). What would you like to do?"
)


@pytest.fixture
def cloud(emulator: Any, cloud: tuple[dict[str, str], str]) -> tuple[dict[str, str], str]:
    """The shared ``cloud`` session, holding one 10-second clip."""
    emulator.add_media(cloud[1], "city.mp4", duration=10.0)
    return cloud


def test_say_streams_the_reply(nemo: Any, cloud: tuple[dict[str, str], str]) -> None:
    env, sid = cloud
    result = nemo("--session", sid, "say", "hello", env=env)
    assert (result.code, result.out, result.err) == (0, GREETING + "\n", "")


def test_say_edit_translates_gui_words(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    result = nemo("--session", sid, "say", "combine my clips and add music at 35%", env=env)
    assert result.code == 0, result
    assert result.out == (
        "I've put your clip on the timeline (10 seconds). I added background music "
        "(Lo-fi Chill) at 35% volume. Run `nemo export` to download.\n"
    )
    assert emulator.session_messages(sid) == ["combine my clips and add music at 35%"]


def test_say_json_is_one_object(nemo: Any, cloud: tuple[dict[str, str], str]) -> None:
    env, sid = cloud
    result = nemo(
        "--session", sid, "say", "--json", "combine my clips, title 'Urban Dreams'", env=env
    )
    assert result.code == 0, result
    assert json.loads(result.out) == {
        "reply": "I've put your clip on the timeline (10 seconds). I added the title "
        '"Urban Dreams" for the first 3 seconds. Run `nemo export` to download.',
        "tool_calls": ["merge_clips", "add_text"],
        "draft_changed": True,
        "changes": [
            "Added clip 'city.mp4' at 0-10s",
            'Added title "Urban Dreams" at 0-3s',
        ],
        "session_id": sid,
    }
    assert result.err == ""


def test_say_without_text_in_the_reply_says_what_changed(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.no_text()
    result = nemo("--session", sid, "say", "add music at 20%", env=env)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Added music 'Lo-fi Chill' to 0-10s at 20%\n"
        "Timeline (1 track): 1. BGM: Lo-fi Chill (0-10s, 20%)\n"
    )


def test_model_error_in_the_stream(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.model_error("SAFETY", "The request was blocked.")
    result = nemo("--session", sid, "say", "add music", env=env)
    assert (result.code, result.out) == (6, "")
    assert result.err == "Error: The request was blocked.\n"


def test_server_exception_in_the_stream_json(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.stream_exception("upstream quota exceeded")
    result = nemo("--session", sid, "--json", "say", "add music", env=env)
    assert result.code == 6
    assert json.loads(result.out)["reply"] == ""
    error = json.loads(result.err)["error"]
    assert error["code"] == "agent_error"
    assert "upstream quota exceeded" in error["message"]


@pytest.mark.slow
def test_heartbeats_show_still_working(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.heartbeats(every=0.1, duration=1.5)
    result = nemo("--session", sid, "say", "hello", env={**env, "NEMO_PROGRESS_INTERVAL": "0.4"})
    assert (result.code, result.out) == (0, GREETING + "\n")
    notices = result.err.splitlines()
    assert notices and set(notices) == {"Still working..."}


def test_dropped_stream_with_the_edit_done_server_side(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.drop_stream(after_events=1)  # the edit still happens on the server
    result = nemo("--session", sid, "say", "add music at 35%", env=env)
    assert result.code == 0, result
    assert result.out.endswith("Timeline (1 track): 1. BGM: Lo-fi Chill (0-10s, 35%)\n")
    assert "Added music 'Lo-fi Chill' to 0-10s at 35%\n" in result.out


def test_dropped_stream_without_an_edit_fails_clearly(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.drop_stream(after_events=0)
    result = nemo("--session", sid, "say", "hello", env=env)
    assert result.code == 6
    assert result.err.startswith("Error: ")
    assert "Traceback" not in result.err


def test_markup_and_escapes_from_the_server_are_harmless(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    emulator.long_reply(3, text="[bold]x[/bold]\x1b[2J\x1b]52;c;ZXZpbA==\x07 ")
    result = nemo("--session", sid, "say", "hello", env=env)
    assert (result.code, result.out) == (0, "[bold]x[/bold] [bold]x[/bold] [bold]x[/bold] \n")


def test_say_needs_text(nemo: Any, cloud: tuple[dict[str, str], str]) -> None:
    env, sid = cloud
    result = nemo("--session", sid, "say", "  ", env=env)
    assert result.code == 2
    assert result.err.startswith("Error: Say something.")


def test_say_creates_and_keeps_a_session(
    nemo: Any, emulator: Any, cloud_env: dict[str, str]
) -> None:
    env = {**cloud_env, "NEMO_TOKEN": emulator.seed_token()}
    first = nemo("say", "--json", "hello", env=env)
    second = nemo("say", "--json", "hello again", env=env)
    sid = json.loads(first.out)["session_id"]
    assert json.loads(second.out)["session_id"] == sid
    assert emulator.session_messages(sid) == ["hello", "hello again"]


def test_piped_chat_runs_each_line(
    nemo: Any, emulator: Any, cloud: tuple[dict[str, str], str]
) -> None:
    env, sid = cloud
    result = nemo("--session", sid, "chat", input="hello\ncombine my clips\nstatus\n", env=env)
    assert result.code == 0, result
    assert result.out == (
        f"{GREETING}\n"
        "I've put your clip on the timeline (10 seconds). Type `export` to download.\n"
        f"Session {sid} on the cloud backend.\n"
        "Media (1):\n"
        "  • city.mp4 (video, 10.0 s)\n"
        "Timeline (1 track): 1. Video: city.mp4 (0-10s)\n"
    )
    assert result.err == ""
