"""A serial QR scanner on a real pty opens the progress lookup with the ticket's code."""

from __future__ import annotations

import os
import time
import tty

import pytest

from reception.devices.scanner import ScannerSettings, SerialScanner
from reception.kiosk.app import create_app
from reception.kiosk.cards import DemoCardSource
from reception.kiosk.scanning import SerialScanSource
from tests.helpers import walk_in
from tests.kiosk.conftest import Clock, Kiosk


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    tty.setraw(slave)
    yield master, os.ttyname(slave)
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


async def until(kiosk: Kiosk, condition, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, kiosk.text()[:400]
        await kiosk.pilot.pause(0.05)
    await kiosk.settle()


async def test_a_scanned_ticket_opens_its_progress_from_the_welcome_screen(hall, printer, settings, pty_pair, service):
    master, path = pty_pair
    ticket = walk_in(hall, 1).ticket
    source = SerialScanSource(ScannerSettings(kind="serial", port=path),
                              lambda s: SerialScanner(s, reopen_seconds=0.1))  # fmt: skip
    clock = Clock()
    app = create_app(service, DemoCardSource(), printer, settings, monotonic=clock, scan_source=source)
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, printer, clock)
        await kiosk.settle()
        os.write(master, ticket.query_code.encode() + b"\r\n")
        await until(kiosk, lambda: "号码：" in kiosk.text())
        assert kiosk.screen_name == "QueryScreen"
        assert f"号码：{ticket.number}" in kiosk.text() and "来访人1" not in kiosk.text()
        # a second scan on the lookup screen: a bad code is answered there
        os.write(master, b"[bold]X[/]\r\n")
        await until(kiosk, lambda: "查询码格式不正确" in kiosk.text())
        assert kiosk.screen_name == "QueryScreen" and app.is_running


async def test_a_keyboard_wedge_scanner_on_the_welcome_screen_opens_the_lookup(kiosk, hall):
    """A keyboard scanner types the code and Enter wherever the focus is; on the
    welcome screen that must open the lookup, not press a focused button."""
    ticket = walk_in(hall, 1).ticket
    assert kiosk.screen_name == "WelcomeScreen"
    kiosk.app.screen.query_one("#no-card").focus()  # the worst case: Enter would press it
    await kiosk.pilot.press(*ticket.query_code, "enter")
    await kiosk.settle()
    assert kiosk.screen_name == "QueryScreen"
    assert f"号码：{ticket.number}" in kiosk.text() and "来访人1" not in kiosk.text()


async def test_enter_alone_on_the_welcome_screen_still_presses_the_focused_button(kiosk):
    kiosk.app.screen.query_one("#no-card").focus()
    await kiosk.pilot.press("enter")
    await kiosk.settle()
    assert kiosk.screen_name == "NoCardScreen"
