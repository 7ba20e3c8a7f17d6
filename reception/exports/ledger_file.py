"""Writing the register (信访登记台账) to a file: one way for the CLI and the screens.

The file is written to a private temporary file beside the target and moved
into place only once complete and recorded in the audit log (who, range, row
count, masked or full), so an interruption (Ctrl+C, a cancelled screen, a full
disk) never leaves a partial export behind. `tick(rows written)` reports
progress; it may raise to cancel (the temporary file is removed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reception.exports.files import finish, private_output
from reception.exports.sheets import write_ledger_csv, write_ledger_xlsx
from reception.queue.ledger_desk import LedgerDesk
from reception.queue.report import Period


def export_ledger(
    desk: LedgerDesk,
    period: Period,
    target: Path,
    actor: str,
    *,
    full: bool = False,
    tick: Callable[[int], None] = lambda done: None,
) -> int:
    """Write `period`'s register to `target` (.xlsx or .csv); returns the row count."""
    with private_output(target) as temporary:
        rows = desk.ledger_rows(period, full=full)
        if target.suffix.lower() == ".csv":
            written = write_ledger_csv(temporary, desk.COLUMNS, rows, tick)
        else:
            written = write_ledger_xlsx(temporary, desk.COLUMNS, desk.WIDTHS, rows, tick)
        # Recorded before the file appears: never an export the log does not know.
        desk.record_export(actor, "ledger", period, written, full, target.name)
        finish(temporary, target)
    return written
