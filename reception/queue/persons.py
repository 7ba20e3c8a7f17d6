"""Visitors as stored people: find by document, record, look up history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import sqlite_utils

from reception.queue.errors import InvalidInput
from reception.queue.models import Person, PersonInput, RepeatInfo
from reception.queue.store.connection import inserted_id
from reception.queue.text import clean_text

MAX_FIELD = {
    "name": 100,
    "doc_type": 40,
    "doc_number": 40,
    "gender": 10,
    "ethnicity": 30,
    "birth_date": 10,
    "address": 200,
    "phone": 40,
    "work_unit": 200,
}
FIELD_LABELS = {
    "name": "姓名",
    "doc_type": "证件类型",
    "doc_number": "证件号码",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "address": "住址",
    "phone": "联系电话",
    "work_unit": "工作单位",
}


def clean_field(key: str, value: object) -> str:
    """One person field under the text policy (reception.queue.text) and its limit."""
    return clean_text(value, FIELD_LABELS[key], MAX_FIELD[key])


def clean_person(person: PersonInput) -> PersonInput:
    """Every field under the text policy; refuse empty names and overlong values."""
    values: dict[str, Any] = {}
    for key in MAX_FIELD:
        value = getattr(person, key)
        values[key] = None if value is None else clean_field(key, value)
    if not values["name"]:
        raise InvalidInput("姓名不能为空")
    if not values["doc_number"]:
        values["doc_number"] = None
    if not values["doc_type"]:
        raise InvalidInput("证件类型不能为空")
    return PersonInput(**values)


def mask_doc_number(number: str | None) -> str:
    """A document number as staff lists may show it (PIPL: store it, show it masked)."""
    if not number:
        return ""
    if len(number) <= 8:
        return number[:1] + "*" * (len(number) - 1)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def age_on(birth_date: str, day: date) -> int | None:
    """Whole years on `day`; None when the birth date is unknown or malformed."""
    try:
        born = date.fromisoformat(birth_date)
    except (TypeError, ValueError):
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def find_by_document(db: sqlite_utils.Database, doc_type: str, doc_number: str) -> Person | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM persons WHERE doc_type = ? AND doc_number = ?",
        (doc_type, doc_number),
    ).fetchone()
    return _person(row) if row else None


def get_person(db: sqlite_utils.Database, person_id: int) -> Person:
    row = db.execute(f"SELECT {_COLUMNS} FROM persons WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise KeyError(person_id)
    return _person(row)


def save_person(db: sqlite_utils.Database, person: PersonInput, stamp: str) -> Person:
    """Insert, or update the stored person with the same document.

    A card read is authoritative for what the card holds; a phone number or
    work unit left empty this time does not erase the one stored before.
    Visitors without a document are always new rows (staff match them later).
    """
    person = clean_person(person)
    return store_cleaned(db, person, stamp, stored_match(db, person))


def stored_match(db: sqlite_utils.Database, person: PersonInput) -> Person | None:
    """The stored person with the same document (none without a document)."""
    return find_by_document(db, person.doc_type, person.doc_number) if person.doc_number else None


def store_cleaned(db: sqlite_utils.Database, person: PersonInput, stamp: str, existing: Person | None) -> Person:
    """`save_person` for input `clean_person` has already passed, and its
    `stored_match` already looked up (check-in reads it first: nobody new can
    hold a ticket or a booking)."""
    fields = {key: getattr(person, key) for key in MAX_FIELD}
    if existing is None:
        cursor = db.execute(
            "INSERT INTO persons (doc_type, doc_number, name, gender, ethnicity, birth_date,"
            " address, phone, work_unit, created_at, updated_at)"
            " VALUES (:doc_type, :doc_number, :name, :gender, :ethnicity, :birth_date,"
            " :address, :phone, :work_unit, :stamp, :stamp)",
            {**fields, "stamp": stamp},
        )
        # The row holds exactly what was bound: no need to read it back.
        return Person(id=inserted_id(cursor), **fields)
    updates = {key: value for key, value in fields.items() if value}
    assignments = ", ".join(f"{key} = :{key}" for key in updates)
    db.execute(
        f"UPDATE persons SET {assignments}, updated_at = :stamp WHERE id = :id",
        {**updates, "stamp": stamp, "id": existing.id},
    )
    return replace(existing, **updates)


NO_EARLIER_VISITS = RepeatInfo(earlier_visits=0, last_visit_day=None)


def repeat_info(db: sqlite_utils.Database, person_id: int, before_visit: int | None = None) -> RepeatInfo:
    """Earlier visits of this person in any role (检索、判重).

    Visit ids grow with time, so the latest visit is the largest id: the
    count and the latest id come from the (person_id, visit_id) index alone,
    and only that one visit's row is read. This keeps the lookup as fast
    with a million stored visits as with a thousand (benchmarks/).
    """
    count, last_id = db.execute(
        "SELECT count(*), max(visit_id) FROM visit_people"
        " WHERE person_id = ? AND (? IS NULL OR visit_id < ?)",
        (person_id, before_visit, before_visit),
    ).fetchone()
    if not count:
        return NO_EARLIER_VISITS
    (last_day,) = db.execute("SELECT hall_day FROM visits WHERE id = ?", (last_id,)).fetchone()
    return RepeatInfo(earlier_visits=count, last_visit_day=last_day)


_COLUMNS = (
    "id, name, doc_type, doc_number, gender, ethnicity, birth_date, address, phone, work_unit"
)


def _person(row: tuple) -> Person:
    return Person(*row)
