"""The database file itself: who may read it, and what a person is told when it cannot be used."""

from __future__ import annotations

import stat

import pytest

from reception.queue.db import DB_FILE_MODE, connect
from reception.queue.errors import DatabaseUnavailable
from tests.helpers import run_cli


def test_a_new_database_is_not_world_readable_but_group_writable(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == DB_FILE_MODE
    assert not path.stat().st_mode & stat.S_IROTH


def test_an_existing_database_keeps_the_mode_the_admin_gave_it(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    path.chmod(0o600)
    connect(path).conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_that_is_not_a_database_is_refused_in_chinese(tmp_path):
    path = tmp_path / "hall.db"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseUnavailable, match="不是数据库"):
        connect(path)


def test_cli_on_an_unusable_database_says_why_without_a_traceback(tmp_path):
    path = tmp_path / "hall.db"
    path.mkdir()  # a directory where the file should be
    result = run_cli("--db", str(path), "status")
    assert result.returncode == 1
    assert "无法使用数据库" in result.stderr and "Traceback" not in result.stderr
    assert f"这是一个目录；请给出数据库文件，如 {path / 'reception.db'}" in result.stderr


def test_cli_with_a_database_under_a_file_says_why_without_a_traceback(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    result = run_cli("--db", str(blocker / "hall.db"), "status")
    assert result.returncode == 1
    assert "无法创建或进入目录" in result.stderr and "Traceback" not in result.stderr
