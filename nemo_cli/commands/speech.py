"""`nemo speech install|status`: the offline speech model (see backends/local/speech)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path
from typing import Any

from ..env import Env
from ..errors import NemoError
from ..safe_text import markup
from ..ui.progress import ProgressBars
from ..ui.report import print_json


def vosk_version() -> str | None:
    """vosk's version when it is installed (read from its metadata: importing it is slow)."""
    if importlib.util.find_spec("vosk") is None:
        return None
    try:
        return importlib.metadata.version("vosk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown version"


def install(env: Env, source: Path | None, *, force: bool, language: str | None) -> None:
    from ..backends.local.speech import install as installer
    from ..backends.local.speech.recognize import INSTALL_HINT

    assert env.paths is not None
    with ProgressBars(env, transient=True) as bars:
        if source is None:
            done = installer.install_default(env.paths, progress=bars, force=force)
        else:
            done = installer.install_from(
                env.paths, source, progress=bars, force=force, language=language
            )
    vosk = vosk_version()
    if env.json:
        print_json(
            env.stdout,
            {
                "model": done.model.to_json(),
                "already": done.already,
                "bytes": done.bytes,
                "vosk": vosk,
            },
        )
        return
    model = done.model
    facts = f"{model.language_name}, {done.bytes / 1e6:.0f} MB"
    if model.verified:
        facts += ", checksums verified"
    verb = "Already installed" if done.already else "Installed"
    env.console.print(f"[green]✓[/] {verb}: {markup(model.name)} ({facts})")
    env.console.print(f"  {markup(str(model.path))}")
    if vosk is None:
        env.console.print(f"Speech recognition itself is not installed yet. {INSTALL_HINT}")
    else:
        env.console.print("Try it: nemo transcript clip.mp4")


def status_json(env: Env) -> dict[str, Any]:
    from ..backends.local.speech import models

    assert env.paths is not None
    vosk = vosk_version()
    data: dict[str, Any] = {
        "vosk": vosk,
        "env": env.environ.get(models.ENV_VAR) or None,
        "models_dir": str(models.models_dir(env.paths)),
        "models": [m.to_json() for m in models.installed_models(env.paths)],
        "model": None,
        "ready": False,
    }
    try:
        chosen = models.choose_model(env.paths, env.environ)
    except NemoError as err:
        data["problem"] = {"message": err.message, "hint": err.hint}
    else:
        data["model"] = chosen.to_json()
        data["ready"] = vosk is not None
    return data


def status(env: Env) -> None:
    from ..backends.local.speech.models import ENV_VAR, language_name
    from ..backends.local.speech.recognize import INSTALL_HINT

    data = status_json(env)
    if env.json:
        print_json(env.stdout, data)
        return
    out = env.console
    if data["vosk"]:
        out.print(f"Speech recognition: vosk {markup(data['vosk'])}")
    else:
        out.print(f"Speech recognition: not installed. {INSTALL_HINT}")
    model = data["model"]
    if model:
        how = "from NEMO_SPEECH_MODEL" if model["source"] == ENV_VAR else "installed by nemo"
        if model["verified"]:
            how += ", checksums verified"
        out.print(
            f"Model in use: [bold]{markup(model['name'])}[/] "
            f"({language_name(model['language'])}; {how})"
        )
        out.print(f"  {markup(model['path'])}")
    else:
        problem = data["problem"]
        out.print(f"Model in use: none. {markup(problem['message'])}")
        if problem["hint"]:
            out.print(f"  {markup(problem['hint'])}")
    others = [m for m in data["models"] if not model or m["path"] != model["path"]]
    for other in others:
        out.print(f"Also installed: {markup(other['name'])} ({language_name(other['language'])})")
    if not data["env"]:
        out.print(
            f"Another model (a Chinese one, a larger English one): set {ENV_VAR} to a "
            "Vosk model folder, or: nemo speech install --from MODEL.zip"
        )
