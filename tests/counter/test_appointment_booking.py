"""预约 from the counter: a leader's reception day booked for a visitor, within its quota.

The hall clock stands at 2026-11-25; the sample schedule (tests/schedule/sheets.py) has
王建国 today (定点, 3 places) and tomorrow (10), 李红梅 today (预约, 2) and 赵卫东 on 12-01 (20).
"""

from __future__ import annotations

import pytest

from reception.counter.screens.appointment import AppointmentScreen
from reception.counter.screens.console import ConsoleScreen
from reception.queue import audit
from reception.queue.models import CheckInRequest, PersonInput
from tests.counter.conftest import log_in, press, text_of
from tests.helpers import visitor
from tests.schedule.sheets import good_rows, write_csv
from tests.staff_ui.helpers import settle

GOOD_ID = "11010519491231002X"
OLD_FORM = "110105491231002"  # the same card's 15-digit number, as some visitors still quote it


@pytest.fixture
def scheduled(hall, tmp_path):
    hall.import_schedule(write_csv(tmp_path / "schedule.csv", good_rows()), "staff")
    return hall


async def open_booking(pilot) -> AppointmentScreen:
    await log_in(pilot)
    await press(pilot, "a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AppointmentScreen)
    return screen


def choose(screen: AppointmentScreen, words: str) -> None:
    (index,) = [i for i, choice in enumerate(screen.choices) if all(w in choice.label for w in words.split())]
    screen.query_one("#book-day").value = index


async def test_a_booking_made_at_the_counter_sends_the_visitor_to_the_leader_first(make_app, scheduled):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        labels = [choice.label for choice in screen.choices]
        assert len(labels) == 4 and labels[1].startswith("11月25日 周三 14:30–17:00 李红梅（县委常委） 第二接待室 预约")
        assert "余 2 个名额" in labels[1]
        choose(screen, "11月25日 李红梅")
        screen._input("name").value = "[@click=app.quit]张[/]"
        screen._input("doc-number").value = OLD_FORM
        screen._input("phone").value = "13800000000"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConsoleScreen)
        said = text_of(pilot.app.screen.status_line)
        assert said.startswith("已预约：第 1 号，2026-11-25 14:30 李红梅 第二接待室") and said.endswith("剩余名额 1")
        entry = audit.entries(scheduled.db, action="appointment.book")[0]
        assert entry.actor == "liuyang" and "张" not in str(entry.detail)  # no name in the audit detail
    li = scheduled.leader_named("李红梅")
    (booked,) = scheduled.appointments_for(li.id)
    assert booked.doc_number == GOOD_ID  # stored as the card reads it
    # On the day the card is read at the kiosk: matched, routed to the leader, called first.
    result = scheduled.check_in(CheckInRequest(lead=PersonInput(name="张", doc_number=GOOD_ID), service="A"))
    assert result.ticket.queue == f"leader:{li.id}" and result.ticket.appointment


async def test_every_bad_input_is_said_and_nothing_is_booked(make_app, scheduled):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        for name, doc, phone, message in (
            ("", GOOD_ID, "", "姓名不能为空"),
            ("张三", "", "", "预约须登记身份证号"),
            ("张三", "110105194912310021", "", "校验未通过"),
            ("张三", "12345", "", "身份证号码"),
            ("张三", GOOD_ID, "电话", "联系电话"),
            ("张" * 101, GOOD_ID, "", "过长"),
        ):
            screen._input("name").value = name
            screen._input("doc-number").value = doc
            screen._input("phone").value = phone
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert pilot.app.screen is screen
            assert message in text_of(screen.error_line), (name, doc, phone, text_of(screen.error_line))
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConsoleScreen)
    assert scheduled.db.execute("SELECT count(*) FROM appointments").fetchone()[0] == 0


async def test_a_second_booking_on_the_same_day_is_refused(make_app, scheduled):
    wang = scheduled.leader_named("王建国")
    scheduled.book_appointment(wang.id, "2026-11-25", PersonInput(name="张三", doc_number=GOOD_ID), "staff")
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        choose(screen, "11月25日 李红梅")
        screen._input("name").value = "张三"
        screen._input("doc-number").value = GOOD_ID
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "同一天只能预约一次" in text_of(screen.error_line)


async def test_a_full_day_is_not_offered_and_with_none_left_staff_are_told(make_app, scheduled):
    li = scheduled.leader_named("李红梅")
    for n in (1, 2):
        scheduled.book_appointment(li.id, "2026-11-25", visitor(n), "staff")
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        assert not any("李红梅" in choice.label for choice in screen.choices)
        await press(pilot, "escape")
        await settle(pilot)
    scheduled.db.execute("DELETE FROM reception_days WHERE leader_id != ?", (li.id,))
    scheduled.db.conn.commit()
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        assert screen.choices == []
        assert "今后 30 天没有尚有名额的领导接访日" in text_of(screen.query_one("#book-none"))
        await press(pilot, "ctrl+s")  # nothing to book: nothing happens
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConsoleScreen)


async def test_todays_reception_is_offered_only_until_its_hours_end(make_app, scheduled, clock):
    clock.advance(hours=3)  # 12:00: 王建国's 09:00-11:30 is over, 李红梅's 14:30-17:00 is not
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_booking(pilot)
        labels = [choice.label for choice in screen.choices]
        assert not any("11月25日" in label and "王建国" in label for label in labels)
        assert any("11月25日" in label and "李红梅" in label for label in labels)
        assert any("11月26日" in label and "王建国" in label for label in labels)
