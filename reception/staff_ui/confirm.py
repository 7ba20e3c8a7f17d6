"""Yes or no for a step that cannot be taken back (过号, 办结, 结束接谈, ...).

Enter or the 确认 button confirms, Esc or 取消 cancels: a slip of one key or one
tap never does the step by itself (issue 17). The question may name a visitor,
so it is shown as `Content`, never parsed as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmPrompt(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmPrompt {
        align: center middle;
    }
    ConfirmPrompt > .confirm-dialog {
        width: 60;
        max-width: 95%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    ConfirmPrompt .confirm-question {
        text-style: bold;
        margin-bottom: 1;
    }
    ConfirmPrompt .confirm-buttons {
        height: auto;
    }
    ConfirmPrompt .confirm-buttons Button {
        margin-right: 2;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("enter", "confirm", "确认")]

    def __init__(self, question: str, confirm_label: str = "确认") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="confirm-dialog"):
            yield Static(Content(self.question), classes="dialog-title confirm-question")
            with Horizontal(classes="confirm-buttons"):
                yield Button(Content(f"{self.confirm_label}（回车）"), id="confirm-yes", variant="warning")
                yield Button(Content("取消（Esc）"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


__all__ = ["ConfirmPrompt"]
