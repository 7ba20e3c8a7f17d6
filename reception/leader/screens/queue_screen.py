"""The duty leader's day: the queue routed to them and the visitor in front of them.

Left: today's tickets in `leader:<id>` (appointments first, as the core
orders them), refreshed by polling the database, so a visitor a counter
transfers appears within a poll. Right: the highlighted visitor's
registration, the talk record and the person's earlier visits. A visitor
who comes without a counter's registration (a booked one goes straight to
this queue) is registered here with the counter's own form (g 登记); the
talk cannot end before the visit has its outcome. Opening the
record is audited by the core; the ID number stays masked until the leader
opens it (audited again), and is masked again when another visitor is shown.
"""

from __future__ import annotations

import logging
import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from reception.leader import detail
from reception.leader.screens.talk_screen import TalkScreen
from reception.queue import audit
from reception.queue.accounts import User
from reception.queue.disclosure import open_doc_number
from reception.queue.errors import QueueError
from reception.queue.hall import Hall
from reception.queue.history import visits_of_person
from reception.queue.leader_view import (
    QueueRow,
    asked_for_at_counter,
    finish_talk,
    leader_day,
    queue_rows,
)
from reception.queue.models import Ticket, TicketState
from reception.queue.registration import Registration, Registrations
from reception.queue.talks import Talk, Talks
from reception.staff_ui.registration import RegistrationScreen

log = logging.getLogger(__name__)
BUSY = "数据库正忙，请稍后重试"

# (label, width): the name column is fixed so a long name cannot push the
# record column off a 120-column screen.
COLUMNS = (("号码", 5), ("状态", 6), ("类型", 4), ("来访人", 14), ("人数", 4), ("重复", 4), ("记录", 6))


class QueueScreen(Screen):
    CSS_PATH = "queue_screen.tcss"
    BINDINGS = [
        Binding("n", "call_next", "叫下一位", id="leader.call_next"),
        Binding("r", "recall", "重呼", id="leader.recall"),
        Binding("s", "start", "开始接谈", id="leader.start"),
        Binding("t", "talk", "接谈记录/批示", id="leader.talk"),
        Binding("g", "register", "登记", id="leader.register"),
        Binding("f", "finish", "结束接谈", id="leader.finish"),
        Binding("x", "no_show", "过号", id="leader.no_show"),
        Binding("o", "open_doc", "查看完整证件号", id="leader.open_doc"),
        Binding("ctrl+l", "logout", "退出登录", id="leader.logout"),
    ]

    def __init__(self, hall: Hall, user: User, poll_interval: float = 1.0) -> None:
        super().__init__()
        assert user.leader_id is not None, "a leader account is linked to a leader"
        self.hall = hall
        self.user = user
        self.leader_id: int = user.leader_id
        self.poll_interval = poll_interval
        self.talks = Talks(hall.db, hall.clock)
        self.registrations = Registrations(hall.db, hall.config, hall.clock)
        self.rows: list[QueueRow] = []
        self.filled = False  # the table has been filled once (an empty queue too)
        self.shown_visit: int | None = None
        self.opened: dict[int, str] = {}  # person id -> full number, for the shown visit only

    def compose(self) -> ComposeResult:
        yield Static(id="day-notice")
        with Horizontal(id="main"):
            with Vertical(id="queue-pane"):
                yield Static(Content("今日接访队列"), id="queue-title")
                yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="queue-status")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="visit-detail")
                yield Static(id="talk-detail")
                yield Static(id="visit-history")
        with Horizontal(id="actions"):
            yield Button("叫下一位 N", id="do-call_next", variant="primary")
            yield Button("开始接谈 S", id="do-start")
            # Short labels: six buttons fit an 80-column screen (the footer has the full names).
            yield Button("接谈/批示 T", id="do-talk", variant="success")
            yield Button("登记 G", id="do-register")
            yield Button("结束接谈 F", id="do-finish")
            yield Button("查看证件号 O", id="do-open_doc", variant="warning")
        yield Footer()

    # ------------------------------------------------------------------ widgets

    @property
    def table(self) -> DataTable:
        return self.query_one("#queue-table", DataTable)

    @property
    def day_line(self) -> Static:
        return self.query_one("#day-notice", Static)

    @property
    def status_line(self) -> Static:
        return self.query_one("#queue-status", Static)

    @property
    def visit_panel(self) -> Static:
        return self.query_one("#visit-detail", Static)

    @property
    def talk_panel(self) -> Static:
        return self.query_one("#talk-detail", Static)

    @property
    def history_panel(self) -> Static:
        return self.query_one("#visit-history", Static)

    # ------------------------------------------------------------------ refreshing

    def on_mount(self) -> None:
        self.column_keys = [
            self.table.add_column(label, width=width) for label, width in COLUMNS
        ]
        self.refresh_queue()
        self.table.focus()
        self.set_interval(self.poll_interval, self.refresh_queue)

    def refresh_queue(self) -> None:
        """Read the queue again; a database hiccup leaves the last view up (a timer must not raise)."""
        try:
            info = leader_day(self.hall, self.leader_id)
            rows = queue_rows(self.hall, self.leader_id)
            coming = asked_for_at_counter(self.hall, self.leader_id)
        except (QueueError, sqlite3.Error):
            self.status_line.update(Content("数据库暂时无法读取，正在重试…"))
            return
        self.day_line.update(detail.day_notice(info, self.hall.clock.hall_day()))
        waiting = sum(1 for row in rows if row.ticket.state is TicketState.WAITING)
        status = f"等候 {waiting} 人，今日共 {len(rows)} 人"
        if coming:
            status += f"；另有 {coming} 人点名找您，正在窗口登记"
        self.status_line.update(Content(status))
        if rows != self.rows or not self.filled:
            self._fill_table(rows)
        elif self.shown_visit is not None:
            self._render_visit(audit=False)

    def _fill_table(self, rows: list[QueueRow]) -> None:
        keep = self.selected_ticket
        old_keys = [row.ticket.id for row in self.rows]
        new_keys = [row.ticket.id for row in rows]
        table = self.table
        if self.filled and old_keys and new_keys[: len(old_keys)] == old_keys:
            # Same order, maybe more at the end (a transfer): change cells in
            # place, so the cursor and scroll stay where the leader left them.
            for before, after in zip(self.rows, rows):
                if before != after:
                    for column, cell in zip(self.column_keys, _cells(after)):
                        table.update_cell(str(after.ticket.id), column, cell)
            for row in rows[len(old_keys):]:
                table.add_row(*_cells(row), key=str(row.ticket.id))
            self.rows = rows
            self._render_visit(audit=False)
            return
        self.rows = rows
        self.filled = True
        table.clear()
        for row in rows:
            table.add_row(*_cells(row), key=str(row.ticket.id))
        if not rows:
            self.shown_visit = None
            self.opened = {}
            self.visit_panel.update(Content("暂无分派给您的来访人。窗口转来的来访人会自动出现在这里。"))
            self.talk_panel.update("")
            self.history_panel.update("")
            return
        index = 0
        if keep is not None:
            index = next((i for i, row in enumerate(rows) if row.ticket.id == keep.id), 0)
        table.move_cursor(row=index)
        self._show(rows[index].ticket)

    @property
    def selected_ticket(self) -> Ticket | None:
        if not self.rows or self.table.row_count == 0:
            return None
        index = self.table.cursor_row
        if 0 <= index < len(self.rows):
            return self.rows[index].ticket
        return None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # After a refill the table posts highlights for rows the cursor has
        # already left: only the row under the cursor now counts (no stray
        # record opening in the audit log).
        if event.cursor_row != self.table.cursor_row:
            return
        if 0 <= event.cursor_row < len(self.rows):
            self._show(self.rows[event.cursor_row].ticket)

    def _show(self, ticket: Ticket) -> None:
        if ticket.visit_id != self.shown_visit:
            self.shown_visit = ticket.visit_id
            self.opened = {}
            self._render_visit(audit=True)
        else:
            self._render_visit(audit=False)

    def _render_visit(self, audit: bool) -> None:
        visit_id = self.shown_visit
        if visit_id is None:
            return
        try:
            reg = (
                self.registrations.open_record(visit_id, self.user.username)
                if audit
                else self.registrations.get(visit_id)
            )
            talk = self.talks.get(visit_id, self.leader_id)
            lead = reg.lead
            history = (
                visits_of_person(self.hall.db, lead.id, before_visit=visit_id) if lead else []
            )
        except (QueueError, sqlite3.Error):
            self.visit_panel.update(Content("读取来访登记失败，正在重试…"))
            return
        ticket = self.selected_ticket
        head = Text()
        if ticket is not None:
            head.append(f"{ticket.number} 号  {ticket.state.label}", "bold reverse")
            if ticket.appointment:
                head.append("  预约", "bold green")
            head.append("\n")
        self.visit_panel.update(head + detail.visit_text(reg, self.hall.clock.today(), self.opened))
        self.talk_panel.update(detail.talk_text(talk, {self.user.username: self.user.display_name}))
        self.history_panel.update(detail.history_text(history))

    # ------------------------------------------------------------------ actions

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("do-"):
            self.run_action(event.button.id[3:])

    def _refuse(self, message: str) -> None:
        self.notify(message, severity="error", markup=False, timeout=6)

    def _after_change(self, ticket: Ticket, message: str) -> None:
        self.refresh_queue()
        for index, row in enumerate(self.rows):
            if row.ticket.id == ticket.id:
                self.table.move_cursor(row=index)
                self._show(row.ticket)
        self.notify(message, markup=False)

    def _current(self) -> Ticket | None:
        ticket = self.selected_ticket
        if ticket is None:
            self._refuse("请先在左侧选择一位来访人")
        return ticket

    def action_call_next(self) -> None:
        serving = [row.ticket for row in self.rows if row.ticket.state is TicketState.SERVING]
        if serving:
            self._refuse(f"{serving[0].number} 号正在接谈，请先结束接谈再叫下一位")
            return
        try:
            ticket = self.hall.call_next_for_leader(self.leader_id, self.user.username)
        except QueueError as exc:
            self._refuse(exc.message)
            return
        except sqlite3.Error:
            log.exception("leader action failed")
            self._refuse(BUSY)
            return
        if ticket is None:
            self.notify("队列中没有等候的来访人", markup=False)
            return
        self._after_change(ticket, f"已叫 {ticket.number} 号")

    def _transition(self, verb: str, message: str) -> None:
        ticket = self._current()
        if ticket is None:
            return
        try:
            changed = getattr(self.hall, verb)(ticket.id, self.user.username)
        except QueueError as exc:
            self._refuse(exc.message)
            return
        except sqlite3.Error:
            log.exception("leader action failed")
            self._refuse(BUSY)
            return
        self._after_change(changed, f"{changed.number} 号{message}")

    def action_recall(self) -> None:
        self._transition("recall", "已重呼")

    def action_start(self) -> None:
        self._transition("start", "开始接谈")

    def action_no_show(self) -> None:
        self._transition("no_show", "已标记为过号")

    def action_finish(self) -> None:
        ticket = self._current()
        if ticket is None:
            return
        try:
            done = finish_talk(self.hall, self.talks, ticket, self.leader_id, self.user.username)
        except QueueError as exc:
            self._refuse(exc.message)
            return
        except sqlite3.Error:
            log.exception("leader action failed")
            self._refuse(BUSY)
            return
        self._after_change(done, f"{done.number} 号接谈结束")

    def action_talk(self) -> None:
        ticket = self._current()
        if ticket is None:
            return
        name = next((row.lead_name for row in self.rows if row.ticket.id == ticket.id), "")
        try:
            current = self.talks.get(ticket.visit_id, self.leader_id)
        except sqlite3.Error:
            log.exception("reading the talk failed")
            self._refuse(BUSY)
            return
        draft = self.app.take_talk_draft(self.user.username, ticket.visit_id)  # type: ignore[attr-defined]
        screen = TalkScreen(
            self.talks, ticket.visit_id, self.leader_id, self.user.username,
            f"{ticket.number} 号 {name} 接谈记录与批示", current, draft,
        )
        # Toasts from the call and start would lie over the form's buttons for seconds.
        self.app.clear_notifications()
        self.app.push_screen(screen, self._talk_saved)

    def _talk_saved(self, talk: Talk | None) -> None:
        if talk is None:
            return
        self.refresh_queue()
        self._render_visit(audit=False)
        self.notify("接谈记录已保存", markup=False)

    def action_register(self) -> None:
        """Register the visit (outcome, deadlines) as a counter would, as this leader."""
        ticket = self._current()
        if ticket is None:
            return
        if ticket.state not in (TicketState.CALLED, TicketState.SERVING):
            self._refuse(f"{ticket.number} 号当前为“{ticket.state.label}”，叫号后才能登记")
            return
        try:
            record = self.registrations.open_record(ticket.visit_id, self.user.username)
        except QueueError as exc:
            self._refuse(exc.message)
            return
        except sqlite3.Error:
            log.exception("opening the registration failed")
            self._refuse(BUSY)
            return

        def closed(saved: bool | None) -> None:
            self.refresh_queue()
            self._render_visit(audit=False)
            if saved:
                self.notify(f"{ticket.number} 号登记已保存", markup=False)

        self.app.clear_notifications()  # toasts would lie over the form's buttons
        self.app.push_screen(
            RegistrationScreen(record, self.registrations, self.user.username), closed
        )

    def action_logout(self) -> None:
        try:
            audit.record(
                self.hall.db, self.user.username, "logout", f"user:{self.user.username}",
                at=self.hall.clock.stamp(),
            )
        except sqlite3.Error:  # leaving matters more than the log line
            log.exception("logout audit failed")
        self.app.logout()  # type: ignore[attr-defined]

    def action_open_doc(self) -> None:
        if self.shown_visit is None:
            self._refuse("请先在左侧选择一位来访人")
            return
        try:
            reg: Registration = self.registrations.get(self.shown_visit)
            for entry in reg.people:
                if entry.person.doc_number:
                    self.opened[entry.person.id] = open_doc_number(
                        self.hall.db, entry.person.id, self.user.username, self.hall.clock,
                        visit_id=self.shown_visit,
                    )
        except QueueError as exc:
            self._refuse(exc.message)
            return
        except sqlite3.Error:
            log.exception("leader action failed")
            self._refuse(BUSY)
            return
        if not self.opened:
            self.notify("该来访人没有登记证件号码", markup=False)
        self._render_visit(audit=False)


def _cells(row: QueueRow) -> list[Text]:
    ticket = row.ticket
    kind = "预约" if ticket.appointment else ("优先" if ticket.priority else "")
    return [
        Text(ticket.number, style="bold"),
        Text(ticket.state.label),
        Text(kind, style="green" if ticket.appointment else ""),
        Text(row.lead_name),  # visitor text: a Text cell is never markup
        Text(str(row.group_size)),
        Text("是" if row.is_repeat else ""),
        Text("已记录" if row.talk_recorded else "—"),
    ]
