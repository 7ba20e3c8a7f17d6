"""The hall's opening hours: the one rule that says whether a number may be issued now.

Given the `[hours]` configuration, the office's own closures and openings
(`reception.queue.office_days`), the national calendar and a moment, `status`
says what the hall is doing (`HallState`: 接待中, 停止取号, 午间休息, 尚未开始接待,
今日接待时间已结束, 今日不接待), when numbers may next be issued, and whether one
may be issued now. Nothing here reads a clock or a database: the facade
(`reception.queue.facade.hours`) brings the moment and the closures.

A day's sessions, in order of precedence:
1. the office's own entry for the day (closed with a reason, or opened);
2. `always = true`: open day and night;
3. the national calendar (chinese-calendar): a statutory holiday closes the
   hall, a weekend day the State Council moves work to (调休) opens it with
   `moved_workday`'s sessions;
4. the weekday's sessions.

A year the calendar library has no data for yet (it raises for it) is treated
as a plain calendar (the weekday's sessions, weekends as configured) and a
warning is logged once per year, so the hall keeps working until the library is
updated and nobody is surprised by an open 元旦.

Deadlines are not moved by any of this: they stay in calendar days.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from reception.config import WEEKDAY_NAMES, HoursSettings, parse_session

log = logging.getLogger(__name__)

# How far ahead the next opening is looked for (a long closure, a Spring Festival).
LOOKAHEAD_DAYS = 60


class HallState(StrEnum):
    OPEN = "open"  # inside a session, before its last-number time
    NUMBERS_STOPPED = "numbers_stopped"  # inside a session, after its last-number time
    BREAK = "break"  # between two sessions of the day
    NOT_YET = "not_yet"  # before the first session of an open day
    ENDED = "ended"  # after the last session of the day
    CLOSED = "closed"  # no reception today (weekend, holiday, the office's closure)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    HallState.OPEN: "接待中",
    HallState.NUMBERS_STOPPED: "已停止取号",
    HallState.BREAK: "午间休息",
    HallState.NOT_YET: "尚未开始接待",
    HallState.ENDED: "今日接待时间已结束",
    HallState.CLOSED: "今日不接待",
}


@dataclass(frozen=True)
class OfficeDay:
    """The office's own word on one day: closed (with a reason) or opened."""

    day: date
    open: bool
    reason: str = ""
    actor: str = ""
    at: str = ""


@dataclass(frozen=True)
class NationalDay:
    """What the national calendar says of a day; `known` False: beyond the library's data."""

    holiday: str = ""  # a statutory holiday's Chinese name: closed
    moved_workday: str = ""  # a weekend day worked (调休) for this holiday: open
    known: bool = True


@dataclass(frozen=True)
class Session:
    opens: datetime
    closes: datetime
    last_number: datetime  # numbers are issued until this moment (exclusive)

    @property
    def text(self) -> str:
        closes = "24:00" if self.closes.date() > self.opens.date() else f"{self.closes:%H:%M}"
        return f"{self.opens:%H:%M}-{closes}"


@dataclass(frozen=True)
class DayPlan:
    day: date
    sessions: tuple[Session, ...]
    reason: str = ""  # why the day differs from its weekday: 国庆节, 调休上班, the office's reason
    always: bool = False

    @property
    def open(self) -> bool:
        return bool(self.sessions)

    @property
    def hours_text(self) -> str:
        """"08:30-12:00  14:30-17:30", "全天", or "不接待"."""
        if self.always:
            return "全天"
        return "  ".join(s.text for s in self.sessions) or "不接待"

    @property
    def last_number_text(self) -> str:
        return "、".join(f"{s.last_number:%H:%M}" for s in self.sessions if s.last_number < s.closes)


@dataclass(frozen=True)
class HallStatus:
    at: datetime
    state: HallState
    today: DayPlan
    current: Session | None  # the session in progress (OPEN, NUMBERS_STOPPED)
    next_opening: datetime | None  # when numbers may next be issued (now, when OPEN)

    @property
    def may_issue(self) -> bool:
        return self.state is HallState.OPEN

    @property
    def label(self) -> str:
        return self.state.label

    @property
    def minutes_left(self) -> int | None:
        """Whole minutes until the session in progress closes."""
        if self.current is None:
            return None
        return max(0, int((self.current.closes - self.at).total_seconds() // 60))

    @property
    def minutes_to_last_number(self) -> int | None:
        if self.current is None or self.state is not HallState.OPEN:
            return None
        return max(0, int((self.current.last_number - self.at).total_seconds() // 60))

    @property
    def headline(self) -> str:
        """What a visitor reads first: 今日接待时间已结束, 国庆节 不接待, ..."""
        if self.state is HallState.CLOSED and self.today.reason:
            return f"今日不接待（{self.today.reason}）"
        if self.state is HallState.NUMBERS_STOPPED:
            return "本时段已停止取号"
        return self.state.label

    @property
    def next_opening_day(self) -> str:
        return opening_day(self.at, self.next_opening) if self.next_opening else ""

    @property
    def next_opening_text(self) -> str:
        """"今天 14:30", "明天 08:30", "12月9日（星期三）08:30", or "" when none is known."""
        return opening_text(self.at, self.next_opening)

    def refusal(self) -> str:
        """The Chinese message a refused number (kiosk, CLI, counter) shows."""
        said = f"{self.headline}，现在不能取号"
        if self.next_opening is not None:
            said += f"。下次取号时间：{self.next_opening_text}"
        return said


def opening_day(at: datetime, moment: datetime) -> str:
    """"今天", "明天", or "12月9日（星期三）": the day of `moment` as seen at `at`."""
    days = (moment.date() - at.date()).days
    if days == 0:
        return "今天"
    if days == 1:
        return "明天"
    return f"{moment.month}月{moment.day}日（{WEEKDAY_NAMES[moment.weekday()]}）"


def opening_text(at: datetime, moment: datetime | None) -> str:
    if moment is None:
        return ""
    day = opening_day(at, moment)
    return f"{day}{'' if day.endswith('）') else ' '}{moment:%H:%M}"


class NationalCalendar:
    """Statutory holidays and 调休 workdays from the chinese-calendar library."""

    def __init__(self) -> None:
        self._warned: set[int] = set()

    def day(self, day: date) -> NationalDay:
        import chinese_calendar  # imported on first use: ~20 ms, and only the core needs it

        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            if day.year not in self._warned:
                self._warned.add(day.year)
                log.warning(
                    "chinese-calendar has no data for %s: treating it as a plain calendar "
                    "(no statutory holidays, no 调休); update the chinese-calendar package",
                    day.year,
                )
            return NationalDay(known=False)
        if name is None:
            return NationalDay()  # an ordinary weekday or weekend
        chinese = _chinese_name(name)
        return NationalDay(holiday=chinese) if on_holiday else NationalDay(moved_workday=chinese)


def _chinese_name(english: str) -> str:
    import chinese_calendar

    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return str(holiday.chinese)
    return "法定节假日"


NATIONAL = NationalCalendar()


def plan_day(
    hours: HoursSettings,
    day: date,
    tz: object,
    office: OfficeDay | None = None,
    calendar: NationalCalendar = NATIONAL,
) -> DayPlan:
    """The sessions of one day, and why they differ from the weekday's."""
    weekday = hours.sessions_on(day.weekday())
    if office is not None and not office.open:
        return DayPlan(day, (), office.reason or "本单位安排")
    if hours.always:
        start = datetime.combine(day, time(0), tz)  # type: ignore[arg-type]
        end = start + timedelta(days=1)
        return DayPlan(day, (Session(start, end, end),), always=True)
    if office is not None:  # opened by the office: its weekday's hours, else a workday's
        return _plan(hours, day, tz, weekday or hours.moved_workday, office.reason or "本单位安排接待")
    if hours.national_calendar:
        national = calendar.day(day)
        if national.holiday:
            return DayPlan(day, (), national.holiday)
        if national.moved_workday and not weekday:
            return _plan(hours, day, tz, hours.moved_workday, f"{national.moved_workday}调休上班")
    return _plan(hours, day, tz, weekday, "" if weekday else "休息日")


def _plan(hours: HoursSettings, day: date, tz: object, texts: Iterable[str], reason: str) -> DayPlan:
    sessions = []
    stop = timedelta(minutes=hours.last_number_minutes)
    for text in texts:
        opens, closes = (datetime.combine(day, t, tz) for t in parse_session(text))  # type: ignore[arg-type]
        sessions.append(Session(opens, closes, max(opens, closes - stop)))
    return DayPlan(day, tuple(sessions), reason)


def status(
    hours: HoursSettings,
    at: datetime,
    office: Mapping[date, OfficeDay] | None = None,
    calendar: NationalCalendar = NATIONAL,
) -> HallStatus:
    """What the hall is doing at `at` (an aware moment in the hall's zone).

    `office` holds the office's entries from `at`'s day on (at least
    LOOKAHEAD_DAYS of them, for the next opening)."""
    office = office or {}
    tz = at.tzinfo
    today = plan_day(hours, at.date(), tz, office.get(at.date()), calendar)
    state, current = _state(today, at)
    next_opening = at if state is HallState.OPEN else _next_opening(hours, at, office, calendar, today)
    return HallStatus(at, state, today, current, next_opening)


def _state(today: DayPlan, at: datetime) -> tuple[HallState, Session | None]:
    if not today.open:
        return HallState.CLOSED, None
    for session in today.sessions:
        if session.opens <= at < session.closes:
            return (HallState.OPEN if at < session.last_number else HallState.NUMBERS_STOPPED), session
    if at < today.sessions[0].opens:
        return HallState.NOT_YET, None
    if at >= today.sessions[-1].closes:
        return HallState.ENDED, None
    return HallState.BREAK, None


def _next_opening(
    hours: HoursSettings,
    at: datetime,
    office: Mapping[date, OfficeDay],
    calendar: NationalCalendar,
    today: DayPlan,
) -> datetime | None:
    plan = today
    for offset in range(LOOKAHEAD_DAYS + 1):
        if offset:
            day = at.date() + timedelta(days=offset)
            plan = plan_day(hours, day, at.tzinfo, office.get(day), calendar)
        for session in plan.sessions:
            if session.last_number > at and session.last_number > session.opens:
                return max(session.opens, at)
    return None


def closed_days(
    hours: HoursSettings,
    days: Iterable[date],
    tz: object,
    office: Mapping[date, OfficeDay] | None = None,
    calendar: NationalCalendar = NATIONAL,
) -> dict[date, DayPlan]:
    """Of `days`, those without reception, with the plan saying why."""
    office = office or {}
    plans = {day: plan_day(hours, day, tz, office.get(day), calendar) for day in set(days)}
    return {day: plan for day, plan in plans.items() if not plan.open}
