"""Registration drafts (DOMAIN.md "The case after the counter"; seed 000 做到当天存档;
seed 001 件件有着落): a registration is saved without an outcome, what was typed is
kept and continued later by whoever opens the visit; a visit still cannot end on
a draft."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue import audit
from reception.queue.errors import InvalidInput, RuleViolation
from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import walk_in

TYPED = RegistrationForm(summary="某公司拖欠工资三个月\n共 12 人", speakers="1", people_involved="12",
                         conduct="情绪激动", visit_form="来访")


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def test_rule_drafts_keep_what_was_typed_without_an_outcome(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    saved = regs.save_draft(visit, TYPED, "liuyang", {"phone": "138 0000 1111"}, "11010519491231002X")
    assert not saved.registered
    draft = regs.get(visit).draft
    assert draft is not None
    assert draft.form.summary == "某公司拖欠工资三个月\n共 12 人" and draft.form.outcome == ""
    assert draft.form.people_involved == "12" and draft.form.conduct == "情绪激动"
    assert draft.person_changes == {"phone": "138 0000 1111"}
    assert draft.document == "11010519491231002X"
    assert (draft.saved_by, draft.saved_at[:10]) == ("liuyang", "2026-11-25")


def test_rule_drafts_are_continued_and_replaced(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.save_draft(visit, TYPED, "liuyang")
    regs.save_draft(visit, replace(TYPED, request="要求结清工资"), "leader1")
    draft = regs.get(visit).draft
    assert draft is not None and draft.form.request == "要求结清工资" and draft.saved_by == "leader1"
    assert hall.db.execute("SELECT count(*) FROM registration_drafts").fetchone() == (1,)


def test_rule_drafts_a_half_typed_value_is_kept_as_typed(hall, regs):
    """A phone half typed or a count not yet a number is not refused in a draft."""
    visit = walk_in(hall, 1).ticket.visit_id
    regs.save_draft(visit, replace(TYPED, speakers="", purpose="不在列表"), "s", {"phone": "138"})
    draft = regs.get(visit).draft
    assert draft is not None and draft.form.speakers == "" and draft.person_changes["phone"] == "138"


def test_rule_drafts_a_visit_cannot_end_on_a_draft(hall, regs):
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "s")
    hall.start(ticket.id, "s")
    regs.save_draft(ticket.visit_id, TYPED, "s")
    with pytest.raises(RuleViolation, match="A001 号只有登记草稿，请按 g 选择处理结果并保存后再结束接待"):
        regs.check_can_finish(hall.get_ticket(ticket.id))


def test_rule_drafts_registering_removes_the_draft(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.save_draft(visit, TYPED, "s")
    form = replace(TYPED, purpose="申诉求决", category="工资福利待遇", speakers=1, outcome="不予受理")
    done = regs.register(visit, form, "s")
    assert done.registered and done.draft is None
    assert hall.db.execute("SELECT count(*) FROM registration_drafts").fetchone() == (0,)


def test_rule_drafts_a_registered_visit_is_not_drafted(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, replace(TYPED, purpose="申诉求决", category="工资福利待遇", speakers=1,
                                 outcome="不予受理"), "s")
    with pytest.raises(InvalidInput, match="该来访已登记，不能存为草稿"):
        regs.save_draft(visit, TYPED, "s")


def test_rule_drafts_too_long_text_is_refused_and_nothing_stored(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="反映问题摘要过长"):
        regs.save_draft(visit, replace(TYPED, summary="字" * 2001), "s")
    assert regs.get(visit).draft is None


def test_rule_drafts_the_document_field_cannot_be_changed_through_a_draft(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    with pytest.raises(InvalidInput, match="不能修改的来访人字段"):
        regs.save_draft(visit, TYPED, "s", {"doc_number": "X"})


def test_rule_drafts_are_audited_without_their_text(hall, regs):
    visit = walk_in(hall, 1).ticket.visit_id
    regs.save_draft(visit, TYPED, "liuyang")
    (entry,) = audit.entries(hall.db, action="visit.draft")
    assert entry.actor == "liuyang" and "summary" in entry.detail["fields"]
    assert "拖欠" not in str(entry.detail)
