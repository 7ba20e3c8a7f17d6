"""Errors the core raises. Every message is Chinese and can be shown as is."""

from __future__ import annotations


class QueueError(Exception):
    """Base: a request the hall's rules or the queue's state refuse."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class RuleViolation(QueueError):
    """A hall rule refuses the request; `rule` quotes the rule that applied."""

    def __init__(self, message: str, rule: str = ""):
        self.rule = rule
        self.reason = message  # without the rule, for screens that set the rule on its own line
        super().__init__(f"{message}（依据：{rule}）" if rule else message)


class OutsideHours(RuleViolation):
    """No number now: outside the hall's opening hours, or a day without reception.

    Staff may override it explicitly (`reception issue --outside-hours`), audited."""


class IllegalTransition(QueueError):
    """The ticket is not in a state that allows the action."""


class NotFound(QueueError):
    pass


class InvalidInput(QueueError):
    """A field is empty, too long, or of the wrong form."""


class DatabaseUnavailable(QueueError):
    """The database file cannot be opened or written (permissions, corruption, a directory)."""


class DatabaseBusy(DatabaseUnavailable):
    """Another process held the write lock longer than we wait: try again."""


class DiskFull(DatabaseUnavailable):
    """The disk holding the database has no room left."""


class DatabaseReadOnly(DatabaseUnavailable):
    """The database, or the disk it is on, cannot be written."""
