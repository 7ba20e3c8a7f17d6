"""包案: an important case given to a leader who owns it until it is resolved.

Rule (DOMAIN.md, "The case after the counter"): seed 000 篇四: 明确包案领导、责任单位;
seed 001: 领导干部…亲自包案,亲自调度,一抓到底; seed 002: 领导包案. A 包案 names the
leader (包案领导), the responsible unit (责任单位), the measures (措施) and a due
date; it stays on the 督办 list until the leader closes it with a result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from reception.queue import audit
from reception.queue.casework.matter import parse_day
from reception.queue.clock import Clock
from reception.queue.deadlines import EXTENSION_DAYS, HANDLE_DAYS
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.store.connection import inserted_id, write_transaction
from reception.queue.text import clean_text

MAX_UNIT = 100
MAX_MEASURES = 2000
MAX_RESULT = 2000
# The same ceiling as a 批示 (reception.queue.talks): 60 days, extendable by 30.
MAX_DUE_DAYS = HANDLE_DAYS + EXTENSION_DAYS


@dataclass(frozen=True)
class Baoan:
    id: int
    visit_id: int
    case_number: str
    lead_name: str
    leader_id: int
    leader_name: str
    unit: str
    measures: str
    due_date: dt.date
    assigned_by: str
    assigned_at: str
    result: str
    closed_by: str
    closed_at: str | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


_SELECT = (
    "SELECT b.id, b.visit_id, coalesce(v.case_number, ''),"
    " coalesce((SELECT p.name FROM visit_people vp JOIN persons p ON p.id = vp.person_id"
    "   WHERE vp.visit_id = v.id ORDER BY vp.role = 'representative', p.id LIMIT 1), ''),"
    " b.leader_id, l.name, b.unit, b.measures, b.due_date, b.assigned_by, b.assigned_at,"
    " coalesce(b.result, ''), coalesce(b.closed_by, ''), b.closed_at"
    " FROM baoan b JOIN visits v ON v.id = b.visit_id JOIN leaders l ON l.id = b.leader_id"
)


class BaoanDesk:
    def __init__(self, db: sqlite_utils.Database, clock: Clock):
        self.db = db
        self.clock = clock

    def get(self, baoan_id: int) -> Baoan:
        row = self.db.execute(f"{_SELECT} WHERE b.id = ?", (baoan_id,)).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {baoan_id} 的包案")
        return _baoan(row)

    def of_leader(self, leader_id: int, include_closed: bool = False) -> list[Baoan]:
        """The leader's 包案 cases, open ones by due date (seed 001: 一抓到底)."""
        where = "" if include_closed else " AND b.closed_at IS NULL"
        return [_baoan(row) for row in self.db.execute(
            f"{_SELECT} WHERE b.leader_id = ?{where} ORDER BY b.closed_at IS NOT NULL, b.due_date, b.id",
            (leader_id,),
        )]

    def of_visit(self, visit_id: int) -> list[Baoan]:
        return [_baoan(row) for row in self.db.execute(
            f"{_SELECT} WHERE b.visit_id = ? ORDER BY b.id", (visit_id,)
        )]

    def assign(
        self, visit_id: int, leader_id: int, unit: str, measures: str, due_date: str, actor: str
    ) -> Baoan:
        """Give the case to a leader (seed 000 篇四: 明确包案领导、责任单位; seed 002: 领导包案):
        a unit, measures and a due date are required; one open 包案 per case."""
        unit = clean_text(unit, "责任单位", MAX_UNIT)
        measures = clean_text(measures, "包案措施", MAX_MEASURES, multiline=True)
        due = parse_day(due_date, "包案期限")
        if not unit:
            raise InvalidInput("包案须写明责任单位")
        if not measures:
            raise InvalidInput("包案须写明措施")
        if due is None:
            raise InvalidInput("包案须写明办结期限（日期，如 2026-12-10）")
        today = self.clock.today()
        if due < today:
            raise InvalidInput(f"包案期限 {due.isoformat()} 早于今天，请重新填写")
        if due > today + dt.timedelta(days=MAX_DUE_DAYS):
            raise InvalidInput(f"包案期限不能晚于 {(today + dt.timedelta(days=MAX_DUE_DAYS)).isoformat()}")
        with write_transaction(self.db):
            visit = self.db.execute(
                "SELECT case_number, registered_at FROM visits WHERE id = ?", (visit_id,)
            ).fetchone()
            if visit is None:
                raise NotFound(f"没有编号为 {visit_id} 的来访记录")
            if not visit[0] or visit[1] is None:
                raise InvalidInput("该来访尚未登记，不能包案")
            if self.db.execute("SELECT 1 FROM leaders WHERE id = ?", (leader_id,)).fetchone() is None:
                raise NotFound(f"没有编号为 {leader_id} 的接访领导")
            if self.db.execute(
                "SELECT 1 FROM baoan WHERE visit_id = ? AND closed_at IS NULL", (visit_id,)
            ).fetchone():
                raise RuleViolation(f"{visit[0]} 已有未结的包案")
            stamp = self.clock.stamp()
            cursor = self.db.execute(
                "INSERT INTO baoan (visit_id, leader_id, unit, measures, due_date, assigned_by, assigned_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (visit_id, leader_id, unit, measures, due.isoformat(), actor, stamp),
            )
            baoan_id = inserted_id(cursor)
            audit.record(
                self.db, actor, "baoan.assign", f"visit:{visit_id}",
                {"baoan": baoan_id, "leader_id": leader_id, "unit": unit, "due_date": due.isoformat()},
                at=stamp,
            )
            return self.get(baoan_id)

    def close(self, baoan_id: int, result: str, actor: str, leader_id: int | None = None) -> Baoan:
        """The leader closes the 包案 with its result (seed 001: 一抓到底); it leaves the
        督办 list. `leader_id`: when given (the leader view), only their own 包案."""
        result = clean_text(result, "包案结果", MAX_RESULT, multiline=True)
        if not result:
            raise InvalidInput("结案须写明包案结果")
        with write_transaction(self.db):
            before = self.get(baoan_id)
            if leader_id is not None and before.leader_id != leader_id:
                raise RuleViolation("这不是您的包案，不能结案")
            if not before.open:
                raise InvalidInput("该包案已结案")
            stamp = self.clock.stamp()
            self.db.execute(
                "UPDATE baoan SET result = ?, closed_by = ?, closed_at = ? WHERE id = ?",
                (result, actor, stamp, baoan_id),
            )
            audit.record(self.db, actor, "baoan.close", f"visit:{before.visit_id}",
                         {"baoan": baoan_id}, at=stamp)
            return self.get(baoan_id)


def _baoan(row: tuple) -> Baoan:
    values = list(row)
    values[8] = dt.date.fromisoformat(values[8])
    return Baoan(*values)
