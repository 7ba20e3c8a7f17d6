"""The counter console (窗口接待台): staff log in, then serve their window's queue.

`create_app` builds it from the process's `HallService`; the CLI (`reception
counter --window N`) and textual-serve (/counter/<N>) run the same app. Other
counters and the kiosk write to the same database from other processes, so the
console polls it; every action goes through the service, in a thread worker
(`staff_ui.actions.run_core`), so a busy database shows a wait, never a frozen
screen. Screens reach the app through `counter.protocol.Counter`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from textual.app import App

from reception.counter.screens.console import ConsoleScreen
from reception.printing.messages import Printed
from reception.printing.worker import PrintJob, PrintWorker, SlipPrinter
from reception.queue.errors import QueueError
from reception.queue.service import (
    DEFAULT_FOLLOWUP_DAYS,
    DEFAULT_WITHIN_DAYS,
    HallService,
    User,
)
from reception.staff_ui.idle import DEFAULT_IDLE_MINUTES, IdleLogout
from reception.staff_ui.login import LoginScreen

log = logging.getLogger(__name__)

STAFF_ROLES = ("staff", "admin")


class CounterApp(IdleLogout, App):
    CSS_PATH = "counter.tcss"
    TITLE = "窗口接待"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        service: HallService,
        window: int,
        printer: SlipPrinter,
        poll_seconds: float = 1.0,
        supervise_days: int = DEFAULT_WITHIN_DAYS,
        idle_minutes: float = DEFAULT_IDLE_MINUTES,
        monotonic: Callable[[], float] = time.monotonic,
        followup_days: int = DEFAULT_FOLLOWUP_DAYS,
    ) -> None:
        super().__init__()
        self.init_idle(idle_minutes, monotonic)
        self.service = service
        self.window_number = window
        self.window_name = service.config.window(window).name  # KeyError: checked by the caller
        self.poll_seconds = poll_seconds
        self.supervise_days = supervise_days
        self.followup_days = followup_days  # the 回访 list: close-day endings this many days back
        self.user: User | None = None
        self.print_worker = PrintWorker(
            printer, service, f"counter-{window}", lambda outcome: self.post_message(Printed(outcome))
        )

    @property
    def actor(self) -> str:
        return self.user.username if self.user else f"counter-{self.window_number}"

    def on_mount(self) -> None:
        self.print_worker.start()
        self.show_login()
        self.start_idle_timer()

    def idle_audit_detail(self) -> dict:
        return {"window": self.window_number, "reason": "idle"}

    def on_unmount(self) -> None:
        self.print_worker.stop()

    def show_login(self) -> None:
        self.user = None
        login = LoginScreen(self.service, f"{self.service.config.hall_name} · {self.window_name}",
                            roles=STAFF_ROLES)
        self.push_screen(login, self.logged_in)

    def logged_in(self, user: User | None) -> None:
        if user is None:
            return
        self.user = user
        self.push_screen(ConsoleScreen())

    def logout(self) -> None:
        if self.user is not None:
            self.record_logout(self.user.username, {"window": self.window_number})
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.show_login()

    def print_ticket(self, ticket_id: int, reprint: bool = True) -> None:
        """The slip is read in a thread worker, then queued for the printer thread
        (which records the outcome through the service on its own connection)."""
        service = self.service

        def slip() -> None:
            try:
                job = PrintJob(ticket_id, service.slip_for(service.get_ticket(ticket_id), reprint=reprint))
            except QueueError as exc:
                self.call_from_thread(self.notify, exc.message, severity="error", markup=False)
                return
            self.print_worker.submit(job)

        self.run_worker(slip, name="print-slip", group="print", thread=True, exit_on_error=False)

    def on_printed(self, message: Printed) -> None:
        outcome = message.outcome
        service = self.service

        def say() -> None:
            try:
                number = service.get_ticket(outcome.ticket_id).number
            except QueueError:
                number = f"#{outcome.ticket_id}"  # the print itself is recorded by the print thread
            what = "补打" if outcome.reprint else "打印"
            if outcome.ok:
                self.call_from_thread(self.notify, f"{number} 号已{what}", markup=False)
            else:
                self.call_from_thread(self.notify, f"{number} 号{what}失败：{outcome.error}",
                                      severity="error", markup=False)

        self.run_worker(say, name="print-outcome", group="print", thread=True, exit_on_error=False)


def create_app(
    service: HallService,
    window: int,
    printer: SlipPrinter | None = None,
    poll_seconds: float = 1.0,
    supervise_days: int = DEFAULT_WITHIN_DAYS,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
    monotonic: Callable[[], float] = time.monotonic,
    followup_days: int = DEFAULT_FOLLOWUP_DAYS,
) -> CounterApp:
    """The console for `window`; with no printer, the one `[devices.printer]` describes
    (the preview target when nothing is configured)."""
    if printer is None:
        from reception.devices.printer import TicketPrinter

        printer = TicketPrinter.from_config(service.config)
    return CounterApp(service, window, printer, poll_seconds=poll_seconds,
                      supervise_days=supervise_days, idle_minutes=idle_minutes, monotonic=monotonic,
                      followup_days=followup_days)
