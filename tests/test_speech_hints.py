"""The advice given when Chinese is asked for and no Chinese speech model is installed: whole
sentences (found by a new user: "...nemo --backend cloud If the speech is English...")."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_cli.backends.local.intents import AddCaptions
from nemo_cli.backends.local.speech.listen import hear_intents
from nemo_cli.backends.local.timeline import Timeline
from nemo_cli.config import Paths
from nemo_cli.errors import SpeechUnavailable


def test_captions_asked_in_chinese_without_a_chinese_model(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "c", tmp_path / "s", tmp_path / "d")
    with pytest.raises(SpeechUnavailable) as caught:
        hear_intents(
            [AddCaptions()], Timeline(), [], "zh", paths=paths, environ={}, ffmpeg="ffmpeg"
        )
    assert caught.value.hint is not None
    assert caught.value.hint.endswith(
        "or use the cloud backend: nemo --backend cloud. If the speech is English, say: "
        "加英文字幕 (add English captions)."
    )
