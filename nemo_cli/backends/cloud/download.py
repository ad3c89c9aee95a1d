"""Download a finished render: streamed to a temporary name beside the target, renamed when
complete, resumed with a Range request when the connection drops (if the server serves
ranges; otherwise started again). The token is never sent (``HttpCore`` strips it from any
host but the API's). A failure or Ctrl-C leaves no partial file behind; a full disk is said
plainly (``RenderError`` code ``disk_full``). The temporary file is created afresh, never
through a link someone left at its name."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from pathlib import Path
from typing import IO

from ...errors import ApiError, NetworkError, RenderError
from ..base import ProgressFn, ProgressUpdate, no_progress
from .http import HttpCore, host_of, network_error

TICK = 0.05  # seconds between progress ticks
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.I)


def part_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.part")


class _Dropped(Exception):
    """The connection broke mid-body; ``cause`` is the NetworkError to report if we give up."""

    def __init__(self, cause: NetworkError) -> None:
        super().__init__(cause.message)
        self.cause = cause


def download(
    core: HttpCore,
    url: str,
    target: Path,
    *,
    key: str,
    progress: ProgressFn = no_progress,
) -> int:
    """Fetch ``url`` into ``target``; returns the number of bytes written."""
    tmp = part_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    state = _State()
    try:
        with _create(tmp) as fh:
            failures = 0
            while True:
                try:
                    _fetch(core, url, fh, state, key, progress)
                    break
                except (_Dropped, NetworkError) as exc:
                    failures += 1
                    if failures > core.tuning.download_resumes:
                        raise (exc.cause if isinstance(exc, _Dropped) else exc) from None
                    core.wait(core.tuning.backoff(failures - 1))
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, BrokenPipeError):  # our own output went away, not the file
            raise
        raise _write_error(exc, target) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return state.have


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _create(tmp: Path) -> IO[bytes]:
    """A new, empty file at ``tmp`` (a stale one from a crash is removed first; a symlink is
    never followed)."""
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(tmp, flags, 0o644), "wb")


def _write_error(exc: OSError, target: Path) -> RenderError:
    if exc.errno in _FULL:
        return RenderError(
            f"Not enough disk space to save {target}: {exc.strerror}.",
            hint="Free some space or choose another folder with -o; the render is kept on "
            "the cloud (nemo export --resume).",
            code="disk_full",
        )
    return RenderError(
        f"Cannot save {target}: {exc.strerror or exc}.",
        hint="Check the folder's permissions or choose another with -o; the render is kept "
        "on the cloud (nemo export --resume).",
        code="write_failed",
    )


class _State:
    def __init__(self) -> None:
        self.have = 0
        self.total: int | None = None
        self.ranges = False  # the server said Accept-Ranges: bytes


def _fetch(
    core: HttpCore, url: str, fh: IO[bytes], state: _State, key: str, progress: ProgressFn
) -> None:
    import httpx

    resume = state.have > 0 and state.ranges
    if state.have and not resume:
        fh.seek(0)
        fh.truncate()
        state.have = 0
    headers = {"Range": f"bytes={state.have}-"} if resume else None
    response = core.send("GET", url, headers=headers, stream=True)
    try:
        status = response.status_code
        if status == 416 and resume and state.total == state.have:
            return  # we had it all already
        if status == 206 and resume:
            match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != state.have:
                state.ranges = False  # it sent something else: start again next time
                raise _Dropped(NetworkError("The download server sent the wrong part."))
            if match.group(3) != "*":
                state.total = int(match.group(3))
        elif status == 200:
            if state.have:
                fh.seek(0)
                fh.truncate()
                state.have = 0
            state.ranges = "bytes" in response.headers.get("Accept-Ranges", "").lower()
            length = response.headers.get("Content-Length", "")
            state.total = int(length) if length.isdigit() else None
        elif status >= 500:
            failed = NetworkError(f"The download server at {host_of(url)} failed (HTTP {status}).")
            raise _Dropped(failed)
        else:
            raise ApiError(
                f"Downloading the video from {host_of(url)} failed (HTTP {status}).",
                hint="Try again with: nemo export --resume",
                status=status,
            )
        progress(ProgressUpdate("download", key, state.have, state.total, "bytes"))
        # A tick per received piece (64 KiB) would be thousands a second on a fast link, each
        # taking the progress bar's lock: tick at most every TICK seconds, and at the end.
        ticked = time.monotonic()
        try:
            for chunk in response.iter_bytes():
                fh.write(chunk)
                state.have += len(chunk)
                now = time.monotonic()
                if now - ticked >= TICK:
                    ticked = now
                    progress(ProgressUpdate("download", key, state.have, state.total, "bytes"))
        except httpx.RequestError as exc:
            progress(ProgressUpdate("download", key, state.have, state.total, "bytes"))
            raise _Dropped(network_error(exc, host_of(url), "the download server")) from exc
        progress(ProgressUpdate("download", key, state.have, state.total, "bytes"))
        if state.total is not None and state.have < state.total:
            cut = NetworkError(f"The download from {host_of(url)} stopped early.")
            raise _Dropped(cut)
    finally:
        response.close()
