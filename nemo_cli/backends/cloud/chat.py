"""One chat turn over ``/run_sse``: stream the reply's events, then say what the edit changed.

Many edits end with no text at all, so the draft is read before and after the turn and any
difference is reported as ``DraftChanged``. If the connection drops mid-stream the edit may
still complete on the server: the draft is read again after a wait (30 s, then every 60 s, at
most 5 times) before the drop is reported as a ``NetworkError``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ...draft import diff_drafts
from ...errors import NemoError, NetworkError
from ..base import Done, DraftChanged, Event, Heartbeat
from .http import HttpCore, network_error
from .sse import AdkDecoder, sse_payloads

if TYPE_CHECKING:
    import httpx

DraftFn = Callable[[], "dict[str, Any] | None"]


def stream_turn(
    core: HttpCore,
    response: httpx.Response,
    before: dict[str, Any] | None,
    fetch_draft: DraftFn,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Event]:
    """Events of one turn from its open response (closed here, also when the consumer stops)."""
    import httpx

    decoder = AdkDecoder()
    dropped: NetworkError | None = None
    limit = core.tuning.stream_total
    started = clock()

    def over() -> bool:
        return clock() - started > limit

    def too_long() -> NetworkError:
        return NetworkError(f"The reply took longer than {_span(limit)}; nemo stopped waiting.")

    try:
        # The limit is checked per piece received (inside the framing's pull), so a server
        # trickling bytes (never silent long enough for the read timeout) cannot hold the turn
        # open forever.
        for payload in sse_payloads(_until(response.iter_bytes(), over)):
            yield from decoder.feed(payload)
    except _TooLong:
        dropped = too_long()
    except httpx.RequestError as exc:
        dropped = network_error(exc, core.host)
    finally:
        response.close()

    if dropped is None:
        after = fetch_draft()
        yield from _changed(before, after)
        yield Done(decoder.text, decoder.tool_calls)
        return

    # The edit may still finish server-side: look again before giving up.
    for delay in core.tuning.drop_rechecks:
        yield Heartbeat()
        core.wait(delay)
        try:
            after = fetch_draft()
        except NemoError:
            continue  # still unreachable: try again after the next wait
        changes = list(_changed(before, after))
        if changes:
            yield from changes
            yield Done(decoder.text, decoder.tool_calls)
            return
    raise NetworkError(
        f"{dropped.message.rstrip('.')}, and the timeline did not change.",
        hint="Send the message again (nemo keeps the session).",
    )


class _TooLong(Exception):
    """The turn passed its time limit while bytes were still trickling in."""


def _until(chunks: Iterable[bytes], over: Callable[[], bool]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk
        if over():
            raise _TooLong


def _span(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


def _changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> Iterator[Event]:
    changes = diff_drafts(before, after)
    if changes:
        yield DraftChanged(before, after, changes)
