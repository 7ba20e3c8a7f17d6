"""`reception init` under any umask: the config (the kiosk's staff PIN) is 0640 and the
data directory is never world-writable (issue 16)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tests.helpers import REPO_ROOT


def init_under_umask(umask: int, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reception", *args, "init"],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
        preexec_fn=lambda: os.umask(umask),
        capture_output=True, text=True, timeout=60,
    )


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_init_with_the_default_paths_writes_a_private_config_and_directory(tmp_path, umask):
    result = init_under_umask(umask, env={"XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    data = tmp_path / "share" / "reception"
    assert mode(data / "config.toml") == 0o640
    assert mode(data) == 0o770
    assert mode(tmp_path / "share") == 0o770  # a parent init created too
    assert mode(data / "reception.db") == 0o660


def test_init_with_new_directories_for_db_and_config_under_umask_000(tmp_path):
    db, config = tmp_path / "var" / "lib" / "h.db", tmp_path / "etc" / "reception" / "c.toml"
    result = init_under_umask(0o000, "--db", str(db), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert mode(config) == 0o640
    for directory in (db.parent, db.parent.parent, config.parent, config.parent.parent):
        assert not mode(directory) & stat.S_IWOTH, oct(mode(directory))
        assert mode(directory) == 0o770


def test_init_leaves_an_existing_directory_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o2750)
    result = init_under_umask(0o000, "--db", str(shared / "h.db"), "--config", str(shared / "c.toml"))
    assert result.returncode == 0, result.stderr
    assert mode(shared) == 0o2750
    assert mode(shared / "c.toml") == 0o640
