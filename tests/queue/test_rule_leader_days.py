"""Rule: leaders receive on published days, within the day's published quota."""

import pytest

from reception.queue.errors import RuleViolation
from reception.queue.models import CheckInRequest
from tests.helpers import visitor


def add_duty(hall, name="李局长", day="2026-11-25", quota=0, start="09:00", end="11:30"):
    leader = hall.db.execute(
        "INSERT INTO leaders (name, post, fields) VALUES (?, '副局长', '城乡建设、住房保障')",
        (name,),
    ).lastrowid
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, start_time, end_time, place, quota)"
        " VALUES (?, ?, ?, ?, '一楼领导接待室', ?)",
        (leader, day, start, end, quota),
    )
    return leader


def ask_for(hall, leader, n, **request):
    return hall.check_in(
        CheckInRequest(lead=visitor(n), service="C", requested_leader_id=leader, **request)
    )


def test_todays_duty_leaders_with_post_fields_and_place(hall):
    add_duty(hall, "王副县长", start="14:00", end="17:00")
    add_duty(hall, "李局长")
    add_duty(hall, "张主任", day="2026-11-26")  # tomorrow: not on duty today
    leaders = hall.duty_leaders()
    assert [leader.name for leader in leaders] == ["李局长", "王副县长"]  # by hours
    first = leaders[0]
    assert first.post == "副局长" and first.fields == "城乡建设、住房保障"
    assert first.place == "一楼领导接待室" and first.hours == "09:00–11:30"
    assert first.left is None and not first.full  # no published quota
    assert [leader.name for leader in hall.duty_leaders("2026-11-26")] == ["张主任"]


def test_no_leader_on_an_ordinary_day(hall):
    assert hall.duty_leaders() == []


def test_quota_counts_visits_that_asked_for_the_leader(hall):
    leader = add_duty(hall, quota=2)
    ask_for(hall, leader, 1)
    assert hall.duty_leaders()[0].left == 1
    ask_for(hall, leader, 2, appointment=True)  # appointments take places too
    assert hall.duty_leaders()[0].full
    with pytest.raises(RuleViolation, match="今日接访名额（2 人）已满"):
        ask_for(hall, leader, 3)
    assert len(hall.tickets()) == 2  # the refused visitor got nothing half-issued


def test_a_cancelled_ticket_gives_its_place_back(hall):
    leader = add_duty(hall, quota=1)
    ticket = ask_for(hall, leader, 1).ticket
    hall.cancel(ticket.id, "staff", reason="来访人离开")
    assert hall.duty_leaders()[0].left == 1
    ask_for(hall, leader, 2)


def test_the_same_visitor_again_gets_the_ticket_they_hold_even_when_full(hall):
    leader = add_duty(hall, quota=1)
    first = ask_for(hall, leader, 1)
    again = ask_for(hall, leader, 1)
    assert again.existing and again.ticket.id == first.ticket.id


def test_yesterdays_visits_do_not_use_todays_quota(hall, clock):
    leader = add_duty(hall, day="2026-11-24", quota=1)
    hall.db.execute(
        "INSERT INTO reception_days (leader_id, day, quota) VALUES (?, '2026-11-25', 1)",
        (leader,),
    )
    clock.advance(days=-1)
    ask_for(hall, leader, 1)
    clock.advance(days=1)
    assert hall.duty_leaders()[0].left == 1
    ask_for(hall, leader, 2)
