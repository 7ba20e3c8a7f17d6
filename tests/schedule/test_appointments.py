"""Appointments for a leader's reception day: booked, matched on arrival, called first."""

from __future__ import annotations

import pytest

from reception.queue.appointments import AppointmentState
from reception.queue.errors import IllegalTransition, InvalidInput, NotFound, RuleViolation
from reception.queue.models import CheckInRequest, PersonInput, leader_queue
from tests.helpers import visitor, walk_in
from tests.schedule.conftest import leader_id


def test_a_booked_visitor_is_matched_by_document_and_goes_to_the_leader(scheduled):
    li = leader_id(scheduled, "李红梅")
    booked = scheduled.book_appointment(li, "2026-11-25", visitor(7), "staff")
    assert booked.state is AppointmentState.BOOKED and booked.reception.place == "第二接待室"
    assert scheduled.appointment_today("居民身份证", "DOC000007").id == booked.id
    # At the kiosk the visitor pressed 个人来访; the booking decides.
    result = scheduled.check_in(CheckInRequest(lead=visitor(7), service="A"))
    assert result.ticket.queue == leader_queue(li) and result.ticket.appointment
    arrived = scheduled.get_appointment(booked.id)
    assert arrived.state is AppointmentState.ARRIVED and arrived.ticket_id == result.ticket.id
    assert scheduled.appointment_today("居民身份证", "DOC000007") is None
    assert scheduled.events_for(result.ticket.id)[0].detail["appointment"] == booked.id


def test_a_booking_for_another_day_does_not_route_today(scheduled):
    wang = leader_id(scheduled, "王建国")
    scheduled.book_appointment(wang, "2026-11-26", visitor(7), "staff")
    assert walk_in(scheduled, 7).ticket.queue == "A"


def test_staff_may_vouch_for_an_appointment_made_outside_the_system(scheduled):
    li = leader_id(scheduled, "李红梅")  # by appointment only today, quota 2
    request = dict(service="C", requested_leader_id=li, appointment=True)
    for n in (1, 2):
        ticket = scheduled.check_in(CheckInRequest(lead=visitor(n), **request)).ticket
        assert ticket.queue == leader_queue(li) and ticket.appointment
    assert scheduled.remaining_places(li) == 0
    with pytest.raises(RuleViolation, match="今日接访名额（2 人）已满"):
        scheduled.check_in(CheckInRequest(lead=visitor(3), **request))


def test_appointments_are_called_before_walk_ins_who_came_earlier(scheduled, clock):
    wang = leader_id(scheduled, "王建国")
    scheduled.book_appointment(wang, "2026-11-25", visitor(9), "staff")
    early = walk_in(scheduled, 1).ticket
    scheduled.transfer(early.id, leader_queue(wang), "staff")
    clock.advance(minutes=30)
    late = scheduled.check_in(CheckInRequest(lead=visitor(9), service="C")).ticket
    assert scheduled.ahead_of(late) == 0
    assert scheduled.ahead_of(early) == 1
    assert scheduled.call_next_for_leader(wang, "王建国").id == late.id
    assert scheduled.call_next_for_leader(wang, "王建国").id == early.id


def test_booking_refusals(scheduled):
    wang, zhao = leader_id(scheduled, "王建国"), leader_id(scheduled, "赵卫东")
    with pytest.raises(RuleViolation, match="没有接访安排"):
        scheduled.book_appointment(zhao, "2026-11-26", visitor(1), "staff")
    with pytest.raises(InvalidInput, match="须登记证件号码"):
        scheduled.book_appointment(wang, "2026-11-26", PersonInput(name="张三"), "staff")
    with pytest.raises(InvalidInput, match="姓名不能为空"):
        scheduled.book_appointment(wang, "2026-11-26", visitor(1, name=" "), "staff")
    with pytest.raises(NotFound):
        scheduled.book_appointment(9999, "2026-11-26", visitor(1), "staff")
    scheduled.book_appointment(wang, "2026-11-26", visitor(1), "staff")
    with pytest.raises(RuleViolation, match="同一天只能预约一次"):
        scheduled.book_appointment(wang, "2026-11-26", visitor(1), "staff")
    assert len(scheduled.appointments_for(wang, "2026-11-26")) == 1


def test_one_booking_per_person_per_day_across_leaders(scheduled):
    scheduled.book_appointment(leader_id(scheduled, "王建国"), "2026-11-25", visitor(1), "staff")
    with pytest.raises(RuleViolation, match="已预约 2026-11-25 王建国"):
        scheduled.book_appointment(leader_id(scheduled, "李红梅"), "2026-11-25", visitor(1), "staff")


def test_a_past_day_cannot_be_booked(scheduled, clock):
    wang = leader_id(scheduled, "王建国")
    clock.advance(days=1)
    with pytest.raises(RuleViolation, match="已过"):
        scheduled.book_appointment(wang, "2026-11-25", visitor(1), "staff")


def test_cancelling_frees_the_place_and_is_logged(scheduled):
    li = leader_id(scheduled, "李红梅")
    first = scheduled.book_appointment(li, "2026-11-25", visitor(1), "staff")
    scheduled.book_appointment(li, "2026-11-25", visitor(2), "staff")
    assert scheduled.remaining_places(li) == 0
    cancelled = scheduled.cancel_appointment(first.id, "staff", "来访人电话取消")
    assert cancelled.state is AppointmentState.CANCELLED
    assert scheduled.remaining_places(li) == 1
    assert [a.person_name for a in scheduled.appointments_for(li)] == ["来访人2"]
    assert len(scheduled.appointments_for(li, include_cancelled=True)) == 2
    with pytest.raises(IllegalTransition, match="已取消，不能取消"):
        scheduled.cancel_appointment(first.id, "staff")
    # The same person may book again after cancelling.
    scheduled.book_appointment(li, "2026-11-25", visitor(1), "staff")
    actions = [row[0] for row in scheduled.db.execute(
        "SELECT action FROM events WHERE action LIKE 'appointment_%' ORDER BY id")]
    assert actions == ["appointment_book", "appointment_book", "appointment_cancel", "appointment_book"]


def test_an_arrived_appointment_cannot_be_cancelled(scheduled):
    li = leader_id(scheduled, "李红梅")
    booked = scheduled.book_appointment(li, "2026-11-25", visitor(1), "staff")
    scheduled.check_in(CheckInRequest(lead=visitor(1), service="C"))
    with pytest.raises(IllegalTransition, match="已到场"):
        scheduled.cancel_appointment(booked.id, "staff")


def test_a_reception_day_with_bookings_cannot_be_removed(scheduled):
    li = leader_id(scheduled, "李红梅")
    booked = scheduled.book_appointment(li, "2026-11-25", visitor(1), "staff")
    with pytest.raises(RuleViolation, match="已有 1 人预约或取号"):
        scheduled.remove_reception_day(li, "2026-11-25", "staff")
    scheduled.cancel_appointment(booked.id, "staff")
    scheduled.remove_reception_day(li, "2026-11-25", "staff")
    assert [d.name for d in scheduled.duty_leaders()] == ["王建国"]
    with pytest.raises(NotFound, match="没有接访安排"):
        scheduled.remove_reception_day(li, "2026-11-25", "staff")


def test_adding_one_reception_day_checks_it_like_a_sheet_row(scheduled):
    with pytest.raises(InvalidInput) as caught:
        scheduled.add_reception_day(
            {"day": "2026-12-02", "leader": "钱进", "post": "", "fields": "", "time": "9-8",
             "place": "", "mode": "定点", "quota": "5"},
            "staff",
        )
    assert "「时间」：开始时间 09:00 应早于结束时间 08:00" in caught.value.message
    assert "「地点」：不能为空" in caught.value.message
    added = scheduled.add_reception_day(
        {"day": "2026-12-02", "leader": "钱进", "post": "副县长", "fields": "教育", "time": "9:00-11:00",
         "place": "第一接待室", "mode": "预约", "quota": "5"},
        "staff",
    )
    assert (added.leader_name, added.day, added.time_text, added.mode) == ("钱进", "2026-12-02", "09:00-11:00", "预约")
