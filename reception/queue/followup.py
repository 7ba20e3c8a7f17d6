"""Call-backs (回访) of visitors whose ticket `close-day` ended unseen.

`reception close-day` ends the tickets an earlier hall day left waiting or
called and prints only their numbers (its output goes to the journal). Staff
then phone those visitors: this module lists such tickets not yet followed up,
with the lead visitor's phone masked; the full phone is read only by opening
one ticket, and that reading is audited like any full record. Marking a ticket
已回访 stores a short note once (never overwritten) and takes it off the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from reception.queue import audit
from reception.queue.errors import InvalidInput, NotFound
from reception.queue.store.connection import write_transaction
from reception.queue.text import clean_text

DEFAULT_DAYS = 7
NOTE_MAX = 200


def mask_phone(phone: str) -> str:
    """A phone number as a list may show it: the last four digits (and a mobile's
    first three) kept, the rest starred; short numbers wholly starred."""
    phone = phone.strip()
    if len(phone) <= 4:
        return "*" * len(phone)
    head = 3 if len(phone) >= 11 else 0
    return phone[:head] + "*" * (len(phone) - head - 4) + phone[-4:]


@dataclass(frozen=True)
class PendingCallBack:
    """One row of the list: no full phone, by design."""

    ticket_id: int
    hall_day: str
    number: str
    service: str  # the service code
    lead_name: str
    masked_phone: str
    closed_at: str
    state_before: str  # 'waiting' or 'called' when close-day ended it


@dataclass(frozen=True)
class CallBackRecord:
    """One opened ticket, with the lead visitor's full phone."""

    ticket_id: int
    visit_id: int
    person_id: int | None
    hall_day: str
    number: str
    service: str
    lead_name: str
    phone: str
    purpose: str
    closed_at: str
    state_before: str


def _select(join: str = "JOIN") -> str:
    return (
        "SELECT t.id, t.visit_id, p.id, t.hall_day, t.number, t.service,"
        " coalesce(p.name, ''), coalesce(p.phone, ''), v.purpose, e.at, coalesce(e.from_state, '')"
        f" FROM events e {join} tickets t ON t.id = e.ticket_id"
        " JOIN visits v ON v.id = t.visit_id"
        " LEFT JOIN visit_people vp ON vp.visit_id = v.id AND vp.role = 'lead'"
        " LEFT JOIN persons p ON p.id = vp.person_id"
        " WHERE e.action = 'close_day'"
        " AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.ticket_id = t.id)"
    )


def pending(db: sqlite_utils.Database, today: date, days: int = DEFAULT_DAYS) -> list[PendingCallBack]:
    """Tickets close-day ended on one of the last `days` days (today included) and
    not yet followed up, oldest hall day first."""
    if days < 1:
        raise ValueError("days must be at least 1")
    since = (today - timedelta(days=days - 1)).isoformat()
    # From the close-day events of those days (`events_close_day`), whatever the
    # history holds: CROSS JOIN keeps the planner from starting at the tickets
    # (issue 15). `at >= day` is `substr(at, 1, 10) >= day` for ISO stamps.
    rows = db.execute(
        _select("CROSS JOIN") + " AND e.at >= ? ORDER BY t.hall_day, t.id", (since,)
    ).fetchall()
    return [
        PendingCallBack(row[0], row[3], row[4], row[5], row[6], mask_phone(row[7]), row[9], row[10])
        for row in rows
    ]


def open_callback(db: sqlite_utils.Database, ticket_id: int, actor: str, at: str) -> CallBackRecord:
    """The full record of one pending ticket, for the call; the reading is audited."""
    with write_transaction(db):
        record = _pending_record(db, ticket_id)
        audit.record(
            db, actor, "callback.open",
            f"person:{record.person_id}" if record.person_id is not None else "person:-",
            {"ticket": record.ticket_id, "visit": record.visit_id}, at=at,
        )
    return record


def clean_note(note: str) -> str:
    """The note as stored: one line under the text policy (reception.queue.text);
    markup such as [bold] is kept as typed (screens show it literally)."""
    note = clean_text(note, "回访情况", NOTE_MAX)
    if not note:
        raise InvalidInput("请填写回访情况（例如：已电话联系，来访人表示另约时间）")
    return note


def mark_called_back(
    db: sqlite_utils.Database, ticket_id: int, note: str, actor: str, at: str
) -> None:
    """Record the call-back once; it leaves the list. A second marking is refused."""
    note = clean_note(note)
    with write_transaction(db):
        done = db.execute(
            "SELECT actor, at FROM callbacks WHERE ticket_id = ?", (ticket_id,)
        ).fetchone()
        if done is not None:
            raise InvalidInput(f"该号已由 {done[0]} 于 {done[1][:16].replace('T', ' ')} 回访")
        record = _pending_record(db, ticket_id)
        db.execute(
            "INSERT INTO callbacks (ticket_id, note, actor, at) VALUES (?, ?, ?, ?)",
            (ticket_id, note, actor, at),
        )
        audit.record(
            db, actor, "callback.mark", f"ticket:{ticket_id}",
            {"visit": record.visit_id, "number": record.number, "hall_day": record.hall_day},
            at=at,
        )


def note_of(db: sqlite_utils.Database, ticket_id: int) -> str | None:
    row = db.execute("SELECT note FROM callbacks WHERE ticket_id = ?", (ticket_id,)).fetchone()
    return row[0] if row else None


def _pending_record(db: sqlite_utils.Database, ticket_id: int) -> CallBackRecord:
    row = db.execute(_select() + " AND t.id = ? ORDER BY e.id DESC LIMIT 1", (ticket_id,)).fetchone()
    if row is None:
        raise NotFound("该号不在待回访名单中（可能已由他人回访）")
    return CallBackRecord(*row)
