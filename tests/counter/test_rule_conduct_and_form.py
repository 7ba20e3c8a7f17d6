"""Missing outcomes and fields (DOMAIN.md "The case after the counter"; seed 000
接访程序 来访人的异样、过激言行; the national system's 信访形式): behaviour is
recorded and shown to the next clerk and leader as a warning; staff registering
a matter that did not come through the kiosk record how it came."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.registration import NEW_MATTER, RegistrationForm, Registrations
from tests.helpers import visitor, walk_in

FORM = RegistrationForm(
    purpose="申诉求决", category="工资福利待遇", summary="某公司拖欠工资三个月", outcome="不予受理",
)


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def test_rule_conduct_is_recorded_and_warns_at_the_next_visit(hall, regs, clock, service):
    first = walk_in(hall, 1).ticket.visit_id
    done = regs.register(first, replace(FORM, conduct="  拍桌辱骂接待人员  "), "s")
    assert done.form.conduct == "拍桌辱骂接待人员"
    assert done.warnings == ("注意：来访人1 2026-11-25 有异常/过激言行记录：拍桌辱骂接待人员",)
    clock.advance(days=3)
    ticket = walk_in(hall, 1).ticket
    assert regs.get(ticket.visit_id).warnings == done.warnings
    hall.call_next(1, "s")
    current = service.serving_at(1)
    assert current is not None and current.warnings == done.warnings


def test_rule_conduct_of_a_representative_warns_too(hall, regs, clock):
    regs.register(walk_in(hall, 2).ticket.visit_id, replace(FORM, conduct="情绪激动"), "s")
    clock.advance(days=1)
    group = walk_in(hall, 1, representatives=(visitor(2),), group_size=3).ticket.visit_id
    assert regs.get(group).warnings == ("注意：来访人2 2026-11-25 有异常/过激言行记录：情绪激动",)


def test_rule_conduct_no_warning_for_others(hall, regs):
    regs.register(walk_in(hall, 2).ticket.visit_id, replace(FORM, conduct="情绪激动"), "s")
    assert regs.get(walk_in(hall, 1).ticket.visit_id).warnings == ()


def test_rule_conduct_too_long_is_refused(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="异常/过激言行过长（最多 500 字"):
        regs.register(visit, replace(FORM, conduct="闹" * 501), "s")
    assert not regs.get(visit).registered


@pytest.mark.parametrize("form", ["来信", "网上", "电话", "来访"])
def test_rule_visit_form_is_recorded(hall, regs, form):
    visit = walk_in(hall, 1).ticket.visit_id
    done = regs.register(visit, replace(FORM, visit_form=form), "s")
    assert done.form.visit_form == form
    assert hall.db.execute("SELECT form FROM visits WHERE id = ?", (visit,)).fetchone() == (form,)


def test_rule_visit_form_outside_the_list_is_refused(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="信访形式只能是：来访 / 来信 / 网上 / 电话"):
        regs.register(visit, replace(FORM, visit_form="传真"), "s")


def test_rule_no_more_is_an_outcome(hall, regs):
    from reception.queue.service import OUTCOMES

    assert "不再受理" in OUTCOMES
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="不再受理只适用于"):
        regs.register(visit, replace(FORM, outcome="不再受理", matter=NEW_MATTER), "s")


def test_rule_visit_form_given_when_staff_enter_a_matter_by_hand(hall, regs):
    """A letter entered at the counter is stored as 来信 from the start; the form shows it."""
    from reception.queue.models import CheckInRequest

    ticket = hall.check_in(CheckInRequest(lead=visitor(3), service="A", visit_form="来信"), "liuyang").ticket
    assert regs.get(ticket.visit_id).form.visit_form == "来信"


def test_rule_visit_form_of_a_check_in_outside_the_list_is_refused(hall):
    from reception.queue.models import CheckInRequest

    with pytest.raises(InvalidInput, match="信访形式只能是"):
        hall.check_in(CheckInRequest(lead=visitor(3), service="A", visit_form="传真"), "liuyang")
    assert hall.tickets() == []
