"""Taking SQLite's write lock without giving up too early."""

from __future__ import annotations

import random
import sqlite3
import time

LOCK_PATIENCE_S = 30.0


def begin_immediate(conn: sqlite3.Connection, patience: float = LOCK_PATIENCE_S) -> None:
    """BEGIN IMMEDIATE, waiting up to `patience` seconds for the write lock.

    SQLite's busy handler sleeps between tries with growing pauses; when
    several processes write in tight succession a waiting one can keep
    missing the free moments until its busy timeout runs out. A counter's
    click must not fail for that, so keep trying, with short random pauses,
    until our own deadline.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(random.uniform(0.0005, 0.005))
