"""Appointments (预约) for a leader's reception day.

Staff book a visitor for a leader's day (at the counter or with the CLI); the
booking holds one of the day's places (see `quota.py`). When the visitor
arrives and checks in with their document, the booking is found by document
number, the ticket goes straight to the leader's queue with the appointment
flag, and appointments are called first there (`ordering.py`).

Storage only; `Hall` wraps these with its lock, clock and event log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlite_utils

from reception.queue import quota
from reception.queue.errors import IllegalTransition, InvalidInput, NotFound, RuleViolation
from reception.queue.models import PersonInput
from reception.queue.persons import clean_person, save_person
from reception.queue.schedule import ReceptionDay, get_day
from reception.queue.store.connection import inserted_id


class AppointmentState(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"booked": "已预约", "arrived": "已到场", "cancelled": "已取消"}[self.value]


@dataclass(frozen=True)
class Appointment:
    """A booking, for staff: it names the person (never shown in public)."""

    id: int
    reception: ReceptionDay
    person_id: int
    person_name: str
    doc_type: str
    doc_number: str | None
    phone: str
    state: AppointmentState
    ticket_id: int | None
    booked_by: str
    created_at: str


_COLUMNS = (
    "a.id, a.reception_day_id, a.person_id, p.name, p.doc_type, p.doc_number, p.phone,"
    " a.state, a.ticket_id, a.booked_by, a.created_at"
)
_FROM = "appointments a JOIN persons p ON p.id = a.person_id"


def _from_row(db: sqlite_utils.Database, row: tuple) -> Appointment:
    id_, day_id, person_id, name, doc_type, doc_number, phone, state, ticket_id, by, at = row
    return Appointment(
        id=id_,
        reception=get_day(db, day_id),
        person_id=person_id,
        person_name=name,
        doc_type=doc_type,
        doc_number=doc_number,
        phone=phone,
        state=AppointmentState(state),
        ticket_id=ticket_id,
        booked_by=by,
        created_at=at,
    )


def get(db: sqlite_utils.Database, appointment_id: int) -> Appointment:
    row = db.execute(f"SELECT {_COLUMNS} FROM {_FROM} WHERE a.id = ?", (appointment_id,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {appointment_id} 的预约")
    return _from_row(db, row)


def for_day(db: sqlite_utils.Database, reception_day_id: int, include_cancelled: bool = False) -> list[Appointment]:
    """A reception day's bookings in the order they were made."""
    where = "" if include_cancelled else " AND a.state != 'cancelled'"
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE a.reception_day_id = ?{where} ORDER BY a.created_at, a.id",
        (reception_day_id,),
    ).fetchall()
    return [_from_row(db, row) for row in rows]


def booked_on(db: sqlite_utils.Database, doc_type: str, doc_number: str | None, day: str) -> Appointment | None:
    """The person's booking (not yet arrived) for a reception day on `day`."""
    if not doc_number:
        return None
    row = db.execute(
        f"SELECT {_COLUMNS} FROM {_FROM} JOIN reception_days d ON d.id = a.reception_day_id"
        " WHERE p.doc_type = ? AND p.doc_number = ? AND d.day = ? AND a.state = 'booked'"
        " ORDER BY a.id LIMIT 1",
        (doc_type, doc_number, day),
    ).fetchone()
    return _from_row(db, row) if row else None


def book(
    db: sqlite_utils.Database,
    reception: ReceptionDay,
    person: PersonInput,
    actor: str,
    stamp: str,
    today: str,
) -> Appointment:
    """Book inside the caller's write transaction; refuses past days, doubles and a full day."""
    person = clean_person(person)
    if not person.doc_number:
        raise InvalidInput("预约须登记证件号码，来访人到场时凭证件核对")
    if reception.day < today:
        raise RuleViolation(f"{reception.day} 已过，不能再预约")
    row = db.execute(
        "SELECT d.day, l.name FROM appointments a"
        " JOIN persons p ON p.id = a.person_id"
        " JOIN reception_days d ON d.id = a.reception_day_id"
        " JOIN leaders l ON l.id = d.leader_id"
        " WHERE p.doc_type = ? AND p.doc_number = ? AND d.day = ? AND a.state != 'cancelled'",
        (person.doc_type, person.doc_number, reception.day),
    ).fetchone()
    if row is not None:
        raise RuleViolation(f"该来访人已预约 {row[0]} {row[1]} 的接访，同一天只能预约一次")
    quota.check_not_full(db, reception)
    stored = save_person(db, person, stamp)
    cursor = db.execute(
        "INSERT INTO appointments (reception_day_id, person_id, state, booked_by, created_at, updated_at)"
        " VALUES (?, ?, 'booked', ?, ?, ?)",
        (reception.id, stored.id, actor[:100], stamp, stamp),
    )
    return get(db, inserted_id(cursor))


def cancel(db: sqlite_utils.Database, appointment_id: int, stamp: str) -> Appointment:
    found = get(db, appointment_id)
    if found.state is not AppointmentState.BOOKED:
        raise IllegalTransition(f"第 {appointment_id} 号预约{found.state.label}，不能取消")
    db.execute(
        "UPDATE appointments SET state = 'cancelled', updated_at = ? WHERE id = ?",
        (stamp, appointment_id),
    )
    return get(db, appointment_id)


def booked_count_on(db: sqlite_utils.Database, day: str) -> int:
    """How many bookings (not cancelled, not yet arrived) any leader has on `day`."""
    (count,) = db.execute(
        "SELECT count(*) FROM appointments a JOIN reception_days d ON d.id = a.reception_day_id"
        " WHERE d.day = ? AND a.state = 'booked'",
        (day,),
    ).fetchone()
    return int(count)


def mark_arrived(db: sqlite_utils.Database, appointment_id: int, ticket_id: int, stamp: str) -> None:
    db.execute(
        "UPDATE appointments SET state = 'arrived', ticket_id = ?, updated_at = ?"
        " WHERE id = ? AND state = 'booked'",
        (ticket_id, stamp, appointment_id),
    )


def live_count(db: sqlite_utils.Database, reception_day_id: int) -> int:
    (count,) = db.execute(
        "SELECT count(*) FROM appointments WHERE reception_day_id = ? AND state != 'cancelled'",
        (reception_day_id,),
    ).fetchone()
    return count
