"""A counter on a PostgreSQL hall learns of another PC's change at once (issue 18):
LISTEN/NOTIFY, not its periodic read (30 s in these tests)."""

from __future__ import annotations

import pytest

from reception.queue.service import HallService
from tests.counter.conftest import PASSWORD, log_in
from tests.helpers import walk_in
from tests.staff_ui.helpers import until


@pytest.fixture
def pg_hall(pg_url, config, clock):
    service = HallService.open(pg_url, config, clock)
    service.add_user("liuyang", PASSWORD, "staff", "刘洋", actor="admin")
    yield service
    service.close()


async def test_a_kiosk_on_another_pc_checks_in_and_the_counter_shows_it_at_once(pg_hall, pg_url, config, clock,
                                                                               printer):
    from reception.counter.app import create_app

    kiosk = HallService.open(pg_url, config, clock)  # another PC: its own connections
    app = create_app(pg_hall, 1, printer=printer, poll_seconds=30)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await log_in(pilot)
            assert pilot.app.screen.queue_table.row_count == 0
            walk_in(kiosk._hall, 1)
            await until(pilot, lambda: pilot.app.screen.queue_table.row_count == 1, timeout=5)
            kiosk.call_next(2, "另一个窗口")  # another counter calls it
            await until(pilot, lambda: pilot.app.screen.queue_table.row_count == 0, timeout=5)
    finally:
        kiosk.close()
