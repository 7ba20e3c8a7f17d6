"""After the talk ends the ID number is masked again; toasts keep off the buttons (issue 17)."""

from __future__ import annotations

from textual.widgets import Button
from textual.widgets._toast import Toast, ToastRack  # where the screen keeps its toasts

from reception.leader.app import create_app
from reception.queue.models import TicketState
from reception.queue.registration import RegistrationForm
from reception.queue.talks import TalkForm
from tests.leader.conftest import route_to_leader
from tests.leader.test_leader_app import ID_NUMBER, SIZE, open_queue, text_of
from tests.staff_ui.helpers import settle, until


async def test_the_full_id_number_is_masked_again_after_f(hall, service, leader_user, leader_id):
    ticket = route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        for key in ("n", "s", "o"):
            await pilot.press(key)
            await settle(pilot)
        assert ID_NUMBER in text_of(screen.visit_panel)
        service.register(ticket.visit_id, RegistrationForm(
            purpose="申诉求决", category="城市服务管理", summary="电梯停运", outcome="受理为信访事项",
            handling="交办", department="县住建局"), "counter1")
        service.save_talk(ticket.visit_id, leader_id, TalkForm("已接谈"), "lijuzhang")
        screen.refresh_queue()
        await settle(pilot)
        for key in ("f", "enter"):
            await pilot.press(key)
            await settle(pilot)
        assert hall.get_ticket(ticket.id).state is TicketState.DONE
        await until(pilot, lambda: "1101**********0019" in text_of(screen.visit_panel))
        assert ID_NUMBER not in text_of(screen.visit_panel)


async def test_toasts_do_not_cover_the_action_buttons(hall, service, leader_user, leader_id):
    route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # toasts drawn
        screen = await open_queue(hall, pilot)
        await pilot.press("n")
        await settle(pilot)
        rack = screen.get_child_by_type(ToastRack)
        await until(pilot, lambda: any(toast.region.height for toast in rack.query(Toast)))
        toasts = list(rack.query(Toast))
        buttons = [button.region for button in screen.query(Button)]
        for toast in toasts:
            for region in buttons:
                assert not toast.region.overlaps(region), (toast.region, region)
