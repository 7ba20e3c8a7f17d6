"""Two lives, two vocabularies (DOMAIN.md "The case after the counter"; seed 000
办件程序; seed 002 满意度评价): the ticket ends at the window, the matter is
concluded later; 已办结 is the matter's word only, and the visitor rates the
reception and, once the matter is concluded, its handling."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reception.queue import matter_state
from reception.queue.errors import InvalidInput
from reception.queue.matter_state import MATTER_STATES, TICKET_STATES
from reception.queue.models import TicketState
from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import approver_account, walk_in

FORM = RegistrationForm(
    purpose="申诉求决", category="工资福利待遇", summary="某公司拖欠工资三个月",
    outcome="受理为信访事项", handling="交办", department="市人社局",
)


@pytest.fixture
def regs(hall, clock):
    return Registrations(hall.db, hall.config, clock)


def finished(hall, n: int = 1):
    ticket = walk_in(hall, n).ticket
    hall.call_next(1, "staff")
    hall.start(ticket.id, "staff")
    return ticket


def test_rule_two_vocabularies_are_the_issues_words():
    assert TICKET_STATES == ("等候中", "已叫号", "接待中", "接待结束", "过号", "已取消")
    assert MATTER_STATES == ("已登记", "已受理", "不予受理", "已告知法定途径", "办理中", "已延期",
                             "已答复", "已办结", "不再受理")


@pytest.mark.parametrize(("columns", "state"), [
    (("",), "已登记"),
    (("不予受理", None, False, "t"), "不予受理"),
    (("依法定途径处理", None, False, "t"), "已告知法定途径"),
    (("不再受理", None, False, "t"), "不再受理"),
    (("受理为信访事项",), "已受理"),
    (("受理为信访事项", "t"), "办理中"),
    (("受理为信访事项", "t", True), "已延期"),
    (("受理为信访事项", "t", True, None, "t"), "已答复"),
    (("受理为信访事项", "t", True, "t", "t"), "已办结"),
])
def test_rule_matter_state_from_the_visits_columns(columns, state):
    assert matter_state.matter_state(*columns) == state


def test_rule_ticket_end_is_not_the_matters_conclusion(hall, regs):
    """The progress lookup once said 状态：已办结 for a matter still being handled."""
    ticket = finished(hall)
    regs.register(ticket.visit_id, FORM, "staff")
    hall.finish(ticket.id, "staff")
    progress = hall.progress(ticket.query_code)
    assert progress.state is TicketState.DONE and progress.state.label == "接待结束"
    assert progress.matter_state == "已受理"
    regs.mark_notified(ticket.visit_id, "staff")
    assert hall.progress(ticket.query_code).matter_state == "办理中"
    regs.conclude(ticket.visit_id, "staff", reply="经核查，已书面答复。", approver=approver_account(hall))
    assert hall.progress(ticket.query_code).matter_state == "已办结"


def test_rule_matter_state_reads_a_recorded_reply_when_the_column_exists(hall, regs):
    """已答复 comes from `visits.reply_at`: a reply recorded before the matter is closed."""
    ticket = finished(hall)
    regs.register(ticket.visit_id, FORM, "staff")
    assert hall.progress(ticket.query_code).matter_state == "已受理"
    hall.db.execute("UPDATE visits SET reply_at = '2026-12-01T10:00:00+08:00' WHERE id = ?",
                    (ticket.visit_id,))
    assert hall.progress(ticket.query_code).matter_state == "已答复"


def test_rule_two_ratings_reception_when_the_ticket_ends(hall, regs):
    ticket = finished(hall)
    regs.register(ticket.visit_id, FORM, "staff")
    hall.finish(ticket.id, "staff")
    progress = hall.rate(ticket.query_code, "满意")
    assert progress.can_rate and not progress.can_rate_handling
    with pytest.raises(InvalidInput, match="事项办结后才能评价办理情况（目前：已受理）"):
        hall.rate_handling(ticket.query_code, "满意")
    assert hall.progress(ticket.query_code).handling_rating == ""


def test_rule_two_ratings_handling_once_the_matter_is_concluded_both_kept(hall, regs):
    ticket = finished(hall)
    regs.register(ticket.visit_id, FORM, "staff")
    hall.finish(ticket.id, "staff")
    hall.rate(ticket.query_code, "基本满意")
    regs.conclude(ticket.visit_id, "staff", reply="经核查，已书面答复。", approver=approver_account(hall))
    progress = hall.rate_handling(ticket.query_code, "满意")
    assert (progress.rating, progress.handling_rating) == ("基本满意", "满意")
    actions = [e.action for e in hall.events_for(ticket.id)]
    assert actions[-2:] == ["rate", "rate_handling"]


def test_rule_two_ratings_a_matter_decided_on_the_spot_is_concluded(hall, regs):
    ticket = finished(hall)
    regs.register(ticket.visit_id, replace(FORM, outcome="不予受理", handling="", department=""), "s")
    assert hall.progress(ticket.query_code).can_rate_handling
    assert hall.rate_handling(ticket.query_code, "不满意").handling_rating == "不满意"


def test_rule_two_ratings_bad_rating_refused(hall, regs):
    ticket = finished(hall)
    regs.register(ticket.visit_id, replace(FORM, outcome="不予受理", handling="", department=""), "s")
    with pytest.raises(InvalidInput, match="评价只能是"):
        hall.rate_handling(ticket.query_code, "很好")
    assert hall.progress(ticket.query_code).handling_rating == ""
