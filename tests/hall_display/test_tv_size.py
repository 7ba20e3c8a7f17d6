"""The hall TV at the browser's default font: 1920x1080 is about 240x67 cells.

The screen is filled: the called number is at least a fifth of its height,
a leader's room call is in the big digits too, and the waiting line breaks
only between whole entries.
"""

from __future__ import annotations

from reception.hall_display.digits import big_lines
from reception.hall_display.widgets import WaitingCounts
from reception.queue.models import leader_queue
from tests.hall_display.conftest import screen_text, wait_for
from tests.helpers import walk_in
from tests.schedule.sheets import good_rows, write_csv

TV = (240, 67)


def rows_with_digits(app, number: str) -> int:
    """How many rows of the screen the number's dot-matrix takes."""
    digits = app.current.number
    shown = [line for line in screen_text(app).splitlines() if "█" in line]
    assert big_lines(number, digits.scale, digits.tall)[0] in "\n".join(shown)
    return digits.region.height


async def test_the_called_number_is_a_fifth_of_the_tv(hall, make_display):
    walk_in(hall, 1)
    hall.call_next(1, "staff")
    app = make_display()
    async with app.run_test(size=TV) as pilot:
        await wait_for(pilot, lambda: app.current.number.value == "A001")
        await pilot.pause()
        assert rows_with_digits(app, "A001") >= TV[1] / 5
        assert app.current.window.region.height == app.current.number.region.height  # the window as big
        text = screen_text(app)
        assert "请到" in text and "号窗口" in text


async def test_a_leader_room_call_is_in_the_big_digits_with_the_room_beneath(hall, make_display, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    leader = hall.leader_named("王建国").id  # today in 第一接待室
    to_leader = walk_in(hall, 2, service="C").ticket
    hall.transfer(to_leader.id, leader_queue(leader), "staff")
    hall.call_next_for_leader(leader, "staff")
    app = make_display()
    for size in (TV, (160, 45), (80, 30)):
        async with app.run_test(size=size) as pilot:
            await wait_for(pilot, lambda: app.current.number.value == "C001")
            await pilot.pause()
            number, room = app.current.number, app.current.room
            assert number.region.height >= 7 and number.scale >= 2
            assert room.display and "请到 第一接待室" in str(room.content)
            assert room.region.y >= number.region.bottom and "请到 第一接待室" in screen_text(app)
        app = make_display()


async def test_the_waiting_line_breaks_only_between_entries(hall, make_display):
    app = make_display()
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: app.boards_shown)
        counts = app.query_one("#waiting", WaitingCounts)
        counts.show((("来访登记", 12), ("集体来访", 3), ("李建国接访", 1), ("王建国接访", 25), ("咨询", 0)))
        await pilot.pause()
        lines = str(counts.render()).splitlines()
        assert len(lines) > 1
        for line in lines:
            assert line.strip().endswith("人等候") and line.count("人等候") == line.count("接访") + sum(
                line.count(name) for name in ("来访登记", "集体来访", "咨询"))
