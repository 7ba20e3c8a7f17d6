"""The kiosk fed by the serial reader, with the simulator on a real pty pair."""

from __future__ import annotations

import os
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from reception.devices.idcard.reader import CardReader
from reception.devices.idcard.simulator import SimulatedReader, card_from_fields
from reception.kiosk.app import create_app
from reception.kiosk.reader import SerialCardSource, SimulatedSerialSource
from tests.idcard.conftest import fast_settings, sim  # noqa: F401 - the simulator fixture
from tests.kiosk.conftest import Clock, Kiosk


@asynccontextmanager
async def kiosk_on(sim, service, printer, settings):
    clock = Clock()
    source = SerialCardSource(fast_settings(sim.path), lambda s: CardReader(s, reopen_seconds=0.2))
    app = create_app(service, source, printer, settings, monotonic=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, printer, clock)
        await until(kiosk, lambda: app.reader_status is not None and app.reader_status.ok)
        yield kiosk


async def until(kiosk: Kiosk, condition, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out on {kiosk.screen_name}: {kiosk.text()[:300]}")
        await kiosk.pilot.pause(0.05)
    await kiosk.settle()


def on_screen(kiosk: Kiosk, name: str):
    return lambda: kiosk.screen_name == name


@pytest.mark.slow
async def test_a_visitor_checks_in_with_a_card_read_over_the_wire(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.place(0)
        await until(kiosk, on_screen(kiosk, "PersonScreen"))
        shown = kiosk.text()
        assert "张三" in shown and "1101**********0038" in shown
        assert "110105194912310038" not in shown
        await kiosk.type("13800138000")
        await kiosk.click("#next")
        await kiosk.choose_purpose()
        await kiosk.click("#alone")
        await kiosk.click("#next")
        assert kiosk.screen_name == "TicketScreen"
        await until(kiosk, lambda: len(printer.tickets) == 1)
        row = hall.db.execute("SELECT name, doc_number, gender, ethnicity FROM persons").fetchone()
        assert row == ("张三", "110105194912310038", "男", "汉")
        time.sleep(0.3)  # the card stays on the reader: no second read
        await kiosk.settle()
        assert kiosk.screen_name == "TicketScreen" and sim.reads == 1


async def test_a_card_pulled_mid_read_asks_for_it_again(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.inject("pull")
        sim.place(1)
        await until(kiosk, lambda: "重新放在读卡区" in kiosk.text())  # said under the prompt
        assert kiosk.screen_name == "WelcomeScreen"
        sim.place(1)
        await until(kiosk, on_screen(kiosk, "PersonScreen"))
        assert "李秀英" in kiosk.text()


async def test_an_invalid_number_is_refused_in_chinese(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.place(4)
        await until(kiosk, on_screen(kiosk, "RefusalScreen"))
        assert "校验未通过" in kiosk.text()
        assert hall.db.execute("SELECT count(*) FROM persons").fetchone()[0] == 0


async def test_an_expired_card_is_refused_by_the_kiosk(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.place(3)
        await until(kiosk, on_screen(kiosk, "RefusalScreen"))
        assert "已过期" in kiosk.text() and "2020-05-05" in kiosk.text()


# The name field holds 15 characters, the address 35: markup that fits a card.
@pytest.mark.parametrize("name", ["[bold]张三[/]", "[/]", "[@click=quit]我", "王[/bold]五"])
async def test_markup_in_the_name_on_the_card_shows_literally(sim, hall, printer, settings, name, service):
    address = "[@click=app.quit]点我[/]路1号"
    sim.cards.append(card_from_fields(dict(name=name, gender="女", birth_date="1949-12-31",
                                           number="11010519491231002X", address=address)))  # fmt: skip
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.place(len(sim.cards) - 1)
        await until(kiosk, on_screen(kiosk, "PersonScreen"))
        assert name in kiosk.text() and address in kiosk.text()
        for widget in list(kiosk.app.screen.query("Static")):
            await kiosk.pilot.click(widget)
        await kiosk.settle()
        assert kiosk.app.is_running


async def test_a_pulled_cable_shows_on_the_welcome_screen_and_clears(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        sim.unplug()
        assert not os.path.lexists(sim.path)  # the udev name is gone with the device
        await until(kiosk, lambda: "读卡器未连接" in kiosk.text())
        assert "请联系工作人员" in kiosk.text() and sim.path not in kiosk.text()  # no device paths for visitors
        sim.plug()
        await until(kiosk, lambda: "读卡器未连接" not in kiosk.text())
        sim.place(2)
        await until(kiosk, on_screen(kiosk, "PersonScreen"))


async def test_the_demo_source_sends_sample_cards_through_real_frames(hall, printer, settings, service):
    source = SimulatedSerialSource(timeout=0.25, poll_interval=0.03)
    clock = Clock()
    app = create_app(service, source, printer, settings, monotonic=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, printer, clock)
        await until(kiosk, lambda: app.reader_status is not None and app.reader_status.ok)
        from reception.kiosk.cards import SAMPLES

        source.place(SAMPLES[0])
        await until(kiosk, on_screen(kiosk, "PersonScreen"))
        assert "张三" in kiosk.text()
        assert source.simulator.reads == 1


async def test_a_replugged_reader_behind_the_same_name_on_a_new_tty_reads_cards(sim, hall, printer, settings, service):
    async with kiosk_on(sim, service, printer, settings) as kiosk:
        old_target = os.readlink(sim.path)
        sim.stop()  # the cable pulled: udev removes the name with the tty
        await until(kiosk, lambda: "读卡器未连接" in kiosk.text())
        blocker = os.openpty()  # the old tty number is taken: the reader comes back elsewhere
        try:
            with SimulatedReader(link=Path(sim.path)) as replugged:
                assert os.readlink(sim.path) != old_target
                await until(kiosk, lambda: "读卡器未连接" not in kiosk.text())
                replugged.place(1)
                await until(kiosk, on_screen(kiosk, "PersonScreen"))
                assert "李秀英" in kiosk.text() and replugged.reads == 1
        finally:
            for fd in blocker:
                os.close(fd)


def test_no_reader_status_shows_a_device_path_to_visitors(tmp_path):
    port = str(tmp_path / "reception-idcard")
    events = []
    source = SerialCardSource(fast_settings(port), lambda s: CardReader(s, reopen_seconds=0.05))
    source.start(events.append)
    try:
        deadline = time.monotonic() + 3
        while len(events) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        source.stop()
    messages = [e.message for e in events]
    assert messages[:2] == ["正在连接读卡器…", "读卡器未连接，请联系工作人员（正在自动重试）"]
    assert not any(port in m or "波特" in m for m in messages)
