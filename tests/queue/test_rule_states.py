"""Rule: the ticket life cycle; an illegal transition is refused, never half-applied."""

import pytest

from reception.queue.errors import IllegalTransition, InvalidInput, NotFound, RuleViolation
from reception.queue.models import CheckInRequest, TicketState, leader_queue
from tests.helpers import visitor, walk_in


def event_count(hall):
    return hall.db.execute("SELECT count(*) FROM events").fetchone()[0]


def test_full_life_cycle_is_logged(hall):
    ticket = walk_in(hall, 1).ticket
    called = hall.call_next(2, "张接待")
    assert called.state is TicketState.CALLED and called.window == 2
    hall.recall(ticket.id, "张接待")
    hall.start(ticket.id, "张接待")
    done = hall.finish(ticket.id, "张接待")
    assert done.state is TicketState.DONE
    actions = [(e.action, e.actor, e.to_state) for e in hall.events_for(ticket.id)]
    assert actions == [
        ("issue", "kiosk", "waiting"),
        ("call", "张接待", "called"),
        ("recall", "张接待", "called"),
        ("start", "张接待", "serving"),
        ("finish", "张接待", "done"),
    ]
    assert hall.get_ticket(ticket.id).recalls == 1


@pytest.mark.parametrize("action", ["start", "finish", "no_show", "recall", "requeue"])
def test_illegal_transition_from_waiting_changes_nothing(hall, action):
    ticket = walk_in(hall, 1).ticket
    before = event_count(hall)
    with pytest.raises(IllegalTransition, match="等候中"):
        getattr(hall, action)(ticket.id, "staff")
    assert hall.get_ticket(ticket.id) == ticket
    assert event_count(hall) == before


def test_finished_ticket_cannot_be_called_again(hall):
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    hall.finish(ticket.id, "staff")
    assert hall.call_next(1, "staff") is None
    with pytest.raises(IllegalTransition, match="接待结束"):
        hall.cancel(ticket.id, "staff")


def test_no_show_may_be_requeued_once_by_default(hall):
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "staff")
    hall.no_show(ticket.id, "staff")
    assert hall.requeue(ticket.id, "staff").state is TicketState.WAITING
    hall.call_next(1, "staff")
    hall.no_show(ticket.id, "staff")
    before = event_count(hall)
    with pytest.raises(RuleViolation, match="最多重排 1 次"):
        hall.requeue(ticket.id, "staff")
    assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW
    assert event_count(hall) == before


def add_leader(hall, name="李局长"):
    """A leader receiving today (a leader's queue exists only on their reception day)."""
    leader = hall.db.execute(
        "INSERT INTO leaders (name, post, fields) VALUES (?, '副局长', '城乡建设')", (name,)
    ).lastrowid
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, quota) VALUES (?, ?, 10)",
        (leader, hall.clock.hall_day()),
    )
    return leader


def test_transfer_to_a_leader_queue(hall):
    leader = add_leader(hall)
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    moved = hall.transfer(ticket.id, leader_queue(leader), "staff")
    assert moved.state is TicketState.WAITING and moved.leader_id == leader
    assert hall.call_next(1, "staff") is None  # no longer in the counter's queue
    called = hall.call_next_for_leader(leader, "李局长")
    assert called.id == ticket.id and called.window is None
    assert hall.recent_calls(1)[0].place == "领导接待室"


def test_transfer_to_another_service(hall):
    ticket = walk_in(hall, 1).ticket
    moved = hall.transfer(ticket.id, "B", "staff")
    assert moved.queue == "B"
    assert hall.call_next(4, "staff").id == ticket.id


@pytest.mark.parametrize("target", ["Z", "leader:999", "leader:x"])
def test_transfer_to_nowhere_is_refused(hall, target):
    ticket = walk_in(hall, 1).ticket
    with pytest.raises((InvalidInput, NotFound)):
        hall.transfer(ticket.id, target, "staff")
    assert hall.get_ticket(ticket.id).queue == "A"


def test_transfer_to_the_same_queue_is_refused(hall):
    ticket = walk_in(hall, 1).ticket
    with pytest.raises(InvalidInput, match="已在该队列"):
        hall.transfer(ticket.id, "A", "staff")


def test_cancel_takes_a_ticket_out_of_the_queue(hall):
    ticket = walk_in(hall, 1).ticket
    hall.cancel(ticket.id, "staff", reason="来访人离开")
    assert hall.call_next(1, "staff") is None
    assert hall.events_for(ticket.id)[-1].detail == {"reason": "来访人离开"}


def test_event_log_is_append_only(hall):
    import sqlite3

    walk_in(hall, 1)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        hall.db.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        hall.db.execute("DELETE FROM events")


def test_unknown_window_and_ticket(hall):
    with pytest.raises(NotFound, match="没有 9 号窗口"):
        hall.call_next(9, "staff")
    with pytest.raises(NotFound):
        hall.start(12345, "staff")


def test_appointment_for_a_leader_goes_straight_to_the_leader(hall):
    leader = add_leader(hall)
    hall.book_appointment(leader, hall.clock.hall_day(), visitor(1), "staff")
    result = hall.check_in(
        CheckInRequest(lead=visitor(1), service="C", requested_leader_id=leader, appointment=True)
    )
    assert result.ticket.queue == leader_queue(leader)
    assert hall.call_next_for_leader(leader, "李局长").id == result.ticket.id
