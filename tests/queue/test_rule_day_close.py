"""Every visit ends in a recorded state: tickets an earlier day left unseen are closed."""

from reception.queue.models import TicketState
from tests.helpers import walk_in


def test_close_ends_earlier_waiting_and_called_tickets_and_leaves_serving_ones(hall, clock):
    done = walk_in(hall, 1).ticket
    hall.call_next(1, "s")
    hall.start(done.id, "s")
    hall.finish(done.id, "s")
    serving = walk_in(hall, 2).ticket
    hall.call_next(1, "s")
    hall.start(serving.id, "s")
    called = walk_in(hall, 3).ticket
    hall.call_next(2, "s")
    waiting = walk_in(hall, 4).ticket
    clock.advance(days=1)
    today = walk_in(hall, 5).ticket

    assert [t.number for t in hall.unfinished_earlier()] == ["A002", "A003", "A004"]
    result = hall.close_earlier_days("close-day")
    assert [t.number for t in result.closed] == ["A003", "A004"]
    assert [t.number for t in result.still_serving] == ["A002"]
    assert hall.get_ticket(waiting.id).state is TicketState.CANCELLED
    assert hall.get_ticket(called.id).state is TicketState.CANCELLED
    assert hall.get_ticket(serving.id).state is TicketState.SERVING  # its counter finishes it
    assert hall.get_ticket(done.id).state is TicketState.DONE
    assert hall.get_ticket(today.id).state is TicketState.WAITING  # today is never touched
    last = hall.events_for(waiting.id)[-1]
    assert last.action == "close_day" and last.actor == "close-day"
    assert "闭厅时仍未接待" in last.detail["reason"]
    # Running it again changes nothing.
    again = hall.close_earlier_days("close-day")
    assert again.closed == [] and [t.number for t in again.still_serving] == ["A002"]


def test_nothing_to_close_on_a_fresh_day(hall):
    walk_in(hall, 1)
    assert hall.unfinished_earlier() == []
    assert hall.close_earlier_days("close-day").closed == []
