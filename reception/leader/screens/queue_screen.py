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

The screen reaches the core only through its `HallService`, never from the
UI thread: the poll and the record opening are thread workers posting their
reads back (one at a time, a late older read never shown over a newer one),
and every action runs through `run_core` (a wait notice while the database is
held, the core's refusal in Chinese, no second action meanwhile).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from reception.leader import detail
from reception.leader.protocol import LeaderHost, leader_host
from reception.leader.screens.talk_screen import TalkScreen
from reception.queue.errors import QueueError
from reception.queue.models import Ticket, TicketState
from reception.queue.service import (
    HallService,
    LeaderDay,
    PastVisit,
    QueueRow,
    Registration,
    Talk,
    User,
)
from reception.staff_ui.actions import run_core
from reception.staff_ui.confirm import ConfirmPrompt
from reception.staff_ui.keys_help import HELP_BINDING, KeysHelp, screen_keys
from reception.staff_ui.registration import RegistrationScreen

log = logging.getLogger(__name__)

# (label, width): the name column is fixed so a long name cannot push the
# record column off a 120-column screen.
COLUMNS = (("号码", 5), ("状态", 6), ("类型", 4), ("来访人", 14), ("人数", 4), ("重复", 4), ("记录", 6))


@dataclass(frozen=True)
class VisitView:
    """What the right-hand side shows of one visit, read off the UI thread."""

    seq: int  # order of the reads: a late, older read never overwrites a newer one
    visit_id: int
    registration: Registration
    talk: Talk | None
    history: list[PastVisit]


@dataclass(frozen=True)
class QueueView:
    """One poll of the database: the day, the queue, and the shown visit (if readable)."""

    seq: int
    day: LeaderDay
    rows: list[QueueRow]
    coming: int  # walk-ins who asked for this leader, still at a counter
    visit: VisitView | None
    visit_failed: bool = False
    printer: str = ""  # the kiosks' printer state, for the status line ("" before any report)


class QueueScreen(Screen):
    CSS_PATH = "queue_screen.tcss"
    # The footer shows the keys of a talk in the order they are used and fits an
    # 80-column screen; ? (帮助) lists every key, the hidden ones too.
    BINDINGS = [
        Binding("n", "call_next", "叫号", id="leader.call_next"),
        Binding("s", "start", "开始接谈", id="leader.start"),
        Binding("t", "talk", "记录批示", id="leader.talk"),
        Binding("g", "register", "登记", id="leader.register"),
        Binding("f", "finish", "结束接谈", id="leader.finish"),
        Binding("x", "no_show", "过号", id="leader.no_show"),
        Binding("r", "recall", "重呼", id="leader.recall", show=False),
        Binding("u", "undo_no_show", "撤销过号（一分钟内）", id="leader.undo_no_show", show=False),
        Binding("o", "open_doc", "查看完整证件号", id="leader.open_doc", show=False),
        Binding("z", "statistics", "统计", id="leader.statistics", show=False),
        Binding("d", "supervision", "督办（所有期限）", id="leader.supervision", show=False),
        Binding("b", "baoan", "我的包案", id="leader.baoan", show=False),
        Binding(HELP_BINDING.key, "help", "帮助", key_display="?", id="leader.help"),
        Binding("ctrl+l", "logout", "退出登录", key_display="Ctrl+L", id="leader.logout"),
    ]

    class QueueRead(Message):
        """Posted from the poll thread: a fresh view of the queue."""

        def __init__(self, view: QueueView) -> None:
            super().__init__()
            self.view = view

    class QueueUnreadable(Message):
        """Posted from the poll thread: the database could not be read this time."""

    class VisitRead(Message):
        def __init__(self, view: VisitView) -> None:
            super().__init__()
            self.view = view

    class VisitUnreadable(Message):
        def __init__(self, visit_id: int) -> None:
            super().__init__()
            self.visit_id = visit_id

    def __init__(self, service: HallService, user: User, poll_interval: float = 1.0) -> None:
        super().__init__()
        assert user.leader_id is not None, "a leader account is linked to a leader"
        self.service = service
        self.user = user
        self.leader_id: int = user.leader_id
        self.poll_interval = poll_interval
        self.rows: list[QueueRow] = []
        self.filled = False  # the table has been filled once (an empty queue too)
        self.shown_visit: int | None = None
        self.visit_view: VisitView | None = None  # the last read of the shown visit
        self.opened: dict[int, str] = {}  # person id -> full number, for the shown visit only
        self._reads = itertools.count(1)  # taken in worker threads (atomic under the GIL)
        self._applied_queue = 0
        self._applied_visit = 0
        self._poll_worker: Worker[None] | None = None
        self._poll_again = False
        self._visit_worker: Worker[None] | None = None
        self._visit_wanted: int | None = None
        self._visit_loading: int | None = None
        self._last_no_show: Ticket | None = None  # for u 撤销过号 (the core allows a minute)

    @property
    def host(self) -> LeaderHost:
        return leader_host(self)

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
        yield Footer(compact=True)

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


    # ------------------------------------------------------------------ reading (worker threads)

    # Every read and write of the database runs in a thread worker (the facade
    # gives each thread its own connection): a database another program holds
    # makes the leader wait, never freezes the screen.

    def _read_visit(self, visit_id: int, audit: bool) -> VisitView:
        seq = next(self._reads)
        service = self.service
        reg = (
            service.open_registration(visit_id, self.user.username)
            if audit
            else service.registration(visit_id)
        )
        talk = service.talk(visit_id, self.leader_id)
        lead = reg.lead
        history = service.visits_of_person(lead.id, before_visit=visit_id) if lead else []
        return VisitView(seq, visit_id, reg, talk, history)

    def _read_queue(self, visit_id: int | None) -> QueueView:
        seq = next(self._reads)
        service = self.service
        day = service.leader_day(self.leader_id)
        rows = service.leader_queue_rows(self.leader_id)
        coming = service.asked_for_at_counter(self.leader_id)
        visit, failed = None, False
        if visit_id is not None:
            try:
                visit = self._read_visit(visit_id, audit=False)
            except QueueError:
                failed = True
        return QueueView(seq, day, rows, coming, visit, failed, service.kiosk_printer_text())

    def _read_after_change(self, visit_id: int | None) -> QueueView | None:
        """The queue after an action; the action stands even if this read fails."""
        try:
            return self._read_queue(visit_id)
        except QueueError:
            return None

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self, visit_id: int | None) -> None:
        try:
            view = self._read_queue(visit_id)
        except QueueError:
            self.post_message(self.QueueUnreadable())
            return
        self.post_message(self.QueueRead(view))

    @work(thread=True, exclusive=True, group="visit", exit_on_error=False)
    def _load_visit(self, visit_id: int) -> None:
        """Open a visit's record for the leader (the opening is audited by the core)."""
        try:
            view = self._read_visit(visit_id, audit=True)
        except QueueError:
            self.post_message(self.VisitUnreadable(visit_id))
            return
        self.post_message(self.VisitRead(view))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if group not in ("poll", "visit") or event.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return
        if event.state is WorkerState.ERROR:
            # A read that failed with anything but a QueueError is a defect: logged, the view stays.
            log.error("leader %s read failed", group, exc_info=event.worker.error)
        # A read asked for while this one ran (see refresh_queue and _show) runs now.
        if group == "poll" and self._poll_again:
            self._poll_again = False
            self.refresh_queue()
        elif group == "visit" and self._visit_wanted is not None:
            wanted, self._visit_wanted = self._visit_wanted, None
            if wanted == self.shown_visit:
                self._open_visit(wanted)

    # ------------------------------------------------------------------ refreshing (UI thread)

    def on_mount(self) -> None:
        self.column_keys = [
            self.table.add_column(label, width=width) for label, width in COLUMNS
        ]
        self.refresh_queue()
        self.table.focus()
        self.set_interval(self.poll_interval, self.refresh_queue)

    def refresh_queue(self) -> None:
        """Read the queue again, off the UI thread; the answer comes as `QueueRead`.

        One read at a time: while the database keeps a read waiting (the core lets
        one thread at a time into the hall), the next tick does not stack another
        thread on it; a refresh asked for meanwhile runs when that read ends.
        """
        if _running(self._poll_worker):
            self._poll_again = True
            return
        self._poll_worker = self._poll(self.shown_visit)

    def on_queue_screen_queue_read(self, message: QueueRead) -> None:
        self._apply(message.view)

    def on_queue_screen_queue_unreadable(self, message: QueueUnreadable) -> None:
        # The last good view stays up; the next poll tries again.
        self.status_line.update(Content("数据库暂时无法读取，正在重试…"))

    def on_queue_screen_visit_read(self, message: VisitRead) -> None:
        if self._take_visit(message.view):
            self._render_visit()

    def on_queue_screen_visit_unreadable(self, message: VisitUnreadable) -> None:
        if message.visit_id == self.shown_visit:
            self.visit_panel.update(Content("读取来访登记失败，正在重试…"))

    def _take_visit(self, view: VisitView) -> bool:
        """Keep a read of the shown visit unless a newer one is already kept."""
        if view.visit_id != self.shown_visit or view.seq <= self._applied_visit:
            return False
        self._applied_visit = view.seq
        self.visit_view = view
        return True

    def _apply(self, view: QueueView) -> None:
        if view.seq <= self._applied_queue:
            return  # an older read that finished late
        self._applied_queue = view.seq
        self.day_line.update(detail.day_notice(view.day, self.service.clock.hall_day()))
        rows = view.rows
        waiting = sum(1 for row in rows if row.ticket.state is TicketState.WAITING)
        status = f"等候 {waiting} 人，今日共 {len(rows)} 人"
        if view.coming:
            status += f"；另有 {view.coming} 人点名找您，正在窗口登记"
        if view.printer:
            status += f"\n{view.printer}"  # its own line: the pane is narrow
        self.status_line.update(Content(status))
        if view.visit is not None:
            self._take_visit(view.visit)
        if rows != self.rows or not self.filled:
            self._fill_table(rows)
        elif self.shown_visit is not None:
            if view.visit_failed and view.visit is None:
                self.visit_panel.update(Content("读取来访登记失败，正在重试…"))
            else:
                self._render_visit()

    def _fill_table(self, rows: list[QueueRow]) -> None:
        keep = self.selected_ticket
        old_keys = [row.ticket.id for row in self.rows]
        new_keys = [row.ticket.id for row in rows]
        table = self.table
        if self.filled and old_keys and new_keys[: len(old_keys)] == old_keys:
            # Same order, maybe more at the end (a transfer): change cells in
            # place, so the cursor and scroll stay where the leader left them.
            for before, after in zip(self.rows, rows, strict=False):  # rows may be longer
                if before != after:
                    for column, cell in zip(self.column_keys, _cells(after), strict=True):
                        table.update_cell(str(after.ticket.id), column, cell)
            for row in rows[len(old_keys):]:
                table.add_row(*_cells(row), key=str(row.ticket.id))
            self.rows = rows
            self._render_visit()
            return
        self.rows = rows
        self.filled = True
        table.clear()
        for row in rows:
            table.add_row(*_cells(row), key=str(row.ticket.id))
        if not rows:
            self.shown_visit = None
            self.visit_view = None
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
        if ticket.visit_id == self.shown_visit:
            self._render_visit()
            return
        # Another visitor: nothing of the previous one stays on screen (an opened
        # ID number least of all) while their record is read.
        self.shown_visit = ticket.visit_id
        self.visit_view = None
        self.opened = {}
        self.visit_panel.update(Content("正在读取来访登记…"))
        self.talk_panel.update("")
        self.history_panel.update("")
        self._open_visit(ticket.visit_id)

    def _open_visit(self, visit_id: int) -> None:
        """One opening at a time (see refresh_queue); the latest wanted runs next."""
        if _running(self._visit_worker):
            self._visit_wanted = None if visit_id == self._visit_loading else visit_id
            return
        self._visit_loading = visit_id
        self._visit_worker = self._load_visit(visit_id)

    def _render_visit(self) -> None:
        view = self.visit_view
        if view is None or view.visit_id != self.shown_visit:
            return
        ticket = self.selected_ticket
        head = Text()
        if ticket is not None:
            head.append(f"{ticket.number} 号  {ticket.state.label}", "bold reverse")
            if ticket.appointment:
                head.append("  预约", "bold green")
            head.append("\n")
        today = self.service.clock.today()
        self.visit_panel.update(head + detail.visit_text(view.registration, today, self.opened))
        self.talk_panel.update(
            detail.talk_text(view.talk, {self.user.username: self.user.display_name})
        )
        self.history_panel.update(detail.history_text(view.history))

    # ------------------------------------------------------------------ actions

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("do-"):
            # run_action is a coroutine: called without await, a tap on a
            # button did nothing at all (mypy found it).
            await self.run_action(event.button.id[3:])

    def _refuse(self, message: str) -> None:
        self.notify(message, severity="error", markup=False, timeout=6)

    def _current(self) -> Ticket | None:
        ticket = self.selected_ticket
        if ticket is None:
            self._refuse("请先在左侧选择一位来访人")
        return ticket

    def _change(self, action: Callable[[], Ticket | None], said: Callable[[Ticket], str],
                name: str, mask: bool = False) -> None:
        """Run a change of a ticket in the core, then show the queue as it is after it;
        `mask`: the visit is over for now, so an opened ID number is masked again."""
        visit_id = self.shown_visit
        self.app.clear_notifications()  # the last action's toast is old news

        def work() -> tuple[Ticket | None, QueueView | None]:
            ticket = action()
            return ticket, self._read_after_change(visit_id)

        def done(result: tuple[Ticket | None, QueueView | None]) -> None:
            if not self.is_current:
                return  # logged out (or locked) meanwhile: nothing to show
            ticket, view = result
            if mask:
                self.opened = {}
            if ticket is None:
                self.notify("队列中没有等候的来访人", markup=False)
                return
            if view is None:
                self.refresh_queue()
            else:
                self._apply(view)
            for index, row in enumerate(self.rows):
                if row.ticket.id == ticket.id:
                    self.table.move_cursor(row=index)
                    self._show(row.ticket)
            self.notify(said(ticket), markup=False, timeout=3)

        run_core(self, work, done, name=f"leader.{name}")

    def action_call_next(self) -> None:
        # A talk still going on is refused by the core (one rule for every caller),
        # in Chinese, shown as any refusal is.
        self._change(
            lambda: self.service.call_next_for_leader(self.leader_id, self.user.username),
            lambda ticket: f"已叫 {ticket.number} 号", "call_next",
        )

    def _transition(self, verb: Callable[[int, str], Ticket], message: str, name: str) -> None:
        ticket = self._current()
        if ticket is None:
            return
        ticket_id, actor = ticket.id, self.user.username
        self._change(lambda: verb(ticket_id, actor),
                     lambda changed: f"{changed.number} 号{message}", name)

    def action_recall(self) -> None:
        self._transition(self.service.recall, "已重呼", "recall")

    def action_start(self) -> None:
        self._transition(self.service.start, "开始接谈", "start")

    def _confirm(self, question: str, label: str, then: Callable[[], None]) -> None:
        """Ask before a step that cannot be taken back; `then` only on Enter or 确认."""
        def answered(yes: bool | None) -> None:
            if yes and self.is_current:
                then()

        self.app.clear_notifications()  # no toast over the question's buttons
        self.app.push_screen(ConfirmPrompt(question, label), answered)

    def action_no_show(self) -> None:
        ticket = self._current()
        if ticket is None:
            return

        ticket_id, actor = ticket.id, self.user.username

        def marked() -> None:
            self._last_no_show = ticket
            self._change(lambda: self.service.no_show(ticket_id, actor),
                         lambda done: f"{done.number} 号已标记为过号（一分钟内可按 u 撤销）", "no_show",
                         mask=True)

        self._confirm(f"把 {ticket.number} 号标记为过号？", "过号", marked)

    def action_undo_no_show(self) -> None:
        ticket = self._last_no_show
        if ticket is None:
            self._refuse("本次登录还没有标记过号，无可撤销")
            return
        ticket_id, actor = ticket.id, self.user.username
        self._last_no_show = None
        self._change(lambda: self.service.undo_no_show(ticket_id, actor),
                     lambda back: f"已撤销 {back.number} 号的过号", "undo_no_show")

    def action_finish(self) -> None:
        ticket = self._current()
        if ticket is None:
            return
        ticket_id, leader_id, actor = ticket.id, self.leader_id, self.user.username

        def finish() -> None:
            self._change(lambda: self.service.finish_talk(ticket_id, leader_id, actor),
                         lambda done: f"{done.number} 号接谈结束", "finish", mask=True)

        def ready(_: None) -> None:
            if self.is_current:
                self._confirm(f"结束 {ticket.number} 号的接谈？结束后不能撤销。", "结束接谈", finish)

        # The core says first what is missing (talk record, registration); only a
        # talk that can end is asked about.
        run_core(self, lambda: self.service.check_can_finish_talk(ticket_id, leader_id), ready,
                 name="leader.check_finish")

    def action_talk(self) -> None:
        ticket = self._current()
        if ticket is None:
            return
        name = next((row.lead_name for row in self.rows if row.ticket.id == ticket.id), "")
        visit_id, leader_id = ticket.visit_id, self.leader_id

        def open_form(current: Talk | None) -> None:
            if not self.is_active:
                return  # logged out (or locked) meanwhile: no form over the login
            draft = self.host.take_talk_draft(self.user.username, visit_id)
            screen = TalkScreen(
                self.service, visit_id, leader_id, self.user.username,
                f"{ticket.number} 号 {name} 接谈记录与批示", current, draft,
            )
            # Toasts from the call and start would lie over the form's buttons for seconds.
            self.app.clear_notifications()
            self.app.push_screen(screen, self._talk_saved)

        run_core(self, lambda: self.service.talk(visit_id, leader_id), open_form,
                 name="leader.talk")

    def _talk_saved(self, talk: Talk | None) -> None:
        if talk is None:
            return
        self.refresh_queue()
        self.notify("接谈记录已保存", markup=False)

    def action_register(self) -> None:
        """Register the visit (outcome, deadlines) as a counter would, as this leader."""
        ticket = self._current()
        if ticket is None:
            return
        if ticket.state not in (TicketState.CALLED, TicketState.SERVING):
            self._refuse(f"{ticket.number} 号当前为“{ticket.state.label}”，叫号后才能登记")
            return
        visit_id, actor = ticket.visit_id, self.user.username

        def closed(saved: bool | None) -> None:
            self.refresh_queue()
            if saved:
                self.notify(f"{ticket.number} 号登记已保存", markup=False)

        def open_form(record: Registration) -> None:
            if not self.is_active:
                return  # logged out (or locked) meanwhile: no form over the login
            self.app.clear_notifications()  # toasts would lie over the form's buttons
            self.app.push_screen(RegistrationScreen(record, self.service, actor), closed)

        run_core(self, lambda: self.service.open_registration(visit_id, actor), open_form,
                 name="leader.register")

    def action_help(self) -> None:
        self.app.push_screen(KeysHelp("领导接访", screen_keys(self)))

    def action_logout(self) -> None:
        self.host.logout()

    def action_statistics(self) -> None:
        """The month's figures and trend (imported here: plotext loads only when asked for)."""
        from reception.leader.screens.statistics_screen import StatisticsScreen

        self.app.push_screen(StatisticsScreen(self.service, actor=self.user.username))

    def action_supervision(self) -> None:
        """The one 督办 list, every open due date (reception.staff_ui.supervision)."""
        from reception.staff_ui.supervision import SupervisionList

        self.app.push_screen(SupervisionList(within_days=None))

    def action_baoan(self) -> None:
        """The leader's own 包案 cases, closed with a result."""
        from reception.leader.screens.baoan_screen import BaoanScreen

        self.app.push_screen(BaoanScreen(self.service, self.leader_id, self.user.username))

    def action_open_doc(self) -> None:
        visit_id = self.shown_visit
        if visit_id is None:
            self._refuse("请先在左侧选择一位来访人")
            return
        actor = self.user.username

        def open_numbers() -> dict[int, str]:
            reg = self.service.registration(visit_id)
            return {
                entry.person.id: self.service.open_doc_number(entry.person.id, actor, visit_id)
                for entry in reg.people
                if entry.person.doc_number
            }

        def shown(numbers: dict[int, str]) -> None:
            if visit_id != self.shown_visit or not self.is_current:
                return  # the leader moved on meanwhile: the next visitor stays masked
            self.opened.update(numbers)
            if not self.opened:
                self.notify("该来访人没有登记证件号码", markup=False)
            self._render_visit()

        run_core(self, open_numbers, shown, name="leader.open_doc")


def _running(worker: Worker[None] | None) -> bool:
    return worker is not None and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)


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
