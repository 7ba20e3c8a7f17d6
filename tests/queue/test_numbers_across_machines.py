"""Numbers stay unique across machines (issue 18): two kiosk processes and four
counter processes, each with its own connection, issuing and calling at once.

Per service and day: no number given twice, none skipped, every visitor called
exactly once. On both engines (tests/queue/conftest.py): a PostgreSQL hall's
kiosks are separate PCs, here separate processes with their own connections.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest

from reception.config import HallConfig
from reception.queue.errors import RuleViolation
from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest
from reception.queue.store.connection import connect
from tests.helpers import visitor

PER_KIOSK = 40


def _kiosk(path, first, out):
    hall = Hall(connect(path), HallConfig())
    issued = []
    for n in range(first, first + PER_KIOSK):
        service = "A" if n % 3 else "B"
        issued.append(hall.check_in(CheckInRequest(lead=visitor(n), service=service)).ticket.number)
    out.put(("kiosk", issued))


def _counter(path, window, kiosks_done, out):
    hall = Hall(connect(path), HallConfig())
    called = []
    while True:
        try:
            ticket = hall.call_next(window, f"窗口{window}")
        except RuleViolation:  # the window's visitor is still held: free it first
            continue
        if ticket is None:
            if kiosks_done.is_set():
                break
            continue
        called.append(ticket.number)
        hall.no_show(ticket.id, f"窗口{window}")
    out.put(("counter", called))


@pytest.mark.slow
def test_two_kiosks_and_four_counters_at_once(db_path):
    connect(db_path).conn.close()  # created and migrated before the processes start
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    kiosks_done = ctx.Event()
    kiosks = [ctx.Process(target=_kiosk, args=(db_path, first, out)) for first in (0, 1000)]
    counters = [ctx.Process(target=_counter, args=(db_path, w, kiosks_done, out)) for w in (1, 2, 3, 4)]
    for p in kiosks + counters:
        p.start()
    results: dict[str, list[str]] = {"kiosk": [], "counter": []}
    for _ in kiosks:
        kind, numbers = out.get(timeout=180)
        results[kind] += numbers
    kiosks_done.set()
    for _ in range(len(kiosks) + len(counters) - len(results["kiosk"]) // PER_KIOSK):
        kind, numbers = out.get(timeout=180)
        results[kind] += numbers
    for p in kiosks + counters:
        p.join(30)
        assert p.exitcode == 0

    issued, called = results["kiosk"], results["counter"]
    per_service = Counter(number[0] for number in issued)
    assert per_service["A"] + per_service["B"] == 2 * PER_KIOSK
    for service, count in per_service.items():
        numbers = sorted(n for n in issued if n[0] == service)
        assert numbers == [f"{service}{seq:03d}" for seq in range(1, count + 1)]  # no twice, no gap
    assert sorted(called) == sorted(issued)  # every visitor called, and only once
    db = connect(db_path)
    (calls,) = db.execute("SELECT count(*) FROM events WHERE action = 'call'").fetchone()
    db.conn.close()
    assert calls == 2 * PER_KIOSK
