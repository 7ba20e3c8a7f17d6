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
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.helpers import visitor
from tests.staff_ui.helpers import settle

GOOD_ID = "11010519491231002X"
FORM = RegistrationForm(purpose="申诉求决", category="环境污染", summary="工厂排污[/]",
                        outcome="受理为信访事项", handling="交办", department="环保局")


async def test_history_by_document_number(make_app, hall, clock):
    ticket = hall.check_in(CheckInRequest(lead=visitor(1, doc_number=GOOD_ID), service="A")).ticket
    Registrations(hall.db, hall.config, clock).register(ticket.visit_id, FORM, "s")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "h")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        await press(pilot, *"110105194912310021", "enter")
        await settle(pilot)
        assert text_of(screen.status_line) == "没有此证件的来访记录"
        screen.doc_number.value = GOOD_ID.lower()
        await press(pilot, "enter")
        await settle(pilot)
        assert text_of(screen.status_line) == "共 1 次来访"
        row = [str(cell) for cell in screen.results.get_row_at(0)]
        assert row[:5] == ["2026-11-25", "A001", "主访人", "工厂排污[/]", "受理为信访事项 / 交办"]
        entry = audit.entries(hall.db, action="person.history")[0]
        assert entry.actor == "liuyang" and entry.detail == {"found": True}
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConsoleScreen)


async def test_hand_check_in_without_a_card_prints_a_ticket(make_app, hall, printer):
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WalkInScreen)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "姓名不能为空" in text_of(screen.error_line)
        screen._input("name").value = "[@click=app.quit]老人[/]"
        for size, message in (("0", "涉及人数须为正整数"), ("两人", "涉及人数须为正整数"),
                              ("²", "涉及人数须为正整数"), ("-3", "涉及人数须为正整数"),
                              ("999999", "来访人数过大")):
            screen._input("group-size").value = size
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert message in text_of(screen.error_line), size
            assert app.is_running and app.screen is screen
        screen._input("group-size").value = ""
        screen._input("doc-number").value = "110105194912310021"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "校验未通过" in text_of(screen.error_line)
        screen._input("doc-number").value = ""
        screen._input("phone").value = "电话"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "联系电话" in text_of(screen.error_line)
        screen._input("phone").value = "13800000000"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConsoleScreen)
        assert text_of(app.screen.status_line).startswith("已取号：A001")
        ticket = hall.find_ticket("A001")
        assert [e.actor for e in hall.events_for(ticket.id)][:1] == ["liuyang"]
        for _ in range(50):
            if printer.link.jobs:
                break
            await pilot.pause(0.02)
        assert any("A001" in line.text for line in printer.tickets[0].lines)
        await press(pilot, "n")
        await settle(pilot)
        assert "[@click=app.quit]老人[/]" in text_of(app.screen.serving_panel)
        assert "（无证件）" in text_of(app.screen.serving_panel)


async def test_extend_a_deadline_from_the_supervision_list(make_app, hall, clock, accounts):
    ticket = hall.check_in(CheckInRequest(lead=visitor(1), service="A")).ticket
    regs = Registrations(hall.db, hall.config, clock)
    regs.register(ticket.visit_id, FORM, "s")
    regs.mark_notified(ticket.visit_id, "s")
    clock.advance(days=58)  # handle by 2027-01-24; today 2027-01-22
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SupervisionScreen)
        assert [str(c) for c in screen.table.get_row_at(0)][:3] == ["2027-01-24", "办理", "剩 2 天"]
        await press(pilot, "e", *"需要会商", "enter", "enter")  # 30 days offered
        await settle(pilot)
        assert "负责人" in text_of(screen.status_line)  # 刘洋 is not a 负责人: nothing changed
        assert screen.table.row_count == 1
        accounts.set_approver("liuyang", True, "admin")
        await press(pilot, "e")
        await settle(pilot)
        await press(pilot, *"需要会商", "enter", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.table.row_count == 0  # now due 2027-02-23
        assert "办理期限已延长 30 日" in text_of(screen.status_line)
        assert regs.get(ticket.visit_id).handle_deadline == date(2027, 2, 23)
        assert audit.entries(hall.db, action="visit.extend")[0].actor == "liuyang"


async def test_a_hand_registered_visitor_gets_their_number_in_the_form(make_app, hall):
    from reception.queue.models import PersonInput

    hall.check_in(CheckInRequest(lead=PersonInput(name="王五"), service="A"), actor="staff")
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        form.query_one("#reg-doc-number").value = GOOD_ID
        await press(pilot, "ctrl+s")  # the summary is missing: nothing is stored
        await settle(pilot)
        assert "请选择来访目的" in text_of(form.error_line)
        assert hall.db.execute("SELECT doc_number FROM persons").fetchall() == [(None,)]
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "环境污染"
        form._area("summary").text = "补录证件"
        form._select("outcome").value = "不予受理"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConsoleScreen)
        assert hall.db.execute("SELECT doc_number FROM persons").fetchall() == [(GOOD_ID,)]
        assert "1101**********002X" in text_of(app.screen.serving_panel)


async def test_a_hand_registered_visitors_own_fields_are_recorded_in_the_form(make_app, hall):
    """No card was read: name, gender, ethnicity and birth date are typed at the counter."""
    from reception.queue.models import PersonInput
    from reception.queue.persons import get_person

    visit = hall.check_in(CheckInRequest(lead=PersonInput(name="王 五"), service="A"), actor="staff").ticket
    person = hall.db.execute("SELECT person_id FROM visit_people WHERE visit_id = ?",
                             (visit.visit_id,)).fetchone()[0]
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "环境污染"
        form._area("summary").text = "噪音"
        form._select("outcome").value = "不予受理"
        for typed, message in (("", "姓名不能为空"), ("[/]" * 40, "姓名过长")):
            form._input("name").value = typed
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert message in text_of(form.error_line)
        form._input("name").value = "[@click=app.quit]王五[/]"
        form._select("gender").value = "男"
        form._input("ethnicity").value = "回"
        for typed, message in (("1965/04/12", "出生日期格式应为 YYYY-MM-DD"),
                               ("2030-01-01", "出生日期不能晚于今天")):
            form._input("birth-date").value = typed
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert message in text_of(form.error_line)
            assert get_person(hall.db, person).gender == ""  # a refusal stores nothing
        form._input("birth-date").value = "1965-04-12"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConsoleScreen), text_of(form.error_line)
        assert "来访人：[@click=app.quit]王五[/]" in text_of(app.screen.serving_panel)
    stored = get_person(hall.db, person)
    assert (stored.name, stored.gender, stored.ethnicity, stored.birth_date) == (
        "[@click=app.quit]王五[/]", "男", "回", "1965-04-12")
    [entry] = audit.entries(hall.db, action="person.update")
    assert entry.actor == "liuyang"
    assert entry.detail == {"fields": ["birth_date", "ethnicity", "gender", "name"]}


async def test_a_hand_registered_visitor_is_matched_after_the_visit(make_app, hall, clock):
    """Came without a card and left; a week later came back with one: staff find the
    hand-made record by name and give it the number, and the histories are joined."""
    from reception.counter.screens.match import MatchScreen
    from reception.counter.screens.prompt import NumberPrompt
    from reception.queue.history import visits_by_document
    from reception.queue.models import PersonInput

    name = "[@click=app.quit]王五[/]"
    first = hall.check_in(CheckInRequest(lead=PersonInput(name=name, phone="13800000000"),
                                         service="A"), actor="staff").ticket
    Registrations(hall.db, hall.config, clock).register(first.visit_id, FORM, "staff")
    hall.call_next(1, "staff")
    hall.start(first.id, "staff")
    hall.finish(first.id, "staff")
    hall.check_in(CheckInRequest(lead=PersonInput(name="王五六"), service="A"), actor="staff")
    clock.advance(days=7)
    hall.check_in(CheckInRequest(lead=visitor(1, name=name, doc_number=GOOD_ID), service="A"))
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MatchScreen)
        await press(pilot, "enter")  # nothing typed
        await settle(pilot)
        assert "请输入姓名" in text_of(screen.status_line)
        screen.name_input.value = "王五"
        await press(pilot, "enter")
        await settle(pilot)
        assert screen.results.row_count == 2  # 王五 and 王五六; the card holder is not listed
        row = [str(cell) for cell in screen.results.get_row_at(1)]
        assert row[:4] == [name, "13800000000", "1", "2026-11-25"]
        screen.results.move_cursor(row=1)
        for number, message in (("110105194912310021", "校验未通过"),
                                ("110102196504120024", "请核对证件")):  # another person's number
            if number == "110102196504120024":
                hall.check_in(CheckInRequest(lead=visitor(2, doc_number=number), service="A"))
            await press(pilot, "enter")
            await settle(pilot)
            assert isinstance(app.screen, NumberPrompt)
            await press(pilot, *number, "enter")
            await settle(pilot)
            assert app.screen is screen and message in text_of(screen.status_line)
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, *GOOD_ID, "enter")
        await settle(pilot)
        assert "合并" in text_of(screen.status_line) and name in text_of(screen.status_line)
        assert screen.results.row_count == 1  # only 王五六 is still without a document
        assert app.is_running
    visits = visits_by_document(hall.db, "居民身份证", GOOD_ID, "t")
    assert sorted(v.hall_day for v in visits) == ["2026-11-25", "2026-12-02"]
    searches = audit.entries(hall.db, action="person.search")
    assert searches and all(e.actor == "liuyang" and "王五" not in str(e.detail) for e in searches)
    assert audit.entries(hall.db, action="person.match")[0].actor == "liuyang"


async def test_a_refusal_and_the_buttons_stay_in_sight_however_long_the_form(make_app, hall):
    """A hand-registered visitor's form is taller than the screen: Ctrl+S must not refuse
    somewhere below the fold, where staff see nothing happen."""
    from reception.staff_ui.registration import RegistrationScreen
    from reception.queue.models import PersonInput

    hall.check_in(CheckInRequest(lead=PersonInput(name="赵六"), service="A"), actor="staff")
    for size in ((120, 40), (80, 24)):
        async with make_app().run_test(size=size) as pilot:
            app = pilot.app
            await log_in(pilot)
            await press(pilot, "n", "g")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, RegistrationScreen)
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert "请选择来访目的" in text_of(form.error_line)
            assert app.focused is form._select("purpose")  # the cursor goes to the refused field
            form._select("purpose").value = "申诉求决"
            form._select("category").value = "环境污染"
            form._input("phone").focus()
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert app.focused is form._area("summary") and "请填写反映问题摘要" in text_of(form.error_line)
            summary = form._area("summary").region
            assert summary.height > 0 and summary.bottom <= size[1]  # scrolled into view
            form._area("summary").text = "噪音"
            form._select("outcome").value = "不予受理"
            form._input("birth-date").value = "1965/04/12"
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert app.focused is form._input("birth-date")
            width, height = size
            for widget in (form.error_line, form.query_one("#reg-save"), form.deadlines_line):
                region = widget.region
                assert region.height > 0 and 0 <= region.y and region.bottom <= height, (size, widget)
            await press(pilot, "escape")
            await settle(pilot)
            await press(pilot, "ctrl+l")
            await settle(pilot)


async def test_the_hand_check_in_fits_a_small_screen(make_app, hall):
    from reception.counter.screens.walk_in import WalkInScreen

    async with make_app().run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await press(pilot, "w")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WalkInScreen)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "姓名不能为空" in text_of(screen.error_line)
        for widget in (screen.error_line, screen.query_one("#walk-issue"), screen.query_one("#walk-service")):
            region = widget.region
            assert region.height > 0 and region.y >= 0 and region.bottom <= 24, widget
