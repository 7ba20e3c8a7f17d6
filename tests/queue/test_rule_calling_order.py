"""Rule: within a service, appointments, then priority, then order of arrival."""

from reception.queue.models import CheckInRequest
from tests.helpers import visitor, walk_in


def call_all(hall, window=1):
    """Call as a window does: each visitor is seen (started and finished) before the
    next call, since a window holds one visitor at a time (issue 17)."""
    called = []
    while (ticket := hall.call_next(window, "staff")) is not None:
        called.append(ticket.number)
        hall.start(ticket.id, "staff")
        hall.finish(ticket.id, "staff")
    return called


def test_arrival_order(hall, clock):
    for n in range(1, 4):
        walk_in(hall, n)
        clock.advance(minutes=1)
    assert call_all(hall) == ["A001", "A002", "A003"]


def test_elderly_visitor_goes_first_and_is_flagged(hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    elder = hall.check_in(CheckInRequest(lead=visitor(2, birth_date="1956-11-25"), service="A"))
    assert elder.ticket.priority and "70" in elder.ticket.priority_reason
    assert elder.ahead == 0
    assert call_all(hall) == ["A002", "A001"]


def test_one_day_short_of_the_priority_age_is_not_priority(hall):
    young = hall.check_in(CheckInRequest(lead=visitor(1, birth_date="1956-11-26"), service="A"))
    assert not young.ticket.priority


def test_appointment_before_priority_before_walk_in(hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    hall.check_in(CheckInRequest(lead=visitor(2, birth_date="1940-01-01"), service="A"))
    clock.advance(minutes=1)
    hall.check_in(CheckInRequest(lead=visitor(3), service="A", appointment=True))
    assert call_all(hall) == ["A003", "A002", "A001"]


def test_staff_set_priority(hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    second = walk_in(hall, 2)
    hall.prioritise(second.ticket.id, "残疾人", "staff")
    assert call_all(hall) == ["A002", "A001"]
    assert hall.events_for(second.ticket.id)[1].detail == {"reason": "残疾人"}


def test_ahead_count_follows_the_order(hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    second = walk_in(hall, 2)
    assert second.ahead == 1
    hall.call_next(1, "staff")
    assert hall.ahead_of(second.ticket) == 0


def test_window_calls_only_the_services_it_serves(hall, clock):
    walk_in(hall, 1, service="B")
    clock.advance(minutes=1)
    walk_in(hall, 2, service="A")
    assert call_all(hall, window=1) == ["A001"]
    assert call_all(hall, window=4) == ["B001"]


def test_requeued_no_show_goes_behind_those_waiting(hall, clock):
    first = walk_in(hall, 1)
    clock.advance(minutes=1)
    walk_in(hall, 2)
    hall.call_next(1, "staff")
    hall.no_show(first.ticket.id, "staff")
    clock.advance(minutes=1)
    walk_in(hall, 3)
    clock.advance(minutes=1)
    hall.requeue(first.ticket.id, "staff")
    assert call_all(hall) == ["A002", "A003", "A001"]
