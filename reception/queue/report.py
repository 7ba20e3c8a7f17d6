"""The monthly report (每月通报; seed 000) and the weekly 排查 report (seed 000: 每周五 …
零报告), as tables of figures: front ends and the CLI lay them out (sheets, charts, text).

Periods are whole hall days, both ends included: a month (2026-12), an ISO week
(2026-W49) or a range. Counts are by visit day. On-time rates (deadlines.py,
《信访工作条例》 Arts. 23 and 34) count the matters accepted in the period:
on time when the notice or conclusion came by its deadline (the extended one
if extended); late when it came after, or has not come and the deadline has
passed; matters not yet due are counted apart, not in the rate.

Waiting and service times come from the ticket events: waiting from issue to
the first call, service from start to finish (minutes), by service, window
and staff member (who finished it). 过激言行 (seed 000) is not recorded by the
schema yet: the weekly report says so rather than count it as none.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlite_utils

from reception.config import HallConfig
from reception.queue.errors import InvalidInput
from reception.queue.ledger import outcome_text, summary_of
from reception.queue.matter_state import CLOSED_STATES, matter_state
from reception.queue.models import LEADER_QUEUE_PREFIX
from reception.queue.registration.form import ACCEPTED, OUTCOMES
from reception.queue.satisfaction import RATINGS

MAX_DAYS = 3_700  # about ten years: a longer range is a typing mistake
ZERO_REPORT = "零报告"
NOT_RECORDED_AGGRESSIVE = "过激言行：系统尚未记录此项（待案件流程上线后统计）"


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str  # 2026年12月, 2026年第49周, 2026-12-01至2026-12-31


@dataclass(frozen=True)
class Table:
    title: str  # also the sheet's name: at most 31 characters, no []:*?/\
    header: tuple[str, ...]
    rows: list[tuple]
    chart: str = ""  # "bar" or "pie": what a workbook draws from the first two columns
    note: str = ""


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    tables: list[Table] = field(default_factory=list)

    def table(self, title: str) -> Table:
        """The table of that title (KeyError if the report has none)."""
        for table in self.tables:
            if table.title == title:
                return table
        raise KeyError(title)


@dataclass(frozen=True)
class DayCount:
    day: date
    visits: int  # 批次
    people: int  # 人次


@dataclass(frozen=True)
class Times:
    """Waiting (issue to first call) and service (start to finish) in minutes, all tickets."""

    waits: int
    wait_median: float | str  # "—" when there are none, as in the report's tables
    wait_p90: float | str
    served: int
    served_median: float | str
    served_p90: float | str


@dataclass(frozen=True)
class Statistics:
    """What the statistics screen shows: the monthly report itself, the visits of
    each day (to draw a trend) and the waiting and service times of all tickets."""

    report: Report
    days: list[DayCount]
    times: Times


# ------------------------------------------------------------------ periods


def parse_period(month: str | None = None, week: str | None = None,
                 first: str | None = None, last: str | None = None) -> Period:
    """One of a month, an ISO week or a range; InvalidInput (Chinese) for anything else."""
    given = [name for name, value in (("--month", month), ("--week", week)) if value]
    if first or last:
        given.append("--from/--to")
    if len(given) != 1:
        raise InvalidInput("请给出 --month、--week 或 --from/--to 中的一项" if not given
                           else f"只能给出一种时间范围，不能同时用 {'、'.join(given)}")
    if month:
        found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month)
        if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1900:
            raise InvalidInput(f"月份“{month}”不正确，应为 YYYY-MM，如 2026-12")
        year, number = int(found[1]), int(found[2])
        start = date(year, number, 1)
        end = (date(year + (number == 12), number % 12 + 1, 1)) - timedelta(days=1)
        return Period(start, end, f"{year}年{number}月")
    if week:
        found = re.fullmatch(r"\s*(\d{4})-?W(\d{1,2})\s*", week, flags=re.I)
        try:
            if not found:
                raise ValueError
            start = date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            raise InvalidInput(f"周“{week}”不正确，应为 YYYY-Www，如 2026-W49") from None
        return Period(start, start + timedelta(days=6), f"{found[1]}年第{int(found[2])}周")
    if not (first and last):
        raise InvalidInput("--from 和 --to 须同时给出")
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if end < start:
        raise InvalidInput(f"结束日期 {end} 早于开始日期 {start}，请检查 --from 和 --to")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput("时间范围过长（最多约十年）")
    return Period(start, end, f"{start}至{end}")


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} 的日期“{text}”不正确，应为 YYYY-MM-DD") from None


# ------------------------------------------------------------------ the monthly report


def monthly(db: sqlite_utils.Database, config: HallConfig, period: Period, today: date) -> Report:
    return _monthly(db, config, period, today)[0]


def statistics(db: sqlite_utils.Database, config: HallConfig, period: Period, today: date) -> Statistics:
    """The monthly report plus the daily visits (each day of the period up to today,
    days without visits as zero) and the times over all tickets, read once."""
    report, tickets = _monthly(db, config, period, today)
    waits = [w for w in (_minutes(t["issued"], t.get("call")) for t in tickets.values()) if w is not None]
    serves = [s for s in (_minutes(t.get("start"), t.get("finish")) for t in tickets.values()) if s is not None]
    times = Times(len(waits), _median(waits), _p90(waits), len(serves), _median(serves), _p90(serves))
    return Statistics(report, daily(db, period, today), times)


def daily(db: sqlite_utils.Database, period: Period, today: date) -> list[DayCount]:
    """Visits (批次, 人次) of each day of the period up to today, by visit day."""
    last = min(period.last, today)
    if last < period.first:
        return []
    counted = {
        day: (visits, people or 0)
        for day, visits, people in db.execute(
            "SELECT hall_day, count(*), sum(coalesce(people_involved, group_size)) FROM visits"
            " WHERE hall_day BETWEEN ? AND ? GROUP BY hall_day",
            (period.first.isoformat(), last.isoformat()),
        )
    }
    days = []
    for offset in range((last - period.first).days + 1):
        day = period.first + timedelta(days=offset)
        visits, people = counted.get(day.isoformat(), (0, 0))
        days.append(DayCount(day, visits, people))
    return days


def _monthly(db: sqlite_utils.Database, config: HallConfig, period: Period,
             today: date) -> tuple[Report, dict[int, dict]]:
    span = (period.first.isoformat(), period.last.isoformat())
    tickets = _ticket_times(db, span)
    visits = db.execute(
        "SELECT category, outcome, handling, is_group, coalesce(people_involved, group_size), is_repeat,"
        " skip_level, notify_deadline, notified_at, handle_deadline, concluded_at, satisfaction,"
        " registered_at, handling_rating FROM visits WHERE hall_day BETWEEN ? AND ?",
        span,
    ).fetchall()
    tables = [
        _overview(visits, db, span),
        _counted("问题类别", visits, lambda v: v[0] or "（未分类）", "bar"),
        _counted("处理结果", visits, lambda v: outcome_text(v[1], v[2], "") if v[12] else "未登记", "pie",
                 order=[*(outcome_text(ACCEPTED, h, "") for h in ("当场答复", "交办", "转送", "上报")), *OUTCOMES]),
        _forms(visits),
        _leader_days(db, span),
        _on_time(visits, today),
        _satisfaction(visits),
        _reception_satisfaction(visits),
        *_times(config, tickets),
    ]
    return Report(f"{config.hall_name}信访工作通报（{period.label}）", period, tables), tickets


def _overview(visits: list[tuple], db: sqlite_utils.Database, span: tuple[str, str]) -> Table:
    groups = [v for v in visits if v[3]]
    (no_shows,) = db.execute(
        "SELECT count(DISTINCT t.id) FROM tickets t JOIN events e ON e.ticket_id = t.id"
        " WHERE t.hall_day BETWEEN ? AND ? AND +e.action = 'no_show'", span,
    ).fetchone()
    rows = [
        ("来访批次", len(visits)),
        ("来访人次", sum(v[4] for v in visits)),
        ("个访批次", len(visits) - len(groups)),
        ("集访批次", len(groups)),
        ("集访人次", sum(v[4] for v in groups)),
        ("重复访批次", sum(1 for v in visits if v[5])),
        ("越级访批次", sum(1 for v in visits if v[6])),
        ("已登记", sum(1 for v in visits if v[12])),
        ("未登记", sum(1 for v in visits if not v[12])),
        ("过号", no_shows),
    ]
    return Table("概况", ("项目", "数量"), rows)


def _counted(title: str, visits: list[tuple], key, chart: str, order: list[str] | None = None) -> Table:
    counts = Counter(key(v) for v in visits)
    total = sum(counts.values())
    names = [name for name in (order or []) if name in counts]
    names += sorted((name for name in counts if name not in names), key=lambda n: -counts[n])
    rows = [(name, counts[name], _share(counts[name], total)) for name in names]
    return Table(title, (title, "批次", "占比"), rows, chart)


def _forms(visits: list[tuple]) -> Table:
    rows = [
        ("个访", sum(1 for v in visits if not v[3]), sum(v[4] for v in visits if not v[3])),
        ("集访", sum(1 for v in visits if v[3]), sum(v[4] for v in visits if v[3])),
        ("越级访", sum(1 for v in visits if v[6]), sum(v[4] for v in visits if v[6])),
        ("重复访", sum(1 for v in visits if v[5]), sum(v[4] for v in visits if v[5])),
    ]
    return Table("来访形式", ("来访形式", "批次", "人次"), rows, "bar",
                 note="越级访、重复访与个访、集访交叉统计")


def _leader_days(db: sqlite_utils.Database, span: tuple[str, str]) -> Table:
    rows = db.execute(
        "SELECT rd.day, l.name, l.post, rd.place,"
        " (SELECT count(*) FROM visits v WHERE v.hall_day = rd.day AND v.requested_leader_id = rd.leader_id),"
        " (SELECT count(*) FROM visits v JOIN talks t ON t.visit_id = v.id AND t.leader_id = rd.leader_id"
        "   WHERE v.hall_day = rd.day),"
        " (SELECT count(*) FROM visits v JOIN talks t ON t.visit_id = v.id AND t.leader_id = rd.leader_id"
        "   WHERE v.hall_day = rd.day AND t.instruction != '')"
        " FROM reception_days rd JOIN leaders l ON l.id = rd.leader_id"
        " WHERE rd.day BETWEEN ? AND ? ORDER BY rd.day, l.name",
        span,
    ).fetchall()
    return Table("领导接访", ("接访日期", "接访领导", "职务", "地点", "接待批次", "接谈记录", "批示"),
                 [(date.fromisoformat(r[0]), *r[1:]) for r in rows])


def _on_time(visits: list[tuple], today: date) -> Table:
    rows = []
    for label, deadline_at, done_at, days in (("告知", 7, 8, 15), ("办结", 9, 10, 60)):
        on_time = late = pending = 0
        for v in visits:
            if v[1] != ACCEPTED or not v[deadline_at]:
                continue
            due, done = date.fromisoformat(v[deadline_at]), v[done_at]
            if done is not None and date.fromisoformat(done[:10]) <= due:
                on_time += 1
            elif done is not None or due < today:
                late += 1
            else:
                pending += 1
        rows.append((f"{label}（{days}日内）", on_time, late, pending, _share(on_time, on_time + late)))
    return Table("按期办理", ("事项", "按期", "超期", "未到期", "按期率"), rows,
                 note="统计本期受理为信访事项的来访；未到期的不计入按期率")


def _satisfaction(visits: list[tuple]) -> Table:
    """The visitors' rating of how their matter was handled (seed 002 满意度评价), the
    figure an office is judged by: over the matters closed (concluded, or decided on
    the spot), the only ones a visitor may rate (matter_state.CLOSED_STATES)."""
    closed = [v for v in visits if matter_state(v[1] or "", v[8], False, v[10], None) in CLOSED_STATES]
    return _ratings("满意度", [v[13] for v in closed], "未评价（已办结）",
                    "来访人对事项办理情况的评价，统计本期已办结（含当场告知）的事项")


def _reception_satisfaction(visits: list[tuple]) -> Table:
    """The visitors' rating of their reception at the window (given when the visit ends)."""
    return _ratings("接待满意度", [v[11] for v in visits], "未评价", "来访人对窗口接待的评价，统计本期全部来访")


def _ratings(title: str, given: list[str], unrated: str, note: str) -> Table:
    """One rating per matter or visit ("" where none was given), counted with their shares."""
    counts = Counter(rating for rating in given if rating)
    rated = sum(counts.values())
    rows: list[tuple] = [(name, counts[name], _share(counts[name], rated)) for name in RATINGS]
    rows.append((unrated, len(given) - rated, ""))
    rows.append(("满意率", "", _share(counts["满意"], rated)))
    rows.append(("满意及基本满意率", "", _share(counts["满意"] + counts["基本满意"], rated)))
    return Table(title, ("评价", "数量", "占比"), rows, "pie", note=note)


def _ticket_times(db: sqlite_utils.Database, span: tuple[str, str]) -> dict[int, dict]:
    """Each ticket of the period: issued, first call, start and finish (with window and staff)."""
    # `+e.action` keeps the term off any index on the action (every call of every
    # year); the period's tickets (by hall day) and their events (events_ticket) are few.
    tickets: dict[int, dict] = {}
    for ticket_id, service, queue, issued, action, at, window, actor in db.execute(
        "SELECT t.id, t.service, t.queue, t.issued_at, e.action, e.at, e.window, e.actor"
        " FROM tickets t JOIN events e ON e.ticket_id = t.id"
        " WHERE t.hall_day BETWEEN ? AND ? AND +e.action IN ('call', 'start', 'finish')"
        " ORDER BY e.id",
        span,
    ):
        seen = tickets.setdefault(ticket_id, {"service": service, "leader": queue.startswith(LEADER_QUEUE_PREFIX),
                                              "issued": issued})
        if action == "call" and "call" not in seen:
            seen["call"] = at
        elif action == "start":
            seen["start"], seen["window"] = at, window
        elif action == "finish":
            seen["finish"], seen["staff"] = at, actor
    return tickets


def _times(config: HallConfig, tickets: dict[int, dict]) -> list[Table]:
    by: dict[str, dict[str, tuple[list[float], list[float]]]] = {
        "service": defaultdict(lambda: ([], [])), "window": defaultdict(lambda: ([], [])),
        "staff": defaultdict(lambda: ([], [])),
    }
    names = {s.code: f"{s.code} {s.name}" for s in config.services}
    for seen in tickets.values():
        wait = _minutes(seen["issued"], seen.get("call"))
        served = _minutes(seen.get("start"), seen.get("finish"))
        keys = {
            "service": names.get(seen["service"], seen["service"]),
            "window": "领导接访室" if seen["leader"] else (f"{seen['window']}号窗口" if seen.get("window") else None),
            "staff": seen.get("staff"),
        }
        for kind, key in keys.items():
            if key is None:
                continue
            if wait is not None:
                by[kind][key][0].append(wait)
            if served is not None:
                by[kind][key][1].append(served)
    header = ("等候人次", "等候中位数（分钟）", "等候90%分位（分钟）", "接待人次", "接待中位数（分钟）", "接待90%分位（分钟）")
    tables = []
    for kind, title in (("service", "按业务"), ("window", "按窗口"), ("staff", "按接待人")):
        rows = []
        for key in sorted(by[kind]):
            waits, serves = by[kind][key]
            rows.append((key, len(waits), _median(waits), _p90(waits), len(serves), _median(serves), _p90(serves)))
        tables.append(Table(f"等候与接待时长（{title}）", (title[1:], *header), rows))
    return tables


# ------------------------------------------------------------------ the weekly 排查 report


SCREENING_HEADER = ("来访日期", "案号", "姓名", "类型", "涉及人数", "问题类别", "诉求摘要", "处理结果")


def screening(db: sqlite_utils.Database, config: HallConfig, period: Period) -> Report:
    """Group, skip-level and repeat visits of the period; 零报告 when there are none."""
    found = db.execute(
        "SELECT v.hall_day, v.case_number, p.name, v.is_group, v.skip_level, v.is_repeat,"
        " coalesce(v.people_involved, v.group_size), v.category, v.summary, v.request,"
        " v.outcome, v.handling, v.statutory_channel, v.registered_at"
        " FROM visits v LEFT JOIN visit_people vp ON vp.visit_id = v.id AND vp.role = 'lead'"
        " LEFT JOIN persons p ON p.id = vp.person_id"
        " WHERE v.hall_day BETWEEN ? AND ? AND (v.is_group <> 0 OR v.skip_level <> 0 OR v.is_repeat <> 0)"
        " ORDER BY v.hall_day, v.id",
        (period.first.isoformat(), period.last.isoformat()),
    ).fetchall()
    rows = []
    for r in found:
        kinds = "、".join(k for k, flag in (("集访", r[3]), ("越级访", r[4]), ("重复访", r[5])) if flag)
        rows.append((date.fromisoformat(r[0]), r[1] or "", r[2] or "", kinds, r[6], r[7],
                     summary_of(r[8], r[9]), outcome_text(r[10], r[11], r[12]) if r[13] else "未登记"))
    note = NOT_RECORDED_AGGRESSIVE if rows else f"{ZERO_REPORT}：本周无集访、越级访、重复访。{NOT_RECORDED_AGGRESSIVE}"
    counts = [
        ("集访", sum(1 for r in found if r[3])),
        ("越级访", sum(1 for r in found if r[4])),
        ("重复访", sum(1 for r in found if r[5])),
    ]
    return Report(f"{config.hall_name}信访隐患排查周报（{period.label}）", period, [
        Table("排查汇总", ("类型", "批次"), counts, note=note),
        Table("排查明细", SCREENING_HEADER, rows, note=note),
    ])


# ------------------------------------------------------------------ helpers


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60


def _median(values: list[float]) -> float | str:
    if not values:
        return "—"
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 1)


def _p90(values: list[float]) -> float | str:
    """The 90th percentile by nearest rank (the smallest value at or above 90% of them)."""
    if not values:
        return "—"
    ordered = sorted(values)
    return round(ordered[max(0, -(-9 * len(ordered) // 10) - 1)], 1)
