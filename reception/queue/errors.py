"""Errors the core raises. Every message is Chinese and can be shown as is."""

from __future__ import annotations

import errno

# What an operating-system refusal means, said in Chinese: the system's own
# words (strerror) are English whatever the hall's language.
_OS_REASONS = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in Chinese (its own words are English)."""
    if exc.errno is None:
        return "系统错误"
    return _OS_REASONS.get(exc.errno, f"系统错误（代码 {exc.errno}）")


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
