"""Rule: the priority rules of `[priority]` (issue 17 item 6): 预约 and 优先 first,
N:M interleaved with walk-ins, or order of arrival only; the age configurable."""

from dataclasses import replace

import pytest

from reception.config import ConfigError, parse_config
from reception.config.sections import PrioritySettings
from reception.queue import ordering
from reception.queue.models import CheckInRequest
from reception.queue.ordering import Turn
from reception.queue.service import HallService
from tests.helpers import visitor, walk_in
from tests.queue.test_rule_calling_order import call_all

ELDER = "1940-01-01"


def set_rules(hall, **rules):
    hall.config = replace(hall.config, priority=PrioritySettings(**rules))


def arrive(hall, clock, kinds):
    """Visitors in this order of arrival, a minute apart: w walk-in, e elderly
    (over 70), d a walk-in staff mark 残疾, a appointment, A an elderly visitor's
    appointment. Their numbers, in order."""
    numbers = []
    for n, kind in enumerate(kinds, start=1):
        if kind == "e":
            result = hall.check_in(CheckInRequest(lead=visitor(n, birth_date=ELDER), service="A"))
        elif kind == "A":
            result = hall.check_in(
                CheckInRequest(lead=visitor(n, birth_date=ELDER), service="A", appointment=True)
            )
        elif kind == "a":
            result = walk_in(hall, n, appointment=True)
        else:
            result = walk_in(hall, n)
            if kind == "d":
                hall.prioritise(result.ticket.id, "残疾", "staff")
        numbers.append(result.ticket.number)
        clock.advance(minutes=1)
    return numbers


def waiting_order(hall, queues=("A",)):
    return [t.number for t in hall.tickets(queues=list(queues), states=["waiting"])]


def test_first_mode_calls_appointments_then_priority_then_arrival(hall, clock):
    set_rules(hall, mode="first")
    arrive(hall, clock, "wewdaw")
    expected = ["A005", "A002", "A004", "A001", "A003", "A006"]
    assert waiting_order(hall) == expected
    assert call_all(hall) == expected


def test_off_mode_calls_in_order_of_arrival_only(hall, clock):
    set_rules(hall, mode="off")
    # every pairing of appointment and priority, out of their `first` order
    arrive(hall, clock, "wewdawAw")
    expected = ["A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008"]
    assert waiting_order(hall) == expected
    assert [hall.ahead_of(t) for t in hall.tickets(states=["waiting"])] == list(range(8))
    assert call_all(hall) == expected


def test_interleave_one_priority_per_two_walk_ins_exact_sequence(hall, clock):
    set_rules(hall, mode="interleave", priority_turns=1, walk_in_turns=2)
    # walk-ins A001 A002 A004 A005 A007 A008; priority A003 (elder), A006 (残疾), A009 (预约)
    arrive(hall, clock, "wwewwdwwa")
    # 预约 before 优先 within the priority side; the day starts with the priority side.
    expected = ["A009", "A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008"]
    assert waiting_order(hall) == expected
    tickets = {t.number: t for t in hall.tickets(states=["waiting"])}
    assert [hall.ahead_of(tickets[number]) for number in expected] == list(range(9))
    assert call_all(hall) == expected


def test_interleave_two_priority_per_three_walk_ins(hall, clock):
    set_rules(hall, mode="interleave", priority_turns=2, walk_in_turns=3)
    arrive(hall, clock, "wwwwweee")  # A001-A005 walk-ins, A006-A008 elderly
    expected = ["A006", "A007", "A001", "A002", "A003", "A008", "A004", "A005"]
    assert waiting_order(hall) == expected
    assert call_all(hall) == expected


def test_interleave_a_side_with_nobody_gives_its_turn_and_the_count_runs_on(hall, clock):
    set_rules(hall, mode="interleave", priority_turns=1, walk_in_turns=2)
    arrive(hall, clock, "www")
    assert call_all(hall) == ["A001", "A002", "A003"]  # no priority visitor: walk-ins only
    later = arrive(hall, clock, "we")  # A004 walk-in, A005 elderly
    assert later == ["A004", "A005"]
    # three walk-ins in a row already: the priority visitor is next
    assert waiting_order(hall) == ["A005", "A004"]
    assert call_all(hall) == ["A005", "A004"]


def test_whose_turn_it_is_is_kept_in_the_database(db_path, hall, clock):
    set_rules(hall, mode="interleave", priority_turns=1, walk_in_turns=2)
    arrive(hall, clock, "ewwwe")  # A001 and A005 elderly
    for _ in range(2):  # A001 (priority), A002 (walk-in): one more walk-in is due
        ticket = hall.call_next(1, "staff")
        hall.no_show(ticket.id, "staff")
    # another process (a second counter, after a restart) sees the same turn
    other = HallService.open(db_path, hall.config, clock)
    try:
        assert [t.number for t in other.tickets(states=["waiting"])] == ["A003", "A005", "A004"]
        assert other.call_next(2, "staff").number == "A003"
    finally:
        other.close()


def test_interleave_window_serving_two_queues_calls_the_queue_whose_turn_is_priority(hall, clock):
    set_rules(hall, mode="interleave", priority_turns=1, walk_in_turns=1)
    walk_in(hall, 1, service="A")
    clock.advance(minutes=1)
    walk_in(hall, 2, service="B")
    clock.advance(minutes=1)
    hall.check_in(CheckInRequest(lead=visitor(3, birth_date=ELDER), service="B"))
    # window 3 serves A and B: B's turn gives its priority visitor first
    assert waiting_order(hall, ("A", "B")) == ["B002", "A001", "B001"]
    assert call_all(hall, window=3) == ["B002", "A001", "B001"]


def test_age_is_configurable_and_zero_turns_the_age_rule_off(hall, clock):
    set_rules(hall, age=60)
    sixty = hall.check_in(CheckInRequest(lead=visitor(1, birth_date="1966-11-25"), service="A"))
    assert sixty.ticket.priority and sixty.ticket.priority_reason == "年满60周岁"
    set_rules(hall, age=0)
    old = hall.check_in(CheckInRequest(lead=visitor(2, birth_date="1930-01-01"), service="A"))
    assert not old.ticket.priority


def test_why_ahead_names_the_reason_except_when_priority_is_off():
    assert ordering.why_ahead(False, True, "年满70周岁", "first") == "优先：年满70周岁"
    assert ordering.why_ahead(True, False, "", "interleave") == "预约"
    assert ordering.why_ahead(True, True, "残疾", "off") == ""


def test_calls_before_agrees_with_arrange():
    # calls_before counts whole rounds at once: every length, turn and N:M below
    # is checked against arrange's call-by-call order.
    turns = (Turn(), Turn(True, 1), Turn(True, 2), Turn(True, 3), Turn(False, 1), Turn(False, 2), Turn(False, 5))
    for n in (1, 2, 3):
        for m in (1, 2, 3):
            for turn in turns:
                for priority_waiting in range(9):
                    for walk_ins in range(11):
                        order = ordering.arrange([("p", i) for i in range(priority_waiting)],
                                                 [("w", i) for i in range(walk_ins)], turn, n, m)
                        for position, (side, rank) in enumerate(order):
                            assert ordering.calls_before(
                                side == "p", rank, priority_waiting, walk_ins, turn, n, m
                            ) == position, (n, m, turn, priority_waiting, walk_ins, side, rank)


def test_calls_before_a_long_queue_counts_rounds_not_calls():
    # 1:2 from the start of a day: the walk-in at rank 59,999 of 60,000 (with
    # 30,000 priority visitors, all called in the first 30,000 rounds).
    assert ordering.calls_before(False, 59_999, 30_000, 60_000, Turn(), 1, 2) == 89_999
    assert ordering.calls_before(True, 29_999, 30_000, 60_000, Turn(), 1, 2) == 29_999 * 3


def test_config_section_and_the_older_key(tmp_path):
    config = parse_config({"priority": {"mode": "interleave", "priority_turns": 1, "walk_in_turns": 3}})
    assert config.priority == PrioritySettings(mode="interleave", age=70, priority_turns=1, walk_in_turns=3)
    assert parse_config({"priority_age": 65}).priority.age == 65
    assert parse_config({"priority": {"age": 65}}).priority_age == 65


@pytest.mark.parametrize(
    ("raw", "key", "problem"),
    [
        ({"priority": {"mode": "elderly"}}, "priority.mode", "应为 'first' | 'interleave' | 'off' 之一"),
        ({"priority": {"walk_in_turns": 0}}, "priority.walk_in_turns", "应在 1 到 20"),
        ({"priority": {"priority_turns": "1"}}, "priority.priority_turns", "应为整数"),
        ({"priority": {"age": 65}, "priority_age": 70}, "priority_age", "不一致"),
        ({"priority": {"order": "first"}}, "priority.order", "未知的配置项"),
    ],
)
def test_bad_priority_settings_are_refused_in_chinese(raw, key, problem):
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    assert caught.value.key == key and problem in caught.value.problem
