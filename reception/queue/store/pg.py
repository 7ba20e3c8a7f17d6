"""PostgreSQL behind the same core: a connection that speaks like sqlite3's.

The core calls `db.execute(sql, params)`, reads `cursor.fetchone()` /
`fetchall()` / `lastrowid`, and writes inside `write_transaction`. `PgConnection`
offers exactly that over a psycopg 3 connection, with the statement rewritten
by `dialect.to_postgres`, so the core's modules run unchanged on either engine
(issue 18). Why a small layer rather than SQLAlchemy Core: the core's SQL is
already plain and mostly portable; the differences are a handful of
spellings, said once in `dialect.py`, and SQLite's path (the one-PC hall)
stays exactly as it was, with no new layer and no cost.

Transactions: the core's rules (one active ticket per visitor, one call per
window, the head of the queue called once) are read-then-write, written for
SQLite's one writer at a time (BEGIN IMMEDIATE). On PostgreSQL a write
transaction takes one transaction-scoped advisory lock for the hall first, so
writers are serialised the same way across every kiosk and counter PC; the
lock is let go by COMMIT or ROLLBACK, or by the server when a client dies.
Every write transaction sends `NOTIFY reception_changed` (delivered at commit
only): the hall display and the counters listen (store.watch).

Connections: one per thread, as on SQLite (store.threads.PerThreadDatabase
opens it on the thread's first use and keeps it), so no pool is needed: a
kiosk holds two or three, `reception serve` one per session thread; a broken
one is dropped and opened afresh on next use.

Errors: a unique-key or append-only refusal is raised as `sqlite3.IntegrityError`
(the core catches that one family); a connection or server failure as
`ServerFailure` (an `sqlite3.OperationalError` carrying a Chinese message,
which `failures.translate` shows as is); programming errors pass through.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal, cast

import psycopg
from psycopg import pq

from reception.queue.store.dialect import to_postgres
from reception.queue.store.location import PgUrl
from reception.queue.store.shell import DatabaseShell

CHANNEL = "reception_changed"
HALL_LOCK = 0x5245_4345  # "RECE": the hall's one advisory lock key
CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT = "30s"  # as store.write_lock.LOCK_PATIENCE_S


class ServerFailure(sqlite3.OperationalError):
    """The server is unreachable, refused us, or went away: `chinese` says which."""

    def __init__(self, chinese: str, detail: str = ""):
        super().__init__(detail or chinese)
        self.chinese = chinese


def explain(exc: BaseException, url: PgUrl) -> str:
    """A Chinese sentence naming the cause of a connection failure."""
    text = str(exc)
    low = text.lower()
    target = _target(url)
    if "password authentication failed" in low or "no password supplied" in low:
        return f"数据库服务器 {target} 拒绝登录：用户名或密码错误"
    role = re.search(r'role "([^"]+)" does not exist', text)
    if role:
        return f"数据库服务器 {target} 上没有用户 {role.group(1)}：请先创建（见 deploy/README.md）"
    name = re.search(r'database "([^"]+)" does not exist', text)
    if name:
        return f"数据库服务器 {target} 上没有数据库 {name.group(1)}：请先创建（见 deploy/README.md）"
    if "pg_hba.conf" in low and "no encryption" in low:
        return f"数据库服务器 {target} 只接受加密连接（TLS）：请在地址中加 sslmode=verify-full（见 deploy/README.md）"
    if "pg_hba.conf" in low or "permission denied" in low:
        return f"数据库服务器 {target} 不允许本机或本用户连接：请检查服务器的 pg_hba.conf 与授权"
    if "ssl" in low and ("required" in low or "certificate" in low or "not support" in low):
        return f"与数据库服务器 {target} 的加密连接（TLS）失败：{_first_line(text)}"
    if "timeout" in low or "timed out" in low:
        return f"连接数据库服务器 {target} 超时：请检查网络与服务器是否开机"
    if any(word in low for word in ("terminating connection", "server closed the connection",
                                    "consuming input failed", "connection is closed", "connection is lost",
                                    "the database system is shutting down", "admin_shutdown")):
        return f"与数据库服务器 {target} 的连接已断开：服务器已停止或网络中断，恢复后自动重连"
    if "starting up" in low or "shutting down" in low:
        return f"数据库服务器 {target} 正在启动或停止，请稍后重试"
    if "could not translate host name" in low or "name or service not known" in low:
        return f"找不到数据库服务器 {target}：主机名无法解析，请检查地址"
    return f"无法连接数据库服务器 {target}（服务器未启动或网络不通）：{_first_line(text)}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _target(url: PgUrl) -> str:
    try:
        info = psycopg.conninfo.conninfo_to_dict(str(url))
    except psycopg.Error:
        return url.shown
    host = str(info.get("host") or "localhost")
    port = info.get("port")
    where = f"{host}:{port}" if port else host
    return f"{where}/{info.get('dbname', '')}"


@lru_cache(maxsize=512)
def _names_id(sql: str) -> bool:
    """An INSERT that gives the id column itself."""
    columns = re.match(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\w+\s*\(([^)]*)\)", sql, re.I)
    if columns is None:
        return False
    return "id" in (name.strip().lower() for name in columns.group(1).split(","))


class PgCursor:
    """What the core reads from a cursor: rows, `lastrowid` after an INSERT, `rowcount`."""

    def __init__(self, cursor: psycopg.Cursor[Any], returning_id: bool):
        self._cursor = cursor
        self.lastrowid: int | None = None
        self.rowcount = cursor.rowcount
        if returning_id:
            row = cursor.fetchone()
            self.lastrowid = row[0] if row else None
            self.description = None
        else:
            self.description = cursor.description

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self.description is not None else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self.description is not None else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._cursor.fetchmany(size) if self.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    def close(self) -> None:
        self._cursor.close()


class _BoolAsInt(psycopg.adapt.Dumper):
    """SQLite stores True as 1; the schema's flags are INTEGER columns here too."""

    oid = psycopg.adapters.types["int4"].oid

    def dump(self, obj: bool) -> bytes:
        return b"1" if obj else b"0"


class PgConnection:
    """A psycopg connection with sqlite3's surface, as far as the core uses it."""

    engine = "postgresql"
    fair_lock = None  # the advisory lock replaces store.write_lock's file lock

    def __init__(self, raw: psycopg.Connection[Any], url: PgUrl):
        self.raw = raw
        self.url = url
        self._identity: frozenset[str] | None = None
        self._thread = threading.get_ident()

    def adopt(self) -> bool:
        """Hand this idle connection to the calling thread (store.threads reuses the
        connections of ended threads); False, and closed, when the server has gone."""
        self._thread = threading.get_ident()
        try:
            self.raw.execute("SELECT 1")
        except psycopg.Error:
            self.close()
            return False
        return not self.in_transaction

    def _own_thread(self) -> None:
        """THE RULE (store/__init__.py), kept as sqlite3's check_same_thread keeps it."""
        if threading.get_ident() != self._thread:
            raise sqlite3.ProgrammingError("a hall connection is used only by the thread that opened it")

    # -- what sqlite3.Connection offers ------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> PgCursor:
        self._own_thread()
        text, table = to_postgres(sql)  # table: an INSERT's, without a RETURNING of its own
        returning = table is not None and table in self.identity_tables()
        if returning:
            text += " RETURNING id"
        idle = not self.in_transaction
        with self.failures():
            try:
                cursor = self.raw.execute(text, parameters if parameters is not None else ())
            except (psycopg.OperationalError, psycopg.InterfaceError):
                # A read outside a transaction changes nothing: on a connection the
                # server dropped while it sat idle (a restart), it is asked again afresh.
                if not (idle and text.lstrip()[:6].upper() == "SELECT" and self._fresh()):
                    raise
                cursor = self.raw.execute(text, parameters if parameters is not None else ())
            if returning and table is not None and _names_id(sql):
                self._catch_up(table)
            return PgCursor(cursor, returning)

    def executemany(self, sql: str, rows: Any) -> None:
        self._own_thread()
        text, table = to_postgres(sql)
        with self.failures():
            with self.raw.cursor() as cursor:
                cursor.executemany(text, list(rows))
            if table is not None and table in self.identity_tables() and _names_id(sql):
                self._catch_up(table)

    def _catch_up(self, table: str) -> None:
        """Rows inserted with their own ids (bulk data, a copy): the server's id
        counter is moved past them, or its next id would collide (SQLite takes max+1)."""
        self.raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )

    def close(self) -> None:
        self.raw.close()

    @property
    def broken(self) -> bool:
        return self.raw.broken or self.raw.closed

    def _fresh(self) -> bool:
        """Replace a connection the server dropped (True); False when it was not
        dropped (the failure is something else) or the server is still away."""
        if not self.broken:
            return False
        try:
            raw = open_connection(self.url).raw
        except ServerFailure:
            return False
        self.raw.close()
        self.raw = raw
        return True

    # -- the hall's write lock and change notice ---------------------------

    def begin_hall_transaction(self) -> None:
        """BEGIN, then wait (up to LOCK_TIMEOUT) for the hall's write lock."""
        with self.failures():
            try:  # one round trip: BEGIN and the lock together
                try:
                    self.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({HALL_LOCK})")
                except (psycopg.OperationalError, psycopg.InterfaceError):
                    if not self._fresh():  # nothing was written yet: begin afresh once
                        raise
                    self.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({HALL_LOCK})")
            except BaseException:
                if not self.broken and self.in_transaction:
                    self.raw.execute("ROLLBACK")
                raise

    def end_hall_transaction(self, statement: str | None) -> None:
        """COMMIT (telling the listeners) or ROLLBACK; None: already ended."""
        if statement is None or not self.in_transaction:
            return
        with self.failures():
            # One round trip: the notice is queued in the transaction, sent at its commit.
            self.raw.execute(f"NOTIFY {CHANNEL}; COMMIT" if statement == "COMMIT" else statement)

    def identity_tables(self) -> frozenset[str]:
        """Tables whose `id` the server draws: an INSERT into one returns it (`lastrowid`)."""
        if self._identity is None:
            rows = self.raw.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'"
            ).fetchall()
            self._identity = frozenset(row[0] for row in rows)
        return self._identity

    def forget_schema(self) -> None:
        self._identity = None

    def failures(self) -> _Failures:
        return _Failures(self)


class _Failures:
    """psycopg's errors as the sqlite3 family the core and store.failures know."""

    def __init__(self, conn: PgConnection):
        self.conn = conn

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> Literal[False]:
        if exc is None or not isinstance(exc, psycopg.Error):
            return False
        if isinstance(exc, psycopg.errors.IntegrityError | psycopg.errors.RaiseException):
            raise sqlite3.IntegrityError(str(exc)) from exc
        if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled
                      | psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure):
            raise sqlite3.OperationalError(f"database is locked ({exc})") from exc
        if isinstance(exc, psycopg.errors.UndefinedTable):
            raise sqlite3.OperationalError(f"no such table: {exc}") from exc
        role = re.search(r'role "([^"]+)" does not exist', str(exc))
        if isinstance(exc, psycopg.errors.UndefinedObject) and role:
            raise ServerFailure(f"数据库中没有账号 {role.group(1)}：请先创建（见 deploy/README.md）", str(exc)) from exc
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            raise ServerFailure(f"数据库账号没有此项权限：{_first_line(str(exc))}", str(exc)) from exc
        if isinstance(exc, psycopg.errors.DiskFull):
            raise ServerFailure("数据库服务器磁盘已满，无法保存（请联系管理员）", str(exc)) from exc
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) or self.conn.broken:
            raise ServerFailure(explain(exc, self.conn.url), str(exc)) from exc
        return False


def open_connection(url: PgUrl) -> PgConnection:
    """A new connection, in autocommit (BEGIN is ours, as with sqlite3's isolation_level=None)."""
    try:
        raw = psycopg.connect(
            str(url),
            autocommit=True,
            prepare_threshold=1,  # a statement's second use runs prepared (no parse, no plan)
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="reception",
        )
    except psycopg.Error as exc:
        raise ServerFailure(explain(exc, url), str(exc)) from exc
    raw.adapters.register_dumper(bool, _BoolAsInt)
    conn = PgConnection(raw, url)
    with conn.failures():
        raw.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    return conn


def foreign_tables(conn: PgConnection) -> list[str]:
    """Tables of a database that is not a hall's: some tables, and no schema_migrations."""
    with conn.failures():
        names = [row[0] for row in conn.raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()]
    if not names or "schema_migrations" in names:
        return []
    return sorted(names)


class PgDatabase(DatabaseShell):
    """A `sqlite_utils.Database` whose connection is a `PgConnection`.

    Only `execute`, `atomic` and `conn` are used by the core; sqlite-utils'
    table helpers are not (they speak SQLite's catalogue)."""

    engine = "postgresql"

    def __init__(self, conn: PgConnection):
        super().__init__()
        self.conn = conn  # type: ignore[assignment]

    @property
    def broken(self) -> bool:
        return cast(PgConnection, self.conn).broken


def connect_postgres(url: PgUrl) -> PgDatabase:
    """Open and migrate the hall database on a PostgreSQL server.

    Refuses (with a Chinese message naming the cause) an unreachable server, a
    wrong password, a missing database, and a database that holds another
    program's tables: the hall never writes its tables among someone else's.
    """
    from reception.queue.migrations import migrate  # migrations import the store

    conn = open_connection(url)
    try:
        foreign = foreign_tables(conn)
        if foreign:
            listed = "、".join(foreign[:5]) + ("等" if len(foreign) > 5 else "")
            raise ServerFailure(
                f"数据库 {_target(url)} 属于其他程序（已有数据表 {listed}），不是接待大厅的数据库："
                "请为本系统新建一个空数据库"
            )
        db = PgDatabase(conn)
        try:
            migrate(db)
        except ServerFailure as exc:
            if not isinstance(exc.__cause__, psycopg.errors.InsufficientPrivilege):
                raise
            raise ServerFailure(
                "数据库结构需要更新，而本账号无权更新：请先以数据库所有者运行 reception init，"
                "再运行 reception pg-roles（见 deploy/README.md）", str(exc)
            ) from exc
        conn.forget_schema()
    except BaseException:
        conn.close()
        raise
    return db
