"""Running the programs being measured: wall time, peak memory, output on a pseudo-terminal.

Wall times are taken in this process around the child's whole life (fork to reap). Peak RSS
comes from the kernel's accounting for that child (``os.wait4``'s rusage), so it is the
child's own high-water mark, not a sample.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

ROWS, COLS = 40, 120  # the pseudo-terminal's size


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes
    code: int
    output: bytes  # stdout and stderr (merged on a pty)


def _rss_bytes(rusage: object) -> int:
    return int(getattr(rusage, "ru_maxrss", 0)) * 1024  # Linux reports KiB


def _exit_code(status: int) -> int:
    return os.waitstatus_to_exitcode(status)


def run_piped(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    cwd: str | None = None,
    timeout: float = 600,
) -> Run:
    """Run with stdout/stderr to pipes (not a terminal); stdin is empty."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = started + timeout
    chunks: list[bytes] = []
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    while True:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.perf_counter()))
        if not ready:
            proc.kill()
            break
        data = os.read(fd, 1 << 16)
        if not data:
            break
        chunks.append(data)
    _, status, rusage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = _exit_code(status)  # reaped here: keep Popen from waiting again
    proc.stdout.close()
    return Run(seconds, _rss_bytes(rusage), proc.returncode, b"".join(chunks))


def _set_size(fd: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))


class PtyProcess:
    """A child on a pseudo-terminal (stdin, stdout and stderr), read as it writes."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str], *, cwd: str | None = None
    ) -> None:
        self.output = bytearray()
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child
            try:
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        _set_size(fd)
        self.status: int | None = None
        self.rusage: object = None
        self.ended: float | None = None

    def read(self, timeout: float) -> bytes:
        """What the child wrote within ``timeout`` seconds (b"" at the end of its output)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        self.output += data
        return data

    def expect(self, needle: bytes, *, start: int, timeout: float = 120) -> float:
        """Read until ``needle`` appears in the output after ``start``; returns ``time.time()``
        when it was seen (checked after every read, so within a read's latency)."""
        deadline = time.monotonic() + timeout
        while needle not in self.output[start:]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                tail = bytes(self.output[-400:])
                raise TimeoutError(f"{needle!r} did not appear; output ends {tail!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    data = os.read(self.fd, 1 << 16)
                except OSError:
                    data = b""
                if not data:
                    raise EOFError(f"the program ended before {needle!r} appeared")
                self.output += data
        return time.time()

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def drain_until_exit(self, timeout: float = 600) -> Run:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                break
            ready, _, _ = select.select([self.fd], [], [], min(remaining, 1.0))
            if not ready:
                if self._reaped():
                    break
                continue
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            self.output += data
        return self.wait()

    def _reaped(self) -> bool:
        pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            return False
        self.status, self.rusage, self.ended = status, rusage, time.perf_counter()
        return True

    def wait(self) -> Run:
        if self.status is None:
            _, self.status, self.rusage = os.wait4(self.pid, 0)
            self.ended = time.perf_counter()
        with contextlib.suppress(OSError):
            os.close(self.fd)
        assert self.ended is not None
        return Run(
            self.ended - self.started,
            _rss_bytes(self.rusage),
            _exit_code(self.status),
            bytes(self.output),
        )

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def run_pty(argv: Sequence[str], env: Mapping[str, str], *, timeout: float = 600) -> Run:
    """Run with stdin, stdout and stderr on a pseudo-terminal, reading everything it writes."""
    return PtyProcess(argv, env).drain_until_exit(timeout)


def interleaved(
    runners: Mapping[str, Callable[[], float]], reps: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Each runner ``reps`` times, in turns (a, b, c, a, b, c...), so that a noisy neighbour
    slows them all alike; ``warmup`` untimed rounds first (caches, bytecode)."""
    for _ in range(warmup):
        for run in runners.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(reps):
        for name, run in runners.items():
            times[name].append(run())
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
