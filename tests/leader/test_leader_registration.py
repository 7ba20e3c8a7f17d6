"""A visitor who reaches the duty leader without a counter's registration (a booked one goes
straight to the leader's queue) is registered from the leader's screen, with the counter's
form and rules, and the talk ends only once the visit has its outcome."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button

from reception.leader.app import create_app
from reception.leader.screens.queue_screen import QueueScreen
from reception.leader.screens.talk_screen import TalkScreen
from reception.queue import audit
from reception.queue.models import CheckInRequest, TicketState, leader_queue
from reception.queue.registration import ACCEPTED, Registrations
from reception.queue.supervision import HANDLE, NOTIFY, due
from reception.staff_ui.registration import RegistrationScreen
from tests.helpers import visitor
from tests.leader.conftest import TODAY
from tests.staff_ui.helpers import settle
from tests.leader.test_leader_app import SIZE, open_queue, text_of

ACTOR = "lijuzhang"


def booked_visitor(hall, leader_id, n: int = 7, **person):
    """Booked for today's reception; at the kiosk the booking routes them to the leader."""
    hall.book_appointment(leader_id, TODAY, visitor(n, **person), "staff")
    ticket = hall.check_in(CheckInRequest(
        lead=visitor(n, **person), service="A", purpose="申诉求决", category="工资福利待遇",
    )).ticket
    assert ticket.queue == leader_queue(leader_id) and ticket.appointment
    return ticket


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def record_talk(pilot) -> None:
    await press(pilot, "t")
    form = pilot.app.screen
    assert isinstance(form, TalkScreen)
    form.notes_area.text = "来访人反映公司拖欠工资四个月。"
    await press(pilot, "ctrl+s")


async def test_a_booked_visitor_is_registered_by_the_leader_before_the_talk_ends(hall, leader_user, leader_id, service):
    ticket = booked_visitor(hall, leader_id)
    regs = Registrations(hall.db, hall.config, hall.clock)
    assert not regs.get(ticket.visit_id).registered
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        assert "尚未登记（按 g 登记）" in text_of(screen.visit_panel)
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer.get("g") == "登记"
        assert screen.query_one("#do-register", Button).region.height > 0
        await press(pilot, "n", "s")
        await record_talk(pilot)
        assert app.screen is screen

        app.clear_notifications()
        await press(pilot, "f")
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING
        assert messages(app) == [f"{ticket.number} 号尚未登记，请先按 g 登记再结束接待"]

        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        # Prefilled from the kiosk, as at the counter.
        assert form._select("purpose").value == "申诉求决"
        assert form._select("category").value == "工资福利待遇"
        # The core's refusals, in Chinese, in the form; nothing stored.
        await press(pilot, "ctrl+s")
        assert app.screen is form and "请填写反映问题摘要" in text_of(form.error_line)
        assert app.focused is form._area("summary")
        form._area("summary").text = "公司拖欠工资四个月"
        await press(pilot, "ctrl+s")
        assert "请选择处理结果" in text_of(form.error_line)
        form._select("outcome").value = ACCEPTED
        await settle(pilot)
        assert text_of(form.deadlines_line).startswith("保存后：告知期限 2026-12-10    办理期限 2027-01-24")
        form._select("handling").value = "交办"
        await press(pilot, "ctrl+s")
        assert "交办须填写承办单位" in text_of(form.error_line)
        assert not regs.get(ticket.visit_id).registered
        form._input("department").value = "县人社局"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert f"{ticket.number} 号登记已保存" in messages(app)
        shown = text_of(screen.visit_panel)
        assert "尚未登记" not in shown
        assert "受理情况：受理为信访事项" in shown and "办理方式：交办 → 县人社局" in shown
        assert "期限：告知 2026-12-10，办结 2027-01-24" in shown

        await press(pilot, "f", "enter")  # 结束接谈 is confirmed (issue 17)
        assert hall.get_ticket(ticket.id).state is TicketState.DONE

    stored = regs.get(ticket.visit_id)
    assert stored.form.outcome == ACCEPTED and stored.registered_by == ACTOR
    assert stored.notify_deadline == date(2026, 12, 10)
    assert stored.handle_deadline == date(2027, 1, 24)
    # Audited as at the counter: the opening for the form, the registration, the finish.
    subject = f"visit:{ticket.visit_id}"
    [entry] = audit.entries(hall.db, action="visit.register", subject=subject)
    assert entry.actor == ACTOR and entry.at == hall.clock.stamp()
    assert entry.detail["outcome"] == ACCEPTED
    assert entry.detail["notify_deadline"] == "2026-12-10"
    assert entry.detail["handle_deadline"] == "2027-01-24"
    assert "summary" in entry.detail["fields"] and "summary" not in entry.detail  # no petition text
    assert len(audit.entries(hall.db, action="visit.open", subject=subject, actor=ACTOR)) == 2
    assert audit.entries(hall.db, action="ticket.finish", subject=f"ticket:{ticket.id}", actor=ACTOR)

    # The 督办 list: absent while far off, there as the deadlines come near.
    assert due(hall.db, date(2026, 12, 1)) == []
    [notify] = due(hall.db, date(2026, 12, 8))
    assert (notify.visit_id, notify.kind, notify.status) == (ticket.visit_id, NOTIFY, "剩 2 天")
    regs.mark_notified(ticket.visit_id, "staff")
    [handle] = due(hall.db, date(2027, 1, 22))
    assert (handle.visit_id, handle.kind, handle.department) == (ticket.visit_id, HANDLE, "县人社局")
    assert handle.lead_name == "来访人7"


async def test_registering_is_refused_before_the_visitor_is_called(hall, leader_user, leader_id, service):
    ticket = booked_visitor(hall, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        app.clear_notifications()
        await press(pilot, "g")
        assert app.screen is screen
        assert messages(app) == [f"{ticket.number} 号当前为“等候中”，叫号后才能登记"]
    assert audit.entries(hall.db, action="visit.register") == []


async def test_leaving_the_form_stores_nothing(hall, leader_user, leader_id, service):
    ticket = booked_visitor(hall, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await press(pilot, "n", "s", "g")
        form = app.screen
        form._area("summary").text = "打了一半"
        await press(pilot, "escape")
        assert app.screen is form and "再按一次 Esc" in text_of(form.error_line)
        await press(pilot, "escape")
        assert app.screen is screen and "尚未登记（按 g 登记）" in text_of(screen.visit_panel)
    assert not Registrations(hall.db, hall.config, hall.clock).get(ticket.visit_id).registered
    assert audit.entries(hall.db, action="visit.register") == []


MARKUP = "[@click=app.quit]x[/]"


async def test_markup_in_the_leaders_registration_is_shown_as_typed(hall, leader_user, leader_id, service):
    ticket = booked_visitor(hall, leader_id, name=MARKUP, address="[bold]路1号")
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await press(pilot, "n", "s", "g")
        form = app.screen
        assert MARKUP in text_of(form.query_one("#reg-person"))
        form._area("summary").text = f"{MARKUP} [bold]摘要[/]"
        form._area("request").text = "[/]"
        form._input("locality").value = "[red]某镇"
        form._select("outcome").value = "依法定途径处理"
        await settle(pilot)
        form._select("channel").value = "仲裁"
        await press(pilot, "ctrl+s")
        assert app.screen is screen and app.is_running
        shown = text_of(screen.visit_panel)
        assert f"{MARKUP} [bold]摘要[/]" in shown and "[red]某镇" in shown and MARKUP in shown
        assert "受理情况：依法定途径处理（仲裁）" in shown
        await pilot.click("#visit-detail", offset=(8, 2))
        await settle(pilot)
        assert app.is_running
    stored = Registrations(hall.db, hall.config, hall.clock).get(ticket.visit_id)
    assert stored.form.summary == f"{MARKUP} [bold]摘要[/]" and stored.notify_deadline is None


async def test_every_action_button_is_on_an_80_column_screen(hall, leader_user, leader_id, service):
    booked_visitor(hall, leader_id)
    for width, height in ((80, 24), (120, 40)):
        app = create_app(service)
        async with app.run_test(size=(width, height)) as pilot:
            screen = await open_queue(hall, pilot)
            buttons = list(screen.query("#actions Button"))
            assert [b.id for b in buttons][3] == "do-register"
            for button in buttons:
                region = button.region
                assert region.width > 0 and region.right <= width and region.bottom <= height, (width, button.id)
