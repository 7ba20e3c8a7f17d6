"""A no-show marked by mistake can be taken back within a minute (issue 17)."""

import pytest

from reception.queue.errors import IllegalTransition, RuleViolation
from reception.queue.models import TicketState
from tests.helpers import walk_in


def test_undo_within_a_minute_calls_the_visitor_back_to_the_same_window(service, hall, clock):
    ticket = walk_in(hall, 1).ticket
    service.call_next(1, "liuyang")
    service.no_show(ticket.id, "liuyang")
    clock.advance(seconds=59)
    back = service.undo_no_show(ticket.id, "liuyang")
    assert back.state is TicketState.CALLED and back.window == 1
    assert [e.action for e in service.events_for(ticket.id)][-2:] == ["no_show", "undo_no_show"]
    audited = hall.db.execute(
        "SELECT actor, action FROM audit_log WHERE action LIKE '%undo_no_show%'"
    ).fetchall()
    assert audited and audited[-1][0] == "liuyang"


def test_after_a_minute_the_undo_is_refused_in_chinese(service, hall, clock):
    ticket = walk_in(hall, 1).ticket
    service.call_next(1, "s")
    service.no_show(ticket.id, "s")
    clock.advance(seconds=61)
    with pytest.raises(RuleViolation, match="过号已超过一分钟，不能撤销"):
        service.undo_no_show(ticket.id, "s")
    assert service.get_ticket(ticket.id).state is TicketState.NO_SHOW


def test_no_undo_once_the_window_called_someone_else(service, hall):
    first = walk_in(hall, 1).ticket
    walk_in(hall, 2)
    service.call_next(1, "s")
    service.no_show(first.id, "s")
    service.call_next(1, "s")
    with pytest.raises(RuleViolation, match="1 号窗口已叫 A002 号"):
        service.undo_no_show(first.id, "s")


def test_only_a_no_show_can_be_undone(service, hall):
    ticket = walk_in(hall, 1).ticket
    with pytest.raises(IllegalTransition, match="不能撤销过号"):
        service.undo_no_show(ticket.id, "s")
