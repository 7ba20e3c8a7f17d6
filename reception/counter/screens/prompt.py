"""A one-line question (a ticket number, a reason), answered with Enter, cancelled with Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reception.staff_ui.confirm import ConfirmPrompt  # shared with the leader view


class NumberPrompt(ModalScreen[str | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, question: str, value: str = "", max_length: int = 20,
                 placeholder: str = "例如 A001") -> None:
        super().__init__()
        self.question = question
        self.initial = value
        self.max_length = max_length
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            yield Input(self.initial, id="prompt-input", max_length=self.max_length,
                        placeholder=self.placeholder)
            yield Static(Content("回车确认，Esc 取消"), classes="hint")

    @property
    def answer_input(self) -> Input:
        return self.query_one("#prompt-input", Input)

    def on_mount(self) -> None:
        self.answer_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["ConfirmPrompt", "NumberPrompt"]
