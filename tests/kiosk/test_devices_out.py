"""The printer or the reader out: the visitor is told before starting, and a
number that did not print stays on screen, large, until the visitor is done."""

import dataclasses

import pytest
from textual.widgets import Static

from tests.kiosk.conftest import DummyPrinter, card, running_kiosk

SIZES = [(80, 24), (120, 32), (160, 45)]


def unwrapped(kiosk, selector: str) -> bool:
    """The widget shows each of its lines on one row: Textual broke no phrase."""
    widget = kiosk.app.screen.query_one(selector, Static)
    wanted = str(widget.content).splitlines()
    return widget.display and widget.content_size.height == len(wanted) and all(
        widget.content_size.width >= Static(line).get_content_width(widget.content_size, widget.content_size)
        for line in wanted
    )


async def reported(kiosk) -> None:
    """The kiosk's device reports (thread workers of the group "devices") have reached the core."""
    await kiosk.app.workers.wait_for_complete([w for w in kiosk.app.workers if w.group == "devices"])


@pytest.mark.parametrize("size", SIZES)
async def test_a_printer_out_is_said_on_the_welcome_screen(hall, settings, size, service):
    async with running_kiosk(service, DummyPrinter(simulate="paper_out"), settings, size=size) as kiosk:
        await kiosk.settle()
        shown = kiosk.text()
        assert "本机暂时不能打印凭条（打印机缺纸）" in shown and "仍可取号" in shown
        assert "请将身份证放在读卡区" in shown and "无身份证 / 请工作人员协助" in shown
        assert unwrapped(kiosk, "#printer-status")


async def test_the_printer_line_clears_once_the_printer_is_fixed(hall, settings, service):
    printer = DummyPrinter(simulate="paper_out")
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.settle()
        assert kiosk.app.printer_fault == "打印机缺纸"
        # ...and the counters' status line learns it from the core (a thread worker)
        await reported(kiosk)
        assert "缺纸" in service.kiosk_printer_text()
        printer.link.settings = dataclasses.replace(printer.link.settings, simulate="")  # paper loaded
        kiosk.app.recheck_printer()
        await kiosk.settle()
        assert kiosk.app.printer_fault is None and "不能打印凭条" not in kiosk.text()
        await reported(kiosk)
        assert "缺纸" not in service.kiosk_printer_text()


@pytest.mark.parametrize("size", SIZES)
async def test_an_unplugged_reader_replaces_the_card_prompt_and_keeps_the_way_without_a_card(hall, printer, settings, size, service):
    async with running_kiosk(service, printer, settings, size=size) as kiosk:
        kiosk.app.card_source.unplug()
        await kiosk.settle()
        shown = kiosk.text()
        assert "请将身份证放在读卡区" not in shown and "暂时无法读取身份证" in shown
        assert "读卡器未连接" in shown and "无身份证 / 请工作人员协助" in shown
        assert not kiosk.app.screen.query_one("#prompt-hint").display  # 不要移动证件: not now
        assert unwrapped(kiosk, "#reader-status")
        await kiosk.click("#no-card")
        assert kiosk.screen_name == "NoCardScreen"
        await kiosk.click("#home")
        kiosk.app.card_source.plug()
        await kiosk.settle()
        assert "请将身份证放在读卡区" in kiosk.text() and "读卡器未连接" not in kiosk.text()


@pytest.mark.parametrize("size", SIZES)
async def test_a_ticket_that_did_not_print_stays_until_the_visitor_is_done(hall, settings, size, service):
    async with running_kiosk(service, DummyPrinter(simulate="paper_out"), settings, size=size) as kiosk:
        await kiosk.visit_alone(card(1))
        assert kiosk.screen_name == "TicketScreen"
        kiosk.clock.now += 10 * settings.idle_seconds  # long past the countdown and the idle timeout
        for _ in range(settings.ticket_seconds + 2):
            kiosk.app.screen.count_down()
        kiosk.app.idle_tick()
        await kiosk.settle()
        assert kiosk.screen_name == "TicketScreen"
        shown = kiosk.text()
        assert "A001" in shown and "致工作人员：此号凭条未打印" in shown and "秒后返回首页" not in shown
        assert kiosk.app.screen.query_one("#big-number").size.height >= 5
        assert unwrapped(kiosk, "#print-status") and unwrapped(kiosk, "#staff-line")
        await kiosk.click("#home")
        assert kiosk.screen_name == "WelcomeScreen"


@pytest.mark.parametrize("size", SIZES)
async def test_the_ticket_grows_with_the_screen_and_centres_the_qr(hall, printer, settings, size, service):
    async with running_kiosk(service, printer, settings, size=size) as kiosk:
        await kiosk.visit_alone(card(1))
        screen = kiosk.app.screen
        number, qr, column = (screen.query_one(s) for s in ("#big-number", "#qr", "#ticket-qr"))
        if size == (160, 45):
            assert number.size.height >= 10 and number.scale >= 2
            middle = column.region.x + column.region.width // 2
            assert abs(qr.region.x + qr.region.width // 2 - middle) <= 1 and qr.region.right < size[0] - 10
        else:
            assert number.size.height == 5
        assert number.region.right <= screen.query_one("#ticket-facts").region.right
        assert unwrapped(kiosk, "#print-status")
