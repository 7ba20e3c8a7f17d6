"""The duty leader's talk with a visitor (接谈记录) and the instruction (批示).

On a reception day the leader talks with each visitor routed to them, writes
down what was said, and may instruct a department to handle the matter by a
date. One record per visit and leader, edited in place until the leader is
done; every save is in the audit log together with the change itself (same
transaction), naming the fields that changed, never their contents (petition
contents stay in the record, not copied into the log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from reception.queue import audit
from reception.queue.clock import Clock
from reception.queue.deadlines import EXTENSION_DAYS, HANDLE_DAYS
from reception.queue.errors import InvalidInput, NotFound, RuleViolation
from reception.queue.models import leader_queue
from reception.queue.store.connection import write_transaction
from reception.queue.text import clean_text

MAX_NOTES = 4000
MAX_INSTRUCTION = 2000
MAX_DEPARTMENT = 60
# 条例 Art. 34: 60 days to handle, extendable once by 30. A 批示 asking for
# more than that would set a date the law does not allow.
MAX_DUE_DAYS = HANDLE_DAYS + EXTENSION_DAYS

_FIELDS = ("notes", "instruction", "department", "due_date")


@dataclass(frozen=True)
class TalkForm:
    """What the leader typed; strings as entered, checked by `Talks.save`."""

    notes: str
    instruction: str = ""
    department: str = ""
    due_date: str = ""  # YYYY-MM-DD (or YYYY/M/D); empty when there is no instruction


@dataclass(frozen=True)
class Talk:
    id: int
    visit_id: int
    leader_id: int
    notes: str
    instruction: str
    department: str
    due_date: dt.date | None
    recorded_by: str
    created_at: str
    updated_at: str

    @property
    def form(self) -> TalkForm:
        return TalkForm(
            self.notes, self.instruction, self.department,
            self.due_date.isoformat() if self.due_date else "",
        )


_COLUMNS = (
    "id, visit_id, leader_id, notes, instruction, department, due_date, recorded_by,"
    " created_at, updated_at"
)


class Talks:
    def __init__(self, db: sqlite_utils.Database, clock: Clock):
        self.db = db
        self.clock = clock

    def get(self, visit_id: int, leader_id: int) -> Talk | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM talks WHERE visit_id = ? AND leader_id = ?",
            (visit_id, leader_id),
        ).fetchone()
        return _talk(row) if row else None

    def save(self, visit_id: int, leader_id: int, form: TalkForm, actor: str) -> Talk:
        """Create or update the leader's record of the visit; InvalidInput in Chinese."""
        with write_transaction(self.db) as db:
            visit_day = self._visit_day_for_leader(visit_id, leader_id)
            clean = clean_form(form, today=self.clock.today(), visit_day=visit_day)
            before = self.get(visit_id, leader_id)
            stamp = self.clock.stamp()
            values = {
                "notes": clean.notes,
                "instruction": clean.instruction,
                "department": clean.department,
                "due_date": clean.due_date or None,
            }
            if before is None:
                db.execute(
                    "INSERT INTO talks (visit_id, leader_id, notes, instruction, department,"
                    " due_date, recorded_by, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (visit_id, leader_id, *values.values(), actor, stamp, stamp),
                )
                changed = [key for key in _FIELDS if values[key]]
                action = "talk.create"
            else:
                old = before.form
                changed = [key for key in _FIELDS if (values[key] or "") != getattr(old, key)]
                if not changed:
                    return before
                db.execute(
                    "UPDATE talks SET notes = ?, instruction = ?, department = ?, due_date = ?,"
                    " recorded_by = ?, updated_at = ? WHERE id = ?",
                    (*values.values(), actor, stamp, before.id),
                )
                action = "talk.update"
            audit.record(
                db, actor, action, f"visit:{visit_id}",
                {
                    "leader_id": leader_id,
                    "fields": changed,
                    # Which department and by when are the office's own routing, not
                    # the visitor's personal data: kept so 督办 can follow them up.
                    "department": clean.department,
                    "due_date": clean.due_date,
                },
                at=stamp,
            )
        talk = self.get(visit_id, leader_id)
        assert talk is not None
        return talk

    def _visit_day_for_leader(self, visit_id: int, leader_id: int) -> dt.date:
        row = self.db.execute(
            "SELECT v.hall_day, t.queue, v.requested_leader_id FROM visits v"
            " LEFT JOIN tickets t ON t.visit_id = v.id WHERE v.id = ?",
            (visit_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {visit_id} 的来访记录")
        day, queue, requested = row
        if queue != leader_queue(leader_id) and requested != leader_id:
            raise RuleViolation("该来访人未分派给您接谈，不能记录接谈")
        return dt.date.fromisoformat(day)


def clean_form(form: TalkForm, today: dt.date, visit_day: dt.date) -> TalkForm:
    notes = _text(form.notes, "接谈记录", MAX_NOTES, multiline=True)
    instruction = _text(form.instruction, "批示内容", MAX_INSTRUCTION, multiline=True)
    department = _text(form.department, "承办部门", MAX_DEPARTMENT, multiline=False)
    due = parse_date(form.due_date)
    if not notes:
        raise InvalidInput("接谈记录不能为空，请写明接谈情况")
    if instruction:
        if not department:
            raise InvalidInput("批示须写明承办部门")
        if due is None:
            raise InvalidInput("批示须写明办理时限（日期，如 2026-12-10）")
    elif department or due is not None:
        raise InvalidInput("填写了承办部门或办理时限，请同时填写批示内容")
    if due is not None:
        if due < today:
            raise InvalidInput(f"办理时限 {due.isoformat()} 早于今天，请重新填写")
        latest = visit_day + dt.timedelta(days=MAX_DUE_DAYS)
        if due > latest:
            raise InvalidInput(
                f"办理时限不能晚于 {latest.isoformat()}"
                f"（《信访工作条例》第三十四条：{HANDLE_DAYS} 日内办结，"
                f"延长不超过 {EXTENSION_DAYS} 日）"
            )
    return TalkForm(notes, instruction, department, due.isoformat() if due else "")


def parse_date(typed: str) -> dt.date | None:
    """YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日; None when empty."""
    text = typed.strip()
    if not text:
        return None
    for mark in ("年", "月", "/", "."):
        text = text.replace(mark, "-")
    text = text.replace("日", "")
    parts = text.split("-")
    try:
        if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
            raise ValueError
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidInput(
            f"办理时限“{typed.strip()[:20]}”不是有效日期，请按 2026-12-10 的格式填写"
        ) from None


def _text(value: str, label: str, limit: int, multiline: bool) -> str:
    """The text policy (reception.queue.text): a line break in a one-line field is a space."""
    return clean_text(value, label, limit, multiline=multiline)


def _talk(row: tuple) -> Talk:
    values = list(row)
    values[6] = dt.date.fromisoformat(values[6]) if values[6] else None
    return Talk(*values)
