"""Drafts at the counter (DOMAIN.md "The case after the counter"; seed 000
做到当天存档): what was typed is kept without an outcome (Ctrl+D, and at an idle
logout), the form reopens with it, and the visit still cannot end on a draft."""

from __future__ import annotations

from reception.counter.screens.console import ConsoleScreen
from reception.queue.models import TicketState
from reception.queue.registration import Registrations
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.helpers import walk_in
from tests.staff_ui.helpers import settle, until


def regs(hall) -> Registrations:
    return Registrations(hall.db, hall.config, hall.clock)


async def test_rule_drafts_saved_and_continued_at_the_counter(make_app, hall):
    ticket = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        await pilot.press(*"拖欠工资")
        form._input("phone").value = "139 1234 5678"
        form._input("conduct").value = "情绪激动"
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, ConsoleScreen)
        draft = regs(hall).get(ticket.visit_id).draft
        assert draft is not None and draft.form.summary == "拖欠工资" and draft.saved_by == "liuyang"
        assert draft.person_changes["phone"] == "139 1234 5678"
        assert "登记：有草稿，尚未登记（按 g 继续）" in text_of(app.screen.serving_panel)

        await press(pilot, "f")  # a draft is not an outcome
        assert "只有登记草稿" in text_of(app.screen.status_line)
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING

        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        assert "草稿：liuyang 于 2026-11-25 09:00 保存" in text_of(form.query_one("#reg-draft"))
        assert form._area("summary").text == "拖欠工资"
        assert form._input("phone").value == "139 1234 5678"
        assert form._input("conduct").value == "情绪激动"
        form._select("outcome").value = "不予受理"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
    stored = regs(hall).get(ticket.visit_id)
    assert stored.registered and stored.draft is None
    assert stored.lead is not None and stored.lead.phone == "139 1234 5678"
    assert stored.form.conduct == "情绪激动"


async def test_rule_drafts_an_idle_logout_keeps_the_half_typed_form(make_app, hall):
    now = [1000.0]
    app = make_app(idle_minutes=15, monotonic=lambda: now[0])
    ticket = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket
    async with app.run_test(size=(120, 40)) as pilot:
        await open_registration(pilot)
        await pilot.press(*"公司拖欠工资")
        now[0] += 16 * 60
        app.idle_tick()
        await settle(pilot)
        assert app.user is None
        await until(pilot, lambda: regs(hall).get(ticket.visit_id).draft is not None)
        draft = regs(hall).get(ticket.visit_id).draft
        assert draft is not None and draft.form.summary == "公司拖欠工资" and draft.saved_by == "liuyang"
        await log_in(pilot)
        await press(pilot, "g")
        assert app.screen._area("summary").text == "公司拖欠工资"


async def test_rule_drafts_an_idle_logout_with_nothing_typed_keeps_no_draft(make_app, hall):
    now = [1000.0]
    app = make_app(idle_minutes=15, monotonic=lambda: now[0])
    ticket = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket
    async with app.run_test(size=(120, 40)) as pilot:
        await open_registration(pilot)
        now[0] += 16 * 60
        app.idle_tick()
        await settle(pilot)
        assert app.user is None
    assert regs(hall).get(ticket.visit_id).draft is None


async def test_rule_conduct_warning_shown_to_the_next_clerk(make_app, hall, clock):
    first = walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇").ticket.visit_id
    from reception.queue.registration import RegistrationForm

    regs(hall).register(first, RegistrationForm(purpose="申诉求决", category="工资福利待遇",
                                                summary="拖欠工资", outcome="不予受理",
                                                conduct="[b]拍桌[/b]辱骂"), "s")
    clock.advance(days=1)
    walk_in(hall, 1, purpose="申诉求决", category="工资福利待遇")
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "n")
        warning = "注意：来访人1 2026-11-25 有异常/过激言行记录：[b]拍桌[/b]辱骂"  # as typed, not markup
        assert warning in text_of(app.screen.serving_panel)
        await press(pilot, "s", "g")
        assert warning in text_of(app.screen.query_one("#reg-warnings"))


async def test_rule_visit_form_chosen_at_the_counters_hand_check_in(make_app, hall):
    """A letter (来信) entered by staff: number key 2 in 信访形式; the registration shows it."""
    from reception.counter.screens.walk_in import WalkInScreen

    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, WalkInScreen)
        screen._input("name").value = "写信人"
        screen.query_one("#walk-visit-form").focus()
        await press(pilot, "2", "ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
    (ticket,) = hall.tickets()
    assert regs(hall).get(ticket.visit_id).form.visit_form == "来信"
