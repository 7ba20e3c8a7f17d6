"""What the counter's screens may ask of the counter app: `Counter`, typed.

Screens inherit `CounterScreen` and use `self.counter` (the app, as this
protocol) and `self.service` (its `HallService`), never an untyped `self.app`.
"""

from __future__ import annotations

from typing import Protocol, cast

from reception.queue.service import HallService
from reception.staff_ui.protocol import StaffApp


class Counter(StaffApp, Protocol):
    window_number: int
    window_name: str
    poll_seconds: float
    supervise_days: int  # the 督办 list: deadlines this many days ahead
    followup_days: int  # the 回访 list: close-day endings this many days back

    def print_ticket(self, ticket_id: int, reprint: bool = True) -> None:
        """Print (or reprint) a ticket's slip; the outcome is said when the printer answers."""
        ...


class CounterScreen:
    """Mixin for the counter's screens."""

    @property
    def counter(self) -> Counter:
        return cast(Counter, self.app)  # type: ignore[attr-defined]

    @property
    def service(self) -> HallService:
        return self.counter.service

    @property
    def actor(self) -> str:
        return self.counter.actor


__all__ = ["Counter", "CounterScreen"]
