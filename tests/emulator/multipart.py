"""Reading request bodies from the socket a piece at a time.

``BodyReader`` undoes Content-Length or chunked framing; ``iter_multipart`` parses a
multipart/form-data stream into (headers, data pieces, end) events without ever holding more
than one read (64 KiB) plus a boundary's worth of bytes, so a 500 MB upload costs no memory.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO
from urllib.parse import unquote

CHUNK = 64 * 1024
_MAX_HEADER_BYTES = 16 * 1024


class BadBody(Exception):
    """The body is not what its headers say (cut short, bad chunk framing, bad multipart)."""


class BodyReader:
    """The request body as a stream; ``received`` counts body bytes read so far."""

    def __init__(
        self, rfile: IO[bytes] | io.BufferedIOBase, length: int | None, chunked: bool
    ) -> None:
        self._rfile = rfile
        self._left = length or 0
        self._chunked = chunked
        self._chunk_left = 0
        self._done = not chunked and not length
        self.received = 0

    def read(self, size: int = CHUNK) -> bytes:
        if self._done:
            return b""
        data = self._read_chunked(size) if self._chunked else self._read_plain(size)
        self.received += len(data)
        return data

    def _read_plain(self, size: int) -> bytes:
        data = self._rfile.read(min(size, self._left))
        if not data:
            raise BadBody(f"the body ended {self._left} bytes early")
        self._left -= len(data)
        self._done = self._left == 0
        return data

    def _read_chunked(self, size: int) -> bytes:
        if self._chunk_left == 0:
            line = self._rfile.readline(1024)
            try:
                self._chunk_left = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BadBody(f"bad chunk size line {line[:40]!r}") from None
            if self._chunk_left == 0:
                while self._rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                self._done = True
                return b""
        data = self._rfile.read(min(size, self._chunk_left))
        if not data:
            raise BadBody("the chunked body ended early")
        self._chunk_left -= len(data)
        if self._chunk_left == 0:
            self._rfile.readline(16)  # the CRLF after the chunk
        return data

    def read_all(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while piece := self.read():
            total += len(piece)
            if total > limit:
                raise BadBody(f"the body is larger than {limit} bytes")
            parts.append(piece)
        return b"".join(parts)

    def drain(self) -> None:
        while self.read():
            pass


def boundary_of(content_type: str) -> bytes | None:
    match = re.search(r'boundary=(?:"([^"]+)"|([^;\s]+))', content_type, re.IGNORECASE)
    if not match:
        return None
    return (match.group(1) or match.group(2)).encode("latin-1")


def parse_part_headers(raw: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in raw.decode("utf-8", "replace").split("\r\n"):
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return headers


def disposition_params(value: str) -> dict[str, str]:
    """``form-data; name="files"; filename="a b.mp4"`` -> {"name": ..., "filename": ...};
    ``filename*=UTF-8''...`` (RFC 5987) wins over ``filename``."""
    params: dict[str, str] = {}
    for match in re.finditer(r';\s*([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))', value):
        key = match.group(1).lower()
        raw = match.group(2) if match.group(2) is not None else match.group(3).strip()
        if key.endswith("*"):
            _, _, encoded = raw.partition("''")
            params[key[:-1]] = unquote(encoded)
        elif key not in params:
            params[key] = re.sub(r"\\(.)", r"\1", raw)
    return params


def iter_multipart(
    read: BodyReader, boundary: bytes
) -> Iterator[tuple[str, dict[str, str] | bytes | None]]:
    """Yield ("headers", dict), ("data", bytes)..., ("end", None) for each part, in order.

    Raises ``BadBody`` when the stream is not valid multipart or ends early.
    """
    delimiter = b"--" + boundary
    separator = b"\r\n" + delimiter
    keep = len(separator) - 1
    buf = b""

    def more() -> None:
        nonlocal buf
        piece = read.read(CHUNK)
        if not piece:
            raise BadBody("the multipart body ended before its closing boundary")
        buf += piece

    # The preamble, up to the first delimiter.
    while (idx := buf.find(delimiter)) < 0:
        buf = buf[-len(delimiter) :]
        more()
    buf = buf[idx + len(delimiter) :]
    while True:
        while len(buf) < 2:
            more()
        if buf.startswith(b"--"):
            read.drain()  # the epilogue
            return
        if not buf.startswith(b"\r\n"):
            raise BadBody("a multipart delimiter is not followed by CRLF")
        buf = buf[2:]
        while (idx := buf.find(b"\r\n\r\n")) < 0:
            if len(buf) > _MAX_HEADER_BYTES:
                raise BadBody("a multipart part's headers are too long")
            more()
        yield "headers", parse_part_headers(buf[:idx])
        buf = buf[idx + 4 :]
        while (idx := buf.find(separator)) < 0:
            if len(buf) > keep:
                yield "data", buf[:-keep]
                buf = buf[-keep:]
            more()
        if idx:
            yield "data", buf[:idx]
        yield "end", None
        buf = buf[idx + len(separator) :]
