"""The hall display shows the published hours and what the hall is doing (issue 19),
by the hall's clock: the state turns at the opening minute with no database change."""

from __future__ import annotations

from datetime import date, datetime

from reception.queue.service import HallService
from tests.conftest import SHANGHAI
from tests.hall_display.conftest import screen_text, wait_for

SIZE = (120, 30)


async def test_the_midday_break_then_open_at_the_opening_minute(hall, make_display, clock):
    clock.set(datetime(2026, 11, 25, 12, 10, tzinfo=SHANGHAI))
    app = make_display()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "午间休息" in screen_text(app))
        text = screen_text(app)
        assert "今日接待时间 08:30-12:00  14:30-17:30  下次取号时间 今天 14:30" in text
        assert "下次取号时间 今天 14:30" in text
        clock.set(datetime(2026, 11, 25, 14, 30, tzinfo=SHANGHAI))  # nothing written meanwhile
        await wait_for(pilot, lambda: " 接待中 " in screen_text(app))
        assert "今日接待时间 08:30-12:00  14:30-17:30（11:30、17:00 停止取号）" in screen_text(app)
        assert "下次取号时间" not in screen_text(app)


async def test_after_closing_and_on_the_offices_closure(db_path, config, make_display, clock):
    clock.set(datetime(2026, 11, 25, 17, 30, tzinfo=SHANGHAI))  # closing
    service = HallService.open(db_path, config, clock)
    app = make_display()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "今日接待时间已结束" in screen_text(app))
        assert "下次取号时间 明天 08:30" in screen_text(app)
        service.close_day(date(2026, 11, 26), "上级检查", actor="主任")  # a write: read again
        await wait_for(pilot, lambda: "下次取号时间 11月27日（星期五）08:30" in screen_text(app))
        clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI))
        await wait_for(pilot, lambda: "今日不接待（上级检查）" in screen_text(app))
    service.close()


async def test_a_moved_working_saturday_shows_its_hours(hall, make_display, clock):
    clock.set(datetime(2026, 10, 10, 9, 0, tzinfo=SHANGHAI))  # 调休: worked for 国庆节
    app = make_display()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: " 接待中 " in screen_text(app))
        assert "今日接待时间 08:30-12:00  14:30-17:30" in screen_text(app)
