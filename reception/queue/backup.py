"""Backup and restore of a live hall database.

Backup uses SQLite's online backup API in short steps inside one read
transaction: in WAL mode that reads one consistent snapshot while the kiosk and
counters keep writing (`_copy_into`). The copy is written beside its final name
and renamed only after an integrity check.

Restore never swaps files under running processes (they would go on writing
to the old, unlinked file). It checks the copy first — a SQLite file, intact,
with our schema, from no newer version of the program — saves the current
database beside itself, then writes the copy *into* the live database with
the backup API: one write transaction, which every other process sees whole
or not at all.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reception.queue import audit
from reception.queue.errors import os_reason
from reception.queue.migrations import MIGRATIONS
from reception.queue.store.connection import BUSY_TIMEOUT_MS, connect, write_transaction
from reception.queue.store.failures import classify

REQUIRED_TABLES = {"schema_migrations", "persons", "visits", "visit_people", "tickets", "events"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message is Chinese."""


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    tickets: int
    last_day: str | None
    migrations: int


# A copy of every visitor's personal data: readable by the backup's owner only.
BACKUP_FILE_MODE = 0o600
# A copy being written; renamed to its final name once checked.
PARTIAL_SUFFIX = ".partial"


def stamp_for_name(now: datetime | None) -> str:
    """The time in a backup's file name: the hall's local time with its UTC
    offset (`20261207-001300+0800`), so the name says which day and zone it
    is in whatever the machine's own time zone. Callers pass the hall clock's
    `now()`; without one the name is in UTC (`+0000`), never the machine's
    local time, which a reader of the name could not know."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("a backup's time must carry its zone")
    return moment.strftime("%Y%m%d-%H%M%S%z")


def backup(
    db_path: Path, dest: Path | str, now: datetime | None = None, progress: Progress | None = None
) -> Path:
    """Copy the live database at `db_path` to `dest` (a file, or a directory
    that gets a timestamped file: an existing one, or a path typed with a
    trailing slash, kept as a `str` since `Path` drops the slash). Returns the
    path written. `now` (the hall clock's) names a file in a directory.
    `progress(copied, total)` is called after each step (pages)."""
    if not Path(db_path).exists():
        raise BackupError(f"数据库不存在：{db_path}")
    as_directory = str(dest).endswith(("/", os.sep))
    dest = Path(dest)
    if as_directory or dest.is_dir():
        dest = dest / f"reception-{stamp_for_name(now)}.db"
    try:
        return _backup(Path(db_path), dest, progress)
    except OSError as exc:
        raise BackupError(f"无法写入备份 {dest}：{os_reason(exc)}") from None
    except sqlite3.Error as exc:
        raise BackupError(f"备份未完成（{_sqlite_reason(exc, dest)}），未留下不完整的文件") from None


def _sqlite_reason(exc: sqlite3.Error, dest: Path) -> str:
    kind = classify(exc, dest.parent)
    return {
        "full": "磁盘空间已满",
        "readonly": "备份所在磁盘为只读",
        "denied": "没有写入权限",
        "busy": "数据库繁忙，请稍后重试",
    }.get(kind, "请检查磁盘空间和目录权限")


def _backup(db_path: Path, dest: Path, progress: Progress | None = None) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
    remove_stale_partials(dest)
    # Created private before a byte of personal data is written to it.
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, BACKUP_FILE_MODE)
    try:
        # Held until the copy is renamed: a later backup sees this copy is not stale.
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, BACKUP_FILE_MODE)  # whatever the umask
        return _copy_into(db_path, partial, dest, progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def remove_stale_partials(dest: Path) -> list[Path]:
    """Remove what killed backups left beside `dest`: its own `.partial` and our
    `reception-*.db.partial` in the same directory, unless a running backup still
    holds it (its lock). A killed process holds no lock. Returns what was removed."""
    candidates = {dest.with_name(dest.name + PARTIAL_SUFFIX)}
    candidates.update(dest.parent.glob(f"reception-*.db{PARTIAL_SUFFIX}"))
    removed = []
    for path in sorted(candidates):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:  # gone meanwhile, a symlink, or not ours to read: leave it
            continue
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a backup running now
            if not os.path.samestat(opened, os.stat(path)):
                continue  # renamed or replaced since we opened it
            path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


# Pages copied per step of the backup API: 1,024 pages (4 MiB at SQLite's
# default page size) take a few milliseconds, so the copy never holds the disk
# or a core for long at a time (issue 15: a ten-year hall is over a gigabyte).
STEP_PAGES = 1024

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


def _copy_into(db_path: Path, partial: Path, dest: Path, progress: Progress | None = None) -> Path:
    source = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    target = sqlite3.connect(partial)
    try:
        # One read transaction around every step: the copy is the snapshot it
        # started from, and a commit by the kiosk between two steps does not
        # restart it (each step would otherwise begin a new read and, seeing the
        # file changed, start the copy over). In WAL a reader never blocks
        # writers; the WAL only grows until the copy ends.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()

        # The copy's own write transaction lasts to its end: without a flush
        # between steps the kernel wrote its gigabyte back in bursts, and the
        # kiosk's commit (its fsync) waited behind them, up to 0.5 s (issue 15,
        # benchmarks/bench_scale.py). Flushed step by step, a commit waits for
        # at most one step's 4 MiB.
        flush = os.open(partial, os.O_RDONLY | os.O_CLOEXEC)

        def step(status: int, remaining: int, total: int) -> None:
            os.fdatasync(flush)
            if progress is not None:
                progress(total - remaining, total)

        try:
            source.backup(target, pages=STEP_PAGES, progress=step, sleep=0.01)
        finally:
            os.close(flush)
        source.execute("COMMIT")
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    check_copy(partial)  # a refused copy is removed by the caller
    os.replace(partial, dest)
    return dest


SQLITE_HEADER = b"SQLite format 3\x00"
# Larger than any hall's database could grow (a busy year is well under 1 GB):
# a bigger file is something else, and would take hours to check.
MAX_RESTORE_BYTES = 16 * 1024**3


def check_file_header(path: Path) -> None:
    """Before SQLite opens it: the 16-byte SQLite header, a valid page size, and a
    size that is whole pages and not absurd. Refusals are Chinese."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {path}：{os_reason(exc)}") from None
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise BackupError("该文件不是可用的数据库（不是 SQLite 数据库文件），未做任何改动")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise BackupError("该文件不是可用的数据库（文件头已损坏），未做任何改动")
    if size > MAX_RESTORE_BYTES:
        raise BackupError(
            f"文件过大（{size // 1024**3} GB），不像本系统的备份，未做任何改动"
        )
    if size % page_size:
        raise BackupError("备份文件不完整（大小不是整页，可能复制中断），未做任何改动")


def check_copy(path: Path) -> BackupCheck:
    """Refuse anything that is not an intact database of ours."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    check_file_header(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if result != "ok":
                raise BackupError(f"备份文件已损坏（{result[:80]}），未做任何改动")
            if not REQUIRED_TABLES <= tables:
                raise BackupError("该文件不是本系统的数据库，未做任何改动")
            applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
            unknown = applied - {name for name, _ in MIGRATIONS}
            if unknown:
                raise BackupError(
                    "备份来自更新版本的程序（未知的数据库版本 "
                    f"{', '.join(sorted(unknown))}），请先升级程序，未做任何改动"
                )
            tickets, last_day = conn.execute("SELECT count(*), max(hall_day) FROM tickets").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"该文件不是可用的数据库（{exc}），未做任何改动") from None
    return BackupCheck(path, tickets, last_day, len(applied))


def restore(source: Path, db_path: Path, now: datetime | None = None, actor: str = "cli") -> Path | None:
    """Replace the contents of `db_path` with the checked copy at `source`.

    The audit log is never rewound (issue 16): every entry the live database
    has that the copy lacks (written after the backup was taken) is carried
    into the restored database, and the restore adds its own entry (`actor`,
    the file, the time). Returns where the database as it was before has been
    saved (None when there was no database yet).
    """
    check_copy(source)
    db_path = Path(db_path)
    saved = None
    if db_path.exists():
        stamp = stamp_for_name(now)
        saved = backup(db_path, db_path.with_name(f"{db_path.stem}-before-restore-{stamp}.db"))
    live = connect(db_path)  # WAL, busy timeout, migrations as the apps use it
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        later = audit.written_after(live, copy)  # read before the copy replaces them
        copy.backup(live.conn)
    except sqlite3.Error as exc:
        raise BackupError(f"恢复失败（{exc}），数据库未改动") from None
    finally:
        copy.close()
        live.conn.close()
    restored = connect(db_path)  # an older copy gets the newer schema now
    try:
        at = (now or datetime.now(UTC)).isoformat(timespec="microseconds")
        detail = {"source": str(source), "saved": str(saved) if saved else None, "carried": len(later)}
        with write_transaction(restored) as db:
            audit.carry(db, later)
            audit.record(db, actor, "backup.restore", f"file:{source}", detail, at=at)
    except sqlite3.Error as exc:
        raise BackupError(
            f"已恢复，但未能写回恢复后的审计记录（{exc}）；恢复前的数据库另存在 {saved}"
        ) from None
    finally:
        restored.conn.close()
    return saved
