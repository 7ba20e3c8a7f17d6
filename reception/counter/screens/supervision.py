"""The counter's `d`: the one 督办 list (reception.staff_ui.supervision), with the
counter's horizon (`--supervise-days`, due dates that many days ahead and overdue)."""

from __future__ import annotations

from reception.counter.protocol import CounterScreen
from reception.staff_ui.supervision import SupervisionList


class SupervisionScreen(CounterScreen, SupervisionList):
    def load(self) -> None:
        self.within_days = self.counter.supervise_days
        super().load()
