"""The counter's queue list says why a number jumps ahead (issue 17 item 6), and
a clerk marks a waiting visitor priority (残疾) with one key."""

from __future__ import annotations

from dataclasses import replace

from reception.config.sections import PrioritySettings
from reception.queue.models import CheckInRequest
from tests.counter.conftest import log_in, press
from tests.helpers import visitor, walk_in
from tests.staff_ui.helpers import screen_lines, settle


def queue_list(pilot) -> list[tuple[str, str]]:
    """(number, 标记) of each row of the queue list, top to bottom."""
    table = pilot.app.screen.queue_table
    return [(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[3])) for i in range(table.row_count)]


async def test_the_queue_list_marks_why_a_number_is_ahead(make_app, hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    hall.check_in(CheckInRequest(lead=visitor(2, birth_date="1950-03-01"), service="A"))
    clock.advance(minutes=1)
    walk_in(hall, 3, appointment=True)
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        assert queue_list(pilot) == [("A003", "预约"), ("A002", "优先：年满70周岁"), ("A001", "")]
        assert "优先：年满70周岁" in "\n".join(screen_lines(pilot.app))


async def test_with_priority_off_nobody_is_marked_ahead(make_app, hall, clock):
    hall.config = replace(hall.config, priority=PrioritySettings(mode="off"))
    walk_in(hall, 1)
    clock.advance(minutes=1)
    hall.check_in(CheckInRequest(lead=visitor(2, birth_date="1950-03-01"), service="A"))
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        assert queue_list(pilot) == [("A001", ""), ("A002", "")]


async def test_y_marks_the_selected_visitor_priority_for_a_disability(make_app, hall, clock):
    walk_in(hall, 1)
    clock.advance(minutes=1)
    walk_in(hall, 2)
    async with make_app().run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        pilot.app.screen.queue_table.move_cursor(row=1)
        await press(pilot, "y")
        assert pilot.app.screen.answer_input.value == "A002"  # the selected row
        await press(pilot, "enter")
        assert pilot.app.screen.answer_input.value == "残疾"  # the usual reason, ready
        await press(pilot, "enter")
        await settle(pilot)
        assert queue_list(pilot) == [("A002", "优先：残疾"), ("A001", "")]
        assert "A002 号已设为优先：残疾" in str(pilot.app.screen.status_line.render())


async def test_y_refuses_a_number_not_waiting_in_chinese(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "s")
    async with make_app(window=2).run_test(size=(120, 32)) as pilot:
        await log_in(pilot)
        await press(pilot, "y")
        pilot.app.screen.answer_input.value = ticket.number
        await press(pilot, "enter", "enter")
        await settle(pilot)
        assert "不在等候中" in str(pilot.app.screen.status_line.render())
