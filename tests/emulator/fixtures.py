"""pytest fixtures for the cloud emulator (loaded by tests/conftest.py's ``pytest_plugins``).

- ``emulator``: a fresh ``Emulator`` for the test (the servers live for the whole session and
  are reset before each test). At teardown it fails the test if the CDN saw an Authorization
  header or an emulator handler crashed.
- ``cdn``: ``emulator.cdn`` (the CDN's URL, its requests, the bytes it serves for renders).
- ``cloud_env``: environment variables for a ``nemo`` subprocess run against the emulator.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .emulator import CdnView, Emulator


@pytest.fixture(scope="session")
def emulator_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The session's emulator, not reset: prefer ``emulator``."""
    emu = Emulator(workdir=tmp_path_factory.mktemp("emulator"))
    emu.start()
    yield emu
    emu.close()


@pytest.fixture
def emulator(emulator_server: Emulator) -> Iterator[Emulator]:
    emulator_server.reset()
    yield emulator_server
    emulator_server.assert_clean()


@pytest.fixture
def cdn(emulator: Emulator) -> CdnView:
    return emulator.cdn


# A timeline with one 2-second clip: enough for export tests.
CLIP_DRAFT = {"t": [{"tt": 0, "sg": [{"n": "city.mp4", "st": 0, "d": 2000}]}], "d": 2000}


@pytest.fixture
def cloud(emulator: Emulator, cloud_env: dict[str, str]) -> tuple[dict[str, str], str]:
    """A token and a new empty session, with the CLI's environment to use them (retry waits
    off). A test file that needs more in the session overrides this fixture, asking for it."""
    token = emulator.seed_token()
    sid = emulator.create_session(token)
    return {**cloud_env, "NEMO_WAIT_SCALE": "0", "NEMO_TOKEN": token}, sid


@pytest.fixture
def cloud_env(emulator: Emulator) -> dict[str, str]:
    """``run_nemo(..., env=cloud_env)``; add NEMO_TOKEN (``emulator.seed_token()``) as needed."""
    return {
        "NEMO_API_BASE": emulator.base_url,
        "NEMO_BACKEND": "cloud",
        "NEMO_POLL_INTERVAL": "0.05",
        "NEMO_PROGRESS_INTERVAL": "120",
    }
