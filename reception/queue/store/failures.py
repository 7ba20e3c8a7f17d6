"""The one place where the engine's errors become the core's own.

Front ends catch `QueueError` only: a busy, locked, full, read-only or broken
database reaches them as a `DatabaseUnavailable` subclass with a Chinese
message they can show as is. The service facade applies `translating` to every
public method (`translate_errors`); nothing else in the code base catches
`sqlite3.Error` to show it.

Integrity and programming errors are bugs, not conditions of the database, and
pass through untranslated.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from reception.queue.errors import (
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
)
from reception.queue.store.location import shown

T = TypeVar("T")

# SQLite's primary result code (exc.sqlite_errorname), else a phrase of its message.
_BY_CODE = {
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "SQLITE_FULL": "full",
    "SQLITE_READONLY": "readonly",
    # Opening or writing the -wal/-shm files beside the database: the disk decides.
    "SQLITE_CANTOPEN": "disk",
    "SQLITE_IOERR": "disk",
}
_BY_TEXT = (
    ("locked", "busy"),
    ("busy", "busy"),
    ("disk is full", "full"),
    ("readonly", "readonly"),
    ("read-only", "readonly"),
    ("unable to open", "disk"),
    ("disk i/o error", "disk"),
)


def disk_state(path: str | Path) -> str | None:
    """"readonly" when the file system holding `path` is mounted read-only,
    "full" when it has no block left, else None (or when it cannot be asked).
    A permission problem and a read-only disk both look "readonly" to SQLite;
    only the mount's flags tell them apart (root writes anywhere but there)."""
    place = Path(path).absolute().parent
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        found = os.statvfs(place)
    except OSError:
        return None
    if found.f_flag & os.ST_RDONLY:
        return "readonly"
    if found.f_bavail == 0:
        return "full"
    return None


def classify(exc: sqlite3.Error, path: str | Path) -> str:
    """What SQLite's error says about the database at `path`: "busy", "full",
    "readonly" (the disk), "denied" (no write permission) or "other"."""
    name = (getattr(exc, "sqlite_errorname", None) or "").split("_")[:2]
    kind = _BY_CODE.get("_".join(name))
    if kind is None:
        text = str(exc).lower()
        kind = next((k for needle, k in _BY_TEXT if needle in text), "other")
    if kind == "readonly":
        return "denied" if disk_state(path) is None else "readonly"
    if kind == "disk":
        return disk_state(path) or "other"
    return kind


def translate(exc: sqlite3.Error, path: str | Path) -> DatabaseUnavailable:
    """The core's error for what SQLite said about the database at `path`."""
    chinese = getattr(exc, "chinese", None)  # PostgreSQL's server failures (store.pg.ServerFailure)
    if chinese:
        return DatabaseUnavailable(chinese)
    kind = classify(exc, path)
    if kind == "busy":
        return DatabaseBusy("数据库繁忙，请稍后重试")
    if kind == "full":
        return DiskFull(f"磁盘空间已满，无法保存：{path}（请清理磁盘后重试）")
    if kind == "readonly":
        return DatabaseReadOnly(f"数据库所在磁盘为只读，无法保存：{path}")
    if kind == "denied":
        return DatabaseReadOnly(f"没有写入权限，无法保存：{path}（运行本程序的账号须能写入该文件及其所在目录）")
    return DatabaseUnavailable(f"无法使用数据库 {shown(path)}：{exc}")


def _translatable(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) or (
        type(exc) is sqlite3.DatabaseError  # corrupt, not a database
    )


@contextmanager
def translating(path: str | Path) -> Iterator[None]:
    """Run a block, turning the database's own failures into `QueueError`s."""
    try:
        yield
    except sqlite3.Error as exc:
        if not _translatable(exc):
            raise
        raise translate(exc, path) from exc


def translate_errors(cls: type[T]) -> type[T]:
    """Class decorator: every public method runs inside `translating(self.db_path)`."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not callable(member) or isinstance(member, (staticmethod, classmethod)):
            continue
        setattr(cls, name, _guarded(member))
    return cls


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with translating(self.db_path):
            return method(self, *args, **kwargs)

    return wrapper
