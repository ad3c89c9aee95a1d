"""The pieces of an export that do not depend on each other, made side by side: a few threads,
each driving one ffmpeg (or a short chain of them) at a time (``Lanes``).

How many at once is ``workers(cores)``. x264 already spreads one encode over every core (frame
threads), so on two cores a second encode only competes with the first: measured on this
project's 2-core machine, two segments at once took as long as one after the other, or
longer (benchmarks/README.md, "Render engine 2.0"). The pool is 1 there and on a single core;
from 4 cores, 2 segments at once (each x264 gets half the cores, ``threads_each``), from 8, 3,
capped at 4 (memory: each encode holds its inputs' decoders). ``NEMO_RENDER_JOBS`` overrides it
(a whole number of workers).

Ctrl-C and SIGTERM reach only the main thread. It ends every child the workers started
(child.Children), lets the threads finish (their ffmpeg is gone, so they stop at once), drops
the pieces not yet started and raises: the caller's clean-up removes the partial output. The
first failure of any piece stops the others the same way and is the one raised.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Mapping, Sequence

from ..child import Children

MAX_WORKERS = 4
JOIN_S = 30.0  # after a stop, how long a worker may take to notice (its ffmpeg is killed)
# The kernel hands a signal to any thread; Python runs its handler in the main thread, once
# that thread runs again: it must not sleep without a time limit.
WAKE_S = 0.1


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers(count: int, environ: Mapping[str, str] | None = None) -> int:
    """Encodes to run at once on ``count`` cores (see the module docstring)."""
    wanted = (environ if environ is not None else os.environ).get("NEMO_RENDER_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), MAX_WORKERS * 2)
    if count <= 3:
        return 1
    return min(MAX_WORKERS, 2 if count < 8 else count // 3)


def threads_each(count: int, running: int) -> int | None:
    """x264 threads per encode when ``running`` share ``count`` cores (None: x264's own
    choice, when one encode has the machine)."""
    if running <= 1:
        return None
    return max(1, count // running)


class Lanes:
    """Encodes in ``heavy`` threads; what is light (the sound pass, the decode check of a piece
    just encoded: single-threaded, a fraction of an encode) in one more thread beside them,
    so it fills the moments x264 leaves a core idle instead of waiting its turn.

    ``run(tasks)`` returns once every task, and every light task they queued with ``later``,
    is done; the first failure (or Ctrl-C, SIGTERM) stops the rest (see the module
    docstring). The main thread only waits: on a ``SimpleQueue`` (a C-level wait that holds no
    Python lock, so a KeyboardInterrupt raised there cannot leave a lock half-taken for the
    workers to hang on, as it can inside ``concurrent.futures.wait``), ``WAKE_S`` at a time."""

    def __init__(self, heavy: int, children: Children) -> None:
        self.heavy = max(1, heavy)
        self.children = children
        self._heavy: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._light: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._finished: queue.SimpleQueue[BaseException | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._pending = 0  # tasks queued and not yet finished
        self._encoding = 0  # heavy tasks queued or running

    def later(self, task: Callable[[], None]) -> None:
        """Queue a light task (from a task, or before ``run``)."""
        with self._lock:
            self._pending += 1
        self._light.put(task)

    def last_heavy(self) -> bool:
        """Asked by a heavy task: whether it is the last one (none queued, no other running),
        so the light work it leaves has the cores to itself."""
        with self._lock:
            return self._encoding <= 1

    def _do(self, task: Callable[[], None], heavy: bool = False) -> None:
        try:
            task()
        except BaseException as exc:  # handed to the main thread, which raises it
            self._finished.put(exc)
        else:
            self._finished.put(None)
        finally:
            if heavy:
                with self._lock:
                    self._encoding -= 1

    def _heavy_worker(self) -> None:
        while not self._stopping.is_set():
            try:
                task = self._heavy.get_nowait()
            except queue.Empty:
                return
            self._do(task, heavy=True)

    def _light_worker(self) -> None:
        while not self._stopping.is_set():
            task = self._light.get()
            if task is None:
                return
            self._do(task)

    def run(self, tasks: Sequence[Callable[[], None]]) -> None:
        with self._lock:
            self._pending += len(tasks)
            self._encoding += len(tasks)
        for task in tasks:
            self._heavy.put(task)
        threads = [
            threading.Thread(target=self._heavy_worker, name=f"nemo-render-{n}", daemon=True)
            for n in range(min(self.heavy, len(tasks)) or 1)
        ]
        threads.append(threading.Thread(target=self._light_worker, name="nemo-light", daemon=True))
        try:  # a worker may start its ffmpeg before start() returns here: all inside the try
            for thread in threads:
                thread.start()
            while True:
                with self._lock:
                    if self._pending == 0:
                        break
                try:
                    failure = self._finished.get(timeout=WAKE_S)
                except queue.Empty:
                    continue  # the signal handlers run here, in the main thread
                with self._lock:
                    self._pending -= 1
                if failure is not None:
                    raise failure
        except BaseException:
            self._stopping.set()
            self._light.put(None)
            self.children.stop_all()
            for thread in threads:  # their ffmpeg is gone: they end at once
                if thread.ident is not None:
                    thread.join(timeout=JOIN_S)
            raise
        self._light.put(None)
        for thread in threads:
            thread.join()
