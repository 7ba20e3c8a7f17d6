"""Backup and restore of a live hall database.

Backup uses SQLite's online backup API in one step: in WAL mode that reads a
consistent snapshot while the kiosk and counters keep writing. The copy is
written beside its final name and renamed only after an integrity check.

Restore never swaps files under running processes (they would go on writing
to the old, unlinked file). It checks the copy first — a SQLite file, intact,
with our schema, from no newer version of the program — saves the current
database beside itself, then writes the copy *into* the live database with
the backup API: one write transaction, which every other process sees whole
or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reception.queue.store.connection import BUSY_TIMEOUT_MS, connect
from reception.queue.migrations import MIGRATIONS

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


def backup(db_path: Path, dest: Path | str, now: datetime | None = None) -> Path:
    """Copy the live database at `db_path` to `dest` (a file, or a directory
    that gets a timestamped file: an existing one, or a path typed with a
    trailing slash, kept as a `str` since `Path` drops the slash). Returns the
    path written."""
    if not Path(db_path).exists():
        raise BackupError(f"数据库不存在：{db_path}")
    as_directory = str(dest).endswith(("/", os.sep))
    dest = Path(dest)
    if as_directory or dest.is_dir():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"reception-{stamp}.db"
    try:
        return _backup(Path(db_path), dest)
    except OSError as exc:
        raise BackupError(f"无法写入备份 {dest}：{exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise BackupError(f"备份未完成（{exc}），请检查磁盘空间和目录权限") from None


def _backup(db_path: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    # Created private before a byte of personal data is written to it.
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, BACKUP_FILE_MODE))
    os.chmod(partial, BACKUP_FILE_MODE)  # whatever the umask
    source = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # one step: a consistent snapshot
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    try:
        check_copy(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    return dest


def check_copy(path: Path) -> BackupCheck:
    """Refuse anything that is not an intact database of ours."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
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


def restore(source: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the contents of `db_path` with the checked copy at `source`.

    Returns where the database as it was before has been saved (None when
    there was no database yet).
    """
    check_copy(source)
    db_path = Path(db_path)
    saved = None
    if db_path.exists():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        saved = backup(db_path, db_path.with_name(f"{db_path.stem}-before-restore-{stamp}.db"))
    live = connect(db_path)  # WAL, busy timeout, migrations as the apps use it
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy.backup(live.conn)
    except sqlite3.Error as exc:
        raise BackupError(f"恢复失败（{exc}），数据库未改动") from None
    finally:
        copy.close()
        live.conn.close()
    connect(db_path).conn.close()  # an older copy gets the newer schema now
    return saved
