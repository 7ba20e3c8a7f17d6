"""Watching the database for changes, cheaply and without ever writing.

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

TIMEOUT_S = 0.5
T = TypeVar("T")


class ChangeWatcher:
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
