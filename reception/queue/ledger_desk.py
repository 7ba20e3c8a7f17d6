"""`LedgerDesk`: the facade's way to the register, the reports and the demo data (issue 14).

`HallService.ledger()` hands one out; like the service, every public method
raises only `QueueError` subclasses (`translate_errors`), the streamed rows
included. Writing files (xlsx, csv) is the caller's job: the core reads and
counts, and records in the audit log that an export was made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlite_utils

from reception.config import HallConfig
from reception.queue import audit, demo, ledger, report
from reception.queue.clock import Clock
from reception.queue.store.connection import write_transaction
from reception.queue.store.failures import translate_errors, translating
from reception.queue.store.location import DbLocation


@translate_errors
class LedgerDesk:
    COLUMNS = ledger.COLUMNS
    DATE_COLUMNS = ledger.DATE_COLUMNS
    WIDTHS = ledger.WIDTHS

    def __init__(self, db: sqlite_utils.Database, db_path: DbLocation, config: HallConfig, clock: Clock):
        self._db, self.db_path, self.config, self.clock = db, db_path, config, clock

    # ------------------------------------------------------------------ periods

    def period(self, month: str | None = None, week: str | None = None,
               first: str | None = None, last: str | None = None) -> report.Period:
        """The period asked for; InvalidInput (Chinese) for a bad or reversed one."""
        return report.parse_period(month, week, first, last)

    # ------------------------------------------------------------------ the register

    def ledger_count(self, period: report.Period) -> int:
        return ledger.count(self._db, period.first, period.last)

    def ledger_rows(self, period: report.Period, full: bool = False) -> Iterator[tuple]:
        """The register's rows in `COLUMNS` order, streamed (errors translated as they come)."""
        rows = ledger.rows(self._db, period.first, period.last, full=full)
        while True:
            with translating(self.db_path):
                row = next(rows, None)
            if row is None:
                return
            yield row

    def record_export(self, actor: str, kind: str, period: report.Period, rows: int,
                      full: bool, file_name: str) -> None:
        """The audit entry of a written export: who, what, which range, how many rows,
        masked or full (PIPL: an export of personal data is itself recorded)."""
        with write_transaction(self._db):
            audit.record(self._db, actor, f"{kind}.export", f"{kind}:{period.first}..{period.last}", {
                "from": period.first.isoformat(), "to": period.last.isoformat(), "rows": rows,
                "masked": not full, "file": file_name,
            }, at=self.clock.stamp())

    # ------------------------------------------------------------------ reports

    def monthly_report(self, period: report.Period) -> report.Report:
        return report.monthly(self._db, self.config, period, self.clock.today())

    def statistics(self, period: report.Period) -> report.Statistics:
        """The monthly report with the daily visits and overall times (the statistics screen)."""
        return report.statistics(self._db, self.config, period, self.clock.today())

    def screening_report(self, period: report.Period) -> report.Report:
        return report.screening(self._db, self.config, period)

    # ------------------------------------------------------------------ demo data

    def seed_demo(self, days: int = 90, per_day: int = 40, seed: int = 1, actor: str = "demo",
                  progress: Callable[[int, int], None] | None = None) -> demo.SeedSummary:
        """Made-up visits ending today (the hall clock's); refused once the hall holds a visit."""
        with write_transaction(self._db):
            return demo.fill(self._db, self.config, self.clock.today(), days=days, per_day=per_day,
                             seed=seed, actor=actor, progress=progress)
