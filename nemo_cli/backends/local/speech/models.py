"""Which speech model nemo uses, and whether a folder is one.

Models live in ``<data dir>/speech/models/<name>/``, each with a ``nemo-model.json`` manifest
written when it was installed (its language, where it came from, its files' checksums).
``NEMO_SPEECH_MODEL`` names any Vosk model folder instead (a Chinese one, a bigger English
one): it is used first, for requests in its language (or in any, when its language cannot be
told from its name). The language of a model comes from its manifest, else from the Vosk
naming scheme (``vosk-model-small-cn-0.22`` is Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ....config import Paths
from ....errors import ConfigError, SpeechUnavailable
from ....files import read_json
from . import default_model

ENV_VAR = "NEMO_SPEECH_MODEL"
MANIFEST = "nemo-model.json"

LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "ru": "Russian",
    "it": "Italian",
    "uk": "Ukrainian",
    "hi": "Hindi",
    "ar": "Arabic",
    "tr": "Turkish",
    "vi": "Vietnamese",
    "nl": "Dutch",
    "pl": "Polish",
    "fa": "Persian",
    "cs": "Czech",
}
# Vosk's model names use a few codes of their own.
_VOSK_CODES = {"cn": "zh", "ua": "uk", "jp": "ja", "kr": "ko", "vn": "vi"}
_VOSK_NAME = re.compile(r"^vosk-model-(?:small-)?([a-z]{2,3})(?:-|$)")

# One of each pair must be there for vosk to load the folder (its V1 and V2 layouts).
_ACOUSTIC = ("am/final.mdl", "final.mdl")
_GRAPH = ("graph/HCLG.fst", "graph/HCLr.fst", "HCLG.fst", "HCLr.fst")


@dataclass(frozen=True)
class SpeechModel:
    path: Path
    name: str
    language: str | None  # "en", "zh", ...; None when it cannot be told
    source: str  # "NEMO_SPEECH_MODEL" or "installed"
    verified: bool = False  # its files matched nemo's pinned checksums when installed

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "language": self.language,
            "source": self.source,
            "verified": self.verified,
        }


def language_name(code: str | None) -> str:
    if code is None:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)


def models_dir(paths: Paths) -> Path:
    return paths.data_dir / "speech" / "models"


def language_from_name(name: str) -> str | None:
    """``vosk-model-small-en-us-0.15`` -> ``en``; ``vosk-model-cn-0.22`` -> ``zh``."""
    match = _VOSK_NAME.match(name.lower())
    if not match:
        return None
    code = match.group(1)
    return _VOSK_CODES.get(code, code)


def why_not_a_model(path: Path) -> str | None:
    """None when ``path`` is a folder vosk can load; else what is wrong, in a few words."""
    if not path.exists():
        return "it does not exist"
    if not path.is_dir():
        return "it is not a folder"
    if not any((path / rel).is_file() for rel in _ACOUSTIC):
        return "it has no am/final.mdl"
    if not any((path / rel).is_file() for rel in _GRAPH):
        return "it has no decoding graph (graph/HCLG.fst or graph/HCLr.fst)"
    return None


def manifest(path: Path) -> dict[str, Any]:
    """What nemo wrote about the model when it installed it; {} when missing or unreadable
    (the model still works: its language then comes from its name)."""
    try:
        data = read_json(path / MANIFEST, default={}, what="speech model manifest")
    except ConfigError:
        return {}
    return data if isinstance(data, dict) else {}


def model_at(path: Path, source: str) -> SpeechModel:
    info = manifest(path)
    language = info.get("language") or language_from_name(path.name)
    return SpeechModel(
        path=path,
        name=str(info.get("name") or path.name),
        language=str(language) if language else None,
        source=source,
        verified=bool(info.get("verified", False)),
    )


def env_model(environ: Mapping[str, str]) -> SpeechModel | None:
    """The model ``NEMO_SPEECH_MODEL`` names (checked), or None when it is not set."""
    raw = environ.get(ENV_VAR, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    problem = why_not_a_model(path)
    if problem:
        raise SpeechUnavailable(
            f"{ENV_VAR} points at {raw}, which is not a Vosk model folder: {problem}.",
            hint=f"Fix the path, or unset {ENV_VAR} to use the installed model "
            "(nemo speech status).",
        )
    return model_at(path.resolve(), ENV_VAR)


def installed_models(paths: Paths) -> list[SpeechModel]:
    """The complete model folders under the models dir (half-installed ones are hidden), the
    default English model first."""
    root = models_dir(paths)
    if not root.is_dir():
        return []
    found = [
        model_at(child, "installed")
        for child in sorted(root.iterdir())
        if not child.name.startswith(".")
        and (child / MANIFEST).is_file()
        and why_not_a_model(child) is None
    ]
    found.sort(key=lambda m: m.name != default_model.NAME)
    return found


def choose_model(
    paths: Paths, environ: Mapping[str, str], language: str | None = None
) -> SpeechModel:
    """The model for speech in ``language`` (None: whatever the user set up, English first).

    ``NEMO_SPEECH_MODEL`` wins when its language is ``language`` or cannot be told; then the
    installed models. Raises SpeechUnavailable naming the way on when none fits.
    """
    chosen = env_model(environ)
    if chosen is not None and (language is None or chosen.language in (None, language)):
        return chosen
    models = installed_models(paths)
    for model in models:
        if language is None or model.language == language:
            return model
    raise no_model(language, [m for m in [chosen, *models] if m is not None])


class NoSpeechModel(SpeechUnavailable):
    """No model can hear ``language`` (None: any); ``available`` are the models there are.
    (A SpeechUnavailable, so a command stops on it; a chat turn does the rest of the message
    and words this part as not done, in the user's language.)"""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        language: str | None = None,
        available: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, hint=hint)
        self.language = language
        self.available = available


def no_model(language: str | None, available: list[SpeechModel]) -> NoSpeechModel:
    """The plain message for "nothing can hear this language", naming every way on."""
    names = tuple(m.name for m in available)
    if language in (None, default_model.LANGUAGE) and not available:
        return NoSpeechModel(
            "No speech model is installed, so nemo cannot hear what is said.",
            hint="Install the English model (about 41 MB, once): nemo speech install; or use "
            "the cloud backend: nemo --backend cloud",
            language=language,
        )
    wanted = language_name(language)
    have = ", ".join(f"{m.name} ({m.language_name})" for m in available) or "none"
    if language == "zh":
        folder, archive = (
            "a Vosk Chinese model folder (vosk-model-small-cn-0.22)",
            ("vosk-model-small-cn-0.22.zip"),
        )
    else:
        folder, archive = f"a Vosk {wanted} model folder", "MODEL.zip"
    return NoSpeechModel(
        f"No {wanted} speech model is installed (installed: {have}), "
        f"so nemo cannot transcribe {wanted} speech on this computer.",
        hint=f"Either point {ENV_VAR} at {folder} from the Vosk models page (or run: "
        f"nemo speech install --from {archive}), or use the cloud backend: "
        "nemo --backend cloud",
        language=language,
        available=names,
    )
