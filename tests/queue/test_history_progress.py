"""A person's earlier visits say what became of each matter in the matter's own
vocabulary (matter_state): 已办结 only for an accepted matter that was concluded,
never for a visit that merely ended, nor for one refused on the spot."""

from __future__ import annotations

from dataclasses import replace

from reception.leader.detail import history_text
from reception.queue.history import visits_of_person
from reception.queue.registration import RegistrationForm, Registrations
from tests.helpers import walk_in

FORM = RegistrationForm(purpose="申诉求决", category="其他", summary="摘要", outcome="不予受理")


def past_of(hall, clock, form):
    regs = Registrations(hall.db, hall.config, clock)
    visit = walk_in(hall, 1).ticket.visit_id
    regs.register(visit, form, "s")
    clock.advance(days=1)
    later = walk_in(hall, 1).ticket.visit_id
    lead = regs.get(later).lead
    return visit, visits_of_person(hall.db, lead.id, before_visit=later)[0]


def test_a_refusal_with_an_end_stamp_is_not_shown_as_concluded(hall, clock):
    visit, _ = past_of(hall, clock, FORM)
    hall.db.execute("UPDATE visits SET concluded_at = '2026-11-25T17:00:00+08:00' WHERE id = ?", (visit,))
    past = visits_of_person(hall.db, Registrations(hall.db, hall.config, clock).get(visit).lead.id)[-1]
    assert past.state == "不予受理" and past.progress == ""
    line = history_text([past]).plain
    assert "不予受理" in line and "已办结" not in line


def test_an_accepted_matter_shows_its_state_and_deadline_until_concluded(hall, clock):
    accepted = replace(FORM, outcome="受理为信访事项", handling="转送", department="县住建局")
    visit, past = past_of(hall, clock, accepted)
    assert past.state == "已受理" and past.handle_deadline
    assert past.progress == f"已受理；办结期限 {past.handle_deadline}"
    assert f"办结期限 {past.handle_deadline}" in history_text([past]).plain
    hall.db.execute("UPDATE visits SET reply_at = '2026-12-20', concluded_at = '2026-12-21T10:00:00+08:00'"
                    " WHERE id = ?", (visit,))
    done = visits_of_person(hall.db, Registrations(hall.db, hall.config, clock).get(visit).lead.id)[-1]
    assert done.state == "已办结" and done.progress == "已办结"
    assert "；已办结" in history_text([done]).plain and "办结期限" not in history_text([done]).plain
