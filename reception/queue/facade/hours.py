"""Opening hours: the hall's state now, the office's closures, and the rule applied to a number.

The rule itself is `reception.queue.hours`; this part brings it the hall
clock's moment and the office's entries from the database, and records the
office's closures and openings with their audit entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from reception.queue import appointments, audit, hours, office_days
from reception.queue.errors import InvalidInput, OutsideHours, RuleViolation
from reception.queue.facade.base import ServicePart
from reception.queue.hours import DayPlan, HallStatus, OfficeDay
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors
from reception.queue.text import normalise

REASON_MAX = 100


@translate_errors
class HoursDesk(ServicePart):
    def hall_status(self, at: datetime | None = None) -> HallStatus:
        """What the hall is doing now (or at `at`): open, 午间休息, ended, closed; the next opening."""
        at = (at or self.clock.now()).astimezone(self.config.tz)
        office = office_days.between(self._db, at.date(), at.date() + timedelta(days=hours.LOOKAHEAD_DAYS))
        return hours.status(self.config.hours, at, office)

    def issuing_status(self) -> HallStatus:
        """`hall_status()` now, read for issuing a number: open needs only today's
        entry; the look-ahead for the next opening is read only to word a refusal
        (every ticket passes here: the kiosk's hot path)."""
        at = self.clock.now().astimezone(self.config.tz)
        status = hours.status(self.config.hours, at, office_days.between(self._db, at.date(), at.date()))
        return status if status.may_issue else self.hall_status(at)

    def day_plan(self, day: date) -> DayPlan:
        """One day's sessions, and why they differ from its weekday's (a holiday, 调休, a closure)."""
        office = office_days.between(self._db, day, day)
        return hours.plan_day(self.config.hours, day, self.config.tz, office.get(day))

    def closed_days(self, days: Iterable[date]) -> dict[date, DayPlan]:
        """Of `days`, those without reception (a deadline may fall on one: it is not moved)."""
        days = set(days)
        if not days:
            return {}
        office = office_days.between(self._db, min(days), max(days))
        return hours.closed_days(self.config.hours, days, self.config.tz, office)

    def office_days(self, first: date | None = None) -> list[OfficeDay]:
        """The office's own closures and openings from `first` (default today) on."""
        return office_days.upcoming(self._db, first or self.clock.today())

    def close_day(self, day: date, reason: str, actor: str) -> OfficeDay:
        """Close the hall on `day` (no numbers, no appointments); audited."""
        reason = normalise(reason)[:REASON_MAX]
        if not reason:
            raise InvalidInput("请写明闭厅原因（--reason），如 “单位集中学习”")
        with write_transaction(self._db) as db:
            # Nobody who booked learns of a closure from the locked door: the
            # office tells each one and cancels the booking first.
            booked = appointments.booked_count_on(db, day.isoformat())
            if booked:
                raise RuleViolation(
                    f"{day.isoformat()} 已有 {booked} 人预约领导接访：请先逐一通知来访人并取消预约"
                    "（reception appointment list / cancel），再闭厅"
                )
            return self._put(OfficeDay(day, False, reason, actor, self.clock.stamp()), "hours.close")

    def open_day(self, day: date, actor: str, reason: str = "") -> OfficeDay | None:
        """Open `day`: an office closure is lifted; a day the calendar closes (a weekend, a
        holiday) opens with the working-day hours. None: the day is back to its calendar."""
        self._not_past(day)
        with write_transaction(self._db) as db:
            had = office_days.between(db, day, day).get(day)
            office_days.remove(db, day)
            entry: OfficeDay | None = None
            if not hours.plan_day(self.config.hours, day, self.config.tz).open:
                entry = OfficeDay(day, True, normalise(reason)[:REASON_MAX], actor, self.clock.stamp())
                office_days.put(db, entry)
            detail = {"reason": normalise(reason)[:REASON_MAX], "was": _word(had), "now": _word(entry)}
            audit.record(db, actor, "hours.open", f"day:{day.isoformat()}", detail, at=self.clock.stamp())
            return entry

    def check_may_issue(self, actor: str, outside_hours: bool = False) -> HallStatus:
        """Refuse a number outside the hours (OutsideHours, in Chinese), unless staff
        override it; an override is audited in the caller's transaction."""
        status = self.issuing_status()
        if status.may_issue:
            return status
        if not outside_hours:
            raise OutsideHours(status.refusal())
        audit.record(self._db, actor, "hours.override", "ticket", {
            "state": status.state.value, "at": status.at.isoformat(timespec="minutes"),
        }, at=self.clock.stamp())
        return status

    def check_open_day(self, day: date, actor: str, outside_hours: bool = False) -> None:
        """Refuse an appointment for a day without reception, unless staff override it."""
        plan = self.day_plan(day)
        if plan.open:
            return
        if not outside_hours:
            raise OutsideHours(f"{day.isoformat()} 大厅不接待（{plan.reason or '休息日'}），不能预约")
        audit.record(self._db, actor, "hours.override", "appointment", {"day": day.isoformat()}, at=self.clock.stamp())

    def _put(self, entry: OfficeDay, action: str) -> OfficeDay:
        self._not_past(entry.day)
        with write_transaction(self._db) as db:
            office_days.put(db, entry)
            audit.record(db, entry.actor, action, f"day:{entry.day.isoformat()}", {"reason": entry.reason}, at=entry.at)
        return entry

    def _not_past(self, day: date) -> None:
        if day < self.clock.today():
            raise InvalidInput(f"{day.isoformat()} 已经过去，不能更改")


def _word(entry: OfficeDay | None) -> str:
    if entry is None:
        return "calendar"
    return "open" if entry.open else "closed"
