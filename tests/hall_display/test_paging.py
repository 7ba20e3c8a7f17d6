"""More leaders and days than the screen holds: the schedule pages, nothing is cut off.

The hall clock stands at 2026-11-25 (a Wednesday); the coming week is 11-26 .. 12-02.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from reception.config import HallConfig, HoursSettings, Service, Window
from reception.hall_display.app import create_app
from reception.hall_display.digits import big_lines
from reception.hall_display.settings import DisplaySettings
from reception.hall_display.widgets import short_day
from reception.queue.db import connect
from reception.queue.hall import Hall
from tests.hall_display.conftest import screen_text, wait_for
from tests.helpers import walk_in
from tests.schedule.sheets import write_csv

TV_AT_FONT_40 = (78, 22)  # a 1920x1080 browser at ?fontsize=40 (deploy/systemd/reception-tv.service)
LONG_FIELDS = "农业农村、水利、乡村振兴、土地承包确权、移民安置后期扶持"

LEADERS = [  # name, post, fields: short enough for one line at 160 columns
    ("王建国", "副县长", "城乡建设"),
    ("李红梅", "县委常委", "政法"),
    ("赵卫东", "县长", "全面工作"),
    ("孙志刚", "副县长", "农业农村"),
    ("周晓燕", "副县长", "教育卫生"),
]


@pytest.fixture
def config() -> HallConfig:
    """A week of receptions, its weekend included: this hall receives every day."""
    return HallConfig(hall_name="测试市信访局来访接待大厅", hours=HoursSettings(always=True))


def week_rows(per_day: int, fields_of: dict[str, str] | None = None) -> list[list[str]]:
    """Today (2026-11-25) and the seven coming days, `per_day` leaders each."""
    rows = []
    for offset in range(8):
        day = (date(2026, 11, 25) + timedelta(days=offset)).isoformat()
        for k in range(per_day):
            name, post, fields = LEADERS[(offset + k) % len(LEADERS)]
            fields = (fields_of or {}).get(name, fields)
            rows.append([day, "", name, post, fields, "09:00-11:30", "第一接待室", "定点", "10"])
    return rows


def coming(rows: list[list[str]]) -> list[tuple[str, str]]:
    return [(short_day(row[0]), row[2]) for row in rows if row[0] > "2026-11-25"]


def page_of(text: str) -> tuple[int, int] | None:
    found = re.search(r"近 7 天领导接访安排（第(\d+)/(\d+)页）", text)
    return (int(found[1]), int(found[2])) if found else None


def rows_on_screen(text: str, expected: list[tuple[str, str]]) -> list[tuple[str, str]]:
    lines = text.splitlines()
    return [row for row in expected if any(row[0] in line and row[1] in line for line in lines)]


@pytest.fixture
def busy_week(hall, tmp_path):
    rows = week_rows(per_day=4)
    hall.import_schedule(write_csv(tmp_path / "week.csv", rows), "staff")
    return rows


async def test_a_long_schedule_cycles_through_pages_and_every_row_is_shown_once(hall, busy_week, make_display):
    expected = coming(busy_week)
    assert len(expected) == 28
    app = make_display()
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        first = page_of(screen_text(app))
        assert first is not None and first[0] == 1 and first[1] >= 2, screen_text(app)
        pages = first[1]
        seen: list[tuple[str, str]] = []
        for number in range(1, pages + 1):
            text = screen_text(app)
            assert page_of(text) == (number, pages)
            assert "今日领导接访" in text and "剩余名额" in text  # today's leaders stay up meanwhile
            on_page = rows_on_screen(text, expected)
            assert on_page, f"page {number} shows no row"
            seen.extend(on_page)
            app.turn_pages()
            await pilot.pause()
        assert sorted(seen) == sorted(expected)  # every row once: none skipped, none cut and repeated
        assert page_of(screen_text(app)) == (1, pages)  # and round again


async def test_the_page_turns_by_itself(hall, busy_week, make_display):
    app = make_display(DisplaySettings(page_seconds=3))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await wait_for(pilot, lambda: (page_of(screen_text(app)) or (0, 0))[0] == 2, timeout=5)


async def test_a_call_does_not_send_the_schedule_back_to_page_one(hall, busy_week, make_display):
    for n in range(1, 4):
        walk_in(hall, n)
    app = make_display()
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        app.turn_pages()
        await pilot.pause()
        assert page_of(screen_text(app))[0] == 2
        hall.call_next(1, "staff")  # a busy hall changes the board every few seconds
        await wait_for(pilot, lambda: app.current.number.value == "A001")
        await pilot.pause()
        assert page_of(screen_text(app))[0] == 2
        hall.add_reception_day({  # and the schedule itself may change while it is up
            "day": "2026-12-02", "leader": "吴国平", "post": "副县长", "fields": "民政",
            "time": "14:30-17:00", "place": "第二接待室", "mode": "预约", "quota": "5",
        }, "staff")
        await wait_for(pilot, lambda: "吴国平" in str(app.board.coming))
        await pilot.pause()
        assert page_of(screen_text(app))[0] == 2


async def test_a_schedule_that_fits_has_no_pages(scheduled_short, make_display):
    app = make_display()
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        text = screen_text(app)
        assert "近 7 天领导接访安排" in text and "页）" not in text
        assert len(app.coming.pages) == 1


@pytest.fixture
def scheduled_short(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "s.csv", week_rows(per_day=1)[:3]), "staff")
    return hall


async def test_on_a_tv_at_a_large_font_the_tables_take_turns_and_nothing_is_cut_off(hall, tmp_path, make_display):
    rows = week_rows(per_day=2, fields_of={"孙志刚": LONG_FIELDS})
    hall.import_schedule(write_csv(tmp_path / "week.csv", rows), "staff")
    expected = coming(rows)
    app = make_display()
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        text = screen_text(app)
        assert "今日领导接访" in text and "剩余名额" in text
        assert "近 7 天领导接访安排" not in text  # its turn comes next
        seen: list[tuple[str, str]] = []
        long_rows_seen = 0
        for _ in range(20):
            app.turn_pages()
            await pilot.pause()
            text = screen_text(app)
            if "今日领导接访" in text:
                break
            on_page = rows_on_screen(text, expected)
            assert on_page and page_of(text) is not None
            seen.extend(on_page)
            if any(name == "孙志刚" for _, name in on_page):
                long_rows_seen += 1
                # a row that wraps over several lines is shown whole: its last characters too
                assert set(LONG_FIELDS) - {"、"} <= set(text), text
        else:
            raise AssertionError("today's leaders never came back")
        assert sorted(seen) == sorted(expected) and long_rows_seen


async def test_on_a_tv_at_a_large_font_the_window_and_the_room_are_never_cut_off(tmp_path, clock):
    config = HallConfig(
        hall_name="测试大厅",
        services=(Service("A", "个人来访", "A"),),
        windows=(Window(12, "12号窗口", ("A",)),),
    )
    path = tmp_path / "narrow.db"
    hall = Hall(connect(path), config, clock)
    walk_in(hall, 1)
    walk_in(hall, 2)
    hall.call_next(12, "staff")
    app = create_app(path, config, DisplaySettings(), clock)
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        text = screen_text(app)
        assert all(line in text for line in big_lines("A001", 1))
        assert all(line in text for line in big_lines("12", 1))
        assert "号窗口" in text  # "请到" gives way, and a wider gap keeps the two numbers apart:
        (line,) = [line for line in text.splitlines() if big_lines("A001", 1)[0] in line]
        assert big_lines("A001", 1)[0] + " " * 4 + big_lines("12", 1)[0] in line, line
        # A call to a leader's room: the number big, the room's name whole on its own line beneath.
        rows = [["2026-11-25", "", "王建国", "副县长", "城乡建设", "09:00-11:30", "县信访局三楼第一接待室", "定点", "5"]]
        hall.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
        leader_id = hall.leader_named("王建国").id
        second = hall.find_ticket("A002")
        hall.transfer(second.id, f"leader:{leader_id}", "staff")
        hall.call_next_for_leader(leader_id, "王建国")
        await wait_for(pilot, lambda: app.current.number.value == "A002")
        await pilot.pause()
        digits = app.current.number
        assert all(line in screen_text(app) for line in big_lines("A002", digits.scale))
        (line,) = [line for line in screen_text(app).splitlines() if "县信访局三楼第一接待室" in line]
        assert "请到 县信访局三楼第一接待室" in line and app.current.room.region.y >= digits.region.bottom


LONG_NOTICE = (
    "请保管好随身财物，听到叫号后请到相应窗口或接待室。集体来访请推选不超过3名代表。"
    "本厅设有饮水处和老年人休息区，需要帮助请找身穿红马甲的志愿者。午休时间12:00至13:30暂停叫号，"
    "下午13:30准时恢复。请勿在大厅内吸烟、喧哗，请配合工作人员维持良好秩序。依法逐级走访，理性表达诉求。"
    "查询办理进度请扫描凭条上的二维码，或在自助机上输入查询码。"
)


async def test_a_long_notice_turns_pages_on_two_lines_and_leaves_room_for_the_schedule(hall, busy_week, make_display):
    assert len(LONG_NOTICE) > 170
    app = make_display(DisplaySettings(notice=LONG_NOTICE))
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        notice = app.query_one("#notice")
        assert notice.size.height <= 2 and len(notice.parts) >= 3
        shown = ""
        for _ in notice.parts:
            lines = screen_text(app).splitlines()
            shown += "".join(line.strip() for line in lines[-notice.size.height:])
            text = screen_text(app)  # the notice did not push the tables off:
            assert "今日领导接访" in text or "近 7 天领导接访安排" in text
            app.turn_pages()
            await pilot.pause()
        assert shown == LONG_NOTICE.replace(" ", "")  # every character, in order, once


async def test_the_number_and_the_window_never_run_together(tmp_path, clock):
    """A 1080p TV at ?fontsize=32 (97x27): "A004" and "2" side by side in big digits
    read as "A0042"; "请到" stays between them, at one cell per dot if need be."""
    config = HallConfig(hall_name="测试大厅")
    path = tmp_path / "tv32.db"
    hall = Hall(connect(path), config, clock)
    walk_in(hall, 1)
    hall.call_next(2, "staff")
    app = create_app(path, config, DisplaySettings(), clock)
    async with app.run_test(size=(97, 27)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        text = screen_text(app)
        (line,) = [line for line in text.splitlines() if big_lines("A001", 1)[3] in line]
        middle = line.split(big_lines("A001", 1)[3], 1)[1]
        assert middle.index("请到") < middle.index("█") < middle.index("号窗口")


async def test_without_the_schedule_todays_leaders_have_the_space(hall, busy_week, make_display):
    app = make_display(DisplaySettings(schedule_days=0, notice="午休暂停叫号[/]"))
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        for _ in range(3):
            text = screen_text(app)
            assert "今日领导接访" in text and "近 " not in text and "页）" not in text
            assert "午休暂停叫号[/]" in text  # the notice is text, never markup
            app.turn_pages()
            await pilot.pause()


@pytest.mark.parametrize("name", ["某某自治州某某县人民政府信访局来访接待大厅", "信访局" * 20])
async def test_a_long_hall_name_and_the_time_are_both_shown_whole(tmp_path, clock, name):
    config = HallConfig(hall_name=name)
    path = tmp_path / "name.db"
    Hall(connect(path), config, clock).db.conn.close()
    app = create_app(path, config, DisplaySettings(), clock)
    async with app.run_test(size=TV_AT_FONT_40) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        lines = screen_text(app).splitlines()[:3]
        clock_line = re.search(r"(2026年)?11月25日( 星期三)? 09:00(:00)?", lines[0])
        assert clock_line, lines[0]  # shortened if need be, never cut
        lines[0] = lines[0].replace(clock_line[0], "")
        assert name in "".join(line.strip() for line in lines)  # wrapped if need be, never cut


@pytest.mark.parametrize("size", [(69, 20), (60, 20)])  # 1366x768 at ?fontsize=32; smaller still
async def test_on_a_small_screen_the_current_call_keeps_its_width(tmp_path, clock, size):
    config = HallConfig(
        hall_name="测试大厅",
        services=(Service("A", "个人来访", "A"),),
        windows=(Window(12, "12号窗口", ("A",)),),
    )
    path = tmp_path / "small.db"
    hall = Hall(connect(path), config, clock)
    walk_in(hall, 1)
    walk_in(hall, 2)
    first = hall.call_next(12, "staff")
    assert first is not None
    hall.no_show(first.id, "staff")  # one visitor at a window: the next call needs it free
    hall.call_next(12, "staff")
    app = create_app(path, config, DisplaySettings(), clock)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        await pilot.pause()
        text = screen_text(app)
        assert all(line in text for line in big_lines("A002", 1)) and all(line in text for line in big_lines("12", 1))
        (line,) = [line for line in text.splitlines() if big_lines("A002", 1)[3] in line]
        assert "号窗口" in line
        assert "已叫号" not in text  # the earlier calls gave up their width
