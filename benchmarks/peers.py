"""The peers nemo's start-up is compared with: ``llm`` and ``sgpt`` (shell-gpt).

They are installed from PyPI into a virtualenv of the benchmark's own (``<out>/peers-venv``),
never into nemo's environment, made once and reused by later runs. If that fails (offline,
no pip), the table says so instead of comparing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGES = ("llm", "shell-gpt")
# (name in the table, console script, extra environment). shell-gpt asks for an OpenAI key on
# import when none is set (even for --help): a dummy one keeps it from waiting on the prompt.
COMMANDS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("llm --help", "llm", {}),
    ("sgpt --help", "sgpt", {"OPENAI_API_KEY": "sk-benchmark-dummy"}),
)


class Peers:
    def __init__(self, venv: Path, *, wanted: bool) -> None:
        self.venv = venv
        self.why_missing: str | None = None
        self.ready = False
        if not wanted:
            self.why_missing = "skipped with --quick"
            return
        self.ready = self._ensure()

    def _bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    def _ensure(self) -> bool:
        if all(self._bin(script).exists() for _, script, _ in COMMANDS):
            return True
        print(f"Installing the peers ({', '.join(PACKAGES)}) into {self.venv} ...", flush=True)
        steps = [
            [sys.executable, "-m", "venv", str(self.venv)],
            [str(self._bin("python")), "-m", "pip", "install", "--quiet", *PACKAGES],
        ]
        for step in steps:
            proc = subprocess.run(step, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
                self.why_missing = f"could not install the peers: {last[:120]}"
                return False
        return all(self._bin(script).exists() for _, script, _ in COMMANDS)

    def help_commands(self) -> list[tuple[str, list[str], dict[str, str]]]:
        if not self.ready:
            return []
        return [(name, [str(self._bin(s)), "--help"], extra) for name, s, extra in COMMANDS]

    def versions(self) -> str:
        if not self.ready or not self._bin("python").exists():
            return ""
        proc = subprocess.run(
            [str(self._bin("python")), "-m", "pip", "list", "--format=freeze"],
            capture_output=True,
            text=True,
            check=False,
        )
        wanted = {name.replace("-", "_") for name in PACKAGES}
        found = [
            line
            for line in proc.stdout.splitlines()
            if line.split("==")[0].lower().replace("-", "_") in wanted
        ]
        return ", ".join(found)
