"""Transcripts kept by content: the same file (wherever it lies, whatever its name) heard by the
same model is transcribed once.

The key is the SHA-256 of the file's bytes. Hashing a long video costs a second or two, so the
hash is remembered against the file's path, size and modification time (``keys.json``); a file
that changed gets a new hash, and so a new transcript. Entries live in the user cache folder
(removing them at any time is safe: they are made again on demand).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ....errors import ConfigError
from ....files import atomic_write_json, locked, read_json
from .models import SpeechModel
from .transcript import Transcript

CHUNK = 1 << 20


def cache_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("nemo", appauthor=False)) / "speech"


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def content_key(path: Path, root: Path | None = None) -> str:
    """The SHA-256 of ``path``'s bytes, remembered by path, size and modification time."""
    root = root or cache_root()
    index_file = root / "keys.json"
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    name = str(path.resolve())
    try:
        index = read_json(index_file, default={}, what="speech cache index")
    except ConfigError:
        index = {}  # a cache: a corrupt index is rebuilt, never a reason to fail
    entry = index.get(name) if isinstance(index, dict) else None
    if isinstance(entry, dict) and entry.get("stamp") == stamp and entry.get("sha256"):
        return str(entry["sha256"])
    digest = _hash_file(path)
    with locked(index_file):
        try:
            index = read_json(index_file, default={}, what="speech cache index")
        except ConfigError:
            index = {}
        if not isinstance(index, dict):
            index = {}
        index[name] = {"stamp": stamp, "sha256": digest}
        atomic_write_json(index_file, index)
    return digest


def model_key(model: SpeechModel) -> str:
    """Two models of the same name in different folders are kept apart."""
    where = hashlib.sha256(str(model.path).encode("utf-8")).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in model.name)[:80]
    return f"{safe}-{where}"


def cached_transcript(
    path: Path,
    model: SpeechModel,
    compute: Callable[[], Transcript],
    root: Path | None = None,
) -> Transcript:
    """The transcript of ``path`` by ``model``: from the cache, else ``compute()`` (then kept)."""
    root = root or cache_root()
    key = content_key(path, root)
    entry = root / "transcripts" / key[:2] / f"{key}-{model_key(model)}.json"
    try:
        data: Any = read_json(entry, default=None, what="cached transcript")
    except ConfigError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("words"), list):
        try:
            return Transcript.from_store(data)
        except (KeyError, TypeError, ValueError):
            pass  # an entry from another version: heard again below
    transcript = compute()
    # A cache that cannot be written costs time on the next run, nothing else.
    with contextlib.suppress(OSError):
        atomic_write_json(entry, transcript.to_store())
    return transcript
