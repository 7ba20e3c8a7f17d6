"""Core benchmarks, each printed as a ratio against a baseline from the same run.

    python benchmarks/bench_core.py [--quick]

Baseline: one bare sqlite3 INSERT + COMMIT on a file with the same pragmas as
the hall database (WAL, synchronous=FULL, busy timeout). Targets (issue 2):
  issue a ticket        <= 3x baseline
  call next             <= 3x baseline
  repeat-visitor lookup with 1,000,000 visits <= 2x the lookup with 1,000
  8 processes calling for 10 s: zero duplicates, zero skipped; throughput shown
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reception.config import HallConfig, Window  # noqa: E402
from reception.config.sections import HoursSettings  # noqa: E402
from reception.queue.models import CheckInRequest, PersonInput  # noqa: E402
from reception.queue.service import open_service  # noqa: E402
# Bulk fixture data (thousands of rows at once) is written with the store's own
# connection; every measured operation goes through the service.
from reception.queue.store.connection import apply_pragmas, connect  # noqa: E402

# Benchmarks run at any hour: the hall's opening hours must not refuse their tickets.
OPEN_ALL_DAY = HoursSettings(always=True)


def timed(op, i: int) -> float:
    start = time.perf_counter()
    op(i)
    return time.perf_counter() - start


class Baseline:
    """One bare INSERT + COMMIT on a file with the hall database's pragmas."""

    def __init__(self, directory: Path):
        self.conn = sqlite3.connect(directory / "baseline.db", isolation_level=None)
        apply_pragmas(self.conn)
        self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, number TEXT, at TEXT)")

    def __call__(self, i: int) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO t (number, at) VALUES (?, ?)", (f"A{i:03d}", "now"))
        self.conn.execute("COMMIT")


def paired(base: Baseline, op, repeats: int, after=None) -> tuple[float, float]:
    """Median times of the baseline and `op`, run alternately so that load
    from other processes on the machine falls on both alike. `after(result)`
    runs untimed after each op (a counter deals with the visitor it called)."""
    base_samples, op_samples = [], []
    for i in range(repeats):
        base_samples.append(timed(base, i))
        start = time.perf_counter()
        result = op(i)
        op_samples.append(time.perf_counter() - start)
        if after is not None:
            after(result)
    return statistics.median(base_samples), statistics.median(op_samples)


def person(i: int) -> PersonInput:
    return PersonInput(name=f"来访人{i}", doc_number=f"B{i:08d}", birth_date="1980-01-01")


def issue_and_call(directory: Path, repeats: int) -> list[tuple[str, float, float]]:
    base = Baseline(directory)
    service = open_service(directory / "issue.db", HallConfig(hours=OPEN_ALL_DAY))
    issue = paired(base, lambda i: service.check_in(CheckInRequest(lead=person(i), service="A")), repeats)
    # A window holds one called visitor at a time (the core's rule): the visitor is
    # marked 过号 untimed before the next call.
    call = paired(base, lambda i: service.call_next(1, "bench"), repeats,
                  after=lambda ticket: ticket and service.no_show(ticket.id, "bench"))
    service.close()
    return [("issue a ticket", *issue), ("call next", *call)]


def fill_visits(path: Path, visits: int) -> None:
    """`visits` visits spread over visits // 5 people, written in bulk."""
    db = connect(path)
    people = max(1, visits // 5)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO persons (id, doc_type, doc_number, name, created_at, updated_at)"
        " VALUES (?, '居民身份证', ?, '某某', '', '')",
        ((i, f"B{i:08d}") for i in range(1, people + 1)),
    )
    conn.executemany(
        "INSERT INTO visits (id, hall_day, created_at, query_code) VALUES (?, ?, '', ?)",
        ((v, f"20{10 + v % 16}-01-01", f"Q{v:011d}") for v in range(1, visits + 1)),
    )
    conn.executemany(
        "INSERT INTO visit_people (visit_id, person_id, role) VALUES (?, ?, 'lead')",
        ((v, (v % people) + 1) for v in range(1, visits + 1)),
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def lookup_time(path: Path, repeats: int) -> float:
    service = open_service(path, HallConfig(hours=OPEN_ALL_DAY))
    people = max(1, visits_in(path) // 5)

    def op(i: int) -> None:
        repeat = service.repeat_of("居民身份证", f"B{(i * 7919) % people + 1:08d}")
        assert repeat is not None and repeat.earlier_visits >= 1

    result = statistics.median(timed(op, i) for i in range(repeats))
    service.close()
    return result


def visits_in(path: Path) -> int:
    db = connect(path)
    (count,) = db.execute("SELECT count(*) FROM visits").fetchone()
    db.conn.close()
    return count


def _caller(path: str, window: int, seconds: float, ready, go, out) -> None:
    config = bench_config()
    service = open_service(path, config)
    called = []
    ready.release()
    go.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ticket = service.call_next(window, f"bench{window}")
        if ticket is None:
            break
        called.append(ticket.number)
        service.no_show(ticket.id, f"bench{window}")  # one visitor at a window: free it for the next
    service.close()
    out.put(called)


def bench_config() -> HallConfig:
    return replace(
        HallConfig(hours=OPEN_ALL_DAY), windows=tuple(Window(n, f"{n}号窗口", ("A",)) for n in range(1, 9))
    )


def concurrent_calls(directory: Path, seconds: float, tickets: int) -> tuple[int, int, int, float]:
    path = directory / "concurrent.db"
    service = open_service(path, bench_config())
    service.check_in(CheckInRequest(lead=person(0), service="A"))  # one real ticket: realistic rows
    service.close()
    conn = connect(path).conn
    row = conn.execute("SELECT hall_day, issued_at FROM tickets").fetchone()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO visits (id, hall_day, created_at, query_code) VALUES (?, ?, ?, ?)",
        ((v, row[0], row[1], f"Q{v:011d}") for v in range(2, tickets + 1)),
    )
    conn.executemany(
        "INSERT INTO tickets (visit_id, hall_day, service, seq, number, queue, state,"
        " issued_at, queued_at, updated_at) VALUES (?, ?, 'A', ?, ?, 'A', 'waiting', ?, ?, ?)",
        ((v, row[0], v, f"A{v:03d}", row[1], f"{row[1]}{v:08d}", row[1]) for v in range(2, tickets + 1)),
    )
    conn.execute("COMMIT")
    ctx = multiprocessing.get_context("spawn")
    out, ready, go = ctx.Queue(), ctx.Semaphore(0), ctx.Event()
    procs = [
        ctx.Process(target=_caller, args=(str(path), w, seconds, ready, go, out))
        for w in range(1, 9)
    ]
    for p in procs:
        p.start()
    for _ in procs:  # all connected and migrated-checked: start together
        ready.acquire(timeout=120)
    go.set()
    called = [n for _ in procs for n in out.get(timeout=seconds + 120)]
    elapsed = seconds
    for p in procs:
        p.join(30)
    duplicates = len(called) - len(set(called))
    # Skipped: a ticket still waiting although one after it in the order was called.
    (skipped,) = conn.execute(
        "SELECT count(*) FROM tickets WHERE state = 'waiting' AND queued_at <"
        " (SELECT max(queued_at) FROM tickets WHERE state = 'called')"
    ).fetchone()
    return len(called), duplicates, skipped, len(called) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    repeats = 60 if args.quick else 300
    big = 100_000 if args.quick else 1_000_000
    seconds = 3.0 if args.quick else 10.0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for name, base, value in issue_and_call(directory, repeats):
            ratio, target = value / base, 3.0
            ok = ratio <= target
            failures += [] if ok else [name]
            print(
                f"{name:<44} {value * 1e3:8.3f} ms  {ratio:5.2f}x baseline"
                f" ({base * 1e3:.3f} ms; target <= {target}x) {'ok' if ok else 'MISSED'}"
            )

        small_path, big_path = directory / "small.db", directory / "big.db"
        fill_visits(small_path, 1_000)
        fill_visits(big_path, big)
        small, large = lookup_time(small_path, repeats), lookup_time(big_path, repeats)
        ratio = large / small
        ok = ratio <= 2.0
        failures += [] if ok else ["repeat lookup"]
        print(f"repeat-visitor lookup, 1,000 visits          {small * 1e6:8.1f} us")
        print(f"repeat-visitor lookup, {big:,} visits    {large * 1e6:8.1f} us  {ratio:5.2f}x the 1,000 case (target <= 2x) {'ok' if ok else 'MISSED'}")

        count, duplicates, skipped, rate = concurrent_calls(directory, seconds, 60_000)
        ok = duplicates == 0 and skipped == 0 and count > 0
        failures += [] if ok else ["concurrent calls"]
        print(
            f"8 processes calling for {seconds:.0f} s: {count} calls, {duplicates} duplicates,"
            f" {skipped} skipped, {rate:.0f} calls/s {'ok' if ok else 'MISSED'}"
        )
    if failures:
        print("targets missed: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
