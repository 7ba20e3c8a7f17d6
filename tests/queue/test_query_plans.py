"""No statement behind a screen reads the whole history (issue 15).

Plans do not depend on the table sizes here (no ANALYZE is ever run), so a small
hall shows the plans of a ten-year one; benchmarks/bench_scale.py times them.
"""

from dataclasses import replace

import pytest

from reception.config.sections import PrioritySettings
from reception.queue import ordering
from reception.queue.models import CheckInRequest
from reception.queue.store.plans import Recorder, scanned_tables
from tests.helpers import visitor, walk_in

# About SQLite's own file, plans or migrations of old files (issue 18: not PostgreSQL).
pytestmark = pytest.mark.sqlite_only


def screens(service, clock):
    """What the kiosk, the counters, the leader, the display and the CLI read."""
    hall = service._hall
    first = walk_in(hall, 1).ticket
    walk_in(hall, 2)
    walk_in(hall, 3, service="B")
    service.call_next(1, "s")
    clock.advance(days=1)
    service.close_earlier_days("close-day")
    walk_in(hall, 1)
    service.call_next(1, "s")
    walk_in(hall, 4)
    service.repeat_of("居民身份证", visitor(1).doc_number)
    service.active_ticket_for("居民身份证", visitor(1).doc_number)
    service.appointment_today("居民身份证", visitor(1).doc_number)
    service.check_in(CheckInRequest(lead=visitor(1), service="A"))  # already holds one
    service.tickets()
    service.unfinished_earlier()
    service.recent_calls(5)
    service.waiting_counts()
    service.counter_queue_rows(["A", "B"])
    service.serving_at(1)
    service.board(5, 7)
    service.visits_of_person(1)
    service.progress(first.query_code)
    service.supervision_list()
    service.pending_callbacks()
    service.close_earlier_days("close-day")
    service.call_next(2, "s")  # window 1 holds a visitor: it may not call again (issue 17)


def test_no_screen_scans_tickets_visits_or_events(service, clock):
    conn = service._hall.db.conn
    recorder = Recorder()
    with recorder.on(conn):
        screens(service, clock)
    scans = recorder.full_scans(conn)
    assert not scans, "\n".join(f"{tables}: {sql}" for sql, tables in scans.items())
    assert len(recorder.statements) > 20  # the recorder saw the screens' statements


def test_the_guard_sees_a_scan(service):
    conn = service._hall.db.conn
    assert scanned_tables(conn, "SELECT count(*) FROM tickets t WHERE t.state = 'done'") == ["tickets"]
    assert scanned_tables(conn, "SELECT * FROM tickets WHERE hall_day < '2026-01-01'") == []


def test_call_next_reads_the_queue_order_index_without_sorting(service):
    conn = service._hall.db.conn
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE hall_day = '2026-11-25' AND queue = 'A'"
        " AND state = 'waiting' ORDER BY appointment DESC, priority DESC, queued_at ASC, id ASC LIMIT 1"
    ).fetchall()
    details = " ".join(row[3] for row in plan)
    assert "tickets_queue_order" in details and "TEMP B-TREE" not in details


@pytest.mark.parametrize("mode", ["interleave", "off"])
def test_no_screen_scans_under_the_other_priority_rules(service, clock, mode):
    service._hall.config = replace(service._hall.config, priority=PrioritySettings(mode=mode))
    conn = service._hall.db.conn
    recorder = Recorder()
    with recorder.on(conn):
        screens(service, clock)
    scans = recorder.full_scans(conn)
    assert not scans, "\n".join(f"{tables}: {sql}" for sql, tables in scans.items())


@pytest.mark.parametrize(
    ("where", "order", "index"),
    [
        # off: each run of the queue order (appointment, priority) is in arrival order
        (" AND appointment = 0 AND priority = 1", ordering.order_by("off"), "tickets_queue_order"),
        # the walk-ins of interleave mode: tickets_waiting ends in (appointment,
        # priority, queued_at), and the rowid (id) after it
        (f" AND {ordering.WALK_IN_SIDE}", ordering.order_by(), "INDEX tickets_"),
    ],
)
def test_call_next_under_each_rule_reads_an_index_without_sorting(service, where, order, index):
    conn = service._hall.db.conn
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE hall_day = '2026-11-25' AND queue = 'A'"
        f" AND state = 'waiting'{where} ORDER BY {order} LIMIT 1"
    ).fetchall()
    details = " ".join(row[3] for row in plan)
    assert index in details and "TEMP B-TREE" not in details
