"""A person's earlier visits, looked up by document number (audited in the core)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from reception.counter.protocol import CounterScreen
from reception.queue.errors import QueueError
from reception.queue.models import RESIDENT_ID_CARD
from reception.queue.service import PastVisit
from reception.staff_ui.actions import run_core

DOC_TYPES = (RESIDENT_ID_CARD, "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他")
ROLE_NAMES = {"lead": "主访人", "representative": "代表"}


class HistoryScreen(CounterScreen, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "返回")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content("历史来访查询（按证件号码）"), classes="dialog-title")
            with Horizontal(id="history-query"):
                yield Select([(Text(t), t) for t in DOC_TYPES], value=RESIDENT_ID_CARD,
                             allow_blank=False, id="history-doc-type", compact=True)
                yield Input(id="history-doc-number", max_length=40, compact=True,
                            placeholder="输入证件号码后回车")
            yield Static(id="history-status")
            yield DataTable(id="history-results", cursor_type="row", zebra_stripes=True)
            yield Static(Content("回车查询   Esc 返回"), classes="hint")

    @property
    def doc_type(self) -> Select:
        return self.query_one("#history-doc-type", Select)

    @property
    def doc_number(self) -> Input:
        return self.query_one("#history-doc-number", Input)

    @property
    def status_line(self) -> Static:
        return self.query_one("#history-status", Static)

    @property
    def results(self) -> DataTable:
        return self.query_one("#history-results", DataTable)

    def on_mount(self) -> None:
        for key, label in (("day", "日期"), ("number", "号码"), ("role", "身份"), ("summary", "反映问题"),
                           ("outcome", "结果"), ("department", "承办单位"), ("case", "登记编号")):
            self.results.add_column(label, key=key)
        self.doc_number.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.results.clear()
        service, actor = self.service, self.actor
        doc_type, typed = str(self.doc_type.value), event.value
        run_core(self, lambda: service.visits_by_document(doc_type, typed, actor), self.show,
                 refused=self.refused, name="counter-history")

    def refused(self, exc: QueueError) -> None:
        self.status_line.update(Text(exc.message))

    def show(self, past: list[PastVisit]) -> None:
        self.status_line.update(Text(f"共 {len(past)} 次来访" if past else "没有此证件的来访记录"))
        for item in past:
            self.results.add_row(*cells(item), key=str(item.visit_id))

    def action_close(self) -> None:
        self.dismiss(None)


def cells(item: PastVisit) -> tuple[Text, ...]:
    outcome = item.outcome or "未登记"
    if item.handling:
        outcome += f" / {item.handling}"
    summary = item.summary.replace("\n", " ")
    if len(summary) > 30:
        summary = summary[:30] + "…"
    return (Text(item.hall_day), Text(item.number), Text(ROLE_NAMES.get(item.role, item.role)),
            Text(summary), Text(outcome), Text(item.department), Text(item.case_number))
