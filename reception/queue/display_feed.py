"""What the hall display reads from the core: public information only.

Ticket numbers and where to go, waiting counts per queue, the duty leaders and
the published schedule; never a visitor's name, ID number or purpose (PIPL
Art. 25; DOMAIN.md). `DisplayFeed` is the display process's way in: it watches
the database read-only (`store.watch`) and reads the board only after a change.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from reception.config import HallConfig
from reception.queue import hours, office_days
from reception.queue.clock import Clock
from reception.queue.errors import DatabaseUnavailable, os_reason
from reception.queue.hall import Hall
from reception.queue.hours import HallStatus, OfficeDay
from reception.queue.leaders import DutyLeader
from reception.queue.models import Call
from reception.queue.schedule import ReceptionDay
from reception.queue.store.location import db_location, shown
from reception.queue.store.watch import open_watcher


@dataclass(frozen=True)
class BoardData:
    day: str
    calls: tuple[Call, ...]  # newest first
    waiting: dict[str, int]  # queue (service code or leader queue) -> people waiting
    duty: tuple[DutyLeader, ...]
    coming: tuple[ReceptionDay, ...]  # from tomorrow on
    hours: HallStatus | None = None  # open, 午间休息, ended, closed; the next opening


def hall_office_days(hall: Hall) -> dict[date, OfficeDay]:
    """The office's closures and openings the hours rule needs from today on."""
    today = hall.clock.today()
    return office_days.between(hall.db, today, today + timedelta(days=hours.LOOKAHEAD_DAYS))


def board_data(hall: Hall, recent: int, schedule_days: int, office: Mapping[date, OfficeDay] | None = None) -> BoardData:
    """`recent + 1` latest calls (the current one and `recent` before it)."""
    if office is None:
        office = hall_office_days(hall)
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
        hours=hours.status(hall.config.hours, hall.clock.now(), office),
    )


class DisplayFeed:
    """Board data when the database changed (or the hall day turned), else None.

    Used from the one thread that polls. Raises `DatabaseUnavailable` (or a
    subclass) only, a missing file included; the next poll opens the file afresh.
    """

    def __init__(self, path: str | Path, config: HallConfig, clock: Clock | None = None):
        self.path = db_location(path)
        self.config = config
        self.clock = clock or Clock(config.tz)
        self._watcher = open_watcher(path)
        self._office: dict[date, OfficeDay] = {}  # as of the last read
        self._minute: datetime | None = None
        self._hours_key: Hashable = None

    def _hours_state(self) -> Hashable:
        """What the hours rule says this minute: the board is read again when it changes
        (the opening minute, the break), not only when the database does."""
        minute = self.clock.now().replace(second=0, microsecond=0)
        if minute != self._minute:
            self._minute = minute
            status = hours.status(self.config.hours, minute, self._office)
            self._hours_key = (status.state, status.next_opening)
        return self._hours_key

    def _read(self, hall: Hall, recent: int, schedule_days: int) -> BoardData:
        self._office = hall_office_days(hall)
        return board_data(hall, recent, schedule_days, self._office)

    def poll(self, recent: int, schedule_days: int) -> BoardData | None:
        try:
            changed = self._watcher.changed(also=(self.clock.hall_day(), self._hours_state()))
        except OSError as exc:  # missing, or being replaced by a restore
            raise DatabaseUnavailable(f"无法打开数据库 {shown(self.path)}：{os_reason(exc)}") from exc
        if not changed:
            return None
        return self._watcher.read(
            lambda db: self._read(Hall(db, self.config, self.clock), recent, schedule_days)
        )

    def close(self) -> None:
        self._watcher.close()
