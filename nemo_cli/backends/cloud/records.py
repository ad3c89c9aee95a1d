"""Small lists the cloud backend keeps in the state dir, each entry a JSON object with an id.

- ``renders.json`` (``Paths.renders_file``): renders submitted but not yet downloaded, so
  ``nemo export --resume`` can pick one up after Ctrl-C, a crash or a closed laptop.
- ``cloud-sessions.json``: the sessions nemo created (the cloud has no endpoint to list them).

Written atomically under the file's lock; a corrupt file is reported and left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...config import Paths
from ...errors import ConfigError
from ...files import atomic_write_json, locked, read_json


class Records:
    def __init__(self, path: Path, key: str, what: str) -> None:
        self.path = path
        self.key = key
        self.what = what

    def _read(self) -> dict[str, Any]:
        data = read_json(self.path, default={}, what=self.what)
        if not isinstance(data, dict) or not isinstance(data.get(self.key, []), list):
            raise ConfigError(
                f"The {self.what} {self.path} is corrupt (unexpected shape).",
                hint="Fix or delete it; nemo leaves it as it is.",
            )
        return data

    def all(self) -> list[dict[str, Any]]:
        return [r for r in self._read().get(self.key, []) if isinstance(r, dict) and r.get("id")]

    def get(self, ident: str) -> dict[str, Any] | None:
        return next((r for r in self.all() if r["id"] == ident), None)

    def newest(self) -> dict[str, Any] | None:
        entries = self.all()
        return entries[-1] if entries else None

    def put(self, record: dict[str, Any]) -> None:
        """Add ``record`` (replacing one with the same id) as the newest entry."""
        with locked(self.path):
            data = self._read()
            kept = [r for r in data.get(self.key, []) if not _same(r, record["id"])]
            data[self.key] = [*kept, record]
            atomic_write_json(self.path, data)

    def drop(self, ident: str) -> None:
        with locked(self.path):
            data = self._read()
            entries = data.get(self.key, [])
            kept = [r for r in entries if not _same(r, ident)]
            if len(kept) != len(entries):
                data[self.key] = kept
                atomic_write_json(self.path, data)


def _same(entry: Any, ident: str) -> bool:
    return isinstance(entry, dict) and entry.get("id") == ident


def pending_renders(paths: Paths) -> Records:
    return Records(paths.renders_file, "cloud", "pending renders file")


def known_sessions(paths: Paths) -> Records:
    return Records(paths.state_dir / "cloud-sessions.json", "sessions", "cloud sessions file")
