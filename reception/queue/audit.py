"""The audit log (审计日志): who read or changed what, and when.

Issue 6 asks for every read of a person's full record and every change to be
logged. The log is append-only (triggers refuse UPDATE and DELETE), holds no
passwords, and keeps details as JSON so each caller says what matters.

`record` writes with a plain INSERT, so called inside a caller's write
transaction it commits or rolls back together with the change it describes;
called outside one it is a single autocommitted statement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict[str, Any] = field(default_factory=dict)


def record(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    at: str | None = None,
) -> None:
    """Append one entry. `subject` names what was touched, e.g. 'person:12'."""
    db.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (
            at or datetime.now(UTC).isoformat(timespec="microseconds"),
            actor,
            action,
            subject,
            json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        ),
    )


def entries(
    db: sqlite_utils.Database,
    *,
    subject: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """Newest first, filtered by whichever of subject, actor, action is given."""
    where: list[str] = []
    params: list[object] = []
    for column, value in (("subject", subject), ("actor", actor), ("action", action)):
        if value is not None:
            where.append(f"{column} = ?")  # column names are ours, values bound
            params.append(value)
    sql = "SELECT id, at, actor, action, subject, detail FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return [
        AuditEntry(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))
        for row in db.execute(sql, params).fetchall()
    ]


def record_event(
    db: sqlite_utils.Database,
    ticket_id: int | None,
    actor: str,
    action: str,
    window: int | None,
    detail: dict[str, Any],
    at: str,
) -> None:
    """The audit entry of a queue event, written by the core beside the event in
    the same transaction: a ticket's `ticket.<action>` names the ticket's number,
    queue and window; a schedule or appointment change names what it touched."""
    if ticket_id is not None:
        number, queue = db.execute(
            "SELECT number, queue FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()
        shown = {"number": number, "queue": queue, "window": window}
        record(db, actor, f"ticket.{action}", f"ticket:{ticket_id}", shown, at=at)
        return
    subject = next(
        (f"{key}:{detail[key]}" for key in ("appointment", "reception_day") if key in detail),
        "schedule",
    )
    record(db, actor, action.replace("_", ".", 1), subject, detail, at=at)
