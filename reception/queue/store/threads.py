"""One connection per thread: `PerThreadDatabase`.

A `sqlite_utils.Database` whose `conn` is the calling thread's own connection,
opened lazily with `connection.connect` the first time that thread touches the
database. `Hall`, `Registrations`, `Talks` and the other core classes keep one
`db` and call `db.execute`, `db.atomic` and `db.conn`: given a
`PerThreadDatabase`, every thread that calls them works on its own connection,
and `write_transaction` only ever sees this thread's transaction.

`close()` closes every connection it opened: the calling thread's at once; a
connection belongs to its thread (sqlite3 refuses to close it from another),
so another thread's is closed when that thread ends (its thread-local storage
is dropped, and the connection with it) or on its next use, which then finds
the database closed.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import sqlite_utils

from reception.queue.errors import DatabaseUnavailable
from reception.queue.store.connection import connect
from reception.queue.store.location import db_location, is_postgres
from reception.queue.store.shell import DatabaseShell

if TYPE_CHECKING:
    from reception.queue.store.pg import PgConnection

IDLE_KEPT = 4  # PostgreSQL connections kept for the next threads, at most


class PerThreadDatabase(DatabaseShell):
    def __init__(self, path: str | Path):
        super().__init__()  # no connection of its own: each thread opens one (below)
        self.path = db_location(path)  # a file, or a PostgreSQL URL (store.location)
        self._local = threading.local()
        self._guard = threading.Lock()
        # thread ident -> its database, weakly: a thread's ending frees its connection
        self._opened: dict[int, weakref.ref[sqlite_utils.Database]] = {}
        self._idle: list[sqlite_utils.Database] = []  # PostgreSQL: left by ended threads
        self._closed = False

    @property
    def conn(self):
        return self.thread_db().conn

    def thread_db(self) -> sqlite_utils.Database:
        """The calling thread's own database, opened (and migrated) on first use."""
        owned = getattr(self._local, "owned", None)
        if self._closed:
            if owned is not None:
                self._local.owned = None
                owned.close()
            raise DatabaseUnavailable("数据库连接已关闭")
        if owned is not None:
            # Every statement passes here: SQLite's connection cannot break
            # under us, so only a server connection is asked whether it did.
            if owned.give_back is None or not owned.db.broken:
                return owned.db
            # The server went away (PostgreSQL): open afresh; if it is still
            # away, connect() says so and the next call tries again.
            self._local.owned = None
            with self._guard:
                self._opened.pop(threading.get_ident(), None)
            owned.close()
        db = self._reuse() or connect(self.path)
        self._local.owned = _Owned(db, self._give_back if is_postgres(self.path) else None)
        with self._guard:
            self._opened[threading.get_ident()] = weakref.ref(db)
        return db

    def _reuse(self) -> sqlite_utils.Database | None:
        """PostgreSQL: an idle connection an ended thread left, checked alive.

        Textual runs each worker in a new thread: opening a server connection
        (and checking the schema) for each would cost milliseconds and a login
        each time. A connection still belongs to one thread at a time."""
        while True:
            with self._guard:
                if not self._idle:
                    return None
                db = self._idle.pop()
            if cast("PgConnection", db.conn).adopt():
                return db

    def _give_back(self, db: sqlite_utils.Database) -> bool:
        """Keep an ending thread's PostgreSQL connection for the next thread (True),
        unless the service is closed, the connection broken or busy, or enough are idle."""
        conn = db.conn
        if self._closed or getattr(conn, "broken", True) or conn.in_transaction:
            return False
        with self._guard:
            if self._closed or len(self._idle) >= IDLE_KEPT:
                return False
            self._idle.append(db)
            self._opened.pop(threading.get_ident(), None)
        return True

    def open_connections(self) -> int:
        """How many threads hold a connection of ours (for tests and diagnostics)."""
        with self._guard:
            return sum(ref() is not None for ref in self._opened.values())

    def close(self) -> None:
        with self._guard:
            self._closed = True
            opened, self._opened = self._opened, {}
            idle, self._idle = self._idle, []
        for db in idle:
            _Owned(db).close()
        ref = opened.pop(threading.get_ident(), None)
        owned = getattr(self._local, "owned", None)
        if ref is not None and ref() is not None and owned is not None:
            self._local.owned = None
            owned.close()
        # Other threads' connections: dropped here; each is closed by its own
        # thread's next use, or when that thread ends.


class _Owned:
    """A thread's database in its thread-local storage. When the thread ends its
    storage is freed from that same thread, and the connection closed there: the
    sqlite3 connection would otherwise wait for the garbage collector (its
    statement cache refers back to it)."""

    def __init__(self, db: sqlite_utils.Database, give_back: Callable[[sqlite_utils.Database], bool] | None = None):
        self.db = db
        self.give_back = give_back  # None: SQLite (nothing to hand on, never broken)

    def close(self) -> None:
        give_back, self.give_back = self.give_back, None
        try:
            if give_back is not None and give_back(self.db):
                return  # kept for the next thread (PostgreSQL)
            self.db.conn.close()
        except Exception:  # noqa: BLE001 - closing at thread exit must never raise
            pass

    def __del__(self) -> None:
        self.close()
