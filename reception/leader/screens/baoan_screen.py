"""The leader's own 包案 cases (`b` in the leader view), closed with a result.

Rule (DOMAIN.md, "The case after the counter"): seed 000 篇四: 明确包案领导、责任单位;
seed 001: 领导干部…亲自包案,亲自调度,一抓到底; seed 002: 领导包案. The leader sees
each open case given to them (unit, measures, due date, days left or late) and
closes it with its result (`c`); closed, it leaves this list and the 督办 list.
Case text is shown as `Text`, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reception.queue.errors import QueueError
from reception.queue.service import Baoan, HallService
from reception.staff_ui.actions import run_core
from reception.staff_ui.confirm import ConfirmPrompt
from reception.staff_ui.supervision import TextPrompt


class BaoanScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    BaoanScreen { align: center middle; }
    BaoanScreen > Vertical {
        width: 95%; height: 85%; border: round $primary; background: $surface; padding: 1 2;
    }
    BaoanScreen #baoan { height: 1fr; }
    BaoanScreen .dialog-title { text-style: bold; margin-bottom: 1; }
    BaoanScreen .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "返回"), Binding("c", "close_case", "结案")]

    def __init__(self, service: HallService, leader_id: int, actor: str) -> None:
        super().__init__()
        self.service, self.leader_id, self.actor = service, leader_id, actor
        self.cases: list[Baoan] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="baoan-title", classes="dialog-title")
            yield DataTable(id="baoan", cursor_type="row", zebra_stripes=True)
            yield Static(id="baoan-status")
            yield Static(Content("c 结案（写明包案结果）   Esc 返回"), classes="hint")

    @property
    def table(self) -> DataTable:
        return self.query_one("#baoan", DataTable)

    @property
    def status_line(self) -> Static:
        return self.query_one("#baoan-status", Static)

    def on_mount(self) -> None:
        for key, label in (("due", "期限"), ("state", "状态"), ("case", "登记编号"), ("name", "来访人"),
                           ("unit", "责任单位"), ("measures", "措施")):
            self.table.add_column(label, key=key)
        self.load()
        self.table.focus()

    def say(self, message: str) -> None:
        self.status_line.update(Content(message))

    def refused(self, exc: QueueError) -> None:
        self.say(exc.message)

    def load(self) -> None:
        service, leader_id = self.service, self.leader_id
        run_core(self, lambda: service.baoan_of_leader(leader_id), self.show,
                 refused=self.refused, name="leader.baoan")

    def show(self, cases: list[Baoan]) -> None:
        self.cases = cases
        today = self.service.clock.today()
        late = sum(1 for case in cases if case.due_date < today)
        self.query_one("#baoan-title", Static).update(
            Content(f"我的包案：未结 {len(cases)} 件（已超期 {late} 件）"))
        self.table.clear()
        for index, case in enumerate(cases):
            left = (case.due_date - today).days
            state = f"已超期 {-left} 天" if left < 0 else ("今日到期" if left == 0 else f"剩 {left} 天")
            style = "bold red" if left < 0 else ""
            self.table.add_row(
                Text(case.due_date.isoformat(), style=style), Text(state, style=style),
                Text(case.case_number), Text(case.lead_name), Text(case.unit),
                Text(case.measures.replace("\n", " ")[:60]), key=str(index),
            )

    def action_close_case(self) -> None:
        if not self.cases:
            return
        case = self.cases[min(self.table.cursor_row, len(self.cases) - 1)]
        service, leader_id, actor = self.service, self.leader_id, self.actor

        def with_result(result: str | None) -> None:
            if result is None:
                return

            def answered(yes: bool | None) -> None:
                if not yes:
                    return

                def closed(_) -> None:
                    self.say(f"{case.case_number} 包案已结案")
                    self.load()

                run_core(self, lambda: service.close_baoan(case.id, result, actor, leader_id), closed,
                         refused=self.refused, name="leader.baoan-close")

            self.app.push_screen(ConfirmPrompt(f"确认 {case.case_number}（{case.lead_name}）包案结案？"), answered)

        self.app.push_screen(TextPrompt("包案结果：", max_length=2000, placeholder="例如：工资已全部结清"),
                             with_result)

    def action_close(self) -> None:
        self.dismiss(None)
