"""After the visit: the visitor's progress lookup and rating, and closing the day.

A query code shows how far the visit has come (and takes its 满意度评价 once
it is done); tickets earlier hall days left open are ended, and tickets whose
printing left no record are found for the kiosk to settle.
"""

from __future__ import annotations

from reception.queue import matter_state, satisfaction
from reception.queue.errors import InvalidInput
from reception.queue.hall.calling import Calling
from reception.queue.hall.finders import Finders
from reception.queue.hall.part import HallContext, Part
from reception.queue.models import DayClose, Ticket, TicketState, VisitProgress
from reception.queue.store import tickets


class Progress(Part):
    def __init__(self, context: HallContext, finders: Finders, calling: Calling):
        super().__init__(context)
        self._finders = finders
        self._calling = calling

    def progress(self, typed_code: str) -> VisitProgress:
        """The progress of the visit a query code belongs to (NotFound in Chinese)."""
        ticket = self._finders.find_by_query_code(typed_code)
        visit = matter_state.visit_row(self.db, ticket.visit_id, matter_state.STATE_COLUMNS)
        registered_at, case_number, outcome, deadline = (
            visit["registered_at"], visit["case_number"], visit["outcome"], visit["handle_deadline"]
        )
        state = matter_state.state_of_row(visit)
        return VisitProgress(
            number=ticket.number,
            hall_day=ticket.hall_day,
            service_name=self._finders.service_name(ticket.service),
            state=ticket.state,
            ahead=self._ahead(ticket),
            registered=registered_at is not None,
            case_number=case_number,
            outcome=outcome,
            handle_deadline=deadline,
            rating=satisfaction.latest_rating(self.db, ticket.visit_id),
            window=ticket.window,
            matter_state=state,
            matter_closed=matter_state.is_closed(state),
            handling_rating=visit["handling_rating"],
        )

    def rate(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        """The visitor's 满意度评价 of a finished visit, by the slip's query code."""
        with self._write():
            ticket = self._finders.find_by_query_code(typed_code)
            if ticket.state is not TicketState.DONE:
                raise InvalidInput(f"接待办理结束后才能评价（{ticket.number} 号目前：{ticket.state.label}）")
            satisfaction.set_rating(self.db, ticket.visit_id, rating)
            self._event(ticket.id, actor, "rate", ticket.state, ticket.state, {"rating": rating})
        return self.progress(typed_code)

    def rate_handling(self, typed_code: str, rating: str, actor: str = "kiosk") -> VisitProgress:
        """The visitor's rating of how the matter was handled, by the slip's query code,
        once the matter is concluded (DOMAIN.md Satisfaction, seed 002: the visitor
        rates the handling after it is concluded, not only the reception). Kept beside
        the reception's rating; each is a ticket event."""
        with self._write():
            ticket = self._finders.find_by_query_code(typed_code)
            matter_state.check_handling_rating(matter_state.state_of_visit(self.db, ticket.visit_id))
            rating = satisfaction.check_rating(rating)
            self.db.execute("UPDATE visits SET handling_rating = ? WHERE id = ?", (rating, ticket.visit_id))
            self._event(ticket.id, actor, "rate_handling", ticket.state, ticket.state, {"rating": rating})
        return self.progress(typed_code)

    def unfinished_earlier(self) -> list[Ticket]:
        """Tickets of earlier hall days still waiting, called or being served."""
        return tickets.unfinished_before(self.db, self.clock.hall_day())

    def close_earlier_days(self, actor: str) -> DayClose:
        """End the tickets earlier hall days left waiting or called (every visit ends
        in a recorded state; the list is for staff to follow up by phone).

        Tickets still being served are left for their counter and only listed.
        """
        result = DayClose(closed=[], still_serving=[])
        with self._write():
            stamp = self.clock.stamp()
            for ticket in self.unfinished_earlier():
                if ticket.state is TicketState.SERVING:
                    result.still_serving.append(ticket)
                    continue
                self._calling.apply(ticket, "close_day", actor, stamp,
                                    detail={"reason": f"{ticket.hall_day} 闭厅时仍未接待"})
                result.closed.append(ticket)
        return result

    def unrecorded_prints(self, actor: str, day: str | None = None) -> list[Ticket]:
        """Tickets `actor` issued on `day` whose printing left no record.

        A kiosk that stopped between issuing a ticket and hearing back from the
        printer leaves such tickets behind; nobody knows whether paper came out.
        """
        return tickets.unrecorded_prints(self.db, day or self.clock.hall_day(), actor)
