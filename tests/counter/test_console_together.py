"""Counters side by side on one database file; transfers to a duty leader."""

from __future__ import annotations

import threading
import time

import pytest

from reception.queue.models import TicketState, leader_queue
from reception.queue.service import HallService
from tests.counter.conftest import log_in, press, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle


def duty_leader(hall, name="李局长", quota=5) -> int:
    cursor = hall.db.execute("INSERT INTO leaders (name, post) VALUES (?, '副局长')", (name,))
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, place, quota) VALUES (?, ?, '二楼接待室', ?)",
        (cursor.lastrowid, hall.clock.hall_day(), quota),
    )
    return cursor.lastrowid


async def test_two_counters_calling_at_once_never_get_the_same_ticket(make_app, hall, db_path, clock):
    """Window 1 is the console; window 2 is another process's connection calling
    as fast as it can from a thread at the same time."""
    for n in range(1, 31):
        walk_in(hall, n)
    # Its own service: its connection belongs to the thread that calls (issue 12).
    other = HallService(db_path, hall.config, clock)
    by_other: list[str] = []

    def other_counter() -> None:
        while (ticket := other.call_next(2, "wangfang")) is not None:
            by_other.append(ticket.number)
            other.no_show(ticket.id, "wangfang")
            time.sleep(0.02)  # a person's pace, so both windows get a share

    async with make_app(window=1).run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        thread = threading.Thread(target=other_counter)
        thread.start()
        by_console: list[str] = []
        while True:
            await press(pilot, "n")
            await settle(pilot)
            current = pilot.app.screen.current
            if current is None:
                break
            by_console.append(current.ticket.number)
            await press(pilot, "x", "enter")  # 过号, confirmed
            await settle(pilot)
        thread.join(timeout=10)
        assert by_console, "the console called nobody"
        assert not set(by_console) & set(by_other)
        assert sorted(by_console + by_other) == [f"A{n:03d}" for n in range(1, 31)]
        calls = hall.db.execute(
            "SELECT ticket_id, count(*) FROM events WHERE action = 'call' GROUP BY ticket_id"
        ).fetchall()
        assert len(calls) == 30 and {count for _, count in calls} == {1}
        pilot.app.screen.refresh_from_db()
        await settle(pilot)
        assert pilot.app.screen.queue_table.row_count == 0
    other.close()


async def test_a_ticket_called_elsewhere_leaves_this_queue_on_the_next_poll(make_app, hall):
    walk_in(hall, 1)
    walk_in(hall, 2)
    async with make_app(window=1).run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        assert pilot.app.screen.queue_table.row_count == 2
        hall.call_next(2, "someone")  # another counter
        pilot.app.screen.refresh_from_db()
        await settle(pilot)
        assert pilot.app.screen.queue_table.row_count == 1
        assert "A001" not in text_of(pilot.app.screen.serving_panel)


async def test_transfer_to_a_duty_leader_and_the_leader_calls_it(make_app, hall):
    leader = duty_leader(hall)
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "s", "t")
        await settle(pilot)
        options = pilot.app.screen.options
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # Named with the places left, apart from 领导接访 in general (issue 17).
        assert labels[-1] == "接访领导 李局长（副局长） 二楼接待室  剩余名额 5"
        options.highlighted = options.option_count - 1
        await press(pilot, "enter")
        await settle(pilot)
        assert text_of(pilot.app.screen.status_line) == "A001 号已转至：接访领导 李局长"
    moved = hall.get_ticket(ticket.id)
    assert (moved.queue, moved.state) == (leader_queue(leader), TicketState.WAITING)
    assert hall.duty_leaders()[0].taken == 1
    assert hall.call_next_for_leader(leader, "lijz").id == ticket.id


async def test_transfer_to_a_full_leader_is_refused_in_chinese(make_app, hall):
    leader = duty_leader(hall, quota=1)
    walk_in(hall, 2, requested_leader_id=leader, service="C")  # takes the only place
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "t")
        await settle(pilot)
        options = pilot.app.screen.options
        options.highlighted = options.option_count - 1
        await press(pilot, "enter")
        await settle(pilot)
        message = text_of(pilot.app.screen.status_line)
        assert message == "李局长今日接访名额（1 人）已满，请选择窗口接待或改日预约"
        assert pilot.app.is_running
    assert hall.get_ticket(ticket.id).queue == "A"


async def test_a_call_at_the_console_is_on_the_hall_display(make_app, db_path, config):
    """The console and the hall TV on one database file, as in the hall: the TV shows the
    number staff call, with the window. How soon (every call within half a second) is
    measured by benchmarks/bench_display_latency.py: a time bound here failed on a loaded
    CI machine (0.53 s) while the behaviour was right."""
    from reception.hall_display.app import create_app as create_display
    from reception.hall_display.settings import DisplaySettings
    from tests.hall_display.conftest import wait_for

    live_service = HallService(db_path, config)  # the real clock, which the display also reads
    live = live_service._hall
    walk_in(live, 1)
    display = create_display(db_path, config, DisplaySettings())
    async with display.run_test(size=(160, 45)) as tv:
        await wait_for(tv, lambda: display.boards_shown)
        assert display.current.number.value != "A001"
        async with make_app(service_=live_service).run_test(size=(120, 40)) as pilot:
            await log_in(pilot)
            await press(pilot, "n")
            await wait_for(tv, lambda: display.current.number.value == "A001")
            assert display.current.window.value == "1"
    live_service.close()


async def test_a_transfer_at_the_console_appears_in_the_leaders_view(make_app, hall, service, accounts):
    """Both apps on one database, as in the hall: staff press t and pick the leader; the
    leader's queue shows the visitor within a poll, and the leader calls them."""
    import inspect

    from reception.leader.app import create_app as create_leader_app
    from reception.leader.screens.queue_screen import QueueScreen
    from tests.staff_ui.helpers import settle

    if "service" not in inspect.signature(create_leader_app).parameters:
        # The shared staff screens take the HallService (issue 12 stage 2); the leader
        # view is converted in its own branch, which merges this one.
        pytest.skip("the leader view does not take the HallService yet")

    leader = duty_leader(hall)
    accounts.add("lijz", "leader pass 1", "leader", "李局长", leader_id=leader)
    ticket = walk_in(hall, 1).ticket
    leader_app = create_leader_app(service, poll_interval=0.1)
    async with leader_app.run_test(size=(120, 40)) as room:
        await log_in(room, "lijz", "leader pass 1")
        await settle(room)  # the login runs off the UI thread
        view = leader_app.screen
        assert isinstance(view, QueueScreen) and view.table.row_count == 0
        async with make_app().run_test(size=(120, 40)) as pilot:
            await log_in(pilot)
            await press(pilot, "n", "s", "t")
            await settle(pilot)
            options = pilot.app.screen.options
            options.highlighted = options.option_count - 1
            await press(pilot, "enter")
            await settle(pilot)
        for _ in range(50):
            if view.table.row_count:
                break
            await room.pause(0.05)
        assert [str(cell) for cell in view.table.get_row_at(0)][:4] == ["A001", "等候中", "", "来访人1"]
        await room.press("n")
        await settle(room)  # the leader's call runs off the UI thread
        assert hall.get_ticket(ticket.id).state is TicketState.CALLED
    assert {e.actor for e in hall.events_for(ticket.id)} >= {"liuyang", "lijz"}
