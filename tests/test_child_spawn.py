"""``child.spawn``: a Ctrl-C or SIGTERM that lands while a child starts stops that child.

The signal is sent from inside ``Popen`` (after the child exists, before the caller holds
it), the moment a person's Ctrl-C hit in tests/test_batch_jobs.py and the mid-render signal
test now and then: it is held until the caller's ``try`` releases it, so the child is stopped
by the code that owns it and does not outlive the interruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

import pytest

from nemo_cli.backends.local import child
from nemo_cli.errors import Terminated

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


class _SignalledWhileStarting(subprocess.Popen[bytes]):
    started: list[int] = []
    signum = signal.SIGINT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _SignalledWhileStarting.started.append(self.pid)
        os.kill(os.getpid(), self.signum)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_a_child_starts_is_raised_where_the_caller_stops_it(
    monkeypatch: pytest.MonkeyPatch, signum: signal.Signals
) -> None:
    monkeypatch.setattr(subprocess, "Popen", _SignalledWhileStarting)
    _SignalledWhileStarting.started = []
    _SignalledWhileStarting.signum = signum

    def terminated(number: int, frame: object) -> None:
        raise Terminated()

    before = signal.signal(signal.SIGTERM, terminated)
    reached = []
    try:
        proc, held = child.spawn(SLEEPER, stdin=subprocess.DEVNULL)  # held: nothing raised
        reached.append("spawned")
        with pytest.raises(KeyboardInterrupt):  # Terminated is one
            try:
                held.release()
                reached.append("not here")
            except KeyboardInterrupt:
                child.stop(proc)
                raise
        assert signal.getsignal(signal.SIGTERM) is terminated
    finally:
        signal.signal(signal.SIGTERM, before)
    assert reached == ["spawned"]
    (pid,) = _SignalledWhileStarting.started
    assert _gone(pid)  # killed and reaped, not left sleeping
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_render_signalled_while_ffmpeg_starts_leaves_no_ffmpeg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe
    from nemo_cli.backends.local.render.ffmpeg_run import run_ffmpeg
    from nemo_cli.errors import Interrupted

    monkeypatch.setattr(subprocess, "Popen", _SignalledWhileStarting)
    _SignalledWhileStarting.started = []
    _SignalledWhileStarting.signum = signal.SIGINT
    out = tmp_path / "v.mp4"
    args = ["ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc=d=3600", "-progress", "pipe:1"]
    with pytest.raises(Interrupted):
        run_ffmpeg([*args, "-y", str(out)], ffmpeg=ffmpeg_exe(), duration=3600, output=out)
    (pid,) = _SignalledWhileStarting.started
    assert _gone(pid)


def test_spawn_without_a_signal_is_popen() -> None:
    proc, held = child.spawn([sys.executable, "-c", "print('hi')"], stdout=subprocess.PIPE)
    held.release()
    out, _ = proc.communicate()
    assert (proc.returncode, out.strip()) == (0, b"hi")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
