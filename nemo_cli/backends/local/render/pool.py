"""The pieces of an export that do not depend on each other, made side by side: a few threads,
each driving one ffmpeg (or a short chain of them) at a time.

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
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait

from ..child import Children

MAX_WORKERS = 4
POLL_S = 0.2  # how often the main thread looks up from waiting (Ctrl-C is heard at once anyway)


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


def run_all(tasks: Sequence[Callable[[], None]], running: int, children: Children) -> None:
    """Run every task, ``running`` at a time (in this thread when 1); see the module
    docstring for interruptions and failures."""
    if running <= 1 or len(tasks) <= 1:
        for task in tasks:
            task()
        return
    pool = ThreadPoolExecutor(max_workers=running, thread_name_prefix="nemo-render")
    futures: list[Future[None]] = [pool.submit(task) for task in tasks]
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_EXCEPTION)
            for future in done:
                failure = future.exception()
                if failure is not None:
                    raise failure
    except BaseException:
        children.stop_all()
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
