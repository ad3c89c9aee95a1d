"""Which speech model is used, and installing one: checksums, archives, interruptions."""

from __future__ import annotations

import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from speechgen import speech_model  # noqa: F401  (a fixture)

from nemo_cli.backends.base import ProgressUpdate
from nemo_cli.backends.local.speech import default_model, install
from nemo_cli.backends.local.speech.models import (
    ENV_VAR,
    choose_model,
    installed_models,
    language_from_name,
    models_dir,
    why_not_a_model,
)
from nemo_cli.config import Paths
from nemo_cli.errors import InputError, SpeechUnavailable

MODEL_FILES = {"am/final.mdl": b"acoustic", "graph/HCLr.fst": b"graph", "conf/model.conf": b"x"}


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "config", tmp_path / "state", tmp_path / "data")


def make_model(folder: Path, files: dict[str, bytes] = MODEL_FILES) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def make_zip(path: Path, top: str, files: dict[str, bytes] = MODEL_FILES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for rel, data in files.items():
            archive.writestr(f"{top}/{rel}" if top else rel, data)
    return path


def leftovers(paths: Paths) -> list[str]:
    root = models_dir(paths)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


# ---------------------------------------------------------------- which model


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("vosk-model-small-en-us-0.15", "en"),
        ("vosk-model-en-us-0.22-lgraph", "en"),
        ("vosk-model-small-cn-0.22", "zh"),
        ("vosk-model-cn-kaldi-multicn-0.15", "zh"),
        ("vosk-model-small-ja-0.22", "ja"),
        ("vosk-model-small-uk-v3-nano", "uk"),
        ("vosk-model-fr-0.22", "fr"),
        ("my-model", None),
        ("VOSK-MODEL-SMALL-DE-0.15", "de"),
    ],
)
def test_language_from_name(name: str, language: str | None) -> None:
    assert language_from_name(name) == language


def test_why_not_a_model(tmp_path: Path) -> None:
    assert why_not_a_model(tmp_path / "nope") == "it does not exist"
    (tmp_path / "file").write_text("x")
    assert why_not_a_model(tmp_path / "file") == "it is not a folder"
    assert why_not_a_model(tmp_path) == "it has no am/final.mdl"
    make_model(tmp_path / "half", {"am/final.mdl": b"x"})
    assert "decoding graph" in str(why_not_a_model(tmp_path / "half"))
    assert why_not_a_model(make_model(tmp_path / "whole")) is None
    assert (
        why_not_a_model(make_model(tmp_path / "v1", {"final.mdl": b"x", "HCLG.fst": b"x"})) is None
    )


def test_no_model_at_all_names_the_install_command(paths: Paths) -> None:
    with pytest.raises(SpeechUnavailable) as caught:
        choose_model(paths, {})
    assert caught.value.hint == (
        "Install the English model (about 41 MB, once): nemo speech install; or use the cloud "
        "backend: nemo --backend cloud"
    )


def test_a_bad_env_model_is_reported_not_replaced(paths: Paths, tmp_path: Path) -> None:
    with pytest.raises(SpeechUnavailable, match=f"{ENV_VAR} points at .*not a Vosk model folder"):
        choose_model(paths, {ENV_VAR: str(tmp_path)})


def test_the_env_model_serves_its_language_and_unknown_ones(paths: Paths, tmp_path: Path) -> None:
    english = make_model(tmp_path / "vosk-model-small-en-us-0.15")
    assert choose_model(paths, {ENV_VAR: str(english)}).language == "en"
    assert choose_model(paths, {ENV_VAR: str(english)}, "en").source == ENV_VAR
    with pytest.raises(SpeechUnavailable) as caught:
        choose_model(paths, {ENV_VAR: str(english)}, "zh")
    err = caught.value
    assert err.message.startswith(
        "No Chinese speech model is installed (installed: vosk-model-small-en-us-0.15 (English))"
    )
    assert err.hint is not None
    assert ENV_VAR in err.hint and "vosk-model-small-cn-0.22" in err.hint
    assert "nemo --backend cloud" in err.hint
    mine = make_model(tmp_path / "my-model")  # language unknown: the user chose it, it serves
    assert choose_model(paths, {ENV_VAR: str(mine)}, "zh").path == mine.resolve()


def test_an_installed_chinese_model_serves_chinese(paths: Paths, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-cn-0.22.zip", "vosk-model-small-cn-0.22")
    done = install.install_from(paths, zipped)
    assert (done.model.name, done.model.language, done.model.verified) == (
        "vosk-model-small-cn-0.22",
        "zh",
        False,
    )
    assert choose_model(paths, {}, "zh").name == "vosk-model-small-cn-0.22"
    assert choose_model(paths, {}).name == "vosk-model-small-cn-0.22"  # the only one
    with pytest.raises(SpeechUnavailable, match="No English speech model"):
        choose_model(paths, {}, "en")


# ---------------------------------------------------------------- installing --from


def test_install_a_zip_tar_or_folder(paths: Paths, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-fr-0.22.zip", "vosk-model-small-fr-0.22")
    ticks: list[ProgressUpdate] = []
    done = install.install_from(paths, zipped, progress=ticks.append)
    folder = models_dir(paths) / "vosk-model-small-fr-0.22"
    assert done.model.path == folder and not done.already and done.bytes > 0
    assert (folder / "am" / "final.mdl").read_bytes() == b"acoustic"
    manifest = json.loads((folder / "nemo-model.json").read_text())
    assert manifest["language"] == "fr" and manifest["verified"] is False
    assert set(manifest["files"]) == set(MODEL_FILES)
    assert ticks[-1].completed == ticks[-1].total == sum(len(v) for v in MODEL_FILES.values())
    assert install.install_from(paths, zipped).already

    tarred = tmp_path / "vosk-model-small-de-0.15.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        for rel, data in MODEL_FILES.items():
            info = tarfile.TarInfo(f"vosk-model-small-de-0.15/{rel}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    assert install.install_from(paths, tarred).model.language == "de"

    folder_model = make_model(tmp_path / "vosk-model-small-es-0.42")
    assert install.install_from(paths, folder_model, language="es").model.language == "es"
    flat = make_zip(tmp_path / "custom.zip", "")  # no top folder: named after the archive
    assert install.install_from(paths, flat, language="it").model.name == "custom"
    assert [m.name for m in installed_models(paths)] == [
        "custom",
        "vosk-model-small-de-0.15",
        "vosk-model-small-es-0.42",
        "vosk-model-small-fr-0.22",
    ]
    assert not [n for n in leftovers(paths) if n.startswith(".")]


def test_force_replaces_an_installed_model(paths: Paths, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-fr-0.22.zip", "vosk-model-small-fr-0.22")
    install.install_from(paths, zipped)
    changed = make_zip(
        tmp_path / "v2" / "vosk-model-small-fr-0.22.zip",
        "vosk-model-small-fr-0.22",
        {**MODEL_FILES, "am/final.mdl": b"better"},
    )
    done = install.install_from(paths, changed, force=True)
    assert not done.already
    assert (done.model.path / "am" / "final.mdl").read_bytes() == b"better"
    assert leftovers(paths) == ["vosk-model-small-fr-0.22"]


@pytest.mark.parametrize(
    ("name", "files", "error"),
    [
        ("evil.zip", {"../escape/am/final.mdl": b"x"}, "unsafe path"),
        ("notamodel.zip", {"readme.txt": b"hello"}, "does not hold a Vosk model"),
    ],
)
def test_bad_archives_install_nothing(
    paths: Paths, tmp_path: Path, name: str, files: dict[str, bytes], error: str
) -> None:
    archive = make_zip(tmp_path / name, "", files)
    with pytest.raises(InputError, match=error):
        install.install_from(paths, archive)
    assert leftovers(paths) == []
    assert not (tmp_path / "escape").exists()


def test_a_broken_zip_and_an_unknown_kind_are_refused(paths: Paths, tmp_path: Path) -> None:
    broken = tmp_path / "model.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a valid zip"):
        install.install_from(paths, broken)
    other = tmp_path / "model.rar"
    other.write_bytes(b"x")
    with pytest.raises(Exception, match="a folder, a .zip, a .tar.gz"):
        install.install_from(paths, other)
    with pytest.raises(InputError, match="does not exist"):
        install.install_from(paths, tmp_path / "missing.zip")
    assert leftovers(paths) == []


def test_an_interrupted_install_leaves_nothing(paths: Paths, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-fr-0.22.zip", "vosk-model-small-fr-0.22")

    def stop(update: ProgressUpdate) -> None:
        if update.completed > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        install.install_from(paths, zipped, progress=stop)
    assert leftovers(paths) == []


def test_a_wheel_that_is_not_the_pinned_one_is_refused(paths: Paths, tmp_path: Path) -> None:
    fake = tmp_path / default_model.WHEEL_FILE
    make_zip(fake, "videogrep/model", MODEL_FILES)
    with pytest.raises(InputError, match="is not the videogrep==2.3.0 wheel nemo expects"):
        install.install_from(paths, fake)
    assert leftovers(paths) == []


def test_the_default_model_from_its_folder_is_recognised_as_verified(
    paths: Paths,
    speech_model: Path,  # noqa: F811
) -> None:
    done = install.install_from(paths, speech_model)
    assert (done.model.name, done.model.language, done.model.verified) == (
        default_model.NAME,
        "en",
        True,
    )
    assert done.bytes == default_model.UNPACKED_BYTES + len(
        (done.model.path / "nemo-model.json").read_bytes()
    )
    assert install.default_complete(done.model.path)
    (done.model.path / "graph" / "Gr.fst").write_bytes(b"truncated")
    assert not install.default_complete(done.model.path)


def test_nemo_speech_install_from_a_file_and_status(nemo: Any, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-cn-0.22.zip", "vosk-model-small-cn-0.22")
    result = nemo("speech", "install", "--from", str(zipped), "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["model"]["name"] == "vosk-model-small-cn-0.22" and data["already"] is False
    assert data["model"]["language"] == "zh"
    text = nemo("speech", "install", "--from", str(zipped))
    assert "✓ Already installed: vosk-model-small-cn-0.22 (Chinese, 0 MB)" in text.out
    status = nemo("speech", "status")
    assert "Model in use: vosk-model-small-cn-0.22 (Chinese; installed by nemo)" in status.out


def test_without_the_speech_extra_the_message_names_the_fix(
    nemo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vosk", None)  # stands for an environment without vosk
    model = make_model(tmp_path / "vosk-model-small-en-us-0.15")
    clip = tmp_path / "talk.wav"
    from mediagen import make_tone

    make_tone(clip, 1.0)
    result = nemo("transcript", str(clip), env={ENV_VAR: str(model)})
    assert result.code == 1
    assert result.err.splitlines() == [
        "Error: Speech recognition needs nemo's speech extra (vosk), which is not installed.",
        "Install speech recognition with: pip install 'nemo-video[speech]'",
    ]


def test_a_corrupt_manifest_does_not_hide_or_break_a_model(paths: Paths, tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "vosk-model-small-fr-0.22.zip", "vosk-model-small-fr-0.22")
    done = install.install_from(paths, zipped)
    (done.model.path / "nemo-model.json").write_text("{not json")
    [model] = installed_models(paths)
    assert (model.name, model.language, model.verified) == ("vosk-model-small-fr-0.22", "fr", False)
