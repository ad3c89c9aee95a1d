"""`nemo config` and the config files: corrupt files are named, never overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

from nemo_cli.config import Credentials, Paths, load_credentials, save_credentials


def _paths(home: Path) -> Paths:
    return Paths(home / "config" / "nemo", home / "state" / "nemo", home / "data" / "nemo")


def test_config_set_show_path(nemo, isolated_home: Path) -> None:
    assert nemo("config", "set", "quality", "medium").code == 0
    shown = json.loads(nemo("config", "show", "--json").out)
    assert shown["settings"]["quality"] == "medium"
    assert shown["sources"]["quality"] == "config"
    paths = json.loads(nemo("config", "path", "--json").out)
    assert paths["config"] == str(_paths(isolated_home).config_file)
    assert _paths(isolated_home).config_file.read_text() == 'quality = "medium"\n'


def test_config_set_rejects_unknown_and_bad_values(nemo) -> None:
    result = nemo("config", "set", "colour", "blue")
    assert result.code == 2 and "Unknown setting 'colour'" in result.err
    result = nemo("config", "set", "backend", "mars")
    assert result.code == 2 and "local, cloud, auto" in result.err
    result = nemo("config", "set", "poll_interval", "soon")
    assert result.code == 2 and "takes a number" in result.err


def test_corrupt_config_is_named_and_kept(nemo, isolated_home: Path) -> None:
    path = _paths(isolated_home).config_file
    path.parent.mkdir(parents=True)
    path.write_text("backend = [unclosed\n")
    for args in (["status"], ["config", "show"], ["config", "set", "quality", "low"]):
        result = nemo(*args)
        assert result.code == 1, result
        lines = result.err.strip().splitlines()
        assert lines[0].startswith(f"Error: The config file {path} is corrupt")
        assert "Traceback" not in result.err
    assert path.read_text() == "backend = [unclosed\n"


def test_corrupt_credentials_are_named_and_kept(nemo, isolated_home: Path) -> None:
    path = _paths(isolated_home).credentials_file
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    result = nemo("status")
    assert result.code == 1
    assert f"The credentials file {path} is corrupt" in result.err
    assert path.read_text() == "{not json"


def test_credentials_file_mode_and_repr(isolated_home: Path) -> None:
    paths = _paths(isolated_home)
    creds = Credentials(token="nmv_usr_SECRET123", user_id="anon_1", kind="login")
    save_credentials(paths, creds)
    assert os.stat(paths.credentials_file).st_mode & 0o777 == 0o600
    assert os.stat(paths.config_dir).st_mode & 0o777 == 0o700
    assert "SECRET" not in repr(load_credentials(paths))
    assert load_credentials(paths).token == "nmv_usr_SECRET123"
