"""Which files can be uploaded, checked before anything is sent or referenced.

A file must exist, be a regular readable file, have a supported extension, really be media of
that family (its first bytes are sniffed, so a text file renamed ``.mp4`` is refused), and for
the cloud be at most 500 MB. Every refusal is an ``InputError`` (exit 5) naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError

# The one table of the media files nemo takes: extension -> family. The cloud takes the
# CLOUD_EXT ones (CONTRACT.md); the local engine (ffmpeg) takes them all. The router, the
# instruction parser and the upload check all read these.
VIDEO_EXT = ("mp4", "mov", "avi", "webm", "mkv", "m4v")
IMAGE_EXT = ("jpg", "jpeg", "png", "gif", "webp")
AUDIO_EXT = ("mp3", "wav", "m4a", "aac", "flac", "ogg", "opus")
CLOUD_EXT = ("mp4", "mov", "avi", "webm", "mkv", "jpg", "jpeg", "png", "gif", "webp",
             "mp3", "wav", "m4a", "aac")  # fmt: skip
FILE_TYPES = {
    **{e: "video" for e in VIDEO_EXT},
    **{e: "image" for e in IMAGE_EXT},
    **{e: "audio" for e in AUDIO_EXT},
}
CLOUD_MAX_BYTES = 500 * 1024 * 1024


def supported_text(cloud: bool = False) -> str:
    """"video: mp4 mov ... · image: ... · audio: ..." (what the cloud takes, or the engine)."""
    families = (("video", VIDEO_EXT), ("image", IMAGE_EXT), ("audio", AUDIO_EXT))
    return " · ".join(
        f"{family}: " + " ".join(e for e in exts if e != "jpeg" and (not cloud or e in CLOUD_EXT))
        for family, exts in families
    )


SUPPORTED_TEXT = supported_text()
CLOUD_SUPPORTED_TEXT = supported_text(cloud=True)


def is_url(text: str) -> bool:
    """An http(s) address with a host (the one test: the router and uploads both use it)."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def file_type_for(name: str) -> str | None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FILE_TYPES.get(ext)


def sniff(head: bytes) -> str | None:
    """The container family of a file from its first bytes, or None if not media we know."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio" if brand in (b"M4A ", b"M4B ") else "video"  # mp4, mov, m4a, 3gp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"  # matroska / webm
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"AVI ": "video", b"WAVE": "audio", b"WEBP": "image"}.get(head[8:12])
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")):
        return "image"
    if head.startswith((b"ID3", b"ADIF")) or (len(head) >= 2 and head[0] == 0xFF and
                                             head[1] & 0xE0 == 0xE0):
        return "audio"  # mp3 (ID3 tag or frame sync), aac (ADIF / ADTS)
    if head.startswith((b"fLaC", b"OggS")):
        return "audio"  # flac; ogg (vorbis or opus)
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video"  # old QuickTime files without ftyp
    return None


def _compatible(declared: str, sniffed: str | None) -> bool:
    if sniffed is None:
        return False
    # An .m4a and an .mp4 are the same container; an mp4 may hold only audio.
    return sniffed == declared or {declared, sniffed} <= {"video", "audio"}


def check_local_file(path: Path, max_bytes: int | None = None, *, cloud: bool = False) -> str:
    """Check one local file (``cloud``: for the cloud, which takes fewer formats); return its
    type (video|image|audio) or raise InputError."""
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"No such file: {shown}") from None
    except OSError as exc:
        raise InputError(f"Cannot read {shown}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(f"{shown} is a directory, not a media file.",
                         hint="Name the files inside it, e.g. nemo upload dir/*.mp4")
    kind = file_type_for(path.name)
    supported = CLOUD_SUPPORTED_TEXT if cloud else SUPPORTED_TEXT
    if kind is None:
        raise InputError(f"Unsupported file type: {shown}", hint=f"Supported: {supported}.")
    if cloud and path.name.rsplit(".", 1)[-1].lower() not in CLOUD_EXT:
        raise InputError(
            f"The cloud does not take this file type: {shown}",
            hint=f"The cloud takes {supported}. The local engine takes it: --backend local.",
        )
    if max_bytes is not None and st.st_size > max_bytes:
        size_mb = st.st_size / (1024 * 1024)
        limit_mb = max_bytes // (1024 * 1024)
        raise InputError(
            f"{shown} is too large ({size_mb:.0f} MB; the limit is {limit_mb} MB).",
            hint="Compress it or trim it first, or use the local engine: --backend local.",
        )
    if st.st_size == 0:
        raise InputError(f"{shown} is empty.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise InputError(f"Cannot read {shown}: {exc.strerror or exc}") from None
    if not _compatible(kind, sniff(head)):
        raise InputError(
            f"{shown} does not look like a real {kind} file.",
            hint=f"Supported: {supported}.",
        )
    if not os.access(path, os.R_OK):
        raise InputError(f"Cannot read {shown}: permission denied")
    return kind
