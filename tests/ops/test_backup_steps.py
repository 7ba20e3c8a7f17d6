"""Backup in steps (issue 15): one snapshot however many commits land between steps."""

import sqlite3

from reception.queue import backup as backups
from reception.queue.db import connect


def test_a_stepped_backup_is_the_snapshot_it_started_from(tmp_path, monkeypatch):
    path = tmp_path / "hall.db"
    db = connect(path)
    db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob TEXT)")
    db.conn.executemany("INSERT INTO filler (blob) VALUES (?)", [("x" * 3000,) for _ in range(300)])
    monkeypatch.setattr(backups, "STEP_PAGES", 20)  # many steps
    seen = []

    def progress(copied, total):
        seen.append((copied, total))
        # Another connection commits between steps: the copy must neither restart
        # forever nor take the row in.
        db.execute("INSERT INTO filler (blob) VALUES ('late')")

    written = backups.backup(path, tmp_path / "copy.db", progress=progress)
    assert len(seen) > 10 and seen[-1][0] == seen[-1][1]
    copy = sqlite3.connect(written)
    assert copy.execute("SELECT count(*) FROM filler").fetchone()[0] == 300
    copy.close()


def test_each_step_reaches_the_disk_before_the_next(tmp_path, monkeypatch):
    """The copy is flushed step by step: left to the kernel, a ten-year hall's
    gigabyte was written back in bursts that held a kiosk's commit up to 0.5 s."""
    path = tmp_path / "hall.db"
    db = connect(path)
    db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob TEXT)")
    db.conn.executemany("INSERT INTO filler (blob) VALUES (?)", [("x" * 3000,) for _ in range(300)])
    monkeypatch.setattr(backups, "STEP_PAGES", 20)
    flushed_sizes = []
    real = backups.os.fdatasync

    def fdatasync(fd):
        flushed_sizes.append(backups.os.fstat(fd).st_size)
        real(fd)

    monkeypatch.setattr(backups.os, "fdatasync", fdatasync)
    steps = []
    backups.backup(path, tmp_path / "copy.db", progress=lambda copied, total: steps.append(copied))
    assert len(flushed_sizes) == len(steps) > 10
    assert flushed_sizes[-1] > flushed_sizes[0]  # the copy grew between flushes
