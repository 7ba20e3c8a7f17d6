"""The staff exit: a key only staff know, then the PIN from the configuration."""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reception.kiosk.widgets import Keypad, apply_key

MAX_TRIES = 3
LOCK_SECONDS = 60.0


@dataclass
class PinGuard:
    """Wrong PINs in a row, kept by the app across PIN pads."""

    failures: int = 0
    locked_until: float = 0.0


class StaffPinScreen(ModalScreen[bool]):
    """Dismissed with True only for the right PIN."""

    CSS_PATH = "staff.tcss"

    def __init__(self, pin: str, guard: PinGuard) -> None:
        super().__init__()
        self.pin = pin
        self.guard = guard
        self.typed = ""

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
        hint = self.query_one("#pin-hint", Static)
        guard = self.guard
        if monotonic() < guard.locked_until:
            hint.update(Content("密码错误次数过多，请稍后再试"))
            return
        if self.typed == self.pin:
            guard.failures = 0
            self.dismiss(True)
            return
        guard.failures += 1
        self.typed = ""
        self.query_one("#pin-dots", Static).update(" ")
        if guard.failures >= MAX_TRIES:
            guard.failures = 0
            guard.locked_until = monotonic() + LOCK_SECONDS
            hint.update(Content("密码错误次数过多，请一分钟后再试"))
        else:
            hint.update(Content("密码错误"))
