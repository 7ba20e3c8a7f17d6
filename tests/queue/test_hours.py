"""The opening-hours rule at each edge, with the hall's clock set there (issue 19).

Default hours: working days 08:30-12:00 and 14:30-17:30, numbers until 30
minutes before each session ends; statutory holidays closed, 调休 weekend days
open (chinese-calendar).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from reception.config import HoursSettings, parse_config
from reception.queue import hours
from reception.queue.hours import HallState, NationalCalendar, OfficeDay

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT = HoursSettings()
WEDNESDAY = date(2026, 11, 25)


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=SHANGHAI)


def state(moment: datetime, settings: HoursSettings = DEFAULT, **office) -> hours.HallStatus:
    return hours.status(settings, moment, office.get("office"))


@pytest.mark.parametrize(
    ("hh", "mm", "ss", "expected"),
    [
        (0, 0, 0, HallState.NOT_YET),  # midnight
        (8, 29, 59, HallState.NOT_YET),
        (8, 30, 0, HallState.OPEN),  # the opening minute
        (11, 29, 59, HallState.OPEN),
        (11, 30, 0, HallState.NUMBERS_STOPPED),  # the morning's last-number time
        (11, 59, 59, HallState.NUMBERS_STOPPED),
        (12, 0, 0, HallState.BREAK),  # the midday break
        (14, 29, 59, HallState.BREAK),
        (14, 30, 0, HallState.OPEN),
        (17, 0, 0, HallState.NUMBERS_STOPPED),  # the afternoon's last-number time
        (17, 30, 0, HallState.ENDED),  # closing
        (23, 59, 59, HallState.ENDED),
    ],
)
def test_each_edge_of_a_working_day(hh, mm, ss, expected):
    status = state(at(WEDNESDAY, hh, mm, ss))
    assert status.state is expected
    assert status.may_issue is (expected is HallState.OPEN)


def test_the_next_opening_from_each_closed_moment():
    assert state(at(WEDNESDAY, 0, 22)).next_opening == at(WEDNESDAY, 8, 30)
    assert state(at(WEDNESDAY, 11, 45)).next_opening == at(WEDNESDAY, 14, 30)
    assert state(at(WEDNESDAY, 12, 10)).next_opening_text == "今天 14:30"
    assert state(at(WEDNESDAY, 17, 5)).next_opening_text == "明天 08:30"
    friday_evening = state(at(date(2026, 11, 27), 18, 0))
    assert friday_evening.next_opening == at(date(2026, 11, 30), 8, 30)  # the weekend skipped
    assert friday_evening.next_opening_text == "11月30日（星期一）08:30"


def test_the_time_left_in_a_session():
    status = state(at(WEDNESDAY, 16, 0))
    assert status.minutes_left == 90 and status.minutes_to_last_number == 60
    assert state(at(WEDNESDAY, 17, 10)).minutes_left == 20


def test_a_weekend_is_closed_and_says_so():
    status = state(at(date(2026, 11, 28), 10, 0))  # a Saturday
    assert status.state is HallState.CLOSED
    assert status.headline == "今日不接待（休息日）"
    assert "下次取号时间：11月30日（星期一）08:30" in status.refusal()


def test_a_statutory_holiday_is_closed_with_its_name():
    status = state(at(date(2026, 10, 1), 10, 0))  # a Thursday, 国庆节
    assert status.state is HallState.CLOSED
    assert status.headline == "今日不接待（国庆节）"
    assert status.next_opening == at(date(2026, 10, 8), 8, 30)  # after the Golden Week


def test_a_moved_working_saturday_is_open():
    saturday = date(2026, 10, 10)  # 调休: worked for 国庆节
    assert saturday.weekday() == 5
    status = state(at(saturday, 9, 0))
    assert status.state is HallState.OPEN
    assert status.today.reason == "国庆节调休上班"
    assert state(at(saturday, 12, 30)).state is HallState.BREAK


def test_the_national_calendar_can_be_switched_off():
    plain = HoursSettings(national_calendar=False)
    assert state(at(date(2026, 10, 1), 10, 0), plain).state is HallState.OPEN
    assert state(at(date(2026, 10, 10), 10, 0), plain).state is HallState.CLOSED


def test_the_offices_own_closure_and_opening():
    monday = date(2026, 11, 30)
    closed = {monday: OfficeDay(monday, False, "集中学习")}
    status = state(at(monday, 10, 0), office=closed)
    assert status.headline == "今日不接待（集中学习）"
    assert status.next_opening == at(date(2026, 12, 1), 8, 30)
    saturday = date(2026, 11, 28)
    opened = {saturday: OfficeDay(saturday, True, "集中接访日")}
    assert state(at(saturday, 9, 0), office=opened).state is HallState.OPEN


def test_always_open_for_demos_and_tests():
    always = HoursSettings(always=True)
    for moment in (at(date(2026, 10, 1), 0, 0), at(date(2026, 11, 28), 23, 59), at(WEDNESDAY, 3, 0)):
        assert state(moment, always).may_issue
    assert state(at(WEDNESDAY, 3, 0), always).today.hours_text == "全天"
    # the office's closure still holds
    closed = {WEDNESDAY: OfficeDay(WEDNESDAY, False, "停电")}
    assert state(at(WEDNESDAY, 10, 0), always, office=closed).state is HallState.CLOSED


def test_a_year_the_library_does_not_know_is_a_plain_calendar_with_a_warning(caplog):
    calendar = NationalCalendar()
    with caplog.at_level(logging.WARNING, logger="reception.queue.hours"):
        monday = hours.status(DEFAULT, at(date(2099, 1, 5), 9, 0), calendar=calendar)
        new_year = hours.status(DEFAULT, at(date(2099, 1, 1), 9, 0), calendar=calendar)  # a Thursday
        sunday = hours.status(DEFAULT, at(date(2099, 1, 4), 9, 0), calendar=calendar)
    assert monday.state is HallState.OPEN
    assert new_year.state is HallState.OPEN  # unknown: not taken for a holiday
    assert sunday.state is HallState.CLOSED  # weekends as configured
    warnings = [r for r in caplog.records if "2099" in r.getMessage()]
    assert len(warnings) == 1  # once per year, not once per look


def test_hours_in_the_config_file():
    config = parse_config({"hours": {"saturday": ["09:00-12:00"], "last_number_minutes": 15}})
    saturday = date(2026, 11, 28)
    assert hours.status(config.hours, at(saturday, 11, 44)).state is HallState.OPEN
    assert hours.status(config.hours, at(saturday, 11, 45)).state is HallState.NUMBERS_STOPPED
    assert hours.plan_day(config.hours, saturday, SHANGHAI).hours_text == "09:00-12:00"


def test_a_long_closure_beyond_the_lookahead_has_no_next_opening():
    never = HoursSettings(**{day: () for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
                          moved_workday=())
    status = state(at(WEDNESDAY, 10, 0), never)
    assert status.next_opening is None
    assert status.refusal() == "今日不接待（休息日），现在不能取号"


@pytest.mark.parametrize(
    ("hours_table", "said"),
    [
        ({"monday": ["8:30-12"]}, "配置项 hours.monday: 应为“开始-结束”的时间段"),
        ({"monday": ["12:00-08:30"]}, "配置项 hours.monday: 时间段 12:00-08:30 的结束时间应晚于开始时间"),
        ({"friday": ["08:30-12:00", "11:00-17:00"]}, "配置项 hours.friday: 时间段应按时间先后排列"),
        ({"last_number_minutes": 300}, "配置项 hours.last_number_minutes: 应在 0 到 240"),
        ({"sundays": []}, "配置项 hours.sundays: 未知的配置项（拼写错误？是不是 sunday）"),
    ],
)
def test_a_wrong_hours_table_is_refused_naming_the_key(hours_table, said):
    from reception.config import ConfigError

    with pytest.raises(ConfigError) as refused:
        parse_config({"hours": hours_table})
    assert said in str(refused.value)
