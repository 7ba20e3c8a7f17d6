"""The staff exit: a key only staff know, then the PIN from the configuration.

The PIN is checked by the core (`HallService.check_kiosk_pin`): compared in
constant time, every failure audited, and the lock after too many wrong PINs
kept in the database, so restarting the kiosk does not lift it. The check runs
off the UI thread, as every core call of the kiosk does.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reception.kiosk.widgets import Keypad, apply_key
from reception.queue.errors import QueueError

PinCheck = Callable[[str], None]  # raises QueueError (AuthError: wrong or locked)


class StaffPinScreen(ModalScreen[bool]):
    """Dismissed with True only for the right PIN."""

    CSS_PATH = "staff.tcss"

    def __init__(self, check: PinCheck) -> None:
        super().__init__()
        self.check = check
        self.typed = ""
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static(Content("工作人员退出：请输入管理密码"), classes="message")
            yield Static(" ", id="pin-dots", classes="message")
            yield Static(id="pin-hint", classes="message refusal")
            with Center():
                yield Keypad(id="pin-keypad")
            with Horizontal(id="pin-buttons"):
                yield Button("确定", id="pin-ok", variant="primary")
                yield Button("取消", id="pin-cancel")

    def on_keypad_pressed(self, event: Keypad.Pressed) -> None:
        self.typed = apply_key(self.typed, event.key, 12)
        self.query_one("#pin-dots", Static).update(Content("●" * len(self.typed) or " "))

    def on_key(self, event) -> None:
        if event.key == "enter" and isinstance(self.focused, Button):
            return  # the focused button handles its own Enter
        if event.character and event.character.isdigit():
            self.post_message(Keypad.Pressed(self.query_one(Keypad), event.character))
        elif event.key == "backspace":
            self.post_message(Keypad.Pressed(self.query_one(Keypad), "back"))
        elif event.key == "enter":
            self.submit()
        elif event.key == "escape":
            self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pin-ok":
            self.submit()
        elif event.button.id == "pin-cancel":
            self.dismiss(False)

    def submit(self) -> None:
        if self.checking:
            return
        typed, self.typed = self.typed, ""  # nothing typed stays in the pad, right or wrong
        self.query_one("#pin-dots", Static).update(" ")
        self.checking = True
        self.run_check(typed)

    @work(thread=True, exit_on_error=False, group="pin")
    def run_check(self, typed: str) -> None:
        try:
            self.check(typed)
        except QueueError as exc:
            self.app.call_from_thread(self.refused, exc.message)
        else:
            self.app.call_from_thread(self.dismiss, True)

    def refused(self, message: str) -> None:
        self.checking = False
        self.query_one("#pin-hint", Static).update(Content(message))
