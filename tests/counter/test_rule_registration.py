"""Registering a visit at the counter: outcomes, handling, deadlines, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.registration import RegistrationForm, Registrations
from tests.conftest import SHANGHAI
from tests.helpers import approver_account, walk_in

FORM = RegistrationForm(
    purpose="申诉求决",
    category="工资福利待遇",
    locality="测试市东区",
    summary="某公司拖欠工资三个月",
    request="要求结清工资",
    speakers=1,
    people_involved=1,
    outcome="受理为信访事项",
    handling="交办",
    department="市人社局",
)


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def test_prefill_comes_from_the_kiosk(hall, regs):
    ticket = walk_in(hall, 1, service="B", group_size=8, purpose="申诉求决", category="环境污染").ticket
    stored = regs.get(ticket.visit_id)
    assert not stored.registered
    assert stored.form.purpose == "申诉求决"
    assert stored.form.category == "环境污染"
    assert stored.form.people_involved == 8
    assert stored.lead.name == "来访人1"


def test_acceptance_stores_deadlines_15_and_60_days_from_the_visit_day(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, FORM, "staff1")
    assert done.registered and done.registered_by == "staff1"
    assert done.notify_deadline == date(2026, 12, 10)
    assert done.handle_deadline == date(2027, 1, 24)
    assert done.form.case_number.startswith("XF20261125")
    row = hall.db.execute(
        "SELECT notify_deadline, handle_deadline FROM visits WHERE id = ?", (visit,)
    ).fetchone()
    assert row == ("2026-12-10", "2027-01-24")
    assert hall.progress(done.query_code).handle_deadline == "2027-01-24"


def test_deadlines_across_month_end(hall, regs, clock):
    clock.set(datetime(2026, 1, 31, 10, 0, tzinfo=SHANGHAI))
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, FORM, "staff1")
    assert done.notify_deadline == date(2026, 2, 15)
    assert done.handle_deadline == date(2026, 4, 1)


def test_a_visit_late_on_the_last_of_the_month_registered_after_midnight(hall, regs, clock):
    """Deadlines count from the hall's visit day (Shanghai), not from the day the form was
    saved, nor from the UTC date (15:50 UTC on Jan 31 is already 23:50 in the hall)."""
    clock.set(datetime(2026, 1, 31, 23, 50, tzinfo=SHANGHAI))
    visit = walk_in(hall, 1).ticket.visit_id
    clock.set(datetime(2026, 2, 1, 0, 10, tzinfo=SHANGHAI))
    done = regs.register(visit, FORM, "staff1")
    assert (done.notify_deadline, done.handle_deadline) == (date(2026, 2, 15), date(2026, 4, 1))
    assert done.form.case_number.startswith("XF20260131")


def test_reregistering_keeps_the_deadlines_of_the_visit_day(hall, regs, clock):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, FORM, "staff1")
    clock.advance(days=3)
    again = regs.register(visit, replace(FORM, summary="补充：另有社保未缴"), "staff2")
    assert again.handle_deadline == date(2027, 1, 24)
    assert again.registered_by == "staff1"  # who registered first stays on record


def test_not_accepted_has_no_deadlines(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, FORM, "staff1")
    done = regs.register(visit, replace(FORM, outcome="不予受理"), "staff1")
    assert done.notify_deadline is None and done.handle_deadline is None
    assert done.form.handling == "" and done.form.department == ""


def test_statutory_channel_must_be_named(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="法定途径"):
        regs.register(visit, replace(FORM, outcome="依法定途径处理"), "staff1")
    done = regs.register(visit, replace(FORM, outcome="依法定途径处理", statutory_channel="仲裁"), "s")
    assert done.form.statutory_channel == "仲裁"
    assert done.handle_deadline is None


def test_accepted_needs_a_handling_and_assignment_needs_a_department(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="办理方式"):
        regs.register(visit, replace(FORM, handling=""), "s")
    with pytest.raises(InvalidInput, match="承办单位"):
        regs.register(visit, replace(FORM, handling="转送", department="  "), "s")
    assert not regs.get(visit).registered  # nothing half-stored


def test_answered_on_the_spot_is_concluded_at_once(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, replace(FORM, handling="当场答复", department=""), "s")
    assert done.concluded_at is not None and done.notified_at is not None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"summary": "   "}, "摘要"),
        ({"summary": "长" * 2001}, "过长"),
        ({"locality": "区" * 101}, "过长"),
        ({"speakers": "两"}, "整数"),
        ({"speakers": 0}, "1 到"),
        ({"speakers": 3, "people_involved": 2}, "不能多于"),
        ({"outcome": "随便"}, "处理结果"),
        ({"purpose": "闲聊"}, "来访目的"),
        ({"category": ""}, "内容分类"),
    ],
)
def test_bad_input_is_refused_in_chinese(hall, regs, change, message):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match=message):
        regs.register(visit, replace(FORM, **change), "s")


def test_markup_in_text_is_stored_as_typed(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    text = "[bold]x[/] [@click=app.quit]x[/]"
    done = regs.register(visit, replace(FORM, summary=text, request="[/]", locality="[b]"), "s")
    assert (done.form.summary, done.form.request, done.form.locality) == (text, "[/]", "[b]")


def test_case_number_must_be_unique(hall, regs):
    first = walk_in(hall, 1).ticket.visit_id
    second = walk_in(hall, 2).ticket.visit_id
    regs.register(first, replace(FORM, case_number="XF-1"), "s")
    with pytest.raises(InvalidInput, match="登记编号"):
        regs.register(second, replace(FORM, case_number="XF-1"), "s")


def test_every_change_is_in_the_audit_log_without_the_petition_text(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, FORM, "staff1")
    regs.register(visit, replace(FORM, handling="上报", summary="改了"), "staff2")
    regs.open_record(visit, "staff3")
    log = audit.entries(hall.db, subject=f"visit:{visit}")
    assert [(e.actor, e.action) for e in log] == [
        ("staff3", "visit.open"), ("staff2", "visit.update"), ("staff1", "visit.register"),
    ]
    assert log[1].detail["handling"] == "上报"
    assert "summary" in log[1].detail["fields"]
    assert "改了" not in str(log[1].detail) and "拖欠" not in str(log[2].detail)


def test_extension_once_with_reason(hall, regs):
    approver_account(hall)
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, FORM, "s")
    with pytest.raises(InvalidInput, match="理由"):
        regs.extend(visit, "  ", "s")
    longer = regs.extend(visit, "涉及多个部门", "s")
    assert longer.handle_deadline == date(2027, 2, 23) and longer.extended
    with pytest.raises(InvalidInput, match="一次"):
        regs.extend(visit, "再延", "s")
    assert audit.entries(hall.db, action="visit.extend")[0].detail["handle_deadline"] == [
        "2027-01-24", "2027-02-23",
    ]


def test_extension_refused_when_not_accepted(hall, regs):
    approver_account(hall)
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, replace(FORM, outcome="不予受理"), "s")
    with pytest.raises(InvalidInput, match="已受理"):
        regs.extend(visit, "理由", "s")
