"""The daily quota, enforced the same way at the kiosk, the counter and for bookings."""

from __future__ import annotations

import pytest

from reception.queue.errors import RuleViolation
from reception.queue.models import CheckInRequest, leader_queue
from tests.helpers import visitor, walk_in
from tests.schedule.conftest import leader_id


def ask_for(hall, n: int, leader: int):
    return hall.check_in(CheckInRequest(lead=visitor(n), service="C", requested_leader_id=leader))


def ticket_count(hall) -> int:
    return hall.db.execute("SELECT count(*) FROM tickets").fetchone()[0]


def test_kiosk_offers_only_leaders_receiving_walk_ins_today_with_a_place(scheduled):
    offered = scheduled.leaders_for_walk_ins()
    assert [(d.name, d.left) for d in offered] == [("王建国", 3)]
    # 李红梅 receives today, but by appointment only: listed, not offered.
    assert [(d.name, d.open_to_walk_ins) for d in scheduled.duty_leaders()] == [
        ("王建国", True), ("李红梅", False),
    ]


def test_kiosk_stops_offering_a_leader_once_the_reception_hours_are_over(scheduled, clock):
    # 王建国 receives 09:00-11:30 (hall time); the clock starts at 09:00.
    clock.advance(hours=2, minutes=29)
    assert [d.name for d in scheduled.leaders_for_walk_ins()] == ["王建国"]
    clock.advance(minutes=1)  # 11:30: the leader has finished for the day
    assert scheduled.leaders_for_walk_ins() == []
    assert [d.name for d in scheduled.duty_leaders()] == ["王建国", "李红梅"]  # still today's duty leaders


def test_kiosk_walk_ins_use_up_the_quota_then_are_refused(scheduled):
    wang = leader_id(scheduled, "王建国")
    for n in (1, 2, 3):
        ask_for(scheduled, n, wang)
    assert scheduled.remaining_places(wang) == 0
    assert scheduled.leaders_for_walk_ins() == []
    before = ticket_count(scheduled)
    with pytest.raises(RuleViolation, match="今日接访名额（3 人）已满"):
        ask_for(scheduled, 4, wang)
    assert ticket_count(scheduled) == before


def test_bookings_and_walk_ins_share_the_quota(scheduled):
    wang = leader_id(scheduled, "王建国")
    scheduled.book_appointment(wang, "2026-11-25", visitor(10), "staff")
    scheduled.book_appointment(wang, "2026-11-25", visitor(11), "staff")
    ask_for(scheduled, 1, wang)
    with pytest.raises(RuleViolation, match="已满"):
        ask_for(scheduled, 2, wang)
    with pytest.raises(RuleViolation, match="已满"):
        scheduled.book_appointment(wang, "2026-11-25", visitor(12), "staff")


def test_an_arrived_appointment_is_not_counted_twice(scheduled):
    wang = leader_id(scheduled, "王建国")
    scheduled.book_appointment(wang, "2026-11-25", visitor(10), "staff")
    assert scheduled.remaining_places(wang) == 2
    scheduled.check_in(CheckInRequest(lead=visitor(10), service="C"))
    assert scheduled.remaining_places(wang) == 2


def test_a_cancelled_ticket_gives_its_place_back(scheduled):
    wang = leader_id(scheduled, "王建国")
    first = ask_for(scheduled, 1, wang)
    assert scheduled.remaining_places(wang) == 2
    scheduled.cancel(first.ticket.id, "staff", "来访人离开")
    assert scheduled.remaining_places(wang) == 3


def test_no_walk_ins_on_an_appointment_only_day(scheduled):
    li = leader_id(scheduled, "李红梅")
    with pytest.raises(RuleViolation, match="预约接访，只接待已预约的来访人"):
        ask_for(scheduled, 1, li)


def test_no_walk_ins_for_a_leader_not_receiving_today(scheduled):
    zhao = leader_id(scheduled, "赵卫东")  # receives on 2026-12-01
    with pytest.raises(RuleViolation, match="不是县长赵卫东的接访日"):
        ask_for(scheduled, 1, zhao)
    assert scheduled.remaining_places(zhao) == 0


def test_counter_transfer_to_a_leader_takes_a_place(scheduled):
    wang = leader_id(scheduled, "王建国")
    tickets = [walk_in(scheduled, n).ticket for n in (1, 2, 3, 4)]
    for ticket in tickets[:3]:
        scheduled.transfer(ticket.id, leader_queue(wang), "staff")
    assert scheduled.remaining_places(wang) == 0
    with pytest.raises(RuleViolation, match="已满"):
        scheduled.transfer(tickets[3].id, leader_queue(wang), "staff")
    assert scheduled.get_ticket(tickets[3].id).queue == "A"


def test_transferring_a_walk_in_who_asked_for_the_leader_needs_no_second_place(scheduled):
    wang = leader_id(scheduled, "王建国")
    tickets = [ask_for(scheduled, n, wang).ticket for n in (1, 2, 3)]
    assert scheduled.remaining_places(wang) == 0
    for ticket in tickets:  # registered at the counter, then routed to the leader
        assert scheduled.transfer(ticket.id, leader_queue(wang), "staff").leader_id == wang
    assert scheduled.remaining_places(wang) == 0


def test_counter_cannot_route_to_a_leader_who_is_not_receiving(scheduled):
    zhao = leader_id(scheduled, "赵卫东")
    ticket = walk_in(scheduled, 1).ticket
    with pytest.raises(RuleViolation, match="不是县长赵卫东的接访日"):
        scheduled.transfer(ticket.id, leader_queue(zhao), "staff")


def test_the_next_day_has_its_own_quota(scheduled, clock):
    wang = leader_id(scheduled, "王建国")
    for n in (1, 2, 3):
        ask_for(scheduled, n, wang)
    clock.advance(days=1)
    assert scheduled.remaining_places(wang) == 10
    assert ask_for(scheduled, 4, wang).ticket.hall_day == "2026-11-26"


def _kiosk_asking_for_leader(path, leader, first, out):
    from reception.config import HallConfig
    from reception.queue.db import connect
    from reception.queue.hall import Hall

    hall = Hall(connect(path), HallConfig())
    issued = 0
    for n in range(first, first + 15):
        try:
            ask_for(hall, n, leader)
            issued += 1
        except RuleViolation:
            pass
    out.put(issued)


@pytest.mark.slow
def test_two_kiosks_cannot_both_take_the_last_places(tmp_path):
    import multiprocessing

    from reception.config import HallConfig
    from reception.queue.db import connect
    from reception.queue.hall import Hall

    path = tmp_path / "hall.db"
    hall = Hall(connect(path), HallConfig())
    hall.add_reception_day(
        {"day": hall.clock.hall_day(), "leader": "王建国", "post": "副县长", "fields": "",
         "time": "08:00-18:00", "place": "第一接待室", "mode": "定点", "quota": "10"},
        "staff",
    )
    wang = leader_id(hall, "王建国")
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_kiosk_asking_for_leader, args=(path, wang, first, out)) for first in (0, 1000)]
    for p in procs:
        p.start()
    issued = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert sum(issued) == 10
    assert hall.remaining_places(wang) == 0
