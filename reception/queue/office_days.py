"""The office's own closures and openings (`reception hours close/open`), stored by day.

One row per day the office has spoken about: `open` 0 closes the hall that day
(with a reason), 1 opens a day the calendar would close. The rule that reads
them is `reception.queue.hours`; the facade writes them with their audit entry.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import sqlite_utils

from reception.queue.hours import OfficeDay


def between(db: sqlite_utils.Database, first: date, last: date) -> dict[date, OfficeDay]:
    """The office's entries from `first` to `last` (inclusive). A database not yet
    migrated (the display's read-only view of an older file) has none."""
    try:
        rows = db.execute(
            "SELECT day, open, reason, actor, at FROM office_days WHERE day BETWEEN ? AND ? ORDER BY day",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}
        raise
    return {date.fromisoformat(row[0]): OfficeDay(date.fromisoformat(row[0]), bool(row[1]), *row[2:]) for row in rows}


def upcoming(db: sqlite_utils.Database, first: date) -> list[OfficeDay]:
    return list(between(db, first, date.max).values())


def put(db: sqlite_utils.Database, entry: OfficeDay) -> None:
    db.execute(
        "INSERT INTO office_days (day, open, reason, actor, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET open = excluded.open, reason = excluded.reason,"
        " actor = excluded.actor, at = excluded.at",
        (entry.day.isoformat(), int(entry.open), entry.reason, entry.actor, entry.at),
    )


def remove(db: sqlite_utils.Database, day: date) -> bool:
    cursor = db.execute("DELETE FROM office_days WHERE day = ?", (day.isoformat(),))
    return bool(cursor.rowcount)
