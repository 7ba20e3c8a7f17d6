"""What the counter, the leader view and the hall display show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reception.queue import (
    counter_view,
    device_states,
    leader_view,
)
from reception.queue.display_feed import BoardData, board_data
from reception.queue.facade.base import ServicePart
from reception.queue.models import (
    Ticket,
)
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors


@translate_errors
class DeskViews(ServicePart):
    # ------------------------------------------------------------------ counter and leader views

    def counter_queue_rows(
        self, queues: Sequence[str], now: datetime | None = None
    ) -> list[counter_view.QueueRow]:
        return counter_view.queue_rows(self._hall, queues, now)

    def serving_at(self, window: int) -> counter_view.Serving | None:
        return counter_view.serving_at(self._hall, window)

    def serving(self, ticket: Ticket) -> counter_view.Serving:
        return counter_view.serving(self._hall, ticket)

    def leader_day(self, leader_id: int) -> leader_view.LeaderDay:
        return leader_view.leader_day(self._hall, leader_id)

    def leader_queue_rows(self, leader_id: int) -> list[leader_view.QueueRow]:
        return leader_view.queue_rows(self._hall, leader_id)

    def asked_for_at_counter(self, leader_id: int) -> int:
        return leader_view.asked_for_at_counter(self._hall, leader_id)

    def board(self, recent: int, schedule_days: int) -> BoardData:
        """What the hall display shows (public information only)."""
        return board_data(self._hall, recent, schedule_days)

    # ------------------------------------------------------------------ kiosk devices

    def report_device(self, kiosk: str, device: str, ok: bool, message: str = "") -> bool:
        """A kiosk's printer or reader state, for the counters; True when it changed."""
        with write_transaction(self._db) as db:
            return device_states.report(db, kiosk, device, ok, message, self.clock.stamp())

    def device_states(self) -> list[device_states.DeviceState]:
        return device_states.states(self._db)

    def kiosk_printer_text(self) -> str:
        """The kiosks' printer state in one phrase for a status line ("" before any report)."""
        return device_states.status_text(device_states.states(self._db))
