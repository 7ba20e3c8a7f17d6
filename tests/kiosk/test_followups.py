"""Issue 17's smaller findings: each one as the visitor or staff meets it."""

from tests.kiosk.conftest import card, running_kiosk
from tests.kiosk.test_devices_out import unwrapped


async def test_the_lookup_after_a_call_names_the_window(kiosk, hall):
    await kiosk.visit_alone(card(1))
    code = hall.tickets()[0].query_code
    await kiosk.click("#home")
    hall.call_next(1, "staff")
    await kiosk.click("#query")
    await kiosk.pilot.press(*code, "enter")
    await kiosk.settle()
    assert "状态：已叫号，请到1号窗口" in kiosk.text()


async def test_reprint_is_offered_once_then_sent_to_the_window(kiosk, hall):
    await kiosk.visit_alone(card(1))
    await kiosk.click("#home")
    await kiosk.place(card(1))
    await kiosk.click("#reprint")
    assert len(kiosk.printer.tickets) == 2
    assert not kiosk.app.screen.query_one("#reprint").display  # not a button that does nothing
    assert "如需再次补打，请到服务窗口" in kiosk.text()


async def test_the_pin_pad_stays_over_the_ticket_countdown_and_takes_backspace(kiosk, hall, settings):
    await kiosk.visit_alone(card(1))
    ticket = kiosk.app.screen
    assert kiosk.screen_name == "TicketScreen"
    await kiosk.pilot.press(settings.staff_key)
    assert kiosk.screen_name == "StaffPinScreen"
    await kiosk.pilot.press("1", "2", "backspace")
    for _ in range(settings.ticket_seconds + 2):
        ticket.count_down()
    await kiosk.settle()
    assert kiosk.screen_name == "StaffPinScreen" and kiosk.app.screen.typed == "1"
    await kiosk.pilot.press("escape")
    await kiosk.settle()
    assert kiosk.screen_name == "TicketScreen"  # the visitor's number is still there


async def test_an_expired_permit_is_called_by_its_own_name(kiosk):
    permit = card(5, ethnicity="", doc_type="港澳台居民居住证", doc_number="810000199001010015",
                  valid_until="2020-01-01")
    await kiosk.place(permit)
    assert kiosk.screen_name == "RefusalScreen"
    assert "您的港澳台居民居住证已过期" in kiosk.text() and "身份证已过期" not in kiosk.text()


async def test_the_phone_prompt_breaks_only_between_phrases(hall, printer, settings, service):
    async with running_kiosk(service, printer, settings, size=(80, 24)) as kiosk:
        await kiosk.place(card(1))
        await kiosk.type("123")
        await kiosk.click("#next")
        assert "请输入 7 到 12 位电话号码" in kiosk.text().replace("\u00a0", " ")
        assert unwrapped(kiosk, "#phone-hint")
