"""What a counter window shows: its waiting queue with the visit's flags, and
the ticket it is serving. Reads only; the counter front end polls this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reception.queue import matter_state, matters, ordering
from reception.queue.hall import Hall
from reception.queue.models import Ticket, TicketState
from reception.queue.persons import mask_doc_number


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    service_name: str
    waited_minutes: int
    group_size: int
    is_repeat: bool
    earlier_visits: int
    # Why the ticket is called before earlier arrivals (预约, 优先：年满70周岁, 优先：残疾),
    # as the hall's priority rules order it; "" when it is not.
    flags: str = ""


@dataclass(frozen=True)
class Serving:
    """The ticket at this window, with who holds it (document masked)."""

    ticket: Ticket
    service_name: str
    lead_name: str
    masked_doc: str
    person_id: int | None
    group_size: int
    is_repeat: bool
    earlier_visits: int
    registered: bool
    outcome: str = ""
    handling: str = ""
    handle_deadline: str | None = None
    notify_deadline: str | None = None
    concluded: bool = False
    mark_reason: str = ""  # why a repeat or skip-level visit came, once registered
    # 异常/过激言行 recorded at this person's visits (DOMAIN.md "The case after the counter").
    warnings: tuple[str, ...] = ()
    matter_state: str = ""  # the matter's state, beside the ticket's (two vocabularies)
    has_draft: bool = False  # a registration was kept as a draft (草稿), not yet registered


def queue_rows(hall: Hall, queues: Sequence[str], now: datetime | None = None) -> list[QueueRow]:
    """The waiting tickets of these queues, in calling order."""
    now = now or hall.clock.now()
    tickets = hall.tickets(queues=list(queues), states=[TicketState.WAITING])
    mode = hall.config.priority.mode
    flags = _visit_flags(hall, [ticket.visit_id for ticket in tickets])
    rows = []
    for ticket in tickets:
        group_size, is_repeat, earlier = flags.get(ticket.visit_id, (1, False, 0))
        queued = datetime.fromisoformat(ticket.queued_at)
        waited = max(0, int((now - queued).total_seconds() // 60))
        why = ordering.why_ahead(ticket.appointment, ticket.priority, ticket.priority_reason, mode)
        rows.append(QueueRow(ticket, hall.service_name(ticket.service), waited, group_size, is_repeat, earlier,
                             why))
    return rows


def serving_at(hall: Hall, window: int) -> Serving | None:
    """The ticket called to or being served at `window` today, newest first."""
    current = [
        ticket
        for ticket in hall.tickets(states=[TicketState.CALLED, TicketState.SERVING])
        if ticket.window == window
    ]
    if not current:
        return None
    ticket = max(current, key=lambda t: (t.called_at or "", t.id))
    return serving(hall, ticket)


def serving(hall: Hall, ticket: Ticket) -> Serving:
    row = hall.db.execute(
        "SELECT p.id, p.name, p.doc_number, v.group_size, v.is_repeat, v.earlier_visits,"
        " v.registered_at IS NOT NULL, v.outcome, v.handling, v.handle_deadline,"
        " v.notify_deadline, v.concluded_at IS NOT NULL, v.mark_reason"
        " FROM visits v LEFT JOIN visit_people vp ON vp.visit_id = v.id AND vp.role = 'lead'"
        " LEFT JOIN persons p ON p.id = vp.person_id WHERE v.id = ?",
        (ticket.visit_id,),
    ).fetchone()
    (person_id, name, doc, group_size, is_repeat, earlier, registered, outcome, handling, due,
     notify_due, concluded, mark_reason) = row
    return Serving(
        ticket=ticket,
        service_name=hall.service_name(ticket.service),
        lead_name=name or "",
        masked_doc=mask_doc_number(doc) or "（无证件）",
        person_id=person_id,
        group_size=group_size,
        is_repeat=bool(is_repeat),
        earlier_visits=earlier,
        registered=bool(registered),
        outcome=outcome,
        handling=handling,
        handle_deadline=due,
        notify_deadline=notify_due,
        concluded=bool(concluded),
        mark_reason=mark_reason,
        warnings=matters.warnings(hall.db, ticket.visit_id),
        matter_state=matter_state.state_of_visit(hall.db, ticket.visit_id),
        has_draft=hall.db.execute(
            "SELECT count(*) FROM registration_drafts WHERE visit_id = ?", (ticket.visit_id,)
        ).fetchone()[0] > 0,
    )


def _visit_flags(hall: Hall, visit_ids: list[int]) -> dict[int, tuple[int, bool, int]]:
    if not visit_ids:
        return {}
    marks = ", ".join("?" for _ in visit_ids)
    rows = hall.db.execute(
        f"SELECT id, group_size, is_repeat, earlier_visits FROM visits WHERE id IN ({marks})",
        visit_ids,
    ).fetchall()
    return {visit_id: (size, bool(repeat), earlier) for visit_id, size, repeat, earlier in rows}
