"""A person's earlier visits, found by document number (历史来访).

Staff see what the person raised before and what became of it, so a repeat
visit is not registered as if it were new. Reading this is reading the
person's record: the caller's name goes to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from reception.queue import audit
from reception.queue.documents import normalise_document
from reception.queue.errors import InvalidInput
from reception.queue.matter_state import CLOSED_STATES, REGISTERED, matter_state
from reception.queue.persons import find_by_document
from reception.queue.text import clean_text

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class PastVisit:
    visit_id: int
    hall_day: str
    number: str  # the ticket number that day, "" if none
    role: str  # "lead" or "representative"
    purpose: str
    category: str
    summary: str
    outcome: str  # "" while not registered
    handling: str
    department: str
    case_number: str
    handle_deadline: str | None
    concluded_at: str | None
    rating: str = ""  # the visitor's latest 满意度评价, "" when none
    mark_reason: str = ""  # why that visit came again or skipped a level, "" when none
    state: str = ""  # the matter's state (matter_state): 已受理, 已答复, 已办结, 不予受理, …

    @property
    def progress(self) -> str:
        """What became of the matter, for a history line: its state where the
        outcome does not already say it, and the handling deadline while open
        (一个已登记未受理的事项 says nothing more; 已办结 only when concluded)."""
        parts = [self.state] if self.state not in ("", self.outcome, REGISTERED) else []
        if self.handle_deadline and self.state not in CLOSED_STATES:
            parts.append(f"办结期限 {self.handle_deadline}")
        return "；".join(parts)


def visits_of_person(
    db: sqlite_utils.Database,
    person_id: int,
    *,
    before_visit: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[PastVisit]:
    """Newest first; `before_visit` leaves out that visit and later ones."""
    rows = db.execute(
        "SELECT v.id, v.hall_day, coalesce(t.number, ''), vp.role, v.purpose, v.category,"
        " v.summary, v.outcome, v.handling, v.department, coalesce(v.case_number, ''),"
        " v.handle_deadline, v.concluded_at, v.satisfaction, v.mark_reason,"
        " v.notified_at, v.handle_extended, v.reply_at"
        " FROM visit_people vp JOIN visits v ON v.id = vp.visit_id"
        " LEFT JOIN tickets t ON t.visit_id = v.id"
        " WHERE vp.person_id = ? AND (? IS NULL OR vp.visit_id < ?)"
        # The index's own order (visit_people_person): the newest `limit` are read,
        # not every visit of a visitor who came 200 times.
        " ORDER BY vp.visit_id DESC LIMIT ?",
        (person_id, before_visit, before_visit, limit),
    ).fetchall()
    return [_past(row) for row in rows]


def _past(row: tuple) -> PastVisit:
    (visit_id, day, number, role, purpose, category, summary, outcome, handling, department, case_number,
     handle_deadline, concluded_at, rating, mark_reason, notified_at, extended, reply_at) = row
    return PastVisit(
        visit_id, day, number, role, purpose, category, summary, outcome, handling, department,
        case_number, handle_deadline, concluded_at, rating or "", mark_reason or "",
        state=matter_state(outcome or "", notified_at, bool(extended), concluded_at, reply_at),
    )


def visits_by_document(
    db: sqlite_utils.Database,
    doc_type: str,
    doc_number: str,
    actor: str,
    *,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
) -> list[PastVisit]:
    """Every stored visit of the person with this document (empty if none); audited."""
    doc_type, doc_number = normalise_document(doc_type, doc_number)
    person = find_by_document(db, doc_type, doc_number)
    audit.record(
        db, actor, "person.history", f"person:{person.id}" if person else "person:-",
        {"found": person is not None}, at=at,
    )
    if person is None:
        return []
    return visits_of_person(db, person.id, limit=limit)


def earlier_visits_of_lead(
    db: sqlite_utils.Database, visit_id: int, actor: str, *, limit: int = DEFAULT_LIMIT,
    at: str | None = None,
) -> list[PastVisit]:
    """The earlier visits of this visit's lead visitor (the counter's history panel); audited."""
    row = db.execute(
        "SELECT person_id FROM visit_people WHERE visit_id = ? AND role = 'lead'", (visit_id,)
    ).fetchone()
    if row is None:
        return []
    audit.record(db, actor, "person.history", f"person:{row[0]}", {"visit": visit_id}, at=at)
    return visits_of_person(db, row[0], before_visit=visit_id, limit=limit)


@dataclass(frozen=True)
class HandRegistered:
    """A person stored without a document (手工登记), to be matched to one later."""

    person_id: int
    name: str
    phone: str
    visits: int
    last_day: str
    last_summary: str


def hand_registered(
    db: sqlite_utils.Database,
    name: str,
    actor: str,
    *,
    limit: int = DEFAULT_LIMIT,
    at: str | None = None,
) -> list[HandRegistered]:
    """People registered by hand whose name contains `name`, latest visit first; audited
    (the ids found, not the name typed: that is the person's data)."""
    # Searched as stored (reception.queue.text), so "张\u200b三" finds 张三.
    name = clean_text(name, "姓名", 100)
    if not name:
        raise InvalidInput("请输入姓名（或其中几个字）")
    rows = db.execute(
        "SELECT p.id, p.name, p.phone, count(v.id), coalesce(max(v.hall_day), ''),"
        " coalesce((SELECT v2.summary FROM visit_people vp2 JOIN visits v2 ON v2.id = vp2.visit_id"
        "   WHERE vp2.person_id = p.id ORDER BY v2.id DESC LIMIT 1), '')"
        " FROM persons p LEFT JOIN visit_people vp ON vp.person_id = p.id"
        " LEFT JOIN visits v ON v.id = vp.visit_id"
        " WHERE p.doc_number IS NULL AND instr(p.name, ?) > 0"
        " GROUP BY p.id ORDER BY max(v.id) DESC, p.id DESC LIMIT ?",
        (name, limit),
    ).fetchall()
    found = [HandRegistered(*row) for row in rows]
    audit.record(db, actor, "person.search", "person:-",
                 {"hand_registered": True, "found": [item.person_id for item in found]}, at=at)
    return found
