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
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from reception.queue.persons import mask_doc_number


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditLine:
    """An entry as a person reads it (`reception audit list`): `at` in the
    hall's time, and every 15- or 18-digit number (an ID number: a search by
    document, a username typed at a login) masked as staff lists mask it."""

    id: int
    at: datetime
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
    shown: tuple[str, str] | None = None,
) -> None:
    """The audit entry of a queue event, written by the core beside the event in
    the same transaction: a ticket's `ticket.<action>` names the ticket's number,
    queue and window; a schedule or appointment change names what it touched.
    `shown`: the ticket's (number, queue) when the caller holds them already
    (issuing a ticket is the kiosk's hot path: one read fewer)."""
    if ticket_id is not None:
        number, queue = shown or db.execute(
            "SELECT number, queue FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()
        named = {"number": number, "queue": queue, "window": window}
        record(db, actor, f"ticket.{action}", f"ticket:{ticket_id}", named, at=at)
        return
    subject = next(
        (f"{key}:{detail[key]}" for key in ("appointment", "reception_day") if key in detail),
        "schedule",
    )
    record(db, actor, action.replace("_", ".", 1), subject, detail, at=at)


# An ID number: 18 digits (the last may be X) or the old 15, not part of a longer run.
_ID_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")


def masked(value: Any) -> Any:
    """`value` with every ID-like number in its text masked (`persons.mask_doc_number`)."""
    if isinstance(value, str):
        return _ID_LIKE.sub(lambda m: mask_doc_number(m.group(0)), value)
    if isinstance(value, dict):
        return {masked(key): masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(item) for item in value]
    return value


def listing(
    db: sqlite_utils.Database,
    tz: ZoneInfo,
    since: date | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> list[AuditLine]:
    """Entries oldest first, from the start of the hall day `since`, by `actor`,
    and of `action` (exact, or every `ticket.*` for `ticket` / `ticket.*`)."""
    where: list[str] = []
    params: list[object] = []
    if actor is not None:
        where.append("actor = ?")
        params.append(actor)
    if action is not None:
        family = action.removesuffix(".*").removesuffix(".")
        where.append("(action = ? OR substr(action, 1, ?) = ?)")
        params += [action, len(family) + 1, family + "."]
    start = None
    if since is not None:
        start = datetime.combine(since, datetime.min.time(), tz)
        # A stamp's text sorts by its own zone's date; two days' margin covers any offset.
        where.append("at >= ?")
        params.append((since - timedelta(days=2)).isoformat())
    sql = "SELECT id, at, actor, action, subject, detail FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    lines = []
    for row in db.execute(sql + " ORDER BY id", params).fetchall():
        at = _when(row[1]).astimezone(tz)
        if start is not None and at < start:
            continue
        try:
            detail = json.loads(row[5])
        except ValueError:
            detail = {"text": row[5]}
        lines.append(AuditLine(row[0], at, masked(row[2]), row[3], masked(row[4]), masked(detail)))
    return lines


def _when(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_ROW = "SELECT id, at, actor, action, subject, detail FROM audit_log"


def written_after(live: sqlite_utils.Database, copy: sqlite3.Connection) -> list[tuple]:
    """The entries of `live` that the backup `copy` lacks, oldest first: those after
    the copy's newest (by id, or by time for a database restored meanwhile), less
    any the copy holds too. Read before a restore replaces `live`."""
    try:
        newest_id, newest_at = copy.execute("SELECT max(id), max(at) FROM audit_log").fetchone()
        kept: set[tuple] | None = None
    except sqlite3.OperationalError:  # a copy from before the audit log
        newest_id, newest_at, kept = None, None, set()
    if newest_id is None:
        return live.execute(_ROW + " ORDER BY id").fetchall()
    newest = max(_when(at) for (at,) in copy.execute(
        "SELECT at FROM audit_log WHERE at >= ?", (_earlier(newest_at),)
    ))
    later = [
        row for row in live.execute(_ROW + " WHERE id > ? OR at >= ? ORDER BY id",
                                    (newest_id, _earlier(newest_at))).fetchall()
        if row[0] > newest_id or _when(row[1]) > newest
    ]
    if kept is None and later:
        ids = [row[0] for row in later]
        kept = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            kept.update(copy.execute(
                _ROW + f" WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall())
    return [row for row in later if kept is None or row not in kept]


def carry(db: sqlite_utils.Database, rows: list[tuple]) -> None:
    """Append entries read by `written_after` to the restored log, in their order,
    with their own times (new ids: the restored log's own continue)."""
    for _id, at, actor, action, subject, detail in rows:
        db.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            (at, actor, action, subject, detail),
        )


def _earlier(stamp: str) -> str:
    """A text bound two days before `stamp`: stamps sort as text only within one zone."""
    return (_when(stamp) - timedelta(days=2)).date().isoformat()
