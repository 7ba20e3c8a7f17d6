"""Look up the progress of a visit: scan the ticket's QR code or type the query code."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Grid, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from reception.kiosk.screens.base import KioskScreen
from reception.kiosk.screens.ticket import ahead_text
from reception.kiosk.widgets import KeyButton
from reception.queue.codes import CODE_LENGTH, CROCKFORD
from reception.queue.errors import QueueError
from reception.queue.models import TicketState, VisitProgress


def progress_text(progress: VisitProgress) -> str:
    lines = [
        f"号码：{progress.number}（{progress.hall_day}，{progress.service_name}）",
        f"状态：{progress.state.label}",
    ]
    if progress.state is TicketState.WAITING:
        lines.append(ahead_text(progress.ahead))
    if progress.case_number:
        lines.append(f"信访件编号：{progress.case_number}")
    lines.append(f"办理情况：{progress.outcome or ('已登记，正在办理' if progress.registered else '尚未登记')}")
    if progress.handle_deadline:
        lines.append(f"办理期限：{progress.handle_deadline}")
    return "\n".join(lines)


class QueryScreen(KioskScreen):
    CSS_PATH = "query.tcss"
    TITLE_TEXT = "查询办理进度：请扫描凭条上的二维码，或输入查询码"
    SHOW_BACK = False

    def __init__(self, scanned: str = "") -> None:
        super().__init__()
        self.scanned = scanned  # a code a serial scanner sent from the welcome screen

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="query-body"):
            with Center():
                yield Input(placeholder="查询码（12 位）", id="code", max_length=CODE_LENGTH + 4)
            yield Static(id="query-result", classes="message")
            with Center():
                with Grid(id="letters"):
                    for char in CROCKFORD:
                        yield KeyButton(char, id=f"char-{char}", classes="char")
                    yield KeyButton("退格", id="char-back", classes="char")
                    yield Button("查询", id="char-go", variant="primary", classes="char")
        yield from self.compose_nav()

    @property
    def code(self) -> Input:
        return self.query_one("#code", Input)

    def on_mount(self) -> None:
        self.code.focus()  # a scanner types into the focused field
        if self.scanned:
            self.look_up(self.scanned)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name.startswith("char-"):
            event.stop()
            key = name.removeprefix("char-")
            if key == "back":
                self.code.value = self.code.value[:-1]
            elif key == "go":
                self.look_up()
            else:
                self.code.value = (self.code.value + key)[: CODE_LENGTH + 4]
            return
        super().on_button_pressed(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.look_up()

    def look_up(self, scanned: str | None = None) -> None:
        result = self.query_one("#query-result", Static)
        typed, self.code.value = self.code.value, ""  # ready for the next scan
        if scanned is not None:
            typed = scanned
        try:
            progress = self.kiosk.hall.progress(typed)
        except QueueError as exc:
            result.update(Content(exc.message))
            result.set_class(True, "refusal")
            return
        result.update(Content(progress_text(progress)))
        result.set_class(False, "refusal")
