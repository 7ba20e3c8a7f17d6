"""A visitor sent to the duty leader before anything was decided arrives with what
the counter typed (DOMAIN.md "The case after the counter": drafts are continued by
the leader the visitor was sent to), and the leader can keep a draft too."""

from __future__ import annotations

from reception.leader.app import create_app
from reception.queue.registration import RegistrationForm, Registrations
from reception.staff_ui.registration import RegistrationScreen
from tests.leader.test_leader_app import SIZE, open_queue, text_of
from tests.leader.test_leader_registration import booked_visitor, press


async def test_rule_drafts_continued_by_the_leader(hall, leader_user, leader_id, service):
    ticket = booked_visitor(hall, leader_id)
    regs = Registrations(hall.db, hall.config, hall.clock)
    typed = RegistrationForm(purpose="申诉求决", category="工资福利待遇", summary="公司拖欠工资四个月")
    regs.save_draft(ticket.visit_id, typed, "liuyang", {"phone": "139 1234 5678"})
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await press(pilot, "n", "s")
        assert "有登记草稿（liuyang 于 2026-11-25 09:00 保存）" in text_of(screen.visit_panel)
        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        assert form._area("summary").text == "公司拖欠工资四个月"
        assert form._input("phone").value == "139 1234 5678"
        form._area("request").text = "要求结清"
        await press(pilot, "ctrl+d")  # still undecided: kept again, by the leader
        assert app.screen is screen
        draft = regs.get(ticket.visit_id).draft
        assert draft is not None and draft.saved_by == "lijuzhang" and draft.form.request == "要求结清"
        await press(pilot, "g")
        form = app.screen
        form._select("outcome").value = "不予受理"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
    stored = regs.get(ticket.visit_id)
    assert stored.registered and stored.draft is None and stored.form.request == "要求结清"
