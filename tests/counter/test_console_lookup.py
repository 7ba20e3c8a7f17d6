"""History by document number, hand check-in at the counter, extending a deadline."""

from __future__ import annotations

from datetime import date

from reception.counter.screens.console import ConsoleScreen
from reception.counter.screens.history import HistoryScreen
from reception.counter.screens.supervision import SupervisionScreen
from reception.counter.screens.walk_in import WalkInScreen
from reception.queue import audit
from reception.queue.models import CheckInRequest
from reception.queue.registration import RegistrationForm, Registrations
from tests.counter.conftest import log_in, text_of
from tests.helpers import visitor

GOOD_ID = "11010519491231002X"
FORM = RegistrationForm(purpose="申诉求决", category="环境污染", summary="工厂排污[/]",
                        outcome="受理为信访事项", handling="交办", department="环保局")


async def test_history_by_document_number(make_app, hall, clock):
    ticket = hall.check_in(CheckInRequest(lead=visitor(1, doc_number=GOOD_ID), service="A")).ticket
    Registrations(hall.db, hall.config, clock).register(ticket.visit_id, FORM, "s")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.press("h")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press(*"110105194912310021", "enter")
        await pilot.pause()
        assert text_of(screen.status_line) == "没有此证件的来访记录"
        screen.doc_number.value = GOOD_ID.lower()
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(screen.status_line) == "共 1 次来访"
        row = [str(cell) for cell in screen.results.get_row_at(0)]
        assert row[:5] == ["2026-11-25", "A001", "主访人", "工厂排污[/]", "受理为信访事项 / 交办"]
        entry = audit.entries(hall.db, action="person.history")[0]
        assert entry.actor == "liuyang" and entry.detail == {"found": True}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConsoleScreen)


async def test_hand_check_in_without_a_card_prints_a_ticket(make_app, hall, printer):
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WalkInScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "姓名不能为空" in text_of(screen.error_line)
        screen._input("name").value = "[@click=app.quit]老人[/]"
        screen._input("doc-number").value = "110105194912310021"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "校验未通过" in text_of(screen.error_line)
        screen._input("doc-number").value = ""
        screen._input("phone").value = "电话"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "联系电话" in text_of(screen.error_line)
        screen._input("phone").value = "13800000000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert text_of(app.screen.status_line).startswith("已取号：A001")
        ticket = hall.find_ticket("A001")
        assert [e.actor for e in hall.events_for(ticket.id)][:1] == ["liuyang"]
        for _ in range(50):
            if printer.link.jobs:
                break
            await pilot.pause(0.02)
        assert any("A001" in line.text for line in printer.tickets[0].lines)
        await pilot.press("n")
        await pilot.pause()
        assert "[@click=app.quit]老人[/]" in text_of(app.screen.serving_panel)
        assert "（无证件）" in text_of(app.screen.serving_panel)


async def test_extend_a_deadline_from_the_supervision_list(make_app, hall, clock):
    ticket = hall.check_in(CheckInRequest(lead=visitor(1), service="A")).ticket
    regs = Registrations(hall.db, hall.config, clock)
    regs.register(ticket.visit_id, FORM, "s")
    regs.mark_notified(ticket.visit_id, "s")
    clock.advance(days=58)  # handle by 2027-01-24; today 2027-01-22
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.press("d")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SupervisionScreen)
        assert [str(c) for c in screen.table.get_row_at(0)][:3] == ["2027-01-24", "办理", "剩 2 天"]
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"需要会商", "enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.table.row_count == 0  # now due 2027-02-23
        assert "办理期限已延长 30 日" in text_of(screen.status_line)
        assert regs.get(ticket.visit_id).handle_deadline == date(2027, 2, 23)
        assert audit.entries(hall.db, action="visit.extend")[0].actor == "liuyang"


async def test_a_hand_registered_visitor_gets_their_number_in_the_form(make_app, hall):
    from reception.counter.screens.registration import RegistrationScreen
    from reception.queue.models import PersonInput

    hall.check_in(CheckInRequest(lead=PersonInput(name="王五"), service="A"), actor="staff")
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await pilot.press("n", "s", "g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RegistrationScreen)
        form.query_one("#reg-doc-number").value = GOOD_ID
        await pilot.press("ctrl+s")  # the summary is missing: nothing is stored
        await pilot.pause()
        assert "请选择来访目的" in text_of(form.error_line)
        assert hall.db.execute("SELECT doc_number FROM persons").fetchall() == [(None,)]
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "环境污染"
        form._area("summary").text = "补录证件"
        form._select("outcome").value = "不予受理"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert hall.db.execute("SELECT doc_number FROM persons").fetchall() == [(GOOD_ID,)]
        assert "1101**********002X" in text_of(app.screen.serving_panel)
