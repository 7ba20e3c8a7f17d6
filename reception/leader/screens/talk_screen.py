"""The talk record (接谈记录) and instruction (批示) form for one visit.

Dismissed with the saved `Talk`, or None when the leader cancels. The core
checks every field (Chinese refusals shown in the form) and audits the save,
which runs off the UI thread (`run_core`): a busy database shows a wait and
then its refusal in the form, with what was typed still there.
TextArea and Input hold plain text: nothing typed is ever read as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from reception.queue.errors import DatabaseUnavailable, QueueError
from reception.queue.service import HallService, Talk, TalkForm
from reception.staff_ui.actions import run_core

# Words of a refusal -> the field to put the cursor in, checked in this order.
FIELD_WORDS = (("同时填写批示", "#talk-instruction"), ("承办部门", "#talk-department"),
               ("办理时限", "#talk-due"), ("接谈记录", "#talk-notes"), ("批示", "#talk-instruction"))


class TalkScreen(ModalScreen[Talk | None]):
    CSS_PATH = "talk_screen.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "取消", id="talk.cancel"),
        Binding("ctrl+s", "save", "保存", id="talk.save"),
    ]

    def __init__(
        self,
        service: HallService,
        visit_id: int,
        leader_id: int,
        actor: str,
        heading: str,
        current: Talk | None,
        draft: TalkForm | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft  # what was typed before an idle lock, not yet saved
        self.service = service
        self.visit_id = visit_id
        self.leader_id = leader_id
        self.actor = actor
        self.heading = heading
        self.current = current

    def compose(self) -> ComposeResult:
        form = self.draft or (self.current.form if self.current else TalkForm(""))
        with Vertical(id="talk-box"):
            yield Static(Content(self.heading), id="talk-title")
            yield Static(Content("接谈记录（必填）"), classes="label")
            yield TextArea(form.notes, id="talk-notes", soft_wrap=True, show_line_numbers=False)
            yield Static(Content("批示（可不填；填写时须写明承办部门和办理时限）"), classes="label")
            yield TextArea(form.instruction, id="talk-instruction", soft_wrap=True)
            with Horizontal(id="talk-routing"):
                with Vertical():
                    yield Static(Content("承办部门"), classes="label")
                    yield Input(form.department, id="talk-department", placeholder="如：县住建局")
                with Vertical():
                    yield Static(Content("办理时限"), classes="label")
                    yield Input(form.due_date, id="talk-due", placeholder="如：2026-12-10")
            yield Static(id="talk-error")
            with Horizontal(id="talk-buttons"):
                yield Button("保存（Ctrl+S）", id="talk-save", variant="primary")
                yield Button("取消（Esc）", id="talk-cancel")

    @property
    def notes_area(self) -> TextArea:
        return self.query_one("#talk-notes", TextArea)

    @property
    def instruction_area(self) -> TextArea:
        return self.query_one("#talk-instruction", TextArea)

    @property
    def department_input(self) -> Input:
        return self.query_one("#talk-department", Input)

    @property
    def due_input(self) -> Input:
        return self.query_one("#talk-due", Input)

    @property
    def error_line(self) -> Static:
        return self.query_one("#talk-error", Static)

    def on_mount(self) -> None:
        self.notes_area.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "talk-save":
            self.action_save()
        elif event.button.id == "talk-cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.department_input:
            self.due_input.focus()
        else:
            self.action_save()

    @property
    def form(self) -> TalkForm:
        return TalkForm(
            notes=self.notes_area.text,
            instruction=self.instruction_area.text,
            department=self.department_input.value,
            due_date=self.due_input.value,
        )

    def action_save(self) -> None:
        visit_id, leader_id, form, actor = self.visit_id, self.leader_id, self.form, self.actor
        run_core(
            self,
            lambda: self.service.save_talk(visit_id, leader_id, form, actor),
            self._saved,
            refused=self._refused,
            name="leader.save_talk",
        )

    def _saved(self, talk: Talk) -> None:
        if self.is_active:  # not cancelled or locked away while the save ran
            self.dismiss(talk)

    def _refused(self, exc: QueueError) -> None:
        if isinstance(exc, DatabaseUnavailable):
            # Nothing was stored; the form keeps what was typed.
            self.error_line.update(
                Content(f"{exc.message}；未能保存，填写的内容仍在，请稍后再按 Ctrl+S")
            )
            return
        self.error_line.update(Content(exc.message))
        field = next((widget for word, widget in FIELD_WORDS if word in exc.message), None)
        if field:
            self.query_one(field).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
