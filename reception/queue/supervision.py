"""The 督办 list: every due date of every open matter in one place, and each 催办.

Rule (DOMAIN.md, "The case after the counter" — 批示 and 督办): seed 000: 成立健全信访
案件登记督办制度; 对需要立项监察督办的,报经分管领导审批; seed 000 篇四 6: 明确解决时限,
批转相关部门限时解决. Everything with a due date is on one list until done:
- 告知: telling the visitor whether the matter is accepted (条例 Art. 23), until
  `notified_at` is set (a delivered 受理告知书);
- 办理: handling the accepted matter (条例 Art. 34), until `concluded_at`;
- 批示: a leader's instruction's due date (reception.queue.talks), until the matter
  is concluded;
- 包案: a leader's 包案 due date (reception.queue.casework.baoan), until closed.
Overdue items come first, the most days late first; then by due date.
Each reminder (催办) is recorded with who, when and how.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from reception.queue import audit
from reception.queue.deadlines import days_left
from reception.queue.errors import InvalidInput, NotFound
from reception.queue.store.connection import inserted_id, write_transaction
from reception.queue.text import clean_text

DEFAULT_WITHIN_DAYS = 3
NOTIFY = "告知"
HANDLE = "办理"
INSTRUCTION = "批示"
BAOAN = "包案"
KINDS = (NOTIFY, HANDLE, INSTRUCTION, BAOAN)
REMINDER_METHODS = ("电话", "当面", "书面", "短信", "其他")
MAX_REMINDER_NOTE = 200

_LEAD_NAME = (
    "coalesce((SELECT p.name FROM visit_people vp JOIN persons p ON p.id = vp.person_id"
    "   WHERE vp.visit_id = v.id ORDER BY vp.role = 'representative', p.id LIMIT 1), '')"
)


@dataclass(frozen=True)
class SupervisedMatter:
    """One due date on the 督办 list."""

    visit_id: int
    case_number: str
    hall_day: str
    lead_name: str
    category: str
    handling: str
    department: str  # who must act: the handling unit, the 批示's department, the 包案 unit
    kind: str  # one of KINDS
    deadline: date
    days_left: int  # negative: overdue by that many days
    ref_id: int | None = None  # the talk (批示) or the 包案
    owner: str = ""  # the leader of a 批示 or 包案
    reminders: int = 0
    last_reminder: str = ""

    @property
    def due(self) -> date:
        return self.deadline

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def status(self) -> str:
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 天"
        if self.days_left == 0:
            return "今日到期"
        return f"剩 {self.days_left} 天"

    def as_json(self) -> dict[str, object]:
        return {
            "case_number": self.case_number, "kind": self.kind, "due": self.deadline.isoformat(),
            "days_overdue": self.days_overdue, "days_left": self.days_left,
            "visit_id": self.visit_id, "hall_day": self.hall_day, "name": self.lead_name,
            "category": self.category, "department": self.department, "owner": self.owner,
            "reminders": self.reminders, "last_reminder": self.last_reminder,
        }


@dataclass(frozen=True)
class Reminder:
    id: int
    visit_id: int
    kind: str
    ref_id: int | None
    method: str
    note: str
    actor: str
    at: str


def due(
    db: sqlite_utils.Database, today: date, within_days: int | None = DEFAULT_WITHIN_DAYS,
    overdue_only: bool = False,
) -> list[SupervisedMatter]:
    """Open due dates on or before today + within_days (None: every open one),
    overdue first (seed 000 篇四 6: 明确解决时限 … 限时解决)."""
    if within_days is not None and within_days < 0:
        raise ValueError("within_days must not be negative")
    horizon = "9999-12-31" if within_days is None else (today + timedelta(days=within_days)).isoformat()
    if overdue_only:
        horizon = (today - timedelta(days=1)).isoformat()
    base = (
        f"SELECT v.id, coalesce(v.case_number, ''), v.hall_day, {_LEAD_NAME},"
        " coalesce(v.category, ''), coalesce(v.handling, ''),"
    )
    queries = [
        (NOTIFY, base + " coalesce(v.department, ''), v.notify_deadline, NULL, ''"
         " FROM visits v WHERE v.notify_deadline IS NOT NULL AND v.notified_at IS NULL"
         " AND v.concluded_at IS NULL AND v.notify_deadline <= ?"),
        (HANDLE, base + " coalesce(v.department, ''), v.handle_deadline, NULL, ''"
         " FROM visits v WHERE v.handle_deadline IS NOT NULL AND v.concluded_at IS NULL"
         " AND v.handle_deadline <= ?"),
        (INSTRUCTION, base + " t.department, t.due_date, t.id, l.name"
         " FROM talks t JOIN visits v ON v.id = t.visit_id JOIN leaders l ON l.id = t.leader_id"
         " WHERE t.due_date IS NOT NULL AND v.concluded_at IS NULL AND t.due_date <= ?"),
        (BAOAN, base + " b.unit, b.due_date, b.id, l.name"
         " FROM baoan b JOIN visits v ON v.id = b.visit_id JOIN leaders l ON l.id = b.leader_id"
         " WHERE b.closed_at IS NULL AND b.due_date <= ?"),
    ]
    counts = _reminder_counts(db)
    items: list[SupervisedMatter] = []
    for kind, sql in queries:
        for visit_id, case, day, name, category, handling, dept, deadline, ref, owner in db.execute(sql, (horizon,)):
            when = date.fromisoformat(deadline)
            count, last = counts.get((visit_id, kind, ref), (0, ""))
            items.append(SupervisedMatter(
                visit_id, case, day, name, category, handling, dept or "", kind, when,
                days_left(when, today), ref, owner or "", count, last,
            ))
    items.sort(key=lambda m: (not m.overdue, m.deadline, KINDS.index(m.kind), m.visit_id, m.ref_id or 0))
    return items


def _reminder_counts(db: sqlite_utils.Database) -> dict[tuple[int, str, int | None], tuple[int, str]]:
    return {
        (visit_id, kind, ref): (count, last)
        for visit_id, kind, ref, count, last in db.execute(
            "SELECT visit_id, kind, ref_id, count(*), max(at) FROM reminders GROUP BY visit_id, kind, ref_id"
        )
    }


def remind(
    db: sqlite_utils.Database, visit_id: int, kind: str, method: str, actor: str, at: str,
    ref_id: int | None = None, note: str = "",
) -> Reminder:
    """Record a 催办 (seed 000: 成立健全信访案件登记督办制度): who, when and how."""
    if kind not in KINDS:
        raise InvalidInput(f"催办类型只能是 {' / '.join(KINDS)}")
    method = method.strip()
    if method not in REMINDER_METHODS:
        raise InvalidInput(f"催办方式只能是 {' / '.join(REMINDER_METHODS)}")
    note = clean_text(note, "催办说明", MAX_REMINDER_NOTE)
    if kind in (INSTRUCTION, BAOAN) and ref_id is None:
        raise InvalidInput(f"催办{kind}须指明是哪一条{kind}")
    with write_transaction(db):
        if db.execute("SELECT 1 FROM visits WHERE id = ?", (visit_id,)).fetchone() is None:
            raise NotFound(f"没有编号为 {visit_id} 的来访记录")
        cursor = db.execute(
            "INSERT INTO reminders (visit_id, kind, ref_id, method, note, actor, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (visit_id, kind, ref_id, method, note, actor, at),
        )
        audit.record(db, actor, "supervise.remind", f"visit:{visit_id}",
                     {"kind": kind, "ref_id": ref_id, "method": method}, at=at)
        reminder_id = inserted_id(cursor)
    return Reminder(reminder_id, visit_id, kind, ref_id, method, note, actor, at)


def reminders_of(db: sqlite_utils.Database, visit_id: int) -> list[Reminder]:
    return [Reminder(*row) for row in db.execute(
        "SELECT id, visit_id, kind, ref_id, method, note, actor, at FROM reminders"
        " WHERE visit_id = ? ORDER BY at, id", (visit_id,),
    )]
