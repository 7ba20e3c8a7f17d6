"""The talk record (接谈记录) and instruction (批示) form for one visit.

Dismissed with the saved `Talk`, or None when the leader cancels. The core
checks every field (Chinese refusals shown in the form) and audits the save.
TextArea and Input hold plain text: nothing typed is ever read as markup.
"""

from __future__ import annotations

import logging
import sqlite3

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from reception.queue.errors import QueueError
from reception.queue.talks import Talk, TalkForm, Talks


log = logging.getLogger(__name__)

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
        talks: Talks,
        visit_id: int,
        leader_id: int,
        actor: str,
        heading: str,
        current: Talk | None,
        draft: TalkForm | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft  # what was typed before an idle lock, not yet saved
        self.talks = talks
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
        try:
            talk = self.talks.save(self.visit_id, self.leader_id, self.form, self.actor)
        except QueueError as exc:
            self.error_line.update(Content(exc.message))
            field = next((widget for word, widget in FIELD_WORDS if word in exc.message), None)
            if field:
                self.query_one(field).focus()
            return
        except sqlite3.Error:
            log.exception("saving the talk failed")
            self.error_line.update(Content("数据库正忙，未能保存；填写的内容仍在，请稍后再按 Ctrl+S"))
            return
        self.dismiss(talk)

    def action_cancel(self) -> None:
        self.dismiss(None)
