"""A file to upload through httpx's own multipart streaming, telling a progress bar how far
httpx has read it.

httpx builds the body (``files={"files": (name, ProgressFile)}``): it reads the file a piece at
a time while the request is being sent, never whole into memory, escapes the file name, guesses
the part's content type from it, and rewinds the file (``seek(0)``) when a retry sends the body
again. The length comes from ``seek(0, SEEK_END)``, which this file answers with its size when
the upload began, and reads stop there: the body is exactly as long as its Content-Length says
even if something writes to the file meanwhile. A file that shrinks is a clear ``InputError``
rather than a body cut short.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from ...errors import InputError
from ..base import ProgressFn, ProgressUpdate, no_progress


class ProgressFile:
    """The file at ``path``, opened for reading; ``read`` ticks ``progress`` (phase
    ``upload``, keyed by the file's name, in bytes). Use it in a ``with`` block."""

    def __init__(self, path: Path, progress: ProgressFn = no_progress) -> None:
        try:
            self._file = open(path, "rb")  # noqa: SIM115 (closed by close() / the with block)
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None
        self.path = path
        self.name = path.name  # what httpx puts in the part's filename
        self.size = os.fstat(self._file.fileno()).st_size
        self._progress = progress
        self._done = 0

    def __enter__(self) -> ProgressFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def _tick(self) -> None:
        self._progress(ProgressUpdate("upload", self.name, self._done, self.size, "bytes"))

    def read(self, n: int = -1) -> bytes:
        if self._done == 0:
            self._tick()  # an attempt begins (httpx rewinds the file before each)
        left = self.size - self._done
        want = left if n is None or n < 0 else min(n, left)
        if want <= 0:
            return b""
        chunk = self._file.read(want)
        if not chunk:
            raise InputError(
                f"{self.path} changed while it was being uploaded.",
                hint="Upload it again once nothing is writing to it.",
            )
        self._done += len(chunk)
        self._tick()
        return chunk

    def tell(self) -> int:
        return self._done

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """httpx rewinds to the start before it sends the body, and measures the length by
        seeking to the end and back."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._done, os.SEEK_END: self.size}[whence]
        position = max(0, min(base + offset, self.size))
        self._file.seek(position)
        self._done = position
        return position
