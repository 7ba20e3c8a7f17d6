"""Call-next is atomic across processes: no ticket twice, none skipped."""

import multiprocessing
import threading

import pytest

from reception.config import HallConfig
from reception.queue.db import connect
from reception.queue.errors import RuleViolation
from reception.queue.hall import Hall
from tests.helpers import walk_in


def _call_and_pass(hall, window, actor):
    """Call as a counter does, one visitor at a time: the window's visitor is marked
    a no-show before the next call (the core refuses a second call while a window
    holds one, issue 17); a call refused because another caller on the same window
    holds it is tried again."""
    while True:
        try:
            ticket = hall.call_next(window, actor)
        except RuleViolation:
            continue
        if ticket is not None:
            hall.no_show(ticket.id, actor)
        return ticket


def _caller(path, window, out):
    hall = Hall(connect(path), HallConfig())
    called = []
    while (ticket := _call_and_pass(hall, window, f"窗口{window}")) is not None:
        called.append(ticket.number)
    out.put(called)


@pytest.mark.slow
def test_four_processes_calling_at_once(db_path, config):
    path = db_path  # a SQLite file, or a PostgreSQL database (tests/queue/conftest.py)
    hall = Hall(connect(path), config)
    for n in range(120):
        walk_in(hall, n)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    # windows 1, 2 and 3 all serve A
    procs = [ctx.Process(target=_caller, args=(path, w, out)) for w in (1, 2, 3, 3)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    called = [number for result in results for number in result]
    assert len(called) == len(set(called)) == 120
    assert sorted(called) == [f"A{n:03d}" for n in range(1, 121)]
    counts = hall.db.execute(
        "SELECT count(*) FROM events WHERE action = 'call'").fetchone()[0]
    assert counts == 120


def test_two_threads_sharing_one_connection(hall):
    for n in range(40):
        walk_in(hall, n)
    called: list[str] = []
    barrier = threading.Barrier(2)

    def counter(window):
        barrier.wait()
        while (ticket := _call_and_pass(hall, window, "staff")) is not None:
            called.append(ticket.number)

    threads = [threading.Thread(target=counter, args=(w,)) for w in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(called) == [f"A{n:03d}" for n in range(1, 41)]


def _kiosk(path, first, count, out):
    from reception.queue.models import CheckInRequest
    from tests.helpers import visitor

    hall = Hall(connect(path), HallConfig())
    numbers = [
        hall.check_in(CheckInRequest(lead=visitor(n), service="A")).ticket.number
        for n in range(first, first + count)
    ]
    out.put(numbers)


@pytest.mark.slow
def test_two_kiosks_issuing_at_once_never_share_a_number(db_path):
    path = db_path
    connect(path).conn.close()
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_kiosk, args=(path, first, 60, out)) for first in (0, 1000)]
    for p in procs:
        p.start()
    numbers = [n for _ in procs for n in out.get(timeout=120)]
    for p in procs:
        p.join(30)
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 121)]
