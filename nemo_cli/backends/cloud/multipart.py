"""A multipart/form-data body streamed from disk, with progress. Pure: no httpx.

The file is read in chunks while the request is being sent, never whole into memory, and the
length is known in advance (``Content-Length``), so the upload needs no chunked encoding.
"""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ..base import ProgressFn, ProgressUpdate, no_progress

CHUNK = 1024 * 1024


def quote_filename(name: str) -> str:
    """A file name for a Content-Disposition header (the HTML form encoding of ``"``, CR, LF)."""
    return name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


@dataclass(frozen=True)
class MultipartFile:
    """One ``files`` part holding the file at ``path``. ``body()`` may be called again (a retry
    sends the whole body again), each time reading the file afresh."""

    path: Path
    filename: str
    size: int
    boundary: str
    content_type: str
    progress: ProgressFn = no_progress

    @classmethod
    def for_path(
        cls, path: Path, progress: ProgressFn = no_progress, boundary: str | None = None
    ) -> MultipartFile:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(
            path=path,
            filename=path.name,
            size=path.stat().st_size,
            boundary=boundary or f"nemo-{secrets.token_hex(12)}",
            content_type=kind,
            progress=progress,
        )

    @property
    def head(self) -> bytes:
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="files"; '
            f'filename="{quote_filename(self.filename)}"\r\n'
            f"Content-Type: {self.content_type}\r\n\r\n"
        ).encode()

    @property
    def tail(self) -> bytes:
        return f"\r\n--{self.boundary}--\r\n".encode()

    @property
    def headers(self) -> dict[str, str]:
        length = len(self.head) + self.size + len(self.tail)
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(length),
        }

    def _tick(self, done: int) -> None:
        self.progress(ProgressUpdate("upload", self.filename, done, self.size, "bytes"))

    def body(self) -> Iterator[bytes]:
        yield self.head
        done = 0
        self._tick(0)
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 (closed below, also on GeneratorExit)
        except OSError as exc:
            raise InputError(f"Cannot read {self.path}: {exc.strerror or exc}") from None
        with fh:
            while done < self.size:
                chunk = fh.read(min(CHUNK, self.size - done))
                if not chunk:
                    raise InputError(
                        f"{self.path} changed while it was being uploaded.",
                        hint="Upload it again once nothing is writing to it.",
                    )
                done += len(chunk)
                yield chunk
                self._tick(done)
        yield self.tail
