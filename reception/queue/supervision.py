"""The 督办 list: accepted matters near or past a statutory deadline.

Two deadlines per accepted matter (reception.queue.deadlines): telling the
visitor whether it is accepted (告知, until `notified_at` is set) and
handling it (办理, until `concluded_at` is set). A matter shows once a
deadline is at most `within_days` away, and stays, marked overdue, after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from reception.queue.deadlines import days_left

DEFAULT_WITHIN_DAYS = 3
NOTIFY = "告知"
HANDLE = "办理"


@dataclass(frozen=True)
class SupervisedMatter:
    visit_id: int
    case_number: str
    hall_day: str
    lead_name: str
    category: str
    handling: str
    department: str
    kind: str  # NOTIFY or HANDLE
    deadline: date
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def status(self) -> str:
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 天"
        if self.days_left == 0:
            return "今日到期"
        return f"剩 {self.days_left} 天"


def due(
    db: sqlite_utils.Database, today: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[SupervisedMatter]:
    """Open deadlines on or before today + within_days, the most urgent first."""
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    horizon = (today + timedelta(days=within_days)).isoformat()
    matters: list[SupervisedMatter] = []
    for kind, column, open_column in (
        (NOTIFY, "notify_deadline", "notified_at"),
        (HANDLE, "handle_deadline", "concluded_at"),
    ):
        rows = db.execute(
            "SELECT v.id, coalesce(v.case_number, ''), v.hall_day,"
            " coalesce((SELECT p.name FROM visit_people vp JOIN persons p ON p.id = vp.person_id"
            "   WHERE vp.visit_id = v.id ORDER BY vp.role = 'representative', p.id LIMIT 1), ''),"
            f" v.category, v.handling, v.department, v.{column}"
            f" FROM visits v WHERE v.{column} IS NOT NULL AND v.{open_column} IS NULL"
            f" AND v.concluded_at IS NULL AND v.{column} <= ?",
            (horizon,),
        ).fetchall()
        for visit_id, case, day, name, category, handling, department, deadline in rows:
            when = date.fromisoformat(deadline)
            matters.append(SupervisedMatter(
                visit_id, case, day, name, category, handling, department, kind, when,
                days_left(when, today),
            ))
    matters.sort(key=lambda m: (m.deadline, m.kind != NOTIFY, m.visit_id))
    return matters
