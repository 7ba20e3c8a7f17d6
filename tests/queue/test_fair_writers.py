"""Writers take turns (issue 15): a process writing flat out does not starve the others.

Before the file lock, SQLite's busy handler decided who wrote next (sleep and
retry): some processes got nothing done for seconds. A few processes here, for
two seconds; benchmarks/bench_scale.py runs eight for ten.
"""

import multiprocessing
import time

from reception.queue.store.connection import connect, write_transaction
from reception.queue.store.write_lock import LOCK_SUFFIX

PROCESSES = 4
SECONDS = 2.0


def _writer(path, name, start_at, out):
    db = connect(path)
    done = []
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < start_at + SECONDS:
        asked = time.time()
        with write_transaction(db):
            db.execute("INSERT INTO audit_log (at, actor, action) VALUES ('', ?, 'bench')", (name,))
        done.append((asked, time.time()))
    db.conn.close()
    out.put((name, done))


def test_every_writer_gets_work_done_every_second(tmp_path):
    path = tmp_path / "hall.db"
    connect(path).conn.close()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 0.5
    procs = [ctx.Process(target=_writer, args=(str(path), f"w{n}", start_at, out)) for n in range(PROCESSES)]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=30) for _ in procs)
    for p in procs:
        p.join(10)
    assert (tmp_path / f"hall.db{LOCK_SUFFIX}").exists()
    for name, done in results.items():
        for second in range(int(SECONDS)):
            lo, hi = start_at + second, start_at + second + 1
            assert any(lo <= end < hi for _, end in done), f"{name} wrote nothing in second {second}"
        assert max(end - asked for asked, end in done) < 1.0, name
    db = connect(path)
    (rows,) = db.execute("SELECT count(*) FROM audit_log WHERE action = 'bench'").fetchone()
    assert rows == sum(len(done) for done in results.values())  # none lost
