"""Where the files named in a timeline file are, on this computer.

A timeline file names its media by URL or path, often from another computer. Each one is
looked for in turn: the path itself; relative to the timeline file's folder; by its name in
that folder; by its name in each folder given with ``--media``. The first regular file found
wins. What is not found is reported by the name the timeline gave it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


def path_from_reference(target: str) -> str:
    """A file path from what a timeline file wrote: a file URL (``file:///a/b.mp4``,
    ``file://localhost/a/b.mp4``, ``file:///C:/a.mp4``) or a plain path."""
    target = target.strip()
    if target.lower().startswith("file:"):
        parts = urlsplit(target)
        path = unquote(parts.path)
        if re.match(r"^/[A-Za-z]:/", path):  # file:///C:/clip.mp4
            path = path[1:]
        if parts.netloc and parts.netloc.lower() != "localhost":
            path = f"//{parts.netloc}{path}"  # a network share
        return path
    return target


def file_name(target: str) -> str:
    """The last part of a path written on any system."""
    path = path_from_reference(target)
    if _WINDOWS_PATH.match(path) or "\\" in path:
        return PureWindowsPath(path).name
    return PurePosixPath(path).name


def resolve(target: str, base: Path, search: Sequence[Path] = ()) -> Path | None:
    """The local file ``target`` stands for, looked for as the module docstring says."""
    if not target.strip():
        return None
    path = path_from_reference(target)
    name = file_name(target)
    candidates: list[Path] = []
    if not _WINDOWS_PATH.match(path):
        as_path = Path(path).expanduser()
        candidates.append(as_path if as_path.is_absolute() else base / as_path)
    if name:
        candidates += [base / name, *(Path(folder).expanduser() / name for folder in search)]
    for candidate in candidates:
        try:
            if candidate.is_file():
                return candidate.resolve()
        except OSError:
            continue
    return None
