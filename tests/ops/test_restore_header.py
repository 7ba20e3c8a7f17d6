"""`reception restore` reads a file's header and size before SQLite opens it (issue 16)."""

from __future__ import annotations

import gzip
import sqlite3
import time

import pytest

from reception.queue.backup import MAX_RESTORE_BYTES, BackupError, backup, check_copy
from tests.helpers import run_cli, walk_in


def test_a_compressed_backup_is_refused_from_its_header(tmp_path, hall, db_path):
    walk_in(hall, 1)
    copy = backup(db_path, tmp_path / "copy.db")
    packed = tmp_path / "copy.db.gz"
    packed.write_bytes(gzip.compress(copy.read_bytes()))
    packed = packed.rename(tmp_path / "reception-20261125.db")  # renamed as people do
    result = run_cli("--db", str(db_path), "restore", "--yes", str(packed))
    assert result.returncode == 1
    assert "不是 SQLite 数据库文件" in result.stderr and "Traceback" not in result.stderr
    assert hall.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


def test_a_copy_cut_short_is_refused_as_incomplete(tmp_path, hall, db_path):
    walk_in(hall, 1)
    copy = backup(db_path, tmp_path / "copy.db")
    cut = tmp_path / "cut.db"
    cut.write_bytes(copy.read_bytes()[:-1000])  # a copy interrupted mid-page
    with pytest.raises(BackupError, match="不完整"):
        check_copy(cut)


def test_an_absurdly_large_file_is_refused_before_sqlite_reads_it(tmp_path, hall, db_path):
    # A real database header on a sparse file larger than any hall's database.
    copy = backup(db_path, tmp_path / "copy.db")
    huge = tmp_path / "huge.db"
    huge.write_bytes(copy.read_bytes())
    with huge.open("r+b") as handle:
        handle.truncate(MAX_RESTORE_BYTES + 4096)
    started = time.monotonic()
    with pytest.raises(BackupError, match="文件过大"):
        check_copy(huge)
    assert time.monotonic() - started < 1


def test_a_real_backup_still_passes(tmp_path, hall, db_path):
    walk_in(hall, 1)
    found = check_copy(backup(db_path, tmp_path / "copy.db"))
    assert found.tickets == 1
    sqlite3.connect(tmp_path / "copy.db").close()
