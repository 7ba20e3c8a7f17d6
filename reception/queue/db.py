"""Opening the hall database, and the one way to write to it.

Several processes share one SQLite file (the kiosk, every counter, the hall
display). WAL lets readers go on while one writes; the busy timeout makes a
writer wait for the lock instead of failing. Every multi-statement change runs
in `write_transaction`, which takes the write lock up front (BEGIN IMMEDIATE):
a deferred transaction that reads first and then writes can fail with
SQLITE_BUSY when another process wrote in between, and the busy handler does
not help there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from reception.queue.migrations import migrate
from reception.queue.write_lock import begin_immediate

BUSY_TIMEOUT_MS = 5_000


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_MS / 1000,
        # We issue BEGIN ourselves; the driver must not open transactions.
        isolation_level=None,
        # Textual thread workers use the app's connection; every write is
        # serialised by SQLite's lock and our explicit transactions.
        check_same_thread=False,
    )
    apply_pragmas(conn)
    db = sqlite_utils.Database(conn)
    migrate(db)
    return db


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed ticket survives a power cut, not only a crash. The
    # price is an fsync per commit; benchmarks/ measures it against a bare
    # INSERT with the same pragmas.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All or nothing, holding the write lock from the first statement."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction through a savepoint.
        with db.atomic():
            yield db
        return
    begin_immediate(conn)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
