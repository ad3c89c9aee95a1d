"""The one object that owns I/O: streams, terminals, consoles, directories, global options.

Commands receive an ``Env`` and never touch ``sys.stdout`` or ``os.environ`` directly, so tests
can build one with a temporary directory and a fixed-width console.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TextIO

from .config import Paths, env_setting, load_settings
from .values import field, record, replace

if TYPE_CHECKING:
    from rich.console import Console


@record
class Env:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    paths: Paths | None = None
    json: bool = False
    verbose: bool = False
    no_color: bool = False
    backend_choice: str | None = None  # from --backend
    session_override: str | None = None  # from --session
    width: int | None = None  # fixed console width (tests)
    no_pictures: bool = False  # from --no-pictures

    def __post_init__(self) -> None:
        if self.paths is None:
            self.paths = Paths.from_platform()

    def with_options(self, **options: Any) -> Env:
        """This Env with the command line's global options (``json``, ``verbose``...) set."""
        return replace(self, **options)

    # ------------------------------------------------------------ terminals

    @staticmethod
    def _isatty(stream: Any) -> bool:
        try:
            return bool(stream.isatty())
        except (AttributeError, ValueError, OSError):
            return False

    @property
    def stdin_isatty(self) -> bool:
        return self._isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return self._isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return self._isatty(self.stderr)

    @property
    def color(self) -> bool:
        return not (self.no_color or "NO_COLOR" in self.environ)

    def _console(self, stream: TextIO, tty: bool) -> Console:
        from rich.console import Console

        return Console(
            file=stream,
            force_terminal=tty,
            no_color=not self.color,
            color_system="auto" if self.color and tty else None,
            highlight=False,
            emoji=False,
            width=self.width,
            soft_wrap=not tty,
        )

    @cached_property
    def console(self) -> Console:
        """Rich console on stdout. Never print untrusted text to it without ``ui.safe``."""
        return self._console(self.stdout, self.stdout_isatty)

    @cached_property
    def err_console(self) -> Console:
        return self._console(self.stderr, self.stderr_isatty)

    # ------------------------------------------------------------ settings

    @cached_property
    def settings(self) -> dict[str, Any]:
        assert self.paths is not None
        return load_settings(self.paths)

    def setting(self, key: str, env_var: str | None = None, default: Any = None) -> Any:
        """Environment variable > config.toml > default."""
        if env_var:
            value = env_setting(self.environ, env_var)
            if value is not None:
                return value
        return self.settings.get(key, default)

    def float_setting(self, env_var: str, key: str | None, default: float) -> float:
        raw = self.setting(key or "", env_var, default) if key else self.environ.get(env_var)
        try:
            value = float(raw) if raw not in (None, "") else default
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    @property
    def api_base(self) -> str:
        from .config import DEFAULT_API_BASE

        base = self.setting("api_base", "NEMO_API_BASE", DEFAULT_API_BASE)
        return str(base).rstrip("/")

    @property
    def poll_interval(self) -> float:
        return self.float_setting("NEMO_POLL_INTERVAL", "poll_interval", 30.0)

    @property
    def progress_interval(self) -> float:
        return self.float_setting("NEMO_PROGRESS_INTERVAL", None, 120.0)
