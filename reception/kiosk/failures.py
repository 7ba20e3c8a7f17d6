"""What a visitor is told when the core refuses or the database fails.

A refusal's own message is for the visitor as it is. A database failure is not:
its message names a file path and a disk, which the visitor can do nothing
about. A busy database is worth another try; a full, read-only or broken one is
not, so the kiosk stops issuing numbers and sends the visitor to staff (the
technical message goes to the journal for whoever fixes it).
"""

from __future__ import annotations

import logging

from reception.queue.errors import DatabaseBusy, DatabaseUnavailable, QueueError

log = logging.getLogger(__name__)

SYSTEM_BUSY = "系统繁忙，暂时无法取号。请稍后再点“确认取号”，或到服务窗口请工作人员协助。"
NOT_ISSUING = "暂停取号，请到服务窗口咨询工作人员。"
TRY_AGAIN = "系统繁忙，请稍后再试，或到服务窗口咨询工作人员。"
NOT_AVAILABLE = "系统暂时无法使用，请到服务窗口咨询工作人员。"


def is_outage(exc: QueueError) -> bool:
    """A database that will not work on a second try (full, read-only, broken)."""
    return isinstance(exc, DatabaseUnavailable) and not isinstance(exc, DatabaseBusy)


def for_visitor(exc: QueueError, busy: str = TRY_AGAIN, outage: str = NOT_AVAILABLE) -> str:
    """The Chinese line a visitor reads for `exc`."""
    if isinstance(exc, DatabaseBusy):
        log.warning("database busy: %s", exc.message)
        return busy
    if isinstance(exc, DatabaseUnavailable):
        log.error("database unavailable: %s", exc.message)
        return outage
    return exc.message
