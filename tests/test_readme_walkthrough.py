"""The README's main-job command works as written: run its nemo steps and probe the video."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from mediagen import probe

README = Path(__file__).resolve().parents[1] / "README.md"


def main_job_steps() -> list[list[str]]:
    text = README.read_text()
    section = text.split("## Set up on a fresh machine", 1)[1]
    block = re.search(r"```bash\n(.+?)\n```", section, re.S)
    assert block, "the README lost its main-job command"
    steps = [shlex.split(part) for part in block[1].split(" && ")]
    # The first steps make the virtualenv and install: this test already runs inside one.
    setup = [s for s in steps if s[0] != "nemo"]
    assert [s[0] for s in setup] == ["python3", ".venv/bin/pip", "."], setup
    return [s[1:] for s in steps if s[0] == "nemo"]


@pytest.mark.slow
def test_readme_main_job_makes_the_video(tmp_path: Path) -> None:
    from conftest import run_nemo_process  # the walkthrough runs `nemo` as a user would

    steps = main_job_steps()
    assert [s[0] for s in steps] == ["demo-media", "upload", "say", "export"]
    for args in steps:
        result = run_nemo_process(*args, cwd=tmp_path)
        assert result.code == 0, (args, result)
    out = tmp_path / steps[-1][steps[-1].index("-o") + 1]
    facts = probe(out)
    assert (facts.video_codec, facts.audio_codec) == ("h264", "aac")
    assert (facts.width, facts.height) == (1920, 1080)
    assert facts.duration is not None and abs(facts.duration - 9.0) <= 0.1
