"""Which files can be uploaded, checked before anything is sent or referenced.

Every file must exist, be a regular readable file and not be empty. Then the two backends differ:

- The **cloud** takes its own 13 formats (``CLOUD_EXT``, CONTRACT.md), at most 500 MB, and the
  file must really be media of its extension's family (its first bytes are sniffed, so a text
  file renamed ``.mp4`` is refused). A file only the local engine takes (an ``.MTS`` from a
  camera, a ``.flac``) is refused by name, with a pointer to the local engine.
- The **local** engine takes what ffmpeg reads: the probe (render/probe.py) decides, and says
  why when it cannot, whatever the extension. Only a file whose extension names a container
  nemo can recognise by its first bytes, and whose first bytes are not media at all, is refused
  here, before ffmpeg runs (a text file renamed ``.mp4``).

Every refusal is an ``InputError`` (exit 5) naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError

# The one table of the media files nemo knows: extension -> family. The cloud takes the
# CLOUD_EXT ones (CONTRACT.md); the local engine (ffmpeg) takes them all, and files of other
# extensions too when its probe reads them. The router, the instruction parser and the upload
# check all read these.
VIDEO_EXT = (
    "mp4",
    "mov",
    "avi",
    "webm",
    "mkv",
    "m4v",
    "mts",
    "m2ts",
    "ts",
    "mpg",
    "mpeg",
    "vob",
    "3gp",
    "3g2",
    "wmv",
    "asf",
    "flv",
    "ogv",
    "mxf",
    "dv",
)
IMAGE_EXT = ("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "avif", "bmp", "tif", "tiff")
AUDIO_EXT = (
    "mp3",
    "wav",
    "m4a",
    "aac",
    "flac",
    "ogg",
    "opus",
    "oga",
    "aif",
    "aiff",
    "aifc",
    "wma",
    "amr",
    "ac3",
    "mka",
    "caf",
)
SUBTITLE_EXT = ("srt", "vtt", "ass", "ssa")  # a captions track (the local engine reads them)
CLOUD_EXT = (
    "mp4",
    "mov",
    "avi",
    "webm",
    "mkv",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "mp3",
    "wav",
    "m4a",
    "aac",
)
FILE_TYPES = {
    **{e: "video" for e in VIDEO_EXT},
    **{e: "image" for e in IMAGE_EXT},
    **{e: "audio" for e in AUDIO_EXT},
    **{e: "subtitles" for e in SUBTITLE_EXT},
}
# Extensions whose container ``sniff`` recognises: for these the first bytes must be media.
SNIFFED_EXT = frozenset(CLOUD_EXT) | {
    "m4v",
    "mts",
    "m2ts",
    "ts",
    "mpg",
    "mpeg",
    "vob",
    "3gp",
    "3g2",
    "wmv",
    "asf",
    "ogv",
    "heic",
    "heif",
    "avif",
    "flac",
    "ogg",
    "opus",
    "oga",
    "aif",
    "aiff",
    "aifc",
    "wma",
    "mka",
}
CLOUD_MAX_BYTES = 500 * 1024 * 1024


def supported_text(cloud: bool = False) -> str:
    """ "video: mp4 mov ... · image: ... · audio: ..." (what the cloud takes, or the engine)."""
    families = (
        ("video", VIDEO_EXT),
        ("image", IMAGE_EXT),
        ("audio", AUDIO_EXT),
        ("subtitles", SUBTITLE_EXT[:3]),
    )
    shown = [
        (family, [e for e in exts if e != "jpeg" and (not cloud or e in CLOUD_EXT)])
        for family, exts in families
    ]
    more = "" if cloud else "..."
    return " · ".join(
        f"{family}: " + " ".join(exts) + (more if family != "subtitles" else "")
        for family, exts in shown
        if exts
    )


SUPPORTED_TEXT = supported_text()
CLOUD_SUPPORTED_TEXT = supported_text(cloud=True)
LOCAL_TEXT = f"The local engine reads what ffmpeg reads: {SUPPORTED_TEXT}"


def is_url(text: str) -> bool:
    """An http(s) address with a host (the one test: the router and uploads both use it)."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_type_for(name: str) -> str | None:
    """The family an extension in the table names (None for others: the probe decides)."""
    return FILE_TYPES.get(_ext(name))


_STILL_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"avif")


def sniff(head: bytes) -> str | None:
    """The container family of a file from its first bytes, or None if not media we know."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _STILL_BRANDS:
            return "image"  # HEIF / AVIF photo
        return "audio" if brand in (b"M4A ", b"M4B ") else "video"  # mp4, mov, m4a, 3gp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"  # matroska / webm
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"AVI ": "video", b"WAVE": "audio", b"WEBP": "image"}.get(head[8:12])
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")):
        return "image"
    if head.startswith((b"ID3", b"ADIF")) or (
        len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    ):
        return "audio"  # mp3 (ID3 tag or frame sync), aac (ADIF / ADTS)
    if head.startswith((b"fLaC", b"OggS")):
        return "audio"  # flac; ogg (vorbis or opus; an .ogv is told by its extension)
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video"  # old QuickTime files without ftyp
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "video"  # ASF: wmv / wma
    if head.startswith(b"\x00\x00\x01\xba"):
        return "video"  # MPEG program stream: mpg, vob
    if head[0:1] == head[188:189] == b"\x47" or head[4:5] == head[196:197] == b"\x47":
        return "video"  # MPEG transport stream: 188-byte packets (m2ts / mts: 192, 4 first)
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio"
    return None


def _compatible(declared: str, sniffed: str | None) -> bool:
    if sniffed is None:
        return False
    # An .m4a and an .mp4 are the same container; an mp4 may hold only audio; an ogg or an
    # asf may hold either.
    return sniffed == declared or {declared, sniffed} <= {"video", "audio"}


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(512)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None


def check_local_file(
    path: Path, max_bytes: int | None = None, *, cloud: bool = False
) -> str | None:
    """Check one local file for the local engine, or (``cloud``) for the cloud, which takes its
    own formats; returns its family (video|image|audio|subtitles; None: an extension nemo does
    not know, for the probe to decide) or raises InputError."""
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"No such file: {shown}") from None
    except OSError as exc:
        raise InputError(f"Cannot read {shown}: {exc.strerror or exc}") from None
    if path.is_dir():
        import shlex

        inside = shlex.quote(shown.rstrip("/") or "/")
        raise InputError(
            f"{shown} is a directory, not a media file.",
            hint=f"Name the files inside it, e.g. nemo upload {inside}/*.mp4",
        )
    ext = _ext(path.name)
    kind = file_type_for(path.name)
    if cloud and ext not in CLOUD_EXT:
        if kind is None:
            raise InputError(
                f"Unsupported file type: {shown}", hint=f"Supported: {CLOUD_SUPPORTED_TEXT}."
            )
        raise InputError(
            f"The cloud does not take this file type: {shown}",
            hint=f"The cloud takes {CLOUD_SUPPORTED_TEXT}. The local engine takes it: "
            "--backend local.",
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
    if kind == "subtitles":  # text: the subtitle reader checks what is inside
        if not os.access(path, os.R_OK):
            raise InputError(f"Cannot read {shown}: permission denied")
        return kind
    head = _read_head(path)
    if kind is not None and ext in SNIFFED_EXT and not _compatible(kind, sniff(head)):
        raise InputError(
            f"{shown} does not look like a real {kind} file.",
            hint=f"Supported: {CLOUD_SUPPORTED_TEXT}." if cloud else LOCAL_TEXT,
        )
    if not os.access(path, os.R_OK):
        raise InputError(f"Cannot read {shown}: permission denied")
    return kind
