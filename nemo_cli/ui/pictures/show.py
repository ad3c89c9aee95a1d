"""The one place commands and the REPL draw pictures: ``Pictures(env).strip(tiles)``.

``Pictures(env).on`` says whether pictures are drawn at all (see ``detect``); every drawing
method does nothing when they are not, so callers need no checks of their own beyond skipping
the work of making the pictures. A picture that cannot be drawn (the library missing or
failing on an odd terminal) is never an error: the command goes on without it, and ``-v``
says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from .detect import Decision, Mode, decide

if TYPE_CHECKING:
    from PIL.Image import Image
    from rich.text import Text

    from ...env import Env
    from .strip import Tile

FRAME_MAX_CELLS = 64  # a single frame is drawn at most this wide
FRAME_MAX_ROWS = 24


def _dim(text: str) -> Text:
    from rich.text import Text  # here: a command that draws no picture never loads Rich

    return Text(text, style="dim")


def _terminal_fds(env: Env) -> tuple[int, int] | None:
    """The file descriptors of stdin and stdout when both are a real terminal (which can be
    asked a question and read back), else None."""
    import os

    try:
        fds = (env.stdin.fileno(), env.stdout.fileno())
    except (AttributeError, ValueError, OSError):  # a captured stream has none
        return None
    return fds if all(os.isatty(fd) for fd in fds) else None


def decision_for(env: Env) -> Decision:
    return decide(
        env.environ,
        stdout_tty=env.stdout_isatty,
        stdin_tty=env.stdin_isatty,
        json=env.json,
        no_pictures=env.no_pictures,
        color=env.color,
        setting=env.setting("pictures"),
    )


class Pictures:
    def __init__(self, env: Env, decision: Decision | None = None) -> None:
        self.env = env
        self.decision = decision if decision is not None else decision_for(env)

    @property
    def on(self) -> bool:
        return self.decision.on and self.mode != "off"

    @cached_property
    def mode(self) -> Mode:
        if not self.decision.on:
            return "off"
        try:
            from .ask import Memory, kind, settle
            from .draw import load

            assert self.env.paths is not None
            mode, cell = settle(
                self.decision.mode,
                self.decision.may_ask,
                _terminal_fds(self.env),
                kind(self.env.environ),
                Memory(self.env.paths.cache),
            )
            if mode != "blocks":  # half-blocks are drawn without the library (draw.Blocks)
                load(cell)
            return mode
        except Exception as exc:  # an odd terminal must never break a command
            self._why_not(exc)
            return "off"

    def _why_not(self, exc: BaseException) -> None:
        if self.env.verbose:
            self.env.err_console.print(_dim(f"(no pictures: {type(exc).__name__}: {exc})"))

    def _draw(self, image: Image, cells: int) -> bool:
        import warnings

        from .draw import renderable

        try:
            with warnings.catch_warnings():
                # textual-image 0.12 (Python 3.11) reads pixels with a Pillow call that Pillow
                # 12 deprecates: the user is not the one to tell.
                warnings.simplefilter("ignore", DeprecationWarning)
                self.env.console.print(renderable(image, self.mode, cells))
        except Exception as exc:  # as above: the picture is a courtesy
            self._why_not(exc)
            return False
        return True

    def strip(self, tiles: Sequence[Tile], *, note: str | None = None) -> bool:
        """Thumbnails in rows that fit the terminal, each row with its labels underneath."""
        if not tiles or not self.on:
            return False
        from .strip import compose

        laid = compose(tiles, self.env.console.width - 1)
        for row in laid.rows:
            if not self._draw(row.image, row.cells):
                return False
            self.env.console.print(row.labels)
        if laid.left_out:
            more = f"(and {laid.left_out} more clip{'s' if laid.left_out != 1 else ''})"
            self.env.console.print(_dim(more))
        if note:
            self.env.console.print(_dim(note))
        return True

    def image(
        self, image: Image, caption: str | None = None, *, max_cells: int = FRAME_MAX_CELLS
    ) -> bool:
        """One picture, as large as reads well: at most ``max_cells`` wide, and no taller
        than the terminal leaves room for."""
        if not self.on:
            return False
        console = self.env.console
        rows = max(6, min(FRAME_MAX_ROWS, console.height - 6))
        # A cell is about twice as tall as it is wide.
        by_height = int(rows * 2 * image.width / max(1, image.height))
        cells = max(8, min(console.width - 1, max_cells, by_height))
        if not self._draw(image, cells):
            return False
        if caption:
            console.print(_dim(caption))
        return True
