"""The visitor's rating of how the visit was handled (满意度评价; seed 002).

A visitor rates with the query code from their slip, at the kiosk's progress
lookup, once the visit is finished. Ratings are appended, never overwritten: a
visitor who changes their mind adds a rating, and the latest one counts.
"""

from __future__ import annotations

import sqlite_utils

from reception.queue.errors import InvalidInput

RATINGS = ("满意", "基本满意", "不满意")


def check_rating(rating: str) -> str:
    if rating not in RATINGS:
        raise InvalidInput(f"评价只能是：{'、'.join(RATINGS)}")
    return rating


def add_rating(db: sqlite_utils.Database, visit_id: int, rating: str, actor: str, at: str) -> None:
    db.execute(
        "INSERT INTO satisfaction_ratings (visit_id, rating, actor, rated_at) VALUES (?, ?, ?, ?)",
        (visit_id, check_rating(rating), actor, at),
    )


def latest_rating(db: sqlite_utils.Database, visit_id: int) -> str:
    """The visit's rating that counts, or "" when the visitor has not rated."""
    row = db.execute(
        "SELECT rating FROM satisfaction_ratings WHERE visit_id = ? ORDER BY id DESC LIMIT 1",
        (visit_id,),
    ).fetchone()
    return row[0] if row else ""
