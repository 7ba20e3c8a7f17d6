"""Booking visitors for a leader's reception day, within the day's quota.

The rules of a booking are in `reception.queue.appointments`; this job runs
them in a write transaction with the event row, and reads bookings for staff
and for the kiosk after a card read.
"""

from __future__ import annotations

from reception.queue import appointments, schedule
from reception.queue.appointments import Appointment
from reception.queue.errors import RuleViolation
from reception.queue.hall.part import Part
from reception.queue.models import PersonInput
from reception.queue.text import normalise


class Bookings(Part):
    def book_appointment(
        self, leader_id: int, day: str, person: PersonInput, actor: str
    ) -> Appointment:
        """Book a visitor for a leader's reception day, within the day's quota."""
        with self._write() as db:
            reception = schedule.day_of_leader(db, leader_id, day)
            if reception is None:
                leader = schedule.get_leader(db, leader_id)
                raise RuleViolation(f"{leader.name} 在 {day} 没有接访安排，不能预约")
            booked = appointments.book(
                db, reception, person, actor, self.clock.stamp(), self.clock.hall_day()
            )
            self._event(None, actor, "appointment_book", None, None, {
                "appointment": booked.id, "reception_day": reception.id,
            })
            return booked

    def cancel_appointment(self, appointment_id: int, actor: str, reason: str = "") -> Appointment:
        with self._write() as db:
            cancelled = appointments.cancel(db, appointment_id, self.clock.stamp())
            self._event(None, actor, "appointment_cancel", None, None, {
                "appointment": appointment_id, "reason": normalise(reason)[:200],
            })
            return cancelled

    def appointments_for(self, leader_id: int, day: str | None = None, include_cancelled: bool = False) -> list[Appointment]:
        """A leader's bookings for a day (default today), in booking order; staff only."""
        reception = schedule.day_of_leader(self.db, leader_id, day or self.clock.hall_day())
        if reception is None:
            return []
        return appointments.for_day(self.db, reception.id, include_cancelled)

    def get_appointment(self, appointment_id: int) -> Appointment:
        return appointments.get(self.db, appointment_id)

    def appointment_today(self, doc_type: str, doc_number: str) -> Appointment | None:
        """The booking this person holds for today, not yet checked in (kiosk: after a card read)."""
        return appointments.booked_on(self.db, doc_type, doc_number, self.clock.hall_day())
