"""The visitor's rating of how the visit was handled (满意度评价; seed 002).

A visitor rates with the query code from their slip, at the kiosk's progress
lookup, once the visit is finished. Each rating is a ticket event (the
append-only log keeps every one, with who and when); the visit's
`satisfaction` column, in the schema since 0001, holds the latest, which counts.
"""

from __future__ import annotations

import sqlite_utils

from reception.queue.errors import InvalidInput

RATINGS = ("满意", "基本满意", "不满意")


def check_rating(rating: str) -> str:
    if rating not in RATINGS:
        raise InvalidInput(f"评价只能是：{'、'.join(RATINGS)}")
    return rating


def set_rating(db: sqlite_utils.Database, visit_id: int, rating: str) -> None:
    """Make `rating` the visit's rating; the caller logs it as a ticket event."""
    db.execute("UPDATE visits SET satisfaction = ? WHERE id = ?", (check_rating(rating), visit_id))


def latest_rating(db: sqlite_utils.Database, visit_id: int) -> str:
    """The visit's rating that counts, or "" when the visitor has not rated."""
    row = db.execute("SELECT satisfaction FROM visits WHERE id = ?", (visit_id,)).fetchone()
    return row[0] if row else ""
