"""nemo's folders on Linux, found without importing platformdirs: the same as it finds them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nemo_cli.config import APP, Paths, _linux_xdg

_VARS = ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rules are Linux's")
@pytest.mark.parametrize(
    "environ",
    [
        {"HOME": "/home/ann"},
        {"HOME": "/home/ann/"},
        {"HOME": "/"},
        {"HOME": "/h", "XDG_CONFIG_HOME": "/x/c", "XDG_CACHE_HOME": "relative/cache"},
        {"HOME": "/h", "XDG_STATE_HOME": "/s/", "XDG_DATA_HOME": ""},
        {
            "HOME": "/h",
            "XDG_CONFIG_HOME": "/c",
            "XDG_STATE_HOME": "/s",
            "XDG_DATA_HOME": "/d",
            "XDG_CACHE_HOME": "/k",
        },
    ],
)
def test_the_same_folders_as_platformdirs(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for var in _VARS:
        monkeypatch.delenv(var, raising=False)
    for var, value in environ.items():
        monkeypatch.setenv(var, value)
    theirs = tuple(
        Path(f(APP, appauthor=False))
        for f in (
            platformdirs.user_config_dir,
            platformdirs.user_state_dir,
            platformdirs.user_data_dir,
            platformdirs.user_cache_dir,
        )
    )
    import os

    assert _linux_xdg(os.environ) == theirs
    paths = Paths.from_platform()
    assert (paths.config_dir, paths.state_dir, paths.data_dir, paths.cache_dir) == theirs


@pytest.mark.parametrize("environ", [{}, {"HOME": "relative"}])
def test_an_odd_home_is_left_to_platformdirs(environ: dict[str, str]) -> None:
    assert _linux_xdg(environ) is None
