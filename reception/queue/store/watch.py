"""Watching the database for changes, cheaply and without ever writing.

(A PostgreSQL hall: `PgChangeWatcher` below, LISTEN/NOTIFY; `open_watcher` picks.)

`PRAGMA data_version` changes whenever another connection commits; the hall
display looks at it every few seconds and reads the board only then. The
database may be missing, locked or replaced (a restore from backup) for a
while: every failure closes the connection, and the next look opens the file
afresh. The connection is read-only (`query_only`): a watcher never creates,
migrates or writes the database. It belongs to the one thread that polls.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from reception.queue.store.failures import translating
from reception.queue.store.location import PgUrl, is_postgres
from reception.queue.store.pg import CHANNEL, PgConnection, PgDatabase, open_connection

TIMEOUT_S = 0.5
T = TypeVar("T")


class _Watcher:
    """What both engines' watchers share: the read-only database, and reading it
    so that a failure closes the connection (the next look opens it afresh)."""

    path: Path | PgUrl
    _db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The read-only database, for reading what changed (after `changed()`)."""
        if self._db is None:
            raise RuntimeError("changed() opens the database first")
        return self._db

    def read(self, reader: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `reader(db)` on the read-only database; a failure closes it and
        forgets what was seen, so the next look reads again."""
        with self._closing_on_failure():
            return reader(self.db)

    @contextmanager
    def _closing_on_failure(self) -> Iterator[None]:
        try:
            with translating(self.path):
                yield
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        raise NotImplementedError


class ChangeWatcher(_Watcher):
    path: Path

    def __init__(self, path: str | Path, timeout_s: float = TIMEOUT_S):
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._conn: sqlite3.Connection | None = None
        self._db: sqlite_utils.Database | None = None
        self._inode: tuple[int, int] | None = None
        self._seen: tuple[int, Hashable] | None = None

    def changed(self, also: Hashable = None) -> bool:
        """True when a commit happened (or `also` changed) since the last look.

        Raises OSError (the file is missing) or a `DatabaseUnavailable`, having
        closed the connection: the next call opens the file again.
        """
        try:
            stat = os.stat(self.path)
        except OSError:
            self.close()
            raise
        if self._conn is not None and self._inode != (stat.st_dev, stat.st_ino):
            self.close()  # the file was replaced: read the new one
        with self._closing_on_failure():
            if self._conn is None:
                self._open((stat.st_dev, stat.st_ino))
            assert self._conn is not None
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
        seen = (version, also)
        if seen == self._seen:
            return False
        self._seen = seen
        return True

    def _open(self, inode: tuple[int, int]) -> None:
        # mode=rw: never create an empty database where the real one is missing.
        conn = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=rw",
            uri=True,
            timeout=self.timeout_s,
            isolation_level=None,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT 1 FROM events, tickets, reception_days LIMIT 0").fetchall()
        except sqlite3.Error:
            conn.close()
            raise
        self._conn, self._inode, self._seen = conn, inode, None
        self._db = sqlite_utils.Database(conn)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:  # another thread's: dropped, the collector closes it
                pass
        self._conn = self._db = None
        self._seen = None


class PgChangeWatcher(_Watcher):
    """`ChangeWatcher` for a PostgreSQL hall: pushed, not polled (issue 18).

    The connection LISTENs on the hall's channel; every write transaction
    NOTIFYs at its commit (store.pg), and the server sends that to every
    listener at once. `changed()` only looks at what already arrived on this
    connection's socket (no query, no round trip), so the display learns of a
    call as soon as its next look (settings.refresh_interval, 0.2 s by
    default). Read-only: the session refuses writes, and it never migrates.
    A server that went away closes the connection; the next look opens it
    again, so the display recovers by itself when the server is back.
    """

    path: PgUrl

    def __init__(self, url: PgUrl):
        self.path = url
        self._conn: PgConnection | None = None
        self._db: sqlite_utils.Database | None = None
        self._seen: Hashable = None
        self._fresh = False

    def changed(self, also: Hashable = None) -> bool:
        with self._closing_on_failure():
            if self._conn is None:
                self._open()
            assert self._conn is not None
            with self._conn.failures():
                # A moment (not 0): only a wait reads the socket, and so sees a server gone.
                arrived = any(True for _ in self._conn.raw.notifies(timeout=0.001))
        if arrived or self._fresh or also != self._seen:
            self._fresh, self._seen = False, also
            return True
        return False

    def _open(self) -> None:
        conn = _listening(self.path, "SET default_transaction_read_only = on",
                          "SELECT 1 FROM events, tickets, reception_days LIMIT 0")
        self._conn, self._fresh = conn, True
        self._db = PgDatabase(conn)

    def close(self) -> None:
        if self._conn is not None:
            _close_quietly(self._conn)
        self._conn = self._db = None
        self._fresh = False


def _listening(url: PgUrl, *setup: str) -> PgConnection:
    """A new connection that has run `setup` and LISTENs on the hall's channel;
    closed again when any of that fails."""
    conn = open_connection(url)
    try:
        with conn.failures():
            for statement in setup:
                conn.raw.execute(statement)
            conn.raw.execute(f"LISTEN {CHANNEL}")
    except BaseException:
        conn.close()
        raise
    return conn


def _close_quietly(conn: PgConnection) -> None:
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - a broken connection closes quietly
        pass


def open_watcher(location: str | Path) -> ChangeWatcher | PgChangeWatcher:
    """The watcher for the hall's database: a SQLite file's or a PostgreSQL server's."""
    if is_postgres(location):
        return PgChangeWatcher(PgUrl(location))
    return ChangeWatcher(location)


class ChangeNotices:
    """A PostgreSQL hall's change notices for a screen that waits for them (the counters).

    `wait(timeout)` blocks until a write transaction commits anywhere in the
    hall (True) or the timeout passes (False). One thread owns it. A failure
    closes the connection and raises `DatabaseUnavailable`; the next wait
    listens afresh (a notice missed meanwhile is made up by the screen's own
    periodic read)."""

    def __init__(self, url: PgUrl):
        self.url = url
        self._conn: PgConnection | None = None

    def wait(self, timeout: float) -> bool:
        try:
            with translating(self.url):
                if self._conn is None:
                    self._conn = _listening(self.url)
                with self._conn.failures():
                    return any(True for _ in self._conn.raw.notifies(timeout=timeout, stop_after=1))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._conn is not None:
            _close_quietly(self._conn)
            self._conn = None
