"""What the hall display reads from the core: public information only.

Ticket numbers and where to go, waiting counts per queue, the duty leaders and
the published schedule; never a visitor's name, ID number or purpose (PIPL
Art. 25; DOMAIN.md). `DisplayFeed` is the display process's way in: it watches
the database read-only (`store.watch`) and reads the board only after a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from reception.config import HallConfig
from reception.queue.clock import Clock
from reception.queue.errors import DatabaseUnavailable
from reception.queue.hall import Hall
from reception.queue.leaders import DutyLeader
from reception.queue.models import Call
from reception.queue.schedule import ReceptionDay
from reception.queue.store.watch import ChangeWatcher


@dataclass(frozen=True)
class BoardData:
    day: str
    calls: tuple[Call, ...]  # newest first
    waiting: dict[str, int]  # queue (service code or leader queue) -> people waiting
    duty: tuple[DutyLeader, ...]
    coming: tuple[ReceptionDay, ...]  # from tomorrow on


def board_data(hall: Hall, recent: int, schedule_days: int) -> BoardData:
    """`recent + 1` latest calls (the current one and `recent` before it)."""
    coming: tuple[ReceptionDay, ...] = ()
    if schedule_days:
        tomorrow = (hall.clock.today() + timedelta(days=1)).isoformat()
        coming = tuple(hall.reception_days(tomorrow, schedule_days))
    return BoardData(
        day=hall.clock.hall_day(),
        calls=tuple(hall.recent_calls(recent + 1)),
        waiting=hall.waiting_counts(),
        duty=tuple(hall.duty_leaders()),
        coming=coming,
    )


class DisplayFeed:
    """Board data when the database changed (or the hall day turned), else None.

    Used from the one thread that polls. Raises `DatabaseUnavailable` (or a
    subclass) only, a missing file included; the next poll opens the file afresh.
    """

    def __init__(self, path: str | Path, config: HallConfig, clock: Clock | None = None):
        self.path = Path(path)
        self.config = config
        self.clock = clock or Clock(config.tz)
        self._watcher = ChangeWatcher(path)

    def poll(self, recent: int, schedule_days: int) -> BoardData | None:
        try:
            changed = self._watcher.changed(also=self.clock.hall_day())
        except OSError as exc:  # missing, or being replaced by a restore
            raise DatabaseUnavailable(f"无法打开数据库 {self.path}：{exc.strerror or exc}") from exc
        if not changed:
            return None
        return self._watcher.read(
            lambda db: board_data(Hall(db, self.config, self.clock), recent, schedule_days)
        )

    def close(self) -> None:
        self._watcher.close()
