"""The counter sets how many still wait against the time the session has left (issue 19)."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import SHANGHAI
from tests.counter.conftest import log_in, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle


async def test_the_queue_heading_shows_the_time_left(make_app, hall, clock):
    for n in (1, 2, 3):
        walk_in(hall, n)
    clock.set(datetime(2026, 11, 25, 11, 15, tzinfo=SHANGHAI))
    async with make_app(window=1).run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        heading = pilot.app.screen.queue_title
        assert text_of(heading) == "等候队列（3 人）  12:00 结束，还剩 45 分钟"
        clock.set(datetime(2026, 11, 25, 11, 40, tzinfo=SHANGHAI))  # after the last number
        pilot.app.screen.refresh_from_db()
        await settle(pilot)
        assert text_of(heading) == "等候队列（3 人）  已停止取号，12:00 结束，还剩 20 分钟"
        clock.set(datetime(2026, 11, 25, 12, 5, tzinfo=SHANGHAI))
        pilot.app.screen.refresh_from_db()
        await settle(pilot)
        assert text_of(heading) == "等候队列（3 人）  午间休息"


def test_an_always_open_hall_counts_down_to_nothing():
    """`[hours] always = true` (demos, a 24-hour hall): no "00:00 结束" to count down to."""
    from reception.config.sections import HoursSettings
    from reception.counter.screens.console import queue_heading
    from reception.queue.hours import status

    now = status(HoursSettings(always=True), datetime(2026, 11, 25, 2, 30, tzinfo=SHANGHAI))
    assert queue_heading(4, now) == "等候队列（4 人）  全天接待"
