"""Welcome: hall name, date and time, place your card; no card; look up progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Button, Static

from reception.kiosk.cards import CardEvent, CardRead, CardRejected
from reception.kiosk.screens.base import KioskScreen

WEEKDAYS = "一二三四五六日"


class WelcomeScreen(KioskScreen):
    CSS_PATH = "welcome.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(Content(self.kiosk.hall.config.hall_name), id="hall-name")
            yield Static(id="clock")
            yield Static(Content("请将身份证放在读卡区"), id="prompt")
            yield Static(Content("放好后请稍候，不要移动证件"), id="prompt-hint", classes="hint message")
            yield Static(id="reader-status", classes="message")
            with Center():
                yield Button("无身份证 / 请工作人员协助", id="no-card", classes="welcome-button")
            with Center():
                yield Button("查询办理进度", id="query", classes="welcome-button")
        if self.kiosk.card_source.simulated:
            from reception.kiosk.demo import DemoBar

            yield DemoBar(classes="demo")

    def on_mount(self) -> None:
        self.update_clock()
        self.set_interval(1, self.update_clock)
        self.show_reader_status()

    def update_clock(self) -> None:
        now = self.kiosk.hall.clock.now()
        text = f"{now:%Y年%m月%d日} 星期{WEEKDAYS[now.weekday()]} {now:%H:%M:%S}"
        self.query_one("#clock", Static).update(Content(text))

    def show_reader_status(self) -> None:
        status = self.kiosk.reader_status
        try:
            label = self.query_one("#reader-status", Static)
        except NoMatches:  # not composed yet; on_mount shows it
            return
        label.update(Content("" if status is None or status.ok else status.message))
        label.set_class(status is not None and not status.ok, "refusal")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "no-card":
            event.stop()
            from reception.kiosk.screens.nocard import NoCardScreen

            self.app.push_screen(NoCardScreen())
        elif event.button.id == "query":
            event.stop()
            from reception.kiosk.screens.query import QueryScreen

            self.app.push_screen(QueryScreen())

    def handle_card(self, event: CardEvent) -> bool:
        if isinstance(event, CardRead):
            self.kiosk.start_with_card(event.card)
            return True
        if isinstance(event, CardRejected):
            self.kiosk.refuse(event.reason)
            return True
        return False
