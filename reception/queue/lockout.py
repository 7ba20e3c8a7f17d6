"""Locks after repeated failures: staff logins and the kiosk's staff PIN (issue 16).

The counter's own five-try lock belonged to one browser session: three new
sessions gave fifteen tries. Here the count is kept per account (per kiosk for
the PIN) in the database, in the write transaction of the attempt, so every
session, screen and process sees the same count and a restart resets nothing.

After `max_failures` failures within `window` of the first one, the name is
locked for `lock`; a refused attempt while locked is not counted and its
password is not checked. A success (or an admin's unlock) clears the count.
Unknown usernames are counted and locked like real ones, so a lock says
nothing about which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from reception.config.sections import AccountSettings
from reception.queue.clock import Clock

LOGIN = "login"
KIOSK_PIN = "kiosk_pin"


@dataclass(frozen=True)
class Limits:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: AccountSettings) -> Limits:
        """The limits `[accounts]` sets."""
        return cls(
            settings.max_failures,
            timedelta(minutes=settings.failure_window_minutes),
            timedelta(minutes=settings.lock_minutes),
        )


def hall_minute(until: datetime, clock: Clock) -> str:
    """HH:MM in the hall when a lock is over: a lock ending within a minute says
    the next minute (09:15:30 is "09:16"), so "try after" is never too early."""
    shown = until.astimezone(clock.tz)
    if shown.second or shown.microsecond:
        shown = shown.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return shown.strftime("%H:%M")


def locked_until(db: sqlite_utils.Database, kind: str, name: str, now: datetime) -> datetime | None:
    """When the lock on `name` ends, if it is locked at `now`."""
    row = db.execute("SELECT locked_until FROM lockouts WHERE kind = ? AND name = ?", (kind, name)).fetchone()
    if row is None or row[0] is None:
        return None
    until = datetime.fromisoformat(row[0])
    return until if until > now else None


def record_failure(
    db: sqlite_utils.Database, kind: str, name: str, now: datetime, limits: Limits
) -> tuple[int, datetime | None]:
    """Count one failure (inside the caller's write transaction): the failures in
    the current window, and when the lock ends if this failure locked `name`."""
    row = db.execute(
        "SELECT failures, first_failure_at, locked_until FROM lockouts WHERE kind = ? AND name = ?",
        (kind, name),
    ).fetchone()
    failures, first = 0, now
    if row is not None and row[1] is not None:
        started = datetime.fromisoformat(row[1])
        lock_over = row[2] is not None and datetime.fromisoformat(row[2]) <= now
        if now - started <= limits.window and not lock_over:
            failures, first = row[0], started
    failures += 1
    until = now + limits.lock if failures >= limits.max_failures else None
    db.execute(
        "INSERT INTO lockouts (kind, name, failures, first_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (kind, name) DO UPDATE SET failures = excluded.failures,"
        " first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until",
        (kind, name, failures, first.isoformat(timespec="microseconds"),
         until.isoformat(timespec="microseconds") if until else None),
    )
    return failures, until


def clear(db: sqlite_utils.Database, kind: str, name: str, now: datetime) -> bool:
    """Forget the failures of `name`; True if it was locked at `now`."""
    was_locked = locked_until(db, kind, name, now) is not None
    db.execute("DELETE FROM lockouts WHERE kind = ? AND name = ?", (kind, name))
    return was_locked
