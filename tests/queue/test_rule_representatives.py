"""Rule: a group visit elects at most N representatives (seed 003; config)."""

from dataclasses import replace

import pytest

from reception.queue.errors import RuleViolation
from reception.queue.groups import representatives_left
from reception.queue.models import CheckInRequest, TicketState
from tests.helpers import visitor


def group(lead: int, reps: list[int], size: int = 20) -> CheckInRequest:
    return CheckInRequest(
        lead=visitor(lead),
        representatives=tuple(visitor(n) for n in reps),
        group_size=size,
        service="B",
    )


def test_group_of_three_representatives_gets_one_ticket(hall):
    result = hall.check_in(group(1, [2, 3], size=30))
    assert result.ticket.number == "B001"
    slip = hall.slip_for(result.ticket)
    assert slip.is_group and slip.group_size == 30 and slip.representative_count == 3
    assert "不得超过3人" in slip.representative_rule
    roles = hall.db.execute(
        "SELECT role, count(*) FROM visit_people WHERE visit_id = ? GROUP BY role",
        (result.ticket.visit_id,),
    ).fetchall()
    assert dict(roles) == {"lead": 1, "representative": 2}


def test_fourth_representative_is_refused_citing_the_rule(hall):
    with pytest.raises(RuleViolation) as refused:
        hall.check_in(group(1, [2, 3, 4]))
    assert "最多推选 3 名代表" in refused.value.message
    assert "代表人数不得超过3人" in refused.value.message
    assert hall.tickets() == []  # nothing half-issued
    assert hall.db.execute("SELECT count(*) FROM persons").fetchone()[0] == 0


def test_limit_comes_from_configuration(hall):
    hall.config = replace(hall.config, representative_limit=5)
    result = hall.check_in(group(1, [2, 3, 4, 5]))
    assert hall.slip_for(result.ticket).representative_rule.endswith("不得超过5人")
    with pytest.raises(RuleViolation, match="最多推选 5 名代表"):
        hall.check_in(group(10, [11, 12, 13, 14, 15]))


def test_screen_can_say_how_many_may_still_check_in(config):
    assert representatives_left(1, config) == 2
    assert representatives_left(3, config) == 0
    assert representatives_left(7, config) == 0


def test_group_smaller_than_its_representatives_is_refused(hall):
    with pytest.raises(RuleViolation, match="不能少于"):
        hall.check_in(group(1, [2, 3], size=2))


def test_same_person_twice_in_one_group_is_refused(hall):
    request = CheckInRequest(
        lead=visitor(1), representatives=(visitor(1),), group_size=5, service="B"
    )
    with pytest.raises(RuleViolation, match="重复"):
        hall.check_in(request)


def test_a_person_cannot_represent_two_groups_at_once(hall):
    first = hall.check_in(group(1, [2, 3]))
    with pytest.raises(RuleViolation, match=f"{first.ticket.number}"):
        hall.check_in(group(7, [8, 3]))
    # Once the first group's visit is over, the person may represent another.
    hall.call_next(4, "staff")
    hall.start(first.ticket.id, "staff")
    hall.finish(first.ticket.id, "staff")
    second = hall.check_in(group(7, [8, 3]))
    assert second.ticket.state is TicketState.WAITING and not second.existing


def test_single_visitor_is_not_a_group(hall):
    result = hall.check_in(CheckInRequest(lead=visitor(1), service="A"))
    slip = hall.slip_for(result.ticket)
    assert not slip.is_group and slip.representative_rule == ""
