"""Streaming: ``nemo say`` reading a long reply from the emulator, stdout on a pseudo-terminal,
against a bare httpx-sse loop (``bare_sse.py``) reading the same stream on the same kind of
terminal. Both are whole processes, start-up included; nemo also reads the session state before
and after the turn, as it always does.

The reply is the emulator's ``long_reply``: N partial events of one word each, then the final
event with the whole text (one line of about 5.5 bytes a chunk: the hardest shape for a live
area, since the line never ends).
"""

from __future__ import annotations

from pathlib import Path

from .emulator_host import EmulatorHost
from .procs import Run, median, run_pty
from .table import Row
from .workspace import Workspace

SECTION = "streaming"
MESSAGE = "tell me a story"


def _say(ws: Workspace, emu: EmulatorHost, chunks: int) -> Run:
    emu.control("long_reply", chunks=chunks, times=1)
    run = run_pty([*ws.nemo, "say", MESSAGE, "--session", emu.session_id], emu.nemo_env(ws))
    _check(run, "nemo say", chunks)
    return run


def _bare(ws: Workspace, emu: EmulatorHost, chunks: int) -> Run:
    emu.control("long_reply", chunks=chunks, times=1)
    script = Path(__file__).with_name("bare_sse.py")
    argv = [ws.python, str(script), emu.api, emu.token, emu.session_id]
    run = run_pty(argv, ws.env())
    _check(run, "bare httpx-sse loop", chunks)
    return run


def _check(run: Run, what: str, chunks: int) -> None:
    if run.code != 0 or b"editing." not in run.output:
        tail = run.output[-600:].decode("utf-8", "replace")
        raise RuntimeError(f"{what} ({chunks} chunks) failed with exit {run.code}: {tail}")


def _label(chunks: int) -> str:
    return f"{chunks // 1000}k" if chunks % 1000 == 0 else str(chunks)


def measure(ws: Workspace, emu: EmulatorHost, sizes: list[int], reps: int, key: int) -> list[Row]:
    """``sizes`` chunk counts (ascending); ``key`` is the size the 1.5x target applies to."""
    say_times: dict[int, float] = {}
    bare_times: dict[int, float] = {}
    say_rss: dict[int, int] = {}
    bare_rss: dict[int, int] = {}
    _say(ws, emu, sizes[0])  # warm-up: bytecode, page cache
    _bare(ws, emu, sizes[0])
    for chunks in sizes:
        says: list[Run] = []
        bares: list[Run] = []
        for _ in range(reps if chunks <= key else max(1, reps // 2)):
            says.append(_say(ws, emu, chunks))
            bares.append(_bare(ws, emu, chunks))
        say_times[chunks] = median([r.seconds for r in says])
        bare_times[chunks] = median([r.seconds for r in bares])
        say_rss[chunks] = max(r.peak_rss for r in says)
        bare_rss[chunks] = max(r.peak_rss for r in bares)

    rows: list[Row] = []
    for chunks in sizes:
        ratio = say_times[chunks] / bare_times[chunks]
        judged = chunks == key
        rows.append(
            Row(
                SECTION,
                f"nemo say, {_label(chunks)} chunks, pty",
                say_times[chunks],
                "s",
                reference="bare httpx-sse loop",
                ref_value=bare_times[chunks],
                ratio=ratio,
                target="<= 1.5x" if judged else "",
                met=ratio <= 1.5 if judged else None,
            )
        )
    rows.append(
        Row(
            SECTION,
            f"nemo say, {_label(key)} chunks: peak RSS",
            say_rss[key] / 1e6,
            "MB",
            reference="bare httpx-sse loop",
            ref_value=bare_rss[key] / 1e6,
            ratio=say_rss[key] / bare_rss[key],
            target="reported",
        )
    )
    if len(sizes) >= 3:
        rows.append(_growth(sizes, say_times))
    return rows


def _growth(sizes: list[int], times: dict[int, float]) -> Row:
    """Linear growth: the cost of each extra chunk from the middle size to the largest is no
    more than 1.5x the cost of each extra chunk from the smallest to the middle size (a
    renderer that redraws the whole reply per chunk would make it grow with the reply)."""
    small, middle, large = sizes[0], sizes[1], sizes[-1]
    early = (times[middle] - times[small]) / (middle - small)
    late = (times[large] - times[middle]) / (large - middle)
    ratio = late / early if early > 0 else float("inf")
    return Row(
        SECTION,
        f"cost per chunk, {_label(middle)}-{_label(large)}",
        late * 1e6,
        "us",
        reference=f"per chunk, {_label(small)}-{_label(middle)}",
        ref_value=early * 1e6,
        ratio=ratio,
        target="<= 1.5x (linear)",
        met=ratio <= 1.5,
    )
