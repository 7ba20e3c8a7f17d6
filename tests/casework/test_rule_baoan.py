"""包案 (DOMAIN.md "The case after the counter"; seed 000 篇四: 明确包案领导、责任单位; seed 001:
领导干部…亲自包案,亲自调度,一抓到底; seed 002: 领导包案)."""

from __future__ import annotations

from datetime import date

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput, RuleViolation
from reception.queue.supervision import due
from tests.casework.conftest import add_leader


def test_rule_baoan_gives_a_case_to_a_leader_with_unit_measures_and_due_date(service, case, leader, hall):
    baoan = service.assign_baoan(case, leader, "市人社局", "约谈企业负责人，督促一周内支付", "2026-12-15", "staff1")
    assert (baoan.leader_name, baoan.unit, baoan.due_date, baoan.open) == (
        "李副县长", "市人社局", date(2026, 12, 15), True)
    assert service.baoan_of_leader(leader) == [baoan]
    [item] = [m for m in due(hall.db, date(2026, 12, 16), within_days=None) if m.kind == "包案"]
    assert (item.case_number, item.owner, item.department, item.days_overdue) == (
        baoan.case_number, "李副县长", "市人社局", 1)
    assert audit.entries(hall.db, action="baoan.assign")[0].detail["leader_id"] == leader


def test_rule_baoan_needs_unit_measures_and_a_due_date(service, case, leader):
    with pytest.raises(InvalidInput, match="责任单位"):
        service.assign_baoan(case, leader, " ", "约谈", "2026-12-15", "staff1")
    with pytest.raises(InvalidInput, match="措施"):
        service.assign_baoan(case, leader, "市人社局", "", "2026-12-15", "staff1")
    with pytest.raises(InvalidInput, match="期限"):
        service.assign_baoan(case, leader, "市人社局", "约谈", "", "staff1")
    with pytest.raises(InvalidInput, match="早于今天"):
        service.assign_baoan(case, leader, "市人社局", "约谈", "2026-11-24", "staff1")
    with pytest.raises(InvalidInput, match="不能晚于"):
        service.assign_baoan(case, leader, "市人社局", "约谈", "2027-12-01", "staff1")
    assert service.baoan_of_visit(case) == []


def test_rule_baoan_one_open_per_case(service, case, leader):
    service.assign_baoan(case, leader, "市人社局", "约谈", "2026-12-15", "staff1")
    with pytest.raises(RuleViolation, match="已有未结的包案"):
        service.assign_baoan(case, leader, "市住建局", "约谈", "2026-12-15", "staff1")


def test_rule_baoan_closed_by_its_leader_with_a_result(service, case, leader, hall):
    other = add_leader(service, "赵副县长", "第二接待室")
    baoan = service.assign_baoan(case, leader, "市人社局", "约谈", "2026-12-15", "staff1")
    with pytest.raises(RuleViolation, match="不是您的包案"):
        service.close_baoan(baoan.id, "已解决", "zhao", leader_id=other)
    with pytest.raises(InvalidInput, match="结果"):
        service.close_baoan(baoan.id, "  ", "li", leader_id=leader)
    closed = service.close_baoan(baoan.id, "工资已于12月10日全部结清", "li", leader_id=leader)
    assert not closed.open and closed.result == "工资已于12月10日全部结清" and closed.closed_by == "li"
    assert service.baoan_of_leader(leader) == []
    assert service.baoan_of_leader(leader, include_closed=True) == [closed]
    assert not [m for m in due(hall.db, date(2026, 12, 16), within_days=None) if m.kind == "包案"]
    with pytest.raises(InvalidInput, match="已结案"):
        service.close_baoan(baoan.id, "再结", "li", leader_id=leader)
