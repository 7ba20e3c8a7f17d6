"""Kept for old imports: see reception.queue.store.write_lock."""

from reception.queue.store.write_lock import LOCK_PATIENCE_S, begin_immediate  # noqa: F401
