"""Kiosk mode: no way out for visitors, a staff exit with PIN, idle reset, hostile names."""

import threading

import pytest
from textual.widgets import Button, Static
from textual.widgets._toast import Toast

from reception.kiosk.app import create_app
from reception.kiosk.cards import DemoCardSource
from reception.kiosk.settings import KioskSettings
from reception.queue.service import HallService
from tests.kiosk.conftest import Clock, DummyPrinter, Kiosk, card, running_kiosk

HOSTILE = ["[bold]张三[/]", "[/]", "[@click=app.quit]点我[/]", "[u]张[/u", "王[/bold]五"]


@pytest.mark.parametrize("name", HOSTILE)
async def test_markup_in_a_name_shows_literally_and_runs_nothing(kiosk, hall, name):
    data = card(1, name=name, address=f"{name}路1号")
    await kiosk.place(data)
    assert name in kiosk.text()
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#group")
    await kiosk.type("3")
    await kiosk.click("#next")
    await kiosk.place(card(2, name=name + "2"))
    assert name in kiosk.text() and name + "2" in kiosk.text()
    for widget in kiosk.app.screen.query(".rep-name"):
        await kiosk.pilot.click(widget)  # clicking the name must not run an action
    await kiosk.settle()
    await kiosk.click("#next")
    assert f"主访人：{name}" in kiosk.text()
    await kiosk.click("#next")
    assert kiosk.app.is_running and kiosk.screen_name == "TicketScreen"
    assert hall.db.execute("SELECT name FROM persons WHERE doc_number = ?", (data.doc_number,)).fetchone()[0] == name


async def test_quit_keys_do_nothing(kiosk):
    for key in ("ctrl+q", "ctrl+c", "ctrl+z", "escape", "ctrl+p", "f1"):
        await kiosk.pilot.press(key)
    await kiosk.settle()
    assert kiosk.app.is_running and kiosk.screen_name == "WelcomeScreen"
    await kiosk.app.run_action("quit")
    assert kiosk.app.is_running


async def test_staff_leave_with_the_key_and_the_pin(kiosk):
    await kiosk.pilot.press("f12")
    await kiosk.settle()
    assert kiosk.screen_name == "StaffPinScreen"
    await kiosk.type("1111")
    await kiosk.pilot.press("enter")
    await kiosk.settle()
    assert kiosk.app.is_running and "密码错误" in kiosk.text()
    assert kiosk.app.return_code is None
    await kiosk.click("#key-2")
    await kiosk.type("468")
    await kiosk.click("#pin-ok")
    assert kiosk.app.return_code == 0  # exit() was called


async def test_three_wrong_pins_lock_the_pad(kiosk):
    for _ in range(3):
        await kiosk.pilot.press("f12")
        await kiosk.type("9999")
        await kiosk.pilot.press("enter")
        await kiosk.settle()
    await kiosk.type("2468")
    await kiosk.pilot.press("enter")
    await kiosk.settle()
    # The core's lock says until when (hall time), not only "later".
    assert kiosk.app.return_code is None and "已锁定" in kiosk.text() and "后再试" in kiosk.text()
    assert "2468" not in kiosk.text() and "●" not in kiosk.text()  # nothing typed stays in the pad


async def test_the_pin_lock_survives_a_kiosk_restart_and_is_audited(service, printer, settings):
    """Restarting the kiosk program must not give a guesser three new tries."""
    from tests.kiosk.conftest import running_kiosk

    async with running_kiosk(service, printer, settings) as first:
        for _ in range(3):
            await first.pilot.press("f12")
            await first.type("9999")
            await first.pilot.press("enter")
            await first.settle()
    async with running_kiosk(service, printer, settings) as restarted:
        await restarted.pilot.press("f12")
        await restarted.type(settings.staff_pin)
        await restarted.pilot.press("enter")
        await restarted.settle()
        assert restarted.app.return_code is None and "已锁定" in restarted.text()
    actions = [entry.action for entry in service.audit_log()]
    assert actions.count("kiosk.pin_failed") == 3 and "kiosk.pin_locked" in actions
    assert not any("9999" in str(entry) for entry in service.audit_log())  # never the digits typed


async def test_idle_timeout_resets_to_welcome_and_forgets_everything(kiosk, hall):
    await kiosk.place(card(1, name="张三"))
    await kiosk.type("139")
    kiosk.clock.now += 59
    await kiosk.pilot.pause(1.2)
    assert kiosk.screen_name == "PersonScreen"  # not yet: 59 s
    kiosk.clock.now += 2
    await kiosk.pilot.pause(1.2)
    assert kiosk.screen_name == "WelcomeScreen" and kiosk.app.draft is None
    await kiosk.click("#no-card")
    await kiosk.click("#take-number")
    assert kiosk.app.draft.card is None and kiosk.app.draft.phone == ""
    assert hall.tickets() == []


async def test_a_touch_keeps_the_session_alive(kiosk):
    await kiosk.place(card(1))
    kiosk.clock.now += 50
    await kiosk.click("#key-1")
    kiosk.clock.now += 50
    await kiosk.pilot.pause(1.2)
    assert kiosk.screen_name == "PersonScreen"


@pytest.mark.slow
async def test_ticket_screen_returns_to_welcome_after_a_few_seconds(hall, printer, service):
    settings = KioskSettings(ticket_seconds=3)
    app = create_app(service, DemoCardSource(), printer, settings, monotonic=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, printer, Clock())
        await kiosk.visit_alone(card(1))
        assert kiosk.screen_name == "TicketScreen"
        await pilot.pause(1.5)
        assert "秒后返回首页" in kiosk.text()
        await pilot.pause(2.5)
        assert kiosk.screen_name == "WelcomeScreen" and app.draft is None


@pytest.mark.slow  # two visits end to end
async def test_restart_mid_print_loses_and_duplicates_nothing(db_path, config, clock, settings):
    printer = DummyPrinter()
    printer.gate = threading.Event()  # the printer never answers: the power goes
    first = HallService.open(db_path, config, clock)
    app = create_app(first, DemoCardSource(), printer, settings, monotonic=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, printer, Clock())
        await kiosk.visit_alone(card(1))
        assert "正在打印" in kiosk.text() and "A001" in kiosk.text()
    first.close()

    again = HallService.open(db_path, config, clock)
    second = DummyPrinter()
    app = create_app(again, DemoCardSource(), second, settings, monotonic=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        kiosk = Kiosk(app, pilot, second, Clock())
        await kiosk.settle()
        assert kiosk.screen_name == "WelcomeScreen" and app.draft is None
        [ticket] = again.tickets()
        assert ticket.printed_at is None and "打印结果未知" in ticket.print_error
        await kiosk.place(card(1))
        assert "今天已经取过号" in kiosk.text() and len(again.tickets()) == 1
    printer.gate.set()
    again.close()


async def test_keyboard_enter_moves_on_and_back_never_empties_the_stack(kiosk):
    await kiosk.place(card(1))
    await kiosk.type("13912345678")
    await kiosk.pilot.press("enter")
    await kiosk.settle()
    assert kiosk.screen_name == "VisitScreen"  # Enter went forward, not back
    for _ in range(4):  # impatient taps on 上一步 / 返回首页
        for selector in ("#back", "#home"):
            if kiosk.app.screen.query(selector):
                await kiosk.pilot.click(selector)
    await kiosk.settle()
    assert kiosk.app.is_running and kiosk.screen_name == "WelcomeScreen"
    kiosk.app.back(kiosk.app.screen)
    assert kiosk.screen_name == "WelcomeScreen"


async def test_a_database_failure_at_check_in_leaves_the_visitor_a_way_on(kiosk, hall, monkeypatch):
    import sqlite3

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    await kiosk.place(card(1))
    await kiosk.click("#no-phone")
    await kiosk.choose_purpose()
    await kiosk.click("#alone")
    monkeypatch.setattr(hall, "check_in", broken)
    await kiosk.click("#next")
    assert kiosk.screen_name == "ConfirmScreen" and "系统繁忙" in kiosk.text()
    assert not kiosk.app.screen.query_one("#next").disabled
    monkeypatch.undo()
    await kiosk.pilot.pause(0.3)  # a button ignores a second tap within its 0.2 s press effect
    await kiosk.click("#next")
    assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()


async def test_a_whole_visit_by_keyboard_alone(kiosk, hall):
    """Tab and Enter reach every step; a chosen option is ticked, not only coloured."""
    press = kiosk.pilot.press
    await kiosk.place(card(1))
    await kiosk.type("13800138000")
    await press("enter")
    await kiosk.settle()
    assert kiosk.screen_name == "VisitScreen"
    await press("tab")  # from 下一步 straight to the first purpose: no invisible stop
    assert kiosk.app.focused.id == "purpose-0"
    await press("enter", "tab", "tab", "tab", "enter")  # 建议意见, then the first category
    await kiosk.settle()
    chosen = {b.id: str(b.label) for b in kiosk.app.screen.query(".chosen")}
    assert chosen == {"purpose-0": "✔ 建议意见", "category-0": f"✔ {hall.config.categories[0]}"}
    await press(*["shift+tab"] * 4)  # back past the purposes, round to 下一步
    assert kiosk.app.focused.id == "next"
    await press("enter")
    await kiosk.settle()
    assert kiosk.screen_name == "ModeScreen" and kiosk.app.focused.id == "alone"
    await press("enter")  # alone
    await kiosk.settle()
    assert kiosk.screen_name == "ConfirmScreen"
    await press("enter")  # 确认取号
    await kiosk.settle()
    assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_notice_never_covers_the_buttons_it_points_to(hall, printer, settings, size, service):
    async with running_kiosk(service, printer, settings, size=size, notifications=True) as kiosk:
        await notice_beside_the_buttons(kiosk)


async def notice_beside_the_buttons(kiosk):
    await kiosk.place(card(1))
    assert kiosk.screen_name == "PersonScreen"
    await kiosk.place(card(2))  # a second card mid-flow
    assert any("请先完成当前操作" in n for n in kiosk.notices())
    assert not list(kiosk.app.screen.query(Toast)), "nothing floats over the screen"
    notice = kiosk.app.screen.query_one("#kiosk-notice", Static)
    screen = kiosk.app.screen.region
    assert notice.region.height >= 1 and screen.contains_region(notice.region)
    buttons = [b for b in kiosk.app.screen.query(Button) if b.region]
    assert any(b.id == "home" for b in buttons)
    for button in buttons:
        assert screen.contains_region(button.region), f"{button.label} pushed off the screen"
        assert not notice.region.overlaps(button.region), f"notice covers {button.label}"
