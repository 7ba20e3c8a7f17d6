"""What cannot be undone is confirmed first: 过号, 办结 and 转办 (issue 17)."""

from __future__ import annotations

from reception.counter.screens.console import ConsoleScreen
from reception.counter.screens.transfer import TransferScreen
from reception.queue.models import TicketState, leader_queue
from reception.queue.registration import RegistrationForm
from reception.staff_ui.confirm import ConfirmPrompt
from tests.counter.conftest import log_in, press, text_of
from tests.counter.test_console_together import duty_leader
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle


def status(app) -> str:
    return text_of(app.screen.status_line)


async def test_no_show_waits_for_enter_and_esc_leaves_the_visitor_called(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "x")
        assert isinstance(pilot.app.screen, ConfirmPrompt)
        assert "A001" in str(pilot.app.screen.question)
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ConsoleScreen)
        assert hall.get_ticket(ticket.id).state is TicketState.CALLED
        await press(pilot, "x", "enter")
        assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW
        assert "一分钟内可按 u 撤销" in status(pilot.app)


async def test_no_show_confirmed_with_a_tap_on_the_button(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "x")
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW


async def test_u_undoes_the_last_no_show_within_a_minute(make_app, hall, clock):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "u")
        assert "无可撤销" in status(pilot.app)
        await press(pilot, "n", "x", "enter")
        clock.advance(seconds=30)
        await press(pilot, "u")
        back = hall.get_ticket(ticket.id)
        assert (back.state, back.window) == (TicketState.CALLED, 1)
        assert status(pilot.app) == "已撤销 A001 号的过号，请接待"
        assert "A001" in text_of(pilot.app.screen.serving_panel)
        await press(pilot, "x", "enter")
        clock.advance(seconds=61)
        await press(pilot, "u")
        assert "过号已超过一分钟，不能撤销" in status(pilot.app)
        assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW


async def test_a_click_on_a_transfer_target_only_picks_it(make_app, hall):
    leader = duty_leader(hall)
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "t")
        screen = pilot.app.screen
        assert isinstance(screen, TransferScreen)
        last = screen.options.option_count - 1
        # Click the leader's line, as a finger would.
        await pilot.click("#transfer-targets", offset=(2, last + 2))  # a rule above the leaders
        await settle(pilot)
        assert pilot.app.screen is screen and screen.options.highlighted == last
        assert hall.get_ticket(ticket.id).queue == "A"
        assert hall.duty_leaders()[0].taken == 0  # no place used up by a slip
        assert "李局长" in text_of(screen.query_one("#transfer-picked"))
        await pilot.click("#transfer-confirm")
        await settle(pilot)
    assert hall.get_ticket(ticket.id).queue == leader_queue(leader)


async def test_finish_asks_and_esc_keeps_the_visit_open(make_app, hall, service):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "s")
        service.register(ticket.visit_id, RegistrationForm(
            purpose="申诉求决", category="环境污染", summary="排污", outcome="受理为信访事项",
            handling="交办", department="环保局"), "s")
        pilot.app.screen.refresh_from_db()
        await settle(pilot)
        await press(pilot, "f")
        assert isinstance(pilot.app.screen, ConfirmPrompt)
        await press(pilot, "escape")
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING
        await press(pilot, "f", "enter")
        assert hall.get_ticket(ticket.id).state is TicketState.DONE
