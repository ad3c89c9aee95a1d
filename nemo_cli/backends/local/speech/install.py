"""Putting a speech model where nemo finds it: ``nemo speech install [--from PATH]``.

Without ``--from``: the default English model, read out of the ``videogrep`` 2.3.0 wheel that
``pip download --no-deps`` fetches (see ``default_model`` for why and what is pinned). pip is
used rather than an HTTP client of nemo's own so the user's index, proxy and certificate
settings apply as for any package. The download's progress is the size of the file pip is
writing, polled in a temporary folder of nemo's (pip's own bar is off).

With ``--from``: that wheel (checked against the same checksum), a Vosk model ``.zip`` or
``.tar.gz`` as published on the Vosk models page, or a model folder (copied). A model whose
files match the default model's pinned checksums is recorded as verified.

Every install unpacks into a hidden folder beside its final place and is renamed into place
only when complete, so an interrupted install (Ctrl-C, full disk, a bad checksum) leaves the
models as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .... import __version__
from ....config import Paths
from ....errors import InputError, Interrupted, NemoError, NetworkError, UsageError
from ....files import atomic_write_json
from ....safe_text import one_line
from ...base import ProgressFn, ProgressUpdate, no_progress
from ..child import drain, spawn, stop
from . import default_model
from .models import (
    MANIFEST,
    SpeechModel,
    language_from_name,
    model_at,
    models_dir,
    why_not_a_model,
)

CHUNK = 1 << 20
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Installed:
    model: SpeechModel
    already: bool  # it was there and complete: nothing was done
    bytes: int  # the size of its files


# ---------------------------------------------------------------- checks


def sha256_of(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest()


def default_complete(folder: Path) -> bool:
    """The default model is at ``folder`` with every pinned file at its pinned size (a cheap
    check; the checksums were verified when the files were written)."""
    if not (folder / MANIFEST).is_file():
        return False
    for rel, (size, _) in default_model.FILES.items():
        path = folder / rel
        if not path.is_file() or path.stat().st_size != size:
            return False
    return True


def _matches_default(files: dict[str, str]) -> bool:
    """``files`` (relative path -> SHA-256) are exactly the default model's."""
    return files == {rel: sha for rel, (_, sha) in default_model.FILES.items()}


# ---------------------------------------------------------------- staging and committing


@contextlib.contextmanager
def _staging(paths: Paths) -> Iterator[Path]:
    """A hidden folder beside the models, removed unless it was renamed into place."""
    root = models_dir(paths)
    root.mkdir(parents=True, exist_ok=True)
    stage = root / f".installing-{secrets.token_hex(4)}"
    stage.mkdir()
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _commit(paths: Paths, stage: Path, name: str, info: dict[str, Any]) -> Path:
    """Write the manifest into ``stage`` and rename it to ``models/<name>`` (replacing one
    that was there)."""
    atomic_write_json(stage / MANIFEST, info)
    target = models_dir(paths) / name
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".replaced-{secrets.token_hex(4)}")
        os.replace(target, old)
    try:
        os.replace(stage, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _manifest(
    name: str,
    language: str | None,
    source: str,
    files: dict[str, str],
    *,
    verified: bool,
    license_: str | None,
) -> dict[str, Any]:
    return {
        "name": name,
        "language": language,
        "source": source,
        "license": license_,
        "verified": verified,
        "files": files,
        "installed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "installed_by": f"nemo {__version__}",
    }


def _safe_member(name: str) -> PurePosixPath | None:
    """An archive member's path if it stays inside the folder it is unpacked into."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def _copy_stream(src: IO[bytes], dest: Path, tick: Callable[[int], None]) -> str:
    """Copy ``src`` to ``dest``, returning the SHA-256 of what was written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with dest.open("wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            tick(len(chunk))
    return digest.hexdigest()


def _disk_error(exc: OSError, what: str) -> NemoError:
    return NemoError(
        f"Cannot write {what}: {exc.strerror or exc}",
        hint="Free some disk space (the model needs about 70 MB), then try again.",
        code="disk_full" if exc.errno == 28 else "error",
    )


# ---------------------------------------------------------------- the default model


def install_default(
    paths: Paths,
    *,
    progress: ProgressFn = no_progress,
    force: bool = False,
    wheel: Path | None = None,
) -> Installed:
    """The default English model, from ``wheel`` or from ``pip download``."""
    target = models_dir(paths) / default_model.NAME
    if not force and default_complete(target):
        return Installed(_installed(target), already=True, bytes=default_model.UNPACKED_BYTES)
    with tempfile.TemporaryDirectory(prefix="nemo-speech-") as tmp:
        if wheel is None:
            wheel = download_wheel(Path(tmp), progress)
            source = f"{default_model.WHEEL_REQUIREMENT} wheel (pip download --no-deps)"
        else:
            source = f"{default_model.WHEEL_FILE} from {wheel}"
        _check_wheel(wheel, progress)
        with _staging(paths) as stage:
            files = _unpack_default(wheel, stage, progress)
            info = _manifest(
                default_model.NAME,
                default_model.LANGUAGE,
                source,
                files,
                verified=True,
                license_=default_model.LICENSE,
            )
            try:
                target = _commit(paths, stage, default_model.NAME, info)
            except OSError as exc:
                raise _disk_error(exc, str(target)) from exc
    return Installed(_installed(target), already=False, bytes=default_model.UNPACKED_BYTES)


def _installed(folder: Path) -> SpeechModel:
    return model_at(folder, "installed")


def _check_wheel(wheel: Path, progress: ProgressFn) -> None:
    size = wheel.stat().st_size
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        progress(ProgressUpdate("verify", "wheel", done, size, label="Checking the download"))

    digest = sha256_of(wheel, tick)
    if digest != default_model.WHEEL_SHA256:
        raise InputError(
            f"{wheel.name} is not the {default_model.WHEEL_REQUIREMENT} wheel nemo expects "
            f"(SHA-256 {digest[:16]}..., expected {default_model.WHEEL_SHA256[:16]}...); "
            "nothing was installed.",
            hint="If your package index serves a different file under that name, download the "
            "model from the Vosk models page and run: nemo speech install --from MODEL.zip",
        )


def _unpack_default(wheel: Path, stage: Path, progress: ProgressFn) -> dict[str, str]:
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        progress(
            ProgressUpdate(
                "unpack",
                default_model.NAME,
                done,
                default_model.UNPACKED_BYTES,
                label="Unpacking the model",
            )
        )

    files: dict[str, str] = {}
    try:
        with zipfile.ZipFile(wheel) as archive:
            for rel, (size, expected) in default_model.FILES.items():
                member = default_model.WHEEL_PREFIX + rel
                try:
                    src = archive.open(member)
                except KeyError:
                    raise InputError(
                        f"{wheel.name} lacks {member}; nothing was installed."
                    ) from None
                with src:
                    digest = _copy_stream(src, stage / rel, tick)
                if digest != expected or (stage / rel).stat().st_size != size:
                    raise InputError(
                        f"{member} in {wheel.name} does not match its pinned checksum; "
                        "nothing was installed."
                    )
                files[rel] = digest
    except zipfile.BadZipFile as exc:
        raise InputError(f"{wheel.name} is not a valid wheel (zip): {exc}") from exc
    except OSError as exc:
        raise _disk_error(exc, str(stage)) from exc
    return files


# ---------------------------------------------------------------- pip download


def pip_command() -> list[str]:
    """How to run pip: this Python's (``python -m pip``), else a pip on the PATH (a pure-Python
    wheel can be fetched by any pip). Raises when there is none."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        found = shutil.which(name)
        if found:
            return [found]
    raise NemoError(
        "nemo fetches its speech model with pip, and there is no pip here.",
        hint=f"On any computer with pip: pip download --no-deps {default_model.WHEEL_REQUIREMENT}"
        f" , then: nemo speech install --from {default_model.WHEEL_FILE}",
        code="no_pip",
    )


def _largest_file(folder: Path) -> int:
    best = 0
    for root, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                best = max(best, (Path(root) / name).stat().st_size)
    return best


def download_wheel(folder: Path, progress: ProgressFn = no_progress) -> Path:
    """``pip download --no-deps`` the pinned wheel into ``folder``; returns its path.

    Raises NetworkError with pip's last line when pip fails, Interrupted on Ctrl-C (pip is
    stopped and reaped first)."""
    dest = folder / "wheel"
    work = folder / "pip-tmp"  # pip writes the file it is downloading under TMPDIR
    dest.mkdir()
    work.mkdir()
    argv = [
        *pip_command(),
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar",
        "off",
        "-d",
        str(dest),
        default_model.WHEEL_REQUIREMENT,
    ]
    env = {**os.environ, "TMPDIR": str(work), "PIP_NO_INPUT": "1"}
    tail: deque[str] = deque(maxlen=20)
    label = f"Downloading the English speech model ({default_model.WHEEL_REQUIREMENT})"

    def tick(size: int) -> None:
        progress(
            ProgressUpdate(
                "download",
                "speech-model",
                min(size, default_model.WHEEL_SIZE),
                default_model.WHEEL_SIZE,
                label=label,
            )
        )

    try:
        proc, held = spawn(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
    except OSError as exc:
        raise NemoError(
            f"Cannot run pip ({argv[0]}): {exc.strerror or exc}", code="no_pip"
        ) from exc
    assert proc.stdout is not None
    reader = threading.Thread(target=drain, args=(proc.stdout, tail), daemon=True)
    try:
        held.release()
        reader.start()
        tick(0)
        while proc.poll() is None:
            tick(max(_largest_file(work), _largest_file(dest)))
            time.sleep(POLL_SECONDS)
        code = proc.wait()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
        stop(proc)
        raise Interrupted("Stopped: the speech model was not installed.") from None
    except BaseException:
        stop(proc)
        raise
    finally:
        if reader.is_alive():
            reader.join(timeout=5)
        proc.stdout.close()
    wheel = dest / default_model.WHEEL_FILE
    if code != 0 or not wheel.is_file():
        last = one_line(tail[-1], 300) if tail else "(pip said nothing)"
        raise NetworkError(
            f"pip could not download {default_model.WHEEL_REQUIREMENT}: {last}",
            hint="Without access to the package index here, download it elsewhere "
            f"(pip download --no-deps {default_model.WHEEL_REQUIREMENT}) and run: "
            f"nemo speech install --from {default_model.WHEEL_FILE}",
        )
    tick(wheel.stat().st_size)
    return wheel


# ---------------------------------------------------------------- --from PATH


def install_from(
    paths: Paths,
    source: Path,
    *,
    progress: ProgressFn = no_progress,
    force: bool = False,
    language: str | None = None,
) -> Installed:
    """Install the model in ``source``: the videogrep wheel, a model archive or folder."""
    source = source.expanduser()
    if not source.exists():
        raise InputError(f"{source} does not exist.")
    if source.is_file() and source.name.endswith(".whl"):
        return install_default(paths, progress=progress, force=force, wheel=source)
    with _staging(paths) as stage:
        if source.is_dir():
            root, files = _copy_folder(source, stage, progress)
        elif source.name.endswith(".zip"):
            root, files = _unpack_zip(source, stage, progress)
        elif source.name.endswith((".tar.gz", ".tgz", ".tar")):
            root, files = _unpack_tar(source, stage, progress)
        else:
            raise UsageError(
                f"{source.name}: nemo installs a model from a folder, a .zip, a .tar.gz, or "
                f"the {default_model.WHEEL_FILE} wheel."
            )
        problem = why_not_a_model(root)
        if problem:
            raise InputError(
                f"{source} does not hold a Vosk model: {problem}.",
                hint="Models are listed on the Vosk models page.",
            )
        verified = _matches_default(files)
        name = default_model.NAME if verified else _model_name(source, root, stage)
        target = models_dir(paths) / name
        if not force and (target / MANIFEST).is_file():
            return Installed(_installed(target), already=True, bytes=_size(target))
        lang = language or (default_model.LANGUAGE if verified else language_from_name(name))
        info = _manifest(
            name,
            lang,
            str(source.resolve()),
            files,
            verified=verified,
            license_=default_model.LICENSE if verified else None,
        )
        if root != stage:  # the archive's own top folder becomes the model folder
            inner = stage.with_name(stage.name + "-model")
            os.replace(root, inner)
            shutil.rmtree(stage, ignore_errors=True)
            os.replace(inner, stage)
        try:
            target = _commit(paths, stage, name, info)
        except OSError as exc:
            raise _disk_error(exc, str(target)) from exc
    return Installed(_installed(target), already=False, bytes=_size(target))


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _model_name(source: Path, root: Path, stage: Path) -> str:
    if root != stage:
        return root.name
    name = source.name
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        name = name.removesuffix(suffix)
    return name


def _model_root(stage: Path) -> Path:
    """The folder holding the model: ``stage`` itself, or its one top-level folder."""
    if why_not_a_model(stage) is None:
        return stage
    children = [c for c in stage.iterdir() if c.is_dir()]
    return children[0] if len(children) == 1 else stage


def _ticker(total: int, key: str, progress: ProgressFn) -> Callable[[int], None]:
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        progress(ProgressUpdate("unpack", key, done, total or None, label=f"Unpacking {key}"))

    return tick


def _relative_hashes(root: PurePosixPath, hashes: dict[PurePosixPath, str]) -> dict[str, str]:
    """Hashes keyed by paths relative to the model's root (an archive's top folder dropped)."""
    depth = len(root.parts)
    return {
        PurePosixPath(*path.parts[depth:]).as_posix(): digest
        for path, digest in hashes.items()
        if path.parts[:depth] == root.parts and len(path.parts) > depth
    }


def _unpack_zip(source: Path, stage: Path, progress: ProgressFn) -> tuple[Path, dict[str, str]]:
    hashes: dict[PurePosixPath, str] = {}
    try:
        with zipfile.ZipFile(source) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            tick = _ticker(sum(m.file_size for m in members), source.name, progress)
            for member in members:
                rel = _safe_member(member.filename)
                if rel is None:
                    raise InputError(f"{source.name} holds an unsafe path: {member.filename}")
                with archive.open(member) as src:
                    hashes[rel] = _copy_stream(src, stage.joinpath(*rel.parts), tick)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{source.name} is not a valid zip file: {exc}") from exc
    except OSError as exc:
        raise _disk_error(exc, str(stage)) from exc
    root = _model_root(stage)
    return root, _relative_hashes(PurePosixPath(root.relative_to(stage).as_posix()), hashes)


def _unpack_tar(source: Path, stage: Path, progress: ProgressFn) -> tuple[Path, dict[str, str]]:
    hashes: dict[PurePosixPath, str] = {}
    try:
        with tarfile.open(source) as archive:
            members = [m for m in archive.getmembers() if m.isfile()]
            tick = _ticker(sum(m.size for m in members), source.name, progress)
            for member in members:
                rel = _safe_member(member.name)
                src = archive.extractfile(member)
                if rel is None or src is None:
                    raise InputError(f"{source.name} holds an unsafe path: {member.name}")
                with src:
                    hashes[rel] = _copy_stream(src, stage.joinpath(*rel.parts), tick)
    except tarfile.TarError as exc:
        raise InputError(f"{source.name} is not a valid tar archive: {exc}") from exc
    except OSError as exc:
        raise _disk_error(exc, str(stage)) from exc
    root = _model_root(stage)
    return root, _relative_hashes(PurePosixPath(root.relative_to(stage).as_posix()), hashes)


def _copy_folder(source: Path, stage: Path, progress: ProgressFn) -> tuple[Path, dict[str, str]]:
    files = [p for p in sorted(source.rglob("*")) if p.is_file() and p.name != MANIFEST]
    tick = _ticker(sum(p.stat().st_size for p in files), source.name, progress)
    hashes: dict[str, str] = {}
    try:
        for path in files:
            rel = path.relative_to(source).as_posix()
            with path.open("rb") as src:
                hashes[rel] = _copy_stream(src, stage / rel, tick)
    except OSError as exc:
        raise _disk_error(exc, str(stage)) from exc
    return stage, hashes
