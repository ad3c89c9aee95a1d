"""Chat round trip overhead: from the server's last byte of a reply to nemo's prompt being back.

The REPL (``nemo chat``) runs on a pseudo-terminal against the emulator. Each turn sends a line,
reads the terminal until the prompt shows again and notes the time (``time.time()``); the
emulator notes when it wrote the last byte of that reply (``RecordedRequest.ended``). The
difference is what nemo adds after the reply is in: reading the session state again (to see
whether the timeline changed), drawing the last line, closing the live area, the next prompt.
"""

from __future__ import annotations

from .emulator_host import EmulatorHost
from .procs import PtyProcess, median
from .table import Row
from .workspace import Workspace

PROMPT = "nemo› ".encode()
TEXT = "hello"  # the agent's greeting: text only
EDIT = "add background music at {}%"  # a new volume each turn: the timeline changes


def measure(ws: Workspace, emu: EmulatorHost, turns: int) -> list[Row]:
    """``turns`` text replies and ``turns`` edits (the timeline drawn after each), in turns."""
    chat = PtyProcess([*ws.nemo, "chat", "--session", emu.session_id], emu.nemo_env(ws))
    overheads: dict[str, list[float]] = {"text": [], "edit": []}
    try:
        chat.expect(PROMPT, start=0, timeout=60)
        for turn in range(2 * turns + 2):  # the first two turns are a warm-up
            kind = "text" if turn % 2 == 0 else "edit"
            line = TEXT if kind == "text" else EDIT.format(10 + turn)
            mark = len(chat.output)
            chat.send(line.encode() + b"\r")
            chat.expect(b"\n", start=mark)  # the echo of the line
            seen = chat.expect(PROMPT, start=mark)
            last = emu.requests("run_sse")[-1]
            if turn >= 2 and last.get("ended"):
                overheads[kind].append((seen - last["ended"]) * 1000)
        chat.send(b"\x04")  # Ctrl-D: leave
        run = chat.drain_until_exit(60)
    except BaseException:
        chat.kill()
        chat.wait()
        raise
    if run.code != 0:
        raise RuntimeError(f"nemo chat exited {run.code}: {run.output[-600:]!r}")
    rows = []
    for kind, figure in (
        ("text", "round trip overhead, text reply"),
        ("edit", "round trip overhead, edit (timeline drawn)"),
    ):
        values = overheads[kind]
        value = median(values)
        rows.append(
            Row(
                "chat",
                figure,
                value,
                "ms",
                reference="server's last byte -> prompt",
                target="< 50 ms median",
                met=value < 50,
                note=f"median of {len(values)}, max {max(values):.0f} ms",
            )
        )
    return rows
