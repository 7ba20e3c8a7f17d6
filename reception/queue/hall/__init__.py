"""The hall: check-in, the queues, and everything that happens to a ticket.

Every change runs in one write transaction (BEGIN IMMEDIATE) together with
its event-log row, so a change is either wholly there or not at all, and two
processes (two counters calling at the same instant) are serialised by
SQLite's write lock: neither can read the head of the queue while the other
is between reading and claiming it.

`Hall` is a thin composition of the hall's jobs, each in its own module on
one shared `HallContext` (connection, configuration, clock, lock):

- `checkin.CheckIn`: issuing tickets, leader routing, storing the visit;
- `calling.Calling`: calling, and every later change of a ticket's state;
- `finders.Finders`: tickets by id, number or query code, lists and counts, the slip;
- `schedule_service.ScheduleService`: leaders' reception days, import, conflicts;
- `bookings.Bookings`: appointments for a reception day;
- `progress.Progress`: the progress lookup, rating, closing earlier days;
- `part.Part`: the helpers they share; the ticket queries are in
  `reception.queue.store.tickets`.

`Hall` keeps the one public surface (`HallService` and the tests call
`hall.x(...)`), so each method here only hands the call to its job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from reception.config import HallConfig
from reception.queue import schedule
from reception.queue.appointments import Appointment
from reception.queue.clock import Clock
from reception.queue.hall.bookings import Bookings
from reception.queue.hall.calling import Calling
from reception.queue.hall.checkin import CheckIn
from reception.queue.hall.finders import Finders
from reception.queue.hall.part import HallContext
from reception.queue.hall.progress import Progress
from reception.queue.hall.schedule_service import ScheduleService
from reception.queue.leaders import DutyLeader
from reception.queue.models import (
    Call,
    CheckInRequest,
    CheckInResult,
    DayClose,
    Event,
    PersonInput,
    Ticket,
    TicketSlip,
    TicketState,
    VisitProgress,
)
from reception.queue.schedule import ReceptionDay, SaveResult


class Hall:
    def __init__(
        self,
        db: sqlite_utils.Database,
        config: HallConfig,
        clock: Clock | None = None,
    ):
        self._context = context = HallContext(db, config, clock or Clock(config.tz))
        self._checkin = CheckIn(context)
        self._calling = Calling(context)
        self._finders = Finders(context)
        self._schedule = ScheduleService(context)
        self._bookings = Bookings(context)
        self._progress = Progress(context, self._finders, self._calling)

    # The context is shared: a changed configuration reaches every job.
    @property
    def db(self) -> sqlite_utils.Database:
        return self._context.db

    @property
    def config(self) -> HallConfig:
        return self._context.config

    @config.setter
    def config(self, config: HallConfig) -> None:
        self._context.config = config

    @property
    def clock(self) -> Clock:
        return self._context.clock

    # ------------------------------------------------------------------ check-in

    def check_in(self, request: CheckInRequest, actor: str = "kiosk") -> CheckInResult:
        return self._checkin.check_in(request, actor)

    # ------------------------------------------------------------------ calling and transitions

    def call_next(self, window: int, actor: str) -> Ticket | None:
        return self._calling.call_next(window, actor)

    def call_next_for_leader(self, leader_id: int, actor: str) -> Ticket | None:
        return self._calling.call_next_for_leader(leader_id, actor)

    def call_next_in(
        self, queues: Sequence[str], actor: str, window: int | None = None
    ) -> Ticket | None:
        return self._calling.call_next_in(queues, actor, window=window)

    def recall(self, ticket_id: int, actor: str, window: int | None = None) -> Ticket:
        return self._calling.recall(ticket_id, actor, window=window)

    def start(self, ticket_id: int, actor: str) -> Ticket:
        return self._calling.start(ticket_id, actor)

    def finish(self, ticket_id: int, actor: str) -> Ticket:
        return self._calling.finish(ticket_id, actor)

    def no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._calling.no_show(ticket_id, actor)

    def undo_no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._calling.undo_no_show(ticket_id, actor)

    def requeue(self, ticket_id: int, actor: str) -> Ticket:
        return self._calling.requeue(ticket_id, actor)

    def transfer(self, ticket_id: int, to_queue: str, actor: str) -> Ticket:
        return self._calling.transfer(ticket_id, to_queue, actor)

    def cancel(self, ticket_id: int, actor: str, reason: str = "") -> Ticket:
        return self._calling.cancel(ticket_id, actor, reason)

    def prioritise(self, ticket_id: int, reason: str, actor: str) -> Ticket:
        return self._calling.prioritise(ticket_id, reason, actor)

    def record_print(
        self, ticket_id: int, ok: bool, actor: str, error: str = "", reprint: bool = False
    ) -> Ticket:
        return self._calling.record_print(ticket_id, ok, actor, error=error, reprint=reprint)

    # ------------------------------------------------------------------ finders

    def get_ticket(self, ticket_id: int) -> Ticket:
        return self._finders.get_ticket(ticket_id)

    def find_ticket(self, number: str, day: str | None = None) -> Ticket:
        return self._finders.find_ticket(number, day)

    def find_by_query_code(self, typed: str) -> Ticket:
        return self._finders.find_by_query_code(typed)

    def active_ticket_for(self, doc_type: str, doc_number: str) -> Ticket | None:
        return self._finders.active_ticket_for(doc_type, doc_number)

    def ahead_of(self, ticket: Ticket) -> int:
        return self._finders.ahead_of(ticket)

    def tickets(
        self,
        queues: Iterable[str] | None = None,
        states: Iterable[TicketState] | None = None,
        day: str | None = None,
    ) -> list[Ticket]:
        return self._finders.tickets(queues, states, day)

    def waiting_counts(self, day: str | None = None) -> dict[str, int]:
        return self._finders.waiting_counts(day)

    def recent_calls(self, limit: int = 5, day: str | None = None) -> list[Call]:
        return self._finders.recent_calls(limit, day)

    def events_for(self, ticket_id: int) -> list[Event]:
        return self._finders.events_for(ticket_id)

    def slip_for(self, ticket: Ticket, reprint: bool = False) -> TicketSlip:
        return self._finders.slip_for(ticket, reprint=reprint)

    def place_name(self, window: int | None, queue: str) -> str:
        return self._finders.place_name(window, queue)

    def service_name(self, code: str) -> str:
        return self._finders.service_name(code)

    # ------------------------------------------------------------------ progress and day close

    def progress(self, typed_code: str) -> VisitProgress:
        return self._progress.progress(typed_code)

    def rate(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        return self._progress.rate(typed_code, rating, actor)

    def rate_handling(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        return self._progress.rate_handling(typed_code, rating, actor)

    def unfinished_earlier(self) -> list[Ticket]:
        return self._progress.unfinished_earlier()

    def close_earlier_days(self, actor: str) -> DayClose:
        return self._progress.close_earlier_days(actor)

    def unrecorded_prints(self, actor: str, day: str | None = None) -> list[Ticket]:
        return self._progress.unrecorded_prints(actor, day)

    # ------------------------------------------------------------------ reception days

    def duty_leaders(self, day: str | None = None) -> list[DutyLeader]:
        return self._schedule.duty_leaders(day)

    def leaders_for_walk_ins(self) -> list[DutyLeader]:
        return self._schedule.leaders_for_walk_ins()

    def reception_days(self, first: str | None = None, days: int = 7) -> list[ReceptionDay]:
        return self._schedule.reception_days(first, days)

    def leader_named(self, name: str) -> schedule.Leader:
        return self._schedule.leader_named(name)

    def remaining_places(self, leader_id: int, day: str | None = None) -> int | None:
        return self._schedule.remaining_places(leader_id, day)

    def import_schedule(
        self,
        path: str | Path,
        actor: str,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> SaveResult:
        return self._schedule.import_schedule(path, actor, progress)

    def add_reception_day(self, fields: dict[str, Any], actor: str) -> ReceptionDay:
        return self._schedule.add_reception_day(fields, actor)

    def remove_reception_day(self, leader_id: int, day: str, actor: str) -> ReceptionDay:
        return self._schedule.remove_reception_day(leader_id, day, actor)

    # ------------------------------------------------------------------ appointments

    def book_appointment(
        self, leader_id: int, day: str, person: PersonInput, actor: str
    ) -> Appointment:
        return self._bookings.book_appointment(leader_id, day, person, actor)

    def cancel_appointment(self, appointment_id: int, actor: str, reason: str = "") -> Appointment:
        return self._bookings.cancel_appointment(appointment_id, actor, reason)

    def appointments_for(
        self, leader_id: int, day: str | None = None, include_cancelled: bool = False
    ) -> list[Appointment]:
        return self._bookings.appointments_for(leader_id, day, include_cancelled)

    def get_appointment(self, appointment_id: int) -> Appointment:
        return self._bookings.get_appointment(appointment_id)

    def appointment_today(self, doc_type: str, doc_number: str) -> Appointment | None:
        return self._bookings.appointment_today(doc_type, doc_number)
