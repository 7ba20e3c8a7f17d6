"""The counter console driven as staff use it: one key per action."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from reception.counter.screens.console import ConsoleScreen
from reception.counter.screens.supervision import SupervisionScreen
from reception.queue import audit
from reception.queue.models import TicketState
from reception.queue.registration import RegistrationForm, Registrations
from reception.staff_ui.confirm import ConfirmPrompt
from reception.staff_ui.registration import RegistrationScreen
from tests.counter.conftest import log_in, open_registration, press, text_of
from tests.helpers import approver_account, walk_in
from tests.staff_ui.helpers import settle



def status(app) -> str:
    return text_of(app.screen.status_line)


def queue_numbers(app) -> list[str]:
    table = app.screen.queue_table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_wrong_password_is_refused_and_audited(make_app, hall):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot, password="not the password")
        assert not isinstance(pilot.app.screen, ConsoleScreen)
        assert "用户名或密码错误" in text_of(pilot.app.screen.error_line)
        assert audit.entries(hall.db, action="login.failed")[0].subject == "user:liuyang"
        await log_in(pilot)
        assert isinstance(pilot.app.screen, ConsoleScreen)


async def test_a_leader_account_cannot_open_a_counter(make_app, hall, accounts):
    hall.db.execute("INSERT INTO leaders (name, post) VALUES ('李局长', '副局长')")
    leader_id = hall.db.execute("SELECT id FROM leaders").fetchone()[0]
    accounts.add("lijz", "leader pass 1", "leader", "李局长", leader_id=leader_id)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "lijz", "leader pass 1")
        assert not isinstance(pilot.app.screen, ConsoleScreen)
        assert "仅限" in text_of(pilot.app.screen.error_line)


async def test_queue_shows_flags_group_size_and_repeat(make_app, hall, clock):
    walk_in(hall, 5)  # yesterday's visit makes today's a repeat
    clock.advance(days=1)
    walk_in(hall, 9)  # A001, called to window 2 below: not in the queue any more
    walk_in(hall, 1, group_size=4)  # A002
    hall.call_next(2, "s")
    clock.advance(minutes=12)
    walk_in(hall, 2, group_size=6, service="B")  # window 1 serves A only: not listed
    walk_in(hall, 3, appointment=True)  # A003
    walk_in(hall, 5)  # A004
    async with make_app(window=1).run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        table = pilot.app.screen.queue_table
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["A003", "个人来访", "0 分", "预约", "1", ""],
            ["A002", "个人来访", "12 分", "", "4", ""],
            ["A004", "个人来访", "0 分", "", "1", "1 次"],
        ]
        assert "等候队列（3 人）" in text_of(pilot.app.screen.queue_title)


async def test_call_start_register_finish(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    walk_in(hall, 2)
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "n")
        assert status(app) == "已叫号：A001"
        assert hall.get_ticket(ticket.id).state is TicketState.CALLED
        assert hall.get_ticket(ticket.id).window == 1
        assert "A001" in text_of(app.screen.serving_panel)
        assert queue_numbers(app) == ["A002"]
        await press(pilot, "n")  # one at a time
        assert "请先处理当前的 A001 号" in status(app)
        await press(pilot, "r")
        assert hall.get_ticket(ticket.id).recalls == 1
        await press(pilot, "s")
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING
        await press(pilot, "f")  # not registered yet
        assert status(app) == "A001 号尚未登记，请先按 g 登记再结束接待"
        await press(pilot, "g")
        assert isinstance(app.screen, RegistrationScreen)
        form = app.screen
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "工资福利待遇"
        form._area("summary").text = "拖欠工资"
        assert "受理为信访事项后自动计算" in text_of(form.deadlines_line)
        form._select("outcome").value = "受理为信访事项"
        await settle(pilot)
        assert text_of(form.deadlines_line).startswith("保存后：告知期限 2026-12-10    办理期限 2027-01-24")
        form._select("handling").value = "交办"
        form._input("department").value = "市人社局"
        skip = form.query_one("#reg-skip-level")
        assert str(skip.label).startswith("越级：否")
        skip.focus()
        await press(pilot, "space")
        assert str(skip.label).startswith("越级：是")
        assert text_of(form.query_one("#reg-reason-hint")) == "已勾选越级：请填写越级访原因"
        form._area("reason").text = "区信访局未受理"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsoleScreen)
        assert status(app) == "A001 号登记已保存"
        panel = text_of(app.screen.serving_panel)
        assert "登记：已登记，受理为信访事项 / 交办    事项状态：已受理\n告知期限：2026-12-10    办理期限：2027-01-24" in panel
        assert Registrations(hall.db, hall.config, hall.clock).get(ticket.visit_id).form.skip_level
        await press(pilot, "f")
        assert isinstance(app.screen, ConfirmPrompt)  # 办结 cannot be taken back: asked first
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING
        await press(pilot, "enter")
        assert hall.get_ticket(ticket.id).state is TicketState.DONE
        assert "暂无来访人" in text_of(app.screen.serving_panel)
        entries = audit.entries(hall.db, actor="liuyang")
        actions = [e.action for e in entries]
        for action in ("ticket.call", "ticket.recall", "ticket.start", "visit.open",
                       "visit.register", "ticket.finish", "login", "person.history"):
            assert action in actions
        # "When" in one form, the hall's clock: the log reads in order of time.
        assert {e.at for e in entries} <= {hall.clock.stamp()}


async def test_registration_refusal_shows_the_reason_and_keeps_the_form(make_app, hall):
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        form = await open_registration(pilot)
        form._select("purpose").value = "申诉求决"
        form._select("category").value = "工资福利待遇"
        form._area("summary").text = "拖欠工资"
        form._select("outcome").value = "受理为信访事项"
        await settle(pilot)
        form._select("handling").value = "转送"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegistrationScreen)
        assert "转送须填写承办单位" in text_of(form.error_line)
        await press(pilot, "escape")  # typed changes are not thrown away by one key
        assert isinstance(app.screen, RegistrationScreen)
        assert "有未保存的修改" in text_of(form.error_line)
        await press(pilot, "escape")
        assert isinstance(app.screen, ConsoleScreen)
        assert not Registrations(hall.db, hall.config, hall.clock).get(1).registered


async def test_no_show_then_requeue_by_number(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        await press(pilot, "x")
        assert "没有来访人" in status(app)
        await press(pilot, "n", "x", "enter")  # 过号 is confirmed (issue 17)
        assert hall.get_ticket(ticket.id).state is TicketState.NO_SHOW
        await press(pilot, "b")
        await press(pilot, *"a001", "enter")
        assert hall.get_ticket(ticket.id).state is TicketState.WAITING
        assert queue_numbers(app) == ["A001"]
        # only once (config: 1); typed with the input method in full-width mode, the same number
        await press(pilot, "n", "x", "enter", "b", *"Ａ００１", "enter")
        assert "最多重排 1 次" in status(app)


async def test_calling_an_empty_queue_says_so(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n")
        assert status(pilot.app) == "没有等候的来访人"


async def test_transfer_to_another_service(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "t")
        options = pilot.app.screen.options
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["集体来访（B）", "领导接访（不指定领导，C）"]  # not a named leader (issue 17)
        await press(pilot, "enter")
        moved = hall.get_ticket(ticket.id)
        assert (moved.queue, moved.state) == ("B", TicketState.WAITING)
        assert status(pilot.app) == "A001 号已转至：集体来访"
        assert audit.entries(hall.db, action="ticket.transfer")[0].detail["queue"] == "B"


async def test_reprint_goes_to_the_printer(make_app, hall, printer):
    walk_in(hall, 1)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "p")
        assert pilot.app.screen.answer_input.value == "A001"
        await press(pilot, "enter")
        await pilot.app.workers.wait_for_complete()
        for _ in range(50):
            if printer.link.jobs:
                break
            await pilot.pause(0.02)
        text = "\n".join(line.text for line in printer.tickets[0].lines)
        assert "A001" in text and "补打" in text
        events = [e.action for e in hall.events_for(hall.find_ticket("A001").id)]
        assert "reprint" in events


async def test_reprint_of_an_unknown_number(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "p", *"Z999", "enter")
        assert "没有 Z999 号" in status(pilot.app)


async def test_supervision_list_marks_a_matter_told(make_app, hall, clock):
    ticket = walk_in(hall, 1).ticket
    regs = Registrations(hall.db, hall.config, clock)
    regs.register(ticket.visit_id, RegistrationForm(
        purpose="申诉求决", category="环境污染", summary="排污", outcome="受理为信访事项",
        handling="交办", department="环保局"), "s")
    clock.advance(days=13)  # notify by 12-10; today 12-08
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        screen = pilot.app.screen
        assert isinstance(screen, SupervisionScreen)
        assert "1 件" in text_of(screen.title_line)
        assert [str(c) for c in screen.table.get_row_at(0)][:3] == ["2026-12-10", "告知", "剩 2 天"]
        await press(pilot, "a")  # asks first: marked, the matter leaves the list for good
        assert "确认 XF20261125000001（来访人1）已书面告知来访人？" in text_of(pilot.app.screen.query_one(".dialog-title"))
        await press(pilot, "escape")
        assert pilot.app.screen is screen and screen.table.row_count == 1
        assert not audit.entries(hall.db, action="visit.notified")
        await press(pilot, "a", "enter")
        assert pilot.app.screen is screen
        assert screen.table.row_count == 0
        assert audit.entries(hall.db, action="visit.notified")[0].actor == "liuyang"
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ConsoleScreen)


async def test_supervision_list_concludes_a_matter_after_asking(make_app, hall, clock):
    ticket = walk_in(hall, 1).ticket
    regs = Registrations(hall.db, hall.config, clock)
    regs.register(ticket.visit_id, RegistrationForm(
        purpose="申诉求决", category="环境污染", summary="排污", outcome="受理为信访事项",
        handling="交办", department="环保局"), "s")
    regs.mark_notified(ticket.visit_id, "s")
    approver_account(hall, "fzr")
    async with make_app(supervise_days=90).run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "d")
        screen = pilot.app.screen
        assert [str(c) for c in screen.table.get_row_at(0)][:3] == ["2027-01-24", "办理", "剩 60 天"]
        await press(pilot, "a")  # the wrong key for a handling row: refused, nothing asked
        assert pilot.app.screen is screen
        assert "该行是办理期限" in text_of(screen.status_line)
        await press(pilot, "c", *"已责令整改", "enter")
        await press(pilot, *"无此人", "enter")
        assert "已办结？答复经 无此人 批准" in text_of(pilot.app.screen.query_one(".dialog-title"))
        await press(pilot, "enter")  # an approver the office does not know: refused in place
        await settle(pilot)
        assert pilot.app.screen is screen and screen.table.row_count == 1
        assert "不是接访领导或负责人账号" in text_of(screen.status_line)
        await press(pilot, "c", *"已责令整改", "enter", *"王负责人", "enter", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen and screen.table.row_count == 0
        assert "XF20261125000001 已办结" in text_of(screen.status_line)
    assert regs.get(ticket.visit_id).concluded_at is not None
    assert hall.db.execute("SELECT reply_text, reply_approver FROM visits").fetchone() == ("已责令整改", "王负责人")
    assert audit.entries(hall.db, action="visit.concluded")[0].actor == "liuyang"


async def test_logout_returns_to_login(make_app, hall):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "ctrl+l")
        assert not isinstance(pilot.app.screen, ConsoleScreen)
        assert pilot.app.user is None
        await log_in(pilot, "wangfang")
        assert "王芳" in text_of(pilot.app.screen.title_line)


async def test_console_picks_up_the_window_ticket_after_a_restart(make_app, hall):
    ticket = walk_in(hall, 1).ticket
    hall.call_next(1, "liuyang")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        assert "A001" in text_of(pilot.app.screen.serving_panel)
        await press(pilot, "s")
        assert hall.get_ticket(ticket.id).state is TicketState.SERVING


async def test_an_idle_console_logs_itself_out(make_app, hall):
    now = [1000.0]
    app = make_app(idle_minutes=15, monotonic=lambda: now[0])
    walk_in(hall, 1)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await press(pilot, "n", "g")  # the form open, a visitor's record on screen
        now[0] += 14 * 60
        app.idle_tick()
        await settle(pilot)
        assert isinstance(app.screen, RegistrationScreen)
        await press(pilot, "escape")  # a key: the clock starts again
        now[0] += 14 * 60
        app.idle_tick()
        await settle(pilot)
        assert app.user is not None
        now[0] += 60
        app.idle_tick()
        await settle(pilot)
        assert app.user is None and not isinstance(app.screen, (ConsoleScreen, RegistrationScreen))
        assert "用户名" in str(app.screen.query_one(".label").render())
        entry = audit.entries(hall.db, action="logout")[0]
        assert entry.actor == "liuyang" and entry.detail["reason"] == "idle"
        await log_in(pilot)
        assert isinstance(app.screen, ConsoleScreen)


async def test_a_locked_database_is_said_not_crashed(make_app, hall, monkeypatch):
    """The kiosk or another counter holding the write lock past the timeout."""
    import sqlite3

    from reception.counter.screens.walk_in import WalkInScreen

    walk_in(hall, 1)

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await log_in(pilot)
        console = app.screen
        with monkeypatch.context() as patch:
            patch.setattr(hall, "call_next", locked)
            await press(pilot, "n")
            assert "数据库繁忙" in status(app) and app.screen is console
            patch.setattr(hall, "find_ticket", locked)
            await press(pilot, "p", *"A001", "enter")
            assert "数据库繁忙" in status(app) and app.screen is console
            await press(pilot, "w")
            form = app.screen
            assert isinstance(form, WalkInScreen)
            form._input("name").value = "王五"
            patch.setattr(hall, "check_in", locked)
            await press(pilot, "ctrl+s")
            assert app.screen is form and "未能取号：数据库繁忙" in text_of(form.error_line)
            await press(pilot, "escape")
        monkeypatch.setattr(audit, "record", locked)
        # Issue 12: the audit entry is in the call's own transaction, so a call
        # whose audit line fails is not stored either (never an unaudited change).
        await press(pilot, "n")
        assert "数据库繁忙" in status(app)
        assert hall.find_ticket("A001").state is TicketState.WAITING
        assert app.is_running
