"""Watching the hall database for the display, cheaply and without ever writing.

The display looks every `refresh_interval` seconds at `PRAGMA data_version`,
which changes whenever another connection commits, and reads the board only
then (or when the hall day turns). The database may be missing, locked or
replaced (a restore from backup) for a while: every failure closes the
connection, the caller shows that it is reconnecting, and the next look opens
the file afresh. The connection is read-only (`query_only`): the display never
creates, migrates or writes the database.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from reception.config import HallConfig
from reception.hall_display.board import Board, read_board
from reception.hall_display.settings import DisplaySettings
from reception.queue.clock import Clock
from reception.queue.hall import Hall

TIMEOUT_S = 0.5


class BoardSource:
    def __init__(
        self,
        path: str | Path,
        config: HallConfig,
        settings: DisplaySettings,
        clock: Clock | None = None,
    ):
        self.path = Path(path)
        self.config = config
        self.settings = settings
        self.clock = clock or Clock(config.tz)
        self._conn: sqlite3.Connection | None = None
        self._hall: Hall | None = None
        self._inode: tuple[int, int] | None = None
        self._seen: tuple[int, str] | None = None

    def poll(self) -> Board | None:
        """The board when something changed since the last look, else None.

        Raises sqlite3.Error or OSError when the database cannot be read.
        """
        try:
            stat = os.stat(self.path)
        except OSError:
            self.close()
            raise
        if self._conn is not None and self._inode != (stat.st_dev, stat.st_ino):
            self.close()  # the file was replaced: read the new one
        if self._conn is None:
            self._open((stat.st_dev, stat.st_ino))
        assert self._conn is not None and self._hall is not None
        try:
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
            seen = (version, self.clock.hall_day())
            if seen == self._seen:
                return None
            board = read_board(self._hall, self.settings.recent_calls, self.settings.schedule_days)
        except (sqlite3.Error, OSError):
            self.close()
            raise
        self._seen = seen
        return board

    def _open(self, inode: tuple[int, int]) -> None:
        # mode=rw: never create an empty database where the real one is missing.
        conn = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=rw",
            uri=True,
            timeout=TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT 1 FROM events, tickets, reception_days LIMIT 0").fetchall()
        except sqlite3.Error:
            conn.close()
            raise
        self._conn, self._inode, self._seen = conn, inode, None
        self._hall = Hall(sqlite_utils.Database(conn), self.config, self.clock)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = self._hall = None
        self._seen = None
