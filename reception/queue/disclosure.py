"""Opening a person's full document number, on purpose and on the record.

Lists and records show ID numbers masked (PIPL: sensitive personal
information, store it, show it masked). When a leader or staff member needs
the full number they ask for it; the core hands it out only together with an
audit entry saying who opened whose number, when, and for which visit.
"""

from __future__ import annotations

import sqlite_utils

from reception.queue import audit
from reception.queue.clock import Clock
from reception.queue.errors import NotFound
from reception.queue.store.connection import write_transaction

ACTION = "person.doc_number.open"


def open_doc_number(
    db: sqlite_utils.Database,
    person_id: int,
    actor: str,
    clock: Clock,
    visit_id: int | None = None,
) -> str:
    """The full document number ("" if the person has none); the opening is audited."""
    with write_transaction(db):
        row = db.execute(
            "SELECT doc_type, doc_number FROM persons WHERE id = ?", (person_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {person_id} 的来访人")
        detail: dict = {"doc_type": row[0]}
        if visit_id is not None:
            detail["visit_id"] = visit_id
        audit.record(db, actor, ACTION, f"person:{person_id}", detail, at=clock.stamp())
    return row[1] or ""
