"""补录证件: give a visitor registered by hand (no card) their ID number later.

The visitor may come back with a card, or bring the number, after their
hand-registered visit is over. Staff find the hand-made record by name, pick
the person and type the number; if someone with that document is already
stored, the records are joined (`HallService.match_document`), so the
history by document number finds every visit. Searches and matches are audited.
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
from reception.counter.screens.prompt import NumberPrompt
from reception.queue.errors import QueueError
from reception.queue.models import RESIDENT_ID_CARD, Person
from reception.queue.service import HandRegistered
from reception.staff_ui.actions import run_core


class MatchScreen(CounterScreen, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "返回")]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[HandRegistered] = []
        self.typed_name = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content("补录证件：为手工登记（无证件）的来访人补录身份证号码"), classes="dialog-title")
            yield Input(id="match-name", max_length=100, compact=True,
                        placeholder="输入来访人姓名（或其中几个字）后回车")
            yield Static(id="match-status")
            yield DataTable(id="match-results", cursor_type="row", zebra_stripes=True)
            yield Static(Content("回车查询；在列表中选中来访人后回车，输入身份证号码；Esc 返回"), classes="hint")

    @property
    def name_input(self) -> Input:
        return self.query_one("#match-name", Input)

    @property
    def status_line(self) -> Static:
        return self.query_one("#match-status", Static)

    @property
    def results(self) -> DataTable:
        return self.query_one("#match-results", DataTable)

    def on_mount(self) -> None:
        for key, label in (("name", "姓名"), ("phone", "联系电话"), ("visits", "来访次数"),
                           ("last", "最近来访"), ("summary", "最近反映问题")):
            self.results.add_column(label, key=key)
        self.name_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.typed_name = event.value
        self.search()

    def search(self, then: str | None = None) -> None:
        """Look the typed name up (audited) off the UI thread; `then`: said after the list."""
        self.results.clear()
        self.found = []
        service, actor, name = self.service, self.actor, self.typed_name
        run_core(self, lambda: service.hand_registered(name, actor), lambda found: self.show(found, then),
                 refused=self.refused, name="counter-hand-registered")

    def refused(self, exc: QueueError) -> None:
        self.say(exc.message)

    def show(self, found: list[HandRegistered], then: str | None = None) -> None:
        self.found = found
        self.say(f"找到 {len(self.found)} 位手工登记的来访人" if self.found
                 else "没有姓名相符的手工登记来访人")
        for index, item in enumerate(self.found):
            summary = item.last_summary.replace("\n", " ")
            if len(summary) > 30:
                summary = summary[:30] + "…"
            self.results.add_row(Text(item.name), Text(item.phone), Text(str(item.visits)),
                                 Text(item.last_day), Text(summary), key=str(index))
        if then:
            self.say(then)
        elif self.found:
            self.results.focus()

    def say(self, message: str) -> None:
        self.status_line.update(Text(message))  # may carry a visitor's name: never markup

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not 0 <= event.cursor_row < len(self.found):
            return
        person = self.found[event.cursor_row]

        def typed(number: str | None) -> None:
            if not number:
                return
            service, actor = self.service, self.actor

            def matched(found: Person) -> None:
                joined = "，与该证件已有的来访记录合并" if found.id != person.person_id else ""
                self.search(then=f"已为 {person.name} 补录身份证号码{joined}；按 h 可按证件号查看全部来访")

            run_core(self, lambda: service.match_document(person.person_id, RESIDENT_ID_CARD, number, actor),
                     matched, refused=self.refused, name="counter-match-document")

        self.app.push_screen(
            NumberPrompt(f"{person.name} 的身份证号码：", "", max_length=40, placeholder="18 位身份证号码"),
            typed,
        )

    def action_close(self) -> None:
        self.dismiss(None)
