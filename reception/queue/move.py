"""Moving a hall from its SQLite file to a PostgreSQL server (`reception migrate-to`).

A hall that outgrows one PC keeps its history: every table of the SQLite file
is copied, in one transaction, into an empty PostgreSQL database that the same
migrations have just given the same schema (a database with the hall's schema
and no rows counts as empty). The rows are counted on both sides before the
copy is committed; any difference (or any failure) rolls the whole copy back,
so the target holds either the full hall or no row, and the move can be run
again. The SQLite
file is only read (after being brought to the current schema, as any start of
the programs would).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from reception.queue.errors import DatabaseUnavailable
from reception.queue.store.connection import connect
from reception.queue.store.location import PgUrl
from reception.queue.store.pg import PgConnection, PgDatabase, ServerFailure, connect_postgres, open_connection
from reception.queue.store.write_lock import begin_immediate, end_transaction

BATCH = 2000
Progress = Callable[[str, int], None]


class MoveError(DatabaseUnavailable):
    """The move was refused or failed; the target is left as it was."""


@dataclass(frozen=True)
class Moved:
    counts: dict[str, int]  # table -> rows, the same on both sides


def move_to_postgres(source: Path, url: PgUrl, progress: Progress | None = None) -> Moved:
    try:
        return _move(source, url, progress)
    except ServerFailure as exc:
        raise MoveError(f"迁移失败，目标数据库未改动：{exc.chinese}") from exc


def _move(source: Path, url: PgUrl, progress: Progress | None) -> Moved:
    if not Path(source).is_file():
        raise MoveError(f"数据库文件不存在：{source}")
    probe = open_connection(url)
    try:
        with probe.failures():
            present = [row[0] for row in probe.raw.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchall()]
            # The hall's schema with no rows (an `init`, or a move that failed and
            # was rolled back) is empty too: the copy may go in.
            filled = "schema_migrations" not in present or any(
                probe.raw.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is not None
                for name in present if name != "schema_migrations"
            )
    finally:
        probe.close()
    if present and filled:
        listed = "、".join(sorted(present)[:5]) + ("等" if len(present) > 5 else "")
        raise MoveError(f"目标数据库 {url.shown} 不是空的（已有数据表 {listed}）：迁移只写入新建的空数据库，未做任何改动")
    lite = connect(source)
    try:
        target = connect_postgres(url)
        try:
            return _copy(lite.conn, target, progress)
        finally:
            target.conn.close()
    finally:
        lite.conn.close()


def _tables(lite) -> list[str]:
    """The hall's tables, each after the tables its foreign keys point to."""
    names = [row[0] for row in lite.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != 'schema_migrations' ORDER BY name"
    )]
    needs = {name: {row[2] for row in lite.execute(f"PRAGMA foreign_key_list({name})")} - {name}
             for name in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and needs[n] <= set(ordered)]
        if not ready:
            raise MoveError("数据表之间的外键引用成环，无法确定复制顺序")
        ordered += ready
    return ordered


def _copy(lite, target: PgDatabase, progress: Progress | None) -> Moved:
    pg = cast(PgConnection, target.conn)
    counts: dict[str, int] = {}
    begin_immediate(lite)  # nobody writes the file while it is copied
    try:
        begin_immediate(pg)
        try:
            for table in _tables(lite):
                counts[table] = _copy_table(lite, pg, table, progress)
            for table in sorted(pg.identity_tables()):
                pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
            for table, count in counts.items():
                (there,) = pg.execute(f"SELECT count(*) FROM {table}").fetchone()
                if there != count:
                    raise MoveError(f"复制后数据表 {table} 的行数不符（原 {count} 行，新 {there} 行），已全部撤销")
        except BaseException:
            end_transaction(pg, "ROLLBACK")
            raise
        end_transaction(pg, "COMMIT")
    finally:
        end_transaction(lite, "ROLLBACK")
    return Moved(counts)


def _copy_table(lite, pg, table: str, progress: Progress | None) -> int:
    cursor = lite.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cursor.description]
    listed = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({listed}) VALUES ({marks})"
    done = 0
    while rows := cursor.fetchmany(BATCH):
        pg.executemany(sql, rows)
        done += len(rows)
        if progress is not None:
            progress(table, done)
    (count,) = lite.execute(f"SELECT count(*) FROM {table}").fetchone()
    if count != done:
        raise MoveError(f"读取数据表 {table} 时行数不符，已全部撤销")
    return int(count)
