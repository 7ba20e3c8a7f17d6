"""A kiosk PC of a PostgreSQL hall when the server goes away mid-day (issue 18):
暂停取号 to the visitor, and tickets again by itself once the server is back."""

from __future__ import annotations

import pytest

from reception.queue.service import HallService
from tests.kiosk.conftest import card, running_kiosk
from tests.kiosk.test_core_boundary import to_confirm, until

pytestmark = pytest.mark.slow


@pytest.fixture
def own_server():
    from tests.pg_server import PgServer

    server = PgServer()
    yield server
    server.stop()


async def test_the_server_away_stops_issuing_and_its_return_resumes_it(own_server, printer, settings, config, clock):
    service = HallService.open(own_server.new_database(), config, clock)
    try:
        async with running_kiosk(service, printer, settings) as kiosk:
            await kiosk.visit_alone(card(1))
            assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()
            kiosk.clock.now += kiosk.app.settings.idle_seconds + 1
            await until(kiosk, lambda: kiosk.screen_name == "WelcomeScreen")

            await to_confirm(kiosk, 2)
            own_server.stop_server()
            await kiosk.click("#next")
            shown = kiosk.text()
            assert kiosk.app.is_running and "暂停取号" in shown and "服务窗口" in shown
            assert "postgresql" not in shown and "数据库服务器" not in shown  # the cause goes to the journal

            own_server.start_server()  # nobody restarts the kiosk
            kiosk.clock.now += kiosk.app.settings.idle_seconds + 1
            await until(kiosk, lambda: kiosk.screen_name == "WelcomeScreen")
            await kiosk.visit_alone(card(2))
            assert kiosk.screen_name == "TicketScreen" and "A002" in kiosk.text()
    finally:
        service.close()
