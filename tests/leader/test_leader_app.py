"""The leader view driven as a duty leader would: log in, see the queue, talk, record."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from reception.leader.app import create_app
from reception.leader.screens.queue_screen import QueueScreen
from reception.leader.screens.talk_screen import TalkScreen
from reception.queue import audit
from reception.queue.db import connect
from reception.queue.hall import Hall
from reception.queue.models import CheckInRequest, TicketState
from reception.queue.registration import RegistrationForm, Registrations
from reception.queue.talks import Talks
from tests.helpers import visitor
from tests.staff_ui.helpers import settle, until
from tests.leader.conftest import LEADER_PASSWORD, add_leader, route_to_leader

ID_NUMBER = "110101198001010019"
SIZE = (120, 40)


async def log_in(pilot, username: str = "lijuzhang", password: str = LEADER_PASSWORD) -> None:
    screen = pilot.app.screen
    screen.username_input.value = username
    screen.password_input.value = password
    screen.password_input.focus()
    await pilot.press("enter")  # from the password field: submit
    await settle(pilot)


def text_of(widget: Static) -> str:
    return str(widget.render())


def table_text(screen: QueueScreen) -> str:
    table = screen.table
    return "\n".join(
        " ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)
    )


async def test_wrong_password_is_refused(hall, leader_user, service):
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, password="not the password")
        assert not isinstance(app.screen, QueueScreen)
        assert "用户名或密码错误" in text_of(app.screen.query_one("#login-error", Static))
    assert audit.entries(hall.db, action="login.failed")


async def test_a_staff_account_cannot_open_the_leader_view(hall, accounts, leader_user, service):
    accounts.add("liuyang", "counter pass 1", "staff", "刘洋")
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "liuyang", "counter pass 1")
        assert not isinstance(app.screen, QueueScreen)
        assert "仅限接访领导" in text_of(app.screen.query_one("#login-error", Static))


async def test_a_ticket_a_counter_transfers_appears_in_the_leader_queue(hall, leader_user, leader_id, db_path, config, service):
    route_to_leader(hall, 1, leader_id)
    app = create_app(service, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert "今日接访" in text_of(screen.day_line)
        assert screen.table.row_count == 1 and "来访人1" in table_text(screen)

        # A counter on another terminal (its own connection) transfers a second visitor.
        counter_db = connect(db_path)
        counter = Hall(counter_db, config, hall.clock)
        ticket = counter.check_in(CheckInRequest(lead=visitor(2), service="A")).ticket
        counter.transfer(ticket.id, f"leader:{leader_id}", "counter1")
        counter_db.conn.close()
        await until(pilot, lambda: screen.table.row_count == 2)
        assert screen.table.row_count == 2 and "来访人2" in table_text(screen)
        # Another leader's queue is not shown.
        other = add_leader(hall, "王副县长")
        route_to_leader(hall, 3, other)
        polled = screen._applied_queue
        await until(pilot, lambda: screen._applied_queue > polled + 1)  # polls since the transfer
        assert "来访人3" not in table_text(screen)


async def open_queue(hall, pilot) -> QueueScreen:
    await settle(pilot)
    await log_in(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QueueScreen)
    return screen


async def test_call_start_record_and_finish_a_talk(hall, leader_user, leader_id, service):
    first = route_to_leader(hall, 1, leader_id)
    route_to_leader(hall, 2, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("n")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.CALLED
        assert screen.selected_ticket.id == first.id
        await pilot.press("s")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING
        # Another call while a talk is going on is refused, plainly.
        await pilot.press("n")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING
        assert len(hall.tickets(states=[TicketState.WAITING])) == 1
        # Finishing before the talk is recorded is refused.
        await pilot.press("f")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING

        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TalkScreen)
        assert not list(app._notifications)  # no toast over the form's buttons
        form.notes_area.text = "来访人反映小区电梯停运三个月，物业不予维修。"
        form.instruction_area.text = "请住建局督促物业限期修复，并答复来访人。"
        form.department_input.value = "县住建局"
        form.due_input.value = "2026-12-09"
        await pilot.click("#talk-save")
        await settle(pilot)
        assert app.screen is screen
        talk = Talks(hall.db, hall.clock).get(first.visit_id, leader_id)
        assert talk.department == "县住建局" and str(talk.due_date) == "2026-12-09"
        assert "请住建局督促物业限期修复" in text_of(screen.talk_panel)
        assert "记录人 李局长，" in text_of(screen.talk_panel)  # the person, not the account name
        assert "已记录" in table_text(screen)
        [entry] = audit.entries(hall.db, action="talk.create")
        assert entry.actor == "lijuzhang" and entry.subject == f"visit:{first.visit_id}"

        # Transferred before the counter registered them: no outcome yet, so not finished.
        app.clear_notifications()
        await pilot.press("f")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING
        assert [n.message for n in app._notifications] == [f"{first.number} 号尚未登记，请先按 g 登记再结束接待"]
        Registrations(hall.db, hall.config, hall.clock).register(first.visit_id, RegistrationForm(
            purpose="申诉求决", category="城市服务管理", summary="电梯停运", outcome="受理为信访事项",
            handling="交办", department="县住建局"), "counter1")
        await pilot.press("f")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.SERVING  # asked first (issue 17)
        await pilot.press("enter")
        await settle(pilot)
        assert hall.get_ticket(first.id).state is TicketState.DONE
        # Done tickets go below the ones still to be seen.
        assert screen.rows[0].ticket.state is TicketState.WAITING
    # Every change is in the audit log, as at a counter: who, when (the hall's clock), what.
    changes = [(e.action, e.subject, e.at) for e in audit.entries(hall.db, actor="lijuzhang")
               if e.action.startswith("ticket.")]
    subject, at = f"ticket:{first.id}", hall.clock.stamp()
    assert changes[::-1] == [("ticket.call", subject, at), ("ticket.start", subject, at),
                             ("ticket.finish", subject, at)]


async def test_id_number_masked_until_opened_and_the_opening_audited(hall, leader_user, leader_id, service):
    ticket = route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        shown = text_of(screen.visit_panel)
        assert "1101**********0019" in shown and ID_NUMBER not in shown
        # Reading the record is itself audited, once for showing it.
        assert len(audit.entries(hall.db, action="visit.open", subject=f"visit:{ticket.visit_id}")) == 1
        assert audit.entries(hall.db, action="person.doc_number.open") == []
        await pilot.press("o")
        await settle(pilot)
        assert ID_NUMBER in text_of(screen.visit_panel)
        [entry] = audit.entries(hall.db, action="person.doc_number.open")
        assert entry.actor == "lijuzhang" and entry.detail["visit_id"] == ticket.visit_id
        # Polling does not re-open the record in the log.
        polled = screen._applied_queue
        await until(pilot, lambda: screen._applied_queue >= polled + 2)
        assert len(audit.entries(hall.db, action="visit.open", subject=f"visit:{ticket.visit_id}")) == 1


async def test_id_number_masked_again_for_the_next_visitor(hall, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    route_to_leader(hall, 2, leader_id, doc_number="110101199002020011")
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("o")
        await settle(pilot)
        assert ID_NUMBER in text_of(screen.visit_panel)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("up")
        await settle(pilot)
        assert ID_NUMBER not in text_of(screen.visit_panel)


MARKUP = ("[bold]", "[/]", "[@click=app.quit]x[/]")


async def test_markup_in_names_and_talk_fields_is_shown_as_typed(hall, leader_user, leader_id, service):
    for n, name in enumerate(MARKUP, start=1):
        route_to_leader(hall, n, leader_id, name=name, address=f"{name}路1号", work_unit="[/")
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        rows = table_text(screen)
        assert all(name in rows for name in MARKUP)
        for _ in MARKUP:
            assert app.is_running
            await pilot.press("down")
            await settle(pilot)
        assert "[@click=app.quit]x[/]" in text_of(screen.visit_panel)

        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        form.notes_area.text = "[@click=app.quit]x[/] [bold]记录[/]"
        form.instruction_area.text = "[/]"
        form.department_input.value = "[@click=app.quit]x[/]"
        form.due_input.value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and app.is_running
        panel = text_of(screen.talk_panel)
        assert "[@click=app.quit]x[/] [bold]记录[/]" in panel
        # Clicking where the would-be link is does nothing but click text.
        await pilot.click("#talk-detail", offset=(12, 1))
        await settle(pilot)
        assert app.is_running


async def test_empty_and_huge_talk_fields_are_refused_clearly(hall, leader_user, leader_id, service):
    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "接谈记录不能为空" in text_of(form.error_line)
        form.notes_area.text = "很长" * 3000
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "接谈记录过长" in text_of(form.error_line)
        form.notes_area.text = "记录"
        form.instruction_area.text = "请办理"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "批示须写明承办部门" in text_of(form.error_line)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
    assert Talks(hall.db, hall.clock).get(ticket.visit_id, leader_id) is None
    assert audit.entries(hall.db, action="talk.create") == []


async def test_no_reception_day_today_says_so_and_names_the_next(hall, accounts, service):
    leader = add_leader(hall, "张主任", days=("2026-11-20", "2026-12-03"))
    accounts.add("zhangzhuren", LEADER_PASSWORD, "leader", "张主任", leader_id=leader)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "zhangzhuren")
        notice = text_of(app.screen.day_line)
        assert "今天（2026年11月25日 星期三）不是您的接访日" in notice
        assert "下一个接访日：2026年12月3日 星期四 09:00–11:30 一楼领导接待室" in notice
        assert "暂无分派给您的来访人" in text_of(app.screen.visit_panel)


async def test_appointments_come_first_and_n_calls_them_first(hall, leader_user, leader_id, service):
    walk = route_to_leader(hall, 1, leader_id)  # arrived first, transferred by a counter
    kiosk_walk_in = hall.check_in(
        CheckInRequest(lead=visitor(2), service="C", requested_leader_id=leader_id)
    ).ticket
    hall.book_appointment(leader_id, "2026-11-25", visitor(3), "staff")
    booked = hall.check_in(CheckInRequest(lead=visitor(3), service="C")).ticket  # arrives last
    app = create_app(service, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        # A walk-in who asked for the leader at the kiosk is registered at a
        # counter first: counted as on the way, in the queue once transferred.
        assert [row.ticket.id for row in screen.rows] == [booked.id, walk.id]
        assert "预约" in table_text(screen).splitlines()[0]
        assert "另有 1 人点名找您，正在窗口登记" in text_of(screen.status_line)
        hall.transfer(kiosk_walk_in.id, f"leader:{leader_id}", "counter2")
        await until(pilot, lambda: len(screen.rows) == 3)
        assert [row.ticket.id for row in screen.rows] == [booked.id, walk.id, kiosk_walk_in.id]
        assert "另有" not in text_of(screen.status_line)
        await pilot.press("n")
        await settle(pilot)
        assert hall.get_ticket(booked.id).state is TicketState.CALLED
        assert hall.get_ticket(walk.id).state is TicketState.WAITING


async def test_logout_leaves_no_record_on_screen(hall, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not isinstance(app.screen, QueueScreen)
        assert app.screen.query_one("#login-username") is not None
        assert not any(isinstance(s, QueueScreen) for s in app.screen_stack)
        assert audit.entries(hall.db, action="logout")[0].actor == "lijuzhang"
        await log_in(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert ID_NUMBER not in text_of(app.screen.visit_panel)  # masked again


async def test_cursor_stays_on_the_leaders_choice_when_a_transfer_arrives(hall, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id)
    second = route_to_leader(hall, 2, leader_id)
    app = create_app(service, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        await pilot.press("down")
        await settle(pilot)
        assert screen.selected_ticket.id == second.id
        route_to_leader(hall, 3, leader_id)
        await until(pilot, lambda: screen.table.row_count == 3)
        await settle(pilot)
        assert screen.table.row_count == 3
        assert screen.selected_ticket.id == second.id
        assert "来访人2" in text_of(screen.visit_panel)


async def test_a_database_failure_while_polling_keeps_the_view_up(hall, leader_user, leader_id, monkeypatch, service):
    import sqlite3

    from reception.queue import leader_view

    route_to_leader(hall, 1, leader_id)
    app = create_app(service, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)

        def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked")

        # Below the facade, which turns the engine's error into its own.
        monkeypatch.setattr(leader_view, "queue_rows", locked)
        await until(pilot, lambda: "数据库暂时无法读取" in text_of(screen.status_line))
        assert app.is_running and "数据库暂时无法读取" in text_of(screen.status_line)
        assert "来访人1" in table_text(screen)  # the last good queue stays
        monkeypatch.undo()
        await until(pilot, lambda: "等候 1 人" in text_of(screen.status_line))
        assert "等候 1 人" in text_of(screen.status_line)


async def test_a_locked_database_during_an_action_or_a_save_is_said_not_crashed(
        hall, leader_user, leader_id, monkeypatch, service):
    """Another process holding the write lock past the timeout: the leader is told, the app
    stays up, and the talk typed so far stays in the form."""
    import sqlite3

    ticket = route_to_leader(hall, 1, leader_id)
    app = create_app(service)

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(hall, pilot)
        for key, method in (("n", "call_next_for_leader"), ("s", "start"), ("o", None)):
            # Below the facade, which turns the engine's error into its own (DatabaseBusy).
            with monkeypatch.context() as patch:
                if method:
                    patch.setattr(hall, method, locked)
                else:
                    from reception.queue import disclosure
                    patch.setattr(disclosure, "open_doc_number", locked)
                    hall.db.execute("UPDATE persons SET doc_number = ?", (ID_NUMBER,))
                app.clear_notifications()
                await pilot.press(key)
                await settle(pilot)
                await until(pilot, lambda: app._notifications)
                assert app.is_running and app.screen is screen, key
                assert any("数据库繁忙" in n.message for n in app._notifications), key
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        form.notes_area.text = "已接谈"
        with monkeypatch.context() as patch:
            patch.setattr(service._talks, "save", locked)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and form.notes_area.text == "已接谈"
            assert "数据库繁忙，请稍后重试；未能保存" in text_of(form.error_line)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert Talks(hall.db, hall.clock).get(ticket.visit_id, leader_id).notes == "已接谈"


async def test_an_idle_leader_view_locks_and_keeps_the_unsaved_talk(hall, leader_user, leader_id, service):
    first = route_to_leader(hall, 1, leader_id, doc_number=ID_NUMBER)
    now = [1000.0]
    app = create_app(service, idle_minutes=15, monotonic=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("o")  # the full number on screen
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TalkScreen)
        await pilot.press(*"wait")  # typing is activity
        now[0] += 14 * 60
        app.idle_tick()
        await settle(pilot)
        assert app.screen is form
        now[0] += 60
        app.idle_tick()
        await settle(pilot)
        assert app.user is None
        assert not any(isinstance(s, (QueueScreen, TalkScreen)) for s in app.screen_stack)
        assert app.screen.query_one("#login-username") is not None
        entry = audit.entries(hall.db, action="logout")[0]
        assert entry.actor == "lijuzhang" and entry.detail["reason"] == "idle"
        assert Talks(hall.db, hall.clock).get(first.visit_id, leader_id) is None  # nothing half-saved

        screen = await open_queue(hall, pilot)
        assert ID_NUMBER not in text_of(screen.visit_panel)  # masked again
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TalkScreen)
        assert app.screen.notes_area.text == "wait"  # the typing is back, in the same leader's form


async def test_another_leader_never_sees_an_unsaved_talk(hall, accounts, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id)
    other_id = add_leader(hall, "王副局长")
    accounts.add("wangfu", LEADER_PASSWORD, "leader", "王副局长", leader_id=other_id)
    now = [1000.0]
    app = create_app(service, idle_minutes=15, monotonic=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.notes_area.text = "只给本人看的记录"
        now[0] += 16 * 60
        app.idle_tick()
        await settle(pilot)
        await log_in(pilot, "wangfu")
        assert isinstance(app.screen, QueueScreen)
        on_screen = " ".join(text_of(w) for w in app.screen.query(Static)) + table_text(app.screen)
        assert "只给本人看的记录" not in on_screen
        await pilot.press("ctrl+l")
        await settle(pilot)
        await log_in(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.notes_area.text == "只给本人看的记录"


async def test_a_refused_talk_puts_the_cursor_on_the_field_named(hall, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id)
    app = create_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(hall, pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        for notes, instruction, department, due, focused in (
            ("", "", "", "", form.notes_area),
            ("已接谈", "", "县住建局", "", form.instruction_area),  # 请同时填写批示内容
            ("已接谈", "请办理", "县住建局", "", form.due_input),
            ("已接谈", "请办理", "县住建局", "2026/13/40", form.due_input),
        ):
            form.notes_area.text, form.instruction_area.text = notes, instruction
            form.department_input.value, form.due_input.value = department, due
            form.department_input.focus()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and app.focused is focused, text_of(form.error_line)


async def test_the_talk_forms_refusal_and_buttons_are_in_sight_on_a_small_screen(hall, leader_user, leader_id, service):
    route_to_leader(hall, 1, leader_id)
    for width, height in ((80, 24), (120, 40), (200, 55)):
        app = create_app(service)
        async with app.run_test(size=(width, height)) as pilot:
            await open_queue(hall, pilot)
            await pilot.press("t")
            await settle(pilot)
            form = app.screen
            form.notes_area.text = "已接谈"
            form.instruction_area.text = "请住建局办理"  # no department: refused
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "承办部门" in text_of(form.error_line)
            assert app.focused is form.department_input  # the cursor goes where the gap is
            for widget in (form.error_line, form.department_input, form.due_input,
                           form.query_one("#talk-save"), form.notes_area, form.instruction_area):
                region = widget.region
                assert region.height > 0 and region.y >= 0 and region.bottom <= height, (width, widget)
