"""The one 督办 list, shared by the counter (`d`) and the leader view (`d`).

Rule (DOMAIN.md, "The case after the counter" — 批示 and 督办; seed 000: 成立健全信访
案件登记督办制度): every due date (告知, 办理, 批示, 包案) in one place, overdue first,
days late shown; each 催办 recorded with who, when and how. From a row staff
mark the notice delivered (a), conclude with the written reply (c), extend
(e, a 负责人 account only), record a 催办 (r), and write a letter (w, .docx).
Visitor text is shown as `Text`/`Content`, never parsed as markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from reception.queue.errors import InvalidInput, QueueError
from reception.queue.service import (
    DELIVERY_METHODS,
    DOCUMENT_KINDS,
    HANDLE,
    NOTIFY,
    REMINDER_METHODS,
    HallService,
    SupervisedMatter,
)
from reception.staff_ui.actions import run_core
from reception.staff_ui.confirm import ConfirmPrompt
from reception.staff_ui.protocol import StaffScreen

LETTERS_DIR = Path.home() / "信访文书"  # where a letter written from a screen goes by default


class TextPrompt(ModalScreen[str | None]):
    """One line of text, Enter to give it, Esc to cancel."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 80; max-width: 95%; height: auto; border: round $primary;
        background: $surface; padding: 1 2;
    }
    TextPrompt .prompt-question { text-style: bold; margin-bottom: 1; }
    TextPrompt .prompt-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, question: str, value: str = "", max_length: int = 500, placeholder: str = "") -> None:
        super().__init__()
        self.question, self.initial = question, value
        self.max_length, self.placeholder = max_length, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), classes="prompt-question dialog-title")
            yield Input(self.initial, id="text-prompt", max_length=self.max_length, placeholder=self.placeholder)
            yield Static(Content("回车确认，Esc 取消"), classes="prompt-hint")

    def on_mount(self) -> None:
        self.query_one("#text-prompt", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SupervisionList(StaffScreen, ModalScreen[None]):
    DEFAULT_CSS = """
    SupervisionList { align: center middle; }
    SupervisionList > Vertical {
        width: 95%; height: 85%; border: round $primary; background: $surface; padding: 1 2;
    }
    SupervisionList #supervision { height: 1fr; }
    SupervisionList .dialog-title { text-style: bold; margin-bottom: 1; }
    SupervisionList .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("a", "notified", "已告知"),
        Binding("c", "concluded", "办结答复"),
        Binding("e", "extend", "延期"),
        Binding("r", "remind", "催办"),
        Binding("w", "letter", "生成文书"),
        Binding("s", "delivered", "文书送达"),
        Binding("b", "baoan", "包案"),
    ]
    HINT = ("a 受理告知书已送达   c 办结（答复意见、批准领导）   e 延期（负责人，≤30 日，一次）   "
            "r 催办   w 生成文书（.docx）   s 文书送达   b 包案   Esc 返回")

    def __init__(self, within_days: int | None = None) -> None:
        super().__init__()
        self.within_days = within_days
        self.matters: list[SupervisedMatter] = []

    @property
    def service(self) -> HallService:
        return self.staff_app.service

    @property
    def actor(self) -> str:
        return self.staff_app.actor

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(id="supervision-title", classes="dialog-title")
            yield DataTable(id="supervision", cursor_type="row", zebra_stripes=True)
            yield Static(id="supervision-status")
            yield Static(Content(self.HINT), classes="hint")

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
                           ("department", "承办单位"), ("owner", "领导"), ("reminders", "催办")):
            self.table.add_column(label, key=key)
        self.load()
        self.table.focus()

    def say(self, message: str) -> None:
        self.status_line.update(Content(message))

    def refused(self, exc: QueueError) -> None:
        self.say(exc.message)

    def load(self) -> None:
        service, days = self.service, self.within_days
        run_core(self, lambda: service.supervision_list(within_days=days), self.show,
                 refused=self.refused, name="supervision-list")

    def show(self, matters: list[SupervisedMatter]) -> None:
        self.matters = matters
        overdue = sum(1 for m in matters if m.overdue)
        scope = "所有未完成的期限" if self.within_days is None else f"{self.within_days} 天内到期或已超期的期限"
        self.title_line.update(Content(f"督办：{scope} {len(matters)} 件（已超期 {overdue} 件）"))
        self.table.clear()
        for index, m in enumerate(matters):
            style = "bold red" if m.overdue else ""
            self.table.add_row(
                Text(m.deadline.isoformat(), style=style), Text(m.kind), Text(m.status, style=style),
                Text(m.case_number), Text(m.lead_name), Text(m.category), Text(m.department),
                Text(m.owner), Text(f"{m.reminders} 次" if m.reminders else ""),
                key=str(index),
            )

    def selected(self) -> SupervisedMatter | None:
        if not self.matters:
            return None
        return self.matters[min(self.table.cursor_row, len(self.matters) - 1)]

    def _run(self, work, said: str, name: str) -> None:
        def done(_) -> None:
            self.say(said)
            self.load()

        run_core(self, work, done, refused=self.refused, name=name)

    # ------------------------------------------------------------------ actions

    def action_notified(self) -> None:
        matter = self.selected()
        if matter is None:
            return
        if matter.kind != NOTIFY:
            self.say("该行是办理期限，请选“告知”行" if matter.kind == HANDLE else f"该行是{matter.kind}期限，请选“告知”行")
            return
        # Marked, the matter leaves the list for good: one stray key must not do that.
        question = f"确认 {matter.case_number}（{matter.lead_name}）已书面告知来访人？"
        service, actor = self.service, self.actor

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(lambda: service.mark_notified(matter.visit_id, actor),
                          f"{matter.case_number} 已告知", "supervision-notify")

        self.app.push_screen(ConfirmPrompt(question), answered)

    def action_concluded(self) -> None:
        matter = self.selected()
        if matter is None:
            return
        service, actor = self.service, self.actor

        def with_reply(reply: str | None) -> None:
            if reply is None:
                return

            def with_approver(approver: str | None) -> None:
                if approver is None:
                    return
                question = f"确认 {matter.case_number}（{matter.lead_name}）已办结？答复经 {approver} 批准"

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._run(lambda: service.conclude(matter.visit_id, actor, reply=reply, approver=approver),
                                  f"{matter.case_number} 已办结，答复意见已记录", "supervision-conclude")

                self.app.push_screen(ConfirmPrompt(question), answered)

            self.app.push_screen(TextPrompt("批准答复的领导（接访领导姓名或负责人账号）：", max_length=40), with_approver)

        self.app.push_screen(
            TextPrompt("答复意见（答复采用书面形式）：", max_length=4000, placeholder="例如：经协调，已结清工资"),
            with_reply,
        )

    def action_extend(self) -> None:
        matter = self.selected()
        if matter is None:
            return
        service, actor = self.service, self.actor

        def with_reason(reason: str | None) -> None:
            if reason is None:
                return

            def with_days(days: str | None) -> None:
                if days is None:
                    return
                if not days.isdigit():
                    self.say("延长天数须是 1 到 30 的整数")
                    return
                self._run(lambda: service.extend_deadline(matter.visit_id, reason, actor, int(days)),
                          f"{matter.case_number} 办理期限已延长 {int(days)} 日，请送达延期办理告知书（w）",
                          "supervision-extend")

            self.app.push_screen(TextPrompt("延长天数（不超过 30 日）：", "30", max_length=2), with_days)

        self.app.push_screen(
            TextPrompt("延期理由（《信访工作条例》第三十四条：经负责人批准，只能延长一次）：",
                       placeholder="例如：涉及多个部门，需要会商"),
            with_reason,
        )

    def action_remind(self) -> None:
        matter = self.selected()
        if matter is None:
            return
        service, actor = self.service, self.actor

        def with_method(method: str | None) -> None:
            if method is None:
                return
            self._run(lambda: service.remind(matter.visit_id, matter.kind, method, actor, matter.ref_id),
                      f"已记录催办：{matter.case_number} {matter.kind}，{method}", "supervision-remind")

        self.app.push_screen(
            TextPrompt(f"催办方式（{' / '.join(REMINDER_METHODS)}）：", "电话", max_length=4), with_method
        )

    def action_letter(self) -> None:
        matter = self.selected()
        if matter is None:
            return
        service = self.service

        def with_kind(kind: str | None) -> None:
            if kind is None:
                return
            target = LETTERS_DIR / f"{matter.case_number}-{kind}.docx"

            def write() -> Path:
                from reception.exports.files import ExportError
                from reception.exports.letters import write_letter

                case = service.case_document(matter.visit_id, kind)
                try:
                    LETTERS_DIR.mkdir(parents=True, exist_ok=True)
                    return write_letter(case, kind, target, service.config, service.clock.today())
                except (ExportError, OSError) as exc:
                    raise InvalidInput(str(exc)) from None

            run_core(self, write, lambda path: self.say(f"已生成{kind}：{path}"),
                     refused=self.refused, name="supervision-letter")

        self.app.push_screen(
            TextPrompt(f"文书种类（{' / '.join(DOCUMENT_KINDS)}）：", "受理告知书", max_length=12), with_kind
        )

    def action_delivered(self) -> None:
        """A letter delivered to the visitor: which, and how (today's date)."""
        matter = self.selected()
        if matter is None:
            return
        service, actor = self.service, self.actor

        def with_kind(kind: str | None) -> None:
            if kind is None:
                return

            def with_method(method: str | None) -> None:
                if method is None:
                    return
                self._run(lambda: service.record_delivery(matter.visit_id, kind, method, actor),
                          f"已登记：{matter.case_number} {kind}已{method}送达", "supervision-delivered")

            self.app.push_screen(TextPrompt(f"送达方式（{' / '.join(DELIVERY_METHODS)}）：", "当面", max_length=4),
                                 with_method)

        self.app.push_screen(
            TextPrompt(f"送达的文书（{' / '.join(DOCUMENT_KINDS)}）：", "受理告知书", max_length=12), with_kind
        )

    def action_baoan(self) -> None:
        """Give the case to a leader (包案): leader, unit, measures, due date, in turn."""
        matter = self.selected()
        if matter is None:
            return
        service, actor = self.service, self.actor
        answers: list[str] = []
        questions = [
            ("包案领导（姓名或编号）：", 40, ""),
            ("责任单位：", 100, matter.department),
            ("包案措施：", 2000, ""),
            ("办结期限（如 2026-12-20）：", 12, ""),
        ]

        def assign() -> object:
            leader = service.leader_named(answers[0])
            return service.assign_baoan(matter.visit_id, leader.id, answers[1], answers[2], answers[3], actor)

        def ask() -> None:
            question, length, value = questions[len(answers)]
            self.app.push_screen(TextPrompt(question, value, max_length=length), answered)

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            answers.append(answer)
            if len(answers) < len(questions):
                ask()
            else:
                self._run(assign, f"{matter.case_number} 已包案：{answers[0]}，期限 {answers[3]}", "supervision-baoan")

        ask()

    def action_close(self) -> None:
        self.dismiss(None)
