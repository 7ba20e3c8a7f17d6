"""Finding tickets and what the screens and the paper slip show of them.

Read-only: a ticket by id, number or query code; a person's ticket today;
how many are ahead; a day's tickets, waiting counts, recent calls and a
ticket's events; the slip; the names of services and of where to go.
"""

from __future__ import annotations

from collections.abc import Iterable

from reception.queue.codes import normalise_query_code
from reception.queue.errors import NotFound
from reception.queue.hall.part import Part
from reception.queue.models import LEADER_QUEUE_PREFIX, Call, Event, Ticket, TicketSlip, TicketState
from reception.queue.store import tickets


class Finders(Part):
    def get_ticket(self, ticket_id: int) -> Ticket:
        return self._ticket(ticket_id)

    def find_ticket(self, number: str, day: str | None = None) -> Ticket:
        """A ticket by its number (e.g. A001) on a hall day (default today)."""
        day = day or self.clock.hall_day()
        ticket = tickets.by_number(self.db, day, number.strip().upper())
        if ticket is None:
            raise NotFound(f"{day} 没有 {number.strip()[:20]} 号")
        return ticket

    def find_by_query_code(self, typed: str) -> Ticket:
        code = normalise_query_code(typed)
        if code is None:
            raise NotFound("查询码格式不正确，请核对后重新输入")
        ticket = tickets.by_query_code(self.db, code)
        if ticket is None:
            raise NotFound("没有找到这个查询码，请核对后重新输入")
        return ticket

    def active_ticket_for(self, doc_type: str, doc_number: str) -> Ticket | None:
        """The ticket this person holds today (as lead or representative), if any."""
        return tickets.active_for(self.db, doc_type, doc_number, self.clock.hall_day())

    def ahead_of(self, ticket: Ticket) -> int:
        return self._ahead(self._ticket(ticket.id))

    def tickets(
        self,
        queues: Iterable[str] | None = None,
        states: Iterable[TicketState] | None = None,
        day: str | None = None,
    ) -> list[Ticket]:
        """Today's tickets, in calling order within the waiting ones."""
        return tickets.of_day(self.db, day or self.clock.hall_day(), queues, states, self.config.priority)

    def waiting_counts(self, day: str | None = None) -> dict[str, int]:
        """Waiting tickets per queue (service code or leader queue)."""
        return tickets.waiting_counts(self.db, day or self.clock.hall_day())

    def recent_calls(self, limit: int = 5, day: str | None = None) -> list[Call]:
        """The latest calls and recalls, newest first: number and place only."""
        rows = tickets.recent_calls(self.db, day or self.clock.hall_day(), limit)
        return [Call(number, window, self.place_name(window, queue), at) for number, window, queue, at in rows]

    def events_for(self, ticket_id: int) -> list[Event]:
        return tickets.events_for(self.db, ticket_id)

    def slip_for(self, ticket: Ticket, reprint: bool = False) -> TicketSlip:
        """What the paper ticket and the kiosk's ticket screen show."""
        ticket = self._ticket(ticket.id)
        visit = self.db.execute(
            "SELECT is_group, group_size, representative_count, representative_rule"
            " FROM visits WHERE id = ?",
            (ticket.visit_id,),
        ).fetchone()
        issued = ticket.issued_at[:16].replace("T", " ")
        return TicketSlip(
            hall_name=self.config.hall_name,
            number=ticket.number,
            service_name=self.service_name(ticket.service),
            ahead=self._ahead(ticket),
            issued_at=issued,
            query_code=ticket.query_code,
            notice=self.config.ticket_notice,
            is_group=bool(visit[0]),
            group_size=visit[1],
            representative_count=visit[2],
            representative_rule=visit[3],
            reprint=reprint,
        )

    def place_name(self, window: int | None, queue: str) -> str:
        """Where a called visitor goes: the window's name, or the leader's room."""
        if window is not None:
            try:
                return self.config.window(window).name
            except KeyError:
                return f"{window}号窗口"
        if queue.startswith(LEADER_QUEUE_PREFIX):
            row = self.db.execute(
                "SELECT place FROM reception_days WHERE leader_id = ? AND day = ?",
                (int(queue[len(LEADER_QUEUE_PREFIX):]), self.clock.hall_day()),
            ).fetchone()
            return row[0] if row and row[0] else "领导接待室"
        return ""

    def service_name(self, code: str) -> str:
        try:
            return self.config.service(code).name
        except KeyError:
            return code
