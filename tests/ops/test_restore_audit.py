"""Issue 16: a restore never rewinds the audit log, and is audited itself."""

from __future__ import annotations

import json
import sqlite3

import pytest

from reception.queue.service import AuthError, HallService
from tests.helpers import ALWAYS_OPEN, run_cli, visitor
from reception.queue.models import CheckInRequest


def log_of(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id").fetchall()
    finally:
        db.close()


def work(service: HallService, n: int) -> None:
    """Something audited: a ticket issued and called, a failed login."""
    service.check_in(CheckInRequest(lead=visitor(n), service="A"), actor="kiosk")
    called = service.call_next(1, actor="counter1")
    assert called is not None
    service.no_show(called.id, actor="counter1")  # the window is free for the next call
    with pytest.raises(AuthError):
        service.login("someone", "wrong password")


def test_restore_keeps_the_entries_written_after_the_backup_and_audits_itself(service, db_path, tmp_path, clock):
    work(service, 1)
    copy = HallService.backup(db_path, tmp_path / "copy.db")
    clock.advance(hours=1)
    work(service, 2)
    before = log_of(db_path)
    service.close()

    saved = HallService.restore(copy, db_path, now=clock.now(), actor="王管理员")

    after = log_of(db_path)
    assert after[: len(before)] == before  # nothing rewound, in the order written
    assert len(after) == len(before) + 1
    at, actor, action, subject, detail = after[-1]
    assert (actor, action, subject) == ("王管理员", "backup.restore", f"file:{copy}")
    assert json.loads(detail) == {"source": str(copy), "saved": str(saved), "carried": len(before) - len(log_of(copy))}
    assert at.startswith("2026-11-25T10:00")
    # The data is the copy's: the second visitor's ticket is gone, its audit entries are not.
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT number FROM tickets").fetchall() == [("A001",)]
    db.close()


def test_restoring_twice_neither_loses_nor_doubles_an_entry(service, db_path, tmp_path, clock):
    work(service, 1)
    copy = HallService.backup(db_path, tmp_path / "copy.db")
    work(service, 2)
    service.close()
    HallService.restore(copy, db_path, now=clock.now(), actor="a")
    first = log_of(db_path)
    clock.advance(minutes=5)
    HallService.restore(copy, db_path, now=clock.now(), actor="b")
    second = log_of(db_path)
    assert second[:-1] == first and second[-1][1:3] == ("b", "backup.restore")
    assert len(set(second)) == len(second)


def test_an_entry_the_copy_lacks_is_kept_even_with_a_lower_id(service, db_path, tmp_path, clock):
    """A database restored meanwhile reuses ids: the time, not only the id, says what is new."""
    work(service, 1)
    old = HallService.backup(db_path, tmp_path / "old.db")
    work(service, 2)
    newer = HallService.backup(db_path, tmp_path / "newer.db")
    service.close()
    raw = sqlite3.connect(db_path)  # the live log rewound as the old restore did, then written on
    raw.execute("DROP TRIGGER audit_log_append_only_delete")
    raw.execute("DELETE FROM audit_log WHERE id > (SELECT count(*) FROM audit_log) / 2")
    raw.commit()
    raw.close()
    clock.advance(hours=2)
    reopened = HallService.open(db_path, service.config, clock)
    reopened.record_audit("技术员", "device.card_read", "reader")
    reopened.close()
    HallService.restore(newer, db_path, now=clock.now(), actor="a")
    actions = [row[2] for row in log_of(db_path)]
    assert actions.count("device.card_read") == 1
    assert len(log_of(db_path)) == len(log_of(newer)) + 2
    assert old.exists()


def test_cli_restore_is_audited_with_the_cli_actor(tmp_path):
    db = tmp_path / "hall.db"
    assert run_cli("--db", str(db), "issue", "--service", "A", env=ALWAYS_OPEN).returncode == 0
    assert run_cli("--db", str(db), "backup", str(tmp_path / "copy.db")).returncode == 0
    assert run_cli("--db", str(db), "--actor", "刘洋", "call", "--window", "1").returncode == 0
    done = run_cli("--db", str(db), "--actor", "王管理员", "restore", str(tmp_path / "copy.db"), "--yes")
    assert done.returncode == 0, done.stderr
    listing = run_cli("--db", str(db), "audit", "list", "--json")
    entries = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [e["action"] for e in entries] == ["ticket.issue", "ticket.call", "backup.restore"]
    assert entries[1]["actor"] == "刘洋"
    assert entries[2]["actor"] == "王管理员" and entries[2]["detail"]["source"] == str(tmp_path / "copy.db")
