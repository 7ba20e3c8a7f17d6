"""Issue 16: a full or read-only disk is said as such, by every command, with the
path, no traceback, and the data intact.

Every case runs everywhere by injecting SQLite's own error (and the mount's
flags); where root may mount, a tiny tmpfs shows the same on a real disk.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from reception.queue.errors import DatabaseReadOnly, DatabaseUnavailable, DiskFull
from reception.queue.store import connection, failures
from reception.queue.store.connection import connect
from tests.helpers import ALWAYS_OPEN, REPO_ROOT, run_cli


def sqlite_error(message: str, name: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorname, exc.sqlite_errorcode = name, code
    return exc


FULL = ("database or disk is full", "SQLITE_FULL", 13)
READONLY = ("attempt to write a readonly database", "SQLITE_READONLY", 8)
CANTOPEN = ("unable to open database file", "SQLITE_CANTOPEN", 14)
IOERR = ("disk I/O error", "SQLITE_IOERR_WRITE", 778)


def mount_is(monkeypatch, *, readonly=False, full=False):
    """Make the disk under every path look read-only or full to `disk_state`."""
    flags = SimpleNamespace(f_flag=os.ST_RDONLY if readonly else 0, f_bavail=0 if full else 1000)
    monkeypatch.setattr(failures.os, "statvfs", lambda path: flags)


def failing_connect(monkeypatch, error: tuple, when: str = "connect"):
    """sqlite3.connect, except that opening (`when="connect"`) or a statement
    starting with `when` raises SQLite's `error`."""
    real = sqlite3.connect

    def fake(*args, **kwargs):
        if when == "connect":
            raise sqlite_error(*error)
        base = kwargs.pop("factory", sqlite3.Connection)  # the store's own (it carries the write lock)

        class Failing(base):
            def execute(self, sql, *args):
                if sql.lstrip().upper().startswith(when.upper()):
                    raise sqlite_error(*error)
                return super().execute(sql, *args)

        return real(*args, factory=Failing, **kwargs)

    monkeypatch.setattr(connection.sqlite3, "connect", fake)


# ------------------------------------------------------------------ translation


@pytest.mark.parametrize("error, disk, expected, words", [
    (FULL, {}, DiskFull, "磁盘空间已满"),
    (READONLY, {"readonly": True}, DatabaseReadOnly, "数据库所在磁盘为只读"),
    (READONLY, {}, DatabaseReadOnly, "没有写入权限"),  # the file's permissions, not the disk
    (IOERR, {"full": True}, DiskFull, "磁盘空间已满"),
    (CANTOPEN, {"readonly": True}, DatabaseReadOnly, "数据库所在磁盘为只读"),
])
def test_sqlite_errors_become_chinese_errors_naming_the_path(monkeypatch, tmp_path, error, disk, expected, words):
    mount_is(monkeypatch, **disk)
    found = failures.translate(sqlite_error(*error), tmp_path / "hall.db")
    assert type(found) is expected
    assert words in found.message and str(tmp_path / "hall.db") in found.message


def test_opening_on_a_read_only_mount_says_read_only_not_missing_directory(monkeypatch, tmp_path):
    mount_is(monkeypatch, readonly=True)
    failing_connect(monkeypatch, CANTOPEN)
    with pytest.raises(DatabaseReadOnly) as refused:
        connect(tmp_path / "hall.db")
    assert "数据库所在磁盘为只读" in refused.value.message and str(tmp_path / "hall.db") in refused.value.message
    assert "目录不存在" not in refused.value.message


def test_opening_where_the_directory_is_only_missing_rights_still_says_so(monkeypatch, tmp_path):
    failing_connect(monkeypatch, CANTOPEN)
    with pytest.raises(DatabaseUnavailable) as refused:
        connect(tmp_path / "hall.db")
    assert "目录不存在或没有权限" in refused.value.message


def test_creating_a_database_on_a_full_disk_says_disk_full(monkeypatch, tmp_path):
    failing_connect(monkeypatch, FULL, when="CREATE")  # the first migration's first table
    with pytest.raises(DiskFull) as refused:
        connect(tmp_path / "hall.db")
    assert refused.value.message.startswith("磁盘空间已满")


def test_the_data_directory_on_a_read_only_mount(monkeypatch, tmp_path):
    import errno

    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(DatabaseReadOnly, match="数据库所在磁盘为只读，无法创建目录"):
        connect(tmp_path / "new" / "hall.db")


# ------------------------------------------------------------------ the CLI

INJECTED_CLI = textwrap.dedent("""
    import sqlite3, sys
    from reception.queue.store import connection
    real = sqlite3.connect

    class Full(connection.HallConnection):
        def execute(self, sql, *args):
            if sql.lstrip().upper().startswith("INSERT INTO TICKETS"):
                error = sqlite3.OperationalError("database or disk is full")
                error.sqlite_errorname, error.sqlite_errorcode = "SQLITE_FULL", 13
                raise error
            return super().execute(sql, *args)

    connection.sqlite3.connect = lambda *a, **k: real(*a, **{**k, "factory": Full})
    from reception.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def tickets_in(db: Path, read_only_disk: bool = False) -> list[str]:
    # A WAL database on a read-only mount opens only as immutable: SQLite cannot
    # create its -shm file there.
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True) if read_only_disk else sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT number FROM tickets ORDER BY id")]
    finally:
        conn.close()


def test_cli_issue_on_a_full_disk_says_so_and_keeps_earlier_tickets(tmp_path):
    db = tmp_path / "hall.db"
    for _ in range(2):
        assert run_cli("--db", str(db), "issue", "--service", "A", env=ALWAYS_OPEN).returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", INJECTED_CLI, "--db", str(db), "issue", "--service", "A"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **ALWAYS_OPEN},
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"磁盘空间已满，无法保存：{db}（请清理磁盘后重试）"
    assert done.stdout == ""
    assert tickets_in(db) == ["A001", "A002"]


# ------------------------------------------------------------------ a real small disk


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs (room for a new hall's schema), where root may mount one; skipped elsewhere."""
    place = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
    place.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0777", "tmpfs", str(place)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {mounted.stderr.strip()}")
    yield place
    subprocess.run(["umount", "-l", str(place)], check=False)


def fill(place: Path) -> None:
    with open(place / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass


def test_a_really_full_disk(small_disk):
    db = small_disk / "hall.db"
    assert run_cli("--db", str(db), "issue", "--service", "A", env=ALWAYS_OPEN).returncode == 0
    fill(small_disk)
    done = run_cli("--db", str(db), "issue", "--service", "A", env=ALWAYS_OPEN)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "磁盘空间已满" in done.stderr and str(db) in done.stderr
    fresh = run_cli("--db", str(small_disk / "new.db"), "status")
    assert fresh.returncode == 1 and "磁盘空间已满" in fresh.stderr and "Traceback" not in fresh.stderr
    (small_disk / "filler").unlink()
    assert tickets_in(db) == ["A001"]


def test_a_really_read_only_disk(small_disk):
    db = small_disk / "hall.db"
    assert run_cli("--db", str(db), "issue", "--service", "A", env=ALWAYS_OPEN).returncode == 0
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    if remounted.returncode != 0:
        pytest.skip(f"remounting read-only is not permitted here: {remounted.stderr.strip()}")
    for args in (["--db", str(db), "issue", "--service", "A"], ["--db", str(small_disk / "new.db"), "status"],
                 ["--db", str(small_disk / "sub" / "new.db"), "status"]):
        done = run_cli(*args, env=ALWAYS_OPEN)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "数据库所在磁盘为只读" in done.stderr and "目录不存在" not in done.stderr
    assert tickets_in(db, read_only_disk=True) == ["A001"]
