"""Backup of a live database, and a restore that checks before it replaces."""

import os
import stat
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reception.queue.backup import BackupError, backup, check_copy, restore
from reception.queue.db import connect
from tests.helpers import REPO_ROOT, run_cli, walk_in

WRITER = [sys.executable, "-m", "tests.ops.writer"]


def start_writer(path, first=0, call_every=0):
    return subprocess.Popen(
        [*WRITER, str(path), str(first), str(call_every)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )


def consistent(path):
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    numbers = [row[0] for row in db.execute("SELECT number FROM tickets ORDER BY seq")]
    issued = db.execute("SELECT count(*) FROM events WHERE action = 'issue'").fetchone()[0]
    orphans = db.execute(
        "SELECT count(*) FROM tickets t LEFT JOIN visits v ON v.id = t.visit_id WHERE v.id IS NULL"
    ).fetchone()[0]
    db.close()
    assert numbers == [f"A{n:03d}" for n in range(1, len(numbers) + 1)]  # no gap, no duplicate
    assert issued == len(numbers) and orphans == 0
    return numbers


@pytest.mark.slow
def test_backup_under_concurrent_writes_restores_consistently(tmp_path):
    live = tmp_path / "hall.db"
    connect(live).conn.close()
    writer = start_writer(live, call_every=3)
    try:
        assert writer.stdout.readline().strip() == "A001"  # writing, not still starting up
        time.sleep(0.3)
        copies = [backup(live, tmp_path / "backups" / f"b{i}.db") for i in range(3)]
        time.sleep(0.3)
    finally:
        writer.kill()
        writer.wait()
    sizes = [len(consistent(copy)) for copy in copies]
    assert sizes[0] > 0 and sizes == sorted(sizes)
    restored = tmp_path / "restored.db"
    restore(copies[1], restored)
    assert len(consistent(restored)) == sizes[1]


def test_backup_to_a_directory_gets_a_timestamped_name(hall, db_path, tmp_path):
    walk_in(hall, 1)
    written = backup(db_path, tmp_path)
    assert written.name.startswith("reception-") and written.suffix == ".db"
    assert check_copy(written).tickets == 1


def test_a_backups_name_says_the_halls_day_and_zone(hall, db_path, tmp_path):
    walk_in(hall, 1)
    # 00:13 on Monday in the hall is still Sunday on a UTC machine: the name
    # carries the hall's date and its offset, so nobody has to guess.
    written = backup(db_path, tmp_path, now=datetime(2026, 12, 7, 0, 13, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert written.name == "reception-20261207-001300+0800.db"
    unnamed_zone = backup(db_path, str(tmp_path / "utc") + "/")
    assert unnamed_zone.name.endswith("+0000.db")  # UTC, said so: never the machine's zone


def test_the_cli_names_a_backup_in_the_halls_time(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    at = datetime(2026, 12, 7, 0, 13, tzinfo=ZoneInfo("Asia/Shanghai"))
    made = run_cli("--db", db, "backup", str(tmp_path / "backups") + "/", at=at, env={"TZ": "UTC"})
    assert made.returncode == 0, made.stderr
    (copy,) = (tmp_path / "backups").iterdir()
    assert copy.name.startswith("reception-20261207-0013") and copy.name.endswith("+0800.db")


def test_restore_replaces_contents_and_saves_the_old_database(hall, db_path, tmp_path):
    walk_in(hall, 1)
    copy = backup(db_path, tmp_path / "one-ticket.db")
    walk_in(hall, 2)
    walk_in(hall, 3)
    saved = restore(copy, db_path)
    assert check_copy(saved).tickets == 3
    # The running process's connection sees the restored contents.
    assert hall.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert walk_in(hall, 9).ticket.number == "A002"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not a database at all" * 100, "不是可用的数据库"),
        (b"", "不是 SQLite 数据库文件"),  # refused from its header before SQLite opens it
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(hall, db_path, tmp_path, content, message):
    walk_in(hall, 1)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(bad, db_path)
    assert hall.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert not list(tmp_path.glob("*before-restore*"))


def test_restore_refuses_a_foreign_database(hall, db_path, tmp_path):
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="不是本系统的数据库"):
        restore(foreign, db_path)


def test_restore_refuses_a_copy_from_a_newer_version(hall, db_path, tmp_path):
    copy = backup(db_path, tmp_path / "new.db")
    conn = sqlite3.connect(copy)
    conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="更新版本"):
        restore(copy, db_path)


def test_restore_refuses_a_corrupted_copy(hall, db_path, tmp_path):
    for n in range(200):
        walk_in(hall, n)
    copy = backup(db_path, tmp_path / "c.db")
    data = bytearray(copy.read_bytes())
    for offset in range(4096 * 3, min(len(data), 4096 * 6)):
        data[offset] ^= 0x5A
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore(copy, db_path)
    assert hall.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 200


def test_cli_backup_and_restore(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    made = run_cli("--db", db, "backup", str(tmp_path / "b.db"))
    assert made.returncode == 0 and "已备份到" in made.stdout
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    refused = run_cli("--db", db, "restore", str(tmp_path / "b.db"))
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = run_cli("--db", db, "restore", str(tmp_path / "b.db"), "--yes")
    assert done.returncode == 0, done.stderr
    assert "1 张票" in done.stdout
    assert run_cli("--db", db, "issue", "--service", "A", "--outside-hours").stdout.strip() == "A002"


def test_backup_copies_are_private_to_their_owner(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    umask = os.umask(0o022)  # a typical admin shell: would leave a new file world-readable
    try:
        copy = backup(path, tmp_path / "backups/")
        saved = restore(copy, path)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert saved is not None and stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_cli_backup_to_a_new_directory_typed_with_a_slash(tmp_path):
    # `reception backup /var/backups/reception/` before the directory exists:
    # a timestamped file inside it, not a file named `reception`.
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    made = run_cli("--db", db, "backup", str(tmp_path / "backups") + "/")
    assert made.returncode == 0, made.stderr
    (copy,) = (tmp_path / "backups").iterdir()
    assert copy.name.startswith("reception-") and copy.suffix == ".db"
    assert str(copy) in made.stdout


def test_cli_backup_to_an_unwritable_place_is_refused_in_chinese(tmp_path):
    db = str(tmp_path / "h.db")
    run_cli("--db", db, "issue", "--service", "A", "--outside-hours")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_cli("--db", db, "backup", str(blocker / "b.db"))
    assert result.returncode == 1
    assert "无法写入备份" in result.stderr and str(blocker / "b.db") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("code", "words"),
    [(30, "磁盘为只读"), (28, "磁盘空间已满"), (13, "没有权限")],  # EROFS, ENOSPC, EACCES
)
def test_a_backup_the_disk_refuses_is_explained_in_chinese(hall, db_path, tmp_path, monkeypatch, code, words):
    """The operating system's own words ("Read-only file system") are English."""
    import reception.queue.backup as backups

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(backups.os, "open", refuse)
    with pytest.raises(BackupError) as refused:
        backup(db_path, tmp_path / "out" / "copy.db")
    assert words in str(refused.value) and os.strerror(code) not in str(refused.value)
    assert not list((tmp_path / "out").glob("*"))


def test_a_backup_onto_a_read_only_mount_says_so(hall, db_path, tmp_path):
    """Where root may mount: a real read-only tmpfs, through the CLI."""
    target = tmp_path / "ro"
    target.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(target)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting needs root")
    try:
        result = run_cli("--db", str(db_path), "backup", f"{target}/")
    finally:
        subprocess.run(["umount", str(target)], check=False)
    assert result.returncode != 0
    assert "磁盘为只读" in result.stderr and "Read-only" not in result.stderr
