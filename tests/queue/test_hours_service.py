"""The hours rule through the facade: numbers, appointments, the schedule, the office's closures (issue 19)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reception.queue.errors import InvalidInput, OutsideHours, RuleViolation
from reception.queue.models import CheckInRequest
from reception.queue.schedule_input import ScheduleInvalid
from tests.conftest import SHANGHAI
from tests.helpers import visitor
from tests.schedule.sheets import good_rows, write_csv


def request(n: int = 1) -> CheckInRequest:
    return CheckInRequest(lead=visitor(n), service="A")


def test_a_number_inside_the_hours(service):
    assert service.hall_status().may_issue  # the tests' clock: a Wednesday 09:00
    assert service.check_in(request()).ticket.number == "A001"


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        (datetime(2026, 11, 25, 0, 22, tzinfo=SHANGHAI), "尚未开始接待，现在不能取号。下次取号时间：今天 08:30"),
        (datetime(2026, 11, 25, 12, 10, tzinfo=SHANGHAI), "午间休息，现在不能取号。下次取号时间：今天 14:30"),
        (datetime(2026, 11, 25, 17, 30, tzinfo=SHANGHAI), "今日接待时间已结束，现在不能取号。下次取号时间：明天 08:30"),
    ],
)
def test_no_number_outside_the_hours(service, clock, moment, says):
    clock.set(moment)
    with pytest.raises(OutsideHours) as refused:
        service.check_in(request())
    assert str(refused.value) == says
    assert service.tickets() == []


def test_staff_override_is_issued_and_audited(service, clock):
    clock.set(datetime(2026, 11, 25, 18, 0, tzinfo=SHANGHAI))
    issued = service.check_in(request(), actor="刘洋", outside_hours=True)
    assert issued.ticket.number == "A001"
    [entry] = service.audit_entries(action="hours.override")
    assert entry.actor == "刘洋" and entry.detail["state"] == "ended"


def test_the_offices_closure_is_audited_and_closes_the_kiosk(service, clock):
    friday = date(2026, 11, 27)
    service.close_day(friday, "单位集中学习", actor="主任")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))
    status = service.hall_status()
    assert status.headline == "今日不接待（单位集中学习）"
    with pytest.raises(OutsideHours):
        service.check_in(request())
    [entry] = service.audit_entries(action="hours.close")
    assert (entry.actor, entry.subject, entry.detail) == ("主任", "day:2026-11-27", {"reason": "单位集中学习"})
    assert service.open_day(friday, actor="主任") is None  # back to the calendar: a working Friday
    assert service.check_in(request()).ticket.number == "A001"
    assert service.audit_entries(action="hours.open")[0].detail["was"] == "closed"


def test_opening_a_weekend_day_and_listing(service):
    saturday = date(2026, 11, 28)
    opened = service.open_day(saturday, actor="主任", reason="集中接访日")
    assert opened is not None and opened.open
    assert service.day_plan(saturday).hours_text == "08:30-12:00  14:30-17:30"
    service.close_day(date(2026, 12, 4), "停电检修", actor="主任")
    assert [(d.day.isoformat(), d.open) for d in service.office_days()] == [
        ("2026-11-28", True), ("2026-12-04", False),
    ]


def test_a_closure_needs_a_reason_and_a_day_not_past(service):
    with pytest.raises(InvalidInput, match="请写明闭厅原因"):
        service.close_day(date(2026, 11, 30), "  ", actor="主任")
    with pytest.raises(InvalidInput, match="已经过去"):
        service.close_day(date(2026, 11, 24), "补记", actor="主任")


def test_a_reception_day_on_a_closed_day_is_refused_naming_the_row(service, tmp_path):
    rows = good_rows()
    rows[2][0], rows[2][1] = "2026-11-28", "星期六"  # row 4 of the sheet (after the header)
    rows[3][0], rows[3][1] = "2026-10-01", "星期四"
    with pytest.raises(ScheduleInvalid) as refused:
        service.import_schedule(write_csv(tmp_path / "s.csv", rows), "staff")
    text = str(refused.value)
    assert "第 4 行" in text and "2026-11-28 大厅不接待（休息日）" in text
    assert "第 5 行" in text and "2026-10-01 大厅不接待（国庆节）" in text
    assert service.reception_days(days=7) == []


def test_an_appointment_on_a_closed_day_is_refused(service, tmp_path):
    service.import_schedule(write_csv(tmp_path / "s.csv", good_rows()), "staff")
    wang = service.leader_named("王建国")
    service.close_day(date(2026, 11, 26), "上级检查", actor="主任")
    with pytest.raises(OutsideHours, match="2026-11-26 大厅不接待（上级检查），不能预约"):
        service.book_appointment(wang.id, "2026-11-26", visitor(2), "staff")
    booked = service.book_appointment(wang.id, "2026-11-26", visitor(2), "staff", outside_hours=True)
    assert booked.reception.day == "2026-11-26"
    assert service.audit_entries(action="hours.override")[0].detail == {"day": "2026-11-26"}


def test_a_day_with_bookings_is_not_closed_until_they_are_cancelled(service, tmp_path):
    service.import_schedule(write_csv(tmp_path / "s.csv", good_rows()), "staff")
    wang = service.leader_named("王建国")
    booked = service.book_appointment(wang.id, "2026-11-26", visitor(2), "staff")
    with pytest.raises(RuleViolation, match="2026-11-26 已有 1 人预约领导接访：请先逐一通知来访人并取消预约"):
        service.close_day(date(2026, 11, 26), "停电检修", actor="主任")
    assert service.day_plan(date(2026, 11, 26)).open
    assert not service.audit_entries(action="hours.close")
    service.cancel_appointment(booked.id, "staff", "停电检修，已电话通知")
    service.close_day(date(2026, 11, 26), "停电检修", actor="主任")
    assert not service.day_plan(date(2026, 11, 26)).open


def test_a_deadline_on_a_closed_day_is_found_not_moved(service):
    closed = service.closed_days([date(2026, 10, 1), date(2026, 10, 9), date(2026, 10, 10)])
    assert {d.isoformat(): p.reason for d, p in closed.items()} == {"2026-10-01": "国庆节"}
