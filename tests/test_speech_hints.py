"""The advice given when speech cannot be heard: whole sentences naming every way on (found by
a new user: "...nemo --backend cloud If the speech is English..."), and a message whose other
parts are still done ("add captions and make it vertical" without a speech model: vertical,
and the captions named as not done, exit 0)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nemo_cli.backends.local.intents import AddCaptions
from nemo_cli.backends.local.speech.listen import hear_intents, language_wanted, understood
from nemo_cli.backends.local.speech.transcript import Word
from nemo_cli.backends.local.timeline import Timeline
from nemo_cli.config import Paths
from nemo_cli.errors import SpeechUnavailable
from tests.understanding.session import MEDIA, facts, state


def _hint(tmp_path: Path, intent: AddCaptions, written_in: str) -> str:
    paths = Paths(tmp_path / "c", tmp_path / "s", tmp_path / "d")
    with pytest.raises(SpeechUnavailable) as caught:
        hear_intents([intent], Timeline(), [], written_in, paths=paths, environ={}, ffmpeg="-")
    assert caught.value.hint is not None
    return caught.value.hint


def test_no_model_at_all_names_the_install_and_the_cloud(tmp_path: Path) -> None:
    assert _hint(tmp_path, AddCaptions(), "en") == (
        "Install the English model (about 41 MB, once): nemo speech install; or use the cloud "
        "backend: nemo --backend cloud"
    )


def test_captions_asked_in_chinese_with_no_model_also_name_the_chinese_way(
    tmp_path: Path,
) -> None:
    assert _hint(tmp_path, AddCaptions(), "zh").endswith(
        "or use the cloud backend: nemo --backend cloud. For Chinese speech, point "
        "NEMO_SPEECH_MODEL at a Vosk Chinese model folder (vosk-model-small-cn-0.22)."
    )


def test_chinese_captions_named_without_a_chinese_model(tmp_path: Path) -> None:
    assert _hint(tmp_path, AddCaptions(language="zh"), "en").endswith(
        "or use the cloud backend: nemo --backend cloud"
    )


@pytest.mark.parametrize(
    ("intents", "language"),
    [
        ([AddCaptions()], None),  # 加字幕: the speech decides, not the instruction's language
        ([AddCaptions(language="zh")], "zh"),  # 中文字幕
        ([AddCaptions(language="en")], "en"),  # English captions
    ],
)
def test_the_language_is_the_one_named_or_none(intents: list[Any], language: str | None) -> None:
    assert language_wanted(intents) == language


# ---------------------------------------------------------------- a message partly done


def _session(monkeypatch: pytest.MonkeyPatch) -> str:
    """The instruction table's session in state C (three clips), as session.json holds it;
    no speech model anywhere."""
    from nemo_cli.backends.local.store import SessionStore
    from nemo_cli.config import Paths as RealPaths

    monkeypatch.delenv("NEMO_SPEECH_MODEL", raising=False)
    monkeypatch.setenv("NEMO_BACKEND", "local")
    sid = "local-20260101-000000-beef"
    path = SessionStore(RealPaths.from_platform().local_sessions_dir).file(sid)
    path.parent.mkdir(parents=True)
    body = {
        "id": sid,
        "created_at": "2026-01-01T00:00:00+00:00",
        "title": None,
        "media": MEDIA,
        "draft": state("C"),
        "undo": [],
        "redo": [],
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    return sid


def _draft(sid: str) -> dict[str, Any]:
    from nemo_cli.backends.local.store import SessionStore
    from nemo_cli.config import Paths as RealPaths

    path = SessionStore(RealPaths.from_platform().local_sessions_dir).file(sid)
    draft: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["draft"]
    return draft


def test_captions_without_a_model_leave_the_rest_done(
    nemo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = _session(monkeypatch)
    result = nemo("--session", sid, "--json", "say", "add captions and make it vertical")
    assert result.code == 0, result  # a partial success (DESIGN.md): exit 0, the rest listed
    body = json.loads(result.out)
    needs = (
        "Captions need a speech model, and none is installed: `nemo speech install` adds the "
        "English one (about 41 MB, once), or use the cloud backend: `nemo --backend cloud`"
    )
    assert body["unhandled"] == [needs]
    assert body["reply"] == (
        "Here is what I changed:\n- Switched to vertical 9:16 (1080x1920)\n\n"
        f"I couldn't do everything:\n- {needs}\n\n"
        "Run `nemo export` when you're happy, or `nemo status` to see the timeline."
    )
    assert facts(_draft(sid), MEDIA)["aspect"] == "9:16"


def test_captions_without_a_model_in_chinese(nemo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = _session(monkeypatch)
    result = nemo("--session", sid, "say", "加字幕 再改成方形")
    assert result.code == 0, result
    assert "已切换为方形 1:1" in result.out
    assert "加字幕需要语音识别模型" in result.out and "nemo speech install" in result.out
    assert "vosk-model-small-cn-0.22" in result.out and "nemo --backend cloud" in result.out
    assert "好的，已完成" not in result.out
    assert facts(_draft(sid), MEDIA)["aspect"] == "1:1"


def test_captions_alone_without_a_model_is_an_error(
    nemo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = _session(monkeypatch)
    result = nemo("--session", sid, "--json", "say", "add captions")
    assert result.code == 1
    error = json.loads(result.err.strip().splitlines()[-1])["error"]
    assert error["code"] == "speech_unavailable"
    assert "nemo speech install" in error["hint"] and "nemo --backend cloud" in error["hint"]
    assert _draft(sid) == state("C")


@pytest.mark.parametrize(
    ("words", "score"),
    [
        ([], 0.0),
        ([Word("hello", 0.0, 0.5, 1.0), Word("world", 0.6, 1.0, 0.5)], 0.7),
        # a model of another language: short words it is unsure of
        ([Word("a", 0.0, 0.1, 0.3), Word("the", 0.5, 0.6, 0.4)], 0.07),
        ([Word("x", 1.0, 0.9, 1.0)], 0.0),  # a word ending before it starts counts nothing
    ],
)
def test_how_well_a_model_understood_a_stretch(words: list[Word], score: float) -> None:
    """With models of several languages at hand and none named, each hears a stretch of the
    speech and the one that understood most (seconds covered, times confidence) is kept."""
    assert understood(words) == pytest.approx(score)
