"""Reading and writing nemo's own small files safely: atomic replace, locks, clear errors.

Two nemo processes (a REPL and a script) may touch the same files at once. Writers take an
inter-process lock and replace the file atomically, so a reader sees the old or the new file,
never half of one. A corrupt file raises ``ConfigError`` naming it and is left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigError


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new file ``.NAME.RANDOM.tmp`` beside ``path``, opened for writing (as
    ``tempfile.mkstemp`` makes it; that module's import costs every command a few ms)."""
    while True:
        tmp = str(path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue


def atomic_write_text(path: Path, text: str, *, mode: int = 0o644) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_json(path: Path, obj: Any, *, mode: int = 0o644) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n", mode=mode)


def read_json(path: Path, *, default: Any = None, what: str = "file") -> Any:
    """Read a JSON file; a missing file gives ``default``, a corrupt one a ConfigError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return default
    except OSError as exc:
        raise ConfigError(
            f"Cannot read the {what} {path}: {exc.strerror or exc}",
            hint="Check the file's permissions.",
        ) from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ConfigError(
            f"The {what} {path} is corrupt (not valid JSON).",
            hint="Fix or delete it; nemo leaves it as it is.",
        ) from exc


@contextlib.contextmanager
def locked(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an inter-process lock for ``path`` (a ``.lock`` file beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with _flocked(Path(str(path) + ".lock"), path, timeout):
            yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(str(path) + ".lock", timeout=timeout)
    try:
        with lock:
            yield
    except Timeout as exc:
        raise ConfigError(
            f"Another nemo process holds {path} locked.",
            hint="Wait for it to finish, then try again.",
        ) from exc


@contextlib.contextmanager
def _flocked(lock_file: Path, path: Path, timeout: float) -> Iterator[None]:
    """``locked`` on POSIX: ``flock`` on the lock file, polled every 50 ms until ``timeout``,
    exactly as ``filelock`` does there (the same lock file, so the two agree), without loading
    that package (its import cost every command ~20 ms)."""
    import fcntl

    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConfigError(
                        f"Another nemo process holds {path} locked.",
                        hint="Wait for it to finish, then try again.",
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
