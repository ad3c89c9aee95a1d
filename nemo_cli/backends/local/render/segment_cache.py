"""Rendered pieces kept between exports, by a key of everything that shaped them.

``<user cache dir>/render/<key[:2]>/<key>.<ext>``: a segment's video (``.mp4``) or a timeline's
sound (``.m4a``). An entry is written under a temporary name in the same folder and renamed
into place whole, so a reader sees a complete file or none, and two renders writing the same
key at once both end with the same file. Using an entry touches it; the cache is trimmed to
its limit (config ``cache_limit``, default 2 GB) least recently used first, never removing
what the render in progress uses. ``nemo cache clear`` empties the whole cache folder
(segments, and what the other stages keep there: analyses, thumbnails).

A source file's content enters a key through ``fingerprint``: its size, its modification time
and a hash of its first and last 64 KB (where a container keeps its header and index), so a
file replaced under the same name is rendered again without reading a 40-minute video whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ....errors import UsageError

DEFAULT_LIMIT = 2 * 1024**3
ENDS = 64 * 1024
_SIZE_RE = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]?i?b?)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def cache_root() -> Path:
    """nemo's cache folder (platformdirs, so ``XDG_CACHE_HOME`` is honoured)."""
    import platformdirs

    from ....config import APP

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def parse_size(text: str | int | float) -> int:
    """``cache_limit`` as bytes: 2GB, 500 MB, 1.5g, 1048576 (binary units: 1 GB = 1024**3)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        if text < 0:
            raise UsageError(f"cache_limit cannot be negative ({text}).")
        return int(text)
    match = _SIZE_RE.match(str(text))
    if not match:
        raise UsageError(
            f"cache_limit '{text}' is not a size.", hint="Write it like 2GB, 500MB or 0 (no cache)."
        )
    unit = (match.group("unit") or "").lower().replace("i", "").rstrip("b") or ""
    return int(float(match.group("n")) * _UNITS[unit])


def fingerprint(path: Path) -> str:
    """A cheap stand-in for the file's content (see the module docstring)."""
    st = path.stat()
    digest = hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}".encode())
    with path.open("rb") as handle:
        digest.update(handle.read(ENDS))
        if st.st_size > 2 * ENDS:
            handle.seek(-ENDS, os.SEEK_END)
            digest.update(handle.read(ENDS))
    return digest.hexdigest()


@dataclass
class SegmentCache:
    root: Path
    limit: int = DEFAULT_LIMIT

    def path_for(self, key: str, ext: str) -> Path:
        return self.root / key[:2] / f"{key}.{ext}"

    def get(self, key: str, ext: str) -> Path | None:
        """The entry, touched (it becomes the most recently used), or None."""
        path = self.path_for(key, ext)
        try:
            if path.stat().st_size > 0:
                os.utime(path)
                return path
        except OSError:
            pass
        return None

    def scratch(self, key: str, ext: str) -> Path:
        """Where to write an entry before ``put`` (same folder: the rename is atomic)."""
        folder = self.path_for(key, ext).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f".{key}.{secrets.token_hex(4)}.partial.{ext}"

    def put(self, key: str, ext: str, written: Path) -> Path:
        path = self.path_for(key, ext)
        os.replace(written, path)
        return path

    def put_text(self, key: str, ext: str, text: str) -> Path:
        """A small entry written whole (through a scratch name, so it is never half there)."""
        written = self.scratch(key, ext)
        try:
            written.write_text(text, encoding="utf-8")
            return self.put(key, ext, written)
        finally:
            written.unlink(missing_ok=True)

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last used, bytes, path) of every entry, oldest first."""
        found: list[tuple[float, int, Path]] = []
        if not self.root.is_dir():
            return found
        for path in self.root.glob("*/*"):
            if path.name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                st = path.stat()
                found.append((st.st_mtime, st.st_size, path))
        return sorted(found)

    def trim(self, keep: Iterable[Path] = ()) -> int:
        """Remove the least recently used entries until the cache fits its limit; returns the
        bytes removed. ``keep`` (the entries the current render uses) is never removed."""
        kept = {Path(p) for p in keep}
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in entries:
            if total - freed <= self.limit:
                break
            if path in kept:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                freed += size
        return freed


def clear(root: Path) -> tuple[int, int]:
    """Empty nemo's cache folder; returns (files, bytes) removed."""
    files = size = 0
    if not root.is_dir():
        return 0, 0
    for path in root.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                files += 1
                size += path.stat().st_size
    for child in root.iterdir():
        with contextlib.suppress(OSError):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    return files, size
