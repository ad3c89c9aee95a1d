"""Which files can be uploaded, checked before anything is sent or referenced.

Every file must exist, be a regular readable file and not be empty. Then the two backends differ:

- The **cloud** takes its own 13 formats (``CLOUD_TEXT``), at most 500 MB, and the file must
  really be media of its extension's family (its first bytes are sniffed, so a text file renamed
  ``.mp4`` is refused). A file the local engine could read but the cloud cannot (an ``.MTS``
  from a camera) is refused with a pointer to the local engine.
- The **local** engine takes what ffmpeg reads: the probe (render/probe.py) decides, and says
  why when it cannot. Only a file whose extension is one of the cloud's and whose first bytes are
  not media at all is refused here, before ffmpeg runs (a text file renamed ``.mp4``).

Every refusal is an ``InputError`` (exit 5) naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError

VIDEO_EXT = ("mp4", "mov", "avi", "webm", "mkv")
IMAGE_EXT = ("jpg", "jpeg", "png", "gif", "webp")
AUDIO_EXT = ("mp3", "wav", "m4a", "aac")
FILE_TYPES = {
    **{e: "video" for e in VIDEO_EXT},
    **{e: "image" for e in IMAGE_EXT},
    **{e: "audio" for e in AUDIO_EXT},
}
# Files people have that ffmpeg reads but the cloud does not take (a guess at the kind, for
# messages; the local probe decides).
LOCAL_FILE_TYPES = {
    **{e: "video" for e in ("m4v", "mts", "m2ts", "ts", "mpg", "mpeg", "vob", "3gp", "3g2",
                            "wmv", "asf", "flv", "ogv", "mxf", "dv", "f4v", "divx")},
    **{e: "image" for e in ("heic", "heif", "avif", "bmp", "tif", "tiff", "jxl", "apng")},
    **{e: "audio" for e in ("flac", "ogg", "oga", "opus", "aif", "aiff", "aifc", "wma",
                            "amr", "ac3", "mka", "caf", "alac", "ape", "wv")},
}  # fmt: skip
CLOUD_MAX_BYTES = 500 * 1024 * 1024
CLOUD_TEXT = "video: mp4 mov avi webm mkv · image: jpg png gif webp · audio: mp3 wav m4a aac"
SUPPORTED_TEXT = CLOUD_TEXT  # the name older callers use
LOCAL_TEXT = ("The local engine reads what ffmpeg reads: video (mp4 mov mkv webm avi m4v mts "
              "m2ts ts mpg 3gp wmv...), photos (jpg png gif webp heic...), sound (mp3 wav m4a "
              "aac flac ogg opus aiff...).")  # fmt: skip


def is_url(text: str) -> bool:
    lower = text.strip().lower()
    return lower.startswith(("http://", "https://")) and len(lower) > len("https://")


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_type_for(name: str) -> str | None:
    """The kind of a cloud format by its extension (None if the cloud does not take it)."""
    return FILE_TYPES.get(_ext(name))


def guess_type(name: str) -> str | None:
    """The kind a file's extension suggests, for any format nemo knows of (the probe decides)."""
    ext = _ext(name)
    return FILE_TYPES.get(ext) or LOCAL_FILE_TYPES.get(ext)


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
    if head.startswith((b"ID3", b"ADIF")) or (len(head) >= 2 and head[0] == 0xFF and
                                             head[1] & 0xE0 == 0xE0):
        return "audio"  # mp3 (ID3 tag or frame sync), aac (ADIF / ADTS)
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video"  # old QuickTime files without ftyp
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "video"  # ASF: wmv / wma
    if head.startswith(b"\x00\x00\x01\xba"):
        return "video"  # MPEG program stream: mpg, vob
    if head[0:1] == head[188:189] == b"\x47" or head[4:5] == head[196:197] == b"\x47":
        return "video"  # MPEG transport stream: 188-byte packets (m2ts / mts: 192, 4 first)
    if head.startswith((b"OggS", b"fLaC")):
        return "audio"
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio"
    return None


def _compatible(declared: str, sniffed: str | None) -> bool:
    if sniffed is None:
        return False
    # An .m4a and an .mp4 are the same container; an mp4 may hold only audio.
    return sniffed == declared or {declared, sniffed} <= {"video", "audio"}


def _stat(path: Path) -> int:
    """Exists and is not a directory; returns its size in bytes."""
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"No such file: {shown}") from None
    except OSError as exc:
        raise InputError(f"Cannot read {shown}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(f"{shown} is a directory, not a media file.",
                         hint="Name the files inside it, e.g. nemo upload dir/*.mp4")  # fmt: skip
    return st.st_size


def _not_empty(path: Path, size: int) -> None:
    if size == 0:
        raise InputError(f"{path} is empty.")


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(512)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None


def check_local_file(path: Path, max_bytes: int | None = None) -> str:
    """Check one file for the cloud (its 13 formats, ``max_bytes``); return its type
    (video|image|audio) or raise InputError."""
    shown = str(path)
    size = _stat(path)
    kind = file_type_for(path.name)
    if kind is None:
        if guess_type(path.name):
            raise InputError(
                f"The cloud does not take .{_ext(path.name)} files: {shown}",
                hint=f"It takes {CLOUD_TEXT}. The local engine reads this one: "
                "nemo --backend local upload FILE (or convert it to mp4).",
            )
        raise InputError(f"Unsupported file type: {shown}", hint=f"Supported: {CLOUD_TEXT}.")
    if max_bytes is not None and size > max_bytes:
        size_mb = size / (1024 * 1024)
        limit_mb = max_bytes // (1024 * 1024)
        raise InputError(
            f"{shown} is too large ({size_mb:.0f} MB; the limit is {limit_mb} MB).",
            hint="Compress it or trim it first, or use the local engine: --backend local.",
        )
    _not_empty(path, size)
    if not _compatible(kind, sniff(_head(path))):
        raise InputError(f"{shown} does not look like a real {kind} file.",
                         hint=f"Supported: {CLOUD_TEXT}.")  # fmt: skip
    if not os.access(path, os.R_OK):
        raise InputError(f"Cannot read {shown}: permission denied")
    return kind


def check_for_local(path: Path) -> str | None:
    """Check one file for the local engine; return the kind its extension suggests (None if
    it does not say), or raise InputError. The probe decides the rest."""
    _not_empty(path, _stat(path))
    head = _head(path)
    kind = file_type_for(path.name)
    if kind is not None and sniff(head) is None:
        raise InputError(f"{path} does not look like a real {kind} file.", hint=LOCAL_TEXT)
    if not os.access(path, os.R_OK):
        raise InputError(f"Cannot read {path}: permission denied")
    return guess_type(path.name)
