"""Asking the terminal what it can draw: at most once per kind of terminal, never a long wait.

textual-image asks the terminal itself when it is first imported (primary device attributes
for sixel, a kitty graphics query, then the cell size in pixels) and waits for each answer:
0.1 s each in 0.12, up to 2 s in 0.14. A terminal that never answers (a pty under a test or a
benchmark, a serial console, some web terminals) made every ``nemo status`` wait that long, and
a typed-ahead key could be read as the answer. So nemo asks instead, and the library is loaded
so that it asks nothing (``draw.load``). nemo asks only when the answer could change the
picture:

- what the terminal is comes from the environment first (``detect.terminal_mode``); only a
  terminal it does not name may still draw sixel, and only an answer can say so;
- the cell size in pixels comes from the kernel (``TIOCGWINSZ``) when the terminal gave it
  there; it is asked for (``ESC [ 16 t``) only when a sixel or kitty picture is drawn, which is
  sized in pixels (half-blocks are sized in cells);
- the questions go together, primary device attributes (``ESC [ c``, which every terminal
  that answers anything answers) last: its answer ends the wait, so a terminal that answers
  costs one round trip, and one that does not costs ``TIMEOUT``, once. What was learnt
  (answered or not, sixel or not) is kept in the cache folder per kind of terminal (``kind``:
  TERM, the program and its version), and a kind that did not answer is not asked again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ...values import frozen
from .detect import Mode

TIMEOUT = 0.25  # seconds: a local terminal answers in a few ms, one over ssh in a round trip
DEVICE_ATTRIBUTES = "\x1b[c"
CELL_SIZE = "\x1b[16t"
MEMORY_FILE = "terminals.json"
_KIND_VARS = ("TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "XTERM_VERSION", "VTE_VERSION")
_ATTRIBUTES = re.compile(r"\x1b\[\?([0-9;]*)c")
_CELL = re.compile(r"\x1b\[6;(\d+);(\d+)t")
_SIXEL = "4"  # the attribute a sixel terminal lists in its primary device attributes


@frozen
class Reply:
    """What the terminal said: whether it answered at all, whether it draws sixel, and the
    size of a cell in pixels (width, height) when it was asked for and given."""

    answered: bool
    sixel: bool = False
    cell: tuple[int, int] | None = None


def parse(text: str) -> Reply:
    """The terminal's answers (whatever else was read with them) as a ``Reply``."""
    attributes = _ATTRIBUTES.search(text)
    cell = _CELL.search(text)
    size = None
    if cell and int(cell.group(1)) > 0 and int(cell.group(2)) > 0:
        size = (int(cell.group(2)), int(cell.group(1)))  # the answer is height;width
    if attributes is None:
        return Reply(False, cell=size)
    return Reply(True, _SIXEL in attributes.group(1).split(";"), size)


def kind(environ: Mapping[str, str]) -> str:
    """Which kind of terminal this is, as far as the environment tells: the key under which
    its answer is remembered."""
    return " ".join(f"{name}={environ[name]}" for name in _KIND_VARS if environ.get(name)) or "-"


def kernel_cell(fd: int) -> tuple[int, int] | None:
    """The cell size in pixels from the kernel's window size, when the terminal set it there
    (many do; a pty made by a program usually does not)."""
    import fcntl
    import struct
    import termios

    try:
        packed = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except OSError:
        return None
    rows, columns, width, height = struct.unpack("HHHH", packed)
    if not (rows and columns and width and height):
        return None
    cell = (width // columns, height // rows)
    return cell if cell[0] and cell[1] else None


def foreground(fd: int) -> bool:
    """This process is in the terminal's foreground: a background job (``nemo status &``)
    that changes the terminal's mode or reads from it is stopped by the kernel (SIGTTOU,
    SIGTTIN)."""
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:  # not this process's controlling terminal: no job control applies
        return True


def ask(fd_in: int, fd_out: int, *, cell: bool, timeout: float = TIMEOUT) -> Reply:
    """Send the questions to the terminal on ``fd_out`` and read its answers from ``fd_in``
    (in cbreak mode, so they are neither echoed nor left for the next line read), until the
    device attributes arrive or ``timeout`` passes without them."""
    import select
    import termios
    import time
    import tty

    saved = termios.tcgetattr(fd_in)
    read = ""
    try:
        tty.setcbreak(fd_in, termios.TCSANOW)
        os.write(fd_out, ((CELL_SIZE if cell else "") + DEVICE_ATTRIBUTES).encode())
        deadline = time.monotonic() + timeout
        while not _ATTRIBUTES.search(read):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            chunk = os.read(fd_in, 1024)
            if not chunk:
                break
            read += chunk.decode("latin-1")
    finally:
        termios.tcsetattr(fd_in, termios.TCSANOW, saved)
    return parse(read)


class Memory:
    """What each kind of terminal answered, kept in ``folder/terminals.json``: whether it
    answered and whether it draws sixel (not the cell size: that follows the font)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MEMORY_FILE

    def _all(self) -> dict[str, object]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # never asked yet, or a damaged file: ask again
            return {}
        return found if isinstance(found, dict) else {}

    def recall(self, key: str) -> Reply | None:
        entry = self._all().get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("answered"), bool):
            return None
        return Reply(entry["answered"], entry.get("sixel") is True)

    def keep(self, key: str, reply: Reply) -> None:
        """Remember ``reply`` for ``key``; a cache that cannot be written only means asking
        again next time."""
        from ...files import atomic_write_json

        entries = {**self._all(), key: {"answered": reply.answered, "sixel": reply.sixel}}
        with contextlib.suppress(OSError):
            atomic_write_json(self.path, entries)


def settle(
    mode: Mode, may_ask: bool, fds: tuple[int, int] | None, key: str, memory: Memory
) -> tuple[Mode, tuple[int, int] | None]:
    """The protocol to draw with and the cell size in pixels (None: unknown), asking the
    terminal on ``fds`` (stdin, stdout) only when the answer could change them and this kind of
    terminal (``key``) has not been found silent before.

    ``mode`` is the environment's decision; ``may_ask``: the environment did not name the
    terminal, so an answer may find sixel."""
    if fds is None:  # not a real terminal (a test's captured stream): nothing to ask
        return mode, None
    cell = kernel_cell(fds[1])
    known = memory.recall(key)
    if may_ask and known is not None:
        mode = "sixel" if known.sixel else "blocks"
    must_ask = may_ask and known is None
    wants_cell = cell is None and (mode in ("sixel", "kitty") or must_ask)
    if not (must_ask or wants_cell) or (known is not None and not known.answered):
        return mode, cell
    if not foreground(fds[0]):  # run with `&`: touching the terminal would stop the process
        return mode, cell
    reply = ask(*fds, cell=wants_cell)
    if known != Reply(reply.answered, reply.sixel):
        memory.keep(key, reply)
    if may_ask:
        mode = "sixel" if reply.sixel else "blocks"
    return mode, cell or reply.cell
