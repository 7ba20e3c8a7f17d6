"""What only a PostgreSQL hall has (issue 18): the display pushed by NOTIFY, the
counter row, the hall's write lock, and a server that goes away mid-day."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from reception.queue.errors import DatabaseBusy, DatabaseUnavailable
from reception.queue.models import CheckInRequest
from reception.queue.service import HallService
from reception.queue.store import pg, tickets
from reception.queue.store.connection import connect, write_transaction
from tests.helpers import visitor, walk_in


def until(condition, timeout: float = 5.0, step: float = 0.01) -> float:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "not in time"
        time.sleep(step)
    return time.monotonic() - start


@pytest.fixture
def pg_service(pg_url, config, clock):
    service = HallService.open(pg_url, config, clock)
    yield service
    service.close()


def test_the_display_learns_of_a_call_by_notify_without_reading_again(pg_service, pg_url, config, clock):
    walk_in(pg_service._hall, 1)
    feed = HallService.open_display_feed(pg_url, config, clock)
    try:
        assert feed.poll(5, 0) is not None  # the first look reads the board
        assert feed.poll(5, 0) is None  # nothing changed: nothing read
        pg_service.call_next(1, "staff")  # another connection commits
        boards = []
        # Only a NOTIFY makes the feed read again (there is no periodic re-read), so
        # seeing the call at all shows the push; how soon (within 0.5 s) is measured
        # by benchmarks/bench_display_latency.py --postgresql, not bounded here.
        until(lambda: bool(boards.append(feed.poll(5, 0)) or boards[-1]))
        assert boards[-1].calls[0].number == "A001"
        assert feed.poll(5, 0) is None
    finally:
        feed.close()


def test_the_display_never_writes(pg_service, pg_url, config, clock):
    feed = HallService.open_display_feed(pg_url, config, clock)
    try:
        feed.poll(5, 0)
        with pytest.raises(Exception, match="read-only"):
            feed._watcher.db.execute("INSERT INTO leaders (name) VALUES ('x')")
    finally:
        feed.close()


def test_the_counter_row_gives_distinct_numbers_even_outside_the_hall_lock(pg_url):
    first, second = connect(pg_url), connect(pg_url)
    try:
        first.conn.execute("BEGIN")  # no advisory lock: only the counter row guards
        second.conn.execute("BEGIN")
        assert tickets.next_seq(first, "2026-11-25", "A") == 1
        got: list[int] = []
        waiting = threading.Thread(target=lambda: got.append(_next_in_thread(pg_url)))
        waiting.start()
        with psycopg.connect(pg_url, autocommit=True) as admin:  # until the other waits on the row lock
            until(lambda: admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'").fetchone()[0] == 1)
        assert got == []  # it waits for the row the first one holds
        first.conn.execute("COMMIT")
        waiting.join(10)
        assert got == [2]
        second.conn.execute("ROLLBACK")
    finally:
        first.conn.close()
        second.conn.close()


def _next_in_thread(url: str) -> int:
    db = connect(url)
    try:
        db.conn.execute("BEGIN")
        seq = tickets.next_seq(db, "2026-11-25", "A")
        db.conn.execute("COMMIT")
        return seq
    finally:
        db.conn.close()


def test_a_write_lock_held_elsewhere_reads_as_busy(pg_service, pg_url, monkeypatch):
    walk_in(pg_service._hall, 1)
    monkeypatch.setattr(pg, "LOCK_TIMEOUT", "300ms")
    other = connect(pg_url)
    other.conn.execute("BEGIN")
    other.conn.execute("SELECT pg_advisory_xact_lock(?)", (pg.HALL_LOCK,))
    try:
        busy = HallService.open(pg_url, pg_service.config, pg_service.clock)
        with pytest.raises(DatabaseBusy):
            busy.call_next(1, "staff")
        other.conn.execute("ROLLBACK")
        assert busy.call_next(1, "staff").number == "A001"  # the same service goes on
        busy.close()
    finally:
        other.conn.close()


def test_a_connection_cut_mid_check_in_leaves_nothing_half_written(pg_service, pg_url, monkeypatch):
    real = tickets.next_seq

    def cut(db, day, service):
        (pid,) = db.execute("SELECT pg_backend_pid()").fetchone()
        with psycopg.connect(pg_url) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return real(db, day, service)

    monkeypatch.setattr(tickets, "next_seq", cut)
    with pytest.raises(DatabaseUnavailable) as refused:
        pg_service.check_in(CheckInRequest(lead=visitor(1), service="A"))
    assert "连接已断开" in refused.value.message
    monkeypatch.undo()
    with psycopg.connect(pg_url) as conn:
        for table in ("persons", "visits", "visit_people", "tickets", "events"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    # The same service, next visitor: a new connection, and the first number.
    assert pg_service.check_in(CheckInRequest(lead=visitor(2), service="A")).ticket.number == "A001"


@pytest.fixture
def own_server():
    """A server of this test's own, to stop and start (the session's serves the others)."""
    from tests.pg_server import PgServer

    server = PgServer()
    yield server
    server.stop()


@pytest.mark.slow
def test_a_server_restarted_while_the_hall_was_idle_costs_no_visitor_a_refusal(own_server, config, clock):
    """Nobody used the connection while the server was away: the first visitor after it
    is back is served (the read and the write transaction open afresh), not refused."""
    service = HallService.open(own_server.new_database(), config, clock)
    try:
        assert service.check_in(CheckInRequest(lead=visitor(1), service="A")).ticket.number == "A001"
        own_server.stop_server()
        own_server.start_server()
        assert service.repeat_of("居民身份证", visitor(1).doc_number) is not None  # a read first
        own_server.stop_server()
        own_server.start_server()
        assert service.check_in(CheckInRequest(lead=visitor(2), service="A")).ticket.number == "A002"
    finally:
        service.close()


def test_a_server_gone_mid_day_is_said_and_the_hall_recovers_by_itself(own_server, config, clock):
    url = own_server.new_database()
    service = HallService.open(url, config, clock)
    feed = HallService.open_display_feed(url, config, clock)
    try:
        assert service.check_in(CheckInRequest(lead=visitor(1), service="A")).ticket.number == "A001"
        assert feed.poll(5, 0) is not None
        own_server.stop_server()
        with pytest.raises(DatabaseUnavailable) as refused:
            service.check_in(CheckInRequest(lead=visitor(2), service="A"))
        assert not isinstance(refused.value, DatabaseBusy)  # the kiosk shows 暂停取号
        assert "数据库服务器" in refused.value.message
        with pytest.raises(DatabaseUnavailable):
            feed.poll(5, 0)
        own_server.start_server()
        # Nobody restarts anything: the next visitor gets the next number, the display reads again.
        assert service.check_in(CheckInRequest(lead=visitor(2), service="A")).ticket.number == "A002"
        board = feed.poll(5, 0)
        assert board is not None and board.waiting["A"] == 2
    finally:
        feed.close()
        service.close()


def test_write_transactions_are_all_or_nothing(pg_url):
    db = connect(pg_url)
    try:
        with pytest.raises(RuntimeError), write_transaction(db):
            db.execute("INSERT INTO leaders (name) VALUES (?)", ("张局长",))
            raise RuntimeError("refused half-way")
        assert db.execute("SELECT count(*) FROM leaders").fetchone()[0] == 0
    finally:
        db.conn.close()


def _in_a_thread(call) -> None:
    failed: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - said by the test
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not failed, failed


def test_threads_one_after_another_reuse_a_connection_and_a_dead_one_is_replaced(pg_service, pg_url, monkeypatch):
    """Textual runs each worker in a new thread: each must not log in to the server anew."""
    from reception.queue.store import threads

    opened: list[str] = []
    real = threads.connect
    monkeypatch.setattr(threads, "connect", lambda path: opened.append(path) or real(path))
    for _ in range(5):
        _in_a_thread(pg_service.tickets)
    assert len(opened) == 1
    with psycopg.connect(pg_url, autocommit=True) as admin:  # the idle connection dies (a server restart)
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    _in_a_thread(lambda: walk_in(pg_service._hall, 1))  # no error: a fresh connection
    assert len(opened) == 2


@pytest.mark.slow
def test_a_kiosk_on_the_lan_talks_tls_and_a_plain_connection_is_refused_in_chinese(config, clock):
    """deploy/README.md: hostssl only, the kiosk verifies the server's certificate."""
    from tests.pg_server import PgServer

    server = PgServer(tls=True)
    try:
        name = server.new_database().split("?")[0].rsplit("/", 1)[1]
        lan = f"postgresql://reception@127.0.0.1:{server.port}/{name}"
        service = HallService.open(f"{lan}?sslmode=verify-full&sslrootcert={server.root_cert}", config, clock)
        try:
            assert walk_in(service._hall, 1).ticket.number == "A001"
            (ssl,) = service._db.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
            assert ssl is True
        finally:
            service.close()
        with pytest.raises(DatabaseUnavailable) as refused:
            HallService.open(f"{lan}?sslmode=disable", config, clock)
        assert "只接受加密连接（TLS）" in refused.value.message  # pg_hba: hostnossl reject
    finally:
        server.stop()
