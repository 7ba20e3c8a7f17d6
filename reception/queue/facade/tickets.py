"""Tickets: what the kiosk, the counters and the leaders do to a ticket, and what they look up."""

from __future__ import annotations

from collections.abc import Iterable

from reception.queue import (
    leader_view,
)
from reception.queue.facade.hours import HoursDesk
from reception.queue.models import (
    Call,
    CheckInRequest,
    CheckInResult,
    DayClose,
    Event,
    Ticket,
    TicketSlip,
    TicketState,
    VisitProgress,
)
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors


@translate_errors
class TicketDesk(HoursDesk):
    # ------------------------------------------------------------------ tickets: actions

    def check_in(self, request: CheckInRequest, actor: str = "kiosk", outside_hours: bool = False) -> CheckInResult:
        """Issue a number, within the hall's opening hours (`reception.queue.hours`);
        `outside_hours`: staff issue one anyway, recorded in the audit log."""
        if self.issuing_status().may_issue:  # the usual case: no override to audit with it
            return self._hall.check_in(request, actor)
        with write_transaction(self._db):
            self.check_may_issue(actor, outside_hours)
            return self._hall.check_in(request, actor)

    def call_next(self, window: int, actor: str) -> Ticket | None:
        return self._hall.call_next(window, actor)

    def call_next_for_leader(self, leader_id: int, actor: str) -> Ticket | None:
        return self._hall.call_next_for_leader(leader_id, actor)

    def recall(self, ticket_id: int, actor: str, window: int | None = None) -> Ticket:
        return self._hall.recall(ticket_id, actor, window=window)

    def start(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.start(ticket_id, actor)

    def finish(self, ticket_id: int, actor: str) -> Ticket:
        """End the visit at the counter; refused until the visit is registered."""
        with write_transaction(self._db):
            self._registrations.check_can_finish(self._hall.get_ticket(ticket_id))
            return self._hall.finish(ticket_id, actor)

    def finish_talk(self, ticket_id: int, leader_id: int, actor: str) -> Ticket:
        """End a leader's talk; refused until the talk and the registration are recorded."""
        with write_transaction(self._db):
            ticket = self._hall.get_ticket(ticket_id)
            return leader_view.finish_talk(self._hall, self._talks, ticket, leader_id, actor)

    def check_can_finish_talk(self, ticket_id: int, leader_id: int) -> None:
        """Refuse, naming what is missing, a talk `finish_talk` would refuse now
        (asked before the leader confirms the end of a talk)."""
        leader_view.check_finish_talk(self._hall, self._talks, self._hall.get_ticket(ticket_id), leader_id)

    def no_show(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.no_show(ticket_id, actor)

    def undo_no_show(self, ticket_id: int, actor: str) -> Ticket:
        """Take back a no-show marked by mistake within a minute: called again, same window."""
        return self._hall.undo_no_show(ticket_id, actor)

    def requeue(self, ticket_id: int, actor: str) -> Ticket:
        return self._hall.requeue(ticket_id, actor)

    def transfer(self, ticket_id: int, to_queue: str, actor: str) -> Ticket:
        return self._hall.transfer(ticket_id, to_queue, actor)

    def cancel(self, ticket_id: int, actor: str, reason: str = "") -> Ticket:
        return self._hall.cancel(ticket_id, actor, reason)

    def prioritise(self, ticket_id: int, reason: str, actor: str) -> Ticket:
        return self._hall.prioritise(ticket_id, reason, actor)

    def record_print(
        self, ticket_id: int, ok: bool, actor: str, error: str = "", reprint: bool = False
    ) -> Ticket:
        return self._hall.record_print(ticket_id, ok, actor, error=error, reprint=reprint)

    def rate(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        return self._hall.rate(typed_code, rating, actor)

    def close_earlier_days(self, actor: str) -> DayClose:
        return self._hall.close_earlier_days(actor)

    # ------------------------------------------------------------------ tickets: lookups

    def get_ticket(self, ticket_id: int) -> Ticket:
        return self._hall.get_ticket(ticket_id)

    def find_ticket(self, number: str, day: str | None = None) -> Ticket:
        return self._hall.find_ticket(number, day)

    def find_by_query_code(self, typed: str) -> Ticket:
        return self._hall.find_by_query_code(typed)

    def progress(self, typed_code: str) -> VisitProgress:
        return self._hall.progress(typed_code)

    def tickets(
        self,
        queues: Iterable[str] | None = None,
        states: Iterable[TicketState] | None = None,
        day: str | None = None,
    ) -> list[Ticket]:
        return self._hall.tickets(queues, states, day)

    def active_ticket_for(self, doc_type: str, doc_number: str) -> Ticket | None:
        return self._hall.active_ticket_for(doc_type, doc_number)

    def ahead_of(self, ticket: Ticket) -> int:
        return self._hall.ahead_of(ticket)

    def unfinished_earlier(self) -> list[Ticket]:
        return self._hall.unfinished_earlier()

    def unrecorded_prints(self, actor: str, day: str | None = None) -> list[Ticket]:
        return self._hall.unrecorded_prints(actor, day)

    def events_for(self, ticket_id: int) -> list[Event]:
        return self._hall.events_for(ticket_id)

    def slip_for(self, ticket: Ticket, reprint: bool = False) -> TicketSlip:
        return self._hall.slip_for(ticket, reprint=reprint)

    def waiting_counts(self, day: str | None = None) -> dict[str, int]:
        return self._hall.waiting_counts(day)

    def recent_calls(self, limit: int = 5, day: str | None = None) -> list[Call]:
        return self._hall.recent_calls(limit, day)

    def service_name(self, code: str) -> str:
        return self._hall.service_name(code)

    def place_name(self, window: int | None, queue: str) -> str:
        return self._hall.place_name(window, queue)
