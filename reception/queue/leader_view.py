"""What the duty leader's screen reads: today's queue, the day, finishing a talk.

The leader's queue is `leader:<id>`; tickets come in the core's calling order
(appointments first, then priority, then arrival), active ones before those
already seen. Each row carries the lead visitor's name (the leader is handling
the matter, so the name is theirs to see; the document number is not in it)
and whether the talk has been recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from reception.queue.errors import RuleViolation
from reception.queue.hall import Hall
from reception.queue.models import Ticket, TicketState, leader_queue
from reception.queue.registration import Registrations
from reception.queue.schedule import (
    Leader,
    ReceptionDay,
    day_of_leader,
    get_leader,
    next_day_of_leader,
)
from reception.queue.states import next_state
from reception.queue.talks import Talks

_SHOWN_FIRST = {TicketState.SERVING: 0, TicketState.CALLED: 1, TicketState.WAITING: 2}


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    lead_name: str
    group_size: int
    is_repeat: bool
    talk_recorded: bool


@dataclass(frozen=True)
class LeaderDay:
    leader: Leader
    today: ReceptionDay | None  # None: not a reception day of this leader
    next: ReceptionDay | None  # the next published one after today


def leader_day(hall: Hall, leader_id: int) -> LeaderDay:
    day = hall.clock.hall_day()
    return LeaderDay(
        get_leader(hall.db, leader_id),
        day_of_leader(hall.db, leader_id, day),
        next_day_of_leader(hall.db, leader_id, day),
    )


def queue_rows(hall: Hall, leader_id: int) -> list[QueueRow]:
    """Today's tickets routed to the leader: serving, called, waiting (in calling order), then the rest."""
    tickets = hall.tickets(queues=[leader_queue(leader_id)])
    if not tickets:
        return []
    marks = ", ".join("?" for _ in tickets)
    visit_ids = [t.visit_id for t in tickets]
    details = {
        row[0]: row[1:]
        for row in hall.db.execute(
            "SELECT v.id, coalesce(p.name, ''), v.group_size, v.is_repeat,"
            " EXISTS (SELECT 1 FROM talks k WHERE k.visit_id = v.id AND k.leader_id = ?)"
            " FROM visits v"
            " LEFT JOIN visit_people vp ON vp.visit_id = v.id AND vp.role = 'lead'"
            " LEFT JOIN persons p ON p.id = vp.person_id"
            f" WHERE v.id IN ({marks})",
            (leader_id, *visit_ids),
        ).fetchall()
    }
    rows = [
        QueueRow(t, *_row_detail(details.get(t.visit_id, ("", 1, 0, 0)))) for t in tickets
    ]
    # sorted() is stable: within each group the core's calling order stays.
    return sorted(rows, key=lambda row: _SHOWN_FIRST.get(row.ticket.state, 3))


def asked_for_at_counter(hall: Hall, leader_id: int) -> int:
    """Today's visitors who asked for the leader at the kiosk and are still with the counters.

    A walk-in is registered at a counter first and then transferred (only a
    booked visitor goes straight to the leader's queue), so the leader is told
    how many more are on their way.
    """
    (count,) = hall.db.execute(
        "SELECT count(*) FROM tickets t JOIN visits v ON v.id = t.visit_id"
        " WHERE t.hall_day = ? AND v.requested_leader_id = ? AND t.queue != ?"
        f" AND t.state IN ({', '.join('?' for _ in _SHOWN_FIRST)})",
        (hall.clock.hall_day(), leader_id, leader_queue(leader_id), *(s.value for s in _SHOWN_FIRST)),
    ).fetchone()
    return count


def _row_detail(values: tuple) -> tuple[str, int, bool, bool]:
    name, group_size, repeat, talked = values
    return name, group_size, bool(repeat), bool(talked)


def finish_talk(hall: Hall, talks: Talks, ticket: Ticket, leader_id: int, actor: str) -> Ticket:
    """End the talk; refused until the talk is recorded and the visit registered
    with its outcome (件件有着落: no visit ends unrecorded). A booked visitor comes
    straight here without a counter's registration, so the leader registers them."""
    check_finish_talk(hall, talks, ticket, leader_id)
    return hall.finish(ticket.id, actor)


def check_finish_talk(hall: Hall, talks: Talks, ticket: Ticket, leader_id: int) -> None:
    """Refuse (in Chinese, naming what is missing) a talk that cannot end yet; the
    leader view asks this before its "结束接谈？" question."""
    if ticket.queue != leader_queue(leader_id):
        raise RuleViolation(f"{ticket.number} 号不在您的接访队列中")
    next_state("finish", ticket.state, ticket.number)
    if talks.get(ticket.visit_id, leader_id) is None:
        raise RuleViolation(f"请先填写 {ticket.number} 号的接谈记录，再结束接谈")
    Registrations(hall.db, hall.config, hall.clock).check_can_finish(ticket)
