"""The leaders' reception days and appointments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from reception.queue.appointments import Appointment
from reception.queue.facade.hours import HoursDesk
from reception.queue.leaders import DutyLeader
from reception.queue.models import (
    PersonInput,
)
from reception.queue.schedule import Leader, ReceptionDay, SaveResult
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors


@translate_errors
class ScheduleDesk(HoursDesk):
    # ------------------------------------------------------------------ schedule and appointments

    def duty_leaders(self, day: str | None = None) -> list[DutyLeader]:
        return self._hall.duty_leaders(day)

    def leaders_for_walk_ins(self) -> list[DutyLeader]:
        return self._hall.leaders_for_walk_ins()

    def reception_days(self, first: str | None = None, days: int = 7) -> list[ReceptionDay]:
        return self._hall.reception_days(first, days)

    def leader_named(self, name: str) -> Leader:
        return self._hall.leader_named(name)

    def remaining_places(self, leader_id: int, day: str | None = None) -> int | None:
        return self._hall.remaining_places(leader_id, day)

    def import_schedule(
        self, path: str | Path, actor: str,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> SaveResult:
        return self._hall.import_schedule(path, actor, progress)

    def add_reception_day(self, fields: dict[str, Any], actor: str) -> ReceptionDay:
        return self._hall.add_reception_day(fields, actor)

    def remove_reception_day(self, leader_id: int, day: str, actor: str) -> ReceptionDay:
        return self._hall.remove_reception_day(leader_id, day, actor)

    def book_appointment(
        self, leader_id: int, day: str, person: PersonInput, actor: str, outside_hours: bool = False
    ) -> Appointment:
        """Book within the day's quota; refused for a day without reception unless staff override it."""
        with write_transaction(self._db):
            if (when := _day(day)) is not None:  # a malformed day is the schedule's to refuse
                self.check_open_day(when, actor, outside_hours)
            return self._hall.book_appointment(leader_id, day, person, actor)

    def cancel_appointment(self, appointment_id: int, actor: str, reason: str = "") -> Appointment:
        return self._hall.cancel_appointment(appointment_id, actor, reason)

    def appointments_for(
        self, leader_id: int, day: str | None = None, include_cancelled: bool = False
    ) -> list[Appointment]:
        return self._hall.appointments_for(leader_id, day, include_cancelled)

    def get_appointment(self, appointment_id: int) -> Appointment:
        return self._hall.get_appointment(appointment_id)

    def appointment_today(self, doc_type: str, doc_number: str) -> Appointment | None:
        return self._hall.appointment_today(doc_type, doc_number)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
