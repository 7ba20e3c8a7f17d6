"""The leader's visitor detail and history show why a visit came again or skipped a level."""

from __future__ import annotations

from dataclasses import replace

from reception.leader.detail import history_text, visit_text
from reception.queue.history import visits_of_person
from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import walk_in

FORM = RegistrationForm(purpose="申诉求决", category="其他", summary="摘要", outcome="不予受理")


def test_the_reason_is_read_back_with_the_marking(hall, clock):
    regs = Registrations(hall.db, hall.config, clock)
    first = walk_in(hall, 1).ticket.visit_id
    regs.register(first, replace(FORM, skip_level=True, reason="[b]区里[/b]未受理"), "s")
    clock.advance(days=1)
    second = walk_in(hall, 1).ticket.visit_id
    regs.register(second, replace(FORM, reason="上次答复后仍未解决", matter="XF20261125000001"), "s")

    shown = visit_text(regs.get(second), clock.today(), {}).plain
    assert "标记：重复访（同一事项此前 1 次）\n标记原因：上次答复后仍未解决\n" in shown
    earlier = visit_text(regs.get(first), clock.today(), {}).plain
    assert "标记：越级访\n标记原因：[b]区里[/b]未受理\n" in earlier  # as typed, not markup

    lead = regs.get(second).lead
    past = history_text(visits_of_person(hall.db, lead.id, before_visit=second)).plain
    assert "重复访/越级访原因：[b]区里[/b]未受理" in past


def test_no_reason_line_for_an_unmarked_visit(hall, clock):
    regs = Registrations(hall.db, hall.config, clock)
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, FORM, "s")
    assert "标记原因" not in visit_text(regs.get(visit), clock.today(), {}).plain
