"""Where nemo keeps things, and the small files themselves.

- config dir: ``config.toml`` (settings) and ``credentials.json`` (token, user id, expiry,
  client id; mode 0600, directory 0700, written atomically under a lock).
- state dir: ``sessions.json`` (the current session per backend), ``renders.json`` (pending
  cloud renders, for ``export --resume``), ``history`` (the REPL's).
- data dir: the local engine's sessions.

All paths come from platformdirs (app name ``nemo``), which honours the XDG variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, UsageError, remember_secret
from .files import atomic_write_json, atomic_write_text, locked, read_json
from .values import frozen, record

if TYPE_CHECKING:  # (datetime is imported where used: most commands need none)
    import datetime as dt

APP = "nemo"
DEFAULT_API_BASE = "https://mega-api-prod.nemovideo.ai"

# Settings a user may put in config.toml, with their type and allowed values.
SETTINGS: dict[str, tuple[type, tuple[str, ...] | None, str]] = {
    "backend": (str, ("local", "cloud", "auto"), "which backend to use when none is given"),
    "api_base": (str, None, "the cloud API's base URL"),
    "language": (str, None, "language sent to the cloud agent (en, zh-CN, ...)"),
    "quality": (str, ("high", "medium", "low"), "default export quality"),
    "output_dir": (str, None, "where exports go when -o is not given"),
    "poll_interval": (float, None, "seconds between cloud render polls"),
    "pictures": (
        str,
        ("auto", "on", "off", "kitty", "sixel", "blocks"),
        "frame pictures in the terminal (auto: what the terminal can show)",
    ),
    "cache_limit": (str, None, "how much rendered segments may keep on disk (2GB; 0: none)"),
    "encoder": (
        str,
        ("auto", "x264", "nvenc", "qsv", "vaapi", "amf"),
        "the local engine's video encoder (auto: a GPU encoder that works here, else x264)",
    ),
}


@frozen
class Paths:
    config_dir: Path
    state_dir: Path
    data_dir: Path
    cache_dir: Path | None = None  # None: <state dir>/cache (Paths built by hand in tests)

    @classmethod
    def from_platform(cls) -> Paths:
        xdg = _linux_xdg(os.environ)
        if xdg is not None:
            return cls(*xdg)
        import platformdirs

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP, appauthor=False)),
            state_dir=Path(platformdirs.user_state_dir(APP, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP, appauthor=False)),
        )

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def credentials_file(self) -> Path:
        return self.config_dir / "credentials.json"

    @property
    def sessions_file(self) -> Path:
        return self.state_dir / "sessions.json"

    @property
    def renders_file(self) -> Path:
        return self.state_dir / "renders.json"

    @property
    def history_file(self) -> Path:
        return self.state_dir / "history"

    @property
    def local_sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def cache(self) -> Path:
        """Things nemo can make again (thumbnails, ...): safe to delete at any time."""
        return self.cache_dir if self.cache_dir is not None else self.state_dir / "cache"


_XDG = (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
)


def _linux_xdg(environ: Mapping[str, str]) -> tuple[Path, Path, Path, Path] | None:
    """On Linux, the four folders as ``platformdirs`` makes them (an absolute ``XDG_*_HOME``,
    else ``$HOME/<default>``, then ``nemo``), without importing it (~10 ms a command); None
    elsewhere or when ``HOME`` is odd, and ``platformdirs`` decides (tests/test_config_paths.py
    compares the two)."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    home = environ.get("HOME", "")
    folders: list[Path] = []
    for var, default in _XDG:
        base = environ.get(var, "")
        if not os.path.isabs(base):
            if not os.path.isabs(home):
                return None
            base = home.rstrip("/") + "/" + default
        folders.append(Path(base, APP))
    return folders[0], folders[1], folders[2], folders[3]


# ---------------------------------------------------------------- settings (config.toml)


def load_settings(paths: Paths) -> dict[str, Any]:
    path = paths.config_file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}  # (tomllib and uuid are imported where used: most commands need neither)
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}") from exc
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise ConfigError(
            f"The config file {path} is corrupt: {exc}",
            hint="Fix or delete it; nemo leaves it as it is.",
        ) from exc
    return data


def set_setting(paths: Paths, key: str, value: str) -> Any:
    """Validate and store one setting; returns the typed value stored."""
    if key not in SETTINGS:
        known = ", ".join(sorted(SETTINGS))
        raise UsageError(f"Unknown setting '{key}'.", hint=f"Known settings: {known}.")
    kind, allowed, _ = SETTINGS[key]
    typed: Any
    if kind is float:
        try:
            typed = float(value)
        except ValueError:
            raise UsageError(f"Setting '{key}' takes a number, not '{value}'.") from None
        if typed <= 0:
            raise UsageError(f"Setting '{key}' must be above 0.")
    else:
        typed = value
        if allowed and value not in allowed:
            raise UsageError(f"Setting '{key}' takes one of: {', '.join(allowed)}.")
    import tomli_w

    with locked(paths.config_file):
        data = load_settings(paths)
        data[key] = typed
        atomic_write_text(paths.config_file, tomli_w.dumps(data))
    return typed


# ---------------------------------------------------------------- credentials


@record
class Credentials:
    token: str | None = None
    user_id: str | None = None
    expires_at: str | None = None
    # "anonymous" (fetched by nemo: may be renewed silently) or "login" (given by the user).
    kind: str | None = None
    client_id: str | None = None

    def expired(self, now: dt.datetime | None = None) -> bool:
        import datetime as dt

        if not self.expires_at:
            return False
        try:
            when = dt.datetime.fromisoformat(self.expires_at.replace("Z", "+00:00"))
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return (now or dt.datetime.now(dt.UTC)) >= when

    def __repr__(self) -> str:  # never show the token, even in a debugger or traceback
        shown = "***" if self.token else None
        return f"Credentials(token={shown!r}, user_id={self.user_id!r}, kind={self.kind!r})"


def load_credentials(paths: Paths) -> Credentials:
    data = read_json(paths.credentials_file, default={}, what="credentials file")
    if not isinstance(data, dict):
        raise ConfigError(
            f"The credentials file {paths.credentials_file} is corrupt (not an object).",
            hint="Fix or delete it; nemo leaves it as it is.",
        )
    fields = {k: data.get(k) for k in ("token", "user_id", "expires_at", "kind", "client_id")}
    creds = Credentials(**{k: (str(v) if v is not None else None) for k, v in fields.items()})
    remember_secret(creds.token)
    return creds


def save_credentials(paths: Paths, creds: Credentials) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(paths.config_dir, 0o700)
    body = {
        "token": creds.token,
        "user_id": creds.user_id,
        "expires_at": creds.expires_at,
        "kind": creds.kind,
        "client_id": creds.client_id,
    }
    atomic_write_json(paths.credentials_file, body, mode=0o600)


def update_credentials(paths: Paths, **changes: str | None) -> Credentials:
    """Read, change and write the credentials under the lock (safe across processes)."""
    with locked(paths.credentials_file):
        creds = load_credentials(paths)
        for key, value in changes.items():
            setattr(creds, key, value)
        save_credentials(paths, creds)
        return creds


def client_id(paths: Paths) -> str:
    """The client id sent with anonymous-token calls: made once, then kept."""
    creds = load_credentials(paths)
    if creds.client_id:
        return creds.client_id
    with locked(paths.credentials_file):
        creds = load_credentials(paths)
        if not creds.client_id:
            import uuid

            creds.client_id = str(uuid.uuid4())
            save_credentials(paths, creds)
        return creds.client_id


def new_client_id(paths: Paths) -> str:
    import uuid

    return update_credentials(paths, client_id=str(uuid.uuid4())).client_id or ""


# ---------------------------------------------------------------- current sessions


def current_session(paths: Paths, backend: str) -> str | None:
    data = read_json(paths.sessions_file, default={}, what="sessions file")
    value = data.get(backend) if isinstance(data, dict) else None
    return str(value) if value else None


def set_current_session(paths: Paths, backend: str, session_id: str | None) -> None:
    with locked(paths.sessions_file):
        data = read_json(paths.sessions_file, default={}, what="sessions file")
        if not isinstance(data, dict):
            data = {}
        if session_id is None:
            data.pop(backend, None)
        else:
            data[backend] = session_id
        atomic_write_json(paths.sessions_file, data)


def env_setting(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None
