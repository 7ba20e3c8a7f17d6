"""The leader view shows the kiosks' printer state under its queue (issue 17 item 4)."""

from __future__ import annotations

from reception.leader.app import create_app
from tests.leader.test_leader_app import log_in
from tests.staff_ui.helpers import settle, until


async def test_the_leader_view_shows_the_kiosk_printer_under_its_queue(hall, leader_user, leader_id, service):
    service.report_device("kiosk", "printer", False, "打印机脱机")
    app = create_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await log_in(pilot)
        await until(pilot, lambda: "自助机打印机：打印机脱机" in str(app.screen.status_line.render()))
        assert "等候 0 人" in str(app.screen.status_line.render())
