"""The Textual message a print result reaches a front end by (defined once here)."""

from __future__ import annotations

from textual.message import Message

from reception.printing.worker import PrintOutcome


class Printed(Message):
    """The printer thread finished a job (handler: `on_printed`)."""

    def __init__(self, outcome: PrintOutcome) -> None:
        super().__init__()
        self.outcome = outcome
