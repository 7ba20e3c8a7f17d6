"""Same matter or new matter (DOMAIN.md "The case after the counter": Repeat
visits are about a matter; seed 000 重复访, 不再受理): staff see the person's
earlier matters and link the visit to one or mark it new; only a visit about
the same matter is a 重复访 and asks for its reason; representatives count."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue.errors import InvalidInput
from reception.queue.registration import NEW_MATTER, RegistrationForm, Registrations
from tests.helpers import approver_account, visitor, walk_in

FORM = RegistrationForm(
    purpose="申诉求决", category="工资福利待遇", summary="某公司拖欠工资三个月", outcome="不予受理",
)
FIRST = "XF20261125000001"


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


@pytest.fixture
def second_visit(hall, regs, clock):
    """Visitor 1 raised a matter yesterday and is back today."""
    regs.register(walk_in(hall, 1).ticket.visit_id, FORM, "s")
    clock.advance(days=1)
    return walk_in(hall, 1).ticket.visit_id


def test_rule_same_matter_earlier_matters_are_shown(regs, second_visit):
    (matter,) = regs.get(second_visit).earlier_matters
    assert (matter.case_number, matter.hall_day, matter.summary, matter.state, matter.visits) == (
        FIRST, "2026-11-25", "某公司拖欠工资三个月", "不予受理", 1)
    assert matter.person == "来访人1"


def test_rule_same_matter_a_choice_is_required_when_there_are_earlier_matters(regs, second_visit):
    with pytest.raises(InvalidInput, match="此前有 1 件信访事项：请选择本次来访关联的事项，或选“新事项”"):
        regs.register(second_visit, FORM, "s")
    assert not regs.get(second_visit).registered


def test_rule_same_matter_a_new_matter_is_not_a_repeat_visit(hall, regs, second_visit):
    """The kiosk saw the person before; about something else, no reason is asked."""
    assert regs.get(second_visit).is_repeat  # the kiosk's "seen before"
    done = regs.register(second_visit, replace(FORM, summary="邻居噪音扰民", matter=NEW_MATTER), "s")
    assert not done.is_repeat and done.matter_visit_id is None and done.form.matter == NEW_MATTER
    assert hall.db.execute("SELECT is_repeat FROM visits WHERE id = ?", (second_visit,)).fetchone() == (0,)


def test_rule_same_matter_a_linked_visit_is_a_repeat_visit_and_asks_its_reason(hall, regs, second_visit):
    with pytest.raises(InvalidInput, match="请填写重复访原因"):
        regs.register(second_visit, replace(FORM, matter=FIRST), "s")
    done = regs.register(second_visit, replace(FORM, matter=FIRST, reason="对答复不服"), "s")
    assert done.is_repeat and done.matter_visit_id == 1 and done.form.matter == FIRST
    assert done.matter_visits == 1
    (matter,) = regs.get(second_visit).earlier_matters
    assert matter.visits == 1  # this visit is not counted as earlier than itself


def test_rule_same_matter_counts_visits_about_the_same_matter_only(hall, regs, clock, second_visit):
    regs.register(second_visit, replace(FORM, matter=FIRST, reason="对答复不服"), "s")
    clock.advance(days=1)
    third = walk_in(hall, 1).ticket.visit_id
    matters = regs.get(third).earlier_matters
    assert [(m.case_number, m.visits) for m in matters] == [(FIRST, 2)]
    done = regs.register(third, replace(FORM, matter=FIRST, reason="仍不服"), "s")
    assert done.matter_visits == 2 and done.matter_visit_id == 1
    clock.advance(days=1)
    fourth = walk_in(hall, 1).ticket.visit_id
    new = regs.register(fourth, replace(FORM, summary="另一件事", matter=NEW_MATTER), "s")
    assert not new.is_repeat
    (repeats,) = hall.db.execute("SELECT count(*) FROM visits WHERE is_repeat = 1").fetchone()
    assert repeats == 2


def test_rule_same_matter_representatives_are_matched_too(hall, regs, clock):
    """Visitor 2 raised a matter alone; today visitor 1 comes with 2 as a representative."""
    regs.register(walk_in(hall, 2).ticket.visit_id, FORM, "s")
    clock.advance(days=1)
    group = walk_in(hall, 1, representatives=(visitor(2),), group_size=5).ticket.visit_id
    (matter,) = regs.get(group).earlier_matters
    assert (matter.case_number, matter.person) == (FIRST, "来访人2")
    done = regs.register(group, replace(FORM, matter=FIRST, reason="集体反映同一欠薪问题",
                                        speakers=2, people_involved=5), "s")
    assert done.is_repeat


def test_rule_same_matter_an_unknown_case_number_is_refused(regs, second_visit):
    with pytest.raises(InvalidInput, match="登记编号 XF99 不是本次来访人以前的信访事项"):
        regs.register(second_visit, replace(FORM, matter="XF99", reason="x"), "s")


def test_rule_same_matter_another_persons_matter_cannot_be_linked(hall, regs, clock):
    regs.register(walk_in(hall, 2).ticket.visit_id, FORM, "s")
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="不是本次来访人以前的信访事项"):
        regs.register(visit, replace(FORM, matter=FIRST, reason="x"), "s")


def test_rule_no_more_only_for_a_concluded_earlier_matter(hall, regs, clock):
    """不再受理 (seed 000): a matter already concluded through the proper steps."""
    accepted = replace(FORM, outcome="受理为信访事项", handling="交办", department="市人社局")
    first = walk_in(hall, 1).ticket.visit_id
    regs.register(first, accepted, "s")
    clock.advance(days=1)
    again = walk_in(hall, 1).ticket.visit_id
    no_more = replace(FORM, outcome="不再受理", matter=FIRST, reason="已答复仍反复来访")
    with pytest.raises(InvalidInput, match="不再受理只适用于已按规定办结的原信访事项"):
        regs.register(again, no_more, "s")
    with pytest.raises(InvalidInput, match="不再受理只适用于"):
        regs.register(again, replace(no_more, matter=NEW_MATTER), "s")
    regs.conclude(first, "s", reply="经核查，已书面答复。", approver=approver_account(hall))
    done = regs.register(again, no_more, "s")
    assert done.form.outcome == "不再受理" and done.matter_state == "不再受理"
    assert done.concluded_at is not None and done.handle_deadline is None
