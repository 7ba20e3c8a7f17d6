"""Two lives, two vocabularies: the ticket's state and the matter's (信访事项).

DOMAIN.md, "The case after the counter" (seed 000 办件程序; seed 001
件件有着落,事事有回音): the visit ends at the window, the matter does not.
A ticket is waited, called, served and ended (`TICKET_STATES`, the labels of
`models.TicketState`, written down once in `models.STATE_LABELS`); a matter is
registered, accepted or not, handled, replied to and concluded
(`MATTER_STATES`, derived here from the visit's columns and nowhere else).
Never show a ticket's end as the matter's 办结.

The reply (已答复) is recorded by the written-reply part of the case desk in
`visits.reply_at`; this module reads it only when the column is there, so it
works on a database without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from reception.queue.errors import InvalidInput, NotFound
from reception.queue.models import STATE_LABELS, TicketState
from reception.queue.registration.form import ACCEPTED, NO_MORE, NOT_ACCEPTED, STATUTORY

TICKET_STATES = tuple(STATE_LABELS[state] for state in TicketState)

REGISTERED = "已登记"
ACCEPTED_STATE = "已受理"
NOT_ACCEPTED_STATE = "不予受理"
STATUTORY_STATE = "已告知法定途径"
HANDLING = "办理中"
EXTENDED = "已延期"
REPLIED = "已答复"
CONCLUDED = "已办结"
NO_MORE_STATE = "不再受理"
MATTER_STATES = (
    REGISTERED, ACCEPTED_STATE, NOT_ACCEPTED_STATE, STATUTORY_STATE, HANDLING, EXTENDED,
    REPLIED, CONCLUDED, NO_MORE_STATE,
)
# Outcomes that end the matter at the decision: told on the spot, nothing to handle.
_DECIDED = {NOT_ACCEPTED: NOT_ACCEPTED_STATE, STATUTORY: STATUTORY_STATE, NO_MORE: NO_MORE_STATE}
# The matter is over: the visitor may rate its handling (seed 002 满意度评价).
CLOSED_STATES = (CONCLUDED, NOT_ACCEPTED_STATE, STATUTORY_STATE, NO_MORE_STATE)


def matter_state(
    outcome: str,
    notified_at: str | None = None,
    handle_extended: bool = False,
    concluded_at: str | None = None,
    reply_at: str | None = None,
) -> str:
    """The matter's state from the visit's columns (DOMAIN.md, "The case after the
    counter": registered, accepted or not, handled, replied to, concluded).

    已办结 only for an accepted matter whose handling is concluded: a ticket that
    ended at the window is not a concluded matter.
    """
    if outcome in _DECIDED:
        return _DECIDED[outcome]
    if outcome != ACCEPTED:
        return REGISTERED  # recorded at check-in (or as a draft), nothing decided yet
    if concluded_at:
        return CONCLUDED
    if reply_at:
        return REPLIED
    if handle_extended:
        return EXTENDED
    if notified_at:
        return HANDLING
    return ACCEPTED_STATE


def state_of_row(row: Mapping[str, Any]) -> str:
    """`matter_state` of a visits row read as a mapping (reply_at read if present)."""
    return matter_state(
        row.get("outcome") or "",
        row.get("notified_at"),
        bool(row.get("handle_extended")),
        row.get("concluded_at"),
        row.get("reply_at"),
    )


# The columns the two states and the kiosk's progress lookup read: on a PostgreSQL
# hall the kiosk's account reads only these of a visit (store.pg_roles), never `*`.
STATE_COLUMNS = (
    "registered_at", "case_number", "outcome", "handle_deadline", "notified_at",
    "handle_extended", "concluded_at", "reply_at", "handling_rating",
)


def visit_row(
    db: sqlite_utils.Database, visit_id: int, columns: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The visit's `columns` (default: all) by name (the names come from the cursor)."""
    wanted = ", ".join(columns) if columns else "*"  # our own column names
    cursor = db.execute(f"SELECT {wanted} FROM visits WHERE id = ?", (visit_id,))
    row = cursor.fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {visit_id} 的来访记录")
    return dict(zip([item[0] for item in cursor.description], row, strict=True))


def state_of_visit(db: sqlite_utils.Database, visit_id: int) -> str:
    return state_of_row(visit_row(db, visit_id, STATE_COLUMNS))


def is_closed(state: str) -> bool:
    return state in CLOSED_STATES


def check_handling_rating(state: str) -> None:
    """The handling is rated once the matter is concluded (DOMAIN.md, Satisfaction;
    seed 002 接受群众满意度评价), not when the ticket ends."""
    if not is_closed(state):
        raise InvalidInput(f"事项办结后才能评价办理情况（目前：{state}）")
