"""Where the hall display's board comes from: the core's `DisplayFeed`.

The core watches the database read-only (`PRAGMA data_version`, or on a
PostgreSQL hall LISTEN/NOTIFY, in `reception.queue.store.watch`) and reads the board only after a change or when
the hall day turns; the display keeps its polling thread and timer (app.py).
The database may be missing, locked or replaced (a restore from backup) for a
while: a failure raises, the caller shows that it is reconnecting, and the next
look opens the file afresh.
"""

from __future__ import annotations

from pathlib import Path

from reception.config import HallConfig
from reception.hall_display.board import Board, board_from
from reception.hall_display.settings import DisplaySettings
from reception.queue.service import Clock, HallService


class BoardSource:
    def __init__(
        self,
        path: str | Path,
        config: HallConfig,
        settings: DisplaySettings,
        clock: Clock | None = None,
    ):
        self.path = path  # a file, or a PostgreSQL URL (never through Path: it folds //)
        self.config = config
        self.settings = settings
        self.clock = clock or Clock(config.tz)
        self._feed = HallService.open_display_feed(self.path, config, self.clock)

    def poll(self) -> Board | None:
        """The board when something changed since the last look, else None.

        Raises a QueueError (DatabaseUnavailable) when the database cannot be read.
        """
        data = self._feed.poll(self.settings.recent_calls, self.settings.schedule_days)
        return None if data is None else board_from(data, self.config)

    def close(self) -> None:
        self._feed.close()
