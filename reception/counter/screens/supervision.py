"""The 督办 list: accepted matters near or past a deadline; mark them told or concluded."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reception.counter.protocol import CounterScreen
from reception.counter.screens.prompt import ConfirmPrompt, NumberPrompt
from reception.queue.errors import QueueError
from reception.queue.service import NOTIFY, SupervisedMatter
from reception.staff_ui.actions import run_core


class SupervisionScreen(CounterScreen, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("a", "notified", "已告知"),
        Binding("c", "concluded", "已办结"),
        Binding("e", "extend", "延期"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.matters: list[SupervisedMatter] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(id="supervision-title", classes="dialog-title")
            yield DataTable(id="supervision", cursor_type="row", zebra_stripes=True)
            yield Static(id="supervision-status")
            yield Static(Content("a 已告知   c 已办结   e 延长办理期限（一次，30 日，须写明理由）   Esc 返回"), classes="hint")

    @property
    def table(self) -> DataTable:
        return self.query_one("#supervision", DataTable)

    @property
    def title_line(self) -> Static:
        return self.query_one("#supervision-title", Static)

    @property
    def status_line(self) -> Static:
        return self.query_one("#supervision-status", Static)

    def on_mount(self) -> None:
        for key, label in (("deadline", "期限"), ("kind", "类型"), ("status", "状态"),
                           ("case", "登记编号"), ("name", "来访人"), ("category", "分类"),
                           ("department", "承办单位")):
            self.table.add_column(label, key=key)
        self.load()
        self.table.focus()

    def say(self, message: str) -> None:
        self.status_line.update(Content(message))

    def refused(self, exc: QueueError) -> None:
        self.say(exc.message)

    def load(self) -> None:
        service, days = self.service, self.counter.supervise_days
        run_core(self, lambda: service.supervision_list(within_days=days), self.show,
                 refused=self.refused, name="counter-supervision")

    def show(self, matters: list[SupervisedMatter]) -> None:
        days = self.counter.supervise_days
        self.matters = matters
        overdue = sum(1 for m in self.matters if m.overdue)
        self.title_line.update(Content(
            f"督办：{days} 天内到期或已超期的事项 {len(self.matters)} 件（已超期 {overdue} 件）"
        ))
        self.table.clear()
        for index, m in enumerate(self.matters):
            style = "bold red" if m.overdue else ""
            self.table.add_row(
                Text(m.deadline.isoformat(), style=style), Text(m.kind), Text(m.status, style=style),
                Text(m.case_number), Text(m.lead_name), Text(m.category), Text(m.department),
                key=str(index),
            )

    def selected(self) -> SupervisedMatter | None:
        if not self.matters:
            return None
        return self.matters[self.table.cursor_row]

    def action_notified(self) -> None:
        self._mark("notify")

    def action_concluded(self) -> None:
        self._mark("conclude")

    def action_extend(self) -> None:
        matter = self.selected()
        if matter is None:
            return

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            service, actor = self.service, self.actor

            def extended(_) -> None:
                self.say(f"{matter.case_number} 办理期限已延长 30 日")
                self.load()

            run_core(self, lambda: service.extend_deadline(matter.visit_id, reason, actor), extended,
                     refused=self.refused, name="counter-extend-deadline")

        self.app.push_screen(
            NumberPrompt("延期理由（《信访工作条例》第三十四条：只能延长一次）：", "", max_length=500,
                         placeholder="例如：涉及多个部门，需要会商"),
            reason_given,
        )

    def _mark(self, what: str) -> None:
        matter = self.selected()
        if matter is None:
            return
        if what == "notify" and matter.kind != NOTIFY:
            self.status_line.update(Content("该行是办理期限，请选“告知”行"))
            return
        # Marked, the matter leaves the list for good: one stray key must not do that.
        done = "已书面告知来访人" if what == "notify" else "已办结"
        question = f"确认 {matter.case_number}（{matter.lead_name}）{done}？"

        def answered(yes: bool | None) -> None:
            if yes:
                self._store_mark(matter, what)

        self.app.push_screen(ConfirmPrompt(question), answered)

    def _store_mark(self, matter: SupervisedMatter, what: str) -> None:
        service, actor = self.service, self.actor
        store = service.mark_notified if what == "notify" else service.conclude

        def stored(_) -> None:
            self.say(f"{matter.case_number} 已{'告知' if what == 'notify' else '办结'}")
            self.load()

        run_core(self, lambda: store(matter.visit_id, actor), stored,
                 refused=self.refused, name=f"counter-{what}")

    def action_close(self) -> None:
        self.dismiss(None)
