"""Progress bars that appear only when the work turns out slow.

Analysing a short clip, or reading an analysis from the cache, takes a fraction of a second: a
bar flashing on and off would be noise. ``AfterASecond`` is a ``ProgressFn`` that swallows the
ticks of the first ``delay`` seconds and opens ``ProgressBars`` (transient, on stderr, only on
a terminal) at the first tick after that.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from ..backends.base import ProgressUpdate
from .progress import ProgressBars

if TYPE_CHECKING:
    from ..env import Env


class AfterASecond:
    def __init__(
        self, env: Env, *, delay: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.env = env
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.bars: ProgressBars | None = None

    def __enter__(self) -> AfterASecond:
        self.started = self.clock()
        return self

    def __call__(self, update: ProgressUpdate) -> None:
        if self.bars is None:
            if self.clock() - self.started < self.delay:
                return
            self.bars = ProgressBars(self.env, transient=True).__enter__()
        self.bars(update)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bars is not None:
            self.bars.__exit__(exc_type, exc, tb)
            self.bars = None
