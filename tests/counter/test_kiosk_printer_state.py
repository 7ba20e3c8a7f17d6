"""Every counter's status line shows the kiosks' printer state (issue 17 item 4):
a visitor whose ticket did not print is on the way to a window (the leader
view: tests/leader/test_kiosk_printer_state.py)."""

from __future__ import annotations

import pytest

from reception.kiosk.settings import KioskSettings
from reception.queue.device_states import status_text
from tests.counter.conftest import log_in, text_of
from tests.kiosk.conftest import DummyPrinter, running_kiosk
from tests.staff_ui.helpers import screen_lines, settle, until


def test_the_core_keeps_each_kiosks_latest_report(service, clock):
    assert service.kiosk_printer_text() == ""  # no kiosk has said anything yet
    assert service.report_device("kiosk-1", "printer", True)
    assert service.kiosk_printer_text() == "自助机打印机正常"
    clock.advance(minutes=5)
    assert service.report_device("kiosk-1", "printer", False, "打印机缺纸")
    clock.advance(minutes=5)
    assert not service.report_device("kiosk-1", "printer", False, "打印机缺纸")  # the same: kept from 09:05
    assert service.kiosk_printer_text() == "自助机打印机：打印机缺纸（09:05 起）"
    service.report_device("kiosk-2", "printer", True)
    assert service.kiosk_printer_text() == "kiosk-1 自助机打印机：打印机缺纸（09:05 起）"
    service.report_device("kiosk-1", "reader", False, "读卡器未连接")
    assert [(s.kiosk, s.device, s.ok) for s in service.device_states()] == [
        ("kiosk-1", "printer", False), ("kiosk-1", "reader", False), ("kiosk-2", "printer", True)]
    assert "读卡器" in status_text(service.device_states(), "reader")


def test_an_unknown_device_is_a_programming_error(service):
    with pytest.raises(ValueError):
        service.report_device("kiosk-1", "scanner", True)


async def test_the_kiosk_reports_its_printer_out_and_back(service):
    printer = DummyPrinter(simulate="paper_out")
    async with running_kiosk(service, printer, KioskSettings(staff_pin="2468")) as kiosk:
        await kiosk.settle()
        await until(kiosk.pilot, lambda: service.kiosk_printer_text().startswith("自助机打印机：打印机缺纸"))
        kiosk.app.set_printer_fault(None)  # a good print
        await kiosk.settle()
        await until(kiosk.pilot, lambda: service.kiosk_printer_text() == "自助机打印机正常")


async def test_the_counter_status_line_shows_the_kiosk_printer(make_app, service, clock):
    service.report_device("kiosk", "printer", False, "打印机缺纸")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        screen = pilot.app.screen
        shown = screen.query_one("#kiosk-printer")
        assert text_of(shown) == "自助机打印机：打印机缺纸（09:00 起）"
        assert shown.has_class("-fault")
        assert "自助机打印机：打印机缺纸（09:00 起）" in screen_lines(pilot.app)[shown.region.y]  # whole, at 80 columns
        assert shown.region.y == screen.status_line.region.y  # on the status line itself
        service.report_device("kiosk", "printer", True)
        screen.refresh_from_db()
        await settle(pilot)
        await until(pilot, lambda: text_of(shown) == "自助机打印机正常")
        assert not shown.has_class("-fault")
        screen.say("A001 号已叫到 1号窗口")  # an action's message shares the line
        await settle(pilot)
        assert "A001" in text_of(screen.status_line) and text_of(shown) == "自助机打印机正常"
