"""Table tests for the upload pre-checks: every refusal names the file and says why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nemo_cli.errors import InputError
from nemo_cli.media_files import (
    CLOUD_MAX_BYTES,
    check_local_file,
    is_url,
    sniff,
)

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
SNIFF_ROWS = [
    (MP4_HEAD, "video"),
    (b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00", "audio"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "video"),
    (b"RIFF\x00\x00\x00\x00AVI LIST", "video"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image"),
    (b"GIF89a\x01\x00", "image"),
    (b"ID3\x04\x00\x00\x00", "audio"),
    (b"\xff\xfb\x90\x64", "audio"),
    (b"\xff\xf1\x50\x80", "audio"),
    (b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heic", "image"),
    (b"\x00\x00\x00\x1cftyp3gp4\x00\x00\x00\x00", "video"),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9", "video"),
    (b"\x00\x00\x01\xba\x44\x00", "video"),
    (b"\x47\x40\x00\x10" + b"\xff" * 184 + b"\x47", "video"),
    (b"\x00\x00\x00\x00\x47\x40\x00\x10" + b"\xff" * 188 + b"\x47", "video"),
    (b"G" + b"ood morning, this is text and not a transport stream" * 5, None),
    (b"OggS\x00\x02", "audio"),
    (b"fLaC\x00\x00", "audio"),
    (b"FORM\x00\x00\x10\x00AIFFCOMM", "audio"),
    (b"hello world, not media", None),
    (b"", None),
    (b"\x00" * 64, None),
]


@pytest.mark.parametrize(("head", "expected"), SNIFF_ROWS)
def test_sniff(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("https://x.com/a.mp4", True), ("http://h/v", True), ("HTTPS://X/Y", True),
     ("ftp://x/a.mp4", False), ("https://", False), ("a.mp4", False), ("", False),
     ("  https://x.com/a.mp4 ", True), ("https:///a.mp4", False), ("http://[::1", False)],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_good_files(tmp_path: Path) -> None:
    assert check_local_file(_write(tmp_path / "a.mp4", MP4_HEAD + b"x" * 100)) == "video"
    assert check_local_file(_write(tmp_path / "a.MOV", MP4_HEAD)) == "video"
    assert check_local_file(_write(tmp_path / "m.m4a", MP4_HEAD)) == "audio"
    assert check_local_file(_write(tmp_path / "p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 8)) == "image"


def test_formats_only_the_local_engine_takes(tmp_path: Path) -> None:
    """One table (media_files.FILE_TYPES) for the router, the parser and this check: flac, ogg
    and opus go to the local engine (ffmpeg reads them); the cloud refuses them by name."""
    flac = _write(tmp_path / "song.flac", b"fLaC\x00\x00\x00\x22" + b"0" * 40)
    ogg = _write(tmp_path / "song.ogg", b"OggS\x00\x02" + b"0" * 40)
    assert check_local_file(flac) == check_local_file(ogg) == "audio"
    with pytest.raises(InputError) as info:
        check_local_file(flac, CLOUD_MAX_BYTES, cloud=True)
    assert info.value.message == f"The cloud does not take this file type: {flac}"
    assert info.value.hint == (
        "The cloud takes video: mp4 mov avi webm mkv · image: jpg png gif webp · audio: mp3 wav "
        "m4a aac. The local engine takes it: --backend local."
    )
    assert "does not look like a real audio" in _refusal(_write(tmp_path / "x.opus", b"hi" * 40))


def _refusal(path: Path, max_bytes: int | None = None) -> str:
    with pytest.raises(InputError) as info:
        check_local_file(path, max_bytes)
    assert info.value.exit_code == 5
    return info.value.message


def test_refusals(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "missing.mp4") == f"No such file: {tmp_path / 'missing.mp4'}"
    (tmp_path / "dir.mp4").mkdir()
    assert "is a directory" in _refusal(tmp_path / "dir.mp4")
    notes = _write(tmp_path / "notes.txt", b"hi")
    assert check_local_file(notes) is None  # the local probe decides (and refuses it, with why)
    with pytest.raises(InputError, match="^Unsupported file type"):
        check_local_file(notes, CLOUD_MAX_BYTES, cloud=True)
    assert "does not look like a real video" in _refusal(_write(tmp_path / "fake.mp4", b"hi" * 40))
    assert _refusal(_write(tmp_path / "empty.mp4", b"")).endswith("is empty.")


def test_sparse_600mb_refused_for_cloud_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    with open(big, "wb") as fh:
        fh.write(MP4_HEAD)
        fh.truncate(600 * 1024 * 1024)
    message = _refusal(big, CLOUD_MAX_BYTES)
    assert "too large (600 MB; the limit is 500 MB)" in message


def _without_root_powers() -> list[str]:
    """A command prefix that makes a process unable to read a mode-000 file, even as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux's setpriv to drop the DAC capabilities")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


@pytest.mark.slow
def test_unreadable_file_through_the_cli(tmp_path: Path) -> None:
    path = _write(tmp_path / "locked.mp4", MP4_HEAD)
    path.chmod(0)
    proc = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "nemo_cli", "--backend", "local",
         "upload", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 5, proc.stderr
    assert proc.stderr.splitlines()[0] == f"Error: Cannot read {path}: Permission denied"


def test_local_takes_what_the_probe_reads_the_cloud_keeps_its_formats(tmp_path: Path) -> None:
    ts = _write(tmp_path / "camera.MTS", b"\x00" * 4 + b"\x47" + b"\x00" * 191 + b"\x47")
    assert check_local_file(ts) == "video"
    with pytest.raises(InputError) as info:
        check_local_file(ts, CLOUD_MAX_BYTES, cloud=True)
    assert info.value.message == f"The cloud does not take this file type: {ts}"
    assert info.value.hint is not None and "--backend local" in info.value.hint
    odd = _write(tmp_path / "clip.unknown", b"anything: the probe decides")
    assert check_local_file(odd) is None
    heic = _write(tmp_path / "p.heic", b"\x00\x00\x00\x1cftypheic")
    assert check_local_file(heic) == "image"
    # a container nemo does not sniff is left to the probe, whatever its first bytes
    assert check_local_file(_write(tmp_path / "x.mxf", b"not sniffed")) == "video"
    with pytest.raises(InputError, match="does not look like a real video file"):
        check_local_file(_write(tmp_path / "fake.mts", b"hi" * 400))
    with pytest.raises(InputError, match="is empty"):
        check_local_file(_write(tmp_path / "empty.flac", b""))
    with pytest.raises(InputError, match="No such file"):
        check_local_file(tmp_path / "gone.ts")
