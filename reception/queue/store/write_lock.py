"""Taking the write lock: first in line, then SQLite's, patiently.

SQLite's busy handler sleeps and retries: a process waiting for the write lock
polls, with growing pauses, and whoever happens to try at the free moment gets
it. With several processes writing in tight succession that is not fair: in
issue 15's measurement (8 processes writing flat out) the worst single call
waited 2.6–6.1 s and some processes got nothing done for seconds.

So every hall connection first takes a kernel lock, `flock` on a lock file
beside the database (`<db>-writelock`), and only then BEGIN IMMEDIATE. Waiters
sleep in the kernel, are woken the moment the holder lets go, and queue in the
order they came (Linux queues conflicting flock requests behind each other and
wakes the first; a releaser that comes straight back can still get in before a
woken waiter, but never wait in the kernel's queue behind nobody).
SQLite's lock stays underneath, so a writer that does not take the file lock
(the sqlite3 shell, a restore) is still kept out; it only is not queued fairly.

The file lock is held only around a write transaction: `begin_immediate` takes
it, `end_transaction` (COMMIT or ROLLBACK) lets it go. A wait longer than the
patience ends as SQLite's own "database is locked" (`DatabaseBusy` for the
front ends), as before; the kernel wait has no timeout of its own, so a
contended wait runs in a helper thread and is given up after the patience.
A process that dies lets go of its lock (the kernel closes its files).
"""

from __future__ import annotations

import fcntl
import os
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reception.queue.store.pg import PgConnection

LOCK_PATIENCE_S = 30.0
LOCK_SUFFIX = "-writelock"
LOCK_FILE_MODE = 0o660  # as the database (store.connection.DB_FILE_MODE)


class FairLock:
    """The hall's write lock file, for one connection (one thread)."""

    def __init__(self, db_path: str | Path):
        self.path = Path(f"{db_path}{LOCK_SUFFIX}")
        self._fd: int | None = None
        self.held = False

    def _open(self) -> int | None:
        if self._fd is None:
            try:
                # Read-only is enough for flock; the file is empty and stays so.
                fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, LOCK_FILE_MODE)
            except OSError:
                return None  # a read-only directory: SQLite's lock alone (and its refusal)
            try:
                if os.fstat(fd).st_uid == os.getuid():
                    os.fchmod(fd, LOCK_FILE_MODE)  # whatever the umask: the group's programs share it
            except OSError:
                pass
            self._fd = fd
        return self._fd

    def acquire(self, patience: float) -> None:
        fd = self._open()
        if fd is None or self.held:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._wait(fd, patience)
        self.held = True

    def _wait(self, fd: int, patience: float) -> None:
        """Queue in the kernel for the lock, giving up after `patience` seconds."""
        got = threading.Event()
        guard = threading.Lock()
        abandoned = False
        failed: list[OSError] = []

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:  # said to the caller at once, not after its patience
                failed.append(exc)
                got.set()
                return
            with guard:
                if abandoned:  # the caller gave up: let go, and close the file
                    try:
                        fcntl.flock(fd, fcntl.LOCK_UN)
                    finally:
                        os.close(fd)
                    return
                got.set()

        threading.Thread(target=wait, name="reception-write-lock", daemon=True).start()
        if not got.wait(patience):
            with guard:
                if not got.is_set():
                    abandoned = True
                    self._fd = None  # the helper closes it once it gets the lock
                    raise sqlite3.OperationalError("database is locked (hall write lock)")
        if failed:
            raise failed[0]

    def release(self) -> None:
        if self.held and self._fd is not None:
            self.held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing lets go of the lock too
            self._fd, self.held = None, False

    def __del__(self) -> None:
        try:
            self.close()
        except OSError:
            pass


class HallConnection(sqlite3.Connection):
    """A sqlite3 connection that carries the hall's write lock (store.connection)."""

    fair_lock: FairLock | None = None

    def close(self) -> None:
        if self.fair_lock is not None:
            self.fair_lock.close()
        super().close()


def begin_immediate(conn: sqlite3.Connection | PgConnection, patience: float = LOCK_PATIENCE_S) -> None:
    """Take the hall's write lock (in line), then BEGIN IMMEDIATE, within `patience` s.

    End the transaction with `end_transaction`, which lets the lock go.
    """
    begin_locked = getattr(conn, "begin_hall_transaction", None)
    if begin_locked is not None:  # PostgreSQL: the hall's advisory lock (store.pg)
        begin_locked()
        return
    deadline = time.monotonic() + patience
    lock = getattr(conn, "fair_lock", None)
    if lock is not None:
        lock.acquire(patience)
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                # Held by a writer outside the queue (the sqlite3 shell, a restore):
                # SQLite's busy handler waited; keep trying until our own deadline.
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.005))
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def end_transaction(conn: sqlite3.Connection | PgConnection, statement: str | None = "COMMIT") -> None:
    """COMMIT or ROLLBACK the transaction `begin_immediate` opened (None: it has
    ended already), and let the lock go."""
    end = getattr(conn, "end_hall_transaction", None)
    if end is not None:  # PostgreSQL: COMMIT or ROLLBACK lets the advisory lock go
        end(statement)
        return
    try:
        if statement is not None:
            conn.execute(statement)
    finally:
        lock = getattr(conn, "fair_lock", None)
        if lock is not None:
            lock.release()
