"""No ID card: staff will help; the visitor may still take a number to keep their place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.screens.base import KioskScreen

EXPLAIN = (
    "没有带身份证也可以来访。\n"
    "请到服务窗口，工作人员会查验您的其他有效证件并协助登记。\n"
    "您也可以先取号排队，叫到号时请把证件交给工作人员。"
)


class NoCardScreen(KioskScreen):
    CSS_PATH = "nocard.tcss"
    TITLE_TEXT = "无身份证 / 请工作人员协助"
    SPOKEN = "没有身份证，可以先取号排队，叫到号时请把证件交给工作人员。"
    SHOW_BACK = False

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="nocard-body"):
            yield Static(Content(EXPLAIN), id="nocard-explain", classes="message")
            with Center():
                yield Button("先取号排队", id="take-number", variant="primary", classes="big")
        yield from self.compose_nav()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "take-number":
            event.stop()
            self.kiosk.start_without_card()
            return
        super().on_button_pressed(event)
