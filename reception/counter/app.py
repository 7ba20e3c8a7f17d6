"""The counter console (窗口接待台): staff log in, then serve their window's queue.

`create_app` builds it from a Hall; the CLI (`reception counter --window N`)
and textual-serve (/counter/<N>) run the same app. Other counters and the
kiosk write to the same database from other processes, so the console polls
it; every action here goes through the core (Hall, Registrations) at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.message import Message

from reception.counter.screens.console import ConsoleScreen
from reception.printing.worker import PrintJob, PrintOutcome, PrintWorker, SlipPrinter
from reception.queue.accounts import Accounts, User
from reception.queue.followup import DEFAULT_DAYS as DEFAULT_FOLLOWUP_DAYS
from reception.queue.hall import Hall
from reception.queue.registration import Registrations
from reception.queue.supervision import DEFAULT_WITHIN_DAYS
from reception.staff_ui.idle import DEFAULT_IDLE_MINUTES, IdleLogout
from reception.staff_ui.login import LoginScreen

STAFF_ROLES = ("staff", "admin")


class CounterApp(IdleLogout, App):
    CSS_PATH = "counter.tcss"
    TITLE = "窗口接待"
    ENABLE_COMMAND_PALETTE = False

    class Printed(Message):
        def __init__(self, outcome: PrintOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(
        self,
        hall: Hall,
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
        self.hall = hall
        self.window_number = window
        self.window_name = hall.config.window(window).name  # KeyError: checked by the caller
        self.accounts = Accounts(hall.db, hall.clock)
        self.registrations = Registrations(hall.db, hall.config, hall.clock)
        self.poll_seconds = poll_seconds
        self.supervise_days = supervise_days
        self.followup_days = followup_days  # the 回访 list: close-day endings this many days back
        self.user: User | None = None
        self.print_worker = PrintWorker(
            printer, hall, f"counter-{window}", lambda outcome: self.post_message(self.Printed(outcome))
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
        login = LoginScreen(self.accounts, f"{self.hall.config.hall_name} · {self.window_name}", roles=STAFF_ROLES)
        self.push_screen(login, self.logged_in)

    def logged_in(self, user: User | None) -> None:
        if user is None:
            return
        self.user = user
        self.push_screen(ConsoleScreen())

    def logout(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.show_login()

    def print_ticket(self, ticket_id: int, reprint: bool = True) -> None:
        slip = self.hall.slip_for(self.hall.get_ticket(ticket_id), reprint=reprint)
        self.print_worker.submit(PrintJob(ticket_id, slip))

    def on_counter_app_printed(self, message: Printed) -> None:
        outcome = message.outcome
        ticket = self.hall.get_ticket(outcome.ticket_id)
        what = "补打" if outcome.reprint else "打印"
        if outcome.ok:
            self.notify(f"{ticket.number} 号已{what}", markup=False)
        else:
            self.notify(f"{ticket.number} 号{what}失败：{outcome.error}", severity="error", markup=False)


def create_app(
    hall: Hall,
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

        printer = TicketPrinter.from_config(hall.config)
    return CounterApp(hall, window, printer, poll_seconds=poll_seconds,
                      supervise_days=supervise_days, idle_minutes=idle_minutes, monotonic=monotonic,
                      followup_days=followup_days)
