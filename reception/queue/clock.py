"""The hall's notion of now and of the hall day.

Everything time-dependent takes a clock, so tests can stand at 08:59 or on
the last day of a month without sleeping or patching the system time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    def __init__(self, tz: ZoneInfo):
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def hall_day(self) -> str:
        """Numbering restarts each hall day; the day is the hall's local date."""
        return self.today().isoformat()

    def stamp(self) -> str:
        return self.now().isoformat(timespec="microseconds")

    def clock_time(self) -> str:
        """HH:MM in the hall, as reception hours are published."""
        return self.now().strftime("%H:%M")


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and simulations."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        super().__init__(at.tzinfo)  # type: ignore[arg-type]
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self._at = at
