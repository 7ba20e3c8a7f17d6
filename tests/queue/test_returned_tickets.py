"""The ticket a check-in or a call hands back is the ticket stored: the kiosk
prints it and the counter shows it without reading it again (the core builds it
from what it wrote), so every field must match the row (number, queue, state,
window, times, priority and its reason, booking, query code, counts)."""

import pytest

from reception.queue.models import CheckInRequest, leader_queue
from tests.helpers import visitor, walk_in
from tests.queue.test_rule_states import add_leader


def stored(hall, result):
    return hall.get_ticket(result.ticket.id)


def test_a_walk_in_gets_the_ticket_as_stored(hall):
    walk_in(hall, 1)
    second = walk_in(hall, 2, purpose="低保")
    assert second.ticket == stored(hall, second)
    assert second.ticket.number == "A002" and second.ahead == 1


def test_an_elderly_visitor_gets_the_stored_priority_and_reason(hall):
    result = hall.check_in(CheckInRequest(lead=visitor(1, birth_date="1940-01-01"), service="A"))
    assert result.ticket.priority and result.ticket.priority_reason.startswith("年满")
    assert result.ticket == stored(hall, result)


def test_a_booked_visitor_gets_the_leader_queue_as_stored(hall):
    leader = add_leader(hall)
    hall.book_appointment(leader, hall.clock.hall_day(), visitor(3), "staff")
    result = hall.check_in(CheckInRequest(lead=visitor(3), service="A"))
    assert result.ticket.queue == leader_queue(leader) and result.ticket.appointment
    assert result.ticket == stored(hall, result)


def test_first_and_repeat_visits_of_a_person_known_only_as_a_representative(hall, clock):
    group = hall.check_in(CheckInRequest(
        lead=visitor(1), representatives=(visitor(2),), group_size=6, service="A"))
    assert not group.repeat.is_repeat and group.ticket == stored(hall, group)
    clock.advance(days=1)
    # visitor 2 is stored already (as a representative): that visit counts
    alone = walk_in(hall, 2, service="B")
    assert alone.repeat.earlier_visits == 1 and alone.ticket == stored(hall, alone)


def test_every_transition_returns_the_ticket_as_stored(hall):
    first = walk_in(hall, 1).ticket
    walk_in(hall, 2)
    called = hall.call_next(1, "staff")
    assert called.id == first.id and called.window == 1 and called == hall.get_ticket(called.id)
    steps = [
        lambda t: hall.recall(t.id, "staff"),
        lambda t: hall.no_show(t.id, "staff"),
        lambda t: hall.requeue(t.id, "staff"),
        lambda t: hall.transfer(t.id, "B", "staff"),
        lambda t: hall.call_next(2, "staff"),
        lambda t: hall.start(t.id, "staff"),
        lambda t: hall.finish(t.id, "staff"),
    ]
    ticket = called
    for step in steps:
        ticket = step(ticket)
        assert ticket == hall.get_ticket(ticket.id)
    assert ticket.state.value == "done"
    moved = hall.get_ticket(first.id)
    assert moved.queue == "B" and moved.requeues == 1 and moved.recalls == 1


@pytest.mark.parametrize("mode", ["first", "interleave", "off"])
def test_a_leader_call_returns_the_ticket_as_stored(hall, mode):
    from dataclasses import replace

    from reception.config.sections import PrioritySettings

    hall.config = replace(hall.config, priority=PrioritySettings(mode=mode))
    leader = add_leader(hall)
    hall.check_in(CheckInRequest(lead=visitor(1), service="A", requested_leader_id=leader, appointment=True))
    called = hall.call_next_for_leader(leader, "李局长")
    assert called.queue == leader_queue(leader) and called == hall.get_ticket(called.id)
