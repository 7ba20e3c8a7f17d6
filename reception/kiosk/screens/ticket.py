"""The ticket: big number, service, people ahead, QR, and what the printer did."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reception.kiosk.cards import CardEvent, CardRead, CardRejected
from reception.kiosk.screens.base import KioskScreen, lines
from reception.kiosk.widgets import BigNumber, QrCode, big_width
from reception.printing.worker import PrintOutcome
from reception.queue.models import TicketSlip

PRINTING = "正在打印凭条，请稍候……"
PRINTED = "凭条已打印，请取走凭条。"
# One phrase a line (base.lines): each fits beside the QR code at 80 columns.
PRINT_FAILED = ("凭条未能打印（{error}）", "您的号码已经有效", "请记下上方号码", "到服务窗口请工作人员补打凭条")
STAFF_LINE = ("致工作人员：此号凭条未打印", "请为来访人补打，并检查打印机")
HELD = "记下号码后，请点“完成”"  # in place of the countdown: the screen waits for the visitor
EXISTING = ("您今天已经取过号，无需重复取号", "如凭条丢失，可点“补打凭条”")
REPRINTED = ("凭条已打印，请取走凭条", "如需再次补打，请到服务窗口")


# From this size on the ticket grows (on_resize): the number's pixels, the QR's column.
WIDE_COLUMNS, WIDE_ROWS = 140, 40
BODY_ROWS = 30  # rows the ticket screen needs besides the number (title, facts, nav)


def ahead_text(ahead: int) -> str:
    """Worded as on the paper ticket, so screen and slip agree."""
    return f"前面还有 {ahead} 人等候" if ahead > 0 else "前面没有人等候"


class TicketScreen(KioskScreen):
    CSS_PATH = "ticket.tcss"
    SHOW_BACK = False

    def __init__(self, ticket_id: int, slip: TicketSlip, existing: bool, where: str | None = None) -> None:
        super().__init__()
        self.where = where  # a held ticket already called: where to go, instead of people ahead
        self.ticket_id = ticket_id
        self.slip = slip
        self.existing = existing
        self.printing = not existing
        self.seconds_left = 0.0

    def compose(self) -> ComposeResult:
        slip = self.slip
        title = "您今天的号码" if self.existing else "取号成功"
        yield Static(Content(title), classes="screen-title")
        with Horizontal(id="ticket-body"):
            with Vertical(id="ticket-facts"):
                yield Static(Content("您的号码"), classes="message")
                with Center():
                    yield BigNumber(slip.number, id="big-number")
                yield Static(Content(slip.number), id="number-text", classes="message")
                yield Static(Content(slip.service_name), id="service", classes="message")
                yield Static(Content(self.where or ahead_text(slip.ahead)), id="ahead", classes="message")
                if slip.is_group:
                    yield Static(
                        Content(f"集体来访 {slip.group_size} 人，代表 {slip.representative_count} 名"),
                        classes="message",
                    )
                yield Static(Content(slip.notice), classes="message hint")
                yield Static(
                    lines(*EXISTING) if self.existing else Content(PRINTING), id="print-status", classes="message"
                )
                yield Static(lines(*STAFF_LINE), id="staff-line", classes="message")
            with Vertical(id="ticket-qr"):
                yield QrCode(slip.query_code, id="qr")
                yield Static(Content(f"查询码 {slip.query_code}"), id="query-code", classes="message")
        yield Static(id="countdown", classes="message hint")
        reprint = [Button("补打凭条", id="reprint", variant="primary")] if self.existing else []
        yield from self.compose_nav_area(*reprint, Button("完成", id="home", variant="success"))

    def spoken(self) -> str:
        """The number, and what to do with it: as the screen says it now."""
        number = f"您的号码是 {self.slip.number} 号，{self.slip.service_name}。"
        if self.held:
            return f"{number}凭条未能打印，您的号码已经有效，请记下号码，到服务窗口请工作人员补打凭条。"
        if self.existing:
            return f"您今天已经取过号。{number}{self.where or ahead_text(self.slip.ahead)}。"
        return f"取号成功。{number}{ahead_text(self.slip.ahead)}，请取走凭条，留意叫号。"

    def on_mount(self) -> None:
        self.seconds_left = self.kiosk.settings.ticket_seconds
        self.set_interval(1, self.count_down)

    def on_resize(self) -> None:
        """A large screen (a 1080p touch screen at a small font) grows the number and
        gives the QR code a column of its own, centred; 80x24 and 120x32 stay as drawn."""
        width, height = self.size
        wide = width >= WIDE_COLUMNS and height >= WIDE_ROWS
        self.set_class(wide, "wide")
        facts = width * 2 // 3 - 4 if wide else width
        number = self.query_one("#big-number", BigNumber)
        scale = 1
        for bigger in range(2, 1 + (height - BODY_ROWS) // 5):
            if big_width(self.slip.number, bigger) <= facts:
                scale = bigger
        number.set_scale(scale if wide else 1)

    def count_down(self) -> None:
        if self.printing or self.held:  # wait for the printer's answer; a number to show staff waits
            return
        if self.app.screen is not self:  # staff's PIN pad is open over the ticket: it stays
            self.seconds_left = self.kiosk.settings.ticket_seconds
            return
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.kiosk.reset()
            return
        self.query_one("#countdown", Static).update(
            Content(f"{int(self.seconds_left)} 秒后返回首页")
        )

    def show_print(self, outcome: PrintOutcome) -> None:
        if outcome.ticket_id != self.ticket_id:
            return
        self.printing = False
        status = self.query_one("#print-status", Static)
        if outcome.ok:
            status.update(lines(*REPRINTED) if outcome.reprint else Content(PRINTED))
            status.set_class(False, "refusal")
        else:
            error = outcome.notice or outcome.error
            status.update(lines(*(line.format(error=error) for line in PRINT_FAILED)))
            status.set_class(True, "refusal")
            self.hold()
            self.kiosk.speak_step(self)  # the number to write down, said again

    def hold(self) -> None:
        """No paper: the number stays on screen until the visitor touches 完成 (or the
        next visitor's card arrives); the idle timeout leaves it too, and staff get a line."""
        self.held = True
        self.add_class("held")
        self.query_one("#countdown", Static).update(Content(HELD))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "reprint":
            event.stop()
            event.button.display = False  # one reprint here; more at the window (REPRINTED)
            self.printing = True
            self.query_one("#print-status", Static).update(Content(PRINTING))
            self.kiosk.reprint_ticket(self.ticket_id)
            return
        super().on_button_pressed(event)

    def handle_card(self, event: CardEvent) -> bool:
        if isinstance(event, (CardRead, CardRejected)) and not self.printing:
            self.kiosk.reset()  # the next visitor is at the reader
            self.kiosk.on_card_event(event)
            return True
        return False
