"""批示 and 督办, one list (DOMAIN.md "The case after the counter"; seed 000: 成立健全信访案件登记
督办制度; seed 000 篇四 6: 明确解决时限,批转相关部门限时解决): every due date (告知, 办理, 批示,
包案) on one list until done, overdue first with days late; each 催办 recorded."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.supervision import due
from tests.casework.conftest import register_case
from tests.conftest import SHANGHAI


def instruct(hall, visit_id: int, leader_id: int, due_date: str) -> int:
    """A leader's 批示 with a due date on the visit (the talk's own rules are in talks.py)."""
    return hall.db.execute(
        "INSERT INTO talks (visit_id, leader_id, notes, instruction, department, due_date,"
        " recorded_by, created_at, updated_at) VALUES (?, ?, '接谈', '请人社局限期解决', '市人社局', ?,"
        " 'li', '2026-11-25T09:00', '2026-11-25T09:00')",
        (visit_id, leader_id, due_date),
    ).lastrowid


def test_rule_supervision_one_list_holds_every_due_date(service, case, leader, hall, clock):
    talk = instruct(hall, case, leader, "2026-12-05")
    baoan = service.assign_baoan(case, leader, "市人社局", "约谈", "2026-12-08", "staff1")
    clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=SHANGHAI))
    items = service.supervision_list(within_days=None)
    assert [(m.kind, m.deadline, m.days_overdue, m.status) for m in items] == [
        ("批示", date(2026, 12, 5), 6, "已超期 6 天"),
        ("包案", date(2026, 12, 8), 3, "已超期 3 天"),
        ("告知", date(2026, 12, 10), 1, "已超期 1 天"),
        ("办理", date(2027, 1, 24), 0, "剩 44 天"),
    ]
    assert items[0].ref_id == talk and items[0].owner == "李副县长" and items[0].department == "市人社局"
    assert items[1].ref_id == baoan.id
    assert [m.kind for m in service.supervision_list(overdue_only=True)] == ["批示", "包案", "告知"]
    assert [m.kind for m in service.supervision_list()] == ["批示", "包案", "告知"]  # 3 days ahead


def test_rule_supervision_one_list_overdue_first(service, hall, clock):
    early = register_case(service, 1)
    clock.set(datetime(2026, 12, 20, 9, 0, tzinfo=SHANGHAI))
    late = register_case(service, 2)  # notify by 2027-01-04
    service.mark_notified(early, "staff1")
    clock.set(datetime(2027, 1, 3, 9, 0, tzinfo=SHANGHAI))
    items = service.supervision_list(within_days=None)
    assert [(m.visit_id, m.kind, m.overdue) for m in items] == [
        (late, "告知", False), (early, "办理", False), (late, "办理", False),
    ]
    clock.set(datetime(2027, 1, 25, 9, 0, tzinfo=SHANGHAI))
    items = service.supervision_list(within_days=None)
    assert [(m.visit_id, m.kind, m.days_overdue) for m in items][:2] == [(late, "告知", 21), (early, "办理", 1)]
    assert items[0].as_json()["days_overdue"] == 21 and items[0].as_json()["due"] == "2027-01-04"


def test_rule_supervision_one_list_instruction_leaves_when_concluded(service, case, leader, hall):
    instruct(hall, case, leader, "2026-12-05")
    service.conclude(case, "staff1", reply="已结清", approver="李副县长")
    assert service.supervision_list(within_days=None) == []


def test_rule_supervision_reminder_is_recorded(service, case, leader, hall):
    talk = instruct(hall, case, leader, "2026-12-05")
    service.remind(case, "办理", "电话", "staff1", note="已电话催人社局")
    service.remind(case, "批示", "书面", "staff2", ref_id=talk)
    items = {m.kind: m for m in service.supervision_list(within_days=None)}
    assert (items["办理"].reminders, items["批示"].reminders, items["告知"].reminders) == (1, 1, 0)
    assert items["办理"].last_reminder.startswith("2026-11-25T09:00")
    assert [(r.kind, r.method, r.actor, r.note) for r in service.reminders(case)] == [
        ("办理", "电话", "staff1", "已电话催人社局"), ("批示", "书面", "staff2", ""),
    ]
    assert [e.actor for e in audit.entries(hall.db, action="supervise.remind")] == ["staff2", "staff1"]


def test_rule_supervision_reminder_refusals(service, case):
    with pytest.raises(InvalidInput, match="催办方式"):
        service.remind(case, "办理", "飞鸽", "staff1")
    with pytest.raises(InvalidInput, match="催办类型"):
        service.remind(case, "其他", "电话", "staff1")
    with pytest.raises(InvalidInput, match="哪一条批示"):
        service.remind(case, "批示", "电话", "staff1")
    assert service.reminders(case) == []


def test_supervision_list_default_window_keeps_the_counters_three_days(hall, service, case):
    assert due(hall.db, date(2026, 12, 6)) == []
    assert [m.kind for m in due(hall.db, date(2026, 12, 7))] == ["告知"]
