"""Where a benchmark run works, and the environment every measured program gets.

Each run gets its own home and XDG directories under the output folder, so it never reads or
writes the user's nemo config, sessions or tokens (nor the peers' config files).

Bytecode: programs are measured as an installed program runs, with compiled bytecode cached.
Some machines set ``PYTHONDONTWRITEBYTECODE`` (and an editable install has no bytecode of its
own), which would make every run compile nemo's sources again; so measured programs get
``PYTHONPYCACHEPREFIX`` pointing into the output folder, and one untimed warm-up run fills it.
The peers are treated exactly alike.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_DROP = ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR")


@dataclass
class Workspace:
    out: Path  # everything the run writes: results, work files, the peers' virtualenv
    quick: bool = False
    python: str = field(default_factory=lambda: sys.executable)

    def __post_init__(self) -> None:
        self.out = self.out.resolve()
        self.home = self.out / "home"
        self.work = self.out / "work"
        for folder in (self.home, self.work):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)

    @property
    def nemo(self) -> list[str]:
        """The ``nemo`` console script beside this Python (as a user runs it)."""
        script = Path(self.python).parent / "nemo"
        return [str(script)] if script.exists() else [self.python, "-m", "nemo_cli"]

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEMO_") and k not in _DROP}
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            PYTHONPYCACHEPREFIX=str(self.out / "pycache"),
            TERM="xterm-256color",
            # Offline and quiet: never reach a real host from a benchmark.
            NEMO_API_BASE="http://127.0.0.1:9",
        )
        env.update(extra)
        return env
