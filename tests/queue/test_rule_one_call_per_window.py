"""A window holds one visitor at a time: the core refuses to call the next while
the window's called or served visitor is not dealt with (issue 17)."""

import pytest

from reception.queue.errors import RuleViolation
from reception.queue.models import TicketState
from tests.helpers import walk_in


def test_a_window_with_a_called_visitor_cannot_call_the_next(service, hall):
    first = walk_in(hall, 1).ticket
    walk_in(hall, 2)
    assert service.call_next(1, "s").id == first.id
    with pytest.raises(RuleViolation, match="请先处理当前的 A001 号"):
        service.call_next(1, "s")
    service.start(first.id, "s")
    with pytest.raises(RuleViolation, match="A001"):  # serving holds the window too
        service.call_next(1, "s")
    assert [t.state for t in service.tickets()] == [TicketState.SERVING, TicketState.WAITING]
    assert [e.action for e in service.events_for(first.id)] == ["issue", "call", "start"]


def test_after_a_no_show_or_a_transfer_the_window_calls_the_next(service, hall):
    first, second, third = (walk_in(hall, n).ticket for n in (1, 2, 3))
    service.call_next(1, "s")
    service.no_show(first.id, "s")
    assert service.call_next(1, "s").id == second.id
    service.transfer(second.id, "B", "s")
    assert service.call_next(1, "s").id == third.id


def test_another_window_is_not_held_up(service, hall):
    walk_in(hall, 1)
    walk_in(hall, 2)
    service.call_next(1, "s")
    assert service.call_next(2, "s").number == "A002"
