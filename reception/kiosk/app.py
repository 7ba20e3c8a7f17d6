"""The visitor kiosk: an app factory and the app that runs the visit flow.

The visitor cannot leave: no quit binding, no command palette, no text
selection, `quit` does nothing. Staff leave with the configured key and PIN.
Devices talk to the app from their own threads through `post_message`;
nothing blocks the screen: every call into the core (`HallService`, one per
app) runs in a thread worker or the printer thread, never on the UI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from textual import events, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from reception.config import HallConfig
from reception.kiosk.cards import PULLED, CardData, CardEvent, CardPulled, CardRead, CardRejected, ReaderStatus
from reception.kiosk.failures import for_visitor
from reception.kiosk.flow import VisitDraft, expired_problem
from reception.kiosk.screens.base import KioskScreen
from reception.kiosk.screens.staff import StaffPinScreen
from reception.kiosk.screens.welcome import WelcomeScreen
from reception.kiosk.settings import KioskSettings
from reception.printing.messages import Printed
from reception.printing.worker import PrintJob, PrintOutcome, PrintWorker, SlipPrinter
from reception.queue.errors import QueueError
from reception.queue.models import Ticket, TicketSlip, TicketState
from reception.queue.service import Clock, DutyLeader, HallService, HallStatus

log = logging.getLogger(__name__)

BUSY = "请先完成当前操作；如需重新开始，请点“返回首页”"
# How often the kiosk asks the core whether numbers may be issued (opening
# hours, the midday break, the office's closures): a state turns on the minute,
# so a look every few seconds shows it on time without loading the database.
HOURS_SECONDS = 5
RESTARTED = "自助机重启，打印结果未知，请核对后补打"
# While the printer is out, how often the kiosk asks it again (in the printer
# thread, between jobs), so the welcome screen clears once staff fix it.
PRINTER_SECONDS = 20


class KioskApp(App, inherit_bindings=False):
    CSS_PATH = "kiosk.tcss"
    TITLE = "自助取号"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    # The welcome screen is the bottom of the stack. A mode (not
    # get_default_screen) so that its own .tcss is loaded.
    MODES = {"kiosk": WelcomeScreen}
    # Short screens (80x24) drop padding so every step fits without scrolling.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    DEFAULT_MODE = "kiosk"

    class Card(Message):
        def __init__(self, event: CardEvent) -> None:
            super().__init__()
            self.event = event

    class PrinterChecked(Message):
        """What the printer said about itself: None when it can print, else why not (Chinese)."""

        def __init__(self, fault: str | None) -> None:
            super().__init__()
            self.fault = fault

    class Scan(Message):
        """A code from a serial scanner (reception.devices.scanner events)."""

        def __init__(self, event: Any) -> None:
            super().__init__()
            self.event = event

    def __init__(
        self,
        service: HallService,
        card_source: Any,
        printer: SlipPrinter,
        settings: KioskSettings,
        monotonic: Callable[[], float] = time.monotonic,
        scan_source: Any = None,
        speaker: Any = None,
    ) -> None:
        super().__init__()
        # Says each step (`say(text)`, never blocking: reception.devices.speech.Speaker,
        # its own thread); None: the voice is off ([kiosk] voice).
        self.speaker = speaker
        self.last_spoken: str | None = None
        self.service = service
        self.card_source = card_source
        self.scan_source = scan_source
        self.settings = settings
        self.draft: VisitDraft | None = None
        self.reader_status: ReaderStatus | None = None
        self.hall_status: HallStatus | None = None  # None until the first look (then: the hours decide)
        self.printer = printer
        self.printer_fault: str | None = None  # why the printer cannot print now, as last heard
        self._printer_reported = False  # the first state heard is told to the counters too
        self._monotonic = monotonic
        self.last_activity = monotonic()
        self.print_worker = PrintWorker(
            printer, service, settings.actor, lambda outcome: self.post_message(Printed(outcome))
        )

    @property
    def config(self) -> HallConfig:
        return self.service.config

    @property
    def clock(self) -> Clock:
        return self.service.clock

    # ------------------------------------------------------------------ life cycle

    def on_mount(self) -> None:
        self.print_worker.start(prepare=self.prepare_printer)
        self.card_source.start(lambda event: self.post_message(self.Card(event)))
        if self.scan_source is not None:
            self.scan_source.start(lambda event: self.post_message(self.Scan(event)))
        self.set_interval(1, self.idle_tick)
        self.check_hours()
        self.set_interval(HOURS_SECONDS, self.check_hours)
        self.set_interval(PRINTER_SECONDS, self.recheck_printer)

    def on_unmount(self) -> None:
        if self.speaker is not None and hasattr(self.speaker, "close"):
            self.speaker.close()
        self.card_source.stop()
        if self.scan_source is not None:
            self.scan_source.stop()
        self.print_worker.stop()

    def prepare_printer(self) -> None:
        """In the printer thread, before its first job: settle a restart's tickets,
        then ask the printer whether it can print (the welcome screen says so)."""
        try:
            self.mark_interrupted_prints()
        finally:
            self.probe_printer()

    def probe_printer(self) -> None:
        """The printer's own state (printer thread only); a printer that cannot
        tell (no `status`, or state unknown) counts as able to print."""
        status = getattr(self.printer, "status", None)
        if status is None:
            return
        state = status()
        self.post_message(self.PrinterChecked(None if state.can_print else state.message))

    def recheck_printer(self) -> None:
        if self.printer_fault is not None and not self.print_worker.pending:
            self.print_worker.call(self.probe_printer)

    def on_kiosk_app_printer_checked(self, message: PrinterChecked) -> None:
        self.set_printer_fault(message.fault)

    def set_printer_fault(self, fault: str | None) -> None:
        if fault != self.printer_fault or not self._printer_reported:
            self._printer_reported = True
            self.report_device("printer", fault is None, fault or "")
        self.printer_fault = fault
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.show_devices()

    @work(thread=True, exit_on_error=False, group="devices")
    def report_device(self, device: str, ok: bool, message: str) -> None:
        """Tell the counters (their status line) what this kiosk's printer or reader
        does now; off the UI thread. A busy database only delays the next report."""
        try:
            self.service.report_device(self.settings.actor, device, ok, message)
        except QueueError as exc:
            log.warning("device state not stored: %s", exc.message)

    def mark_interrupted_prints(self) -> None:
        """Tickets issued before a restart whose paper nobody saw: mark for reprint.
        Runs in the printer thread before its first job (so never on a new ticket)."""
        for ticket in self.service.unrecorded_prints(self.settings.actor):
            self.service.record_print(ticket.id, ok=False, actor=self.settings.actor, error=RESTARTED)

    async def action_quit(self) -> None:
        """Visitors cannot quit (a `[@click=app.quit]` must never work either)."""

    # ------------------------------------------------------------------ idle and staff

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_activity = self._monotonic()
        if isinstance(event, events.Key) and event.key == self.settings.voice_repeat_key and self.speaker:
            event.stop()
            event.prevent_default()
            if isinstance(self.screen, KioskScreen):
                self.speak_step(self.screen)
            return
        if isinstance(event, events.Key) and event.key == self.settings.staff_key:
            event.stop()
            event.prevent_default()
            if not isinstance(self.screen, StaffPinScreen):
                self.push_screen(StaffPinScreen(self.check_staff_pin), self.staff_done)
            return
        await super().on_event(event)

    def check_staff_pin(self, typed: str) -> None:
        """The core's check (from the PIN pad's thread worker); AuthError when refused."""
        self.service.check_kiosk_pin(typed, self.settings.staff_pin, self.settings.actor)

    def staff_done(self, ok: bool | None) -> None:
        if ok:
            self.exit(0)

    def speak_step(self, screen: KioskScreen) -> None:
        """Say the step shown (voice on); the speaker's own thread does the speaking."""
        if self.speaker is None or screen is not self.screen:
            return
        text = screen.spoken()
        if text:
            self.last_spoken = text
            self.speaker.say(text)

    def idle_tick(self) -> None:
        if len(self.screen_stack) <= 1:  # the welcome screen
            return
        if isinstance(self.screen, KioskScreen) and self.screen.held:
            return  # a number the visitor must show at the window: kept until touched
        if self._monotonic() - self.last_activity >= self.settings.idle_seconds:
            self.reset()

    def back(self, screen: KioskScreen) -> None:
        """One step back; the welcome screen is never popped (a double press
        or Enter plus a tap must not empty the stack and crash the kiosk)."""
        if self.screen is screen and len(self.screen_stack) > 1:
            self.pop_screen()

    def reset(self) -> None:
        """Back to welcome; nothing the visitor entered survives."""
        self.draft = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.last_activity = self._monotonic()

    # ------------------------------------------------------------------ opening hours

    @work(thread=True, exit_on_error=False, exclusive=True, group="hours")
    def check_hours(self) -> None:
        """May numbers be issued now? (the core's hours rule, off the UI thread)"""
        try:
            status = self.service.hall_status()
        except QueueError as exc:
            log.warning("hours: %s", exc.message)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.hours_checked, status)

    def hours_checked(self, status: HallStatus) -> None:
        self.hall_status = status
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.show_hours(status)

    @property
    def issuing(self) -> bool:
        """Numbers are issued now, as far as the kiosk last looked (the core decides again)."""
        return self.hall_status is None or self.hall_status.may_issue

    # ------------------------------------------------------------------ cards

    def on_kiosk_app_card(self, message: Card) -> None:
        self.on_card_event(message.event)

    def on_card_event(self, event: CardEvent) -> None:
        if isinstance(event, (CardRead, CardRejected, CardPulled)):
            self.last_activity = self._monotonic()
        if isinstance(event, ReaderStatus):
            if self.reader_status is None or self.reader_status.ok != event.ok:
                self.report_device("reader", event.ok, event.message)
            self.reader_status = event
            for screen in self.screen_stack:
                if isinstance(screen, WelcomeScreen):
                    screen.show_devices()
            return
        screen = self.screen
        if isinstance(screen, KioskScreen) and screen.handle_card(event):
            return
        if isinstance(event, CardPulled):
            self.tell(PULLED)
        elif isinstance(screen, KioskScreen):
            self.tell(BUSY)
        # else: a modal (staff PIN, demo picker) is open; the card waits for nothing

    # ------------------------------------------------------------------ scanner

    def on_kiosk_app_scan(self, message: Scan) -> None:
        from reception.devices.scanner import Scanned

        event = message.event
        if isinstance(event, Scanned):
            self.last_activity = self._monotonic()
            self.show_progress(event.code)
        elif not event.ok:
            log.warning("scanner: %s", event.message)

    def show_progress(self, code: str) -> None:
        """A scanned ticket code: the lookup, from the welcome or lookup screen."""
        from reception.kiosk.screens.query import QueryScreen

        screen = self.screen
        if isinstance(screen, QueryScreen):
            screen.look_up(code)
        elif isinstance(screen, WelcomeScreen):
            self.push_screen(QueryScreen(code))
        elif isinstance(screen, KioskScreen):
            self.tell(BUSY)

    def tell(self, text: str) -> None:
        """A notice for the visitor, on the screen's own notice line where it has one."""
        screen = self.screen
        if not (isinstance(screen, KioskScreen) and screen.show_notice(text)):
            self.notify(text, severity="warning", markup=False, timeout=8)

    # ------------------------------------------------------------------ the flow

    def start_with_card(self, card: CardData) -> None:
        self.draft = None
        problem = expired_problem(card, self.clock)
        if problem is not None:
            self.refuse(problem)
            return
        self.look_up_card(card, self.screen)

    @work(thread=True, exit_on_error=False, exclusive=True, group="card")
    def look_up_card(self, card: CardData, origin: Screen) -> None:
        """Does this card hold a ticket today? (off the UI thread)"""
        try:
            held = self.service.active_ticket_for(card.doc_type, card.doc_number)
            slip = None if held is None else self.service.slip_for(held)
        except QueueError as exc:
            self.call_from_thread(self.refuse, for_visitor(exc))
            return
        if not get_current_worker().is_cancelled:  # a later card replaced this one
            self.call_from_thread(self.card_looked_up, card, origin, held, slip)

    def card_looked_up(self, card: CardData, origin: Screen, held: Ticket | None, slip: TicketSlip | None) -> None:
        if self.screen is not origin:  # the visitor (or staff) moved on meanwhile
            return
        if held is not None and slip is not None:
            self.show_ticket(held, slip, existing=True)
            return
        if not self.issuing and self.hall_status is not None:
            # A ticket already held is still shown; a new visit waits for the hours.
            if isinstance(origin, WelcomeScreen):
                origin.show_hint(self.hall_status.refusal())
            else:
                self.refuse(self.hall_status.refusal())
            return
        from reception.kiosk.screens.person import PersonScreen

        self.draft = VisitDraft(card=card)
        self.push_screen(PersonScreen())

    def start_without_card(self) -> None:
        self.draft = VisitDraft(card=None)
        self.show_visit()

    def refuse(self, reason: str) -> None:
        from reception.kiosk.screens.refusal import RefusalScreen

        self.push_screen(RefusalScreen(reason))

    def show_visit(self) -> None:
        from reception.kiosk.screens.visit import VisitScreen

        self.push_screen(VisitScreen())

    def show_leaders_or_mode(self) -> None:
        """On a leader reception day the visitor is asked first; otherwise on."""
        self.load_leaders(self.screen)

    @work(thread=True, exit_on_error=False, exclusive=True, group="leaders")
    def load_leaders(self, origin: Screen) -> None:
        try:
            leaders = self.service.leaders_for_walk_ins()
        except QueueError as exc:
            self.call_from_thread(self.tell, for_visitor(exc))
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.leaders_loaded, origin, leaders)

    def leaders_loaded(self, origin: Screen, leaders: list[DutyLeader]) -> None:
        if self.screen is not origin or self.draft is None:  # reset meanwhile
            return
        if not leaders:
            assert self.draft is not None
            self.draft.leader = None  # a leader offered earlier is no longer receiving
            self.show_mode()
            return
        from reception.kiosk.screens.leader import LeaderScreen

        self.push_screen(LeaderScreen(leaders))

    def show_mode(self) -> None:
        assert self.draft is not None
        if self.draft.card is None:  # no card: no representatives to check in
            self.show_confirm()
            return
        from reception.kiosk.screens.mode import ModeScreen

        self.push_screen(ModeScreen())

    def show_confirm(self) -> None:
        from reception.kiosk.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen())

    def where_now(self, ticket: Ticket) -> str | None:
        """For a held ticket already called or being served: where the visitor goes
        now (「前面没有人等候」 would tell a called visitor to keep waiting)."""
        if ticket.state == TicketState.SERVING:
            return "您的号正在办理中，请到叫号的窗口或接待室"
        if ticket.state != TicketState.CALLED:
            return None
        if ticket.window is not None:
            return f"您的号已叫到，请到{self.window_name(ticket.window)}"
        return "您的号已叫到，请按大厅屏幕所示前往接待室"

    def window_name(self, window: int) -> str:
        """A window as the hall names it (and the display shows it)."""
        try:
            return self.config.window(window).name
        except KeyError:
            return f"{window}号窗口"

    def show_ticket(self, ticket: Ticket, slip: TicketSlip, existing: bool) -> None:
        """The ticket on screen; a new one also goes to the printer, the same slip."""
        from reception.kiosk.screens.ticket import TicketScreen

        self.reset()  # the draft is done with: a ticket or nothing
        self.push_screen(TicketScreen(ticket.id, slip, existing, where=self.where_now(ticket)))
        if not existing:
            self.print_worker.submit(PrintJob(ticket.id, slip))

    @work(thread=True, exit_on_error=False, group="reprint")
    def reprint_ticket(self, ticket_id: int) -> None:
        """A held ticket's slip again (its numbers as they are now), to the printer."""
        try:
            slip = self.service.slip_for(self.service.get_ticket(ticket_id), reprint=True)
        except QueueError as exc:
            notice = for_visitor(exc)
            self.post_message(Printed(PrintOutcome(ticket_id, False, exc.message, True, notice)))
            return
        self.print_worker.submit(PrintJob(ticket_id, slip))

    def on_printed(self, message: Printed) -> None:
        from reception.kiosk.screens.ticket import TicketScreen

        outcome = message.outcome
        self.set_printer_fault(None if outcome.ok else (outcome.notice or "打印机故障"))
        for screen in self.screen_stack:
            if isinstance(screen, TicketScreen):
                screen.show_print(message.outcome)


def create_app(
    service: HallService,
    card_source: Any = None,
    printer: SlipPrinter | None = None,
    settings: KioskSettings | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    scan_source: Any = None,
    speaker: Any = None,
) -> KioskApp:
    """The kiosk with its devices; tests pass a simulated reader and a Dummy printer.

    With nothing given: the demo card source and the printer `[devices.printer]`
    describes (the preview printer when nothing is configured).
    """
    from reception.kiosk.cards import DemoCardSource
    from reception.kiosk.settings import kiosk_settings

    if printer is None:
        from reception.devices.printer import TicketPrinter

        printer = TicketPrinter.from_config(service.config)  # ConfigError names a bad key
    settings = settings if settings is not None else kiosk_settings(service.config)
    if speaker is None and settings.voice:
        from reception.devices.speech import Speaker

        # The hall's one voice ([display] voice_command); a new step replaces one not yet said.
        speaker = Speaker(service.config.display.voice_command, backlog=2, latest_only=True, name="kiosk-voice")
    return KioskApp(
        service,
        card_source if card_source is not None else DemoCardSource(),
        printer,
        settings,
        monotonic,
        scan_source,
        speaker,
    )
