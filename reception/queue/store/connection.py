"""Opening the hall database, and the one way to write to it.

THE RULE: a connection belongs to the thread that opened it. No connection is
ever used by two threads (sqlite3's own thread check stays on), so a
transaction one thread opened can never take in another thread's writes, nor
be rolled back by another thread's refusal. A process that works from several
threads uses `threads.PerThreadDatabase` (the service facade does), which
gives each thread its own connection, opened lazily with `connect`.

Several processes share one SQLite file (the kiosk, every counter, the hall
display). WAL lets readers go on while one writes; the busy timeout makes a
writer wait for the lock instead of failing. Every multi-statement change runs
in `write_transaction`, which takes the write lock up front (BEGIN IMMEDIATE):
a deferred transaction that reads first and then writes can fail with
SQLITE_BUSY when another process wrote in between, and the busy handler does
not help there.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from reception.queue.errors import DatabaseReadOnly, DatabaseUnavailable, DiskFull
from reception.queue.migrations import migrate
from reception.queue.store.failures import classify
from reception.queue.store.location import PgUrl, is_postgres
from reception.queue.store.pg import connect_postgres
from reception.queue.store.write_lock import FairLock, HallConnection, begin_immediate, end_transaction

BUSY_TIMEOUT_MS = 5_000
# Personal data: never world-readable. Group-writable, because the kiosk and
# `reception serve` run as different accounts sharing one group (deploy/).
# SQLite gives the -wal and -shm files the database file's mode.
DB_FILE_MODE = 0o660

# What SQLite says, and what the person starting the program can do about it.
_OPEN_FAILURES = (
    ("readonly", "没有写入权限：运行本程序的账号须能写入该文件及其所在目录"),
    ("unable to open", "无法打开：目录不存在或没有权限"),
    ("not a database", "该文件不是数据库，或已损坏"),
    ("malformed", "数据库文件已损坏：请从备份恢复（reception restore）"),
    ("locked", "数据库正被占用，请稍后重试"),
)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`: a SQLite
    file, or a PostgreSQL URL (store.pg; the database must exist and be empty
    or the hall's)."""
    if is_postgres(path):
        return connect_postgres(PgUrl(path))
    path = Path(path)
    fresh = False
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno == errno.EROFS:
                raise DatabaseReadOnly(f"数据库所在磁盘为只读，无法创建目录 {path.parent}") from exc
            if exc.errno == errno.ENOSPC:
                raise DiskFull(f"磁盘空间已满，无法创建目录 {path.parent}（请清理磁盘后重试）") from exc
            raise DatabaseUnavailable(
                f"无法使用数据库 {path}：无法创建或进入目录 {path.parent}（{exc.strerror}）"
            ) from exc
        if path.is_dir():
            # SQLite would say only "unable to open": a newcomer gave --db the data directory.
            raise DatabaseUnavailable(
                f"无法使用数据库 {path}：这是一个目录；请给出数据库文件，如 {path / 'reception.db'}"
            )
        fresh = not path.exists()
    try:
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            # We issue BEGIN ourselves; the driver must not open transactions.
            isolation_level=None,
            factory=HallConnection,  # carries the fair write lock (store.write_lock)
        )
        if str(path) != ":memory:":
            conn.fair_lock = FairLock(path)
        if fresh and path.exists():
            os.chmod(path, DB_FILE_MODE)
        apply_pragmas(conn)
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise _open_failure(exc, path) from exc
    return db


def _open_failure(exc: sqlite3.DatabaseError, path: Path) -> DatabaseUnavailable:
    """A full or read-only disk said as such (a read-only mount used to read as
    目录不存在或没有权限); anything else explained for whoever starts the program."""
    kind = classify(exc, path)
    if kind == "full":
        return DiskFull(f"磁盘空间已满，无法打开数据库：{path}（请清理磁盘后重试）")
    if kind == "readonly":
        return DatabaseReadOnly(f"数据库所在磁盘为只读，无法打开：{path}（请检查磁盘的挂载方式）")
    return DatabaseUnavailable(f"无法使用数据库 {path}：{_explain(exc)}")


def _explain(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    for needle, explanation in _OPEN_FAILURES:
        if needle in text:
            return explanation
    return text


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed ticket survives a power cut, not only a crash. The
    # price is an fsync per commit; benchmarks/ measures it against a bare
    # INSERT with the same pragmas.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id an INSERT gave its row (sqlite3 types `lastrowid` as optional)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("the statement inserted no row")
    return rowid


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All or nothing, holding the write lock from the first statement."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction through a savepoint. Only this
        # thread's own: connections are never shared between threads (see above).
        with db.atomic():
            yield db
        return
    begin_immediate(conn)
    try:
        yield db
    except BaseException:
        end_transaction(conn, "ROLLBACK" if conn.in_transaction else None)
        raise
    else:
        end_transaction(conn, "COMMIT")
