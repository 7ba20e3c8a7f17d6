"""手工取号: a ticket for a visitor without a card (or whose card cannot be read).

The person is stored without a document unless staff type one (checked by the
GB 11643 rule); a number given later is matched from the registration form.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from reception.counter.protocol import CounterScreen
from reception.queue.errors import DatabaseUnavailable, InvalidInput, QueueError
from reception.queue.models import RESIDENT_ID_CARD, CheckInRequest, CheckInResult, PersonInput
from reception.queue.service import PHONE_RULE, VISIT_FORMS, clean_document, phone_ok
from reception.staff_ui.actions import run_core
from reception.staff_ui.choices import ChoiceSelect, numbered


class WalkInScreen(CounterScreen, ModalScreen[CheckInResult | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("ctrl+s", "issue", "取号")]

    def compose(self) -> ComposeResult:
        services = self.service.config.services
        with Vertical(classes="dialog"):
            yield Static(Content("手工取号（无证件或读卡失败的来访人）"), classes="dialog-title")
            for key, label, length, hint in (
                ("name", "姓名", 100, ""),
                ("phone", "联系电话", 40, ""),
                ("doc-number", "身份证号", 40, "可留空，日后在登记时补录"),
                ("group-size", "涉及人数", 6, "1"),
            ):
                with Horizontal(classes="field"):
                    yield Static(Content(label), classes="field-label")
                    yield Input(id=f"walk-{key}", max_length=length, placeholder=hint, compact=True)
            with Horizontal(classes="field"):
                yield Static(Content("业务"), classes="field-label")
                yield Select([(Text(s.name), s.code) for s in services], value=services[0].code,
                             allow_blank=False, id="walk-service", compact=True)
            with Horizontal(classes="field"):
                # A matter that did not come in person (a letter, online, a call) is entered
                # here by staff and says how it came (DOMAIN.md "The case after the counter").
                yield Static(Content("信访形式"), classes="field-label")
                yield ChoiceSelect(numbered(VISIT_FORMS), value=VISIT_FORMS[0], allow_blank=False,
                                   id="walk-visit-form", compact=True)
            yield Static(id="walk-error")
            yield Button("取号（Ctrl+S）", id="walk-issue", variant="primary")
            yield Static(Content("Esc 取消"), classes="hint")

    def _input(self, key: str) -> Input:
        return self.query_one(f"#walk-{key}", Input)

    @property
    def error_line(self) -> Static:
        return self.query_one("#walk-error", Static)

    def on_mount(self) -> None:
        self._input("name").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_issue()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_issue(self) -> None:
        try:
            request = self.request()
        except QueueError as exc:
            self.refused(exc)
            return
        service, actor = self.service, self.actor
        run_core(self, lambda: service.check_in(request, actor=actor), self.dismiss,
                 refused=self.refused, name="counter-walk-in")

    def refused(self, exc: QueueError) -> None:
        # A database that could not store it: say plainly that no ticket was issued.
        message = f"未能取号：{exc.message}" if isinstance(exc, DatabaseUnavailable) else exc.message
        self.error_line.update(Text(message))

    def request(self) -> CheckInRequest:
        typed = self._input("doc-number").value.strip()
        doc_number = clean_document(RESIDENT_ID_CARD, typed, self.service.clock.today())[1] if typed else None
        size_text = self._input("group-size").value.strip() or "1"
        # isdigit() alone passes "²", which int() refuses with a ValueError (a crash here).
        if not (size_text.isascii() and size_text.isdigit()) or int(size_text) < 1:
            raise InvalidInput("涉及人数须为正整数")
        phone = self._input("phone").value.strip()
        if phone and not phone_ok(phone):
            raise InvalidInput(PHONE_RULE)
        lead = PersonInput(name=self._input("name").value, doc_number=doc_number, phone=phone)
        return CheckInRequest(
            lead=lead,
            service=str(self.query_one("#walk-service", Select).value),
            group_size=int(size_text),
            visit_form=str(self.query_one("#walk-visit-form", Select).value),
        )
