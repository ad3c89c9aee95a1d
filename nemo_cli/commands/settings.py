"""`nemo config show|path|set`: the settings in effect and where nemo keeps its files."""

from __future__ import annotations

from typing import Any

from ..backends.select import choose
from ..config import SETTINGS, set_setting
from ..env import Env
from ..safe_text import markup
from ..ui.report import print_json


def _effective(env: Env) -> dict[str, Any]:
    """Each known setting with its value and where it came from (never a secret)."""
    env_vars = {
        "backend": "NEMO_BACKEND",
        "api_base": "NEMO_API_BASE",
        "poll_interval": "NEMO_POLL_INTERVAL",
        "pictures": "NEMO_PICTURES",
    }
    defaults = {
        "backend": "auto",
        "api_base": env.api_base,
        "language": "en",
        "quality": "high",
        "output_dir": ".",
        "poll_interval": 30.0,
        "pictures": "auto",
        "cache_limit": "2GB",  # render/segment_cache.DEFAULT_LIMIT
        "encoder": "auto",  # render/encoder_probe.choose
    }
    out: dict[str, Any] = {}
    for key in SETTINGS:
        var = env_vars.get(key)
        if var and env.environ.get(var, "").strip():
            out[key] = {"value": env.environ[var].strip(), "source": var}
        elif key in env.settings:
            out[key] = {"value": env.settings[key], "source": "config"}
        else:
            out[key] = {"value": defaults[key], "source": "default"}
    return out


def show(env: Env) -> None:
    values = _effective(env)
    active = choose(env)
    if env.json:
        print_json(
            env.stdout,
            {
                "settings": {k: v["value"] for k, v in values.items()},
                "sources": {k: v["source"] for k, v in values.items()},
                "backend_active": active.name,
            },
        )
        return
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("setting")
    table.add_column("value")
    table.add_column("from", style="dim")
    for key, item in values.items():
        table.add_row(key, markup(str(item["value"])), item["source"])
    env.console.print(table)
    env.console.print(f"\nActive backend: [bold]{active.name}[/] ({markup(active.reason)})")


def path(env: Env) -> None:
    assert env.paths is not None
    p = env.paths
    rows = {
        "config": p.config_file,
        "credentials": p.credentials_file,
        "state": p.state_dir,
        "data": p.data_dir,
        "history": p.history_file,
    }
    if env.json:
        print_json(env.stdout, {k: str(v) for k, v in rows.items()})
        return
    for name, value in rows.items():
        env.stdout.write(f"{name:<12} {value}\n")


def set_(env: Env, key: str, value: str) -> None:
    assert env.paths is not None
    stored = set_setting(env.paths, key, value)
    if env.json:
        print_json(env.stdout, {"key": key, "value": stored})
    else:
        env.console.print(f"Set {markup(key)} = {markup(str(stored))}")
