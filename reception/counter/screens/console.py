"""The window console: the queue this window serves, the ticket at the window,
the visitor's earlier visits, and one key per action.

Keys are letters, not F-keys: in a browser (textual-serve) F5 reloads the page
and F11/F12 belong to the browser.

Every read and write goes through the `HallService` off the UI thread: the poll
in an exclusive thread worker, each action through `run_core`, which also reads
the console's view again in the same worker, so the screen shows the result of
the action in one step. A refusal (a rule, a busy or full database) is said on
the status line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from reception.counter.protocol import CounterScreen
from reception.counter.screens.appointment import AppointmentScreen, Bookable, bookable_days
from reception.counter.screens.appointments import AppointmentListScreen
from reception.counter.screens.callbacks import CallBackScreen
from reception.counter.screens.history import HistoryScreen
from reception.counter.screens.match import MatchScreen
from reception.counter.screens.prompt import ConfirmPrompt, NumberPrompt
from reception.counter.screens.supervision import SupervisionScreen
from reception.counter.screens.transfer import Target, TransferScreen, transfer_targets
from reception.counter.screens.walk_in import WalkInScreen
from reception.queue.errors import QueueError
from reception.queue.models import Ticket, TicketState
from reception.queue.service import ChangeNotices, HallStatus, PastVisit, Serving, half_width
from reception.staff_ui.actions import run_core
from reception.staff_ui.keys_help import HELP_BINDING, KeysHelp, screen_keys
from reception.staff_ui.registration import RegistrationScreen

log = logging.getLogger(__name__)

T = TypeVar("T")

QUEUE_COLUMNS = (("number", "号码"), ("service", "业务"), ("waited", "等候"), ("flags", "标记"),
                 ("size", "人数"), ("repeat", "来过"))


@dataclass(frozen=True)
class View:
    """What the console shows, read in one go off the UI thread."""

    rows: list
    current: Serving | None
    history: list[PastVisit] | None  # the lead's earlier visits; None: the visit shown has not changed
    hours: HallStatus | None = None  # the opening hours now: the time left against the queue
    printer: str = ""  # the kiosks' printer state ("" before any kiosk reported one)


def queue_heading(waiting: int, hours: HallStatus | None, width: int | None = None) -> str:
    """How many wait, against the time the session has left (or what the hall is doing).

    Wider than `width` cells (the queue pane is half of an 80-column screen), the
    time goes on a line of its own: cut, it lost 180 分钟 (issue 17)."""
    heading = f"等候队列（{waiting} 人）"
    if hours is None:
        return heading
    if hours.today.always:  # open day and night: no session end to count down to
        rest = "全天接待"
    elif hours.current is not None:
        stopped = "已停止取号，" if not hours.may_issue else ""
        rest = f"{stopped}{hours.current.closes:%H:%M} 结束，还剩 {hours.minutes_left} 分钟"
    else:
        rest = hours.headline
    line = f"{heading}  {rest}"
    if width and cell_len(line) > width:
        return f"{heading}\n{rest}"
    return line


class ConsoleScreen(CounterScreen, Screen):
    CSS_PATH = "console.tcss"
    # The footer shows the keys of a visit, in the order they are used, and fits
    # an 80-column screen; the rest are listed by ? (帮助), every one of them.
    BINDINGS = [
        Binding("n", "call_next", "叫号", id="call_next"),
        Binding("r", "recall", "重呼", id="recall"),
        Binding("s", "start", "开始", id="start"),
        Binding("g", "register", "登记", id="register"),
        Binding("f", "finish", "结束接待", id="finish"),
        Binding("x", "no_show", "过号", id="no_show"),
        Binding("t", "transfer", "转办", id="transfer"),
        Binding("u", "undo_no_show", "撤销过号", id="undo_no_show", show=False),
        Binding("b", "requeue", "过号重排", id="requeue", show=False),
        Binding("p", "reprint", "补打号票", id="reprint", show=False),
        Binding("y", "prioritise", "设为优先（残疾等）", id="prioritise", show=False),
        Binding("w", "walk_in", "窗口取号", id="walk_in", show=False),
        Binding("a", "appointment", "领导接访预约", id="appointment", show=False),
        Binding("l", "appointments", "预约名单（查看、取消）", id="appointments", show=False),
        Binding("h", "history", "历史来访查询", id="history", show=False),
        Binding("m", "match", "补录证件", id="match", show=False),
        Binding("d", "supervision", "督办（期限将到）", id="supervision", show=False),
        Binding("v", "callbacks", "回访", id="callbacks", show=False),
        HELP_BINDING,
        Binding("ctrl+l", "logout", "退出登录", key_display="Ctrl+L", id="logout"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current: Serving | None = None
        self._history_visit: int | None = None
        self._queue_keys: list[str] = []
        self._rows: list = []
        self._hours: HallStatus | None = None
        self._last_no_show: Ticket | None = None  # for u 撤销过号 (the core allows a minute)

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
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            # The kiosks' printer, where staff look after each action: a visitor whose
            # ticket did not print is on the way to this window.
            yield Static(id="kiosk-printer")
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
    def window(self) -> int:
        return self.counter.window_number

    def on_mount(self) -> None:
        user = self.counter.user
        who = f"{user.display_name}（{user.role_name}）" if user else ""
        self.title_line.update(Text(f"{self.counter.window_name}  ·  {who}"))
        for key, label in QUEUE_COLUMNS:
            self.queue_table.add_column(label, key=key)
        # 结果 before 反映问题: on a half screen a long summary is cut, not the outcome.
        for key, label in (("day", "日期"), ("number", "号码"), ("outcome", "结果"), ("summary", "反映问题")):
            self.history_table.add_column(label, key=key)
        self.refresh_from_db()
        # The timer only starts a worker: an exception in a timer callback would end the app.
        self.set_interval(self.counter.poll_seconds, self.refresh_from_db)
        notices = self.service.change_notices()  # PostgreSQL: pushed at once (issue 18)
        if notices is not None:
            self._listen(notices)

    @work(thread=True, exclusive=True, group="console-listen", exit_on_error=False)
    def _listen(self, notices: ChangeNotices) -> None:
        """Read again as soon as another PC's change commits; the timer stays for the rest."""
        worker = get_current_worker()
        try:
            while not worker.is_cancelled:
                try:
                    changed = notices.wait(1.0)
                except QueueError as exc:  # the server away: the timer's reads say so
                    log.warning("change notices: %s", exc.message)
                    changed = False
                    time.sleep(1.0)  # then listen afresh
                if changed and not worker.is_cancelled:
                    self.app.call_from_thread(self.refresh_from_db)
        finally:
            notices.close()

    # ------------------------------------------------------------------ reading

    def read_view(self, shown_visit: int | None) -> View:
        """The queue, the window's ticket and (when the visit changed) the lead's
        earlier visits (that lookup is audited). In a worker thread only."""
        service, window = self.service, self.window
        rows = service.counter_queue_rows(service.config.window(window).services)
        current = service.serving_at(window)
        visit = current.ticket.visit_id if current else None
        history = None
        if visit != shown_visit:
            history = [] if visit is None else service.earlier_visits_of_lead(visit, self.actor)
        return View(rows, current, history, service.hall_status(), service.kiosk_printer_text())

    def refresh_from_db(self) -> None:
        """Read the queue and the window's ticket again, off the UI thread."""
        self._poll(self._history_visit)

    @work(thread=True, exclusive=True, group="console-refresh", exit_on_error=False)
    def _poll(self, shown_visit: int | None) -> None:
        worker = get_current_worker()
        try:
            view = self.read_view(shown_visit)
        except QueueError as exc:
            log.warning("counter refresh failed: %s", exc.message)
            if not worker.is_cancelled:
                self.app.call_from_thread(self.poll_failed, exc)
            return
        if not worker.is_cancelled:  # a later read is on its way: this one may be stale
            self.app.call_from_thread(self.show_view, view)

    def poll_failed(self, exc: QueueError) -> None:
        self.say(f"读取数据库失败，稍后自动重试（{exc.message}）", error=True)

    def show_view(self, view: View) -> None:
        self._hours = view.hours
        printer = self.query_one("#kiosk-printer", Static)
        printer.update(Text(view.printer))
        printer.set_class("：" in view.printer, "-fault")
        self.show_queue(view.rows)
        self.show_serving(view.current)
        if view.history is not None:
            self.show_history(view.current, view.history)

    def show_queue(self, rows) -> None:
        self._rows = rows
        table = self.queue_table
        keys = [str(row.ticket.id) for row in rows]
        cells = {
            str(row.ticket.id): (
                Text(row.ticket.number),
                Text(row.service_name),
                Text(f"{row.waited_minutes} 分"),
                Text(row.flags, style="bold"),
                Text(str(row.group_size)),
                # Seen before, not yet 重复访: that is decided at registration (same matter or new).
                Text(f"{row.earlier_visits} 次" if row.is_repeat else ""),
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
                for (column, _), value in zip(QUEUE_COLUMNS, cells[key], strict=True):
                    if str(table.get_cell(key, column)) != str(value):
                        table.update_cell(key, column, value)
        self.show_heading()

    def show_heading(self) -> None:
        title = self.queue_title
        width = title.content_region.width or None  # 0 before the first layout
        title.update(Content(queue_heading(len(self._rows), self._hours, width)))

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_heading)  # the pane's new width is known after layout

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
        if current.is_repeat and current.registered:
            text.append("    重复访（同一事项）", style="bold")
        elif current.earlier_visits and not current.registered:
            text.append(f"    此前来访 {current.earlier_visits} 次", style="bold")
        for warning in current.warnings:  # 异常/过激言行 recorded before (seed 000)
            text.append("\n")
            text.append(warning, style="bold red")
        if current.registered:
            text.append(f"\n登记：已登记，{current.outcome}")
            if current.handling:
                text.append(f" / {current.handling}")
            text.append(f"    事项状态：{current.matter_state}")
            if current.handle_deadline and not current.concluded:
                # Both statutory dates (Arts. 23 and 34): the visitor is told the first today.
                text.append(f"\n告知期限：{current.notify_deadline}    办理期限：{current.handle_deadline}")
            if current.mark_reason:
                text.append("\n重复访/越级访原因：")
                text.append(current.mark_reason)  # data, never markup
        else:
            text.append("\n登记：有草稿，尚未登记（按 g 继续）" if current.has_draft
                        else "\n登记：未登记（按 g 登记）")
        self.serving_panel.update(text)

    def show_history(self, current: Serving | None, past: list[PastVisit]) -> None:
        self._history_visit = current.ticket.visit_id if current else None
        self.history_table.clear()
        for item in past:
            self.history_table.add_row(*history_cells(item), key=str(item.visit_id))

    # ------------------------------------------------------------------ messages

    def say(self, message: str, error: bool = False) -> None:
        self.status_line.update(Text(message))
        self.status_line.set_class(error, "-error")

    def refused(self, exc: QueueError) -> None:
        """The console's place for a refusal of the core: the status line."""
        self.say(exc.message, error=True)

    def act(self, action: str, change: Callable[[], T], then: Callable[[T], None]) -> bool:
        """Run one action through the service off the UI thread (the core audits it),
        read the view again in the same worker, and hand the result to `then` on the
        UI thread; a refusal is said on the status line."""
        shown = self._history_visit

        def in_thread() -> tuple[T, View | None]:
            result = change()
            try:
                return result, self.read_view(shown)
            except QueueError:  # the action is stored: the next poll shows it
                return result, None

        def done(outcome: tuple[T, View | None]) -> None:
            result, view = outcome
            if view is None:
                self.refresh_from_db()
            else:
                self.show_view(view)
            then(result)

        return run_core(self, in_thread, done, refused=self.refused, name=f"counter-{action}")

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
        # The core refuses while this window still holds a visitor (one rule for the
        # counter and the CLI); the refusal names the number, on the status line.
        service, window, actor = self.service, self.window, self.actor

        def called(ticket: Ticket | None) -> None:
            if ticket is None:
                self.say("没有等候的来访人")
            else:
                self.say(f"已叫号：{ticket.number}")

        self.act("call", lambda: service.call_next(window, actor), called)

    def action_recall(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            self.act("recall", lambda: self.service.recall(ticket.id, self.actor, window=self.window),
                     lambda _: self.say(f"已重呼：{ticket.number}"))

    def action_start(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            self.act("start", lambda: self.service.start(ticket.id, self.actor),
                     lambda _: self.say(f"开始接待：{ticket.number}"))

    def confirm(self, question: str, then: Callable[[], object], label: str = "确认") -> None:
        """Ask before a step that cannot be taken back; `then` only on Enter or 确认."""
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmPrompt(question, label), answered)

    def action_no_show(self) -> None:
        if ticket := self.need_current(TicketState.CALLED):
            def marked(_: Ticket) -> None:
                self._last_no_show = ticket
                self.say(f"{ticket.number} 号已过号（一分钟内可按 u 撤销）")

            self.confirm(
                f"把 {ticket.number} 号标记为过号？",
                lambda: self.act("no_show", lambda: self.service.no_show(ticket.id, self.actor), marked),
                "过号",
            )

    def action_undo_no_show(self) -> None:
        ticket = self._last_no_show
        if ticket is None:
            self.say("本次登录还没有标记过号，无可撤销", error=True)
            return

        def undone(_: Ticket) -> None:
            self._last_no_show = None
            self.say(f"已撤销 {ticket.number} 号的过号，请接待")

        # The core refuses after a minute, or once this window called someone else.
        self.act("undo_no_show", lambda: self.service.undo_no_show(ticket.id, self.actor), undone)

    def action_finish(self) -> None:
        # The core refuses an unregistered visit (the leader view applies the same rule).
        if ticket := self.need_current(TicketState.SERVING):
            service = self.service

            def ready(_: object) -> None:
                self.confirm(
                    f"{ticket.number} 号结束接待？结束后不能撤销。",
                    lambda: self.act("finish", lambda: service.finish(ticket.id, self.actor),
                                     lambda _: self.say(f"{ticket.number} 号接待结束")),
                    "结束接待",
                )

            # The core says first why it cannot end yet (not registered); only a visit
            # that can end is asked about.
            run_core(self, lambda: service.check_can_finish(ticket), ready, refused=self.refused,
                     name="counter-check-finish")

    def action_transfer(self) -> None:
        ticket = self.need_current(TicketState.CALLED, TicketState.SERVING)
        if ticket is None:
            return
        service = self.service

        def chosen(targets: list[Target], queue: str | None) -> None:
            if queue is None:
                return
            name = {t.queue: t.name for t in targets}.get(queue, queue)
            self.act("transfer", lambda: service.transfer(ticket.id, queue, self.actor),
                     lambda _: self.say(f"{ticket.number} 号已转至：{name}"))

        def listed(targets: list[Target]) -> None:
            if not targets:
                self.say("没有可转办的队列", error=True)
                return
            self.app.push_screen(TransferScreen(ticket.number, targets),
                                 lambda queue: chosen(targets, queue))

        run_core(self, lambda: transfer_targets(service, ticket), listed,
                 refused=self.refused, name="counter-transfer-targets")

    def action_register(self) -> None:
        ticket = self.need_current(TicketState.CALLED, TicketState.SERVING)
        if ticket is None:
            return
        service, actor = self.service, self.actor

        def closed(saved: bool | None) -> None:
            if saved:
                self.say(f"{ticket.number} 号登记已保存")
            self.refresh_from_db()

        def opened(record) -> None:
            self.app.push_screen(RegistrationScreen(record, service, actor), closed)

        run_core(self, lambda: service.open_registration(ticket.visit_id, actor), opened,
                 refused=self.refused, name="counter-open-registration")

    def action_reprint(self) -> None:
        number = self.current.ticket.number if self.current else ""
        service = self.service

        def found(ticket: Ticket) -> None:
            self.counter.print_ticket(ticket.id)
            self.say(f"{ticket.number} 号正在补打…")

        def chosen(typed: str | None) -> None:
            if not typed:
                return
            # Ａ００１ typed in full width is A001.
            run_core(self, lambda: service.find_ticket(half_width(typed)), found,
                     refused=self.refused, name="counter-find-ticket")

        self.app.push_screen(NumberPrompt("补打哪一个号？", number), chosen)

    def action_requeue(self) -> None:
        service = self.service

        def requeue(typed: str) -> Ticket:
            ticket = service.find_ticket(half_width(typed))  # Ａ００１ typed in full width
            return service.requeue(ticket.id, self.actor)

        def chosen(typed: str | None) -> None:
            if typed:
                self.act("requeue", lambda: requeue(typed),
                         lambda ticket: self.say(f"{ticket.number} 号已重新排队"))

        self.app.push_screen(NumberPrompt("过号后回来的号码（重新排队）：", ""), chosen)

    def action_prioritise(self) -> None:
        """A waiting visitor the hall's rules put first (残疾, ...): the number (the
        selected row by default), then the reason, which the queue list shows."""
        service, selected = self.service, self._selected_key()
        number = next((row.ticket.number for row in self._rows if str(row.ticket.id) == selected), "")

        def prioritise(typed: str, reason: str) -> Ticket:
            ticket = service.find_ticket(half_width(typed))  # Ａ００１ typed in full width
            return service.prioritise(ticket.id, reason, self.actor)

        def chosen(typed: str | None) -> None:
            def given(reason: str | None) -> None:
                if typed and reason:
                    self.act("prioritise", lambda: prioritise(typed, reason),
                             lambda ticket: self.say(f"{ticket.number} 号已设为优先：{ticket.priority_reason}"))

            if typed:
                self.app.push_screen(
                    NumberPrompt(f"{typed} 号优先的理由：", "残疾", max_length=100, placeholder="残疾、行动不便…"),
                    given)

        self.app.push_screen(NumberPrompt("设为优先的号码：", number), chosen)

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
            self.counter.print_ticket(ticket.id, reprint=False)
            self.say(f"已取号：{ticket.number}，前面 {result.ahead} 人，正在打印…")
            self.refresh_from_db()

        self.app.push_screen(WalkInScreen(), issued)

    def action_appointment(self) -> None:
        service = self.service

        def said(appointment, left: int | None) -> None:
            reception = appointment.reception
            self.say(
                f"已预约：第 {appointment.id} 号，{reception.day} {reception.start_time} "
                f"{reception.leader_name} {reception.place}；当天剩余名额 {'不限' if left is None else left}"
            )

        def booked(appointment) -> None:
            if appointment is None:
                return
            reception = appointment.reception
            run_core(self, lambda: service.remaining_places(reception.leader_id, reception.day),
                     lambda left: said(appointment, left), refused=self.refused,
                     name="counter-remaining-places")

        def listed(choices: list[Bookable]) -> None:
            self.app.push_screen(AppointmentScreen(choices), booked)

        run_core(self, lambda: bookable_days(service), listed, refused=self.refused,
                 name="counter-bookable-days")

    def action_help(self) -> None:
        self.app.push_screen(KeysHelp(self.counter.window_name, screen_keys(self)))

    def action_appointments(self) -> None:
        self.app.push_screen(AppointmentListScreen())

    def action_logout(self) -> None:
        self.counter.logout()  # audited there, off the UI thread


def history_cells(item: PastVisit) -> tuple[Text, ...]:
    outcome = item.outcome or "未登记"
    if item.handling:
        outcome += f" / {item.handling}"
    if item.rating:
        outcome += f"（评价：{item.rating}）"
    summary = item.summary.replace("\n", " ")
    if len(summary) > 40:
        summary = summary[:40] + "…"
    return (Text(item.hall_day), Text(item.number), Text(outcome), Text(summary))
