"""Statutory deadlines of a petition matter (信访事项期限).

Source: 《信访工作条例》(2022) Art. 23 — the visitor is told within 15 days whether and where
the matter is accepted; Art. 34 — an accepted matter is handled within 60 days, extendable
once by up to 30 days with a written reason. The 条例 counts in days without excluding
holidays, so these are calendar days counted from the day after the visit (the visit day
itself is day 0), which is how the hall's own 督办 sheets count them (DOMAIN.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOTIFY_DAYS = 15  # Art. 23
HANDLE_DAYS = 60  # Art. 34
EXTENSION_DAYS = 30  # Art. 34, needs a written reason


class DeadlineError(ValueError):
    """A refused deadline change; `.message` is Chinese for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Deadlines:
    received: dt.date
    notify_by: dt.date
    handle_by: dt.date
    extended: bool = False
    extension_reason: str = ""


def compute(received: dt.date) -> Deadlines:
    """Deadlines for a matter received (accepted at the counter) on `received`."""
    return Deadlines(
        received=received,
        notify_by=received + dt.timedelta(days=NOTIFY_DAYS),
        handle_by=received + dt.timedelta(days=HANDLE_DAYS),
    )


def extend(deadlines: Deadlines, reason: str, days: int = EXTENSION_DAYS) -> Deadlines:
    """Extend handling once by at most 30 days; the 条例 demands a written reason
    (Art. 34: 延长期限不得超过30日; seed 000: 需要向信访部门提交书面状况说明)."""
    if deadlines.extended:
        raise DeadlineError("办理期限只能延长一次")
    reason = reason.strip()
    if not reason:
        raise DeadlineError("延期须写明理由")
    if not 1 <= days <= EXTENSION_DAYS:
        raise DeadlineError(f"延长期限须为 1 到 {EXTENSION_DAYS} 日（《信访工作条例》第三十四条）")
    return Deadlines(
        received=deadlines.received,
        notify_by=deadlines.notify_by,
        handle_by=deadlines.handle_by + dt.timedelta(days=days),
        extended=True,
        extension_reason=reason,
    )


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until `deadline`; negative once it has passed (for the 督办 list)."""
    return (deadline - today).days
