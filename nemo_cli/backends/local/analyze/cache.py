"""The analysis cache: one small JSON file per content, in the user's cache folder.

The key is a fingerprint of the content, not the path, so a file renamed, moved or copied is
not analysed again, and a file replaced under the same name is. Hashing a whole 1 GB video
would cost seconds on every look-up; the fingerprint hashes the size and 32 slices of 16 KB
spread evenly through the file, plus the first and last 64 KB (the container's header and
index). Media files are compressed, so two different recordings never agree on all of that;
a file smaller than what the slices would cover is hashed whole.

The key also carries ``VERSION``: raise it when the analysis changes what it finds. A corrupt
entry is treated as absent and replaced; a write is atomic, so Ctrl-C leaves the old entry or
none, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from ....files import atomic_write_json
from .result import Analysis

VERSION = 2
SLICES = 32
SLICE = 16 * 1024
ENDS = 64 * 1024


def cache_root() -> Path:
    """``<user cache dir>/analysis`` (platformdirs, so ``XDG_CACHE_HOME`` is honoured)."""
    import platformdirs

    from ....config import APP

    return Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "analysis"


def fingerprint(path: Path) -> str:
    """A hash of the file's size and sampled content (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        digest.update(size.to_bytes(8, "little"))
        if size <= 2 * ENDS + SLICES * SLICE:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        else:
            digest.update(fh.read(ENDS))
            step = (size - 2 * ENDS - SLICE) // (SLICES - 1)
            for i in range(SLICES):
                fh.seek(ENDS + i * step)
                digest.update(fh.read(SLICE))
            fh.seek(size - ENDS)
            digest.update(fh.read(ENDS))
    return digest.hexdigest()


def key(path: Path) -> str:
    return f"v{VERSION}-{fingerprint(path)}"


def entry(root: Path, cache_key: str) -> Path:
    return root / cache_key[-2:] / f"{cache_key}.json"


def load(root: Path, cache_key: str) -> Analysis | None:
    try:
        raw = entry(root, cache_key).read_bytes()
        return Analysis.from_json(json.loads(raw.decode("utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def store(root: Path, cache_key: str, analysis: Analysis) -> None:
    """Save it; a cache that cannot be written (read-only, full disk) is only a lost speed-up."""
    with contextlib.suppress(OSError):
        atomic_write_json(entry(root, cache_key), analysis.to_json())
