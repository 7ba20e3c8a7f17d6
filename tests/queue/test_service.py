"""The service facade: each action one transaction with its event and audit entry;
the database's failures reach callers as QueueErrors with Chinese messages."""

from __future__ import annotations

import sqlite3

import pytest

from reception.queue.errors import (
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
    IllegalTransition,
    QueueError,
)
from reception.queue.service import HallService
from tests.helpers import walk_in


def _counts(service: HallService) -> tuple[int, int]:
    db = service._hall.db
    return (
        db.execute("SELECT count(*) FROM events").fetchone()[0],
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def test_every_ticket_action_is_audited_by_the_core_with_its_event(service: HallService):
    ticket = walk_in(service._hall, 1).ticket
    service.call_next(1, "counter1")
    service.recall(ticket.id, "counter1", window=1)
    service.start(ticket.id, "counter1")
    actions = [e.action for e in service.audit_entries(subject=f"ticket:{ticket.id}")]
    assert actions[::-1] == ["ticket.issue", "ticket.call", "ticket.recall", "ticket.start"]
    call = service.audit_entries(action="ticket.call")[0]
    assert call.actor == "counter1" and call.at == service.clock.stamp()
    assert call.detail == {"number": ticket.number, "queue": "A", "window": 1}


def test_a_refused_action_leaves_no_change_no_event_and_no_audit_entry(service: HallService):
    ticket = walk_in(service._hall, 1).ticket
    before = _counts(service)
    with pytest.raises(IllegalTransition):
        service.start(ticket.id, "counter1")  # not called yet
    assert _counts(service) == before
    assert service.get_ticket(ticket.id).state.value == "waiting"


def test_finishing_an_unregistered_visit_is_refused_whole(service: HallService):
    ticket = walk_in(service._hall, 1).ticket
    service.call_next(1, "counter1")
    service.start(ticket.id, "counter1")
    before = _counts(service)
    with pytest.raises(QueueError):
        service.finish(ticket.id, "counter1")
    assert _counts(service) == before


def test_appointment_and_schedule_changes_are_audited_too(service: HallService):
    from reception.queue.models import PersonInput

    day = service.clock.hall_day()
    reception = service.add_reception_day(
        {"day": day, "leader": "王建国", "post": "副县长", "time": "09:00-11:30",
         "place": "第一接待室", "mode": "预约", "quota": 5}, "admin")
    booked = service.book_appointment(
        reception.leader_id, day, PersonInput(name="张三", doc_number="DOC000001"), "counter1")
    assert service.audit_entries(action="schedule.add")[0].actor == "admin"
    [entry] = service.audit_entries(action="appointment.book")
    assert entry.subject == f"appointment:{booked.id}" and entry.actor == "counter1"


@pytest.mark.parametrize(
    ("said", "error", "words"),
    [
        ("database is locked", DatabaseBusy, "数据库繁忙，请稍后重试"),
        ("database table is locked", DatabaseBusy, "数据库繁忙"),
        ("database or disk is full", DiskFull, "磁盘空间已满"),
        # On a writable disk a read-only database is a matter of rights (issue 16; a
        # read-only mount says 数据库所在磁盘为只读: tests/queue/test_disk_failures.py).
        ("attempt to write a readonly database", DatabaseReadOnly, "没有写入权限"),
        ("disk I/O error", DatabaseUnavailable, "无法使用数据库"),
    ],
)
def test_database_failures_become_queue_errors_in_chinese(service, monkeypatch, said, error, words):
    walk_in(service._hall, 1)

    def fail(conn, patience=0):
        raise sqlite3.OperationalError(said)

    monkeypatch.setattr("reception.queue.store.connection.begin_immediate", fail)
    with pytest.raises(error) as caught:
        service.call_next(1, "counter1")
    assert isinstance(caught.value, QueueError) and words in caught.value.message
    if error in (DiskFull, DatabaseReadOnly):
        assert str(service.db_path) in caught.value.message


def test_sqlites_own_result_code_decides_when_present(service, monkeypatch):
    exc = sqlite3.OperationalError("something the driver said")
    exc.sqlite_errorname = "SQLITE_FULL"

    def fail(conn, patience=0):
        raise exc

    monkeypatch.setattr("reception.queue.store.connection.begin_immediate", fail)
    with pytest.raises(DiskFull):
        service.call_next(1, "counter1")


def test_a_read_failure_is_translated_as_well(service, monkeypatch):
    def fail(self, *args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("reception.queue.hall.Hall.tickets", fail)
    with pytest.raises(DatabaseBusy):
        service.tickets()


def test_bugs_are_not_disguised_as_database_trouble(service, monkeypatch):
    def fail(self, *args, **kwargs):
        raise sqlite3.IntegrityError("UNIQUE constraint failed: tickets.number")

    monkeypatch.setattr("reception.queue.hall.Hall.tickets", fail)
    with pytest.raises(sqlite3.IntegrityError):
        service.tickets()


@pytest.mark.sqlite_only  # PostgreSQL's lock: tests/queue/test_postgres.py
def test_a_real_write_lock_held_elsewhere_reads_as_busy(service, monkeypatch):
    from reception.queue.store import write_lock

    walk_in(service._hall, 1)
    other = sqlite3.connect(service.db_path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    service._hall.db.conn.execute("PRAGMA busy_timeout = 50")
    monkeypatch.setattr(write_lock, "LOCK_PATIENCE_S", 0.2)
    real = write_lock.begin_immediate
    monkeypatch.setattr(
        "reception.queue.store.connection.begin_immediate", lambda conn: real(conn, patience=0.2)
    )
    try:
        with pytest.raises(DatabaseBusy, match="数据库繁忙"):
            service.call_next(1, "counter1")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert service.call_next(1, "counter1") is not None
