"""The ticket store: reading tickets, visits and their events, and writing the event log.

Plain functions of a connection, one query each, returning the core's value
types (`reception.queue.models`): the hall's jobs (`reception.queue.hall`) ask
here instead of writing the same SELECT in several places, and a second engine
has one file of ticket queries to answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from reception.config.sections import PrioritySettings
from reception.queue import ordering
from reception.queue.errors import NotFound
from reception.queue.models import ACTIVE_STATES, Event, RepeatInfo, Ticket, TicketState

TICKET_COLUMNS = (
    "t.id, t.visit_id, t.hall_day, t.service, t.number, t.queue, t.state, t.priority,"
    " t.priority_reason, t.appointment, t.issued_at, t.queued_at, t.called_at, t.window,"
    " t.recalls, t.requeues, v.query_code, t.printed_at, t.print_error"
)
TICKET_FROM = "tickets t JOIN visits v ON v.id = t.visit_id"

# The conditions of the partial indexes of migration 1501, written as there:
# SQLite uses a partial index only for a query that repeats its condition, with
# literals (a bound parameter does not match). tests/queue/test_query_plans.py
# checks that each query below reads its index.
WAITING = "state = 'waiting'"
OPEN_STATES = "('waiting', 'called', 'serving')"
assert OPEN_STATES == "(" + ", ".join(f"'{state.value}'" for state in ACTIVE_STATES) + ")"
assert WAITING == f"state = '{TicketState.WAITING.value}'"
DEFAULT_RULES = PrioritySettings()


def ticket_from_row(row: Sequence[Any]) -> Ticket:
    (
        id_, visit_id, day, service, number, queue, state, priority, reason, appointment,
        issued_at, queued_at, called_at, window, recalls, requeues, query_code, printed_at,
        print_error,
    ) = row
    return Ticket(
        id=id_,
        visit_id=visit_id,
        hall_day=day,
        service=service,
        number=number,
        queue=queue,
        state=TicketState(state),
        priority=bool(priority),
        priority_reason=reason,
        appointment=bool(appointment),
        issued_at=issued_at,
        queued_at=queued_at,
        called_at=called_at,
        window=window,
        recalls=recalls,
        requeues=requeues,
        query_code=query_code,
        printed_at=printed_at,
        print_error=print_error,
    )


def get(db: sqlite_utils.Database, ticket_id: int) -> Ticket:
    row = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE t.id = ?", (ticket_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {ticket_id} 的票")
    return ticket_from_row(row)


def by_number(db: sqlite_utils.Database, day: str, number: str) -> Ticket | None:
    row = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE t.hall_day = ? AND t.number = ?",
        (day, number),
    ).fetchone()
    return ticket_from_row(row) if row else None


def by_query_code(db: sqlite_utils.Database, code: str) -> Ticket | None:
    row = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE v.query_code = ?", (code,)
    ).fetchone()
    return ticket_from_row(row) if row else None


def active_for(
    db: sqlite_utils.Database, doc_type: str, doc_number: str | None, day: str
) -> Ticket | None:
    """The ticket a person holds on `day` (as lead or representative), if any.

    Read by (person, visit id) from `visit_people_person`, starting at the day's
    first visit id (`visits_day`): every visit of `day` has an id at least that,
    and since ids grow with time only that day's visits of the person are read,
    not all their earlier ones (issue 15: a visitor with 200 visits).
    """
    if not doc_number:
        return None
    row = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM visit_people vp"
        " CROSS JOIN tickets t ON t.visit_id = vp.visit_id"
        " JOIN visits v ON v.id = t.visit_id"
        " WHERE vp.person_id = (SELECT id FROM persons WHERE doc_type = ? AND doc_number = ?)"
        " AND vp.visit_id >= (SELECT min(id) FROM visits WHERE hall_day = ?)"
        f" AND t.hall_day = ? AND t.state IN {OPEN_STATES}"
        " ORDER BY t.id DESC LIMIT 1",
        (doc_type, doc_number, day, day),
    ).fetchone()
    return ticket_from_row(row) if row else None


def ahead(db: sqlite_utils.Database, ticket: Ticket, rules: PrioritySettings = DEFAULT_RULES) -> int:
    """Waiting tickets called before this one; 0 once it is no longer waiting."""
    if ticket.state is not TicketState.WAITING:
        return 0
    where = f"hall_day = ? AND queue = ? AND {WAITING}"
    day_queue = (ticket.hall_day, ticket.queue)
    if rules.mode == ordering.OFF:
        (count,) = db.execute(
            f"SELECT count(*) FROM tickets WHERE {where} AND {ordering.ANY_RUN} AND {ordering.ARRIVED_BEFORE}",
            (*day_queue, ticket.queued_at, ticket.id),
        ).fetchone()
        return count
    (count,) = db.execute(
        f"SELECT count(*) FROM tickets WHERE {where} AND {ordering.AHEAD_OF}",
        (*day_queue, int(ticket.appointment), int(ticket.priority), ticket.queued_at, ticket.id),
    ).fetchone()
    if rules.mode != ordering.INTERLEAVE:
        return count
    (walk_ins,) = db.execute(
        f"SELECT count(*) FROM tickets WHERE {where} AND {ordering.WALK_IN_SIDE}", day_queue
    ).fetchone()
    (priority_waiting,) = db.execute(
        f"SELECT count(*) FROM tickets WHERE {where} AND {ordering.PRIORITY_SIDE}", day_queue
    ).fetchone()
    side = ordering.is_priority_side(ticket.appointment, ticket.priority)
    # In the `first` order a priority ticket has only priority ones ahead of it;
    # a walk-in has every priority one and the walk-ins who came before it.
    rank = count if side else count - priority_waiting
    return ordering.calls_before(
        side, rank, priority_waiting, walk_ins, turn_of(db, ticket.hall_day, ticket.queue),
        rules.priority_turns, rules.walk_in_turns,
    )


def head_of(
    db: sqlite_utils.Database, day: str, queues: Sequence[str], rules: PrioritySettings = DEFAULT_RULES
) -> Ticket | None:
    """The waiting ticket called next from these queues.

    Each queue's head is the first entry of an index in calling order
    (`tickets_queue_order`; when priority is off, the earliest of its four runs'
    heads): a few short reads per queue, however long the queue, where one ORDER
    BY over several queues would sort every waiting ticket. In interleave mode a
    queue's head is the head of the side whose turn it is.
    """
    heads = []
    for queue in dict.fromkeys(queues):
        row = _queue_head(db, day, queue, rules)
        if row is not None:
            appointment, priority, queued_at, id_ = row[:4]
            heads.append((ordering.head_key(appointment, priority, queued_at, id_, mode=rules.mode), row[4:]))
    return ticket_from_row(min(heads)[1]) if heads else None


# A queue's head with the whole ticket (the call needs it all): the order key
# first, then the columns of TICKET_COLUMNS, read from `tickets` alone so the
# ORDER BY terms and the index conditions stay the unqualified ones of ordering.py.
_HEAD_SELECT = (
    "SELECT appointment, priority, queued_at, id,"
    " id, visit_id, hall_day, service, number, queue, state, priority, priority_reason,"
    " appointment, issued_at, queued_at, called_at, window, recalls, requeues,"
    " (SELECT v.query_code FROM visits v WHERE v.id = tickets.visit_id), printed_at, print_error"
    f" FROM tickets WHERE hall_day = ? AND queue = ? AND {WAITING}"
)


def _queue_head(
    db: sqlite_utils.Database, day: str, queue: str, rules: PrioritySettings
) -> tuple[Any, ...] | None:
    if rules.mode == ordering.OFF:
        heads = [
            db.execute(
                f"{_HEAD_SELECT} AND {ordering.RUN} ORDER BY {ordering.order_by(rules.mode)} LIMIT 1",
                (day, queue, appointment, priority),
            ).fetchone()
            for appointment, priority in ordering.RUNS
        ]
        return min((row for row in heads if row is not None),
                   key=lambda row: ordering.key(row[0], row[1], row[2], row[3], mode=ordering.OFF), default=None)
    first = db.execute(
        f"{_HEAD_SELECT} ORDER BY {ordering.order_by(rules.mode)} LIMIT 1", (day, queue)
    ).fetchone()
    if first is None or rules.mode != ordering.INTERLEAVE:
        return first
    if not ordering.is_priority_side(first[0], first[1]):
        return first  # nobody on the priority side
    walk_in = db.execute(
        f"{_HEAD_SELECT} AND {ordering.WALK_IN_SIDE} ORDER BY {ordering.order_by()} LIMIT 1", (day, queue)
    ).fetchone()
    if walk_in is None:
        return first
    take_priority = ordering.next_side(
        turn_of(db, day, queue), rules.priority_turns, rules.walk_in_turns, True, True
    )
    return first if take_priority else walk_in


def turn_of(db: sqlite_utils.Database, day: str, queue: str) -> ordering.Turn:
    """Whose turn it is in a queue (interleave mode): the side of its last call."""
    row = db.execute(
        "SELECT priority, streak FROM queue_turns WHERE hall_day = ? AND queue = ?", (day, queue)
    ).fetchone()
    return ordering.Turn(bool(row[0]), row[1]) if row else ordering.Turn()


def record_turn(db: sqlite_utils.Database, day: str, queue: str, priority: bool) -> None:
    """A call from `queue` took a ticket of this side (inside the call's transaction)."""
    turn = turn_of(db, day, queue).after(priority)
    db.execute(
        "INSERT INTO queue_turns (hall_day, queue, priority, streak) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (hall_day, queue) DO UPDATE SET priority = excluded.priority,"
        " streak = excluded.streak",
        (day, queue, int(priority), turn.streak),
    )


def of_day(
    db: sqlite_utils.Database,
    day: str,
    queues: Iterable[str] | None = None,
    states: Iterable[TicketState] | None = None,
    rules: PrioritySettings = DEFAULT_RULES,
) -> list[Ticket]:
    """A day's tickets, the waiting ones in calling order."""
    clauses, params = ["t.hall_day = ?"], [day]
    if queues is not None:
        queues = list(queues)
        clauses.append(f"t.queue IN ({', '.join('?' for _ in queues)})")
        params.extend(queues)
    if states is not None:
        state_values = [TicketState(s).value for s in states]
        clauses.append(f"t.state IN ({', '.join('?' for _ in state_values)})")
        params.extend(state_values)
    rows = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE {' AND '.join(clauses)}"
        f" ORDER BY {ordering.order_by(rules.mode, 't')}",
        params,
    ).fetchall()
    found = [ticket_from_row(row) for row in rows]
    if rules.mode == ordering.INTERLEAVE:
        found = _interleaved(db, day, found, rules)
    return found


def _interleaved(db: sqlite_utils.Database, day: str, found: list[Ticket], rules: PrioritySettings) -> list[Ticket]:
    """`found` with its waiting tickets put in the order call-next takes them."""
    waiting = [ticket for ticket in found if ticket.state is TicketState.WAITING]
    by_queue: dict[str, list[Ticket]] = {}
    for ticket in waiting:
        by_queue.setdefault(ticket.queue, []).append(ticket)
    lists = []
    for queue, queued in by_queue.items():
        side = [t for t in queued if ordering.is_priority_side(t.appointment, t.priority)]
        rest = [t for t in queued if not ordering.is_priority_side(t.appointment, t.priority)]
        lists.append(ordering.arrange(side, rest, turn_of(db, day, queue), rules.priority_turns,
                                      rules.walk_in_turns))
    order = iter(ordering.merge_queues(lists, lambda t: ordering.head_key(
        int(t.appointment), int(t.priority), t.queued_at, t.id, ordering.INTERLEAVE)))
    return [next(order) if ticket.state is TicketState.WAITING else ticket for ticket in found]


def serving_in(db: sqlite_utils.Database, day: str, queue: str) -> str | None:
    """The number of the day's ticket being served from `queue` (a leader's talk), if any.

    Read from `tickets_at_window` (its condition repeated as written there): the
    day's called and serving tickets, a handful, never the day's whole queue."""
    row = db.execute(
        "SELECT number FROM tickets WHERE hall_day = ? AND state IN ('called', 'serving')"
        " AND queue = ? AND state = 'serving' ORDER BY id LIMIT 1",
        (day, queue),
    ).fetchone()
    return row[0] if row else None


def held_at_window(db: sqlite_utils.Database, day: str, window: int) -> str | None:
    """The number of the day's ticket called to or being served at `window`, if any."""
    row = db.execute(
        # The condition of the index `tickets_at_window` (migration 1902) as written
        # there: the day's open tickets alone would read every waiting ticket too.
        "SELECT number FROM tickets WHERE hall_day = ? AND window = ?"
        " AND state IN ('called', 'serving') ORDER BY called_at DESC, id DESC LIMIT 1",
        (day, window),
    ).fetchone()
    return row[0] if row else None


def next_seq(db: sqlite_utils.Database, day: str, service: str) -> int:
    """The next ticket number of `service` on `day` (inside the check-in's write transaction).

    SQLite: one writer at a time (BEGIN IMMEDIATE), so the day's highest plus
    one, read from the (hall_day, service, seq) key, cannot be taken twice, and
    costs one index look-up. PostgreSQL (several kiosk PCs): the counter row,
    raised and locked by one upsert until the check-in commits; a missing row
    starts from the day's tickets (a hall moved from SQLite mid-day).
    """
    if getattr(db.conn, "engine", "sqlite") == "postgresql":
        (seq,) = db.execute(
            "INSERT INTO ticket_counters (hall_day, service, last_seq)"
            " SELECT ?, ?, coalesce(max(seq), 0) + 1 FROM tickets WHERE hall_day = ? AND service = ?"
            " ON CONFLICT (hall_day, service) DO UPDATE SET last_seq = ticket_counters.last_seq + 1"
            " RETURNING last_seq",
            (day, service, day, service),
        ).fetchone()
        return int(seq)
    (last,) = db.execute(
        "SELECT coalesce(max(seq), 0) FROM tickets WHERE hall_day = ? AND service = ?",
        (day, service),
    ).fetchone()
    return int(last) + 1


def waiting_counts(db: sqlite_utils.Database, day: str) -> dict[str, int]:
    rows = db.execute(
        f"SELECT queue, count(*) FROM tickets WHERE hall_day = ? AND {WAITING} GROUP BY queue",
        (day,),
    ).fetchall()
    return {queue: count for queue, count in rows}


def recent_calls(db: sqlite_utils.Database, day: str, limit: int) -> list[tuple[str, int | None, str, str]]:
    """(number, window, queue, at) of the latest calls and recalls, newest first.

    From the day's tickets to their events (CROSS JOIN fixes that order): walking
    the whole event log backwards from its end would read ten years of it on a
    morning before the first call.
    """
    return db.execute(
        "SELECT t.number, e.window, t.queue, e.at FROM tickets t"
        " CROSS JOIN events e ON e.ticket_id = t.id"
        " WHERE t.hall_day = ? AND e.action IN ('call', 'recall')"
        " ORDER BY e.id DESC LIMIT ?",
        (day, limit),
    ).fetchall()


def unfinished_before(db: sqlite_utils.Database, day: str) -> list[Ticket]:
    """Tickets of hall days before `day` still waiting, called or being served.

    Read from the two partial indexes that hold open tickets only, waiting
    (`tickets_queue_order`) and at a window or a leader (`tickets_at_window`),
    each condition written as there: a ten-year hall's done tickets are never read."""
    rows = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE t.{WAITING} AND t.hall_day < ?"
        f" UNION ALL SELECT {TICKET_COLUMNS} FROM {TICKET_FROM}"
        " WHERE t.state IN ('called', 'serving') AND t.hall_day < ?"
        " ORDER BY 3, 1",  # the day, then the id
        (day, day),
    ).fetchall()
    return [ticket_from_row(row) for row in rows]


def unrecorded_prints(db: sqlite_utils.Database, day: str, actor: str) -> list[Ticket]:
    """Tickets `actor` issued on `day` with neither a print nor a print failure recorded."""
    rows = db.execute(
        f"SELECT {TICKET_COLUMNS} FROM {TICKET_FROM}"
        " WHERE t.hall_day = ? AND t.printed_at IS NULL AND t.print_error IS NULL"
        " AND EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id"
        "   AND e.action = 'issue' AND e.actor = ?)"
        " ORDER BY t.id",
        (day, actor),
    ).fetchall()
    return [ticket_from_row(row) for row in rows]


def visit_repeat(db: sqlite_utils.Database, visit_id: int) -> RepeatInfo:
    earlier, last = db.execute(
        "SELECT earlier_visits, last_visit_day FROM visits WHERE id = ?", (visit_id,)
    ).fetchone()
    return RepeatInfo(earlier, last)


def visit_rule(db: sqlite_utils.Database, visit_id: int) -> str:
    (rule,) = db.execute(
        "SELECT representative_rule FROM visits WHERE id = ?", (visit_id,)
    ).fetchone()
    return rule


def events_for(db: sqlite_utils.Database, ticket_id: int) -> list[Event]:
    rows = db.execute(
        "SELECT id, ticket_id, at, actor, action, from_state, to_state, detail"
        " FROM events WHERE ticket_id = ? ORDER BY id",
        (ticket_id,),
    ).fetchall()
    return [Event(row[0], row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7])) for row in rows]


def last_event_at(db: sqlite_utils.Database, ticket_id: int, action: str) -> str | None:
    """When `action` last happened to the ticket (its events, by the ticket's index)."""
    row = db.execute(
        "SELECT max(at) FROM events WHERE ticket_id = ? AND action = ?", (ticket_id, action)
    ).fetchone()
    return row[0] if row else None


def insert_event(
    db: sqlite_utils.Database,
    ticket_id: int | None,
    at: str,
    actor: str,
    action: str,
    from_state: TicketState | None,
    to_state: TicketState | None,
    window: int | None,
    detail: dict[str, Any],
) -> None:
    """One row of the event log (call inside the write transaction of the change)."""
    db.execute(
        "INSERT INTO events (ticket_id, at, actor, action, from_state, to_state, window, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ticket_id,
            at,
            actor,
            action,
            from_state.value if from_state else None,
            to_state.value if to_state else None,
            window,
            json.dumps(detail, ensure_ascii=False),
        ),
    )
