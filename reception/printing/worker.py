"""One printer thread fed by a queue: tickets print in order, none is lost.

The ticket is committed before it is queued here; the thread prints it,
records in the core whether paper came out (`record_print` on the service,
which gives the thread its own connection), and reports back through `done`.
A printer fault never raises into the front end: it becomes a recorded
`print_failed` and the screen tells the visitor to ask staff for a reprint.
Used by the kiosk and the counter; no Textual here (`messages.Printed` is).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from reception.queue.errors import QueueError
from reception.queue.models import TicketSlip

log = logging.getLogger(__name__)


class SlipPrinter(Protocol):
    """reception.devices.printer.TicketPrinter, or anything that prints like it."""

    def print_slip(self, slip: TicketSlip) -> Any:
        """Print; never raises for printer faults; returns a result with `ok` and `error`."""


class PrintRecorder(Protocol):
    """Where the result goes: `HallService` (or, until the counter moves to the
    facade, the `Hall` behind it)."""

    def record_print(
        self, ticket_id: int, ok: bool, actor: str, error: str = "", reprint: bool = False
    ) -> object:
        """Record whether the paper came out (one transaction with its event)."""


@dataclass(frozen=True)
class PrintJob:
    ticket_id: int
    slip: TicketSlip


@dataclass(frozen=True)
class PrintOutcome:
    ticket_id: int
    ok: bool
    error: str  # Chinese, empty when ok; with the technical detail, for the record and staff
    reprint: bool
    notice: str = ""  # Chinese, for the visitor: what went wrong, without the technical detail


class PrintWorker:
    def __init__(self, printer: SlipPrinter, recorder: PrintRecorder, actor: str,
                 done: Callable[[PrintOutcome], object]):
        self.printer = printer
        self.recorder = recorder
        self.actor = actor
        self.done = done
        self._jobs: queue.Queue[PrintJob | Callable[[], object] | None] = queue.Queue()
        self._pending = 0  # jobs submitted whose outcome has not been handed on yet
        self._pending_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"printer-{actor}", daemon=True)
        self._prepare: Callable[[], None] | None = None

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        """Start the thread; it runs `prepare` (core calls of its own, e.g. marking
        tickets a restart interrupted) before the first job. Counted as pending."""
        if prepare is not None:
            with self._pending_lock:
                self._pending += 1
            self._prepare = prepare
        self._thread.start()

    def submit(self, job: PrintJob) -> None:
        with self._pending_lock:
            self._pending += 1
        self._jobs.put(job)

    def call(self, task: Callable[[], object]) -> None:
        """Run `task` in the printer thread, between jobs (e.g. asking the printer
        for its state: one owner talks to the printer). Counted as pending."""
        with self._pending_lock:
            self._pending += 1
        self._jobs.put(task)

    @property
    def pending(self) -> int:
        return self._pending

    def stop(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        if self._prepare is not None:
            try:
                self._prepare()
            except QueueError as exc:
                log.error("printer: could not prepare: %s", exc.message)
            finally:
                with self._pending_lock:
                    self._pending -= 1
        while (job := self._jobs.get()) is not None:
            if not isinstance(job, PrintJob):
                self._run_task(job)
                continue
            try:
                result = self.printer.print_slip(job.slip)
                ok, error = result.ok, ("" if result.ok else result.error or "打印失败")
                status = getattr(result, "status", None)
                notice = "" if ok else getattr(status, "message", "") or "打印失败"
            except Exception as exc:  # a driver bug must not strand the visitor
                log.exception("printer raised")
                ok, error, notice = False, f"打印机故障：{type(exc).__name__}", "打印机故障"
            try:
                self.recorder.record_print(
                    job.ticket_id, ok, self.actor, error=error, reprint=job.slip.reprint
                )
            except QueueError as exc:  # the database is down: staff see it unrecorded
                log.error("could not record the print result of ticket %s: %s", job.ticket_id, exc.message)
            except Exception:  # a bug must not end the thread: later tickets would never print
                log.exception("could not record the print result")
            try:
                self.done(PrintOutcome(job.ticket_id, ok, error, job.slip.reprint, notice))
            finally:
                with self._pending_lock:
                    self._pending -= 1

    def _run_task(self, task: Callable[[], object]) -> None:
        try:
            task()
        except Exception:  # a bug must not end the thread
            log.exception("printer task failed")
        finally:
            with self._pending_lock:
                self._pending -= 1
