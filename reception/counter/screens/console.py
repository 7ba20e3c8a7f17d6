"""The window console: the queue this window serves, the ticket at the window,
the visitor's earlier visits, and one key per action.

Keys are letters, not F-keys: in a browser (textual-serve) F5 reloads the page
and F11/F12 belong to the browser.
"""

from __future__ import annotations

import logging
import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from reception.counter.screens.appointment import AppointmentScreen, bookable_days
from reception.counter.screens.callbacks import CallBackScreen
from reception.counter.screens.history import HistoryScreen
from reception.counter.screens.match import MatchScreen
from reception.counter.screens.prompt import NumberPrompt
from reception.counter.screens.supervision import SupervisionScreen
from reception.counter.screens.transfer import TransferScreen, transfer_targets
from reception.counter.screens.walk_in import WalkInScreen
from reception.queue import audit
from reception.queue.counter_view import Serving, queue_rows, serving_at
from reception.queue.documents import half_width
from reception.queue.errors import QueueError
from reception.queue.history import PastVisit, earlier_visits_of_lead
from reception.queue.models import Ticket, TicketState
from reception.staff_ui.registration import RegistrationScreen

log = logging.getLogger(__name__)

QUEUE_COLUMNS = (("number", "号码"), ("service", "业务"), ("waited", "等候"), ("flags", "标记"),
                 ("size", "人数"), ("repeat", "重复"))


class ConsoleScreen(Screen):
    CSS_PATH = "console.tcss"
    BINDINGS = [
        Binding("n", "call_next", "叫号", id="call_next"),
        Binding("r", "recall", "重呼", id="recall"),
        Binding("s", "start", "开始", id="start"),
        Binding("x", "no_show", "过号", id="no_show"),
        Binding("t", "transfer", "转办", id="transfer"),
        Binding("f", "finish", "办结", id="finish"),
        Binding("g", "register", "登记", id="register"),
        Binding("p", "reprint", "补打", id="reprint"),
        Binding("b", "requeue", "重排", id="requeue"),
        Binding("d", "supervision", "督办", id="supervision"),
        Binding("v", "callbacks", "回访", id="callbacks"),
        Binding("h", "history", "历史", id="history"),
        Binding("w", "walk_in", "取号", id="walk_in"),
        Binding("m", "match", "补录", id="match"),
        Binding("a", "appointment", "预约", id="appointment"),
        Binding("ctrl+l", "logout", "退出登录", id="logout"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current: Serving | None = None
        self._history_visit: int | None = None
        self._queue_keys: list[str] = []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="console-title")
        with Horizontal(id="console-body"):
            with Vertical(id="queue-pane"):
                yield Static(Content("等候队列"), classes="pane-title", id="queue-title")
                yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
            with Vertical(id="serving-pane"):
                yield Static(Content("当前来访"), classes="pane-title")
                yield Static(id="serving")
                yield Static(Content("历史来访"), classes="pane-title")
                yield DataTable(id="history", cursor_type="row")
        yield Static(id="status")
        yield Footer(compact=True)  # every key fits on a narrower screen

    @property
    def title_line(self) -> Static:
        return self.query_one("#console-title", Static)

    @property
    def queue_table(self) -> DataTable:
        return self.query_one("#queue", DataTable)

    @property
    def queue_title(self) -> Static:
        return self.query_one("#queue-title", Static)

    @property
    def serving_panel(self) -> Static:
        return self.query_one("#serving", Static)

    @property
    def history_table(self) -> DataTable:
        return self.query_one("#history", DataTable)

    @property
    def status_line(self) -> Static:
        return self.query_one("#status", Static)

    @property
    def hall(self):
        return self.app.hall

    @property
    def actor(self) -> str:
        return self.app.actor

    @property
    def window(self) -> int:
        return self.app.window_number

    def on_mount(self) -> None:
        user = self.app.user
        who = f"{user.display_name}（{user.role_name}）" if user else ""
        self.title_line.update(Text(f"{self.app.window_name}  ·  {who}"))
        for key, label in QUEUE_COLUMNS:
            self.queue_table.add_column(label, key=key)
        for key, label in (("day", "日期"), ("number", "号码"), ("summary", "反映问题"), ("outcome", "结果")):
            self.history_table.add_column(label, key=key)
        self.refresh_from_db()
        self.set_interval(self.app.poll_seconds, self.refresh_from_db)

    # ------------------------------------------------------------------ polling

    def refresh_from_db(self) -> None:
        """Read the queue and the window's ticket again; never raises (a timer)."""
        try:
            services = self.hall.config.window(self.window).services
            rows = queue_rows(self.hall, services)
            current = serving_at(self.hall, self.window)
        except (sqlite3.Error, QueueError) as exc:
            log.exception("counter refresh failed")
            self.say(f"读取数据库失败，稍后自动重试（{type(exc).__name__}）", error=True)
            return
        self.show_queue(rows)
        self.show_serving(current)

    def show_queue(self, rows) -> None:
        table = self.queue_table
        keys = [str(row.ticket.id) for row in rows]
        cells = {
            str(row.ticket.id): (
                Text(row.ticket.number),
                Text(row.service_name),
                Text(f"{row.waited_minutes} 分"),
                Text(row.flags, style="bold"),
                Text(str(row.group_size)),
                Text(f"是（{row.earlier_visits}次）" if row.is_repeat else ""),
            )
            for row in rows
        }
        if keys != self._queue_keys:
            selected = self._selected_key()
            table.clear()
            for key in keys:
                table.add_row(*cells[key], key=key)
            self._queue_keys = keys
            if selected in keys:
                table.move_cursor(row=keys.index(selected))
        else:
            for key in keys:
                for (column, _), value in zip(QUEUE_COLUMNS, cells[key]):
                    if str(table.get_cell(key, column)) != str(value):
                        table.update_cell(key, column, value)
        self.queue_title.update(Content(f"等候队列（{len(rows)} 人）"))

    def _selected_key(self) -> str | None:
        table = self.queue_table
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def show_serving(self, current: Serving | None) -> None:
        self.current = current
        if current is None:
            self.serving_panel.update(Text("暂无来访人。按 n 叫下一位。"))
            self.show_history(None)
            return
        ticket = current.ticket
        text = Text()
        text.append(f"{ticket.number}", style="bold")
        text.append(f"  {current.service_name}  {ticket.state.label}")
        if ticket.recalls:
            text.append(f"（已重呼 {ticket.recalls} 次）")
        text.append("\n来访人：")
        text.append(current.lead_name)  # data, never markup
        text.append(f"    证件：{current.masked_doc}")
        text.append(f"\n涉及人数：{current.group_size}")
        if ticket.appointment:
            text.append("    预约")
        if ticket.priority:
            text.append("    优先：")
            text.append(ticket.priority_reason)
        if current.is_repeat:
            text.append(f"    重复来访（此前 {current.earlier_visits} 次）", style="bold")
        if current.registered:
            text.append(f"\n登记：已登记，{current.outcome}")
            if current.handling:
                text.append(f" / {current.handling}")
            if current.handle_deadline and not current.concluded:
                # Both statutory dates (Arts. 23 and 34): the visitor is told the first today.
                text.append(f"\n告知期限：{current.notify_deadline}    办理期限：{current.handle_deadline}")
            if current.mark_reason:
                text.append("\n重复访/越级访原因：")
                text.append(current.mark_reason)  # data, never markup
        else:
            text.append("\n登记：未登记（按 g 登记）")
        self.serving_panel.update(text)
        self.show_history(current)

    def show_history(self, current: Serving | None) -> None:
        visit = current.ticket.visit_id if current else None
        if visit == self._history_visit:
            return
        self._history_visit = visit
        self.history_table.clear()
        if current is None:
            return
        try:
            past = earlier_visits_of_lead(self.hall.db, visit, self.actor, at=self.hall.clock.stamp())
        except sqlite3.Error:
            log.exception("history lookup failed")
            self._history_visit = None
            return
        for item in past:
            self.history_table.add_row(*history_cells(item), key=str(item.visit_id))

    # ------------------------------------------------------------------ messages

    def say(self, message: str, error: bool = False) -> None:
        self.status_line.update(Text(message))
        self.status_line.set_class(error, "-error")

    def audit(self, action: str, subject: str, detail: dict) -> None:
        """One audit entry, stamped by the hall clock; a locked database is logged, never a crash
        (the change itself is already stored, with its ticket event)."""
        try:
            audit.record(self.hall.db, self.actor, action, subject, detail, at=self.hall.clock.stamp())
        except sqlite3.Error:
            log.exception("audit of %s failed", action)

    def act(self, action: str, change, ticket: Ticket | None = None) -> Ticket | None:
        """Run one queue action through the core (which audits it); refusals show, never crash."""
        try:
            result = change()
        except QueueError as exc:
            self.say(exc.message, error=True)
            return None
        except sqlite3.Error as exc:
            log.exception("counter action %s failed", action)
            self.say(f"系统繁忙，请重试（{type(exc).__name__}）", error=True)
            return None
        self.refresh_from_db()
        return result

    def need_current(self, *states: TicketState) -> Ticket | None:
        if self.current is None:
            self.say("本窗口当前没有来访人，请先叫号", error=True)
            return None
        ticket = self.current.ticket
        if states and ticket.state not in states:
            labels = "、".join(state.label for state in states)
            self.say(f"{ticket.number} 号当前为“{ticket.state.label}”，此操作需“{labels}”", error=True)
            return None
        return ticket

    # ------------------------------------------------------------------ actions

    def action_call_next(self) -> None:
        self.refresh_from_db()
        if self.current is not None:
            ticket = self.current.ticket
            self.say(f"请先处理当前的 {ticket.number} 号（开始接待后办结，或过号、转办）", error=True)
            return
        ticket = self.act("call", lambda: self.hall.call_next(self.window, self.actor))
        if ticket is None:
            if self.current is None and not self.status_line.has_class("-error"):
                self.say("没有等候的来访人")
            return
        self.say(f"已叫号：{ticket.number}")

    def action_recall(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            if self.act("recall", lambda: self.hall.recall(ticket.id, self.actor, window=self.window)):
                self.say(f"已重呼：{ticket.number}")

    def action_start(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            if self.act("start", lambda: self.hall.start(ticket.id, self.actor)):
                self.say(f"开始接待：{ticket.number}")

    def action_no_show(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            if self.act("no_show", lambda: self.hall.no_show(ticket.id, self.actor)):
                self.say(f"{ticket.number} 号已过号")

    def action_finish(self) -> None:
        if ticket := self.need_current(TicketState.SERVING):
            if self.act("finish", lambda: self._finish(ticket)):
                self.say(f"{ticket.number} 号已办结")

    def _finish(self, ticket: Ticket) -> Ticket:
        # The core refuses an unregistered visit (the leader view applies the same rule).
        self.app.registrations.check_can_finish(ticket)
        return self.hall.finish(ticket.id, self.actor)

    def action_transfer(self) -> None:
        ticket = self.need_current(TicketState.CALLED, TicketState.SERVING)
        if ticket is None:
            return
        targets = transfer_targets(self.hall, ticket)
        if not targets:
            self.say("没有可转办的队列", error=True)
            return

        def chosen(queue: str | None) -> None:
            if queue is None:
                return
            if self.act("transfer", lambda: self.hall.transfer(ticket.id, queue, self.actor)):
                name = {t.queue: t.name for t in targets}.get(queue, queue)
                self.say(f"{ticket.number} 号已转至：{name}")

        self.app.push_screen(TransferScreen(ticket.number, targets), chosen)

    def action_register(self) -> None:
        ticket = self.need_current(TicketState.CALLED, TicketState.SERVING)
        if ticket is None:
            return
        try:
            record = self.app.registrations.open_record(ticket.visit_id, self.actor)
        except (QueueError, sqlite3.Error) as exc:
            self.say(getattr(exc, "message", "系统繁忙，请重试"), error=True)
            return

        def closed(saved: bool | None) -> None:
            if saved:
                self.say(f"{ticket.number} 号登记已保存")
            self.refresh_from_db()

        self.app.push_screen(RegistrationScreen(record, self.app.registrations, self.actor), closed)

    def action_reprint(self) -> None:
        number = self.current.ticket.number if self.current else ""

        def chosen(typed: str | None) -> None:
            if not typed:
                return
            try:
                ticket = self.hall.find_ticket(half_width(typed))  # Ａ００１ typed in full width
            except QueueError as exc:
                self.say(exc.message, error=True)
                return
            except sqlite3.Error as exc:
                self.say(f"系统繁忙，请重试（{type(exc).__name__}）", error=True)
                return
            self.app.print_ticket(ticket.id)
            self.say(f"{ticket.number} 号正在补打…")

        self.app.push_screen(NumberPrompt("补打哪一个号？", number), chosen)

    def action_requeue(self) -> None:
        def chosen(typed: str | None) -> None:
            if not typed:
                return
            try:
                ticket = self.hall.find_ticket(half_width(typed))  # Ａ００１ typed in full width
            except QueueError as exc:
                self.say(exc.message, error=True)
                return
            except sqlite3.Error as exc:
                self.say(f"系统繁忙，请重试（{type(exc).__name__}）", error=True)
                return
            if self.act("requeue", lambda: self.hall.requeue(ticket.id, self.actor)):
                self.say(f"{ticket.number} 号已重新排队")

        self.app.push_screen(NumberPrompt("过号后回来的号码（重新排队）：", ""), chosen)

    def action_supervision(self) -> None:
        self.app.push_screen(SupervisionScreen())

    def action_callbacks(self) -> None:
        self.app.push_screen(CallBackScreen())

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen())

    def action_match(self) -> None:
        self.app.push_screen(MatchScreen())

    def action_walk_in(self) -> None:
        def issued(result) -> None:
            if result is None:
                return
            ticket = result.ticket
            if result.existing:
                self.say(f"此人今天已有 {ticket.number} 号（{ticket.state.label}），未重复取号", error=True)
                return
            self.app.print_ticket(ticket.id, reprint=False)
            self.say(f"已取号：{ticket.number}，前面 {result.ahead} 人，正在打印…")
            self.refresh_from_db()

        self.app.push_screen(WalkInScreen(), issued)

    def action_appointment(self) -> None:
        def booked(appointment) -> None:
            if appointment is None:
                return
            reception = appointment.reception
            left = self.hall.remaining_places(reception.leader_id, reception.day)
            self.say(
                f"已预约：第 {appointment.id} 号，{reception.day} {reception.start_time} "
                f"{reception.leader_name} {reception.place}；当天剩余名额 {'不限' if left is None else left}"
            )

        self.app.push_screen(AppointmentScreen(bookable_days(self.hall)), booked)

    def action_logout(self) -> None:
        self.audit("logout", f"user:{self.actor}", {"window": self.window})
        self.app.logout()


def history_cells(item: PastVisit) -> tuple[Text, ...]:
    outcome = item.outcome or "未登记"
    if item.handling:
        outcome += f" / {item.handling}"
    if item.rating:
        outcome += f"（评价：{item.rating}）"
    summary = item.summary.replace("\n", " ")
    if len(summary) > 40:
        summary = summary[:40] + "…"
    return (Text(item.hall_day), Text(item.number), Text(summary), Text(outcome))



