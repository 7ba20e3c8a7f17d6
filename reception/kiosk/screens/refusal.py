"""A clear refusal (expired card, invalid number, a rule) and the way to staff."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reception.kiosk.cards import CardEvent, CardRead
from reception.kiosk.screens.base import KioskScreen

STAFF_WAY = "请到服务窗口，由工作人员协助办理。"


class RefusalScreen(KioskScreen):
    CSS_PATH = "refusal.tcss"
    TITLE_TEXT = "无法自助取号"
    SHOW_BACK = False

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def spoken(self) -> str:
        return f"无法自助取号。{self.reason}。{STAFF_WAY}".replace("。。", "。")

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="refusal-body"):
            yield Static(Content(self.reason), id="reason", classes="message refusal")
            yield Static(Content(STAFF_WAY), id="staff-way", classes="message")
        yield from self.compose_nav()

    def handle_card(self, event: CardEvent) -> bool:
        if isinstance(event, CardRead):  # the next visitor, or the right card
            self.kiosk.reset()
            self.kiosk.start_with_card(event.card)
            return True
        return False
