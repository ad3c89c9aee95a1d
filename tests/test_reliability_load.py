"""Load: a 50,000-event reply, a two-hour session of 500 messages (the emulator's clock runs
fast), a 200 MB download. Nothing is dropped (exact outputs, every message received, the
file's bytes) and memory stays flat: the peak resident memory of the nemo process is compared
with a small run of the same thing, and printed (docs/RELIABILITY.md records the numbers).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from emulator import Emulator
from emulator.fixtures import CLIP_DRAFT
from emulator.media import Payload
from emulator.nemo_process import SAFETY_NET, nemo_env, run_measured, wait_for
from emulator.sse import long_reply_text

MB = 2**20


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\nload: {line}")


@pytest.mark.slow
def test_a_50000_event_reply(
    emulator: Emulator,
    cloud: tuple[dict[str, str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env, sid = cloud
    peaks = {}
    for events in (5_000, 50_000):
        emulator.long_reply(events)
        out = tmp_path / f"reply-{events}.txt"
        done = run_measured(["--session", sid, "say", "tell me everything"], env, out)
        assert (done.code, done.err) == (0, "")
        # Every piece, in order, exactly once (the final event repeats the whole text).
        assert out.read_text() == "".join(long_reply_text(events)) + "\n"
        peaks[events] = done.peak_rss
    growth = peaks[50_000] - peaks[5_000]
    report(capsys, f"50,000-event reply: peak RSS {peaks[50_000] / MB:.1f} MB "
                   f"(5,000 events: {peaks[5_000] / MB:.1f} MB)")  # fmt: skip
    # The reply's text (270 KB) is kept, and its final event repeats it: a few MB at most.
    assert growth < 12 * MB, peaks


def _sha256_of_generated(size: int) -> str:
    digest = hashlib.sha256()
    for piece in Payload(size=size).iter_range(0, size - 1):
        digest.update(piece)
    return digest.hexdigest()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while piece := fh.read(1 * MB):
            digest.update(piece)
    return digest.hexdigest()


@pytest.mark.slow
def test_a_200_mb_download_with_a_drop_half_way(
    emulator: Emulator,
    cloud: tuple[dict[str, str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env, sid = cloud
    emulator.set_draft(sid, CLIP_DRAFT)
    emulator.configure(render_polls=1)
    peaks = {}
    for size in (2 * MB, 200 * MB):
        emulator.set_cdn_payload(size=size)
        emulator.cdn.drop(size // 2)  # the connection breaks half-way: resumed with a Range
        out = tmp_path / f"render-{size}.mp4"
        done = run_measured(["--session", sid, "export", "-o", str(out)], env, tmp_path / "o")
        assert (done.code, done.err) == (0, "")
        assert out.stat().st_size == size
        assert _sha256_of(out) == _sha256_of_generated(size)
        assert emulator.cdn.requests[-1].header("range") == f"bytes={size // 2}-"
        peaks[size] = done.peak_rss
        out.unlink()
    report(capsys, f"200 MB download: peak RSS {peaks[200 * MB] / MB:.1f} MB "
                   f"(2 MB: {peaks[2 * MB] / MB:.1f} MB)")  # fmt: skip
    assert peaks[200 * MB] - peaks[2 * MB] < 8 * MB, peaks  # streamed: flat


# ---------------------------------------------------------------- a long session

MESSAGES = 500
BATCH = 50
HOURS = 2.0


def _message(i: int) -> str:
    if i in (0, MESSAGES // 2):  # the first, and the first after the token expires
        return "hello"
    return ("combine my clips", "add music at 35%", f"title 'Hour {i}'", "hello")[i % 4]


def _rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a running process, in bytes (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    now = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
    return now * 1024, peak * 1024


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc (Linux)")
def test_a_two_hour_session_of_500_messages(
    emulator: Emulator,
    cloud_env: dict[str, str],
    tmp_path: Path,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One chat process, 500 messages in bursts of 50 (each followed by `status` and
    `credits`), the emulator's clock moved 12 minutes after each (two hours in all), the
    starter token expiring half-way (renewed silently)."""
    env = {**cloud_env, "NEMO_WAIT_SCALE": "0"}  # a starter token nemo fetches itself
    messages = [_message(i) for i in range(MESSAGES)]
    out = tmp_path / "chat.out"
    with open(out, "wb") as stdout:
        chat = subprocess.Popen([sys.executable, "-m", "nemo_cli", "chat"], env=nemo_env(env),
                                stdin=subprocess.PIPE, stdout=stdout, stderr=subprocess.PIPE,
                                text=True)  # fmt: skip
        assert chat.stdin is not None

        def send(first: int, last: int) -> None:
            """A burst of messages, then `status` and `credits` (whose call marks the end of
            the burst: the chat runs its lines in order)."""
            assert chat.stdin is not None
            asked = len(emulator.requests_to("credits"))
            burst = "".join(m + "\n" for m in messages[first:last])
            chat.stdin.write(burst + "status\ncredits\n")
            chat.stdin.flush()
            wait_for(chat, lambda: len(emulator.requests_to("credits")) > asked, f"turn {last}")
            assert len(emulator.requests_to("run_sse")) == last

        def add_media() -> None:
            sid = emulator.requests_to("run_sse")[-1].json["session_id"]
            for name in ("a.mp4", "b.mp4", "song.mp3"):
                emulator.add_media(sid, name)

        half = MESSAGES // 2
        bounds = [0, 1, *range(BATCH, half + 1, BATCH), half + 1,
                  *range(half + BATCH, MESSAGES + 1, BATCH)]  # fmt: skip
        rss_early = (0, 0)
        for first, last in zip(bounds, bounds[1:], strict=False):
            if first == half:  # half-way, the starter token expires: the next call renews it
                emulator.expire_token(emulator.last("run_sse").header("authorization")[7:])
            send(first, last)
            if last - first == 1:  # the first message of a session: give it clips and music
                add_media()
                continue
            emulator.advance_time(HOURS * 3600 * (last - first) / MESSAGES)
            if rss_early == (0, 0):
                rss_early = _rss(chat.pid)
        rss_late = _rss(chat.pid)
        _, err = chat.communicate(timeout=SAFETY_NET)  # closes stdin: the chat ends
    assert chat.returncode == 0, err

    # Nothing dropped: every message reached the cloud, in order, and every reply was shown.
    sent = [r.json["new_message"]["parts"][0]["text"] for r in emulator.requests_to("run_sse")]
    assert sent == messages
    shown = out.read_text()
    counts = {
        "What would you like to do?": messages.count("hello"),
        "I've merged your 2 clips": messages.count("combine my clips"),
        "I added background music (song.mp3) at 35% volume.": messages.count("add music at 35%"),
        'I added the title "Hour ': sum(m.startswith("title") for m in messages),
    }
    assert {k: shown.count(k) for k in counts} == counts
    assert len(emulator.requests_to("anonymous-token")) == 2  # fetched once, renewed once
    assert "no longer exists; started a new one" in err  # the renewed token's new session

    growth = rss_late[0] - rss_early[0]
    early, late, peak = rss_early[0] / MB, rss_late[0] / MB, rss_late[1] / MB
    report(capsys, f"500-message session: RSS {early:.1f} MB after 50 messages, "
                   f"{late:.1f} MB after 500 (peak {peak:.1f} MB)")  # fmt: skip
    assert growth < 8 * MB, (rss_early, rss_late)
