"""Alone or a group; for a group, how many people came (on the keypad)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.screens.base import KioskScreen
from reception.kiosk.widgets import Keypad, apply_key

MAX_GROUP_DIGITS = 4


class ModeScreen(KioskScreen):
    CSS_PATH = "mode.tcss"
    TITLE_TEXT = "您是一个人来，还是多人一起来？"
    AUTO_FOCUS = "#alone"  # no 下一步 here: Enter picks the common case

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="mode-body"):
            with Center():
                yield Button("一个人来访", id="alone", classes="mode-button")
            with Center():
                yield Button("多人一起来访（集体访）", id="group", classes="mode-button")
        yield from self.compose_nav()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        if event.button.id == "alone":
            event.stop()
            draft.group_size = 1
            draft.representatives.clear()
            draft.lead_index = 0
            self.kiosk.show_confirm()
        elif event.button.id == "group":
            event.stop()
            self.app.push_screen(GroupSizeScreen())
        else:
            super().on_button_pressed(event)


class GroupSizeScreen(KioskScreen):
    CSS_PATH = "mode.tcss"
    TITLE_TEXT = "一共来了多少人？"
    SPOKEN = "一共来了多少人？请输入一起来访的总人数，包括您本人。"

    def __init__(self) -> None:
        super().__init__()
        self.typed = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="size-body"):
            yield Static(Content("请输入一起来访的总人数（含您本人）"), classes="message")
            with Center():
                yield Static(" ", id="group-size")
            yield Static(id="size-hint", classes="message refusal")
            with Center():
                yield Keypad(id="size-keypad")
        yield from self.compose_nav("下一步")

    def on_keypad_pressed(self, event: Keypad.Pressed) -> None:
        self.typed = apply_key(self.typed, event.key, MAX_GROUP_DIGITS).lstrip("0")
        self.query_one("#group-size", Static).update(Content(f"{self.typed} 人" if self.typed else " "))
        self.query_one("#size-hint", Static).update("")

    def on_key(self, event) -> None:
        if not self.key_is_for_screen(event):
            return
        if event.character and event.character.isdigit():
            self.post_message(Keypad.Pressed(self.query_one(Keypad), event.character))
        elif event.key == "backspace":
            self.post_message(Keypad.Pressed(self.query_one(Keypad), "back"))
        elif event.key == "enter":
            self.go_next()

    def go_next(self) -> None:
        draft = self.kiosk.draft
        assert draft is not None
        size = int(self.typed or 0)
        if size < 2:
            self.query_one("#size-hint", Static).update(
                Content("集体来访至少 2 人；一个人来访请点“上一步”选择“一个人来访”")
            )
            return
        draft.group_size = size
        from reception.kiosk.screens.representatives import RepresentativesScreen

        self.app.push_screen(RepresentativesScreen())
