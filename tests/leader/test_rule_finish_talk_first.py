"""Rule: a leader finishes a talk before calling the next visitor (issue 17): one
rule in the core, refused in Chinese for the leader view and any other caller."""

from __future__ import annotations

import pytest

from reception.leader.app import create_app
from reception.queue.errors import RuleViolation
from reception.queue.models import TicketState
from tests.leader.conftest import route_to_leader
from tests.leader.test_leader_app import SIZE, open_queue
from tests.staff_ui.helpers import settle, until


def test_the_core_refuses_a_call_while_a_talk_goes_on(service, hall, leader_id):
    first = route_to_leader(hall, 1, leader_id)
    route_to_leader(hall, 2, leader_id)
    assert service.call_next_for_leader(leader_id, "lijuzhang").id == first.id
    service.start(first.id, "lijuzhang")
    with pytest.raises(RuleViolation) as refused:
        service.call_next_for_leader(leader_id, "lijuzhang")
    assert refused.value.message == f"{first.number} 号正在接谈，请先结束接谈再叫下一位"
    assert len(hall.tickets(states=[TicketState.WAITING])) == 1  # nobody was called
    assert [e.action for e in hall.events_for(first.id)][-1] == "start"


def test_a_called_visitor_who_has_not_come_in_does_not_block_the_next_call(service, hall, leader_id):
    first = route_to_leader(hall, 1, leader_id)
    second = route_to_leader(hall, 2, leader_id)
    service.call_next_for_leader(leader_id, "lijuzhang")
    assert service.call_next_for_leader(leader_id, "lijuzhang").id == second.id
    assert hall.get_ticket(first.id).state is TicketState.CALLED


def test_another_leaders_talk_does_not_block(service, hall, leader_id):
    from tests.leader.conftest import add_leader

    other = add_leader(hall, "王副局长")
    talking = route_to_leader(hall, 1, other)
    service.call_next_for_leader(other, "wang")
    service.start(talking.id, "wang")
    waiting = route_to_leader(hall, 2, leader_id)
    assert service.call_next_for_leader(leader_id, "lijuzhang").id == waiting.id


async def test_the_leader_view_shows_the_cores_refusal(hall, leader_user, leader_id, service):
    first = route_to_leader(hall, 1, leader_id)
    route_to_leader(hall, 2, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING
        await pilot.press("n")
        await settle(pilot)
        said = f"{first.number} 号正在接谈，请先结束接谈再叫下一位"
        await until(pilot, lambda: any(said in n.message for n in app._notifications))
        assert len(hall.tickets(states=[TicketState.WAITING])) == 1
