"""The leader's 过号 and 结束接谈 are asked first; u takes a mistaken 过号 back (issue 17)."""

from __future__ import annotations

from reception.leader.app import create_app
from reception.queue.models import TicketState
from reception.staff_ui.confirm import ConfirmPrompt
from tests.leader.conftest import route_to_leader
from tests.leader.test_leader_app import SIZE, open_queue
from tests.staff_ui.helpers import settle, until


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_no_show_is_asked_then_u_undoes_it(hall, service, leader_user, leader_id, clock):
    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await press(pilot, "n", "x")
        assert isinstance(app.screen, ConfirmPrompt)
        await press(pilot, "escape")
        assert app.screen is screen and hall.get_ticket(ticket.id).state is TicketState.CALLED
        await press(pilot, "x", "enter")
        assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW
        clock.advance(seconds=20)
        await press(pilot, "u")
        await until(pilot, lambda: hall.get_ticket(ticket.id).state is TicketState.CALLED)
        assert any("已撤销" in n for n in notices(app))


async def test_finish_before_the_talk_is_recorded_is_refused_without_asking(
        hall, service, leader_user, leader_id):
    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await press(pilot, "n", "s")
        app.clear_notifications()
        await press(pilot, "f")
        assert app.screen is screen
        assert f"请先填写 {ticket.number} 号的接谈记录，再结束接谈" in notices(app)
