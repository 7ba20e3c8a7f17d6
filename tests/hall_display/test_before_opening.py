"""Before the hall opens (the TV is on from early morning), today's duty leaders are on
the TV at its own size, with the hours line saying when numbers start."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import SHANGHAI
from tests.hall_display.conftest import screen_text, wait_for
from tests.helpers import walk_in
from tests.schedule.sheets import write_csv

TV_AT_FONT_40 = (78, 22)  # deploy/systemd/reception-tv.service: ?fontsize=40


async def test_before_opening_today_s_leaders_stay_on_the_tv_after_a_call(hall, make_display, clock, tmp_path):
    clock.set(datetime(2026, 11, 25, 5, 18, tzinfo=SHANGHAI))
    rows = [
        ["2026-11-25", "", "王建国", "副县长", "城乡建设、交通运输", "00:00-23:59", "第一接待室", "定点", "10"],
        ["2026-11-25", "", "李红梅", "县委常委、政法委书记", "政法、社会治理、信访", "00:00-23:59", "第二接待室", "预约", "5"],
    ]
    hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    for n in (1, 2):
        walk_in(hall, n)
    hall.call_next(1, "staff")
    app = make_display()
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: "尚未开始接待" in screen_text(app) and "王建国" in screen_text(app))
        hall.call_next(3, "staff")
        await wait_for(pilot, lambda: app.current.number.value == "A002")
        await pilot.pause()
        text = screen_text(app)
        for public in ("今日领导接访", "王建国", "第一接待室", "李红梅", "剩余名额"):
            assert public in text, text
