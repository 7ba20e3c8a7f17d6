"""Kept for the front ends not yet on the service facade: see reception.queue.store."""

from reception.queue.store.connection import (  # noqa: F401
    BUSY_TIMEOUT_MS,
    DB_FILE_MODE,
    apply_pragmas,
    connect,
    write_transaction,
)
