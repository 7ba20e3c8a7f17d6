"""The 回访 list: tickets `close-day` ended unseen, to phone the visitors back.

The list shows phones masked; Enter opens one ticket (audited, in the core) with
the full phone and a note to mark it 已回访. The rules live in the core
(through `HallService`); this screen only shows and asks, off the UI thread.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from reception.counter.protocol import CounterScreen
from reception.queue.errors import QueueError
from reception.queue.service import NOTE_MAX, CallBackRecord, PendingCallBack
from reception.staff_ui.actions import run_core

STATE_BEFORE = {"waiting": "等候中", "called": "已叫号"}


class CallBackScreen(CounterScreen, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[PendingCallBack] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(id="callbacks-title", classes="dialog-title")
            yield DataTable(id="callbacks", cursor_type="row", zebra_stripes=True)
            yield Static(id="callbacks-status")
            yield Static(Content("回车 打开（显示完整电话，记入审计）并登记回访   Esc 返回"), classes="hint")

    @property
    def table(self) -> DataTable:
        return self.query_one("#callbacks", DataTable)

    @property
    def status_line(self) -> Static:
        return self.query_one("#callbacks-status", Static)

    def on_mount(self) -> None:
        for key, label in (("day", "日期"), ("number", "号码"), ("service", "业务"),
                           ("state", "闭厅时"), ("name", "来访人"), ("phone", "电话")):
            self.table.add_column(label, key=key)
        self.load()
        self.table.focus()

    def say(self, message: str) -> None:
        self.status_line.update(Content(message))

    def refused(self, exc: QueueError) -> None:
        self.say(exc.message)

    def load(self) -> None:
        service, days = self.service, self.counter.followup_days
        run_core(self, lambda: service.pending_callbacks(days), self.show,
                 refused=self.refused, name="counter-callbacks")

    def show(self, items: list[PendingCallBack]) -> None:
        days, service = self.counter.followup_days, self.service
        self.items = items
        self.query_one("#callbacks-title", Static).update(Content(
            f"待回访：近 {days} 天闭厅时未接待的号 {len(self.items)} 个"
        ))
        self.table.clear()
        for index, item in enumerate(self.items):
            self.table.add_row(
                Text(item.hall_day), Text(item.number), Text(service.service_name(item.service)),
                Text(STATE_BEFORE.get(item.state_before, item.state_before)),
                Text(item.lead_name), Text(item.masked_phone or "未留电话"),
                key=str(index),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if not self.items:
            return
        item = self.items[self.table.cursor_row]
        service, actor = self.service, self.actor

        def not_opened(exc: QueueError) -> None:
            self.say(exc.message)
            self.load()

        def opened(record: CallBackRecord) -> None:
            def closed(marked: bool | None) -> None:
                if marked:
                    self.say(f"{record.hall_day} {record.number} 号已回访")
                self.load()

            self.app.push_screen(CallBackDetail(record), closed)

        run_core(self, lambda: service.open_callback(item.ticket_id, actor), opened,
                 refused=not_opened, name="counter-open-callback")

    def action_close(self) -> None:
        self.dismiss(None)


class CallBackDetail(CounterScreen, ModalScreen[bool]):
    """One opened ticket: the full phone, and the note that marks it 已回访."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "返回")]

    def __init__(self, record: CallBackRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        r = self.record
        state = STATE_BEFORE.get(r.state_before, r.state_before)
        with Vertical(classes="dialog"):
            yield Static(Content(f"回访：{r.hall_day} {r.number} 号"), classes="dialog-title")
            yield Static(Content(
                f"来访人：{r.lead_name}\n电话：{r.phone or '未留电话'}\n"
                f"业务：{self.service.service_name(r.service)}\n来访目的：{r.purpose or '—'}\n"
                f"闭厅时：{state}"
            ), id="callback-person")
            # No max_length: an over-long note gets the core's refusal, not a silent cut.
            yield Input(id="callback-note", placeholder=f"回访情况（最多 {NOTE_MAX} 字）")
            yield Static(id="callback-error")
            yield Static(Content("回车 标记为已回访   Esc 返回"), classes="hint")

    @property
    def note_input(self) -> Input:
        return self.query_one("#callback-note", Input)

    @property
    def error_line(self) -> Static:
        return self.query_one("#callback-error", Static)

    def on_mount(self) -> None:
        self.note_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        service, actor, ticket_id, note = self.service, self.actor, self.record.ticket_id, event.value
        run_core(self, lambda: service.mark_called_back(ticket_id, note, actor),
                 lambda _: self.dismiss(True), refused=self.refused, name="counter-mark-called-back")

    def refused(self, exc: QueueError) -> None:
        self.error_line.update(Content(exc.message))
        self.note_input.focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
