"""The kiosk outside the hall's opening hours (issue 19): the hall's clock, set to each
state, decides; the kiosk shows when numbers are next issued, in large type, issues
none, and keeps the progress lookup."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import Digits, Static

from tests.conftest import SHANGHAI
from tests.kiosk.conftest import card, running_kiosk


def shown(kiosk, selector: str) -> bool:
    return kiosk.app.screen.query_one(selector).display


def said(kiosk, selector: str) -> str:
    return str(kiosk.app.screen.query_one(selector, Static).content)


async def look_again(kiosk) -> None:
    kiosk.app.check_hours()
    await kiosk.settle()


async def test_after_closing_the_kiosk_shows_the_next_opening_and_issues_nothing(service, clock, printer, settings):
    clock.set(datetime(2026, 11, 25, 17, 45, tzinfo=SHANGHAI))  # a Wednesday, after 17:30
    async with running_kiosk(service, printer, settings, size=(120, 30)) as kiosk:
        await kiosk.settle()
        assert said(kiosk, "#closed-state") == "今日接待时间已结束"
        assert shown(kiosk, "#closed") and shown(kiosk, "#next-label")
        assert kiosk.app.screen.query_one("#next-time", Digits).value == "08:30"
        assert said(kiosk, "#next-day") == "明天"
        assert not shown(kiosk, "#prompt") and not shown(kiosk, "#no-card")
        assert said(kiosk, "#hours-line") == "今日接待时间：08:30-12:00  14:30-17:30（11:30、17:00 停止取号）"

        await kiosk.place(card(1))  # a card: no new visit, the reason where the visitor looks
        assert kiosk.screen_name == "WelcomeScreen"
        assert said(kiosk, "#prompt-hint") == "今日接待时间已结束，现在不能取号。下次取号时间：明天 08:30"
        assert service.tickets() == [] and printer.tickets == []

        await kiosk.click("#query")  # the progress lookup is still there
        assert kiosk.screen_name == "QueryScreen"


async def test_the_midday_break_then_the_afternoon_opening(service, clock, printer, settings):
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI))
    async with running_kiosk(service, printer, settings, size=(120, 30)) as kiosk:
        await kiosk.settle()
        assert said(kiosk, "#closed-state") == "午间休息"
        assert kiosk.app.screen.query_one("#next-time", Digits).value == "14:30"
        assert said(kiosk, "#next-day") == "今天"
        clock.set(datetime(2026, 11, 25, 14, 30, tzinfo=SHANGHAI))  # the opening minute
        await look_again(kiosk)
        assert shown(kiosk, "#prompt") and shown(kiosk, "#no-card") and not shown(kiosk, "#closed")
        await kiosk.visit_alone(card(2))
        assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()


async def test_a_ticket_held_from_the_morning_is_still_shown_after_the_last_number(service, clock, printer, settings):
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.visit_alone(card(3))
        kiosk.app.reset()
        clock.set(datetime(2026, 11, 25, 11, 40, tzinfo=SHANGHAI))  # after the morning's last number
        await look_again(kiosk)
        assert said(kiosk, "#closed-state") == "本时段已停止取号"
        await kiosk.place(card(3))
        assert kiosk.screen_name == "TicketScreen" and "A001" in kiosk.text()


async def test_a_holiday_and_the_offices_closure_name_the_reason(service, clock, printer, settings):
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI))
    async with running_kiosk(service, printer, settings) as kiosk:
        await kiosk.settle()
        assert said(kiosk, "#closed-state") == "今日不接待（国庆节）"
        assert said(kiosk, "#next-day") == "10月8日（星期四）"
        assert said(kiosk, "#hours-line") == ""
        clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI))
        service.close_day(date(2026, 11, 25), "停电检修", actor="主任")
        await look_again(kiosk)
        assert said(kiosk, "#closed-state") == "今日不接待（停电检修）"


async def test_a_number_refused_by_the_core_meanwhile_is_told_not_printed(service, clock, printer, settings, kiosk):
    """The kiosk last looked at 11:29; the visitor confirms at 11:30: the core refuses."""
    await kiosk.place(card(4))
    await kiosk.type("13800138000")
    await kiosk.click("#next")
    await kiosk.choose_purpose()
    await kiosk.click("#alone")
    clock.set(datetime(2026, 11, 25, 11, 30, tzinfo=SHANGHAI))
    await kiosk.click("#next")
    assert "本时段已停止取号，现在不能取号" in "\n".join([kiosk.text(), *kiosk.notices()])
    assert service.tickets() == [] and printer.tickets == []
