"""The calling order within a queue, in one place.

Appointments first (预约优先), then priority (age at or above the configured
age, or a flag staff set), then order of arrival (按照先后顺序) — where a
requeued no-show arrives again at the moment it was requeued.
"""

from __future__ import annotations


def order_by(alias: str = "") -> str:
    """SQL ORDER BY terms for the tickets table (optionally aliased)."""
    p = f"{alias}." if alias else ""
    return f"{p}appointment DESC, {p}priority DESC, {p}queued_at ASC, {p}id ASC"


# Rows strictly ahead of a given (appointment, priority, queued_at, id): the
# same order as order_by(), written as one row-value comparison.
AHEAD_OF = "(-appointment, -priority, queued_at, id) < (-?, -?, ?, ?)"


def key(appointment: int, priority: int, queued_at: str, id_: int) -> tuple:
    """The same order as order_by() as a Python sort key (smallest is called first):
    call-next takes each queue's head from its index and compares them with this."""
    return (-appointment, -priority, queued_at, id_)
