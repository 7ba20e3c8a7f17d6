"""Welcome: hall name, date and time, place your card; no card; look up progress."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Button, Digits, Static

from reception.kiosk.cards import PULLED, CardEvent, CardPulled, CardRead, CardRejected
from reception.kiosk.screens.base import REPEAT, KioskScreen, lines
from reception.queue.service import HallStatus

WEEKDAYS = "一二三四五六日"
# A keyboard-wedge scanner types a ticket's code and Enter within a blink;
# keys further apart than this are not one scan.
WEDGE_GAP_SECONDS = 1.0
WEDGE_MIN_LENGTH = 4
HINT = "放好后请稍候，不要移动证件"
PULLED_SECONDS = 8  # long enough to read twice, slowly
PROMPT = "请将身份证放在读卡区"
# The reader is out: the big prompt says so, and points to the way without a card.
NO_READER = "暂时无法读取身份证"
NO_READER_HINT = ("没有身份证或无法读卡", "请点下方“无身份证 / 请工作人员协助”")
# The printer is out: numbers are still issued; the visitor knows before starting.
NO_PRINTER = ("本机暂时不能打印凭条（{fault}）", "仍可取号：请记下屏幕上的号码", "到服务窗口请工作人员补打凭条")


class WelcomeScreen(KioskScreen):
    CSS_PATH = "welcome.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._hint_timer: Timer | None = None
        self._typed = ""  # what a keyboard-wedge scanner has typed so far
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(Content(self.kiosk.config.hall_name), id="hall-name")
            yield Static(id="clock")
            yield Static(id="hours-line", classes="message")
            yield Static(Content(PROMPT), id="prompt")
            yield Static(Content(HINT), id="prompt-hint", classes="hint message")
            with Vertical(id="closed"):
                yield Static(id="closed-state")
                yield Static(Content("下次取号时间"), id="next-label", classes="message")
                with Center():
                    yield Digits("", id="next-time")
                yield Static(id="next-day", classes="message")
            yield Static(id="reader-status", classes="message")
            yield Static(id="printer-status", classes="message refusal")
            with Center():
                yield Button("无身份证 / 请工作人员协助", id="no-card", classes="welcome-button")
            with Center():
                yield Button("查询办理进度", id="query", classes="welcome-button")
            if self.kiosk.speaker is not None:
                with Center():
                    yield Button(REPEAT, id="repeat", classes="welcome-button")
        if self.kiosk.card_source.simulated:
            from reception.kiosk.demo import DemoBar

            yield DemoBar(classes="demo")

    def on_mount(self) -> None:
        self.update_clock()
        self.set_interval(1, self.update_clock)
        self.show_devices()
        self.query_one("#closed").display = False
        if self.kiosk.hall_status is not None:
            self.show_hours(self.kiosk.hall_status)

    def show_hours(self, status: HallStatus) -> None:
        """Open: the card prompt. Outside the hours: the state and, in large type, when
        numbers are next issued; no number is offered, the progress lookup stays."""
        today = status.today
        line = f"今日接待时间：{today.hours_text}"
        if today.last_number_text:
            line += f"（{today.last_number_text} 停止取号）"
        self.query_one("#hours-line", Static).update(Content(line if today.open else ""))
        closed = not status.may_issue
        for selector in ("#prompt", "#no-card"):
            self.query_one(selector).display = not closed
        self.query_one("#prompt-hint").display = not closed and not self.reader_out
        self.query_one("#closed").display = closed
        if not closed:
            return
        self.query_one("#closed-state", Static).update(Content(status.headline))
        moment = status.next_opening
        self.query_one("#next-label").display = moment is not None
        self.query_one("#next-time", Digits).update(f"{moment:%H:%M}" if moment else "")
        day = status.next_opening_day if moment else "近期暂无接待安排，请留意公告"
        self.query_one("#next-day", Static).update(Content(day))

    def spoken(self) -> str:
        """The welcome as it stands: how to start, or why not now."""
        status = self.kiosk.hall_status
        if status is not None and not status.may_issue:
            return f"{status.headline}，现在不能取号。可以查询办理进度。"
        if self.reader_out:
            said = "暂时无法读取身份证。没有身份证或无法读卡，请点无身份证，请工作人员协助。"
        else:
            said = "您好，请将身份证放在读卡区取号。没有身份证，请点无身份证，请工作人员协助。"
        if self.kiosk.printer_fault is not None:
            said += "本机暂时不能打印凭条，仍可取号，请记下屏幕上的号码。"
        return said

    def on_screen_resume(self) -> None:
        self.show_hint()  # a warning from the last visitor is not for the next one

    def show_hint(self, warning: str | None = None) -> None:
        """The line under the prompt: the usual hint, or a warning in its place.

        A warning sits where the visitor is already looking (a toast in the
        corner is missed, and covered the buttons); it fades back after a while.
        """
        if self._hint_timer is not None:
            self._hint_timer.stop()
            self._hint_timer = None
        hint = self.query_one("#prompt-hint", Static)
        hint.update(Content(warning or HINT))
        hint.set_class(warning is not None, "refusal")
        hint.set_class(warning is None, "hint")
        # Outside the hours, or with the reader out (不要移动证件 is not for now): only a warning.
        hint.display = warning is not None or (self.kiosk.issuing and not self.reader_out)
        if warning is not None:
            self._hint_timer = self.set_timer(PULLED_SECONDS, self.show_hint)

    def update_clock(self) -> None:
        now = self.kiosk.clock.now()
        text = f"{now:%Y年%m月%d日} 星期{WEEKDAYS[now.weekday()]} {now:%H:%M:%S}"
        self.query_one("#clock", Static).update(Content(text))

    @property
    def reader_out(self) -> bool:
        status = self.kiosk.reader_status
        return status is not None and not status.ok

    def show_devices(self) -> None:
        """The reader's and the printer's state, where the visitor looks first."""
        try:
            reader = self.query_one("#reader-status", Static)
            printer = self.query_one("#printer-status", Static)
        except NoMatches:  # not composed yet; on_mount shows it
            return
        status = self.kiosk.reader_status
        out = self.reader_out
        reader.update(lines(status.message, *NO_READER_HINT) if status is not None and out else Content(""))
        reader.set_class(out, "refusal")
        prompt = self.query_one("#prompt", Static)
        prompt.update(Content(NO_READER if out else PROMPT))
        prompt.set_class(out, "out")
        if self._hint_timer is None:  # no warning showing: the usual hint, or none
            self.show_hint()
        fault = self.kiosk.printer_fault
        printer.update(Content("") if fault is None else lines(*(line.format(fault=fault) for line in NO_PRINTER)))
        printer.display = fault is not None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "no-card":
            event.stop()
            from reception.kiosk.screens.nocard import NoCardScreen

            self.app.push_screen(NoCardScreen())
        elif event.button.id == "query":
            event.stop()
            from reception.kiosk.screens.query import QueryScreen

            self.app.push_screen(QueryScreen())

    def on_key(self, event) -> None:
        """A keyboard-wedge scanner types the ticket's query code and Enter: open
        the lookup with it, before Enter can press whichever button has focus."""
        now = time.monotonic()
        if event.key == "enter":
            code, self._typed = self._typed, ""
            if len(code) >= WEDGE_MIN_LENGTH and now - self._typed_at <= WEDGE_GAP_SECONDS:
                event.stop()
                event.prevent_default()
                self.kiosk.show_progress(code)
            return
        char = event.character
        if char and char.isascii() and char.isalnum():
            if now - self._typed_at > WEDGE_GAP_SECONDS:
                self._typed = ""
            self._typed = (self._typed + char)[-64:]
            self._typed_at = now
        else:
            self._typed = ""

    def handle_card(self, event: CardEvent) -> bool:
        if isinstance(event, CardPulled):
            self.show_hint(PULLED)
            return True
        if isinstance(event, CardRead):
            self.show_hint()
            self.kiosk.start_with_card(event.card)  # a held ticket is shown even when closed
            return True
        if isinstance(event, CardRejected):
            self.show_hint()
            self.kiosk.refuse(event.reason)
            return True
        return False
